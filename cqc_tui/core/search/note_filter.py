"""What an evidence list shows (`NoteFilter`), and the facts of a note a filter reads: the day it
was observed and every key question it is evidence for."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from cqc_tui.core.model import EvidenceNote

ALL = "*"  # scope unit filter: every unit and the review as a whole
NO_LINE = ""  # bucket for notes that name no line


def observed_day(note: EvidenceNote) -> str:
    """The day (YYYY-MM-DD, UTC) the evidence was seen: its observation time, else when it was written."""
    return (getattr(note, "observed", "") or note.created)[:10]


@dataclass(frozen=True)
class NoteFilter:
    """What an evidence list shows. Empty strings mean 'any'."""

    line: str | None = None  # None: every line (whole-review search)
    scope_unit: str = ALL  # ALL, '' (review as a whole) or a scope unit id
    key_question: str = ""  # with line None: notes of one key question
    source: str = ""
    polarity: str = ""
    author: str = ""  # exactly this author
    text: str = ""  # search text: words, "phrases", from:, to:, by: (parse_query)
    deleted: bool = False  # include deleted notes

    def with_(self, **changes: Any) -> NoteFilter:
        """A copy with `changes` applied."""
        return replace(self, **changes)


def note_key_questions(note: EvidenceNote, line_key_questions: dict[str, str]) -> set[str]:
    """Every key question a note is evidence for: its own and, through `line_key_questions` (line
    code -> key question), that of each line it is filed under."""
    key_questions = {note.key_question} if note.key_question else set()
    for code in note.lines:
        key_question = line_key_questions.get(code)
        if key_question:
            key_questions.add(key_question)
    return key_questions
