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
