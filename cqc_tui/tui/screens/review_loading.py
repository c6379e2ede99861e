"""Reading a large review in the background for the review screen.

A review with many notes opens on a `ReviewPreview`: the screen paints its navigator at once and
`ReviewLoading._load`, a thread worker, opens the review (lock, snapshot, journals) and indexes its
notes. What the worker read is handed to the screen under a lock with a `Loaded` message; if the
screen has gone meanwhile (Escape, or the app quitting) the session is closed, never left holding
the review's lock. A failure reaches the app as `LoadFailed`, which tells the user in one line.

`note_index` is also what the screen uses for a review opened at once. A mixin of ReviewScreen
(screens/review.py).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from cqc_tui.core.coverage import CoverageCounter
from cqc_tui.core.search import NoteIndex
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.screens.review_host import ReviewScreenHost


def note_index(session: ReviewSession) -> NoteIndex:
    """Every note of the review (deleted ones too), indexed; a note filed under lines of several
    key questions counts under each."""
    lines = {line.code: line.key_question for line in session.framework.lines()}
    return NoteIndex(session.notes(include_deleted=True), line_key_questions=lines)


class ReviewLoading(ReviewScreenHost):
    """The background read of a review for ReviewScreen (see the module docstring)."""

    _open_readonly: bool
    _gone: bool
    _handoff: threading.Lock
    _pending: tuple[ReviewSession, NoteIndex, CoverageCounter] | None

    if TYPE_CHECKING:

        def _records_read(
            self, session: ReviewSession, index: NoteIndex, coverage: CoverageCounter
        ) -> None: ...

    def _start_loading(self) -> None:
        """Set up the hand-over (called from the screen's __init__, before anything is read)."""
        self._gone = False  # unmounted: a review still being read is closed, not shown
        self._handoff = threading.Lock()
        self._pending = None

    class Loaded(Message):
        """The worker has read the review (what it read waits in `_pending`)."""

    class LoadFailed(Message):
        """The worker could not open or read the review."""

        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    @work(thread=True, exclusive=True, group="open-review")
    def _load(self, app: Any) -> None:
        """Open the review (lock, snapshot, journals) and index its notes, off the event loop.

        What it read is handed over under a lock: if the screen has gone meanwhile (Escape, or the
        app quitting), the session is closed here or by `abandon`, never left holding the lock."""
        preview = self.preview
        assert preview is not None
        try:
            session = app.workspace.open_id(
                preview.id, user=app.chosen_user, readonly=self._open_readonly, title=preview.title
            )
        except Exception as exc:  # noqa: BLE001 - told on the review list (never a worker traceback)
            self.post_message(self.LoadFailed(exc))
            return
        try:
            index = note_index(session).warm()  # the first search then finds its words ready
            coverage = CoverageCounter(index.notes.values())
        except Exception as exc:  # noqa: BLE001 - records that cannot be shown: let go of the review
            session.close(compact=False)
            self.post_message(self.LoadFailed(exc))
            return
        except BaseException:
            session.close(compact=False)
            raise
        with self._handoff:
            if not self._gone:
                self._pending = (session, index, coverage)
                self.post_message(self.Loaded())
                return
        session.close(compact=False)

    def on_review_loading_load_failed(self, message: LoadFailed) -> None:
        # Handled by the app, not in this screen's handler: a dialog pushed from here would answer
        # this screen, which is closed by then.
        app = self.app
        app.call_later(
            app.review_failed, message.error, self.preview.id if self.preview else "", self
        )

    def on_review_loading_loaded(self, _message: Loaded) -> None:
        with self._handoff:
            pending, self._pending = self._pending, None
        if pending is not None:
            self._records_read(*pending)

    def abandon(self) -> None:
        """The screen is going (or the app is): a review read but never shown is closed, and one
        still being read is closed by the worker when it is done."""
        with self._handoff:
            self._gone = True
            pending, self._pending = self._pending, None
        if pending is not None:
            pending[0].close(compact=False)
