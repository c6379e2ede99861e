"""Reading the rating rules of a framework file: the `scoring:` block (scores, methods, percentage
bands) and the `aggregation:` block (rule tables and limiters). Problems are recorded on the
`Checker` as file:line with what to change."""

from __future__ import annotations

import itertools
from typing import Any

from cqc_tui.core.framework.checker import Checker, item_line, optional_text
from cqc_tui.core.framework.model import (
    KEY_QUESTION_CODES,
    Aggregation,
    Band,
    Limiter,
    RatingScale,
    Rule,
    RuleSet,
    Scoring,
    ScoringMethod,
)
from cqc_tui.core.yamlio import line_of

CONDITION_KEYS_FIXED = ("n", "below_good")
LIMITER_APPLIES = ("linked", "overall", "key_question")


def parse_scoring(
    checker: Checker, obj: Any, line: int | None, rating_codes: tuple
) -> Scoring | None:
    """The scoring rules of a `scoring:` block; bands must cover 0 to 100 percent without gaps or
    overlaps. None when the block is not a mapping (problems recorded)."""
    if not checker.mapping(obj, "scoring", line):
        return None
    checker.unknown_keys(
        obj, ("scores", "methods", "bands", "overall_method", "rating_scores"), "scoring"
    )
    scores: list[tuple[int, str]] = []
    raw_scores = obj.get("scores")
    if checker.seq(raw_scores, "scoring.scores", line_of(obj, "scores")):
        for index, raw_score in enumerate(raw_scores):
            if not checker.mapping(
                raw_score, f"scoring.scores[{index + 1}]", item_line(raw_scores, index)
            ):
                continue
            value, label = raw_score.get("value"), raw_score.get("label")
            if not isinstance(value, int) or isinstance(value, bool) or not isinstance(label, str):
                checker.add(
                    line_of(raw_score),
                    f"scoring.scores[{index + 1}] needs a whole-number 'value' and a 'label'",
                )
            else:
                scores.append((value, label))
    methods: list[ScoringMethod] = []
    raw_methods = obj.get("methods")
    if checker.seq(raw_methods, "scoring.methods", line_of(obj, "methods")):
        for index, raw_method in enumerate(raw_methods):
            if not checker.mapping(
                raw_method, f"scoring.methods[{index + 1}]", item_line(raw_methods, index)
            ):
                continue
            method_id = checker.text(raw_method, "id", f"scoring.methods[{index + 1}]")
            method_label = checker.text(raw_method, "label", f"scoring.methods[{index + 1}]")
            if method_id and method_label:
                methods.append(
                    ScoringMethod(
                        method_id,
                        method_label,
                        optional_text(raw_method.get("from")),
                        optional_text(raw_method.get("until")),
                    )
                )
    bands: list[Band] = []
    raw_bands = obj.get("bands")
    if checker.seq(raw_bands, "scoring.bands", line_of(obj, "bands")):
        for index, raw_band in enumerate(raw_bands):
            if not checker.mapping(
                raw_band, f"scoring.bands[{index + 1}]", item_line(raw_bands, index)
            ):
                continue
            rating, low, high = raw_band.get("rating"), raw_band.get("min"), raw_band.get("max")
            if rating not in rating_codes:
                checker.add(
                    line_of(raw_band, "rating"),
                    f"scoring.bands[{index + 1}].rating {rating!r} is not on the rating scale",
                )
            elif (
                not all(
                    isinstance(bound, (int, float)) and not isinstance(bound, bool)
                    for bound in (low, high)
                )
                or low > high
            ):
                checker.add(
                    line_of(raw_band), f"scoring.bands[{index + 1}] needs numbers min <= max"
                )
            else:
                bands.append(Band(rating, low, high))
        ordered = sorted(bands, key=lambda band: band.min)
        for lower, upper in itertools.pairwise(ordered):
            if upper.min != lower.max + 1:
                checker.add(
                    line_of(obj, "bands"),
                    f"scoring.bands leave a gap or overlap between {lower.max} and {upper.min}; "
                    "each band's min must be the previous max + 1",
                )
        if ordered and (ordered[0].min != 0 or ordered[-1].max != 100):
            checker.add(line_of(obj, "bands"), "scoring.bands must cover 0 to 100 percent")
    rating_scores = {}
    if "rating_scores" in obj:
        raw = obj["rating_scores"]
        if checker.mapping(raw, "scoring.rating_scores", line_of(obj, "rating_scores")):
            for rating_code, score in raw.items():
                if rating_code not in rating_codes:
                    checker.add(
                        line_of(raw, rating_code),
                        f"scoring.rating_scores names '{rating_code}', which is not on the rating scale",
                    )
                elif not isinstance(score, int):
                    checker.add(
                        line_of(raw, rating_code),
                        f"scoring.rating_scores.{rating_code} must be a whole number",
                    )
                else:
                    rating_scores[rating_code] = score
    return Scoring(
        tuple(scores),
        tuple(methods),
        tuple(bands),
        optional_text(obj.get("overall_method")),
        rating_scores,
    )


