"""An in-memory index of a review's notes for the TUI: instant per-line lists and filtering.

The store keeps every record in memory already; this index adds what the screens need to stay fast
at 20,000 notes: notes grouped by line (KLOE / quality statement), newest-first lists cached per
line, lower-cased text for search. It is kept current through the store's save listener, so a note
saved anywhere (editor, rating dialog, another screen) shows up without a full rebuild.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass
from typing import Callable, Iterable

from cqc_tui.core.coverage import CoverageCounter  # noqa: F401 (the screens import it from here too)
from cqc_tui.core.model import EvidenceNote, Record

ALL = "*"          # scope unit filter: every unit and the review as a whole
NO_LINE = ""       # bucket for notes that name no line


@dataclass(frozen=True)
class NoteFilter:
    """What the evidence list shows. Empty strings mean 'any'."""

    line: str | None = None          # None: every line (whole-review search)
    scope_unit: str = ALL            # ALL, '' (review as a whole) or a scope unit id
    key_question: str = ""           # with line None: notes of one key question
    source: str = ""
    polarity: str = ""
    author: str = ""
    text: str = ""
    deleted: bool = False            # include deleted notes

    def with_(self, **changes) -> "NoteFilter":
        from dataclasses import replace

        return replace(self, **changes)


def _key(note: EvidenceNote) -> tuple[str, str]:
    return (note.created, note.id)


class NoteIndex:
    def __init__(self, notes: Iterable[EvidenceNote] = ()):
        self.notes: dict[str, EvidenceNote] = {}
        self._lower: dict[str, str] = {}
        self._authors: set[str] = set()
        self._by_line: dict[str, set[str]] = {}
        self._sorted_line: dict[str, list[EvidenceNote]] = {}
        self._sorted_all: list[EvidenceNote] | None = None
        self._asc_all: list[EvidenceNote] | None = None    # every note, oldest first (kept sorted)
        self.listeners: list[Callable[[EvidenceNote], None]] = []
        self.version = 0                 # bumped on every change: cached results are then stale
        self._last: tuple | None = None  # (version, filter, results) of the last text search
        self._recent: dict = {}          # filter -> (version, results) of recent text searches
        for note in notes:
            self._put(note)

    # -- maintenance -----------------------------------------------------------------------

    def _lines_of(self, note: EvidenceNote) -> tuple[str, ...]:
        return tuple(note.lines) or (NO_LINE,)

    def _put(self, note: EvidenceNote) -> None:
        old = self.notes.get(note.id)
        asc = self._asc_all
        if asc is not None:  # keep the whole-review order by insertion, not by re-sorting 20,000 notes
            if old is not None:
                i = bisect_left(asc, _key(old), key=_key)
                while i < len(asc) and asc[i].id != old.id:
                    i += 1
                if i < len(asc):
                    del asc[i]
            insort(asc, note, key=_key)
        if old is not None:
            for code in self._lines_of(old):
                self._by_line.get(code, set()).discard(note.id)
                self._sorted_line.pop(code, None)
        self.notes[note.id] = note
        if note.author:
            self._authors.add(note.author)
        self._lower[note.id] = " ".join((note.text, note.place, note.author)).casefold()
        for code in self._lines_of(note):
            self._by_line.setdefault(code, set()).add(note.id)
            self._sorted_line.pop(code, None)
        self._sorted_all = None
        self.version += 1

    def on_record(self, record: Record) -> None:
        """Store listener: keep the index current as records are saved."""
        if isinstance(record, EvidenceNote):
            self._put(record)
            for fn in list(self.listeners):
                fn(record)

    # -- queries ---------------------------------------------------------------------------

    def _newest_first(self, line: str | None) -> list[EvidenceNote]:
        if line is None:
            if self._sorted_all is None:
                if self._asc_all is None:
                    self._asc_all = sorted(self.notes.values(), key=_key)
                self._sorted_all = self._asc_all[::-1]
            return self._sorted_all
        cached = self._sorted_line.get(line)
        if cached is None:
            ids = self._by_line.get(line, ())
            cached = sorted((self.notes[i] for i in ids), key=lambda n: (n.created, n.id), reverse=True)
            self._sorted_line[line] = cached
        return cached

    def query(self, f: NoteFilter, limit: int | None = None) -> list[EvidenceNote]:
        words = f.text.casefold().split()
        if words and limit is None:
            hit = self._recent.get(f)
            if hit is not None and hit[0] == self.version:
                return hit[1]  # e.g. backspace back to an earlier search
        base = self._newest_first(f.line)
        last = self._last
        if words and limit is None and last is not None and last[0] == self.version:
            prev = last[1]
            if prev.with_(text="") == f.with_(text="") and f.text.casefold().startswith(prev.text.casefold()) \
                    and prev.text.strip():
                base = last[2]  # typing on narrows the last result: filter that, not the whole review
        out = base
        if not f.deleted:
            out = [n for n in out if not n.deleted]
        if f.scope_unit != ALL:
            unit = f.scope_unit
            out = [n for n in out if n.scope_unit == unit]
        if f.key_question:
            kq = f.key_question
            out = [n for n in out if n.key_question == kq]
        if f.source:
            out = [n for n in out if n.source == f.source]
        if f.polarity:
            out = [n for n in out if n.polarity == f.polarity]
        if f.author:
            out = [n for n in out if n.author == f.author]
        lower = self._lower
        for w in words:
            out = [n for n in out if w in lower[n.id]]
        if out is base:
            out = list(base)
        if limit is not None:
            return out[:limit]
        if words:
            self._last = (self.version, f, out)
            if len(self._recent) >= 16:
                self._recent.pop(next(iter(self._recent)))
            self._recent[f] = (self.version, out)
        return out

    def authors(self) -> list[str]:
        return sorted(self._authors)

    def for_key_question(self, kq: str, scope_unit: str = ALL) -> list[EvidenceNote]:
        """Live notes for one key question (and unit), newest first: what a rating can rest on."""
        return [n for n in self._newest_first(None)
                if not n.deleted and n.key_question == kq and (scope_unit == ALL or n.scope_unit == scope_unit)]
