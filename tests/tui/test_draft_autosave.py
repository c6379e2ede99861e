"""The autosaved draft both editors keep (tui/dialogs/draft_autosave.py): while a team sync is saving
what came in, the draft waits rather than hold up typing, then is kept as soon as the sync ends,
and never waits longer than AUTOSAVE_WAIT. The note editor and the report section editor use the
same helper (their own tests hold the rest: nothing lost on Escape, quit or a crash)."""

from __future__ import annotations

from cqc_tui.tui.dialogs import draft_autosave
from cqc_tui.tui.dialogs.draft_autosave import DraftAutosave
from cqc_tui.tui.dialogs.note_editor import NoteEditor
from cqc_tui.tui.dialogs.section_editor import SectionEditor, section_drafts
from cqc_tui.tui.responsive import responsive_workers
from cqc_tui.tui.screens.report_outline import ReportOutlineScreen
from tests.tui.app_factory import make_app

SIZE = (120, 40)


async def wait_for(pilot, condition, tries: int = 300) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition()


async def open_summary_editor(app, pilot) -> SectionEditor:
    await pilot.pause()
    await pilot.press("o")
    await wait_for(pilot, lambda: isinstance(app.screen, ReportOutlineScreen))
    screen = app.screen
    labels = [e.label for e in screen.entries]
    screen.query_one("#outline-table").move_cursor(row=labels.index("Summary of findings"))
    await pilot.pause()
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, SectionEditor))
    return app.screen


def test_both_editors_keep_their_drafts_through_one_helper():
    assert issubclass(NoteEditor, DraftAutosave) and issubclass(SectionEditor, DraftAutosave)
    assert "_autosave" not in vars(NoteEditor) and "_autosave" not in vars(SectionEditor)


async def test_the_draft_waits_for_a_team_sync_and_is_kept_when_it_ends(home):
    app = make_app(home, open_review=True, autosave_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_summary_editor(app, pilot)
        session = editor.session
        with responsive_workers():  # a team sync is saving what came in
            await pilot.press(*"Care was kind.")
            await pilot.pause(0.5)
            assert "summary" not in section_drafts(session)
        await wait_for(pilot, lambda: "summary" in section_drafts(session))
        assert section_drafts(session)["summary"].fields["body"] == "Care was kind."


async def test_the_draft_never_waits_longer_than_the_limit(home, monkeypatch):
    monkeypatch.setattr(draft_autosave, "AUTOSAVE_WAIT", 0.3)
    app = make_app(home, open_review=True, autosave_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_summary_editor(app, pilot)
        session = editor.session
        with responsive_workers():  # a sync that does not end
            await pilot.press(*"Waits were long.")
            await wait_for(
                pilot,
                lambda: (
                    "summary" in section_drafts(session)
                    and section_drafts(session)["summary"].fields["body"] == "Waits were long."
                ),
            )
