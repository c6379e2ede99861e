"""Search a review's notes without a screen: `search_notes(session, "call bell", ...)` over the
note index of its store (`index_for`), for scripts, the command line and tests."""

from __future__ import annotations

import weakref
from typing import Any

from cqc_tui.core.model import EvidenceNote
from cqc_tui.core.search.note_filter import ALL, NoteFilter
from cqc_tui.core.search.note_index import NoteIndex

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
    note_filter = NoteFilter(
        line=line or None,
        scope_unit=ALL if scope_unit is None else scope_unit,
        key_question=key_question or "",
        source=source or "",
        polarity=polarity or "",
        author=author or "",
        text=text,
        deleted=include_deleted,
    )
    out = index.query(note_filter)
    return out if newest_first else out[::-1]
