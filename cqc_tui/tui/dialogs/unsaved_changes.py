"""Editing dialogs never throw typing away unasked.

Every dialog in which the user types or chooses something (a note, a rating, a finding, the review
details ...) mixes in UnsavedChangesGuard. The guard remembers the dialog's values as they were
when it opened; Escape (or Cancel) then closes at once when nothing changed, and otherwise asks
"Discard / Keep editing" first. Quitting the app asks the same way, unless the dialog can keep its
typing as a draft (the note editor does).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, ClassVar

from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from cqc_tui.tui.dialogs.common import ConfirmDialog


def form_values(root: DOMNode, ignore: Collection[str] = ()) -> dict[str, object]:
    """The value of every field under `root` (text boxes, text areas, drop-downs, check boxes and
    tick lists), keyed by the field's id, or by its type and position when it has none. Fields
    whose id is in `ignore` (a find box, say: not data) are left out."""
    values: dict[str, object] = {}
    for position, widget in enumerate(root.query("*")):
        if widget.id is not None and widget.id in ignore:
            continue
        value: object
        if isinstance(widget, TextArea):
            value = widget.text
        elif isinstance(widget, (Input, Checkbox, Select)):
            value = widget.value
        elif isinstance(widget, SelectionList):
            value = frozenset(widget.selected)
        else:
            continue
        values[widget.id or f"{type(widget).__name__}@{position}"] = value
    return values


class UnsavedChangesGuard:
    """Mixin for a ModalScreen that edits something (put it first among the bases).

    The dialog's Escape and Cancel run `action_cancel`: with no changes since the dialog opened it
    closes with `CANCELLED`; with changes it asks whether to discard them or keep editing.
    A dialog whose values are not all in its fields overrides `edited_values` (calling super());
    one whose starting values are filled in after it mounts calls `mark_unchanged` once they are.
    """

    CANCELLED: ClassVar[object] = None
    """What the dialog returns when closed without saving."""
    IGNORED_FIELDS: ClassVar[frozenset[str]] = frozenset()
    """Ids of fields that are not data (a find box): changing them loses nothing."""
    UNSAVED_SUBJECT: ClassVar[str] = "this form"
    """What the dialog edits, for the questions ('the rating', 'the finding' ...)."""

    _unchanged: dict[str, object] | None = None

    def unsaved_subject(self) -> str:
        """What the dialog edits, as the questions name it."""
        return self.UNSAVED_SUBJECT

    def edited_values(self) -> dict[str, object]:
        """Everything the user can change in the dialog, as comparable values."""
        return form_values(self, self.IGNORED_FIELDS)  # type: ignore[arg-type]

    def mark_unchanged(self) -> None:
        """Take the dialog's current values as its starting point (nothing to lose yet)."""
        self._unchanged = self.edited_values()

    def has_unsaved_changes(self) -> bool:
        """True when closing now would lose something the user typed or chose."""
        if self._unchanged is None:
            return False
        return self.edited_values() != self._unchanged

    def on_mount(self) -> None:
        # Textual runs every class's on_mount, the dialog's own first: its values are in place.
        self.mark_unchanged()

    def action_cancel(self) -> None:
        """Escape / Cancel: close at once if nothing changed, otherwise ask first."""
        if not self.has_unsaved_changes():
            self.discard_and_close()
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.discard_and_close()

        self.app.push_screen(  # type: ignore[attr-defined]
            ConfirmDialog(
                f"Discard your changes to {self.unsaved_subject()}? What you typed will be lost.",
                yes="Discard",
                no="Keep editing",
                title="Unsaved changes",
                focus_yes=False,
            ),
            answer,
        )

    def discard_and_close(self) -> None:
        """Close the dialog without saving."""
        self.dismiss(self.CANCELLED)  # type: ignore[attr-defined]

    def keep_as_draft(self) -> bool:
        """The app is quitting: keep the typing where it will be offered back, if the dialog can.
        False when it cannot (the app then asks before quitting)."""
        return False


def unsaved_dialogs(screens: Collection[Any]) -> list[UnsavedChangesGuard]:
    """The editing dialogs among `screens` (a screen stack) holding changes that are not saved."""
    return [
        screen
        for screen in screens
        if isinstance(screen, UnsavedChangesGuard)
        and isinstance(screen, Screen)
        and screen.is_mounted
        and screen.has_unsaved_changes()
    ]
