"""Find a review's evidence notes, fast at 20,000 notes: the one note index of cqc-tui.

`NoteIndex` holds a review's notes grouped by line (KLOE / quality statement), newest first, and
one folded copy of every note's words. The review screen keeps one current through the store's save
listener; `search_notes(session, "call bell", scope_unit=unit_id)` builds one per store for scripts,
the command line and tests.

Search folds case and accents both ways: "Sian" finds "Siân", "lukasiewicz" finds "Łukasiewicz",
"STRASSE" finds "Straße". Every word of the query must appear (in any order); a phrase in double
quotes must appear as written. A query can also carry `from:YYYY-MM-DD`, `to:YYYY-MM-DD` (the day
the evidence was observed, inclusive) and `by:NAME` (the inspector who wrote the note; part of the
name is enough, accents folded).

Speed: a text query is a few `str.find` calls over one string of every folded note (rebuilt, about
20 ms at 20,000 notes, on the first search after a change), not a Python loop over every note.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter
from typing import Any

from cqc_tui.core.model import EvidenceNote, Record

ALL = "*"  # scope unit filter: every unit and the review as a whole
NO_LINE = ""  # bucket for notes that name no line
_SEP = "\x00"  # between notes in the folded corpus (never in a query term)

# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = {
    "Ł": "L",
    "ł": "l",
    "Ø": "O",
    "ø": "o",
    "Đ": "D",
    "đ": "d",
    "Ħ": "H",
    "ħ": "h",
    "ı": "i",
    "Ŧ": "T",
    "ŧ": "t",
    "Æ": "AE",
    "æ": "ae",
    "Œ": "OE",
    "œ": "oe",
    "Þ": "TH",
    "þ": "th",
    "Ð": "D",
    "ð": "d",
    "ŀ": "l",
    "Ŀ": "L",
    "ĸ": "k",
}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character folded for search: accents off, case folded (may be '' or several letters)."""
    if char < "\x80":
        return char.lower()
    decomposed = unicodedata.normalize("NFKD", _LETTERS.get(char, char))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fold_run(match: re.Match[str]) -> str:
    return "".join(map(fold_char, match.group()))


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def fold(text: str) -> str:
    """`text` folded for search, character by character (so offsets map back, see match_spans):
    'Sian' matches 'Siân' and 'SIÂN', 'lukasiewicz' matches 'Łukasiewicz', 'strasse' 'Straße'.
    Only the characters outside ASCII go through Unicode's tables; the rest is lower-cased at once."""
    if text.isascii():
        return text.lower()
    return _NOT_ASCII.sub(_fold_run, text).lower()


_TERMS = re.compile(r'"([^"]+)"|(\S+)')
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class SearchQuery:
    """A search box's text taken apart: folded words and phrases, and the date and author filters."""

    terms: tuple[str, ...] = ()
    since: str = ""  # YYYY-MM-DD, inclusive
    until: str = ""  # YYYY-MM-DD, inclusive
    author: str = ""  # folded part of the inspector's name
    problem: str = ""  # one line on a filter that could not be read (it is then ignored)

    def __bool__(self) -> bool:
        return bool(self.terms or self.since or self.until or self.author)


def parse_query(text: str) -> SearchQuery:
    """Words, "phrases", from:DATE, to:DATE and by:NAME of a query (see the module docstring)."""
    terms: list[str] = []
    since = until = author = problem = ""
    for phrase, word in _TERMS.findall(text or ""):
        if word:
            key, _, value = word.partition(":")
            key = key.casefold()
            if value and key in ("from", "to"):
                if not _DATE.match(value):
                    problem = f"'{word}': write the date as YYYY-MM-DD"
                    continue
                if key == "from":
                    since = value
                else:
                    until = value
                continue
            if value and key == "by":
                author = fold(value)
                continue
        term = fold(phrase or word)
        if term.strip():
            terms.append(term)
    return SearchQuery(tuple(terms), since, until, author, problem)


