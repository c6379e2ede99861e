"""What the store set aside or repaired on opening a review is shown once, over the review screen,
with the way to recover; a review that opened cleanly shows nothing."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from cqc_tui.core.store import journal_data
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.dialogs.open_notices import OpenNoticesDialog
from cqc_tui.tui.screens.review import ReviewScreen
from tests.tui.app_factory import AUTHOR, TRICKY, make_workspace, workspace

SIZE = (120, 40)


def shown(screen) -> str:
    return " ".join(str(w.render()) for w in screen.query(Static))


async def settle(pilot, app: CqcApp) -> None:
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("background", [False, True], ids=["read-at-once", "read-in-background"])
async def test_notices_are_shown_once_over_the_review(home, background):
    ws, rid = make_workspace(home)
    segment = sorted(ws.folder(rid).glob("journal-*.jsonl"))[-1]
    # An unfinished save at the end, and a line that is not JSON (holding markup-like text).
    data = journal_data(segment)
    segment.write_bytes(
        data + f"not json {TRICKY}\n".encode() + b'{"v":1,"t":"notes","r":{"id":"cut-off'
    )
    app = CqcApp(workspace(home), user=AUTHOR, background_open_from=0 if background else None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, OpenNoticesDialog)
        assert isinstance(app.screen_stack[-2], ReviewScreen)
        text = shown(dialog)
        assert "unfinished save" in text and "could not be read" in text, text
        assert f"cqc-tui recover {rid}" in text
        assert text.count("•") == len(app.session.store.report.notices) >= 2
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReviewScreen)  # once: not again while the review is open
        await pilot.press("escape")
        await pilot.pause()
        assert app.session is None


async def test_a_clean_review_opens_without_notices(home):
    make_workspace(home)
    app = CqcApp(workspace(home), user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReviewScreen)
        assert not any(isinstance(s, OpenNoticesDialog) for s in app.screen_stack)


async def test_notices_and_a_recovered_draft_are_both_offered(home):
    """After a crash mid-save with a draft pending: the draft question and the notices both show,
    one after the other, and the draft can be finished and saved."""
    from cqc_tui.core.workspace import Workspace
    from cqc_tui.tui.dialogs.common import ConfirmDialog
    from cqc_tui.tui.dialogs.note_editor import NoteEditor

    ws, rid = make_workspace(home)
    with ws.open_id(rid, user=AUTHOR) as session:
        session.save_draft(
            None, "", {"lines": ["S1"], "scope_unit": "", "text": "Typed before the crash"}
        )
    segment = sorted(ws.folder(rid).glob("journal-*.jsonl"))[-1]
    segment.write_bytes(journal_data(segment) + b'{"v":1,"t":"notes","r":{"id":"cut-off')
    app = CqcApp(workspace(home), user=AUTHOR, open_review=rid)
    async with app.run_test(size=SIZE) as pilot:
        # (not settle(): the worker offering the draft waits for the answer)
        for _ in range(6):
            await pilot.pause(0.05)
        seen = []
        for _ in range(4):
            screen = app.screen
            seen.append(type(screen).__name__)
            if isinstance(screen, ConfirmDialog):
                await pilot.press("y")
            elif isinstance(screen, NoteEditor):
                assert screen.query_one("#note-text").text == "Typed before the crash"
                await pilot.press("ctrl+s")
            elif isinstance(screen, OpenNoticesDialog):
                await pilot.press("enter")
            else:
                break
            for _ in range(6):
                await pilot.pause(0.05)
        assert set(seen) == {"ConfirmDialog", "NoteEditor", "OpenNoticesDialog", "ReviewScreen"}, (
            seen
        )
        assert isinstance(app.screen, ReviewScreen)
    with Workspace(home).open_id(rid, readonly=True, user=AUTHOR) as s:
        assert any(n.text == "Typed before the crash" for n in s.notes()) and not s.open_drafts()
