"""What opening a review found: records set aside, journal segments missing, files quarantined.

Shown once, over the review screen, when the store reports notices as the review opens; each
notice is the store's own sentence, shown as plain text.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


def recover_hint(review_id: str) -> str:
    """The advice under the notices: how to look for what may be missing."""
    return (
        "If something you expect is missing, close the review and run "
        f"'cqc-tui recover {review_id}' from the command line."
    )


class OpenNoticesDialog(ModalScreen[None]):
    """The store's notices from opening a review, with the way to recover."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="open_notices.close")
    ]
    DEFAULT_CSS = """
    #open-notices-list { height: auto; max-height: 50vh; }
    .open-notice { margin-bottom: 1; }
    """

    def __init__(self, review_title: str, review_id: str, notices: list[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.review_title = review_title
        self.review_id = review_id
        self.notices = list(notices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="open-notices"):
            yield Label(
                Content(f"Opening '{self.review_title}' found problems"), classes="dialog-title"
            )
            with VerticalScroll(id="open-notices-list"):
                for notice in self.notices:
                    yield Static(Content(f"• {notice}"), classes="open-notice")
            yield Static(
                Content(recover_hint(self.review_id)), classes="dialog-hint", id="open-notices-hint"
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK (enter)", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
