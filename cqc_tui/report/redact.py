"""Redaction of personal data for reports that leave the team (--redact).

Each piece found becomes "[redacted]":

- the names of the people the review records: team members and the authors and editors of its
  records, whole ("Ann Ford") or by any part of two letters or more that starts with a capital
  ("Ann", "Ford", "Ford's");
- everything `cqc_tui.core.personal_data` finds when redacting: NHS numbers (any ten digits written
  as one), dates of birth, UK phone numbers, email addresses, UK postcodes, addresses with a house
  number ("12 High Street") and names after a title ("Mr Smith", "Dr A. Khan"), so nothing the
  readiness check flags as personal data is left.

A name the review does not record as a person and that has no title ("John Smith" in a note) is
not found: a lead reviewer still reads the redacted report before it is published (docs/report.md).
"""

from __future__ import annotations

import re
from typing import Iterable

from cqc_tui.core.model import Record, TeamMember
from cqc_tui.core.personal_data import personal_data_spans

MARK = "[redacted]"
_MAX_PASSES = 4  # a replacement can only shorten what a pattern can see; two passes are the most seen


def people_names(members: Iterable[TeamMember], records: Iterable[Record] = ()) -> list[str]:
    """The names the review records as people: each team member's name, and the author and last
    editor of every record given (notes, findings ...), without repeats, in the order first met."""
    names: dict[str, None] = {}
    for member in members:
        names.setdefault(member.name.strip(), None)
    for record in records:
        names.setdefault(record.author.strip(), None)
        names.setdefault(record.updated_by.strip(), None)
    return [name for name in names if name]


class Redactor:
    """Replaces personal data in text with "[redacted]" (see the module's docstring for what).

    `names` are the names of people to remove, whole and by each capitalised part."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        whole: set[str] = set()
        parts: set[str] = set()
        for name in names:
            name = (name or "").strip()
            if not name:
                continue
            whole.add(name)
            for part in name.split():
                part = part.strip(".,;:()")
                if len(part) >= 2 and part[:1].isupper():
                    parts.add(part)
        alternatives = sorted(whole, key=len, reverse=True) + sorted(parts - whole, key=len, reverse=True)
        self._names = (re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)")
                       if alternatives else None)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sorted, non-overlapping (start, end) ranges of `text` that redaction replaces."""
        spans = personal_data_spans(text, redacting=True)
        if self._names is not None:
            spans = sorted(spans + [m.span() for m in self._names.finditer(text)])
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                if end > merged[-1][1]:
                    merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        return merged

    def __call__(self, text: str) -> str:
        """`text` with every piece of personal data replaced; anything else exactly as it was.

        Replacing can join what was left into something a pattern finds ("Mr" before a removed
        number and a name after it), so it repeats until nothing more is found."""
        if not text:
            return text
        for _ in range(_MAX_PASSES):
            spans = self.spans(text)
            if not spans:
                break
            pieces: list[str] = []
            last = 0
            for start, end in spans:
                pieces.append(text[last:start])
                pieces.append(MARK)
                last = end
            pieces.append(text[last:])
            text = "".join(pieces)
        return text


def initials(name: str) -> str:
    """'Ann Ford' -> 'AF'; '?' for a name with no letters."""
    parts = [p for p in re.split(r"[\s\-]+", name or "") if p]
    return "".join(p[0].upper() for p in parts if p[0].isalpha()) or "?"