def query_terms(text: str) -> list[str]:
    """The folded words and "quoted phrases" of a search query (filters such as by: left out)."""
    return list(parse_query(text).terms)


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where the folded `terms` occur in `text`, as (start, end) offsets into `text` itself, in
    order and merged: what a screen highlights. Folding may change lengths (ß -> ss), so offsets
    are mapped back character by character."""
    terms = [t for t in terms if t]
    if not terms or not text:
        return []
    if text.isascii():
        folded, owner = text.lower(), None
    else:
        pieces = [fold_char(c) for c in text]
        folded = "".join(pieces)
        owner = [i for i, piece in enumerate(pieces) for _ in piece]
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            if owner is None:
                spans.append((start, end))
            else:
                spans.append((owner[start], owner[end - 1] + 1))
            start = folded.find(term, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def observed_day(note: EvidenceNote) -> str:
    """The day (YYYY-MM-DD, UTC) the evidence was seen: its observation time, else when it was written."""
    return (getattr(note, "observed", "") or note.created)[:10]


@dataclass(frozen=True)
class NoteFilter:
    """What an evidence list shows. Empty strings mean 'any'."""

    line: str | None = None  # None: every line (whole-review search)
    scope_unit: str = ALL  # ALL, '' (review as a whole) or a scope unit id
    key_question: str = ""  # with line None: notes of one key question
    source: str = ""
    polarity: str = ""
    author: str = ""  # exactly this author
    text: str = ""  # search text: words, "phrases", from:, to:, by: (parse_query)
    deleted: bool = False  # include deleted notes

    def with_(self, **changes: Any) -> NoteFilter:
        """A copy with `changes` applied."""
        return replace(self, **changes)


_key = attrgetter("created", "id")  # the order of every list: by time written, then id


def _words(note: EvidenceNote) -> str:
    """A note's searchable words, not yet folded: its text, place, author and attached file names."""
    text = f"{note.text} {note.place} {note.author}"
    if note.attachments:
        text += " " + " ".join(
            str(a.get("name", "")) for a in note.attachments if isinstance(a, dict)
        )
    return text.replace(_SEP, " ")  # the corpus separator never inside a note (same length)


def _oldest_first(notes: Iterable[EvidenceNote]) -> list[EvidenceNote]:
    """Notes by the time they were written, then id (one text key sorts several times faster than a
    pair; the few notes written in the same millisecond are then put in id order)."""
    out = sorted(notes, key=_CREATED)
    if len(set(map(_CREATED, out))) == len(out):
        return out  # no two written in the same millisecond: the usual case
    for i in range(len(out) - 1):
        if out[i].created == out[i + 1].created:
            j = i + 1
            while j + 1 < len(out) and out[j + 1].created == out[i].created:
                j += 1
            out[i : j + 1] = sorted(out[i : j + 1], key=_key)
    return out


_CREATED = attrgetter("created")


def note_key_questions(note: EvidenceNote, line_key_questions: dict[str, str]) -> set[str]:
    """Every key question a note is evidence for: its own and, through `line_key_questions` (line
    code -> key question), that of each line it is filed under."""
    kqs = {note.key_question} if note.key_question else set()
    for code in note.lines:
        kq = line_key_questions.get(code)
        if kq:
            kqs.add(kq)
    return kqs


