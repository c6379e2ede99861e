"""A search box's text taken apart (`parse_query`: words, "phrases", from:DATE, to:DATE, by:NAME)
and where its terms occur in a text (`match_spans`, what a screen highlights)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cqc_tui.core.search.folding import fold, fold_char

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
    terms = [term for term in terms if term]
    if not terms or not text:
        return []
    if text.isascii():
        folded, owner = text.lower(), None
    else:
        pieces = [fold_char(character) for character in text]
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
