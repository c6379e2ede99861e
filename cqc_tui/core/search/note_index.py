"""`NoteIndex`: a review's notes indexed for instant per-line lists and whole-review search,
kept current by the store's save listener."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Iterable

from cqc_tui.core.model import EvidenceNote, Record
from cqc_tui.core.search.corpus import NOTE_ORDER, Corpus, oldest_first
from cqc_tui.core.search.folding import fold
from cqc_tui.core.search.note_filter import (
    ALL,
    NO_LINE,
    NoteFilter,
    note_key_questions,
    observed_day,
)
from cqc_tui.core.search.query import SearchQuery, parse_query


class NoteIndex:
    """A review's notes, indexed for instant per-line lists and whole-review search.

    `line_key_questions` maps each line code to its key question: a note filed under lines of
    several key questions then belongs to each of them (see `key_questions_of`)."""

    def __init__(
        self,
        notes: Iterable[EvidenceNote] | dict[str, EvidenceNote] = (),
        line_key_questions: dict[str, str] | None = None,
    ):
        # a store's table (id -> note) is copied as it is; any other iterable is keyed by id
        self.notes: dict[str, EvidenceNote] = (
            dict(notes) if isinstance(notes, dict) else {note.id: note for note in notes}
        )
        self.line_key_questions = dict(line_key_questions or {})
        # everyone who wrote a note, gathered when first asked
        self._authors: set[str] | None = None
        # line code -> note ids, built when first asked
        self._by_line: dict[str, set[str]] | None = None
        self._sorted_line: dict[str, list[EvidenceNote]] = {}
        self._sorted_all: list[EvidenceNote] | None = None
        # every note, oldest first (kept sorted)
        self._notes_oldest_first: list[EvidenceNote] | None = None
        self._corpus: Corpus | None = None
        self.listeners: list[Callable[[EvidenceNote], None]] = []
        self.version = 0  # bumped on every change: cached results are then stale
        self._recent: dict = {}  # filter -> (version, results) of recent text searches

    def warm(self) -> NoteIndex:
        """Build now what the first list and the first search would otherwise build (call it off
        the UI thread, as the review screen's reader does)."""
        self._lines_index()
        self.corpus()
        self.authors()
        return self

    def _lines_index(self) -> dict[str, set[str]]:
        by_line = self._by_line
        if by_line is None:
            by_line = {}
            for note in self.notes.values():
                for code in note.lines or (NO_LINE,):
                    bucket = by_line.get(code)
                    if bucket is None:
                        by_line[code] = {note.id}
                    else:
                        bucket.add(note.id)
            self._by_line = by_line
        return by_line

    # -- maintenance -----------------------------------------------------------------------

    def key_questions_of(self, note: EvidenceNote) -> set[str]:
        """Every key question a note is evidence for (see note_key_questions)."""
        return note_key_questions(note, self.line_key_questions)

    def _put_note(self, note: EvidenceNote) -> None:
        old = self.notes.get(note.id)
        notes_oldest_first = self._notes_oldest_first
        corpus = self._corpus
        appended = (
            corpus is not None
            and old is None
            and corpus.version == self.version
            and (not notes_oldest_first or NOTE_ORDER(notes_oldest_first[-1]) <= NOTE_ORDER(note))
        )  # a new note, the newest: the usual save
        if (
            notes_oldest_first is not None
        ):  # keep the whole-review order by insertion, not by re-sorting 20,000 notes
            if old is not None:
                position = bisect_left(notes_oldest_first, NOTE_ORDER(old), key=NOTE_ORDER)
                while (
                    position < len(notes_oldest_first) and notes_oldest_first[position].id != old.id
                ):
                    position += 1
                if position < len(notes_oldest_first):
                    del notes_oldest_first[position]
            insort(notes_oldest_first, note, key=NOTE_ORDER)
        by_line = self._by_line
        if old is not None:
            for code in old.lines or (NO_LINE,):
                if by_line is not None:
                    by_line.get(code, set()).discard(note.id)
                self._sorted_line.pop(code, None)
        self.notes[note.id] = note
        if note.author and self._authors is not None:
            self._authors.add(note.author)
        for code in note.lines or (NO_LINE,):
            if by_line is not None:
                by_line.setdefault(code, set()).add(note.id)
            self._sorted_line.pop(code, None)
        self._sorted_all = None
        self.version += 1
        if (
            appended
            and corpus is not None
            and notes_oldest_first is not None
            and corpus.notes is notes_oldest_first
        ):
            corpus.append(note, self.version)  # asc (= corpus.notes) has it at the end already
        else:
            self._corpus = None

    def on_record(self, record: Record) -> None:
        """Store listener: keep the index current as records are saved."""
        if isinstance(record, EvidenceNote):
            self._put_note(record)
            for listener in list(self.listeners):
                listener(record)

    # -- queries ---------------------------------------------------------------------------

    def _oldest_first(self) -> list[EvidenceNote]:
        if self._notes_oldest_first is None:
            self._notes_oldest_first = oldest_first(self.notes.values())
        return self._notes_oldest_first

    def _newest_first(self, line: str | None) -> list[EvidenceNote]:
        if line is None:
            if self._sorted_all is None:
                self._sorted_all = self._oldest_first()[::-1]
            return self._sorted_all
        cached = self._sorted_line.get(line)
        if cached is None:
            ids = self._lines_index().get(line, ())
            cached = sorted((self.notes[i] for i in ids), key=NOTE_ORDER, reverse=True)
            self._sorted_line[line] = cached
        return cached

    def corpus(self) -> Corpus:
        """The folded words of every note, current with the last change."""
        corpus = self._corpus
        if corpus is None or corpus.version != self.version:
            corpus = self._corpus = Corpus.of(self._oldest_first(), self.version)
        return corpus

    def _keep(self, note_filter: NoteFilter, query: SearchQuery) -> Callable[[EvidenceNote], bool]:
        """The non-text part of a filter as one test."""
        line, unit, key_question = (
            note_filter.line,
            note_filter.scope_unit,
            note_filter.key_question,
        )
        since, until, who = query.since, query.until, query.author

        def keep(note: EvidenceNote) -> bool:
            if note.deleted and not note_filter.deleted:
                return False
            if line is not None and line not in (note.lines or (NO_LINE,)):
                return False
            if unit != ALL and note.scope_unit != unit:
                return False
            if (
                key_question
                and note.key_question != key_question
                and key_question not in self.key_questions_of(note)
            ):
                return False
            if note_filter.source and note.source != note_filter.source:
                return False
            if note_filter.polarity and note.polarity != note_filter.polarity:
                return False
            if note_filter.author and note.author != note_filter.author:
                return False
            if since or until:
                day = observed_day(note)
                if (since and day < since) or (until and day > until):
                    return False
            return not who or who in fold(note.author)

        return keep

    def _filtered(
        self,
        notes: list[EvidenceNote],
        note_filter: NoteFilter,
        query: SearchQuery,
        line_done: bool,
    ) -> list[EvidenceNote]:
        """`notes` (a new list) without those the non-text part of the filter leaves out: one
        list comprehension per filter in force, each cheaper than a test per note of everything."""
        out = list(notes) if note_filter.deleted else [note for note in notes if not note.deleted]
        if note_filter.line is not None and not line_done:
            line = note_filter.line
            out = [note for note in out if line in (note.lines or (NO_LINE,))]
        if note_filter.scope_unit != ALL:
            unit = note_filter.scope_unit
            out = [note for note in out if note.scope_unit == unit]
        if note_filter.key_question:
            key_question, key_questions_of = note_filter.key_question, self.key_questions_of
            out = [
                note
                for note in out
                if note.key_question == key_question or key_question in key_questions_of(note)
            ]
        if note_filter.source:
            out = [note for note in out if note.source == note_filter.source]
        if note_filter.polarity:
            out = [note for note in out if note.polarity == note_filter.polarity]
        if note_filter.author:
            out = [note for note in out if note.author == note_filter.author]
        if query.since or query.until:
            since, until = query.since, query.until or "9999"
            out = [note for note in out if since <= observed_day(note) <= until]
        if query.author:
            who = query.author
            out = [note for note in out if who in fold(note.author)]
        return out

    def _text_matches(self, terms: tuple[str, ...]) -> list[EvidenceNote]:
        """Notes whose folded words hold every term, newest first."""
        corpus = self.corpus()
        first = max(terms, key=len)  # the longest term usually matches fewest notes
        positions = corpus.positions(first)
        rest = [term for term in terms if term != first]
        if rest:
            words = corpus.words
            positions = [
                position for position in positions if all(term in words(position) for term in rest)
            ]
        notes = corpus.notes
        return [notes[position] for position in reversed(positions)]

    def query(self, note_filter: NoteFilter, limit: int | None = None) -> list[EvidenceNote]:
        """Notes matching `note_filter`, newest first (at most `limit`)."""
        query = parse_query(note_filter.text)
        if limit is not None and query.terms:
            return self._first_matches(note_filter, query, limit)
        if query:
            hit = self._recent.get(note_filter)
            if hit is not None and hit[0] == self.version:
                return (
                    hit[1] if limit is None else hit[1][:limit]
                )  # e.g. backspace back to an earlier search
        out = (
            self._text_matches(query.terms) if query.terms else self._newest_first(note_filter.line)
        )
        out = self._filtered(out, note_filter, query, line_done=not query.terms)
        if query:
            if len(self._recent) >= 16:
                self._recent.pop(next(iter(self._recent)))
            self._recent[note_filter] = (self.version, out)
        return out if limit is None else out[:limit]

    def _first_matches(
        self, note_filter: NoteFilter, query: SearchQuery, limit: int
    ) -> list[EvidenceNote]:
        """The newest `limit` notes matching a text query, without scanning past them."""
        corpus = self.corpus()
        terms = query.terms
        first = max(terms, key=len)
        rest = [term for term in terms if term != first]
        keep = self._keep(note_filter, query)
        words, notes = corpus.words, corpus.notes
        out: list[EvidenceNote] = []
        for i in corpus.newest_matching(first):
            if rest and not all(term in words(i) for term in rest):
                continue
            if keep(notes[i]):
                out.append(notes[i])
                if len(out) >= limit:
                    break
        return out

    def authors(self) -> list[str]:
        """Everyone who wrote a note, in name order."""
        if self._authors is None:
            self._authors = {note.author for note in self.notes.values()}
            self._authors.discard("")
        return sorted(self._authors)

    def for_key_question(self, key_question: str, scope_unit: str = ALL) -> list[EvidenceNote]:
        """Live notes for one key question (and unit), newest first: what a rating can rest on.
        A note filed under lines of several key questions is listed under each."""
        return [
            note
            for note in self._newest_first(None)
            if not note.deleted
            and key_question in self.key_questions_of(note)
            and (scope_unit == ALL or note.scope_unit == scope_unit)
        ]
