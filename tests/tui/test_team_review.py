"""Team review in the app: who you are on first open, the team folder, syncing now and in the
background (never blocking the screen), the conflict badge and the conflicts list, the team view.

The other laptops are workspaces driven through the core API in the same test; what the app
saved is checked from disk."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Static

from cqc_tui.core.team.conflicts import conflicts
from cqc_tui.core.team.folder_sync import sync_folder, team_folder
from cqc_tui.core.team.identity import choose_member, chosen_member
from cqc_tui.core.workspace import Workspace
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.dialogs.team_folder import TeamFolderDialog
from cqc_tui.tui.dialogs.who_are_you import WhoAreYouDialog
from cqc_tui.tui.screens.conflicts import ConflictsScreen
from cqc_tui.tui.screens.review import ReviewScreen
from cqc_tui.tui.widgets.note_list import NoteList
from tests.tui.app_factory import AUTHOR, REVIEW_ID, workspace

SIZE = (120, 40)
NOTE_ID = "00000000-0000-4000-8000-000000000100"  # the first note app_factory writes


def lead_app(home: Path, user: str | None = None, sync_seconds: float = 0) -> CqcApp:
    return CqcApp(workspace(home), user=user, open_review=REVIEW_ID, team_sync_seconds=sync_seconds)


async def wait_for(pilot, condition, what: str, tries: int = 100) -> None:
    for _ in range(tries):
        await pilot.pause(0.05)
        if condition():
            return
    raise AssertionError(f"timed out waiting for {what}")


def status_text(app: CqcApp) -> str:
    return str(app.screen.query_one("#team-status", Static).render())


async def sync_now(pilot, app: CqcApp, expected: str) -> None:
    """Once the review screen is up, press y and wait until the status line says `expected`."""
    await pilot.pause(0.2)
    await pilot.press("y")
    await wait_for(pilot, lambda: expected in status_text(app), f"'{expected}' after the sync")


async def open_conflicts(pilot, app: CqcApp) -> ConflictsScreen:
    """Press C and wait until the conflicts list has found what is in conflict."""
    await pilot.press("C")
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, ConflictsScreen) and app.screen.found,
        "the conflicts list",
    )
    assert isinstance(app.screen, ConflictsScreen)
    return app.screen


# -- who you are ---------------------------------------------------------------------------


async def test_first_open_asks_who_you_are_and_notes_then_carry_that_name(lead_home):
    home = lead_home
    app = lead_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, WhoAreYouDialog), "the who-are-you dialog"
        )
        await pilot.press("enter")  # Ann Ford, the only member
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review screen")
        assert app.session is not None and app.session.user == "Ann Ford"
        app.session.add_note(lines=["S1"], text="Seen by the chosen member")
    with workspace(home).open_id(REVIEW_ID, readonly=True) as session:
        assert chosen_member(session).name == "Ann Ford"
        assert {n.author for n in session.notes() if n.text == "Seen by the chosen member"} == {
            "Ann Ford"
        }
    app = lead_app(home)  # next time: not asked again
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReviewScreen)
        assert app.session.user == "Ann Ford"


async def test_w_adds_a_new_member_on_the_spot(lead_home):
    home = lead_home
    app = lead_app(home, user=AUTHOR)  # --user given: not asked on opening
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("w")
        await wait_for(
            pilot, lambda: isinstance(app.screen, WhoAreYouDialog), "the who-are-you dialog"
        )
        app.screen.query_one("#who-name", Input).value = "Dee Shah"
        app.screen.query_one("#who-role", Input).value = "Pharmacist specialist"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review screen")
        assert app.session.user == "Dee Shah"
    with workspace(home).open_id(REVIEW_ID, readonly=True) as session:
        assert chosen_member(session).name == "Dee Shah"
        assert [m.role for m in session.members() if m.name == "Dee Shah"] == [
            "Pharmacist specialist"
        ]


async def test_the_header_keeps_the_members_name_after_the_details_are_saved(lead_home):
    app = lead_app(lead_home, user="Ann Ford")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review screen")
        screen = app.screen
        assert screen.sub_title.endswith(" · Ann Ford")
        await pilot.press("i")
        await wait_for(pilot, lambda: app.screen is not screen, "the review details")
        app.screen.query_one("#details-title", Input).value = "Renamed review"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen, "the review screen")
        assert screen.sub_title == "Renamed review · Ann Ford"


# -- the team folder and syncing --------------------------------------------------------------


async def test_the_team_folder_dialog_syncs_and_the_review_remembers_it(lead_home, tmp_path):
    home, folder = lead_home, tmp_path / "team"
    folder.mkdir()
    app = lead_app(home, user="Ann Ford")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await pilot.press("y")  # no folder yet: asks for it
        await wait_for(
            pilot, lambda: isinstance(app.screen, TeamFolderDialog), "the team folder dialog"
        )
        app.screen.query_one(Input).value = str(tmp_path / "missing")
        await pilot.press("enter")
        await pilot.pause()
        assert "There is no folder" in str(
            app.screen.query_one("#team-folder-error", Static).render()
        )
        app.screen.query_one(Input).value = str(folder)
        await pilot.press("enter")
        await wait_for(pilot, lambda: status_text(app).startswith("Synced"), "the sync to finish")
        assert "set(s) out" in status_text(app)
    assert list((folder / REVIEW_ID).glob("*/*.cqcs"))
    with workspace(home).open_id(REVIEW_ID, readonly=True) as session:
        assert team_folder(session) == folder.absolute()


async def test_sync_now_brings_in_a_colleagues_notes_and_the_list_shows_them(team_of_two):
    home, _folder, bob = team_of_two
    app = lead_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        with bob.open_id(REVIEW_ID) as session:
            session.add_note(
                lines=["S1"],
                scope_unit="",
                text="Bob: fridge log [missing] 3 days",
                source="observation",
            )
            assert sync_folder(session).ok
        await pilot.press("y")
        await wait_for(pilot, lambda: "change(s) in" in status_text(app), "the sync to finish")
        notes = app.screen.query_one(NoteList)
        await wait_for(
            pilot, lambda: any(n.text.startswith("Bob:") for n in notes.notes), "Bob's note"
        )
        assert "Bob Lee" in app.screen.evidence.authors


async def test_a_review_renamed_on_another_laptop_is_renamed_in_the_header_after_a_sync(
    team_of_two,
):
    home, _folder, bob = team_of_two
    app = lead_app(home, user="Ann Ford")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        with bob.open_id(REVIEW_ID) as session:
            session.update("review", REVIEW_ID, title="Renamed by Bob")
            assert sync_folder(session).ok
        await pilot.press("y")
        await wait_for(pilot, lambda: "change(s) in" in status_text(app), "the sync to finish")
        await wait_for(
            pilot,
            lambda: app.screen.sub_title == "Renamed by Bob · Ann Ford",
            "the new title in the header",
        )


async def test_notes_a_sync_brings_in_while_a_note_is_typed_are_listed_when_it_closes(
    team_of_two,
):
    from cqc_tui.tui.dialogs.note_editor import NoteEditor

    home, _folder, bob = team_of_two
    app = lead_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        screen = app.screen
        with bob.open_id(REVIEW_ID) as session:
            session.add_note(lines=["S1"], scope_unit="", text="Bob: sluice door propped open")
            assert sync_folder(session).ok
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor)
        screen.action_sync_now()
        await wait_for(pilot, lambda: screen._last_sync is not None, "the sync to finish")
        await pilot.pause(0.2)
        assert isinstance(app.screen, NoteEditor)  # typing went on; the list waits underneath
        listed = screen.query_one(NoteList).notes
        assert not any(n.text.startswith("Bob:") for n in listed)  # not redrawn while hidden
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "the review screen")
        notes = screen.query_one(NoteList)
        await wait_for(
            pilot, lambda: any(n.text.startswith("Bob:") for n in notes.notes), "Bob's note"
        )


async def test_the_background_sync_runs_by_itself_and_says_when_the_folder_is_gone(
    team_of_two, tmp_path
):
    home, folder, bob = team_of_two
    with bob.open_id(REVIEW_ID) as session:
        session.add_note(lines=["S1"], text="Bob wrote this while the lead was away")
        assert sync_folder(session).ok
    app = lead_app(home, sync_seconds=0.3)
    async with app.run_test(size=SIZE) as pilot:
        notes = lambda: app.screen.query_one(NoteList).notes  # noqa: E731
        await wait_for(
            pilot, lambda: any(n.text.startswith("Bob wrote") for n in notes()), "Bob's note"
        )
        folder.rename(tmp_path / "unplugged")
        await wait_for(pilot, lambda: "failed" in status_text(app), "the failed sync")
        assert "is not there" in status_text(app)
        assert isinstance(app.screen, ReviewScreen)


# -- conflicts --------------------------------------------------------------------------------


async def test_a_conflict_shows_a_badge_and_is_resolved_from_the_list(team_of_two):
    home, _folder, bob = team_of_two
    with bob.open_id(REVIEW_ID) as session:
        session.update("notes", NOTE_ID, text="Bob: the referral route was NOT clear")
        assert sync_folder(session).ok
    with workspace(home).open_id(REVIEW_ID) as session:  # the lead edits the same note meanwhile
        session.update("notes", NOTE_ID, text="Ann: the referral route was clear to most staff")
    app = lead_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await sync_now(pilot, app, "1 conflict(s)")
        assert NOTE_ID in app.screen.query_one(NoteList).conflicted
        screen = await open_conflicts(pilot, app)
        assert "differ: text" in str(screen.query_one(OptionList).get_option_at_index(0).prompt)
        shown = [str(screen.query_one(f"#conflict-version-{n}").text) for n in (1, 2)]
        assert any("Bob Lee" in s and "NOT clear" in s for s in shown)
        assert any("Ann Ford" in s and "clear to most staff" in s for s in shown)
        bob_version = 1 if "Bob Lee" in shown[0] else 2
        await pilot.press(str(bob_version))
        await wait_for(pilot, lambda: not screen.found and not screen.busy, "the resolution")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review screen")
        assert not app.screen.query_one(NoteList).conflicted
    with workspace(home).open_id(REVIEW_ID, readonly=True) as session:
        assert conflicts(session) == []
        note = session.store.get("notes", NOTE_ID)
        assert (
            note.text == "Bob: the referral route was NOT clear" and note.updated_by == "Ann Ford"
        )


# -- the team view ---------------------------------------------------------------------------


async def test_the_team_view_lists_members_devices_and_notes_and_filters_the_evidence(team_of_two):
    from cqc_tui.tui.screens.team import TeamScreen

    home, _folder, bob = team_of_two
    with bob.open_id(REVIEW_ID) as session:
        for text in ("Bob: night rota short", "Bob: call bells answered"):
            session.add_note(lines=["S1"], scope_unit="", text=text)
        assert sync_folder(session).ok
    app = lead_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await sync_now(pilot, app, "change(s) in")
        await pilot.press("t")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, TeamScreen) and app.screen.status,
            "the team view",
        )
        screen = app.screen
        status = screen.status
        assert [m.name for m in status.members] == ["Ann Ford", "Bob Lee"]
        bob_row = status.members[1]
        assert bob_row.notes == 2
        assert bob_row.notes_by_place == {("Whole review", "Safe"): 2}
        assert len(bob_row.devices) == 1 and bob_row.devices[0] != status.device
        assert bob_row.last_sync
        assert status.me == "Ann Ford" and status.conflicts == 0
        table = screen.query_one("#team-members")
        assert "not synced" not in str(table.get_row_at(1)[4])
        await pilot.press("down")  # Bob Lee: his notes per scope unit and key question
        await pilot.pause()
        grid = screen.query_one("#team-notes")
        whole_review = [str(cell) for cell in grid.get_row_at(0)]
        assert (
            whole_review[0] == "Whole review" and whole_review[1] == "2" and whole_review[-1] == "2"
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review screen")
        await pilot.pause(0.2)
        shown = app.screen.query_one(NoteList).notes
        assert shown and {n.author for n in shown} == {"Bob Lee"}


async def test_the_command_palette_asks_who_you_are(lead_home):
    home = lead_home
    app = lead_app(home, user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"who am")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: isinstance(app.screen, WhoAreYouDialog), "the who-are-you dialog"
        )


async def test_a_combined_heading_is_written_on_one_line_and_resolves_the_conflict(team_of_two):
    from cqc_tui.core.model import Finding
    from cqc_tui.tui.dialogs.combine_version import CombineDialog

    home, _folder, bob = team_of_two
    with workspace(home).open_id(REVIEW_ID) as session:
        finding = session.add(Finding, heading="Staffing", text="Night staffing below plan")
        assert sync_folder(session).ok
    with bob.open_id(REVIEW_ID) as session:
        assert sync_folder(session).ok
        session.update("findings", finding.id, heading="Staffing unsafe at night")
        assert sync_folder(session).ok
    with workspace(home).open_id(REVIEW_ID) as session:
        session.update("findings", finding.id, heading="Health visitor caseloads too high")
    app = lead_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await sync_now(pilot, app, "1 conflict(s)")
        screen = await open_conflicts(pilot, app)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, CombineDialog), "the combine dialog")
        box = app.screen.query_one("#combine-text", Input)  # a heading: one line
        assert box.value in (
            "Staffing unsafe at night / Health visitor caseloads too high",
            "Health visitor caseloads too high / Staffing unsafe at night",
        )
        box.value = "Staffing unsafe at night; health visitor caseloads too high"
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: app.screen is screen and not screen.found and not screen.busy,
            "the resolution",
        )
    with workspace(home).open_id(REVIEW_ID, readonly=True) as session:
        saved = session.store.get("findings", finding.id)
        assert saved.heading == "Staffing unsafe at night; health visitor caseloads too high"
        assert saved.updated_by == "Ann Ford" and saved.text == "Night staffing below plan"
        assert conflicts(session) == []


# -- joining, sharing and receiving in the app ----------------------------------------------


async def test_an_inspector_joins_from_the_team_folder_on_the_home_screen(team_of_two, tmp_path):
    from cqc_tui.tui.dialogs.join_review import JoinReviewDialog

    _home, folder, _bob = team_of_two
    cara = tmp_path / "cara"
    app = CqcApp(Workspace(cara))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("j")
        assert isinstance(app.screen, JoinReviewDialog)
        path_box = app.screen.query_one("#join-path", Input)
        assert path_box.region.height > 0  # the path box is seen even at 80x24
        path_box.value = str(tmp_path / "nowhere")
        await pilot.press("enter")
        assert "There is no file or folder" in str(
            app.screen.query_one("#join-error", Static).render()
        )
        path_box.value = str(folder)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WhoAreYouDialog), "who are you")
    assert team_folder_of(cara) == folder  # the review remembers the team folder: sync just works


def team_folder_of(home: Path) -> Path | None:
    with Workspace(home).open_id(REVIEW_ID) as session:
        return team_folder(session)


async def test_the_lead_shares_a_file_in_the_team_view_and_a_newcomer_joins_with_it(
    lead_home, tmp_path
):
    from cqc_tui.tui.dialogs.prompt import PromptDialog
    from cqc_tui.tui.screens.team import TeamScreen

    home = lead_home
    with workspace(home).open_id(REVIEW_ID) as session:
        choose_member(session, "Ann Ford")
    bundle = tmp_path / "out" / "for the team.cqcb"
    app = lead_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TeamScreen), "the team view")
        await pilot.press("b")
        assert isinstance(app.screen, PromptDialog)
        assert app.screen.query_one(Input).value.endswith(".cqcb")
        app.screen.query_one(Input).value = str(bundle)
        await pilot.press("enter")
        await wait_for(pilot, bundle.is_file, "the bundle")
    newcomer = tmp_path / "dev"
    app = CqcApp(Workspace(newcomer))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await pilot.press("j")
        app.screen.query_one("#join-path", Input).value = str(bundle)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WhoAreYouDialog), "who are you")
    with Workspace(newcomer).open_id(REVIEW_ID) as session:
        assert len(session.notes()) == len(
            workspace(home).open_id(REVIEW_ID, readonly=True).notes()
        )


async def test_receiving_a_file_in_the_team_view_brings_a_colleagues_notes(team_of_two, tmp_path):
    from cqc_tui.core.team.share import share
    from cqc_tui.tui.dialogs.prompt import PromptDialog
    from cqc_tui.tui.screens.team import TeamScreen

    home, _folder, bob = team_of_two
    bundle = tmp_path / "from-bob.cqcb"
    with bob.open_id(REVIEW_ID) as session:
        session.add_note(lines=["S1"], scope_unit="", text="Bob: ward 3 rota short")
        share(session, bundle)
    app = lead_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TeamScreen), "the team view")
        for path, expected in (
            (tmp_path / "missing.cqcb", "missing.cqcb"),
            (bundle, "Received"),
            (bundle, "Nothing new"),
        ):
            await pilot.press("r")
            assert isinstance(app.screen, PromptDialog)
            app.screen.query_one(Input).value = str(path)
            await pilot.press("enter")
            await wait_for(
                pilot,
                lambda expected=expected: any(
                    expected in str(n.message) for n in app._notifications
                ),
                f"'{expected}'",
            )
        await pilot.press("escape")
        await pilot.pause(0.2)
        texts = [n.text for n in app.screen.query_one(NoteList).notes]
        assert "Bob: ward 3 rota short" in texts
