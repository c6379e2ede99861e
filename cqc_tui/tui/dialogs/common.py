"""Small reusable dialog parts: date fields, Save/Cancel buttons, and the yes/no question."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Label, Static

from cqc_tui.tui.widgets.text_field import TextField

# A date input shows the form of a date while it is empty, never a date that could be read as
# one already given.
DATE_PLACEHOLDER = "YYYY-MM-DD"


# Said after an edit saved beside a teammate's version that a sync brought in while the editor was
# open (core.edits.save_edit).
ARRIVED_WHILE_EDITING = (
    "A teammate's version of it arrived while you edited: both are kept as a conflict "
    "(C on the review screen lists it)."
)


def saved_line(dialog: Screen[Any], saved: str, beside: bool) -> None:
    """Tell the user the record was saved, and when it was kept beside a teammate's version that
    arrived while it was being edited (a conflict), say so for longer."""
    if beside:
        dialog.notify(
            f"{saved} {ARRIVED_WHILE_EDITING}", severity="warning", markup=False, timeout=10
        )
    else:
        dialog.notify(saved, markup=False)


def date_fields(start_id: str, end_id: str, start: str = "", end: str = "") -> list[Vertical]:
    """The start and end date inputs of a review form, each under its label (for a two-col row)."""
    return [
        Vertical(
            Label("Start date (YYYY-MM-DD)"),
            TextField(start, placeholder=DATE_PLACEHOLDER, id=start_id, max_length=10),
        ),
        Vertical(
            Label("End date (YYYY-MM-DD)"),
            TextField(end, placeholder=DATE_PLACEHOLDER, id=end_id, max_length=10),
        ),
    ]


class SaveCancelButtons:
    """Dialog mixin: the button with id 'save' runs action_save, any other button action_cancel.

    (Textual finds on_button_pressed by walking the class's MRO, so a plain mixin works.)"""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()  # type: ignore[attr-defined]
        else:
            self.action_cancel()  # type: ignore[attr-defined]


class ConfirmDialog(ModalScreen[bool]):
    """Ask a yes/no question. `y` answers yes, `n`/escape answers no; enter presses the focused
    button: yes, or no when `focus_yes` is False (for questions where yes loses something)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(
        self,
        question: str,
        yes: str = "Yes",
        no: str = "No",
        title: str = "Please confirm",
        focus_yes: bool = True,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.focus_yes = focus_yes
        self.yes_label = yes
        self.no_label = no
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small-dialog"):
            yield Label(Content(self.title_text), classes="dialog-title")
            yield Static(Content(self.question), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(f"{self.yes_label} (y)"), id="yes", variant="primary")
                yield Button(Content(f"{self.no_label} (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes" if self.focus_yes else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
