"""The direction of text: which stretches of user text are right-to-left script (Arabic, Urdu,
Hebrew ...), so the report can mark those paragraphs and runs as such."""

from __future__ import annotations

import re
import unicodedata

_RTL_CLASSES = frozenset({"R", "AL"})
# Blocks of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko ..., their presentation
# forms, and the supplementary right-to-left blocks): a quick test before the exact one.
_MAYBE_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_LTR_CLASSES = frozenset({"L"})


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
