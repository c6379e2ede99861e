"""The team view: every member, their laptops and when each last synced, their notes, conflicts.

The top table lists the team's members: role, notes, changes made on this laptop not shared yet,
and each of their laptops with when it last synced (as far as this laptop knows). Below it, the
highlighted member's notes per scope unit (rows) and key question (columns). Enter closes the
view showing only that member's evidence on the review screen (the evidence's author filter).
The figures are read in a thread worker (core.team.status.team_status).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cqc_tui.core.errors import display_path
from cqc_tui.core.team.status import MemberStatus, TeamStatus, team_status
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.formatting import local_time
from cqc_tui.tui.widgets.header import SafeHeader
from cqc_tui.tui.widgets.key_bar import KeyBar
from cqc_tui.tui.widgets.lists import RowTable

WHOLE_REVIEW = "Whole review"  # how team_status names notes for no scope unit


def devices_text(member: MemberStatus, status: TeamStatus) -> str:
    """Each of a member's laptops with its last sync: 'this laptop 14:02; 3a92ff… not synced'."""
    synced = {device.device: device.last_sync for device in status.devices}
    parts = []
    for device in member.devices:
        name = "this laptop" if device == status.device else device
        last = synced.get(device, "")
        parts.append(f"{name} {local_time(last) if last else 'not synced'}")
    return "; ".join(parts) or "no changes yet"


