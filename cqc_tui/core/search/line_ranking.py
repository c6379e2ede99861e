"""Lines (KLOEs, quality statements) found by what was typed: `rank_lines`, for the command
palette's "go to line"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cqc_tui.core.search.folding import fold

# Tiers of a line found by what was typed: an exact code beats a code prefix beats words.
EXACT_CODE = 300.0
CODE_PREFIX = 200.0
WORDS = 100.0


def rank_lines(lines: Sequence[Any], query: str) -> list[tuple[float, Any]]:
    """Lines (anything with code, title and question) matching `query`, best first, each with a
    score: the line whose code is exactly what was typed ("e1" -> E1), then lines whose code starts
    with it ("E" -> E1 ... E6), then lines whose code, title or question hold every word typed
    (accents and case folded). Within a tier the framework's order is kept."""
    folded_query = fold(query.strip())
    if not folded_query:
        return []
    words = folded_query.split()
    count = max(len(lines), 1)
    out: list[tuple[float, Any]] = []
    for order, line in enumerate(lines):
        code = fold(line.code)
        tie_break = (count - order) / (count + 1)  # earlier lines first among equals
        if code == folded_query:
            out.append((EXACT_CODE + tie_break, line))
        elif code.startswith(folded_query):
            out.append((CODE_PREFIX - len(code) + tie_break, line))
        else:
            title = fold(line.title)
            haystack = f"{code} {title} {fold(line.question)}"
            if all(word in haystack for word in words):
                bonus = 10.0 if all(word in title for word in words) else 0.0
                out.append((WORDS + bonus + tie_break, line))
    out.sort(key=lambda pair: -pair[0])
    return out
