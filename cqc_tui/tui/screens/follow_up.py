"""The follow-up checklist: every earlier item with its status (put right, partly put right, not put
right, not yet checked), the team's short judgement and the notes it rests on, and the progress."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from cqc_tui.core.follow_up import UNCHECKED, progress
from cqc_tui.core.model import EARLIER_FINDING, FOLLOW_UP_STATUSES, Finding
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.formatting import one_line
from cqc_tui.tui.screens.record_list import RecordListScreen, highlighted

STATUS_STYLE = {
    "put_right": "green",
    "partly_put_right": "yellow",
    "not_put_right": "bold red",
    UNCHECKED: "dim",
}


class FollowUpScreen(RecordListScreen):
    """The earlier items of a follow-up review, their status and the progress of the checking."""

    SUMMARY_ID = "follow-up-progress"
    LIST_ID = "follow-up-table"
    DETAIL_ID = "follow-up-detail"
    SUBJECT = "follow-up of earlier findings"
    DEFAULT_CSS = """
    #follow-up-table { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="follow_up.back"),
        Binding("e,enter", "edit", "Check item", id="follow_up.edit"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__(session, id="follow-up")
        self.items: list[Finding] = []

    def compose_list(self) -> ComposeResult:
        yield DataTable(id=self.LIST_ID, cursor_type="row", zebra_stripes=True)

    @property
    def table(self) -> DataTable:
        return self.query_one(f"#{self.LIST_ID}", DataTable)

    def set_up(self) -> None:
        for label, key, width in (
            ("#", "n", 3),
            ("Status", "status", 17),
            ("Where", "unit", 20),
            ("Earlier item", "heading", 50),
            ("Judgement", "text", None),
        ):
            self.table.add_column(label, key=key, width=width)

    def _unit(self, unit_id: str) -> str:
        unit = self.session.scope_unit(unit_id) if unit_id else None
        return unit.label if unit else "Whole review"

    def reload(self) -> None:
        table = self.table
        row = table.cursor_row
        self.items = self.session.findings(EARLIER_FINDING)
        table.clear()
        for i, f in enumerate(self.items, 1):
            status = f.status or UNCHECKED
            table.add_row(
                Text(str(i)),
                Text(FOLLOW_UP_STATUSES.get(status, status), style=STATUS_STYLE.get(status, "")),
                Text(self._unit(f.scope_unit)),
                Text(one_line(f.heading, 120)),
                Text(one_line(f.text, 200)),
                key=f.id,
            )
        if self.items and row is not None:
            table.move_cursor(row=min(row, len(self.items) - 1))
        done = progress(self.items)
        text = Text(done.describe(), style="bold")
        if not self.items:
            text = Text(
                "No earlier items to check. Start a review from an earlier one (cqc-tui new --from) or add "
                "findings of kind 'Earlier finding followed up' (f).",
                style="dim",
            )
        self.show_summary(text)
        self.show_detail()

    def _current(self) -> Finding | None:
        return highlighted(self.table, self.items)

    def detail(self) -> Text | str:
        item = self._current()
        if item is None:
            return ""
        text = Text(item.heading + "\n", style="bold")
        if item.text:
            text.append(item.text + "\n")
        cited = self.session.cited_notes(item.note_ids)
        text.append(f"Evidence: {len(cited)} note{'s' if len(cited) != 1 else ''}", style="dim")
        for note in cited[:3]:
            text.append(f"\n  {one_line(note.text, 160)}", style="dim")
        return text

    def action_edit(self) -> None:
        from cqc_tui.tui.dialogs.follow_up import FollowUpItemEditor

        item = self._current()
        if item is None or not self.writable():
            return
        self.app.push_screen(
            FollowUpItemEditor(self.session, item), lambda saved: self.reload() if saved else None
        )