class TeamScreen(Screen):
    """Returns the name of the member whose evidence to show (enter), or None (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="team.back"),
        Binding("enter", "show_evidence", "Their evidence", id="team.show_evidence"),
        Binding("b", "share", "Share to a file", id="team.share"),
        Binding("r", "receive", "Receive a file", id="team.receive"),
        Binding("ctrl+r", "reload", "Refresh", id="team.refresh"),
    ]

    class Read(Message):
        """The worker read the figures (or failed: `error`)."""

        def __init__(self, status: TeamStatus | None, error: str = "") -> None:
            super().__init__()
            self.status = status
            self.error = error

    def __init__(self, session: ReviewSession) -> None:
        super().__init__(id="team")
        self.session = session
        self.status: TeamStatus | None = None

    def compose(self) -> ComposeResult:
        yield SafeHeader(icon="✚")
        yield Static(
            Text("Reading the team's changes…", style="dim"),
            id="team-summary",
            classes="panel-title",
        )
        yield RowTable(id="team-members", cursor_type="row", zebra_stripes=True)
        yield Static("", id="team-member-title", classes="panel-title")
        yield DataTable(id="team-notes", cursor_type="none", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.review.title}: team"
        table = self.query_one("#team-members", DataTable)
        table.add_column("Member", key="member")
        table.add_column("Role", key="role")
        table.add_column("Notes", key="notes")
        table.add_column("Not shared", key="unshared")
        table.add_column("Laptops and last sync", key="devices")
        table.focus()
        self.action_reload()

    def action_reload(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="team-view")
    def _read(self) -> None:
        try:
            status = team_status(self.session)
        except Exception as exc:  # noqa: BLE001 - one line on the screen, never a traceback
            self.post_message(self.Read(None, failure_line(exc, "read")))
            return
        self.post_message(self.Read(status))

    class Exchanged(Message):
        """A share or receive finished: one line to say, and whether it failed."""

        def __init__(self, line: str, failed: bool) -> None:
            super().__init__()
            self.line = line
            self.failed = failed

    def action_share(self) -> None:
        """Write the review's changes to a bundle file (a USB stick, e-mail): how the lead lets
        inspectors join, or how anyone exchanges without a team folder."""
        from cqc_tui.tui.dialogs.export import exports_folder, file_slug
        from cqc_tui.tui.dialogs.prompt import PromptDialog

        slug = file_slug(self.session.review.title, 50, "review")
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        default = exports_folder(self.session) / f"{slug}-{stamp}.cqcb"

        def chosen(path: str | None) -> None:
            if path:
                self._share(Path(path).expanduser())

        self.app.push_screen(
            PromptDialog(
                "Share the review to a file",
                "Bundle file to write. Give it to the others: they take it in with j on their "
                "home screen (to join) or r in the team view.",
                value=display_path(default),
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="team-exchange")
    def _share(self, path: Path) -> None:
        from cqc_tui.core.team.share import share

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            result = share(self.session, path)
        except Exception as exc:  # noqa: BLE001 - one line on the screen, never a traceback
            self.post_message(self.Exchanged(failure_line(exc, "share"), True))
            return
        self.post_message(
            self.Exchanged(
                f"Shared {result.revisions} change(s) to {display_path(result.path)} "
                f"({max(1, result.size // 1024)} KB).",
                False,
            )
        )

    def action_receive(self) -> None:
        """Take in a bundle file a colleague shared."""
        from cqc_tui.tui.dialogs.prompt import PromptDialog

        def chosen(path: str | None) -> None:
            if path:
                self._receive(Path(path).expanduser())

        self.app.push_screen(
            PromptDialog(
                "Receive a file from the team",
                "Bundle file to take in (.cqcb):",
                placeholder="~/Downloads/review.cqcb",
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="team-exchange")
    def _receive(self, path: Path) -> None:
        from cqc_tui.core.team.share import receive_into

        try:
            result, refused = receive_into(self.session, [path])
        except Exception as exc:  # noqa: BLE001 - one line on the screen, never a traceback
            self.post_message(self.Exchanged(failure_line(exc, "receive"), True))
            return
        if result is None:
            self.post_message(self.Exchanged(refused[0] if refused else "Nothing received.", True))
            return
        line = (
            f"Received {result.revisions} change(s) from {display_path(path)}; "
            f"{result.saved} record(s) updated"
            + (f", {result.conflicts} in conflict (C lists them)" if result.conflicts else "")
            + "."
            if result.change_sets
            else f"Nothing new in {display_path(path)}: this laptop already had all of it."
        )
        self.post_message(self.Exchanged(line, False))

    def on_team_screen_exchanged(self, message: Exchanged) -> None:
        self.notify(
            message.line,
            title="Not done" if message.failed else "",
            severity="error" if message.failed else "information",
            markup=False,
            timeout=15 if message.failed else 8,
        )
        self.action_reload()

    def on_team_screen_read(self, message: Read) -> None:
        summary = self.query_one("#team-summary", Static)
        if message.status is None:
            summary.update(Text(message.error, style="red"))
            return
        status = self.status = message.status
        table = self.query_one("#team-members", DataTable)
        at = table.cursor_row
        table.clear()
        for member in status.members:
            name = Text(member.name, style="bold" if member.name == status.me else "")
            unshared = Text(str(member.unshared), style="bold yellow" if member.unshared else "dim")
            table.add_row(
                name,
                Text(member.role),
                Text(str(member.notes)),
                unshared,
                Text(devices_text(member, status)),
            )
        if status.members:
            table.move_cursor(row=min(at, len(status.members) - 1))
        line = Text(f"{len(status.members)} member(s) · this laptop {status.device}", style="bold")
        if status.me:
            line.append(f" ({status.me})", style="bold")
        line.append(" · ")
        line.append(
            f"{status.conflicts} record(s) in conflict"
            + (": C lists them" if status.conflicts else ""),
            style="bold yellow" if status.conflicts else "",
        )
        line.append(
            f" · team folder {display_path(status.folder)}"
            if status.folder
            else " · no team folder (Y)"
        )
        summary.update(line)
        self._show_member()

    @property
    def member(self) -> MemberStatus | None:
        """The member highlighted in the table."""
        if self.status is None:
            return None
        row = self.query_one("#team-members", DataTable).cursor_row
        return self.status.members[row] if 0 <= row < len(self.status.members) else None

    @on(DataTable.RowHighlighted, "#team-members")
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_member()

    def _show_member(self) -> None:
        member = self.member
        grid = self.query_one("#team-notes", DataTable)
        grid.clear(columns=True)
        title = self.query_one("#team-member-title", Static)
        if member is None:
            title.update("")
            return
        title.update(
            Text(f"Notes by {member.name} per scope unit and key question (enter shows them)")
        )
        key_questions = [
            key_question.label for key_question in self.session.framework.key_questions
        ]
        grid.add_column("", key="unit")
        for label in key_questions:
            grid.add_column(label, key=label)
        grid.add_column("All", key="all")
        units = [WHOLE_REVIEW] + [u.label for u in self.session.scope_units()]
        for unit in units:
            counts = [
                member.notes_by_place.get((unit, key_question), 0) for key_question in key_questions
            ]
            if unit == WHOLE_REVIEW and not any(counts):
                continue
            grid.add_row(
                Text(unit),
                *(Text(str(n) if n else "·", style="" if n else "dim") for n in counts),
                Text(str(sum(counts)), style="bold"),
            )

    @on(DataTable.RowSelected, "#team-members")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_show_evidence()

    def action_show_evidence(self) -> None:
        member = self.member
        if member is not None:
            self.dismiss(member.name)

    def action_close(self) -> None:
        self.dismiss(None)
