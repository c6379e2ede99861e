"""The ratings engine: evaluates every slot of a review, from the team's ratings, enforcement
records and scores, by the framework's rules (see the package docstring for the levels)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from cqc_tui.core.framework import Framework, Limiter, RatingScale, RuleSet, Scoring
from cqc_tui.core.model import (
    CARRIED_FORWARD,
    OVERALL,
    PREVIOUS,
    THIS_REVIEW,
    Enforcement,
    Rating,
    ScopeUnit,
    Score,
)
from cqc_tui.core.ratings.results import LimiterApplied, ProposedRating
from cqc_tui.core.ratings.rules import (
    CARRIED_FORWARD_RULE,
    JUDGEMENT,
    LEVEL_LOCATION_KQ,
    LEVEL_LOCATION_OVERALL,
    LEVEL_PROVIDER_KQ,
    LEVEL_PROVIDER_OVERALL,
    LEVEL_UNIT_KQ,
    LEVEL_UNIT_OVERALL,
    LOCATION_LEVELS,
    PROVIDER_LEVEL,
    PROVIDER_LEVELS,
    RULE_TEXTS,
    SCORE_BANDS,
    SCORE_BANDS_METHOD,
    UNIT_LEVELS,
    aggregate,
    band_for,
    cap,
    round_half_up,
    score_percent,
)
from cqc_tui.core.ratings.tables import latest_record, review_of, table_records


class RatingsEngine:
    """One evaluation of a review's ratings; `items` collects the slots in evaluation order."""

    def __init__(
        self,
        framework: Framework,
        tables: Mapping[str, Any],
        scope_units: list[ScopeUnit] | None = None,
    ):
        self.framework = framework
        self.scale: RatingScale = framework.rating_scale  # type: ignore[assignment]
        self.review = review_of(tables)
        units = scope_units if scope_units is not None else table_records(tables, "scope_units")
        self.units: list[ScopeUnit] = sorted(
            (unit for unit in units if not unit.deleted),  # type: ignore[misc]
            key=lambda unit: (unit.order, unit.label),
        )
        self.unit_by_id = {unit.id: unit for unit in self.units}
        locations = self.review.locations if self.review else ()
        self.location_names = {
            location["id"]: location.get("name", location["id"])
            for location in locations
            if isinstance(location, Mapping) and location.get("id")
        }
        aggregation = framework.aggregation
        self.aggregation = aggregation
        rule_set_id = (self.review.rule_set if self.review else "") or (
            aggregation.default_rule_set if aggregation else ""
        )
        if aggregation and rule_set_id not in aggregation.rule_sets:
            rule_set_id = aggregation.default_rule_set
        self.rule_set: RuleSet | None = (
            aggregation.rule_sets.get(rule_set_id) if aggregation else None
        )
        self.not_aggregated = (
            set(aggregation.provider_level_not_aggregated) if aggregation else set()
        )
        # ratings by slot (scope unit, location, key question) and source
        self.ratings: dict[tuple[str, str, str], dict[str, list[Rating]]] = {}
        for rating in cast(list[Rating], table_records(tables, "ratings")):
            key = (
                rating.scope_unit,
                "" if rating.scope_unit else rating.location,
                rating.key_question,
            )
            self.ratings.setdefault(key, {}).setdefault(rating.source, []).append(rating)
        self.enforcement: list[Enforcement] = table_records(tables, "enforcement")  # type: ignore[assignment]
        self.scores: list[Score] = table_records(tables, "scores")  # type: ignore[assignment]
        self.items: list[ProposedRating] = []

    # -- lookups ---------------------------------------------------------------------------

    def rating(self, unit: str, location: str, key_question: str, source: str) -> Rating | None:
        """The latest rating recorded at the slot from `source`."""
        found = self.ratings.get((unit, "" if unit else location, key_question), {}).get(source, ())
        return latest_record(found)  # type: ignore[return-value]

    def limiters_for(
        self, level: str, unit: str, key_question: str, location: str = ""
    ) -> list[tuple[Limiter, Enforcement]]:
        """The limiters (with their enforcement records) that apply to the slot."""
        if self.aggregation is None:
            return []
        out = []
        for enforcement in self.enforcement:
            limiter = self.aggregation.limiter(enforcement.kind)
            if limiter is None:
                continue
            enforcement_location = enforcement.location
            at_unit = bool(enforcement.scope_unit) and unit == enforcement.scope_unit
            at_location = (
                bool(enforcement_location)
                and not enforcement.scope_unit
                and location == enforcement_location
            )
            if limiter.applies == "linked":
                enforcement_question = enforcement.key_question or OVERALL
                if enforcement.scope_unit:
                    hit = level in UNIT_LEVELS and at_unit and key_question == enforcement_question
                elif enforcement_location:
                    hit = (
                        level in LOCATION_LEVELS
                        and at_location
                        and key_question == enforcement_question
                    )
                else:
                    hit = level in PROVIDER_LEVELS and key_question == enforcement_question
            elif limiter.applies == "key_question":
                limited_question = limiter.key_question or enforcement.key_question
                hit = key_question == limited_question and (
                    level == LEVEL_PROVIDER_KQ
                    or (level == LEVEL_UNIT_KQ and at_unit)
                    or (level == LEVEL_LOCATION_KQ and at_location)
                )
            else:  # overall: the provider overall, and the named scope unit's or location's overall
                hit = (
                    level == LEVEL_PROVIDER_OVERALL
                    or (level == LEVEL_UNIT_OVERALL and at_unit)
                    or (level == LEVEL_LOCATION_OVERALL and at_location)
                )
            if hit:
                out.append((limiter, enforcement))
        return out

    # -- one slot --------------------------------------------------------------------------

    def slot(
        self,
        level: str,
        unit: str,
        location: str,
        key_question: str,
        inputs: list[ProposedRating] | None,
        provider_level: bool = False,
        computed: tuple[str, str, str, bool | None] | None = None,
        extra: dict | None = None,
    ) -> ProposedRating:
        """Evaluate one slot.

        inputs: the items below that aggregate into this one (None: a judgement slot).
        computed: (rating, rule id, rule text, verified) already worked out (scores).
        """
        lookup_location = location if level in LOCATION_LEVELS else ""
        unit_record = self.unit_by_id.get(unit)
        not_inspected = unit_record is not None and not unit_record.inspected
        this = self.rating(unit, lookup_location, key_question, THIS_REVIEW)
        carried = self.rating(unit, lookup_location, key_question, CARRIED_FORWARD)
        input_finals = [item.final for item in inputs or () if item.final is not None]
        on_scale = [rating for rating in input_finals if self.scale.rank(rating) is not None]
        proposed: str | None = None
        rule_id: str | None = None
        rule_text = ""
        verified: bool | None = None
        judgement = False
        if computed is not None:
            proposed, rule_id, rule_text, verified = computed
            agreed = this or (carried if not_inspected else None)
        elif inputs is not None and on_scale and not provider_level:
            agreed = this or (carried if not_inspected else None)
            if key_question == OVERALL and level != LEVEL_UNIT_KQ and self._bands_overall():
                proposed, rule_id, rule_text = self._band_overall(on_scale)
            elif self.rule_set is not None:
                got = aggregate(on_scale, self.rule_set, self.scale)
                if got is not None:
                    proposed, rule = got
                    rule_id, rule_text, verified = rule.id, rule.text, rule.verified
        else:
            judgement = True
            agreed = this or carried
            if agreed is not None:
                proposed = agreed.rating
                if provider_level:
                    rule_id = PROVIDER_LEVEL
                elif agreed.source == CARRIED_FORWARD:
                    rule_id = CARRIED_FORWARD_RULE
                else:
                    rule_id = JUDGEMENT
                rule_text = RULE_TEXTS[rule_id]
            elif provider_level:
                rule_id, rule_text = PROVIDER_LEVEL, RULE_TEXTS[PROVIDER_LEVEL]
        before = proposed
        applied: list[LimiterApplied] = []
        for limiter, enforcement in self.limiters_for(
            level, unit, key_question, location if level in LOCATION_LEVELS else ""
        ):
            capped = cap(proposed, limiter.cap, self.scale)
            applied.append(
                LimiterApplied(
                    limiter.id,
                    limiter.label,
                    limiter.cap,
                    limiter.applies,
                    enforcement.id,
                    limiter.text or enforcement.text,
                    lowered=capped != proposed,
                )
            )
            proposed = capped
        departure = agreed is not None and proposed is not None and agreed.rating != proposed
        if judgement and agreed is not None and not any(limit.lowered for limit in applied):
            departure = False
        previous = self.rating(unit, lookup_location, key_question, PREVIOUS)
        item = ProposedRating(
            level=level,
            scope_unit=unit,
            location=location,
            key_question=key_question,
            proposed=proposed,
            rule_id=rule_id,
            rule_text=rule_text,
            inputs=[_input_dict(below) for below in inputs or ()],
            limiters_applied=applied,
            agreed=agreed,
            departure=departure,
            departure_reason=agreed.departure_reason if agreed is not None else "",
            previous=previous,
            rule_verified=verified,
            before_limiters=before,
            assessed_at_provider_level=provider_level,
            scope_unit_label=unit_record.label if unit_record is not None else "",
            location_name=self.location_names.get(location, location),
        )
        if agreed is not None and agreed.rated_on:
            item.rated_on = agreed.rated_on
        else:
            dates = [below.rated_on for below in inputs or () if below.rated_on]
            item.rated_on = max(dates) if dates else None
        item.change = self._change(item.final, previous)
        for name, value in (extra or {}).items():
            setattr(item, name, value)
        self.items.append(item)
        return item

    def _change(self, final: str | None, previous: Rating | None) -> str | None:
        if final is None or previous is None:
            return None
        final_rank, previous_rank = self.scale.rank(final), self.scale.rank(previous.rating)
        if final_rank is None or previous_rank is None:
            return None
        return (
            "up" if final_rank > previous_rank else "down" if final_rank < previous_rank else "same"
        )

    def _bands_overall(self) -> bool:
        scoring = self.framework.scoring
        return bool(
            scoring
            and scoring.overall_method == SCORE_BANDS_METHOD
            and scoring.rating_scores
            and scoring.bands
        )

    def _band_overall(self, ratings: list[str]) -> tuple[str | None, str, str]:
        scoring: Scoring = self.framework.scoring  # type: ignore[assignment]
        values = [
            scoring.rating_scores[rating] for rating in ratings if rating in scoring.rating_scores
        ]
        percent = score_percent(values, max(scoring.rating_scores.values()))
        if percent is None:
            return None, SCORE_BANDS, ""
        band = band_for(scoring, percent)
        return (
            band,
            SCORE_BANDS,
            (
                f"Key question ratings scored {sum(values)} of "
                f"{len(values) * max(scoring.rating_scores.values())} = {round_half_up(percent)}%, "
                f"in the {self.scale.label(band)} band"
            ),
        )

    # -- KLOE frameworks -------------------------------------------------------------------

    def unit_key_question_codes(self) -> list[str]:
        """The key questions rated per scope unit (level: unit), in framework order."""
        return [
            question.code for question in self.framework.key_questions if question.level == "unit"
        ]

    def locations_used(self) -> list[str]:
        """The ids of the review's locations that some scope unit names, in the review's order."""
        if not self.location_names:
            return []
        used = {unit.location for unit in self.units if unit.location in self.location_names}
        return [location_id for location_id in self.location_names if location_id in used]

    def run_kloe(self) -> None:
        """Evaluate every slot of a KLOE framework: scope units, then locations and the provider."""
        unit_key_questions = self.unit_key_question_codes()
        unit_items: dict[tuple[str, str], ProposedRating] = {}
        for unit in self.units:
            location = unit.location if unit.location in self.location_names else ""
            for key_question in unit_key_questions:
                unit_items[(unit.id, key_question)] = self.slot(
                    LEVEL_UNIT_KQ, unit.id, location, key_question, None
                )
            self.slot(
                LEVEL_UNIT_OVERALL,
                unit.id,
                location,
                OVERALL,
                [unit_items[(unit.id, key_question)] for key_question in unit_key_questions],
            )
        self._upper_levels(unit_items, unit_key_questions)

    def _upper_levels(
        self,
        unit_items: dict,
        unit_key_questions: list[str],
        provider_inputs: dict[str, Callable[[], ProposedRating]] | None = None,
    ) -> None:
        locations = self.locations_used()
        location_items: dict[tuple[str, str], ProposedRating] = {}
        for location_id in locations:
            units_here = [unit for unit in self.units if unit.location == location_id]
            for key_question in unit_key_questions:
                location_items[(location_id, key_question)] = self.slot(
                    LEVEL_LOCATION_KQ,
                    "",
                    location_id,
                    key_question,
                    [unit_items[(unit.id, key_question)] for unit in units_here],
                )
            self.slot(
                LEVEL_LOCATION_OVERALL,
                "",
                location_id,
                OVERALL,
                [
                    location_items[(location_id, key_question)]
                    for key_question in unit_key_questions
                ],
            )
        provider_items = []
        for question in self.framework.key_questions:
            key_question = question.code
            if provider_inputs is not None:
                provider_items.append(provider_inputs[key_question]())
                continue
            if key_question in self.not_aggregated or question.level == "review":
                provider_items.append(
                    self.slot(LEVEL_PROVIDER_KQ, "", "", key_question, None, provider_level=True)
                )
                continue
            inputs = [location_items[(location_id, key_question)] for location_id in locations]
            inputs += [
                unit_items[(unit.id, key_question)]
                for unit in self.units
                if unit.location not in locations
            ]
            provider_items.append(self.slot(LEVEL_PROVIDER_KQ, "", "", key_question, inputs))
        self.slot(LEVEL_PROVIDER_OVERALL, "", "", OVERALL, provider_items)

    # -- single assessment framework -------------------------------------------------------


def _input_dict(item: ProposedRating) -> dict:
    return {
        "level": item.level,
        "scope_unit": item.scope_unit,
        "location": item.location,
        "key_question": item.key_question,
        "rating": item.final,
        "source": item.source,
        "rated_on": item.rated_on,
    }
