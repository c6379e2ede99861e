"""The scaffolding shared by the full screens that list one kind of a review's records (the
follow-up checklist, the action plan; the report outline fits it too).

`RecordListScreen` lays the screen out — header, a summary line, the list, a detail pane for the
highlighted item, the key bar — and does what every such screen does: the sub-title names the
review and the list, the list has the focus when the screen opens, the detail follows the
highlighted row, Enter (or a double click) on a row of the list edits it, a read-only review says
so instead of opening an editor, and Escape goes back.

A screen built on it sets the ids (`SUMMARY_ID`, `LIST_ID`, `DETAIL_ID`, kept so that its CSS,
tests and keymap keep working), `SUBJECT` (the sub-title after the review's title) and its own
`BINDINGS` (their ids are the screen's), and fills in:

- `compose_list()`: the list itself (a DataTable with id `LIST_ID`, or a container holding it);
- `set_up()`: what is done once before the first `reload` (columns, a tree) — optional;
- `reload()`: read the records again and show them (ending with `show_detail()`);
- `detail()`: what the detail pane shows for the highlighted item;
- `action_edit()`: what Enter does.

A screen whose list is not a DataTable (the action plan's tree) handles its own list's
messages; the DataTable handlers here answer only the table whose id is `LIST_ID`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.widgets.header import SafeHeader
from cqc_tui.tui.widgets.key_bar import KeyBar

Item = TypeVar("Item")


def highlighted(table: DataTable, items: Sequence[Item]) -> Item | None:
    """The item of `items` (listed one a row, in order) on the row `table`'s cursor is on; None
    when the table is empty or the cursor is past the items."""
    row = table.cursor_row
    if not items or row is None or not 0 <= row < len(items):
        return None
    return items[row]


class RecordListScreen(Screen[None]):
    """A full screen listing a review's records, with a summary line and a detail pane (see the
    module docstring for what a screen built on it fills in)."""

    DEFAULT_CSS = """
    .record-list-summary { height: auto; padding: 0 1; }
    .record-list-detail {
        height: auto; max-height: 10; padding: 0 1; border-top: hkey $primary 30%;
    }
    """

    SUMMARY_ID: ClassVar[str]
    """Id of the summary line above the list."""
    SUMMARY_CLASSES: ClassVar[str] = ""
    """More classes for the summary line (a screen's own look, e.g. "panel-title")."""
    LIST_ID: ClassVar[str]
    """Id of the list: the widget focused on opening, whose rows Enter edits."""
    DETAIL_ID: ClassVar[str]
    """Id of the detail pane below the list."""
    SUBJECT: ClassVar[str]
    """What the screen lists, after the review's title in the sub-title."""

    def __init__(self, session: ReviewSession, *, id: str) -> None:
        super().__init__(id=id)
        self.session = session

    def compose(self) -> ComposeResult:
        yield SafeHeader(icon="✚")
        yield Static(
            "", id=self.SUMMARY_ID, classes=f"record-list-summary {self.SUMMARY_CLASSES}".strip()
        )
        yield from self.compose_list()
        yield Static("", id=self.DETAIL_ID, classes="record-list-detail")
        yield KeyBar()

    def compose_list(self) -> ComposeResult:
        """The list (see the module docstring)."""
        raise NotImplementedError(f"{type(self).__name__} must compose its list")

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.review.title}: {self.SUBJECT}"
        self.set_up()
        self.reload()
        self.query_one(f"#{self.LIST_ID}").focus()

    def set_up(self) -> None:
        """What is done once, before the first `reload` (nothing unless a screen says so)."""

    def reload(self) -> None:
        """Read the records again and show them."""
        raise NotImplementedError(f"{type(self).__name__} must reload its list")

    def detail(self) -> Text | str:
        """What the detail pane shows for the highlighted item ('' for nothing)."""
        raise NotImplementedError(f"{type(self).__name__} must describe its items")

    def show_detail(self) -> None:
        """Show the highlighted item in the detail pane."""
        self.query_one(f"#{self.DETAIL_ID}", Static).update(self.detail())

    def show_summary(self, text: Text | str) -> None:
        """Show `text` in the summary line."""
        self.query_one(f"#{self.SUMMARY_ID}", Static).update(text)

    def writable(self) -> bool:
        """True when the review may be changed; else tells the user it is open read-only."""
        if self.session.readonly:
            self.notify("This review is open read-only.", markup=False)
            return False
        return True

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == self.LIST_ID:
            self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == self.LIST_ID:
            event.stop()
            self.action_edit()

    def action_edit(self) -> None:
        """Edit the highlighted item (Enter)."""
        raise NotImplementedError(f"{type(self).__name__} must say what Enter does")

    def action_close(self) -> None:
        self.dismiss(None)
