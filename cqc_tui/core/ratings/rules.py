"""The rules the ratings engine applies, as plain functions over framework data: counting ratings,
aggregating them by a rule table, capping by a limiter, banding a score percentage and choosing
the scoring method; and the names of the levels and built-in rule ids results carry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cqc_tui.core.framework import RatingScale, Rule, RuleSet, Scoring
from cqc_tui.core.model import Review

LEVEL_UNIT_KQ = "unit_kq"
LEVEL_UNIT_OVERALL = "unit_overall"
LEVEL_LOCATION_KQ = "location_kq"
LEVEL_LOCATION_OVERALL = "location_overall"
LEVEL_PROVIDER_KQ = "provider_kq"
LEVEL_PROVIDER_OVERALL = "provider_overall"
LEVELS: dict[str, str] = {
    LEVEL_UNIT_KQ: "Key question for a scope unit",
    LEVEL_UNIT_OVERALL: "Scope unit overall",
    LEVEL_LOCATION_KQ: "Key question for a location",
    LEVEL_LOCATION_OVERALL: "Location overall",
    LEVEL_PROVIDER_KQ: "Key question for the provider",
    LEVEL_PROVIDER_OVERALL: "Provider overall",
}
UNIT_LEVELS = (LEVEL_UNIT_KQ, LEVEL_UNIT_OVERALL)
LOCATION_LEVELS = (LEVEL_LOCATION_KQ, LEVEL_LOCATION_OVERALL)
PROVIDER_LEVELS = (LEVEL_PROVIDER_KQ, LEVEL_PROVIDER_OVERALL)

SINGLE_RATING = "single-rating"
JUDGEMENT = "team-judgement"
CARRIED_FORWARD_RULE = "carried-forward"
PROVIDER_LEVEL = "assessed-at-provider-level"
SCORE_BANDS = "score-bands"
SCORE_BANDS_METHOD = "score_bands"  # scoring.overall_method value that bands rating scores
CATEGORY_METHOD = "per_evidence_category"  # scoring method that combines evidence category scores

RULE_TEXTS = {
    SINGLE_RATING: "A single rating carries through unchanged",
    JUDGEMENT: "The team's judgement on the evidence",
    CARRIED_FORWARD_RULE: "Carried forward from an earlier inspection (not inspected this time)",
    PROVIDER_LEVEL: "Assessed at provider level, not aggregated from the services",
}


def rating_counts(ratings: Iterable[str], scale: RatingScale) -> dict[str, int]:
    """The counts a rule's `when` can test: n, each rating code, below_good."""
    on_scale = [rating for rating in ratings if scale.rank(rating) is not None]
    counts = {code: 0 for code in scale.codes}
    for rating in on_scale:
        counts[rating] += 1
    # below_good: the ratings ranked below the second-best rating on the scale (best first).
    counts["below_good"] = sum(counts[code] for code in scale.codes[2:])
    counts["n"] = len(on_scale)
    return counts


def condition_holds(condition: Any, value: int) -> bool:
    """Whether a count meets a rule condition: a whole number (exactly) or {min, max} (either open)."""
    if isinstance(condition, dict):
        low, high = condition.get("min"), condition.get("max")
        return (low is None or value >= low) and (high is None or value <= high)
    return bool(value == condition)


def rule_matches(rule: Rule, counts: Mapping[str, int]) -> bool:
    """Whether every condition of the rule's `when` holds for `counts` (an empty `when` always does)."""
    return all(
        condition_holds(condition, counts.get(key, 0)) for key, condition in rule.when.items()
    )


def aggregate(ratings: list[str], rule_set: RuleSet, scale: RatingScale) -> tuple[str, Rule] | None:
    """Combine ratings by the first rule of `rule_set` that holds. None when nothing is on the scale."""
    on_scale = [rating for rating in ratings if scale.rank(rating) is not None]
    if not on_scale:
        return None
    if len(on_scale) == 1:
        return on_scale[0], Rule(SINGLE_RATING, {"n": 1}, on_scale[0], RULE_TEXTS[SINGLE_RATING])
    counts = rating_counts(on_scale, scale)
    for rule in rule_set.rules:
        if rule_matches(rule, counts):
            return rule.result, rule
    raise ValueError(
        f"rule set {rule_set.id!r} has no rule for {counts}; its last rule must be a catch-all"
    )


def cap(code: str | None, ceiling: str, scale: RatingScale) -> str | None:
    """`code` lowered to `ceiling` if it is better; never raised. Codes off the scale are left alone."""
    if code is None:
        return None
    rank, ceiling_rank = scale.rank(code), scale.rank(ceiling)
    if rank is None or ceiling_rank is None or rank <= ceiling_rank:
        return code
    return ceiling


def round_half_up(value: float) -> int:
    """`value` rounded to a whole number, halves away from zero (62.5 -> 63), unlike round()."""
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def band_for(scoring: Scoring, percent: float) -> str:
    """The band rating for a percentage, rounded half up to a whole number first."""
    return scoring.band_for(percent)


def score_percent(scores: Iterable[int], maximum: int) -> float | None:
    """Scores as a percentage of the most they could be (count x maximum); None for no scores."""
    scores = list(scores)
    if not scores or maximum <= 0:
        return None
    return sum(scores) / (len(scores) * maximum) * 100


def choose_scoring_method(scoring: Scoring, review: Review | None) -> str | None:
    """The review's own method; else the one whose dates contain its start date; else the latest."""
    if not scoring.methods:
        return None
    ids = [method.id for method in scoring.methods]
    if review is not None and review.scoring_method in ids:
        return review.scoring_method
    start = review.start_date if review is not None else ""
    if start:
        for method in scoring.methods:
            if (not method.from_date or method.from_date <= start) and (
                not method.until or start < method.until
            ):
                return method.id
    return max(
        scoring.methods, key=lambda method: (method.from_date or "", method.until or "9999")
    ).id
