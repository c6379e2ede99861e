"""The check that a review file is whole: a dump ends with the END_KEY section counting every
section's records, so a file cut short, or with records added or removed, is refused."""

from __future__ import annotations

from typing import Any

from cqc_tui.core.errors import Problem
from cqc_tui.core.exchange.format import ADDED_SECTIONS, END_KEY, LIST_TABLES
from cqc_tui.core.record_shape import shown
from cqc_tui.core.yamlio import line_of


def end_problem(data: dict, format_version: int, shown: str) -> Problem | None:
    """What is wrong with the end of the file: a dump (format_version 2) must end with the END_KEY
    section, and that section's record counts must match the sections (any version that has it)."""
    if END_KEY not in data:
        if format_version < 2:
            return None  # hand-written, or written by an older cqc-tui: nothing to check against
        last = getattr(data, "last_line", 0) or None
        return Problem(
            shown,
            last,
            f"the file stops here without the '{END_KEY}:' section a cqc-tui dump ends with: "
            "it was cut short (an interrupted copy or download?); use a complete copy. "
            "(A file written by hand may say format_version: 1 instead.)",
        )
    line = line_of(data, END_KEY)
    if list(data)[-1] != END_KEY:
        return Problem(
            shown,
            line,
            f"'{END_KEY}:' must be the last section (something was added after it); "
            "use the file as cqc-tui wrote it",
        )
    counts = data[END_KEY]
    if not isinstance(counts, dict):
        return Problem(shown, line, f"'{END_KEY}:' must give the number of records in each section")
    for table in LIST_TABLES:
        if table in ADDED_SECTIONS and table not in data and table not in counts:
            continue  # written by a cqc-tui from before this section existed
        items = data.get(table)
        held = len(items) if isinstance(items, list) else 0
        said = counts.get(table)
        if said != held or isinstance(said, bool):
            return Problem(
                shown,
                line_of(counts, table, line),
                f"'{END_KEY}:' counts {shown_count(said)} {table} but the file holds {held}: records "
                "were removed or added after it was written, or it was cut; use a complete copy (or, "
                "for a deliberate edit, correct the count)",
            )
    for key in counts:
        if key not in LIST_TABLES:
            return Problem(
                shown, line_of(counts, key, line), f"'{END_KEY}:' names an unknown section '{key}'"
            )
    return None


def shown_count(value: Any) -> str:
    """A record count for a message: 'no' for None, else the value as shown text."""
    return "no" if value is None else shown(value, 20)
