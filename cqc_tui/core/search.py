"""Filter and search a review's evidence notes, fast at 20,000 notes.

`search_notes(session, "call bell", scope_unit=unit_id, polarity="concern")` returns the matching
live notes, newest first. Text search is case-insensitive (Unicode case folding) and every word
of the query must appear in the note's text (in any order); a phrase in double quotes must appear
as written. Filters are exact matches; a filter left empty or None matches everything.

The folded text of each note is cached per store, keyed by the record object: records are
immutable, so an edited note (a new record object) is folded again and nothing goes stale.
"""

from __future__ import annotations

import re
import weakref
from typing import Any, Iterable

from cqc_tui.core.model import EvidenceNote

_FOLDED: "weakref.WeakKeyDictionary[Any, dict[str, tuple[EvidenceNote, str]]]" = weakref.WeakKeyDictionary()
_TERMS = re.compile(r'"([^"]+)"|(\S+)')


def query_terms(text: str) -> list[str]:
    """The folded words and "quoted phrases" of a search query."""
    return [(phrase or word).casefold() for phrase, word in _TERMS.findall(text or "")]


def _folded_texts(store: Any, notes: Iterable[EvidenceNote]) -> Iterable[tuple[EvidenceNote, str]]:
    try:
        cache = _FOLDED.setdefault(store, {})
    except TypeError:  # not weak-referenceable: no cache
        cache = {}
    for note in notes:
        hit = cache.get(note.id)
        if hit is None or hit[0] is not note:
            hit = (note, note.text.casefold() if isinstance(note.text, str) else "")
            cache[note.id] = hit
        yield hit


def search_notes(session: Any, text: str = "", *, line: str | None = None, scope_unit: str | None = None,
                 source: str | None = None, polarity: str | None = None, author: str | None = None,
                 key_question: str | None = None, include_deleted: bool = False,
                 newest_first: bool = True) -> list[EvidenceNote]:
    """Notes of `session` (a ReviewSession or a ReviewStore) matching `text` and every filter given.

    `line` matches a note listing that line code; `scope_unit` '' means notes on the review as a
    whole; `author` matches the note's author or its last editor."""
    store = getattr(session, "store", session)
    notes: Iterable[EvidenceNote] = store.tables["notes"].values()
    if not include_deleted:
        notes = (n for n in notes if not n.deleted)
    if line:
        notes = (n for n in notes if line in n.lines)
    if scope_unit is not None:
        notes = (n for n in notes if n.scope_unit == scope_unit)
    if source:
        notes = (n for n in notes if n.source == source)
    if polarity:
        notes = (n for n in notes if n.polarity == polarity)
    if key_question:
        notes = (n for n in notes if n.key_question == key_question)
    if author:
        notes = (n for n in notes if n.author == author or n.updated_by == author)
    terms = query_terms(text)
    if terms:
        if len(terms) == 1:
            term = terms[0]
            out = [n for n, folded in _folded_texts(store, notes) if term in folded]
        else:
            out = [n for n, folded in _folded_texts(store, notes) if all(t in folded for t in terms)]
    else:
        out = list(notes)
    out.sort(key=lambda n: (n.created, n.id), reverse=newest_first)
    return out