@dataclass
class _Corpus:
    """Every note's folded words in one string, oldest first, for str.find."""

    version: int
    notes: list[EvidenceNote]
    text: str
    starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, notes: list[EvidenceNote], version: int) -> _Corpus:
        folded = [
            f"{n.text} {n.place} {n.author}" if not n.attachments else _words(n) for n in notes
        ]
        if _SEP.join(folded).count(_SEP) != max(len(folded) - 1, 0):
            # a note holds the separator itself: blank it (same length), as _words does
            folded = [words.replace(_SEP, " ") for words in folded]
        # str.isascii and str.lower run in C. The few notes with other characters are folded in one
        # pass over them all: folding goes character by character and keeps the separator, so the
        # folded batch splits back into one entry per note.
        others = [i for i, words in enumerate(folded) if not words.isascii()]
        if others:
            batch = fold(_SEP.join([folded[i] for i in others])).split(_SEP)
            for i, words in zip(others, batch, strict=True):
                folded[i] = words
        text = _SEP.join(folded).lower()
        starts = list(accumulate(map((len(_SEP)).__add__, map(len, folded)), initial=0))
        starts.pop()  # the offset after the last note
        return cls(version, notes, text, starts)

    def words(self, i: int) -> str:
        """The folded words of note `i`."""
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[i] : end]

    def positions(self, term: str) -> list[int]:
        """Indexes (oldest first) of the notes whose folded words contain `term`."""
        out: list[int] = []
        starts, find = self.starts, self.text.find
        count = len(starts)
        pos = find(term)
        while pos != -1:
            i = bisect_right(starts, pos) - 1
            out.append(i)
            if i + 1 >= count:
                break
            pos = find(term, starts[i + 1])
        return out

    def append(self, note: EvidenceNote, version: int) -> None:
        """Add the words of the note just put at the end of `notes` (the newest)."""
        folded = fold(_words(note))
        self.starts.append(len(self.text) + (1 if self.starts else 0))
        self.text = f"{self.text}{_SEP}{folded}" if len(self.starts) > 1 else folded
        self.version = version

    def newest_matching(self, term: str) -> Iterator[int]:
        """Like positions, newest first and lazily (for 'the first 20 hits')."""
        rfind, starts = self.text.rfind, self.starts
        end = len(self.text)
        while end > 0:
            pos = rfind(term, 0, end)
            if pos == -1:
                return
            i = bisect_right(starts, pos) - 1
            yield i
            end = starts[i] - 1 if i > 0 else 0
            if i == 0:
                return


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
            dict(notes) if isinstance(notes, dict) else {n.id: n for n in notes}
        )
        self.line_key_questions = dict(line_key_questions or {})
        # everyone who wrote a note, gathered when first asked
        self._authors: set[str] | None = None
        # line code -> note ids, built when first asked
        self._by_line: dict[str, set[str]] | None = None
        self._sorted_line: dict[str, list[EvidenceNote]] = {}
        self._sorted_all: list[EvidenceNote] | None = None
        self._asc_all: list[EvidenceNote] | None = None  # every note, oldest first (kept sorted)
        self._corpus: _Corpus | None = None
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

    def _put(self, note: EvidenceNote) -> None:
        old = self.notes.get(note.id)
        asc = self._asc_all
        corpus = self._corpus
        appended = (
            corpus is not None
            and old is None
            and corpus.version == self.version
            and (not asc or _key(asc[-1]) <= _key(note))
        )  # a new note, the newest: the usual save
        if (
            asc is not None
        ):  # keep the whole-review order by insertion, not by re-sorting 20,000 notes
            if old is not None:
                i = bisect_left(asc, _key(old), key=_key)
                while i < len(asc) and asc[i].id != old.id:
                    i += 1
                if i < len(asc):
                    del asc[i]
            insort(asc, note, key=_key)
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
        if appended and corpus is not None and asc is not None and corpus.notes is asc:
            corpus.append(note, self.version)  # asc (= corpus.notes) has it at the end already
        else:
            self._corpus = None

    def on_record(self, record: Record) -> None:
        """Store listener: keep the index current as records are saved."""
        if isinstance(record, EvidenceNote):
            self._put(record)
            for listener in list(self.listeners):
                listener(record)

    # -- queries ---------------------------------------------------------------------------

    def _oldest_first(self) -> list[EvidenceNote]:
        if self._asc_all is None:
            self._asc_all = _oldest_first(self.notes.values())
        return self._asc_all

    def _newest_first(self, line: str | None) -> list[EvidenceNote]:
        if line is None:
            if self._sorted_all is None:
                self._sorted_all = self._oldest_first()[::-1]
            return self._sorted_all
        cached = self._sorted_line.get(line)
        if cached is None:
            ids = self._lines_index().get(line, ())
            cached = sorted((self.notes[i] for i in ids), key=_key, reverse=True)
            self._sorted_line[line] = cached
        return cached

    def corpus(self) -> _Corpus:
        """The folded words of every note, current with the last change."""
        corpus = self._corpus
        if corpus is None or corpus.version != self.version:
            corpus = self._corpus = _Corpus.of(self._oldest_first(), self.version)
        return corpus

    def _keep(self, f: NoteFilter, query: SearchQuery) -> Callable[[EvidenceNote], bool]:
        """The non-text part of a filter as one test."""
        line, unit, kq = f.line, f.scope_unit, f.key_question
        since, until, who = query.since, query.until, query.author

        def keep(n: EvidenceNote) -> bool:
            if n.deleted and not f.deleted:
                return False
            if line is not None and line not in (n.lines or (NO_LINE,)):
                return False
            if unit != ALL and n.scope_unit != unit:
                return False
            if kq and n.key_question != kq and kq not in self.key_questions_of(n):
                return False
            if f.source and n.source != f.source:
                return False
            if f.polarity and n.polarity != f.polarity:
                return False
            if f.author and n.author != f.author:
                return False
            if since or until:
                day = observed_day(n)
                if (since and day < since) or (until and day > until):
                    return False
            return not who or who in fold(n.author)

        return keep

    def _filtered(
        self, notes: list[EvidenceNote], f: NoteFilter, query: SearchQuery, line_done: bool
    ) -> list[EvidenceNote]:
        """`notes` (a new list) without those the non-text part of the filter leaves out: one
        list comprehension per filter in force, each cheaper than a test per note of everything."""
        out = list(notes) if f.deleted else [n for n in notes if not n.deleted]
        if f.line is not None and not line_done:
            line = f.line
            out = [n for n in out if line in (n.lines or (NO_LINE,))]
        if f.scope_unit != ALL:
            unit = f.scope_unit
            out = [n for n in out if n.scope_unit == unit]
        if f.key_question:
            kq, of = f.key_question, self.key_questions_of
            out = [n for n in out if n.key_question == kq or kq in of(n)]
        if f.source:
            out = [n for n in out if n.source == f.source]
        if f.polarity:
            out = [n for n in out if n.polarity == f.polarity]
        if f.author:
            out = [n for n in out if n.author == f.author]
        if query.since or query.until:
            since, until = query.since, query.until or "9999"
            out = [n for n in out if since <= observed_day(n) <= until]
        if query.author:
            who = query.author
            out = [n for n in out if who in fold(n.author)]
        return out

    def _text_matches(self, terms: tuple[str, ...]) -> list[EvidenceNote]:
        """Notes whose folded words hold every term, newest first."""
        corpus = self.corpus()
        first = max(terms, key=len)  # the longest term usually matches fewest notes
        positions = corpus.positions(first)
        rest = [t for t in terms if t != first]
        if rest:
            words = corpus.words
            positions = [i for i in positions if all(t in words(i) for t in rest)]
        notes = corpus.notes
        return [notes[i] for i in reversed(positions)]

    def query(self, f: NoteFilter, limit: int | None = None) -> list[EvidenceNote]:
        """Notes matching `f`, newest first (at most `limit`)."""
        query = parse_query(f.text)
        if limit is not None and query.terms:
            return self._first_matches(f, query, limit)
        if query:
            hit = self._recent.get(f)
            if hit is not None and hit[0] == self.version:
                return (
                    hit[1] if limit is None else hit[1][:limit]
                )  # e.g. backspace back to an earlier search
        out = self._text_matches(query.terms) if query.terms else self._newest_first(f.line)
        out = self._filtered(out, f, query, line_done=not query.terms)
        if query:
            if len(self._recent) >= 16:
                self._recent.pop(next(iter(self._recent)))
            self._recent[f] = (self.version, out)
        return out if limit is None else out[:limit]

    def _first_matches(self, f: NoteFilter, query: SearchQuery, limit: int) -> list[EvidenceNote]:
        """The newest `limit` notes matching a text query, without scanning past them."""
        corpus = self.corpus()
        terms = query.terms
        first = max(terms, key=len)
        rest = [t for t in terms if t != first]
        keep = self._keep(f, query)
        words, notes = corpus.words, corpus.notes
        out: list[EvidenceNote] = []
        for i in corpus.newest_matching(first):
            if rest and not all(t in words(i) for t in rest):
                continue
            if keep(notes[i]):
                out.append(notes[i])
                if len(out) >= limit:
                    break
        return out

    def authors(self) -> list[str]:
        """Everyone who wrote a note, in name order."""
        if self._authors is None:
            self._authors = {n.author for n in self.notes.values()}
            self._authors.discard("")
        return sorted(self._authors)

    def for_key_question(self, kq: str, scope_unit: str = ALL) -> list[EvidenceNote]:
        """Live notes for one key question (and unit), newest first: what a rating can rest on.
        A note filed under lines of several key questions is listed under each."""
        return [
            n
            for n in self._newest_first(None)
            if not n.deleted
            and kq in self.key_questions_of(n)
            and (scope_unit == ALL or n.scope_unit == scope_unit)
        ]


