"""The follow-up checklist: every earlier item with its status (put right, partly put right, not put
right, not yet checked), the team's short judgement and the notes it rests on, and the progress."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cqc_tui.core.follow_up import UNCHECKED, earlier_items, progress
from cqc_tui.core.model import FOLLOW_UP_STATUSES, EvidenceNote, Finding
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.formatting import one_line
from cqc_tui.tui.widgets.header import SafeHeader
from cqc_tui.tui.widgets.key_bar import KeyBar

STATUS_STYLE = {
    "put_right": "green",
    "partly_put_right": "yellow",
    "not_put_right": "bold red",
    UNCHECKED: "dim",
}


class FollowUpScreen(Screen):
    DEFAULT_CSS = """
    #follow-up-progress { height: auto; padding: 0 1; }
    #follow-up-table { height: 1fr; }
    #follow-up-detail { height: auto; max-height: 10; padding: 0 1; border-top: hkey $primary 30%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="follow_up.back"),
        Binding("e,enter", "edit", "Check item", id="follow_up.edit"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__(id="follow-up")
        self.session = session
        self.items: list[Finding] = []

    def compose(self) -> ComposeResult:
        yield SafeHeader(icon="✚")
        yield Static("", id="follow-up-progress")
        yield DataTable(id="follow-up-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="follow-up-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.review.title}: follow-up of earlier findings"
        table = self.query_one("#follow-up-table", DataTable)
        for label, key, width in (
            ("#", "n", 3),
            ("Status", "status", 17),
            ("Where", "unit", 20),
            ("Earlier item", "heading", 50),
            ("Judgement", "text", None),
        ):
            table.add_column(label, key=key, width=width)
        self.reload()
        table.focus()

    def _unit(self, unit_id: str) -> str:
        unit = self.session.scope_unit(unit_id) if unit_id else None
        return unit.label if unit else "Whole review"

    def reload(self) -> None:
        table = self.query_one("#follow-up-table", DataTable)
        row = table.cursor_row
        self.items = earlier_items(self.session.records("findings"))
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
        self.query_one("#follow-up-progress", Static).update(text)
        self._show_detail()

    def _current(self) -> Finding | None:
        table = self.query_one("#follow-up-table", DataTable)
        if not self.items or table.cursor_row is None or table.cursor_row >= len(self.items):
            return None
        return self.items[table.cursor_row]

    def _show_detail(self) -> None:
        item = self._current()
        detail = self.query_one("#follow-up-detail", Static)
        if item is None:
            detail.update("")
            return
        text = Text(item.heading + "\n", style="bold")
        if item.text:
            text.append(item.text + "\n")
        notes = [self.session.store.get("notes", n) for n in item.note_ids]
        cited = [n for n in notes if isinstance(n, EvidenceNote)]
        text.append(f"Evidence: {len(cited)} note{'s' if len(cited) != 1 else ''}", style="dim")
        for note in cited[:3]:
            text.append(f"\n  {one_line(note.text, 160)}", style="dim")
        detail.update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        from cqc_tui.tui.dialogs.follow_up import FollowUpItemEditor

        item = self._current()
        if item is None:
            return
        if self.session.readonly:
            self.notify("This review is open read-only.", markup=False)
            return
        self.app.push_screen(
            FollowUpItemEditor(self.session, item), lambda saved: self.reload() if saved else None
        )

    def action_close(self) -> None:
        self.dismiss(None)
