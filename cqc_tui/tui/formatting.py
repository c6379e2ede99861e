"""Small, pure helpers that turn records into display text (never markup)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from cqc_tui.core.model import POLARITIES, SOURCE_TYPES
from cqc_tui.report.dates import short_date

SOURCE_SHORT: dict[str, str] = {
    "observation": "Observation",
    "staff": "Staff",
    "people": "People/carers",
    "focus_group": "Focus group",
    "record_review": "Care records",
    "document": "Document",
    "feedback_tool": "Feedback",
}
SOURCE_INITIAL: dict[str, str] = {
    "observation": "O",
    "staff": "S",
    "people": "P",
    "focus_group": "F",
    "record_review": "R",
    "document": "D",
    "feedback_tool": "T",
}
POLARITY_MARK: dict[str, str] = {"positive": "+", "neutral": "·", "negative": "−", "concern": "!"}

# Exactly 'YYYY-MM-DDTHH:MM:SS' in ASCII digits: for these fromisoformat reads what strptime would
# (and raises ValueError for the same out-of-range values), at well under half the cost.
_PLAIN_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", re.ASCII)


def local_time(stamp: str, with_date: bool = True) -> str:
    """UTC ISO stamp -> local 'YYYY-MM-DD HH:MM' (or 'HH:MM')."""
    if not stamp:
        return ""
    head = stamp[:19]
    try:
        if _PLAIN_STAMP.fullmatch(head):
            dt = datetime.fromisoformat(head)
        else:  # single-digit fields and the like: strptime accepts them, fromisoformat does not
            dt = datetime.strptime(head, "%Y-%m-%dT%H:%M:%S")
        dt = dt.replace(tzinfo=timezone.utc).astimezone()
    except ValueError:
        return stamp[:16].replace("T", " ")
    return dt.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")


def short_time(stamp: str) -> str:
    """A stored UTC stamp as a short local time: '30 Nov 2026 14:02'."""
    shown = local_time(stamp)
    return f"{short_date(shown[:10])} {shown[11:16]}" if len(shown) >= 16 else shown


def source_label(code: str, short: bool = True) -> str:
    return (SOURCE_SHORT if short else SOURCE_TYPES).get(code, code)


def polarity_label(code: str) -> str:
    return POLARITIES.get(code, code)


def source_initials(sources) -> str:
    return "".join(sorted(SOURCE_INITIAL.get(s, "?") for s in sources))


def one_line(text: str, limit: int = 400) -> str:
    """First part of a note on one line: newlines and tabs become spaces."""
    flat = " ".join(text[: limit * 2].split())
    return flat[:limit]


def picker_line(note, with_lines: bool = True) -> str:
    """A note on one line of an evidence picker (the rating and score dialogs): polarity mark, time,
    author, source, its lines (left out where the picker is for one line already), then its text."""
    lines = f"{','.join(note.lines)} · " if with_lines else ""
    return (
        f"{POLARITY_MARK.get(note.polarity, '?')} {local_time(note.created)} {note.author} · "
        f"{source_label(note.source)} · {lines}{one_line(note.text, 160)}"
    )


def hex_style(colour: str | None) -> str:
    return f"#{colour}" if colour else ""


def contrast_text(colour: str | None) -> str:
    """Black or white text, whichever reads better on the given hex background."""
    if not colour or len(colour) != 6:
        return ""
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#ffffff"
