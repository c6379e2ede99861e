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
            (u for u in units if isinstance(u, ScopeUnit) and not u.deleted),
            key=lambda u: (u.order, u.label),
        )
        self.unit_label = {u.id: u.label for u in self.units}
        self.notes: list[EvidenceNote] = table_records(tables, "notes")  # type: ignore[assignment]
        self.note_by_id = {n.id: n for n in self.notes}
        self.ratings: list[Rating] = table_records(tables, "ratings")  # type: ignore[assignment]
        self.members = table_records(tables, "members")
        self._result = ratings
        self.key_question_label = {kq.code: kq.label for kq in framework.key_questions}
        self.scale = framework.rating_scale

    @property
    def result(self) -> RatingsResult:
        """The ratings engine's result, worked out when first needed (the personal-data scan alone
        does not need it)."""
        if self._result is None:
            self._result = evaluate_tables(self.framework, self.tables, self.units)
        return self._result

    # -- wording ---------------------------------------------------------------------------

    def where(self, unit: str, kq: str = "", location: str = "") -> str:
        """Where a rating is, in words: the key question's label (or 'overall') for the scope
        unit's label, the location's name, or the provider."""
        kq_text = "overall" if kq == OVERALL else self.key_question_label.get(kq, kq)
        if unit:
            place = self.unit_label.get(unit, unit[:8])
        elif location:
            place = next((n for lid, n in self.result.locations if lid == location), location)
        else:
            place = (
                self.review.provider
                if self.review is not None and self.review.provider
                else "the provider"
            )
        return f"{kq_text} for {place}" if kq_text else place

    def label(self, code: str | None) -> str:
        """A rating code's label on the framework's scale ('no rating' for None)."""
        if code is None:
            return "no rating"
        return self.scale.label(code) if self.scale else code

    def note_ref(self, note: EvidenceNote) -> str:
        """'note 1a2b3c4d (S1, S2; Ward A)': a note's short id, its lines and its scope unit."""
        bits = [", ".join(note.lines)] if note.lines else []
        if note.scope_unit:
            bits.append(self.unit_label.get(note.scope_unit, note.scope_unit[:8]))
        ctx = f" ({'; '.join(bits)})" if bits else ""
        return f"note {note.id[:8]}{ctx}"

    # -- scope of the review ---------------------------------------------------------------

    def carried_only(self, unit: str, kq: str) -> bool:
        """True when this unit x key question was not inspected this time (carried forward only)."""
        rs = [r for r in self.ratings if r.scope_unit == unit and r.key_question == kq]
        return any(r.source == CARRIED_FORWARD for r in rs) and not any(
            r.source == THIS_REVIEW for r in rs
        )

    def unit_inspected(self, unit: str) -> bool:
        """False only for a known scope unit marked as not inspected this time."""
        found_unit = next((x for x in self.units if x.id == unit), None)
        return found_unit is None or found_unit.inspected
