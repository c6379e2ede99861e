"""The team folder: each device publishes sealed files into its own sub-folder and takes in the
others'; a half-copied file waits; two devices publishing at once never touch each other's files.
Conflicts are listed and resolved by a new revision based on every competing version."""

from __future__ import annotations

import hashlib
import multiprocessing
import shutil
from pathlib import Path

import pytest

from cqc_tui.core.errors import ValidationError
from cqc_tui.core.model import Finding, Review, ScopeUnit, TeamMember
from cqc_tui.core.team.conflicts import conflicts, resolve_conflict
from cqc_tui.core.team.folder_sync import join_from_folder, sync_folder, team_folder
from cqc_tui.core.team.identity import choose_member
from cqc_tui.core.workspace import Workspace
from tests.test_team_bundle import new_workspace, state


@pytest.fixture
def folder_team(tmp_path):
    lead = new_workspace(tmp_path, "lead")
    folder = tmp_path / "team-folder"
    folder.mkdir()
    with lead.create(
        Review(title="Folder review", review_type="comprehensive", framework_id="mini-test"),
        [TeamMember(name="Lena Lead"), TeamMember(name="Ann Ford"), TeamMember(name="Ben Cole")],
        [ScopeUnit(code="cyp", label="Children", order=1)],
    ) as session:
        choose_member(session, "Lena Lead")
        session.add(Finding, heading="Staffing", text="Night staffing below plan")
        review_id = session.review.id
        assert sync_folder(session, folder).sent == 1
    inspectors = []
    for name, member in (("a", "Ann Ford"), ("b", "Ben Cole")):
        ws = new_workspace(tmp_path, name)
        join_from_folder(ws, folder, review_id[:8])
        with ws.open_id(review_id) as session:
            choose_member(session, member)
        inspectors.append(ws)
    return folder, lead, inspectors, review_id


def _sync(ws: Workspace, review_id: str, folder: Path | None = None):
    with ws.open_id(review_id) as session:
        return sync_folder(session, folder)


def test_three_laptops_converge_through_the_folder_and_resolve_a_conflict(folder_team):
    folder, lead, (a, b), review_id = folder_team
    for ws in (a, b):
        with ws.open_id(review_id) as session:
            session.add_note(text=f"{session.user} observed the night shift", lines=("T1",))
            finding = session.records("findings")[0]
            session.update(
                "findings", finding.id, text=f"{session.user}: night staffing below plan"
            )
        result = _sync(ws, review_id, folder)
        assert result.ok and result.sent == 1
        assert team_folder(ws.open_id(review_id, readonly=True)) == folder.absolute()
    result = _sync(lead, review_id)
    assert result.received == 2 and result.conflicts == 1
    with lead.open_id(review_id) as session:
        [conflict] = conflicts(session)
        assert conflict.table == "findings" and conflict.differing == ("text",)
        assert {v.member for v in conflict.versions} == {"Ann Ford", "Ben Cole"}
        assert sum(v.shown for v in conflict.versions) == 1
        with pytest.raises(ValidationError, match="field 'colour'"):
            resolve_conflict(session, "findings", conflict.record_id, fields={"colour": "red"})
        resolved = resolve_conflict(
            session,
            "findings",
            conflict.record_id,
            keep=conflict.versions[1].revision,
            fields={"text": "Night staffing below plan on both wards"},
        )
        assert resolved.updated_by == "Lena Lead"
        assert conflicts(session) == []
    for ws in (lead, a, b, a):
        assert _sync(ws, review_id).ok
    states = [state(ws, review_id) for ws in (lead, a, b)]
    assert states[0] == states[1] == states[2]
    assert len(states[0]["notes"]) == 2
    finding = next(iter(states[0]["findings"].values()))
    assert (
        finding["text"] == "Night staffing below plan on both wards"
        and finding["updated_by"] == "Lena Lead"
    )