# Tiers of a line found by what was typed: an exact code beats a code prefix beats words.
EXACT_CODE = 300.0
CODE_PREFIX = 200.0
WORDS = 100.0


def rank_lines(lines: Sequence[Any], query: str) -> list[tuple[float, Any]]:
    """Lines (anything with code, title and question) matching `query`, best first, each with a
    score: the line whose code is exactly what was typed ("e1" -> E1), then lines whose code starts
    with it ("E" -> E1 ... E6), then lines whose code, title or question hold every word typed
    (accents and case folded). Within a tier the framework's order is kept."""
    q = fold(query.strip())
    if not q:
        return []
    words = q.split()
    count = max(len(lines), 1)
    out: list[tuple[float, Any]] = []
    for order, line in enumerate(lines):
        code = fold(line.code)
        tie = (count - order) / (count + 1)  # earlier lines first among equals
        if code == q:
            out.append((EXACT_CODE + tie, line))
        elif code.startswith(q):
            out.append((CODE_PREFIX - len(code) + tie, line))
        else:
            title = fold(line.title)
            hay = f"{code} {title} {fold(line.question)}"
            if all(w in hay for w in words):
                bonus = 10.0 if all(w in title for w in words) else 0.0
                out.append((WORDS + bonus + tie, line))
    out.sort(key=lambda pair: -pair[0])
    return out


