"""A one-widget footer: the keys that work here, drawn as a single line of text.

Textual's Footer rebuilds a widget per key whenever focus moves, which costs a CSS pass per key
on every focus change; this bar just repaints. Bindings with `show=False` are left out, like the
Footer; ctrl+p (command palette) and F1 (every key, and help) are always shown at the right. When the
keys do not fit on one line (an 80-column terminal) the bar takes a second line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import RenderResult
from textual.binding import ActiveBinding
from textual.widget import Widget

MAX_LINES = 2  # a narrow terminal gets a second line rather than losing keys off the edge
RIGHT_KEYS = ((" F1 ", "keys & help ", "f1"), (" ^p ", "commands ", "ctrl+p"))


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: auto; max-height: 2; background: $footer-background;
             color: $footer-foreground; }
    KeyBar > .key-bar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
    KeyBar > .key-bar--description { color: $footer-description-foreground; }
    KeyBar > .key-bar--disabled { color: $text-disabled; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, int, str]] = []  # (line, start, end, key) for clicks
        self._line_count = 1

    def on_click(self, event) -> None:
        """Clicking a key does what pressing it does."""
        for line, start, end, key in self._spans:
            if line == event.y and start <= event.x < end:
                self.app.simulate_key(key)
                return

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen) -> None:
        lines = len(self._layout(self.size.width or self.app.size.width))
        if lines != self._line_count:
            self._line_count = lines
            self.refresh(
                layout=True
            )  # one line more or less: the screen above gives or takes a row
        else:
            self.refresh()

    def _items(self) -> list[tuple[str, str, bool, str]]:
        """(key shown, description, enabled, key to simulate) of each key to show, in order."""
        seen: set[str] = set()
        items: list[tuple[str, str, bool, str]] = []
        try:
            bindings: Iterable[ActiveBinding] = self.screen.active_bindings.values()
        except Exception:  # noqa: BLE001 - during teardown
            bindings = ()
        for _node, binding, enabled, _tooltip in bindings:
            if (
                not binding.show
                or binding.action in seen
                or binding.action in ("command_palette", "help")
            ):
                continue
            seen.add(binding.action)
            key = binding.key_display or self.app.get_key_display(binding)
            items.append((key, binding.description, enabled, binding.key.split(",")[0].strip()))
        return items

    def _layout(self, width: int) -> list[list[tuple[str, str, bool, str]]]:
        """The items on each line: the first line leaves room for the help and palette keys."""
        right = sum(len(a) + len(b) for a, b, _ in RIGHT_KEYS)
        lines: list[list[tuple[str, str, bool, str]]] = [[]]
        room, used = max(0, width - right), 0
        for item in self._items():
            size = len(item[0]) + len(item[1]) + 3
            if used + size > room and lines[-1] and len(lines) < MAX_LINES:
                lines.append([])
                room, used = width, 0
            lines[-1].append(item)
            used += size
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:
        self._line_count = len(self._layout(width))
        return self._line_count

    def render(self) -> RenderResult:
        key_style = self.get_component_rich_style("key-bar--key")
        desc_style = self.get_component_rich_style("key-bar--description")
        disabled = self.get_component_rich_style("key-bar--disabled")
        width = self.size.width
        spans: list[tuple[int, int, int, str]] = []
        out = Text(no_wrap=True, overflow="ellipsis")
        for y, items in enumerate(self._layout(width)):
            text = Text(no_wrap=True, overflow="ellipsis")
            for key, description, enabled, name in items:
                start = text.cell_len
                text.append(f" {key} ", style=key_style if enabled else disabled)
                text.append(f"{description} ", style=desc_style if enabled else disabled)
                spans.append((y, start, text.cell_len, name))
            room = width
            if y == 0:
                right = Text()
                for key, description, _name in RIGHT_KEYS:
                    right.append(key, style=key_style)
                    right.append(description, style=desc_style)
                room = max(0, width - right.cell_len)
                at = room
                for key, description, name in RIGHT_KEYS:
                    spans.append((0, at, at + len(key) + len(description), name))
                    at += len(key) + len(description)
            if text.cell_len > room:
                text.truncate(room, overflow="ellipsis")
            text.pad_right(room - text.cell_len)
            if y == 0:
                text += right
            if y:
                out.append("\n")
            out.append_text(text)
        self._spans = [(y, a, min(b, width), k) for y, a, b, k in spans if a < width]
        return out
