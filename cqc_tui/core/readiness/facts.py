"""What the readiness checks read: `ReviewFacts`, a review's records taken once from its tables
(scope units in order, notes, ratings, members), the ratings engine's result worked out when first
needed, and the wording every check shares (where a rating is, a rating's label, a note's
reference)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cqc_tui.core.framework import Framework
from cqc_tui.core.model import (
    CARRIED_FORWARD,
    OVERALL,
    THIS_REVIEW,
    EvidenceNote,
    Rating,
    ScopeUnit,
)
from cqc_tui.core.ratings import RatingsResult, evaluate_tables, review_of, table_records

NEGATIVE = ("negative", "concern")
POSITIVE = ("positive",)


class ReviewFacts:
    """A review as the checks see it: its framework, raw tables and the records read from them.

    `scope_units` are the live (not deleted) units in their order; `ratings` may be given when the
    caller already has the engine's result, otherwise `result` works it out on first use."""

    def __init__(
        self,
        framework: Framework,
        tables: Mapping[str, Any],
        ratings: RatingsResult | None,
        scope_units: list[ScopeUnit] | None,
    ):
        self.framework = framework
        self.tables = tables
        self.review = review_of(tables)
        units = scope_units if scope_units is not None else table_records(tables, "scope_units")
        self.units: list[ScopeUnit] = sorted(
            (unit for unit in units if isinstance(unit, ScopeUnit) and not unit.deleted),
            key=lambda unit: (unit.order, unit.label),
        )
        self.unit_label = {unit.id: unit.label for unit in self.units}
        self.notes: list[EvidenceNote] = table_records(tables, "notes")  # type: ignore[assignment]
        self.note_by_id = {note.id: note for note in self.notes}
        self.ratings: list[Rating] = table_records(tables, "ratings")  # type: ignore[assignment]
        self.members = table_records(tables, "members")
        self._result = ratings
        self.key_question_label = {
            question.code: question.label for question in framework.key_questions
        }
        self.scale = framework.rating_scale
        # False for a review type that rates the provider as a whole only when the team recorded
        # something at that level (see ReviewType.provider_level).
        self.provider_level_required = True

    @property
    def result(self) -> RatingsResult:
        """The ratings engine's result, worked out when first needed (the personal-data scan alone
        does not need it)."""
        if self._result is None:
            self._result = evaluate_tables(self.framework, self.tables, self.units)
        return self._result

    # -- wording ---------------------------------------------------------------------------

    def where(self, unit: str, key_question: str = "", location: str = "") -> str:
        """Where a rating is, in words: the key question's label (or 'overall') for the scope
        unit's label, the location's name, or the provider."""
        question_text = (
            "overall"
            if key_question == OVERALL
            else self.key_question_label.get(key_question, key_question)
        )
        if unit:
            place = self.unit_label.get(unit, unit[:8])
        elif location:
            place = next(
                (name for location_id, name in self.result.locations if location_id == location),
                location,
            )
        else:
            place = (
                self.review.provider
                if self.review is not None and self.review.provider
                else "the provider"
            )
        return f"{question_text} for {place}" if question_text else place

    def label(self, code: str | None) -> str:
        """A rating code's label on the framework's scale ('no rating' for None)."""
        if code is None:
            return "no rating"
        return self.scale.label(code) if self.scale else code

    def note_reference(self, note: EvidenceNote) -> str:
        """'note 1a2b3c4d (S1, S2; Ward A)': a note's short id, its lines and its scope unit."""
        bits = [", ".join(note.lines)] if note.lines else []
        if note.scope_unit:
            bits.append(self.unit_label.get(note.scope_unit, note.scope_unit[:8]))
        context = f" ({'; '.join(bits)})" if bits else ""
        return f"note {note.id[:8]}{context}"

    # -- scope of the review ---------------------------------------------------------------

    def carried_only(self, unit: str, key_question: str) -> bool:
        """True when this unit x key question was not inspected this time (carried forward only)."""
        ratings = [
            rating
            for rating in self.ratings
            if rating.scope_unit == unit and rating.key_question == key_question
        ]
        return any(rating.source == CARRIED_FORWARD for rating in ratings) and not any(
            rating.source == THIS_REVIEW for rating in ratings
        )

    def recorded_at_provider_level(self, key_question: str) -> bool:
        """The team recorded something for `key_question` at the provider level: a note filed to
        the whole review under it, a finding there, or a rating."""
        for note in self.notes:
            if note.deleted or note.scope_unit:
                continue
            if note.key_question == key_question or any(
                self.framework.key_question_of(code) == key_question for code in note.lines
            ):
                return True
        for finding in table_records(self.tables, "findings"):
            if (
                not finding.deleted
                and not getattr(finding, "scope_unit", "")
                and getattr(finding, "key_question", "") == key_question
            ):
                return True
        return any(
            not rating.deleted and not rating.scope_unit and rating.key_question == key_question
            for rating in self.ratings
        )

    def unit_inspected(self, unit: str) -> bool:
        """False only for a known scope unit marked as not inspected this time."""
        found_unit = next((scope_unit for scope_unit in self.units if scope_unit.id == unit), None)
        return found_unit is None or found_unit.inspected