_INDEXES: weakref.WeakKeyDictionary[Any, tuple[Any, NoteIndex]] = weakref.WeakKeyDictionary()


def index_for(store: Any) -> NoteIndex:
    """The note index of a store (a ReviewStore), built again after any change to it."""
    version = getattr(store, "version", None)
    table = store.tables["notes"]
    cached = _INDEXES.get(store)
    if cached is not None and version is not None and cached[0] == (version, id(table)):
        return cached[1]
    index = NoteIndex(table)
    _INDEXES[store] = ((version, id(table)), index)
    return index


def search_notes(
    session: Any,
    text: str = "",
    *,
    line: str | None = None,
    scope_unit: str | None = None,
    source: str | None = None,
    polarity: str | None = None,
    author: str | None = None,
    key_question: str | None = None,
    include_deleted: bool = False,
    newest_first: bool = True,
) -> list[EvidenceNote]:
    """Notes of `session` (a ReviewSession or a ReviewStore) matching `text` (see the module
    docstring) and every filter given; `line` matches a note filed under that line among others,
    `scope_unit` '' means notes on the review as a whole, `author` is the note's author."""
    store = getattr(session, "store", session)
    index = index_for(store)
    f = NoteFilter(
        line=line or None,
        scope_unit=ALL if scope_unit is None else scope_unit,
        key_question=key_question or "",
        source=source or "",
        polarity=polarity or "",
        author=author or "",
        text=text,
        deleted=include_deleted,
    )
    out = index.query(f)
    return out if newest_first else out[::-1]
