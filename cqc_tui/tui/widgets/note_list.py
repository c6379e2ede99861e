"""A virtual list of evidence notes: renders only the rows on screen, so 20,000 notes cost nothing.

Each note takes two rows: a meta line (when it was seen, author, source, polarity, scope unit,
lines, flags) and the first line of its text. Text is drawn as plain segments, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cqc_tui.core.model import EvidenceNote
from cqc_tui.core.search import match_spans
from cqc_tui.tui.formatting import POLARITY_MARK, local_time, one_line, polarity_label, source_label

ROW = 2
SNIPPET_LEAD = 80  # characters read past the width, to bring a match further on into view


class NoteList(ScrollView, can_focus=True):
    """Evidence notes, newest first, with a cursor."""

    DEFAULT_CSS = """
    NoteList { background: $surface; }
    NoteList > .note-list--meta { color: $text-muted; }
    NoteList > .note-list--text { color: $text; }
    NoteList > .note-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    NoteList > .note-list--cursor-blur { background: $block-cursor-blurred-background; }
    NoteList > .note-list--deleted { color: $text-disabled; text-style: strike; }
    NoteList > .note-list--positive { color: $success; }
    NoteList > .note-list--negative { color: $warning; }
    NoteList > .note-list--concern { color: $error; text-style: bold; }
    NoteList > .note-list--empty { color: $text-muted; text-style: italic; }
    NoteList > .note-list--match { text-style: bold reverse; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "note-list--meta",
        "note-list--text",
        "note-list--cursor",
        "note-list--cursor-blur",
        "note-list--deleted",
        "note-list--positive",
        "note-list--negative",
        "note-list--concern",
        "note-list--empty",
        "note-list--match",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="notes.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="notes.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="notes.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="notes.page_down"),
        Binding("home", "first", "First", show=False, id="notes.first"),
        Binding("end", "last", "Last", show=False, id="notes.last"),
    ]

    cursor: reactive[int] = reactive(0, init=False, always_update=True)

    class _NoteMessage(Message):
        def __init__(self, note_list: NoteList, note: EvidenceNote | None) -> None:
            super().__init__()
            self.note_list = note_list
            self.note = note

        @property
        def control(self) -> NoteList:
            return self.note_list

    class Highlighted(_NoteMessage):
        """The cursor moved to `note` (None: the list is empty)."""

    class Chosen(_NoteMessage):
        """Enter on `note`."""

    def __init__(
        self,
        unit_label: Callable[[str], str] | None = None,
        empty_text: str = "No evidence yet.",
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.notes: list[EvidenceNote] = []
        self.unit_label = unit_label or (lambda _id: "")
        self.empty_text = empty_text
        self.show_unit = True
        self.match_terms: tuple[str, ...] = ()  # folded search terms, highlighted where they occur
        self.conflicted: frozenset[str] = (
            frozenset()
        )  # ids of notes in conflict (team review): a badge

    # -- data ------------------------------------------------------------------------------

    def set_notes(self, notes: list[EvidenceNote], keep: str | None = None) -> None:
        """Replace the list; keep the cursor on note `keep` (an id) when it is still there."""
        self.notes = notes
        self._set_virtual_height()
        index = 0
        if keep is not None:
            for i, n in enumerate(notes[:5000]):
                if n.id == keep:
                    index = i
                    break
        self.cursor = min(index, max(0, len(notes) - 1))
        if index == 0:
            self.scroll_to(y=0, animate=False)
        self.refresh()

    @property
    def current(self) -> EvidenceNote | None:
        if 0 <= self.cursor < len(self.notes):
            return self.notes[self.cursor]
        return None

    def watch_cursor(self, value: int) -> None:
        if self.notes:
            self.scroll_to_region(Region(0, value * ROW, 1, ROW), animate=False, force=True)
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    # -- keys ------------------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        if self.notes:
            self.cursor = max(0, min(len(self.notes) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height // ROW - 1)
        self.action_cursor(direction * step)

    def action_first(self) -> None:
        if self.notes:
            self.cursor = 0

    def action_last(self) -> None:
        if self.notes:
            self.cursor = len(self.notes) - 1

    def on_click(self, event) -> None:
        row = (event.y + int(self.scroll_offset.y)) // ROW
        if 0 <= row < len(self.notes):
            if row == self.cursor and event.chain > 1:
                self.post_message(self.Chosen(self, self.notes[row]))
            self.cursor = row

    def _set_virtual_height(self) -> None:
        """Resize the scrollable area without a screen layout (the scrollbar is always shown)."""
        size = Size(self.scrollable_content_region.width, max(1, len(self.notes) * ROW))
        if size != self.virtual_size:
            self.set_reactive(ScrollView.virtual_size, size)
            if self.is_mounted:
                self._scroll_update(size)

    def on_resize(self) -> None:
        self._set_virtual_height()

    # -- rendering -------------------------------------------------------------------------

    def _styles(self) -> dict:
        """Component styles, looked up once per theme and focus state (not once per line)."""
        key = (self.app.theme, self.has_focus, self.styles.background, self.styles.color)
        cached = getattr(self, "_style_cache", None)
        if cached is None or cached[0] != key:
            names = (
                "note-list--meta",
                "note-list--text",
                "note-list--deleted",
                "note-list--positive",
                "note-list--negative",
                "note-list--concern",
                "note-list--match",
            )
            styles = {name: self.get_component_rich_style(name, partial=True) for name in names}
            styles["base"] = self.rich_style
            styles["cursor"] = self.get_component_rich_style(
                "note-list--cursor" if self.has_focus else "note-list--cursor-blur"
            )
            styles["empty"] = self.get_component_rich_style("note-list--empty")
            cached = (key, styles)
            self._style_cache = cached
        return cached[1]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_y = int(self.scroll_offset.y)
        absolute = y + scroll_y
        st = self._styles()
        base = st["base"]
        if not self.notes:
            if absolute == 0:
                style = base + st["empty"]
                return Strip([Segment(" " + self.empty_text, style)]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        index, part = divmod(absolute, ROW)
        if index >= len(self.notes):
            return Strip.blank(width, base)
        note = self.notes[index]
        selected = index == self.cursor
        row_style = base
        if selected:
            row_style = base + st["cursor"]
        if part == 0:
            segments = self._meta_segments(note, row_style, st, width)
        else:
            text_style = row_style + st["note-list--text"]
            if note.deleted:
                text_style += st["note-list--deleted"]
            body = one_line(note.text, max(width, 20) + SNIPPET_LEAD)
            spans = match_spans(body, self.match_terms) if self.match_terms else []
            if (
                spans and spans[0][1] > width - 8
            ):  # the first match would be off the edge: start near it
                cut = max(0, spans[0][0] - SNIPPET_LEAD // 4)
                body = "…" + body[cut:]
                spans = [(a - cut + 1, b - cut + 1) for a, b in spans if a >= cut]
            if note.quote:
                body = "“" + body + "”"
                spans = [(a + 1, b + 1) for a, b in spans]
            segments = [
                Segment("   ", text_style),
                *self._marked(body, spans, text_style, text_style + st["note-list--match"]),
            ]
        return Strip(segments).crop_extend(0, width, row_style)

    @staticmethod
    def _marked(
        text: str, spans: list[tuple[int, int]], style: Style, match: Style
    ) -> list[Segment]:
        """`text` as segments, the `spans` in the match style."""
        out: list[Segment] = []
        at = 0
        for start, end in spans:
            if start > at:
                out.append(Segment(text[at:start], style))
            out.append(Segment(text[start:end], match))
            at = end
        if at < len(text):
            out.append(Segment(text[at:], style))
        return out

    def _meta_segments(
        self, note: EvidenceNote, row_style: Style, st: dict, width: int = 0
    ) -> list[Segment]:
        """The meta line: when the evidence was seen, who, source, polarity, where it is filed,
        place, files and flags. Where that is wider than `width` (an 80-column terminal), where the
        note's lines, its files and its flags come straight after the time, so they stay in sight."""
        meta = row_style + st["note-list--meta"]
        match = meta + st["note-list--match"]
        pol_class = {
            "positive": "note-list--positive",
            "negative": "note-list--negative",
            "concern": "note-list--concern",
        }.get(note.polarity)
        pol_style = row_style + st[pol_class] if pol_class else meta
        mark = POLARITY_MARK.get(note.polarity, "?")
        gap = Segment("  ", meta)
        head = [Segment(f" {mark} ", pol_style), Segment(local_time(note.observed_at), meta)]
        who = [
            gap,
            *self._marked(note.author or "?", self._spans(note.author), meta, match),
            gap,
            Segment(source_label(note.source), meta),
            gap,
            Segment(polarity_label(note.polarity), pol_style),
        ]
        unit = self.unit_label(note.scope_unit) if self.show_unit else ""
        in_unit = [gap, Segment(unit, meta)] if unit else []
        lines = [gap, Segment(",".join(note.lines), meta)] if note.lines else []
        place = (
            [Segment("  @ ", meta), *self._marked(note.place, self._spans(note.place), meta, match)]
            if note.place
            else []
        )
        flags: list[Segment] = []
        if note.attachments:
            count = len(note.attachments)
            flags.append(Segment(f"  +{count} file{'s' if count > 1 else ''}", meta))
        if note.deleted:
            flags.append(Segment("  DELETED", row_style + st["note-list--concern"]))
        if note.id in self.conflicted:
            flags.append(Segment("  ⚡CONFLICT (C)", row_style + st["note-list--concern"]))
        segs = [*head, *who, *in_unit, *lines, *place, *flags]
        if width and Segment.get_line_length(segs) > width:
            segs = [*head, *lines, *flags, *in_unit, *who, *place]
        return segs

    def _spans(self, text: str) -> list[tuple[int, int]]:
        return match_spans(text, self.match_terms) if self.match_terms and text else []
