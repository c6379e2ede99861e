"""Readiness check on personal data in what the report could print: notes (text and place),
ratings' rationales, findings and recommendations.

Code: personal_data (cqc_tui.core.personal_data): an NHS number (valid check digit) or a date of
birth are errors; a UK phone number, an email address, a UK postcode, an address with a house
number or a name with a title are warnings."""

from __future__ import annotations

from collections.abc import Iterator

from cqc_tui.core.personal_data import ERROR_KINDS, PERSONAL_DATA_KINDS, find_personal_data
from cqc_tui.core.ratings import table_records
from cqc_tui.core.readiness.check_model import ReadinessCheck
from cqc_tui.core.readiness.facts import ReviewFacts
from cqc_tui.core.readiness.finding import ReadinessFinding, finding


def mask(text: str) -> str:
    """Show enough to find the text again without repeating the personal data in full."""
    out = []
    for index, character in enumerate(text):
        out.append(character if index < 3 or not character.isalnum() else "*")
    return "".join(out)


def personal_data(facts: ReviewFacts) -> Iterator[ReadinessFinding]:
    """personal_data (error or warning by kind) for each piece of text that looks like personal
    data, naming the record and showing the match masked."""
    for note in facts.notes:
        where = {
            "note_id": note.id,
            "scope_unit": note.scope_unit,
            "line": note.lines[0] if note.lines else "",
            "key_question": note.key_question,
        }
        reference = facts.note_reference(note)
        yield from _scan(note.text, reference[0].upper() + reference[1:], "notes", note.id, where)
        if note.place:
            yield from _scan(note.place, f"The place of {reference}", "notes", note.id, where)
    for rating in facts.ratings:
        if rating.rationale:
            yield from _scan(
                rating.rationale,
                f"The rationale for {facts.where(rating.scope_unit, rating.key_question, rating.location)}",
                "ratings",
                rating.id,
            )
    for table, what in (("findings", "Finding"), ("recommendations", "Recommendation")):
        for record in table_records(facts.tables, table):
            text = " ".join(str(getattr(record, field, "") or "") for field in ("heading", "text"))
            yield from _scan(text, f"{what} {record.id[:8]}", table, record.id)


def _scan(
    text: str, subject: str, table: str, record_id: str, where: dict | None = None
) -> Iterator[ReadinessFinding]:
    if not text:
        return
    for kind, value in find_personal_data(text):
        severity = "error" if kind in ERROR_KINDS else "warning"
        yield finding(
            "personal_data",
            severity,
            f"{subject} looks like it contains {PERSONAL_DATA_KINDS[kind]} ({mask(value)}); remove or "
            "anonymise personal data before export.",
            table=table,
            record_id=record_id,
            kind=kind,
            **(where or {}),
        )


CHECKS = (ReadinessCheck(personal_data),)
