"""The review's team folder on this device: where change sets are exchanged with the rest of the
team (a USB stick, a network share, a cloud-synced folder or a Syncthing folder; docs/team.md).

The dialog only asks for the folder and checks it is one; the caller syncs with it, which makes
the review remember it (core.team.folder_sync.sync_folder).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from cqc_tui.core.errors import display_path
from cqc_tui.tui.dialogs.common import SaveCancelButtons
from cqc_tui.tui.dialogs.unsaved_changes import UnsavedChangesGuard


def folder_problem(text: str) -> tuple[Path | None, str]:
    """The folder `text` names (~ expanded, made absolute), or None and one line saying what to do."""
    if not text.strip():
        return None, "Type the path of the team folder (the Syncthing folder, USB stick or share)."
    folder = Path(text.strip()).expanduser()
    try:
        if folder.is_dir():
            return folder.absolute(), ""
        if folder.exists():
            return (
                None,
                f"{display_path(folder)} is a file, not a folder; give the folder that holds the team's files.",
            )
    except OSError as exc:
        return (
            None,
            f"{display_path(folder)} cannot be looked at ({exc.strerror or exc}); check the path.",
        )
    return None, (
        f"There is no folder {display_path(folder)} (a USB stick not plugged in, a share not mounted, "
        "a Syncthing folder not accepted yet?); create it or give another."
    )


class TeamFolderDialog(UnsavedChangesGuard, SaveCancelButtons, ModalScreen["Path | None"]):
    """Returns the folder chosen (an existing folder), or None."""

    UNSAVED_SUBJECT = "the team folder"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Use this folder", id="team_folder.save"),
        Binding("escape", "cancel", "Cancel", id="team_folder.cancel"),
    ]

    def __init__(self, current: Path | None) -> None:
        super().__init__(classes="dialog-screen")
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="team-folder"):
            yield Label(Content("Team folder"), classes="dialog-title")
            yield Static(
                Content(
                    "The folder this laptop shares with the team: a Syncthing folder on the site's network, "
                    "a USB stick or a network share. Each laptop writes only its own sub-folder in it; "
                    "the review syncs with it now, then every few minutes while the app is open."
                ),
                classes="dialog-hint",
            )
            yield Label(Content("Folder"))
            yield Input(
                str(self.current) if self.current else "",
                placeholder="~/cqc-team",
                id="team-folder-path",
            )
            yield Static("", id="team-folder-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Sync with it (enter)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#team-folder-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        folder, problem = folder_problem(self.query_one("#team-folder-path", Input).value)
        if folder is None:
            self.query_one("#team-folder-error", Static).update(Content(problem))
            return
        self.dismiss(folder)