def parse_aggregation(
    checker: Checker, obj: Any, line: int | None, scale: RatingScale | None
) -> Aggregation | None:
    """The aggregation rules of an `aggregation:` block: rule tables (each ending with a catch-all
    rule), the default one, limiters and key questions not aggregated at provider level. None
    when the block is not a mapping (problems recorded)."""
    if not checker.mapping(obj, "aggregation", line):
        return None
    checker.unknown_keys(
        obj,
        ("default_rule_set", "rule_sets", "limiters", "provider_level_not_aggregated"),
        "aggregation",
    )
    codes = set(scale.codes) if scale else set()
    rule_sets: dict[str, RuleSet] = {}
    raw_sets = obj.get("rule_sets")
    if not isinstance(raw_sets, dict):
        checker.add(
            line_of(obj), "aggregation needs 'rule_sets', a mapping of rule set ids to rule tables"
        )
        raw_sets = {}
    for set_id, raw in raw_sets.items():
        rule_set = _parse_rule_set(checker, set_id, raw, line_of(raw_sets, set_id), codes)
        if rule_set is not None:
            rule_sets[set_id] = rule_set
    default = obj.get("default_rule_set")
    if default not in rule_sets:
        checker.add(
            line_of(obj, "default_rule_set"),
            f"aggregation.default_rule_set {default!r} is not one of the rule sets ({', '.join(rule_sets)})",
        )
    limiters: list[Limiter] = []
    raw_limiters = obj.get("limiters", [])
    if checker.seq(raw_limiters, "aggregation.limiters", line_of(obj, "limiters")):
        for index, raw_limiter in enumerate(raw_limiters):
            limiter = _parse_limiter(
                checker,
                raw_limiter,
                f"aggregation.limiters[{index + 1}]",
                item_line(raw_limiters, index),
                codes,
            )
            if limiter is not None:
                limiters.append(limiter)
    not_aggregated = obj.get("provider_level_not_aggregated", [])
    if not isinstance(not_aggregated, list) or any(
        code not in KEY_QUESTION_CODES for code in not_aggregated
    ):
        checker.add(
            line_of(obj, "provider_level_not_aggregated"),
            "provider_level_not_aggregated must list key question codes",
        )
        not_aggregated = []
    return Aggregation(
        default if isinstance(default, str) else "",
        rule_sets,
        tuple(limiters),
        tuple(not_aggregated),
    )


