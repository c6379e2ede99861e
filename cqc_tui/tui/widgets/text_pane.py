"""A fixed-size, scrollable pane of wrapped rich Text that never triggers a screen layout.

`Static.update` re-lays out the whole screen when its content changes size; panes that change on
every key press (the line's prompts, the selected note) use this instead: the text is wrapped once
per width and drawn line by line; only this widget repaints. The scrollbar is always there, so a
long note appearing or going never changes the layout either.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class TextPane(ScrollView, can_focus=False):
    DEFAULT_CSS = """
    TextPane { overflow-y: scroll; overflow-x: hidden; scrollbar-size-vertical: 1; }
    """

    def __init__(self, text: Text | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = text or Text()
        self._lines: list[Strip] | None = None
        self._width = -1

    @property
    def text(self) -> Text:
        return self._text

    @property
    def plain(self) -> str:
        return self._text.plain

    def update(self, text: Text | str) -> None:
        self._text = text if isinstance(text, Text) else Text(text)
        self._lines = None
        self.scroll_to(y=0, animate=False)
        self._relayout_lines()
        self.refresh()

    def _wrap(self, width: int) -> list[Strip]:
        if self._lines is None or width != self._width:
            console = self.app.console
            options = console.options.update_width(max(1, width))
            lines = self._text.wrap(console, max(1, width), overflow="fold")
            base = self.rich_style
            self._lines = [
                Strip(list(line.render(console, end="")))
                .apply_style(base)
                .crop_extend(0, width, base)
                for line in lines
            ]
            self._width = width
            del options
        return self._lines

    def _relayout_lines(self) -> None:
        if not self.is_mounted or self.size.width <= 0:
            return
        width = self.scrollable_content_region.width or self.size.width
        height = len(self._wrap(width))
        size = Size(width, height)
        if size != self.virtual_size:
            self.set_reactive(ScrollView.virtual_size, size)
            self._scroll_update(size)

    def on_resize(self) -> None:
        self._relayout_lines()  # the lines are wrapped again only if the width changed (see _wrap)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        lines = self._wrap(width)
        index = y + int(self.scroll_offset.y)
        if 0 <= index < len(lines):
            return lines[index]
        return Strip.blank(width, self.rich_style)
