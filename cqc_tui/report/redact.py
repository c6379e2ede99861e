"""Redaction of personal detail for reports that leave the team (--redact).

Pattern based, so it errs on the side of removing: NHS numbers (any 10 digits), dates of birth
(a date next to "DOB", "date of birth", "born" ...: everything cqc_tui.core.readiness flags as
personal data is removed), UK phone numbers, email addresses, postcodes, honorific + name
("Mrs Patel", "Dr. A. Jones"), and the names of the review team and any other names given.
Each match becomes "[redacted]". It cannot find every name a note mentions: a lead reviewer
still reads the redacted report before it is published (docs/report.md says so).
"""

from __future__ import annotations

import importlib
import re
from typing import Iterable

try:  # the readiness check's detector (dates of birth near "DOB"/"born", valid NHS numbers ...)
    _find_personal_data = importlib.import_module("cqc_tui.core.readiness").find_personal_data
except (ImportError, AttributeError):  # pragma: no cover - readiness is written separately
    _find_personal_data = None

MARK = "[redacted]"

_PATTERNS = [
    # email addresses
    re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"),
    # date of birth with its label ("DOB 01/02/1950", "date of birth: 1 Feb 1950", "born 3.4.1950")
    re.compile(r"\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\s*[:\-]?\s*"
               r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?\s+\d{4}"
               r"|\d{4}-\d{2}-\d{2})", re.IGNORECASE),
    # NHS numbers: 10 digits, optionally 3-3-4 with spaces or hyphens
    re.compile(r"\b\d{3}[ \-]?\d{3}[ \-]?\d{4}\b"),
    # UK phone numbers: +44 or 0 then 9-10 more digits, spaces/hyphens/brackets allowed
    re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s\-]?\d{3,4}[\s\-]?\d{3,4}\b"),
    # UK postcodes
    re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})\b",
               re.IGNORECASE),
    # honorific followed by a name: "Mrs Patel", "Dr. A. Jones", "Mr John Smith"
    re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sister|Nurse)\.?\s+"
               r"(?:[A-Z]\.\s*)*[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)?"),
]


class Redactor:
    """Replaces personal detail in text. `names` are full names to remove (team members, people);
    each full name and each of its parts of 3+ letters that starts with a capital is removed."""

    def __init__(self, names: Iterable[str] = ()):
        words: set[str] = set()
        fulls: set[str] = set()
        for name in names:
            name = (name or "").strip()
            if not name:
                continue
            fulls.add(name)
            for part in re.split(r"[\s]+", name):
                part = part.strip(".,")
                if len(part) >= 3 and part[:1].isupper():
                    words.add(part)
        alts = sorted(fulls, key=len, reverse=True) + sorted(words, key=len, reverse=True)
        self._names = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alts) + r")(?!\w)") \
            if alts else None

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if _find_personal_data is not None:  # what the readiness check flags is always removed
            for _kind, found in sorted(_find_personal_data(text), key=lambda kf: -len(kf[1])):
                if found:
                    text = text.replace(found, MARK)
        for pat in _PATTERNS:
            text = pat.sub(MARK, text)
        if self._names is not None:
            text = self._names.sub(MARK, text)
        return text


def initials(name: str) -> str:
    parts = [p for p in re.split(r"[\s\-]+", name or "") if p]
    return "".join(p[0].upper() for p in parts if p[0].isalpha()) or "?"
