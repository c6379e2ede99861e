"""Check one earlier item: its status, a short judgement, and the evidence notes it rests on."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from cqc_tui.core.errors import CqcError
from cqc_tui.core.follow_up import UNCHECKED
from cqc_tui.core.model import FOLLOW_UP_STATUSES, Finding
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.dialogs.common import SaveCancelButtons
from cqc_tui.tui.formatting import picker_line


class FollowUpItemEditor(SaveCancelButtons, ModalScreen[Finding | None]):
    DEFAULT_CSS = """
    #follow-up-editor SelectionList { height: 12; }
    #follow-up-editor TextArea { height: 5; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="follow_up_editor.save"),
        Binding("escape", "cancel", "Cancel", id="follow_up_editor.cancel"),
    ]

    def __init__(self, session: ReviewSession, item: Finding) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self.item = item

    def _notes(self) -> list:
        """The notes of the item's scope unit (all the review's when it has none), newest first,
        with the ones it already cites first."""
        unit = self.item.scope_unit
        cited = set(self.item.note_ids)
        notes = [
            n for n in self.session.notes() if not unit or n.scope_unit == unit or n.id in cited
        ]
        notes.sort(key=lambda n: n.created, reverse=True)
        notes.sort(key=lambda n: n.id not in cited)  # stable: cited first, each part newest first
        return notes

    def compose(self) -> ComposeResult:
        item = self.item
        cited = set(item.note_ids)
        with Vertical(classes="dialog wide-dialog", id="follow-up-editor"):
            yield Label("Check an earlier item", classes="dialog-title")
            yield Static(Content(item.heading), classes="dialog-text")
            yield Label("Status")
            yield Select(
                [(Content(label), code) for code, label in FOLLOW_UP_STATUSES.items()],
                allow_blank=False,
                value=item.status or UNCHECKED,
                id="follow-up-status",
            )
            yield Label("Judgement: what we found")
            yield TextArea(item.text, id="follow-up-text", soft_wrap=True, tab_behavior="focus")
            yield Label("Evidence notes (space ticks a note)")
            yield SelectionList[str](
                *(Selection(Content(picker_line(n)), n.id, n.id in cited) for n in self._notes()),
                id="follow-up-notes",
            )
            yield Static("", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#follow-up-status", Select).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        status = str(self.query_one("#follow-up-status", Select).value)
        text = self.query_one("#follow-up-text", TextArea).text.strip()
        chosen = self.query_one("#follow-up-notes", SelectionList).selected
        note_ids = tuple(n for n in self.item.note_ids if n in chosen) + tuple(
            n for n in chosen if n not in self.item.note_ids
        )
        if status not in (UNCHECKED, "") and not text:
            self.query_one(".form-error", Static).update(
                Content("Write a short judgement for this status.")
            )
            return
        try:
            saved = self.session.update(
                "findings", self.item.id, status=status, text=text, note_ids=note_ids
            )
        except CqcError as exc:
            self.query_one(".form-error", Static).update(Content(str(exc)))
            return
        self.dismiss(saved)  # type: ignore[arg-type]