def _parse_rule_set(
    checker: Checker, set_id: str, raw: Any, at_line: int | None, codes: set
) -> RuleSet | None:
    """One rule table; None when it is not a mapping or its rules are not a list."""
    where = f"aggregation.rule_sets.{set_id}"
    if not checker.mapping(raw, where, at_line):
        return None
    checker.unknown_keys(raw, ("label", "rules"), where)
    label = checker.text(raw, "label", where) or set_id
    condition_keys = set(CONDITION_KEYS_FIXED) | codes
    rules: list[Rule] = []
    raw_rules = raw.get("rules")
    if not checker.seq(raw_rules, f"{where}.rules", line_of(raw, "rules")):
        return None
    for index, raw_rule in enumerate(raw_rules):
        rule_where = f"{where} rule {index + 1}"
        if not checker.mapping(raw_rule, rule_where, item_line(raw_rules, index)):
            continue
        checker.unknown_keys(raw_rule, ("id", "when", "result", "text", "verified"), rule_where)
        rule_id = checker.text(raw_rule, "id", rule_where)
        named = rule_id or rule_where
        text = checker.text(raw_rule, "text", named) or ""
        result = raw_rule.get("result")
        if result not in codes:
            checker.add(
                line_of(raw_rule, "result"),
                f"{named}: result {result!r} is not a rating on the scale "
                f"({', '.join(sorted(codes))})",
            )
        when = raw_rule.get("when", {})
        if when is None:
            when = {}
        if checker.mapping(when, f"{named}.when", line_of(raw_rule, "when")):
            for key, condition in when.items():
                if key not in condition_keys:
                    checker.add(
                        line_of(when, key),
                        f"{named}.when counts '{key}', which is not n, below_good or a rating code",
                    )
                elif not valid_condition(condition):
                    checker.add(
                        line_of(when, key),
                        f"{named}.when.{key} must be a whole number or {{min: a, max: b}}",
                    )
        verified = raw_rule.get("verified", True)
        if rule_id and result in codes and isinstance(when, dict):
            rules.append(Rule(rule_id, dict(when), result, text, bool(verified)))
    if rules and rules[-1].when:
        checker.add(
            line_of(raw, "rules"),
            f"{where}: the last rule must have an empty 'when' (a catch-all) so every "
            "combination of ratings gets a result",
        )
    return RuleSet(set_id, label, tuple(rules))


def _parse_limiter(
    checker: Checker, raw: Any, where: str, at_line: int | None, codes: set
) -> Limiter | None:
    """One limiter; None when it is unusable (problems recorded)."""
    if not checker.mapping(raw, where, at_line):
        return None
    checker.unknown_keys(raw, ("id", "label", "applies", "cap", "text", "key_question"), where)
    limiter_id = checker.text(raw, "id", where)
    named = limiter_id or where
    label = checker.text(raw, "label", named)
    applies = raw.get("applies")
    if applies not in LIMITER_APPLIES:
        checker.add(
            line_of(raw, "applies"), f"{named}.applies must be one of {', '.join(LIMITER_APPLIES)}"
        )
    cap = raw.get("cap")
    if cap not in codes:
        checker.add(line_of(raw, "cap"), f"{named}.cap {cap!r} is not a rating on the scale")
    key_question = raw.get("key_question")
    if applies == "key_question" and key_question not in KEY_QUESTION_CODES:
        checker.add(
            line_of(raw),
            f"{named} applies to a key question: add 'key_question:' "
            f"({', '.join(KEY_QUESTION_CODES)})",
        )
    if not (limiter_id and label and applies in LIMITER_APPLIES and cap in codes):
        return None
    return Limiter(limiter_id, label, applies, cap, str(raw.get("text") or ""), key_question)


def valid_condition(condition: Any) -> bool:
    """Whether a rule's count condition is a whole number >= 0 or {min: a, max: b} of such."""
    if isinstance(condition, int) and not isinstance(condition, bool):
        return condition >= 0
    if isinstance(condition, dict):
        return (
            set(condition) <= {"min", "max"}
            and bool(condition)
            and all(
                isinstance(value, int) and not isinstance(value, bool) and value >= 0
                for value in condition.values()
            )
        )
    return False
