"""Store and operating-system failures in the app: one clear line, never a traceback or a crash.

A failed open lands on the review list with the reason (and lets go of the review); a failed save
keeps the dialog open with its typing and says why; a failed close, list or import is told too.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static, TextArea

from cqc_tui.core.errors import StoreError
from cqc_tui.core.workspace import ReviewSession, Workspace
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.dialogs.findings import FindingEditor
from cqc_tui.tui.dialogs.note_editor import NoteEditor
from cqc_tui.tui.dialogs.rating import RatingDialog
from cqc_tui.tui.screens.home import HomeScreen
from cqc_tui.tui.screens.review import ReviewScreen
from tests.tui.app_factory import AUTHOR, REVIEW_ID, make_workspace, workspace

SIZE = (120, 40)
FULL = "could not save to journal-000001.jsonl: the disk is full; free some space and try again"


def messages(app: CqcApp) -> list[str]:
    return [n.message for n in app._notifications]


def disk_full(path: str = "lock") -> OSError:
    return OSError(errno.ENOSPC, "No space left on device", path)


async def settle(pilot, app: CqcApp, rounds: int = 4) -> None:
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("background", [False, True], ids=["read-at-once", "read-in-background"])
@pytest.mark.parametrize(
    "failure, expected",
    [
        (
            lambda: disk_full("/ws/reviews/r/.lock"),
            "cannot open /ws/reviews/r/.lock: the disk is full",
        ),
        (
            lambda: StoreError("review.json is damaged; run 'cqc-tui recover'"),
            "review.json is damaged",
        ),
        (lambda: TypeError("'int' object is not subscriptable"), "unexpected problem (TypeError"),
    ],
    ids=["os-error", "store-error", "program-fault"],
)
async def test_a_failed_open_returns_to_the_list_with_one_line(
    home, monkeypatch, failure, expected, background
):
    make_workspace(home)

    def fail(*args, **kwargs):
        raise failure()

    monkeypatch.setattr(Workspace, "open_id", fail)
    app = CqcApp(workspace(home), user=AUTHOR, background_open_from=0 if background else None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen) and app.session is None
        assert app.return_code is None  # still running
        assert any(expected in m for m in messages(app)), messages(app)
        assert app.sub_title == "reviews"


@pytest.mark.parametrize("background", [False, True], ids=["read-at-once", "read-in-background"])
async def test_a_journal_that_is_a_folder_fails_the_open_clearly_and_lets_go(home, background):
    """A folder with a journal's name (or any unreadable journal): the open fails with one line,
    the app stays up, and the review is not left locked by this process."""
    ws, rid = make_workspace(home)
    segment = sorted(ws.folder(rid).glob("journal-*.jsonl"))[-1]
    segment.unlink()
    segment.mkdir()
    app = CqcApp(workspace(home), user=AUTHOR, background_open_from=0 if background else None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app)
        if isinstance(app.screen, ReviewScreen):  # the store may open it with a notice instead
            assert app.session is not None
            await pilot.press("escape")
            await pilot.pause()
        else:
            assert isinstance(app.screen, HomeScreen) and app.session is None
            assert any(segment.name in m for m in messages(app)), messages(app)
            assert not any("Traceback" in m for m in messages(app))
        assert app.return_code is None
        segment.rmdir()
        with Workspace(home).open_id(rid, user=AUTHOR):  # not "open for writing by another process"
            pass


async def test_a_failed_rating_save_keeps_the_dialog_and_the_typing(home, monkeypatch):
    make_workspace(home)
    app = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket", "r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RatingDialog)
        from textual.widgets import Select

        dialog.query_one("#rating-value", Select).value = "good"
        dialog.query_one("#rating-rationale", TextArea).text = "A rationale worth keeping"
        for failure, expected in (
            (StoreError(FULL), FULL),
            (
                disk_full("/ws/reviews/r/journal-000001.jsonl"),
                "cannot save /ws/reviews/r/journal-000001.jsonl: the disk is full",
            ),
        ):

            def fail(*args, _failure=failure, **kwargs):
                raise _failure

            monkeypatch.setattr(ReviewSession, "rate", fail)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is dialog and app.return_code is None
            assert (
                dialog.query_one("#rating-rationale", TextArea).text == "A rationale worth keeping"
            )
            assert expected in str(dialog.query_one("#rating-error", Static).render())
        monkeypatch.undo()  # room again: the same typing saves
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    with Workspace(home).open_id(REVIEW_ID, readonly=True, user=AUTHOR) as s:
        (rating,) = s.records("ratings")
        assert rating.rationale == "A rationale worth keeping"


async def test_a_failed_note_save_keeps_the_note_editor_and_the_text(home, monkeypatch):
    make_workspace(home)
    app = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID, autosave_seconds=30)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Seen on the ward")

        def fail(*args, **kwargs):
            raise disk_full("/ws/reviews/r/journal-000001.jsonl")

        monkeypatch.setattr(ReviewSession, "add_note", fail)
        monkeypatch.setattr(ReviewSession, "save_draft", fail)
        await pilot.press("ctrl+s")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor) and app.return_code is None
        assert editor.query_one("#note-text", TextArea).text == "Seen on the ward"
        assert "the disk is full" in str(editor.query_one("#note-error", Static).render())
        editor.save_draft()  # the autosave failing is a warning, not a crash
        await pilot.pause()
        assert any(m.startswith("Draft not saved: cannot save") for m in messages(app)), messages(
            app
        )


async def test_a_failed_finding_save_keeps_the_finding(home, monkeypatch):
    make_workspace(home)
    app = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f", "a")
        await pilot.pause()
        await pilot.press(*"Policies")

        def fail(*args, **kwargs):
            raise OSError(
                errno.EROFS, "Read-only file system", "/ws/reviews/r/journal-000001.jsonl"
            )

        monkeypatch.setattr(ReviewSession, "add", fail)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FindingEditor) and app.return_code is None
        assert "the disk is read-only" in str(app.screen.query_one(".form-error", Static).render())


async def test_a_failed_close_is_told_and_the_review_let_go(home, monkeypatch):
    make_workspace(home)
    app = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        real_close = ReviewSession.close

        def fail(self, compact: bool = True):
            real_close(self, compact=False)
            raise StoreError(
                "compaction failed (nothing is lost, the journal holds every save): disk full"
            )

        monkeypatch.setattr(ReviewSession, "close", fail)
        await pilot.press("escape")
        await pilot.pause()
        assert (
            isinstance(app.screen, HomeScreen) and app.session is None and app.return_code is None
        )
        assert any("compaction failed" in m for m in messages(app)), messages(app)


async def test_a_list_that_cannot_be_read_is_told(home, monkeypatch):
    make_workspace(home)

    def fail(*args, **kwargs):
        raise OSError(errno.EACCES, "Permission denied", str(home / "reviews"))

    monkeypatch.setattr(Workspace, "list_reviews", fail)
    app = CqcApp(workspace(home), user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.return_code is None
        assert app.screen.query_one(DataTable).row_count == 0
        assert any("permission denied" in m for m in messages(app)), messages(app)


async def test_an_import_that_breaks_unexpectedly_is_told(home, monkeypatch, tmp_path: Path):
    import cqc_tui.core.exchange as exchange

    make_workspace(home)

    def fail(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(exchange, "parse_review_file", fail)
    app = CqcApp(workspace(home), user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i", *str(tmp_path / "deep.yaml"), "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen) and app.return_code is None
        assert any("unexpected problem (RecursionError" in m for m in messages(app)), messages(app)


async def test_importing_over_a_review_shows_what_would_change_and_asks(home, tmp_path: Path):
    from cqc_tui.core.exchange import write_dump
    from cqc_tui.tui.dialogs.common import ConfirmDialog

    ws, review_id = make_workspace(home)
    with ws.open_id(review_id) as session:
        before = len(session.notes())
        tables = {name: dict(table) for name, table in session.store.tables.items()}
    dump = tmp_path / "older.yaml"
    notes = dict(tables["notes"])
    notes.pop(next(iter(notes)))  # the file holds one note fewer than the workspace
    tables["notes"] = notes
    write_dump(tables, dump)
    app = CqcApp(workspace(home), user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i", *str(dump), "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        text = str(app.screen.query_one(".dialog-text", Static).render())
        assert f"notes: {before} -> {before - 1} (1 fewer)" in text
        await pilot.press("escape")
        await settle(pilot, app)
    with ws.open_id(review_id, readonly=True) as session:
        assert len(session.notes()) == before
