"""Command palette (ctrl+p): jump to a line by code or words, to a scope unit, or to a note by its text.

What ranks first is what an inspector means: the line whose code is exactly what was typed ("E1"
goes to E1, never S1), then lines whose code starts with it, then lines, scope units and notes whose
words hold every word typed (accents and case folded, see core.search).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from cqc_tui.core.search import ALL, WORDS, NoteFilter, fold, match_spans, parse_query, rank_lines
from cqc_tui.tui.formatting import local_time, one_line
from cqc_tui.tui.messages import JumpTo

MAX_NOTE_HITS = 20
MIN_NOTE_QUERY = 3  # characters typed before notes are searched
UNIT_START = 150.0  # a scope unit whose name starts with what was typed
UNIT_WORDS = WORDS - 10.0  # a scope unit whose name holds every word typed
NOTE_SCORE = WORDS - 50.0  # notes come after lines and units


def highlighted(text: str, terms: list[str], style: str = "reverse") -> Content:
    """`text` as plain content (never markup) with every place a term occurs styled."""
    content = Content(text)
    for start, end in match_spans(text, terms):
        content = content.stylize(style, start, end)
    return content


class ReviewCommands(Provider):
    """Hits for the open review (only when the review screen is active)."""

    def _review_screen(self) -> Any:
        from cqc_tui.tui.screens.review import ReviewScreen

        screen = self.screen
        return screen if isinstance(screen, ReviewScreen) else None

    async def discover(self) -> Hits:
        screen = self._review_screen()
        if screen is None:
            return
        framework = screen.framework
        for line in framework.lines():
            text = f"{line.code} {line.title}"
            yield DiscoveryHit(
                Content(text),
                partial(screen.post_message, JumpTo(line=line.code)),
                text=text,
                help=escape(framework.line_label),
            )

    async def search(self, query: str) -> Hits:
        screen = self._review_screen()
        if screen is None:
            return
        for hit in self.hits(screen, query):
            yield hit

    def hits(self, screen: Any, query: str) -> list[Hit]:
        """Every hit for `query` on the review screen, best first (what the palette will show)."""
        framework = screen.framework
        out: list[Hit] = []
        terms = [fold(w) for w in query.split()]
        for score, line in rank_lines(framework.lines(), query):
            text = f"{line.code} {line.title}"
            shown = highlighted(text, terms if score < 200 else [fold(query.strip())])
            jump = partial(screen.post_message, JumpTo(line=line.code))
            out.append(
                Hit(
                    score,
                    shown,
                    jump,
                    text=text,
                    help=escape(f"{framework.line_label} · {line.question}"),
                )
            )
        unit_word = screen.review_type.scope_unit_label if screen.review_type else "Scope unit"
        q = fold(query.strip())
        for unit in [None, *screen.units.values()]:
            label = "All / whole review" if unit is None else unit.label
            name = fold(label if unit is None else f"{unit.label} {unit.code}")
            if not q:
                continue
            if name.startswith(q):
                score = UNIT_START
            elif all(t in name for t in terms):
                score = UNIT_WORDS
            else:
                continue
            text = f"{unit_word}: {label}"
            jump = partial(screen.post_message, JumpTo(scope_unit=ALL if unit is None else unit.id))
            out.append(Hit(score, highlighted(text, terms), jump, text=text))
        parsed = parse_query(query)
        if len(query.strip()) >= MIN_NOTE_QUERY and parsed:
            notes = screen.index.query(NoteFilter(line=None, text=query), limit=MAX_NOTE_HITS)
            for i, note in enumerate(notes):
                text = f"Note: {one_line(note.text, 70)}"
                help_text = " · ".join(
                    part
                    for part in (
                        local_time(note.observed_at),  # when seen, as the evidence list shows it
                        note.author,
                        ", ".join(note.lines),
                        screen.unit_label(note.scope_unit),
                    )
                    if part
                )
                out.append(
                    Hit(
                        NOTE_SCORE - i * 0.01,
                        highlighted(text, list(parsed.terms)),
                        partial(screen.post_message, JumpTo(note_id=note.id)),
                        text=text,
                        help=escape(help_text),
                    )
                )
        return out
