"""Redaction of personal data for reports that leave the team (--redact).

Each piece found becomes "[redacted]":

- the names of the people the review records: team members, the authors and editors of its
  records, and every name written after a title anywhere in the review ("Mr John Smith" in one note
  makes "John Smith", "John" and "Smith" go from every other text too); each whole ("Ann Ford") and
  by any part of two letters or more that starts with a capital ("Ann", "Ford", "Ford's");
- everything `cqc_tui.core.personal_data` finds when redacting: NHS numbers (any ten digits written
  as one), dates of birth, UK phone numbers, email addresses, UK postcodes, addresses with a house
  number ("12 High Street") and names after a title ("Mr Smith", "Dr A. Khan"), so nothing the
  readiness check flags as personal data is left.

A name the review does not record as a person and never writes after a title ("John Smith" in
a note, with no "Mr Smith" anywhere) is not found: a lead reviewer still reads the redacted report before it is published (docs/report.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from cqc_tui.core.model import Record, Review, SectionState, TeamMember
from cqc_tui.core.personal_data import merge_spans, names_after_titles, personal_data_spans
from cqc_tui.core.report_sections import section_texts
from cqc_tui.report.labels import initials_of

MARK = "[redacted]"
_GIVEN_NAME_BEFORE = re.compile(r"(?<![\w'\u2019-])([^\W\d_][\w'\u2019-]*) +$")
# The fields of records that hold the team's free text (what a report prints and names may be in).
FREE_TEXT_FIELDS = (
    "text",
    "heading",
    "rationale",
    "place",
    "progress",
    "departure_reason",
    "how_not_met",
)
_MAX_PASSES = 4  # joining what is left can make a new match ("Mr" + a removed number + a name): seen twice at most


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


def free_texts(
    review: Review,
    records: Iterable[Record],
    section_states: Mapping[str, SectionState] | None = None,
) -> list[str]:
    """Every piece of free text of the review: its report sections' text (`section_states`: its
    section records by key) and the free-text fields of `records`."""
    texts = list(section_texts(review, section_states or {}).values())
    for record in records:
        for name in FREE_TEXT_FIELDS:
            value = getattr(record, name, None)
            if isinstance(value, str) and value:
                texts.append(value)
    return texts


def review_redactor(
    review: Review,
    members: Iterable[TeamMember],
    records: Iterable[Record],
    section_states: Mapping[str, SectionState] | None = None,
) -> Redactor:
    """The redactor for one review's report: it removes the people the review records (members,
    authors and editors of `records`, names written after a title in any of its free text, its
    report sections' included) and everything `personal_data_spans` finds."""
    records = list(records)
    titled: dict[str, None] = {}
    for text in free_texts(review, records, section_states):
        for name in names_after_titles(text):
            titled.setdefault(name, None)
    return Redactor(people_names(members, records) + list(titled))


class Redactor:
    """Replaces personal data in text with "[redacted]" (see the module's docstring for what).

    `names` are the names of people to remove, whole and by each capitalised part."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        whole: set[str] = set()
        parts: set[str] = set()
        self._surnames: set[str] = set()
        for name in names:
            name = (name or "").strip()
            if not name:
                continue
            whole.add(name)
            words = [word.strip(".,;:()") for word in name.split()]
            for word in words:
                if len(word) >= 2 and word[:1].isupper():
                    parts.add(word)
            if len(words[-1]) >= 2 and words[-1][:1].isupper():
                self._surnames.add(words[-1])
        alternatives = sorted(whole, key=len, reverse=True) + sorted(
            parts - whole, key=len, reverse=True
        )
        self._names = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)")
            if alternatives
            else None
        )

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sorted, non-overlapping (start, end) ranges of `text` that redaction replaces. A surname
        takes the capitalised word just before it along ("John Smith" when Smith is known)."""
        spans = personal_data_spans(text, redacting=True)
        if self._names is not None:
            for m in self._names.finditer(text):
                start = m.start()
                if m.group(0) in self._surnames:
                    given = _GIVEN_NAME_BEFORE.search(text, max(0, start - 40), start)
                    if given is not None and given.group(1)[:1].isupper():
                        start = given.start()
                spans.append((start, m.end()))
        return merge_spans(spans)

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
    return initials_of(name or "") or "?"
