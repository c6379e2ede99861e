"""Readiness checks on the ratings (rated review types only): every rating in place, every
departure from the proposed rating explained, scores recorded under the method the review uses;
and on the regulatory action that limits them (any review type): each with the regulated activity
and how the regulation was not met, which the report prints with it.

Codes: unrated, no_scores, departure_no_reason, scores_other_method, scoring_method_assumed,
enforcement_incomplete."""

from __future__ import annotations

from collections.abc import Iterator

from cqc_tui.core.model import THIS_REVIEW, Enforcement, Score
from cqc_tui.core.ratings import (
    CARRIED_FORWARD_RULE,
    CATEGORY_METHOD,
    JUDGEMENT,
    LEVEL_PROVIDER_KQ,
    LEVEL_UNIT_KQ,
    PROVIDER_LEVEL,
    choose_scoring_method,
    table_records,
)
from cqc_tui.core.readiness.check_model import ReadinessCheck
from cqc_tui.core.readiness.facts import ReviewFacts
from cqc_tui.core.readiness.finding import ReadinessFinding, finding

# The rules under which the team's rating is a judgement on evidence, not an aggregation.
JUDGEMENT_RULES = (JUDGEMENT, CARRIED_FORWARD_RULE, PROVIDER_LEVEL)


def missing_ratings(facts: ReviewFacts) -> Iterator[ReadinessFinding]:
    """unrated (no_scores for a scored framework): a scope unit x key question, or a provider-level
    key question assessed there, with no rating (error). A review type whose provider level is
    rated only when recorded asks for it only where the team recorded something there."""
    if not facts.result.rated:
        return
    scored = facts.framework.scoring is not None
    for item in facts.result.items:
        if item.final is not None:
            continue
        if item.level == LEVEL_UNIT_KQ or (
            item.level == LEVEL_PROVIDER_KQ and (item.assessed_at_provider_level or not facts.units)
        ):
            pass
        else:
            continue
        if (
            item.level == LEVEL_PROVIDER_KQ
            and facts.units
            and not facts.provider_level_required
            and not facts.recorded_at_provider_level(item.key_question)
        ):
            continue  # a focused inspection that did not look at the provider as a whole
        where = facts.where(item.scope_unit, item.key_question)
        unit = facts.unit_label.get(item.scope_unit)
        if scored:
            yield finding(
                "no_scores",
                "error",
                f"{where[0].upper()}{where[1:]} has no quality statement scores and no rating yet.",
                scope_unit=item.scope_unit,
                key_question=item.key_question,
            )
        elif item.scope_unit and unit is not None and not facts.unit_inspected(item.scope_unit):
            yield finding(
                "unrated",
                "error",
                f"{where[0].upper()}{where[1:]} has no rating: {unit} was not inspected this time, so "
                "record the rating carried forward from the last inspection (or 'Not rated').",
                scope_unit=item.scope_unit,
                key_question=item.key_question,
            )
        else:
            extra = " (assessed at provider level)" if item.assessed_at_provider_level else ""
            yield finding(
                "unrated",
                "error",
                f"{where[0].upper()}{where[1:]}{extra} has no rating yet; rate it, carry the earlier "
                "rating forward, or record it as not rated.",
                scope_unit=item.scope_unit,
                key_question=item.key_question,
            )


def departures_without_reason(facts: ReviewFacts) -> Iterator[ReadinessFinding]:
    """departure_no_reason: the team agreed a rating other than the proposed one and recorded no
    reason (error)."""
    for item in facts.result.items:
        if not item.departure or item.agreed is None or item.source != THIS_REVIEW:
            continue
        if item.departure_reason.strip():
            continue
        lowered = [
            limiter.label[:1].lower() + limiter.label[1:]
            for limiter in item.limiters_applied
            if limiter.lowered
        ]
        where = facts.where(item.scope_unit, item.key_question, item.location)
        where_capitalised = where[0].upper() + where[1:]
        agreed, proposed = facts.label(item.agreed.rating), facts.label(item.proposed)
        if item.rule_id in JUDGEMENT_RULES:
            message = (
                f"{where_capitalised}: the team rated {agreed}, but the {' and '.join(lowered) or 'limiter'} "
                f"normally limits it to {proposed}. Record the reason for the departure."
            )
        else:
            limited = f", limited by {' and '.join(lowered)}" if lowered else ""
            message = (
                f"{where_capitalised}: the team agreed {agreed} but the aggregation rules give {proposed} "
                f"(rule {item.rule_id}: {item.rule_text}{limited}). Record the reason for the departure."
            )
        yield finding(
            "departure_no_reason",
            "error",
            message,
            rating_id=item.agreed.id,
            scope_unit=item.scope_unit,
            location=item.location,
            key_question=item.key_question,
            level=item.level,
        )


def scores_under_other_method(facts: ReviewFacts) -> Iterator[ReadinessFinding]:
    """scoring_method_assumed (info) when the review records no scoring method;
    scores_other_method (warning) for scores recorded under the method the review does not use."""
    scoring = facts.framework.scoring
    if scoring is None or not facts.result.rated:
        return
    method = facts.result.scoring_method or choose_scoring_method(scoring, facts.review)
    if facts.review is not None and not facts.review.scoring_method and method:
        label = next(
            (known_method.label for known_method in scoring.methods if known_method.id == method),
            method,
        )
        yield finding(
            "scoring_method_assumed",
            "info",
            f"The review does not record its scoring method; scores are read as '{label}', the method "
            "in use on its start date.",
            scoring_method=method,
        )
    by_category = method == CATEGORY_METHOD
    other = [
        score
        for score in table_records(facts.tables, "scores")
        if isinstance(score, Score) and bool(score.evidence_category) != by_category
    ]
    if other:
        used = next(
            (known_method.label for known_method in scoring.methods if known_method.id == method),
            method or "none",
        )
        how = "per evidence category" if not by_category else "for whole quality statements"
        yield finding(
            "scores_other_method",
            "warning",
            f"{len(other)} score(s) were recorded {how}, but this review uses '{used}'; they are not "
            "counted.",
            score_ids=[score.id for score in other],
        )


def enforcement_without_detail(facts: ReviewFacts) -> Iterator[ReadinessFinding]:
    """enforcement_incomplete: a regulatory action (requirement notice, warning notice, new
    condition ...) without the regulated activity or how the regulation was not met, which the
    report prints with it as CQC's reports do (error: a final report needs both)."""
    aggregation = facts.framework.aggregation
    for record in table_records(facts.tables, "enforcement"):
        if not isinstance(record, Enforcement) or record.deleted:
            continue
        missing = [
            what
            for what, value in (
                ("the regulated activity", record.regulated_activity),
                ("how the regulation was not met", record.how_not_met),
            )
            if not value.strip()
        ]
        if not missing:
            continue
        limiter = aggregation.limiter(record.kind) if aggregation else None
        kind = limiter.label if limiter else (record.kind or "Regulatory action")
        where = facts.where(record.scope_unit, record.key_question, record.location)
        yield finding(
            "enforcement_incomplete",
            "error",
            f"{kind} ({where}{', ' + record.regulation if record.regulation else ''}): give "
            f"{' and '.join(missing)} (f, then 3 on the review screen)",
            enforcement_id=record.id,
            scope_unit=record.scope_unit,
            key_question=record.key_question,
        )


CHECKS = (
    ReadinessCheck(missing_ratings, rated_only=True),
    ReadinessCheck(departures_without_reason, rated_only=True),
    ReadinessCheck(scores_under_other_method, rated_only=True),
    ReadinessCheck(enforcement_without_detail),
)
