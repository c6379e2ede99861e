"""Write a combined version of a record in conflict: every version's text, one under the other,
to edit into one (screens/conflicts.py saves it as the resolution)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from cqc_tui.tui.dialogs.common import SaveCancelButtons
from cqc_tui.tui.dialogs.unsaved_changes import UnsavedChangesGuard


class CombineDialog(UnsavedChangesGuard, SaveCancelButtons, ModalScreen["str | None"]):
    """Returns the combined text, or None (Escape asks before throwing edits away)."""

    UNSAVED_SUBJECT = "the combined version"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="combine.save"),
        Binding("escape", "cancel", "Cancel", id="combine.cancel"),
    ]

    def __init__(self, subject: str, field: str, text: str, one_line: bool = False) -> None:
        """`subject`: which record; `field`: the field written (text, rationale ...); `text`: every
        version's value to start from; `one_line`: the field is one line (a heading): a text box,
        not a text area."""
        super().__init__(classes="dialog-screen")
        self.subject = subject
        self.field = field
        self.text = text
        self.one_line = one_line

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="combine-dialog"):
            yield Label(Content(f"Combined version of {self.subject}"), classes="dialog-title")
            yield Static(
                Content(
                    f"Every version's {self.field} is below: edit them into one. Saving resolves "
                    "the conflict with this version, in your name."
                ),
                classes="dialog-hint",
            )
            if self.one_line:
                yield Input(self.text, id="combine-text")
            else:
                yield TextArea(self.text, id="combine-text", soft_wrap=True)
            yield Static("", id="combine-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#combine-text").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        field = self.query_one("#combine-text")
        text = (field.value if isinstance(field, Input) else field.text).strip()  # type: ignore[attr-defined]
        if not text:
            self.query_one("#combine-error", Static).update(
                Content(f"The {self.field} cannot be empty.")
            )
            return
        self.dismiss(text)
