"""A one-widget footer: the keys that work here, drawn as a single line of text.

Textual's Footer rebuilds a widget per key whenever focus moves, which costs a CSS pass per key
on every focus change; this bar just repaints. Bindings with `show=False` are left out, like the
Footer; ctrl+p (command palette) and F1 (help) are always shown at the right.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground; }
    KeyBar > .key-bar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
    KeyBar > .key-bar--description { color: $footer-description-foreground; }
    KeyBar > .key-bar--disabled { color: $text-disabled; }
    """
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, str]] = []

    def on_click(self, event) -> None:
        """Clicking a key does what pressing it does."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        key_style = self.get_component_rich_style("key-bar--key")
        desc_style = self.get_component_rich_style("key-bar--description")
        disabled = self.get_component_rich_style("key-bar--disabled")
        text = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        spans: list[tuple[int, int, str]] = []
        try:
            bindings = self.screen.active_bindings.values()
        except Exception:  # noqa: BLE001 - during teardown
            bindings = []
        for node, binding, enabled, _tooltip in bindings:
            if not binding.show or binding.action in seen or binding.action in ("command_palette", "help"):
                continue
            seen.add(binding.action)
            key = binding.key_display or self.app.get_key_display(binding)
            start = text.cell_len
            text.append(f" {key} ", style=key_style if enabled else disabled)
            text.append(f"{binding.description} ", style=desc_style if enabled else disabled)
            spans.append((start, text.cell_len, binding.key.split(",")[0].strip()))
        right = Text()
        right.append(" F1 ", style=key_style)
        right.append("help ", style=desc_style)
        right.append(" ^p ", style=key_style)
        right.append("commands ", style=desc_style)
        width = self.size.width
        room = max(0, width - right.cell_len)
        if text.cell_len > room:
            text.truncate(room, overflow="ellipsis")
        text.pad_right(room - text.cell_len)
        spans = [(a, min(b, room), k) for a, b, k in spans if a < room]
        spans.append((room, room + 9, "f1"))
        spans.append((room + 9, width, "ctrl+p"))
        self._spans = spans
        return text + right
