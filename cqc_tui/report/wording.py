"""How the report words small things: dates as people write them, the team's labels for its
figures, short evidence references, and the direction (left-to-right or right-to-left) of text."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_RTL_CLASSES = frozenset({"R", "AL"})
# Blocks of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko ..., their presentation
# forms, and the supplementary right-to-left blocks): a quick test before the exact one.
_MAYBE_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")
_LTR_CLASSES = frozenset({"L"})


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def long_date(value: str) -> str:
    """'2018-01-22' -> '22 January 2018'; anything else unchanged."""
    try:
        d = date.fromisoformat((value or "")[:10])
    except ValueError:
        return value or ""
    return f"{d.day} {d.strftime('%B %Y')}"


def short_date(value: str) -> str:
    """'2018-09-30' -> '30 Sep 2018' (for narrow table columns)."""
    try:
        d = date.fromisoformat((value or "")[:10])
    except ValueError:
        return value or ""
    return f"{d.day} {d.strftime('%b %Y')}"


def date_range(start: str, end: str) -> str:
    if start and end and start != end:
        a, b = long_date(start), long_date(end)
        sa, sb = a.split(" ", 1), b.split(" ", 1)
        if len(sa) == 2 and len(sb) == 2 and sa[1] == sb[1]:
            return f"{sa[0]} to {b}"
        return f"{a} to {b}"
    return long_date(start or end)


def month_year(value: str) -> str:
    """'2023-09-01' -> 'September 2023'; anything else unchanged."""
    d = _date(value)
    return d.strftime("%B %Y") if d else (value or "")


def short_month_year(value: str) -> str:
    """'2023-09-01' -> 'Sep 2023' (a narrow rating cell); anything else unchanged."""
    d = _date(value)
    return d.strftime("%b %Y") if d else (value or "")


def count_label(key: str) -> str:
    """The label of a figure the team stated. The team's own words are kept as written; a key in
    the old slug form ('care_records_reviewed') reads as words ('Care records reviewed')."""
    text = str(key).strip()
    if " " in text or not re.fullmatch(r"[a-z0-9_-]+", text):
        return text
    words = text.replace("_", " ").replace("-", " ")
    return words[:1].upper() + words[1:]


def normalised_label(key: str) -> str:
    """A figure's label for matching ('Care records reviewed' == 'care_records_reviewed')."""
    return re.sub(r"[^a-z0-9]+", " ", str(key).lower()).strip()


def initials_of(name: str) -> str:
    """'Gemma Patel' -> 'GP'."""
    return "".join(part[0] for part in re.split(r"[\s\-]+", name.strip()) if part and part[0].isalpha()).upper()


def _direction(char: str) -> str | None:
    kind = unicodedata.bidirectional(char)
    if kind in _RTL_CLASSES:
        return "rtl"
    if kind in _LTR_CLASSES:
        return "ltr"
    return None


def is_rtl(text: str) -> bool:
    """True when the first strongly directional character of `text` is right-to-left (Arabic, Urdu,
    Hebrew ...): the paragraph reads right to left."""
    if not _MAYBE_RTL.search(text):
        return False
    for char in text:
        d = _direction(char)
        if d is not None:
            return d == "rtl"
    return False


def has_rtl(text: str) -> bool:
    """True when any character of `text` is strongly right-to-left."""
    return bool(_MAYBE_RTL.search(text)) and any(_direction(c) == "rtl" for c in text)


def direction_runs(text: str) -> list[tuple[str, bool]]:
    """Split `text` into (segment, right_to_left) runs: each stretch of right-to-left script (with
    the spaces and punctuation between its words) is one run marked right-to-left; the rest is
    left-to-right. Joining the segments gives `text` back exactly."""
    if not has_rtl(text):
        return [(text, False)] if text else []
    out: list[tuple[str, bool]] = []
    current: list[str] = []
    current_rtl = False
    pending: list[str] = []  # neutral characters not yet given to a side
    for char in text:
        d = _direction(char)
        if d is None:
            pending.append(char)
            continue
        rtl = d == "rtl"
        if current and rtl != current_rtl:
            out.append(("".join(current), current_rtl))
            current = []
        current.extend(pending)
        pending = []
        current.append(char)
        current_rtl = rtl
    if pending:
        current.extend(pending)
    if current:
        out.append(("".join(current), current_rtl))
    return out
