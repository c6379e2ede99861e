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

The package: `folding` (fold), `query` (parse_query, match_spans), `note_filter` (NoteFilter,
ALL), `corpus` (every note's folded words in one string), `note_index` (NoteIndex),
`line_ranking` (rank_lines) and `store_search` (search_notes, index_for).
"""

from cqc_tui.core.search.folding import fold
from cqc_tui.core.search.line_ranking import WORDS, rank_lines
from cqc_tui.core.search.note_filter import ALL, NoteFilter, note_key_questions
from cqc_tui.core.search.note_index import NoteIndex
from cqc_tui.core.search.query import match_spans, parse_query, query_terms
from cqc_tui.core.search.store_search import search_notes

__all__ = [
    "ALL",
    "WORDS",
    "NoteFilter",
    "NoteIndex",
    "fold",
    "match_spans",
    "note_key_questions",
    "parse_query",
    "query_terms",
    "rank_lines",
    "search_notes",
]
