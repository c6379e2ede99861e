"""The review screen's note actions: new, edit, delete, restore, open attached files, and the
drafts offered back after a crash. A mixin of ReviewScreen (screens/review.py), kept apart so the
screen's module holds its layout and where the inspector is."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual import work

from cqc_tui.core.attachments import open_in_viewer
from cqc_tui.core.errors import CqcError
from cqc_tui.core.model import EvidenceNote
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.screens.review_host import ReviewScreenHost


class NoteActions(ReviewScreenHost):
    """Note actions of the review screen (mixed into ReviewScreen)."""

    _last_deleted: str | None  # the note d deleted last: u restores it
    _editor: Any  # the note editor, once built (see `editor`)
    _editor_name: str  # the name it is installed under in the app

    def _guard_writable(self) -> bool:
        if self.session is None:
            return False
        if self.session.readonly:
            self.notify("This review is open read-only.", severity="warning", markup=False)
            return False
        return True

    def action_new_note(self) -> None:
        if not self._guard_writable():
            return
        line = self.line.code if self.line else None
        if line is None and self.key_question:
            key_question = self.framework.key_question(self.key_question)
            line = key_question.lines[0].code if key_question and key_question.lines else None
        self.open_editor(line, self.unit_for_records)

    def editor(self) -> Any:
        """The note editor, built once per open review and reused (opening it is then instant)."""
        from cqc_tui.tui.dialogs.note_editor import NoteEditor

        if self._editor is None:
            assert self.session is not None
            self._editor = NoteEditor(
                self.session,
                None,
                "",
                autosave_seconds=self.app.autosave_seconds,
            )
            self.app.install_screen(self._editor, name=self._editor_name)
        return self._editor

    def _drop_editor(self) -> None:
        if self._editor is not None:
            with contextlib.suppress(Exception):  # already gone with the app
                self.app.uninstall_screen(self._editor_name)
            self._editor = None

    def open_editor(
        self,
        line: str | None,
        unit: str,
        note: EvidenceNote | None = None,
        draft: Any = None,
        callback: Callable[[EvidenceNote | None], None] | None = None,
    ) -> None:
        """Open the note editor on a new note of `line` and `unit`, or on `note`, or on `draft`."""
        editor = self.editor().prepare(line, unit, note=note, draft=draft)
        self.app.push_screen(editor, callback or self._after_edit)

    def _after_edit(self, note: EvidenceNote | None) -> None:
        if note is None:
            return
        self.evidence.refresh_authors()
        self.evidence.refresh_notes(
            keep=note.id
        )  # focus returns to where it was: arrows keep walking the lines

    def action_edit_note(self) -> None:
        if not self._guard_writable():
            return
        note = self.evidence.current
        if note is None:
            self.notify("No note selected.", markup=False)
            return
        self.open_editor(None, "", note=note)

    def action_delete_note(self) -> None:
        if not self._guard_writable():
            return
        note = self.evidence.current
        if note is None or note.deleted:
            return
        try:
            self.session.delete("notes", note.id)  # type: ignore[union-attr]
        except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
            self.notify(failure_line(exc, "save"), severity="error", markup=False)
            return
        self._last_deleted = note.id
        self.notify("Note deleted (u restores it; D shows deleted notes).", markup=False)
        self.evidence.refresh_notes()

    def action_restore_note(self) -> None:
        if not self._guard_writable():
            return
        note = self.evidence.current
        if note is None or not note.deleted:
            last = self.index.notes.get(self._last_deleted or "")
            if last is None or not last.deleted:
                self.notify(
                    "Nothing to restore here: D shows deleted notes, then u on one restores it.",
                    markup=False,
                )
                return
            note = last  # u straight after d: the note just deleted
        self._last_deleted = None
        try:
            self.session.restore("notes", note.id)  # type: ignore[union-attr]
        except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
            self.notify(failure_line(exc, "save"), severity="error", markup=False)
            return
        self.notify("Note restored.", markup=False)
        self.evidence.refresh_notes(keep=note.id)

    def action_open_attachments(self) -> None:
        """Open the selected note's attached files with the system's viewer."""
        note = self.evidence.current
        if note is None or not note.attachments:
            self.notify("The selected note has no attached files.", markup=False)
            return
        assert self.session is not None
        opened = []
        for item in note.attachments:
            try:
                open_in_viewer(self.session.store.folder, item)
            except CqcError as exc:
                self.notify(str(exc), severity="error", markup=False, timeout=10)
                continue
            opened.append(str(item.get("name", "")))
        if opened:
            self.notify("Opened " + ", ".join(opened) + ".", markup=False)

    @work(exclusive=True, group="drafts")
    async def _offer_drafts(self) -> None:
        assert self.session is not None
        drafts = [d for d in self.session.open_drafts() if (d.fields or {}).get("text", "").strip()]
        if not drafts or self.session.readonly:
            return
        from cqc_tui.tui.dialogs.common import ConfirmDialog

        if not await self.app.push_screen_wait(
            ConfirmDialog(
                f"{len(drafts)} note(s) you were typing were not saved last time (the app closed before ctrl+s). "
                "Open them now to finish and save?",
                yes="Open",
                no="Later",
                title="Unsaved notes recovered",
            )
        ):
            self.notify(
                "The drafts are kept; they are offered again next time you open this review.",
                markup=False,
            )
            return
        for draft in drafts:
            note = await self.app.push_screen_wait(self.editor().prepare(None, "", draft=draft))
            if note is not None:
                self.evidence.refresh_notes(keep=note.id)
