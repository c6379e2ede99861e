"""Ask before a report prints personal data: export with redaction, export anyway, or cancel."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from cqc_tui.report.gate import PersonalDataFound

REDACT = "redact"
ANYWAY = "anyway"


class PersonalDataDialog(ModalScreen[str | None]):
    """Shows what personal data the report would print; dismisses with REDACT, ANYWAY or None (cancel)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('redact')", "Export with redaction", id="personal_data.redact"),
        Binding("a", "choose('anyway')", "Export anyway", id="personal_data.anyway"),
        Binding("escape,c", "choose('')", "Cancel", id="personal_data.cancel"),
    ]

    def __init__(self, found: list[PersonalDataFound]) -> None:
        super().__init__(classes="dialog-screen")
        self.found = found

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="personal-data-dialog"):
            yield Label("Personal data in the report", classes="dialog-title")
            yield Static(
                Content("The readiness check found personal data this report would print:"),
                classes="dialog-text",
            )
            for kind in self.found:
                yield Static(
                    Content(f"\u2022 {kind.line()}"), classes="dialog-text personal-data-kind"
                )
            yield Static(
                Content(
                    "Export with redaction replaces it with [redacted], with the names of team members, note "
                    "authors and names after a title, addresses, phone numbers, emails and postcodes (other names "
                    "stay: read the report before it leaves the team). Export anyway prints it as it is. The "
                    "readiness checks (R) show where each is."
                ),
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export with redaction (r)", id="redact", variant="primary")
                yield Button("Export anyway (a)", id="anyway", variant="warning")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#redact", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(event.button.id if event.button.id in (REDACT, ANYWAY) else "")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
