"""Join a team review on this laptop: from the team folder, or from a bundle file the lead sent.

The dialog asks for one path. A file is taken as a bundle (`cqc-tui share` wrote it); a folder as
the team folder (a Syncthing folder, USB stick or network share), whose reviews are listed by title
to choose from when it holds more than one. The caller does the joining (core.team.share.receive
or core.team.folder_sync.join_from_folder) in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from cqc_tui.core.errors import CqcError, display_path
from cqc_tui.core.team.folder_sync import FolderReview, reviews_in_folder
from cqc_tui.tui.dialogs.unsaved_changes import UnsavedChangesGuard


@dataclass(frozen=True)
class JoinChoice:
    """What to join from: a bundle file, or a team folder and the id of the review in it."""

    path: Path
    review_id: str = ""  # empty for a bundle

    @property
    def is_bundle(self) -> bool:
        """True when `path` is a bundle file rather than a team folder."""
        return not self.review_id


class JoinReviewDialog(UnsavedChangesGuard, ModalScreen["JoinChoice | None"]):
    """Returns what to join from, or None."""

    UNSAVED_SUBJECT = "the path"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="join.cancel"),
    ]

    def __init__(self, known: set[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.known = known  # ids of the reviews this workspace already has
        self.folder: Path | None = None
        self.found: list[FolderReview] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="join-review"):
            yield Label(Content("Join a team review"), classes="dialog-title")
            yield Static(
                Content(
                    "Give the team folder (the Syncthing folder, USB stick or network share the "
                    "team uses) or the bundle file the lead sent you (.cqcb). The review is copied "
                    "to this laptop; then say who you are and start capturing."
                ),
                classes="dialog-hint",
            )
            yield Label(Content("Team folder or bundle file"))
            yield Input(placeholder="~/cqc-team  or  ~/Downloads/review.cqcb", id="join-path")
            yield OptionList(id="join-reviews")
            yield Static("", id="join-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Join (enter)", id="join", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#join-reviews", OptionList).display = False
        self.query_one("#join-path", Input).focus()

    def _say(self, text: str) -> None:
        self.query_one("#join-error", Static).update(Content(text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._look(event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#join-reviews", OptionList).display = False
        self.folder = None
        self._say("")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "cancel":
            self.action_cancel()
            return
        options = self.query_one("#join-reviews", OptionList)
        if options.display and options.highlighted is not None:
            self._choose(options.highlighted)
        else:
            self._look(self.query_one("#join-path", Input).value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _look(self, text: str) -> None:
        if not text.strip():
            self._say("Type the path of the team folder or of the bundle file.")
            return
        path = Path(text.strip()).expanduser().absolute()
        try:
            if path.is_file():
                self.dismiss(JoinChoice(path))
                return
            if not path.is_dir():
                self._say(
                    f"There is no file or folder {display_path(path)} (a USB stick not plugged "
                    "in, a share not mounted, a Syncthing folder not accepted yet?)."
                )
                return
            found = reviews_in_folder(path)
        except (OSError, CqcError) as exc:
            self._say(str(exc) if isinstance(exc, CqcError) else f"{display_path(path)}: {exc}")
            return
        if not found:
            self._say(
                f"{display_path(path)} holds no review yet: the lead syncs the review into it "
                "first (Y in the review), or sends you a bundle file."
            )
            return
        self.folder, self.found = path, found
        if len(found) == 1:
            self._choose(0)
            return
        options = self.query_one("#join-reviews", OptionList)
        options.clear_options()
        for review in found:
            label = review.title or f"(review {review.id[:8]}, still being copied)"
            here = "  · already on this laptop" if review.id in self.known else ""
            options.add_option(
                Option(Content(f"{label}  · {review.laptops} laptop(s){here}"), id=review.id)
            )
        options.display = True
        options.highlighted = 0
        options.focus()
        self._say("Choose the review to join (enter).")

    def _choose(self, index: int) -> None:
        if self.folder is None or not 0 <= index < len(self.found):
            return
        review = self.found[index]
        if review.id in self.known:
            self._say(
                f"'{review.title}' is already on this laptop: open it and press Y to sync with "
                "this folder."
            )
            return
        self.dismiss(JoinChoice(self.folder, review.id))
