"""Ratings from scores (the single assessment framework): quality statement scores give key
question percentages, banded into ratings; the levels above aggregate as for KLOE frameworks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cqc_tui.core.framework import KeyQuestion, Scoring
from cqc_tui.core.model import OVERALL, Score
from cqc_tui.core.ratings.results import ProposedRating
from cqc_tui.core.ratings.rules import (
    CATEGORY_METHOD,
    LEVEL_PROVIDER_KQ,
    LEVEL_UNIT_KQ,
    LEVEL_UNIT_OVERALL,
    SCORE_BANDS,
    band_for,
    choose_scoring_method,
    round_half_up,
    score_percent,
)
from cqc_tui.core.ratings.tables import latest_record

if TYPE_CHECKING:
    from cqc_tui.core.ratings.engine import RatingsEngine

# A slot worked out already (scores): ((rating, rule id, rule text, verified), extra item fields).
Computed = tuple[tuple[str, str, str, None], dict]


def run_scored(engine: RatingsEngine) -> str | None:
    """Evaluate every slot of a review on a scored framework (the single assessment framework)
    with `engine`; returns the scoring method used."""
    scoring: Scoring = engine.framework.scoring  # type: ignore[assignment]
    method = choose_scoring_method(scoring, engine.review)
    maximum = scoring.max_score
    by_category = method == CATEGORY_METHOD
    statements = _statement_results(engine, scoring, by_category)

    def computed_for_key_question(key_question_statements: list[dict]) -> Computed | None:
        if not key_question_statements:
            return None
        total = sum(statement["score"] for statement in key_question_statements)
        percent = score_percent(
            [statement["score"] for statement in key_question_statements], maximum
        )
        exact = sum(statement["percent"] for statement in key_question_statements) / len(
            key_question_statements
        )
        rating = band_for(scoring, percent)  # type: ignore[arg-type]
        text = (
            f"{len(key_question_statements)} quality statement score(s) total {total} of "
            f"{len(key_question_statements) * maximum} = {round_half_up(percent)}% (rounded), "  # type: ignore[arg-type]
            f"in the {engine.scale.label(rating)} band"
        )
        return (rating, SCORE_BANDS, text, None), {
            "percent": percent,
            "exact_percent": exact,
            "scoring_method": method,
        }

    order = {line.code: index for index, line in enumerate(engine.framework.lines())}

    def line_order(statement: dict) -> int:
        return order.get(statement["line"], 0)

    def statements_for(unit_id: str, key_question: str) -> list[dict]:
        return sorted(
            (
                statement
                for (statement_unit, line_code), statement in statements.items()
                if statement_unit == unit_id
                and engine.framework.key_question_of(line_code) == key_question
            ),
            key=line_order,
        )

    unit_key_questions = engine.unit_key_question_codes()
    unit_items: dict[tuple[str, str], ProposedRating] = {}
    for unit in engine.units:
        for key_question in unit_key_questions:
            key_question_statements = statements_for(unit.id, key_question)
            got = computed_for_key_question(key_question_statements)
            if got is None:
                unit_items[(unit.id, key_question)] = engine.slot(
                    LEVEL_UNIT_KQ, unit.id, "", key_question, None
                )
            else:
                item = engine.slot(
                    LEVEL_UNIT_KQ,
                    unit.id,
                    "",
                    key_question,
                    None,
                    computed=got[0],
                    extra=got[1],
                )
                item.inputs = [_statement_dict(statement) for statement in key_question_statements]
                unit_items[(unit.id, key_question)] = item
        engine.slot(
            LEVEL_UNIT_OVERALL,
            unit.id,
            "",
            OVERALL,
            [unit_items[(unit.id, key_question)] for key_question in unit_key_questions],
        )

    def provider_key_question(question: KeyQuestion) -> Callable[[], ProposedRating]:
        key_question = question.code

        def make() -> ProposedRating:
            key_question_statements = statements_for("", key_question)
            got = computed_for_key_question(key_question_statements)
            if got is None:
                if question.level == "review" or key_question in engine.not_aggregated:
                    return engine.slot(
                        LEVEL_PROVIDER_KQ, "", "", key_question, None, provider_level=True
                    )
                inputs = [
                    unit_items[(unit.id, key_question)]
                    for unit in engine.units
                    if (unit.id, key_question) in unit_items
                ]
                return engine.slot(LEVEL_PROVIDER_KQ, "", "", key_question, inputs)
            item = engine.slot(
                LEVEL_PROVIDER_KQ, "", "", key_question, None, computed=got[0], extra=got[1]
            )
            item.inputs = [_statement_dict(statement) for statement in key_question_statements]
            return item

        return make

    saved_locations = engine.location_names
    engine.location_names = {}  # no location level for scored frameworks
    engine._upper_levels(
        unit_items,
        unit_key_questions,
        {
            question.code: provider_key_question(question)
            for question in engine.framework.key_questions
        },
    )
    engine.location_names = saved_locations
    return method


def _statement_results(
    engine: RatingsEngine, scoring: Scoring, by_category: bool
) -> dict[tuple[str, str], dict]:
    """Each quality statement's score and percentage per (scope unit, line), from the Score
    records of the method (with evidence categories, or without)."""
    maximum = scoring.max_score
    valid_scores = sorted(value for value, _ in scoring.scores)
    grouped: dict[tuple[str, str], list[Score]] = {}
    for score_record in engine.scores:
        if bool(score_record.evidence_category) != by_category:
            continue
        grouped.setdefault((score_record.scope_unit, score_record.line), []).append(score_record)
    statements: dict[tuple[str, str], dict] = {}
    for (unit, line), records in grouped.items():
        if engine.framework.line(line) is None:
            continue
        if by_category:
            per_category: dict[str, Score] = {}
            for score_record in records:
                current = per_category.get(score_record.evidence_category)
                if current is None or (score_record.updated, score_record.rev) > (
                    current.updated,
                    current.rev,
                ):
                    per_category[score_record.evidence_category] = score_record
            categories = {
                category: record.score for category, record in sorted(per_category.items())
            }
            exact = score_percent(categories.values(), maximum)
            mean = sum(categories.values()) / len(categories)
            score = round_half_up(mean)
            score = (
                min(valid_scores, key=lambda value: (abs(value - score), value))
                if valid_scores
                else score
            )
            statements[(unit, line)] = {
                "line": line,
                "score": score,
                "percent": exact,
                "categories": categories,
            }
        else:
            latest: Score = latest_record(records)  # type: ignore[assignment]
            statements[(unit, line)] = {
                "line": line,
                "score": latest.score,
                "percent": score_percent([latest.score], maximum),
            }
    return statements


def _statement_dict(statement: dict) -> dict:
    out = {"line": statement["line"], "score": statement["score"], "percent": statement["percent"]}
    if "categories" in statement:
        out["categories"] = dict(statement["categories"])
    return out
