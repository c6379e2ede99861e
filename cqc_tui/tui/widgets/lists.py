"""Lists whose Home, End, PageUp and PageDown move the cursor (Textual's DataTable and Tree scroll
the view sideways or leave the cursor where it was)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Tree


class RowTable(DataTable):
    """A DataTable where Home and End go to the first and last row (in a cell table, the first and
    last column of the row, then ctrl+home / ctrl+end the first and last row)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "first", "First", show=False, id="list.first"),
        Binding("end", "last", "Last", show=False, id="list.last"),
    ]

    def action_first(self) -> None:
        if self.cursor_type == "row":
            self.action_scroll_top()
        else:
            self.action_scroll_home()

    def action_last(self) -> None:
        if self.cursor_type == "row":
            self.action_scroll_bottom()
        else:
            self.action_scroll_end()


class CursorTree(Tree):
    """A Tree where Home, End, PageUp and PageDown move the cursor, not only the view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "first", "First", show=False, id="tree.first"),
        Binding("end", "last", "Last", show=False, id="tree.last"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="tree.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="tree.page_down"),
    ]

    def action_first(self) -> None:
        self.cursor_line = 0

    def action_last(self) -> None:
        self.cursor_line = max(0, self.last_line)

    def action_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height - 1)
        self.cursor_line = max(0, min(self.last_line, self.cursor_line + direction * step))
