"""Command palette (ctrl+p): jump to a line by code or words, to a scope unit, or to a note by its text."""

from __future__ import annotations

from functools import partial

from textual.content import Content
from textual.command import DiscoveryHit, Hit, Hits, Provider

from cqc_tui.tui.formatting import local_time, one_line
from cqc_tui.tui.messages import JumpTo
from cqc_tui.tui.note_index import ALL

MAX_NOTE_HITS = 20


def highlight(matcher, candidate: str) -> Content:
    """Like Matcher.highlight, but the candidate is plain text, never markup."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher._match_style, offset, offset + 1)
    return content


class ReviewCommands(Provider):
    """Hits for the open review (only when the review screen is active)."""

    def _review_screen(self):
        from cqc_tui.tui.screens.review import ReviewScreen

        screen = self.screen
        return screen if isinstance(screen, ReviewScreen) else None

    async def discover(self) -> Hits:
        screen = self._review_screen()
        if screen is None:
            return
        fw = screen.framework
        for ln in fw.lines():
            text = f"{fw.line_label} {ln.code} {ln.title}"
            yield DiscoveryHit(Content(text), partial(screen.post_message, JumpTo(line=ln.code)), text=text)

    async def search(self, query: str) -> Hits:
        screen = self._review_screen()
        if screen is None:
            return
        matcher = self.matcher(query)
        fw = screen.framework
        q = query.strip().casefold()
        for ln in fw.lines():
            text = f"{fw.line_label} {ln.code} {ln.title}"
            score = matcher.match(text)
            if ln.code.casefold() == q:
                score = 1.0
            elif q and q in ln.question.casefold():
                score = max(score, 0.5)
            if score > 0:
                jump = partial(screen.post_message, JumpTo(line=ln.code))
                yield Hit(score, highlight(matcher, text), jump, text=text, help=ln.question)
        unit_word = screen.review_type.scope_unit_label if screen.review_type else "Scope unit"
        for unit in [None, *screen.units.values()]:
            label = "All / whole review" if unit is None else unit.label
            text = f"{unit_word}: {label}"
            score = matcher.match(text)
            if score > 0:
                jump = partial(screen.post_message, JumpTo(scope_unit=ALL if unit is None else unit.id))
                yield Hit(score, highlight(matcher, text), jump, text=text)
        if len(q) >= 3:
            from cqc_tui.tui.note_index import NoteFilter

            notes = screen.index.query(NoteFilter(line=None, text=q), limit=MAX_NOTE_HITS)
            for note in notes:
                text = f"Note: {one_line(note.text, 70)}"
                display = Content(text)
                help_text = f"{local_time(note.created)} · {note.author} · {', '.join(note.lines)}"
                yield Hit(0.4, display, partial(screen.post_message, JumpTo(note_id=note.id)), text=text, help=help_text)
