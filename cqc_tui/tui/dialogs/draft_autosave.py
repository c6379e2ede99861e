"""Autosaved drafts for the editing dialogs that keep typing (the note editor, the report section
editor): one implementation of their guarantees.

While the user types, the typing is kept as a Draft record about every `autosave_seconds`, so a
crash or a dropped laptop loses at most that. While a team sync is saving what came in (it holds
the review's store), the autosave waits a moment instead of holding up typing, never more than
AUTOSAVE_WAIT seconds. A kept draft is unsaved typing: Escape asks before discarding it (and
discarding deletes it); quitting the app keeps it, to be offered back when the dialog next opens.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from textual.timer import Timer

from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.dialogs.unsaved_changes import UnsavedChangesGuard
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.responsive import heavy_work_running

AUTOSAVE_SECONDS = 1.0
AUTOSAVE_WAIT = 5.0  # seconds a draft autosave may wait for a team sync to finish
RETRY_SECONDS = 0.25  # how often a waiting autosave looks again


class DraftAutosave(UnsavedChangesGuard):
    """An UnsavedChangesGuard that keeps the typing as an autosaved draft (put it first among the
    dialog's bases, in place of UnsavedChangesGuard).

    The dialog sets `session`, `autosave_seconds` and `draft_id` (the draft it reopened, or None),
    says what to keep in `draft_fields` (None: nothing worth keeping yet) and which note a draft
    belongs to in `draft_note_id`; it calls `schedule_autosave` when the user changes something,
    `stop_autosave` before it saves or closes, and `discard_draft` once the typing is saved or
    thrown away."""

    session: ReviewSession
    autosave_seconds: float = AUTOSAVE_SECONDS
    draft_id: str | None = None
    _autosave_timer: Timer | None = None
    _postponed_since: float | None = None

    def draft_fields(self) -> dict[str, Any] | None:
        """What the draft keeps: the dialog's fields, or None when there is nothing to keep."""
        raise NotImplementedError

    def draft_note_id(self) -> str:
        """The note the draft is an edit of ('' for a new note or for something else)."""
        return ""

    def schedule_autosave(self) -> None:
        """Something changed: keep a draft once `autosave_seconds` have passed (one timer at a time,
        so steady typing saves about once a period)."""
        if self._autosave_timer is None:
            self._autosave_timer = self.set_timer(self.autosave_seconds, self._autosave)  # type: ignore[attr-defined]

    def _autosave(self) -> None:
        self._autosave_timer = None
        # A team sync saving received changes holds the review's store: waiting for it here would
        # hold up typing, so the draft waits a moment instead (never more than AUTOSAVE_WAIT).
        now = time.monotonic()
        since = self._postponed_since if self._postponed_since is not None else now
        if heavy_work_running() and now - since < AUTOSAVE_WAIT:
            self._postponed_since = since
            self._autosave_timer = self.set_timer(RETRY_SECONDS, self._autosave)  # type: ignore[attr-defined]
            return
        self._postponed_since = None
        self.save_draft()

    def save_draft(self) -> bool:
        """Keep the typing as a draft now. False when it could not be written (the user is told
        why in one line; the typing stays in the dialog)."""
        fields = self.draft_fields()
        if fields is None:
            return True
        try:
            draft = self.session.save_draft(self.draft_id, self.draft_note_id(), fields)
        except Exception as exc:  # noqa: BLE001 - one line for the user; the typing stays
            self.notify(  # type: ignore[attr-defined]
                f"Draft not saved: {failure_line(exc, 'save')}", severity="warning", markup=False
            )
            return False
        self.draft_id = draft.id
        return True

    def stop_autosave(self) -> None:
        """No more autosaves from this opening (the dialog saves, closes or is reused)."""
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        self._postponed_since = None

    def discard_draft(self) -> None:
        """The typing was saved or thrown away: the draft goes (if that fails it is left behind,
        to be offered back: never lost)."""
        if self.draft_id:
            with contextlib.suppress(Exception):
                self.session.discard_draft(self.draft_id)
            self.draft_id = None

    def has_unsaved_changes(self) -> bool:
        # An autosaved or recovered draft is typing too: discarding it deletes it.
        return super().has_unsaved_changes() or self.draft_id is not None

    def keep_as_draft(self) -> bool:
        return self.save_draft()