def test_delete_against_edit_is_a_conflict_and_nothing_is_dropped(folder_team):
    _folder, _lead, (a, b), review_id = folder_team
    with a.open_id(review_id) as session:
        session.delete("findings", session.records("findings")[0].id)
    with b.open_id(review_id) as session:
        finding = session.records("findings")[0]
        session.update("findings", finding.id, text="Edited meanwhile")
    for ws in (a, b, a):
        _sync(ws, review_id)
    with a.open_id(review_id, readonly=True) as session:
        [conflict] = conflicts(session)
        assert sorted(v.deleted for v in conflict.versions) == [False, True]


def test_a_half_copied_file_waits_until_it_is_complete(folder_team, tmp_path):
    folder, lead, (a, _), review_id = folder_team
    with a.open_id(review_id) as session:
        session.add_note(text="copied slowly", lines=("T1",))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    assert _sync(a, review_id, scratch).sent >= 1
    sent = next(
        p
        for p in (scratch / review_id).rglob("*.cqcs")
        if hashlib.sha256(p.read_bytes()).hexdigest() in p.name
        and b"copied slowly" in p.read_bytes()
    )
    target_dir = folder / review_id / sent.parent.name
    target_dir.mkdir(exist_ok=True)
    data = sent.read_bytes()
    (target_dir / f".syncthing.{sent.name}.tmp").write_bytes(
        data[:100]
    )  # Syncthing's temporary name
    (target_dir / f"~syncthing~{sent.name}.tmp").write_bytes(data[:100])
    (target_dir / sent.name).write_bytes(data[: len(data) // 2])  # an engine that copies in place
    result = _sync(lead, review_id)
    assert result.ok and result.received == 0 and len(result.waiting) == 1
    with lead.open_id(review_id, readonly=True) as session:
        assert not any(n.text == "copied slowly" for n in session.notes())
    (target_dir / sent.name).write_bytes(data)
    result = _sync(lead, review_id)
    assert result.received == 1 and not result.waiting
    with lead.open_id(review_id, readonly=True) as session:
        assert any(n.text == "copied slowly" for n in session.notes())


def _publish(home: str, review_id: str, folder: str, count: int) -> None:
    ws = Workspace(home)
    for k in range(count):
        with ws.open_id(review_id) as session:
            session.add_note(text=f"{home} note {k}", lines=("T1",))
            result = sync_folder(session, Path(folder))
            assert result.ok, result.errors


def test_two_devices_publishing_at_the_same_moment_never_touch_each_others_files(folder_team):
    folder, lead, (a, b), review_id = folder_team
    context = multiprocessing.get_context("spawn")
    procs = [
        context.Process(target=_publish, args=(str(ws.home), review_id, str(folder), 6))
        for ws in (a, b)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
        assert proc.exitcode == 0
    for path in (folder / review_id).rglob("*"):
        if path.is_file():
            assert not path.name.endswith(".tmp")
            assert hashlib.sha256(path.read_bytes()).hexdigest() in path.name
    for ws in (lead, a, b, lead):
        assert _sync(ws, review_id).ok
    states = [state(ws, review_id) for ws in (lead, a, b)]
    assert states[0] == states[1] == states[2] and len(states[0]["notes"]) == 12


def test_a_missing_team_folder_is_one_line(folder_team, tmp_path):
    _, lead, _, review_id = folder_team
    result = _sync(lead, review_id, tmp_path / "not-plugged-in")
    assert not result.ok and "is not there" in result.errors[0]
    shutil.rmtree(tmp_path / "team-folder")
    assert not _sync(lead, review_id).ok


def test_a_store_rebuilt_from_an_older_state_catches_up_at_the_next_sync(folder_team, tmp_path):
    """The review's files go back to an older state (a backup put back, a recover that could not
    find everything) while team/ keeps every change set: the next sync saves again what the store
    lacks."""
    _, _, (a, _), review_id = folder_team
    folder = a.folder(review_id)
    backup = tmp_path / "backup"
    backup.mkdir()
    with a.open_id(review_id) as session:
        assert sync_folder(session).ok
    for path in folder.iterdir():
        if path.is_file() and path.name != "lock":
            shutil.copy2(path, backup / path.name)
    with a.open_id(review_id) as session:
        note = session.add_note(text="only in the newer state", lines=("T1",))
        assert sync_folder(session).ok
    for path in folder.iterdir():
        if path.is_file() and path.name.startswith(("journal-", "review")):
            path.unlink()
    for path in backup.iterdir():
        shutil.copy2(path, folder / path.name)
    with a.open_id(review_id) as session:
        assert note.id not in session.store.tables["notes"]
        assert sync_folder(session).ok
        assert session.store.tables["notes"][note.id] == note


def test_the_folder_lists_its_reviews_by_title_and_joining_twice_is_one_line(folder_team, tmp_path):
    from cqc_tui.core.errors import CqcError
    from cqc_tui.core.team.folder_sync import reviews_in_folder

    folder, _lead, (a, _b), review_id = folder_team
    (folder / "not-a-review").mkdir()
    (folder / "notes.txt").write_text("left by someone")
    found = reviews_in_folder(folder)
    assert [(r.id, r.title, r.laptops) for r in found] == [(review_id, "Folder review", 1)]
    with pytest.raises(CqcError, match="already has this review"):
        join_from_folder(a, folder, review_id)
    with pytest.raises(CqcError, match="cannot read the team folder"):
        reviews_in_folder(tmp_path / "gone")


def test_the_team_status_counts_notes_per_member_and_lists_each_laptop_under_who_uses_it(
    folder_team,
):
    from cqc_tui.core.team.status import team_status

    _folder, _lead, (a, b), review_id = folder_team
    with a.open_id(review_id) as session:
        session.add_note(text="Ann saw the night handover", lines=("T1",))
        sync_folder(session)
    _sync(b, review_id)  # Ben has saved nothing yet: his laptop still counts as his
    with b.open_id(review_id) as session:
        status = team_status(session)
    by_name = {m.name: m for m in status.members}
    assert status.me == "Ben Cole"
    assert by_name["Ann Ford"].notes == 1 and by_name["Ben Cole"].notes == 0
    assert by_name["Ben Cole"].devices == [status.device]
    assert by_name["Ben Cole"].last_sync
    assert status.device not in by_name["Ann Ford"].devices
    mine = next(d for d in status.devices if d.this_device)
    assert "Ben Cole" in mine.members


def test_joining_from_a_folder_whose_files_are_still_copying_says_so(folder_team, tmp_path):
    from cqc_tui.core.errors import CqcError
    from cqc_tui.core.team.folder_sync import reviews_in_folder

    folder, _lead, _inspectors, review_id = folder_team
    copying = tmp_path / "copying"
    shutil.copytree(folder, copying)
    for path in copying.rglob("*.cqcs"):
        path.write_bytes(path.read_bytes()[:100])  # every file half copied
    assert [r.title for r in reviews_in_folder(copying)] == [""]
    newcomer = Workspace(tmp_path / "newcomer")
    with pytest.raises(CqcError, match="still being copied"):
        join_from_folder(newcomer, copying, review_id)
    assert not newcomer.folder(review_id).exists()


def test_one_cell_rated_first_on_two_laptops_is_one_rating_in_conflict(folder_team):
    """Ann and Ben each rate the same core service's safe for the first time on their laptops.
    After syncing there is one rating for the cell, in conflict with both ratings and reasons kept
    (a member resolves it), not two ratings of which the review shows one and hides the other."""
    from cqc_tui.core.team.conflicts import conflicts

    _folder, lead, (a, b), review_id = folder_team
    for ws, rating, why in (
        (a, "good", "Safe staffing by day"),
        (b, "requires_improvement", "Nights short"),
    ):
        with ws.open_id(review_id) as session:
            unit = session.scope_units()[0].id
            session.set_rating(unit, "safe", rating, rationale=why)
        _sync(ws, review_id)
    for ws in (a, b, lead):
        _sync(ws, review_id)
    for ws in (a, b, lead):
        with ws.open_id(review_id, readonly=True) as session:
            cell = [r for r in session.team_ratings() if r.key_question == "safe"]
            assert len(cell) == 1, [r.rating for r in cell]
            [conflict] = conflicts(session)
            assert conflict.table == "ratings" and conflict.record_id == cell[0].id
            assert {v.fields["rating"] for v in conflict.versions} == {
                "good",
                "requires_improvement",
            }
