"""Snapshots at 80x24 of the team screens whose layout matters: who are you (first open), the
conflicts list with two versions side by side, and the team view. Device ids and the clock are
fixed so the pictures do not change from run to run.

Update after an intended change with:
    .venv/bin/pytest tests/tui/test_team_snapshots.py --snapshot-update
and look at the pictures (tests/tui/__snapshots__/) before committing them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqc_tui.core import model
from cqc_tui.core.team import changelog, conflicts, share
from cqc_tui.core.team.folder_sync import join_from_folder, sync_folder
from cqc_tui.core.team.identity import choose_member
from cqc_tui.core.workspace import Workspace
from cqc_tui.tui.app import CqcApp
from tests.tui.app_factory import REVIEW_ID, make_workspace, workspace

SMALL = (80, 24)
NOTE_ID = "00000000-0000-4000-8000-000000000100"
STAMP = "2018-01-23T10:15:00.000Z"


@pytest.fixture
def fixed_clock(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # paths on screen are shown relative to here: 'team-folder'
    for module in (model, changelog, conflicts, share):
        monkeypatch.setattr(module, "now_iso", lambda: STAMP)


def with_device(home: Path, device: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    (home / "device.json").write_text(json.dumps({"device": device}))
    return home


def team_in_conflict(tmp_path: Path) -> Path:
    """The lead (Ann Ford, device 'leadlaptop01') and Bob Lee (device 'boblaptop002') edited the
    same note from the same version; Bob has synced, the lead has not yet. Returns the lead's home."""
    home, folder = with_device(tmp_path / "lead", "leadlaptop01"), tmp_path / "team-folder"
    folder.mkdir()
    make_workspace(home)
    with workspace(home).open_id(REVIEW_ID) as session:
        choose_member(session, "Ann Ford")
        assert sync_folder(session, folder).ok
    bob = Workspace(with_device(tmp_path / "bob", "boblaptop002"))
    join_from_folder(bob, folder, REVIEW_ID)
    with bob.open_id(REVIEW_ID) as session:
        choose_member(session, "Bob Lee", add=True, role="Inspector")
        session.update("notes", NOTE_ID, text="The referral route was NOT clear to night staff.")
        assert sync_folder(session).ok
    with workspace(home).open_id(REVIEW_ID) as session:
        session.update("notes", NOTE_ID, text="Most staff described the referral route clearly.")
    return home


async def synced(pilot) -> None:
    """Sync now and wait until the sync has finished."""
    await pilot.press("y")
    for _ in range(200):
        await pilot.pause(0.05)
        if pilot.app.screen._last_sync is not None:
            pilot.app.clear_notifications()  # the toast names the time and the temporary folder
            return
    raise AssertionError("the sync did not finish")


def test_who_are_you_small_terminal(snap_compare, tmp_path):
    home = tmp_path / "home"
    make_workspace(home)
    app = CqcApp(workspace(home), open_review=REVIEW_ID, team_sync_seconds=0)
    assert snap_compare(app, terminal_size=SMALL, run_before=lambda pilot: pilot.pause(0.3))


def test_conflicts_small_terminal(snap_compare, tmp_path, fixed_clock):
    home = team_in_conflict(tmp_path)

    async def run_before(pilot) -> None:
        await pilot.pause(0.2)
        await synced(pilot)
        await pilot.press("C")
        for _ in range(200):
            await pilot.pause(0.05)
            if getattr(pilot.app.screen, "found", None):
                break
        await pilot.pause()

    app = CqcApp(workspace(home), open_review=REVIEW_ID, team_sync_seconds=0)
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_team_view_small_terminal(snap_compare, tmp_path, fixed_clock):
    home = team_in_conflict(tmp_path)

    async def run_before(pilot) -> None:
        await pilot.pause(0.2)
        await synced(pilot)
        await pilot.press("t")
        for _ in range(200):
            await pilot.pause(0.05)
            if getattr(pilot.app.screen, "status", None):
                break
        await pilot.press("down")
        await pilot.pause()

    app = CqcApp(workspace(home), open_review=REVIEW_ID, team_sync_seconds=0)
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_join_a_team_review_small_terminal(snap_compare, tmp_path, fixed_clock):
    async def ask(pilot) -> None:
        await pilot.pause(0.2)
        await pilot.press("j")
        await pilot.press(*"team-folder")
        await pilot.pause(0.2)

    (tmp_path / "team-folder").mkdir()
    app = CqcApp(Workspace(tmp_path / "home"))
    assert snap_compare(app, terminal_size=SMALL, run_before=ask)
