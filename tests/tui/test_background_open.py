"""A large review opens in the background: the review screen (navigator, prompts) is up at once,
the notes are read in a thread worker, and every way that can end (read, failed, left, quit) is
handled. The worker is held at a gate here, so each state can be looked at."""

from __future__ import annotations

import threading

from textual.widgets import DataTable, Tree

from cqc_tui.core.workspace import Workspace
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.dialogs.common import ConfirmDialog
from cqc_tui.tui.dialogs.note_editor import NoteEditor
from cqc_tui.tui.screens.home import HomeScreen
from cqc_tui.tui.screens.review import ReviewScreen
from cqc_tui.tui.widgets.note_list import NoteList
from tests.tui.app_factory import AUTHOR, make_workspace, workspace
from tests.tui.test_app import SIZE, screen_text, until


class Gate:
    """Holds Workspace.open_id (in the worker's thread) until released."""

    def __init__(self, monkeypatch):
        self.entered = threading.Event()
        self.release = threading.Event()
        real = Workspace.open_id

        def open_id(ws, *args, **kwargs):
            if threading.current_thread() is not threading.main_thread():
                self.entered.set()
                assert self.release.wait(10), "the test never released the gate"
            return real(ws, *args, **kwargs)

        monkeypatch.setattr(Workspace, "open_id", open_id)


def gated_app(home, monkeypatch) -> tuple:
    """(workspace, review id, gate, app): the test review, and an app that opens it in the
    background with the read held at the gate."""
    ws, rid = make_workspace(home)
    gate = Gate(monkeypatch)
    return (
        ws,
        rid,
        gate,
        CqcApp(workspace(home), user=AUTHOR, open_review=rid, background_open_from=0),
    )


def lock_holder(folder) -> str:
    return (folder / "lock").read_text(encoding="utf-8") if (folder / "lock").exists() else ""


def labels(screen: ReviewScreen) -> list[str]:
    return [str(node.label) for node in screen.navigator.line_nodes.values()]


async def test_a_large_review_paints_first_and_fills_in_when_read(home, monkeypatch):
    ws, rid, gate, app = gated_app(home, monkeypatch)
    # The same review read first (the ordinary way, on the main thread: the gate lets it by), to compare.
    plain = CqcApp(workspace(home), user=AUTHOR, open_review=rid, background_open_from=None)
    async with plain.run_test(size=SIZE) as pilot:
        await pilot.pause()
        want_labels = labels(plain.screen)
        want_notes = [n.id for n in plain.screen.query_one(NoteList).notes]
        want_status = screen_text(plain.screen.query_one("#list-status"))
    assert want_notes and want_labels[0].startswith("S1 3 ")  # S1: three notes

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.loading and app.session is None
        assert gate.entered.wait(5)
        # The navigator is there (no counts yet) and says what it is doing.
        assert [label.split()[0] for label in labels(screen)] == [
            label.split()[0] for label in want_labels
        ]
        assert "Reading the review: 5 note(s)" in screen_text(screen.query_one("#list-status"))
        assert (
            screen.query_one(NoteList).notes == []
            and "No evidence" not in screen.query_one(NoteList).render_line(0).text
        )
        assert screen.sub_title == "Anytown Community NHS Trust"
        # Moving about works; anything needing the records waits (the keys show dimmed).
        await pilot.press("down", "p")
        await pilot.pause()
        assert (
            screen.line is not None
            and screen.line.code == "S2"
            and not screen.line_panel.show_prompts
        )
        await pilot.press("n", "r", "g")
        await pilot.pause()
        assert app.screen is screen and not isinstance(app.screen, NoteEditor)
        assert screen.check_action("new_note", ()) is None
        await pilot.press("up", "p")

        gate.release.set()
        await until(pilot, lambda: not screen.loading)
        await pilot.pause()
        assert app.session is screen.session and app.session is not None
        assert labels(screen) == want_labels
        assert [n.id for n in screen.query_one(NoteList).notes] == want_notes
        assert screen_text(screen.query_one("#list-status")) == want_status
        assert screen.check_action("new_note", ()) is True
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
    assert lock_holder(ws.folder(rid)) == ""  # closed on quitting


async def test_leaving_while_it_is_read_closes_it_behind(home, monkeypatch):
    ws, rid, gate, app = gated_app(home, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gate.entered.wait(5)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.session is None
        gate.release.set()
        await app.workers.wait_for_complete()
        await until(pilot, lambda: lock_holder(ws.folder(rid)) == "")
        # and it opens again at once
        assert app.open_review(rid)
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen) and not app.screen.loading)
        assert app.session is not None and not app.session.readonly


async def test_quitting_while_it_is_read_leaves_no_lock(home, monkeypatch):
    ws, rid, gate, app = gated_app(home, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gate.entered.wait(5)
        threading.Timer(0.2, gate.release.set).start()  # finishes after the app has gone
        await pilot.press("ctrl+q")
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join(5)
    assert lock_holder(ws.folder(rid)) == ""


async def test_a_damaged_review_read_in_the_background_lands_on_the_list(home):
    ws, rid = make_workspace(home)
    folder = ws.folder(rid)
    summary = (folder / "summary.json").stat()
    (folder / "review.json").write_bytes(b'{"_meta": {"1": {"schema_versi')
    import os

    os.utime(folder / "summary.json", ns=(summary.st_atime_ns, summary.st_mtime_ns))
    assert workspace(home).preview(rid) is not None  # the summary still describes it
    app = CqcApp(workspace(home), user=AUTHOR, open_review=rid, background_open_from=0)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and list(app._notifications))
        assert not any(isinstance(s, ReviewScreen) for s in app.screen_stack)
        assert app.screen.query_one(DataTable).row_count == 1
        assert app.sub_title == "reviews"  # not the title of the review that did not open
        messages = [n.message for n in app._notifications]
        assert any("review.json is damaged" in m and "cqc-tui recover" in m for m in messages), (
            messages
        )


async def test_a_review_open_elsewhere_offers_read_only_after_the_background_read(home):
    _ws, rid = make_workspace(home)
    holder = workspace(home).open_id(rid, user="ben")  # another window holds it
    try:
        app = CqcApp(workspace(home), user=AUTHOR, open_review=rid, background_open_from=0)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            assert "is open for writing by" in screen_text(app.screen.query_one(".dialog-text"))
            assert not any(isinstance(s, ReviewScreen) for s in app.screen_stack)
            await pilot.press("y")
            await until(
                pilot, lambda: isinstance(app.screen, ReviewScreen) and not app.screen.loading
            )
            assert app.session.readonly
            assert app.screen.query_one(Tree).cursor_node is not None
    finally:
        holder.close()
