"""Evaluating a review's ratings: `evaluate_tables` over raw store tables and `evaluate` over an
open review. A KLOE framework is evaluated by the engine's own levels (engine.py); a framework with
quality statement scores by the scored rules (scored.py), which drive the engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cqc_tui.core.framework import Framework
from cqc_tui.core.model import ScopeUnit
from cqc_tui.core.ratings.engine import RatingsEngine
from cqc_tui.core.ratings.results import RatingsResult
from cqc_tui.core.ratings.scored import run_scored


def evaluate_tables(
    framework: Framework, tables: Mapping[str, Any], scope_units: list[ScopeUnit] | None = None
) -> RatingsResult:
    """Propose ratings at every level from raw store tables ({table: {id: Record}} or lists)."""
    result = RatingsResult(framework_id=framework.id, framework_version=framework.version)
    if not framework.rated or framework.rating_scale is None:
        return result
    engine = RatingsEngine(framework, tables, scope_units)
    result.rated = True
    result.scale = framework.rating_scale
    result.rule_set = engine.rule_set.id if engine.rule_set else None
    result.key_questions = [(question.code, question.label) for question in framework.key_questions]
    result.units = [(unit.id, unit.label, unit.location) for unit in engine.units]
    if engine.review is not None and engine.review.provider:
        result.provider_label = engine.review.provider
    if framework.scoring is not None:
        result.scoring_method = run_scored(engine)
    else:
        engine.run_kloe()
        result.locations = [
            (location_id, engine.location_names[location_id])
            for location_id in engine.locations_used()
        ]
    result.items = engine.items
    return result


def evaluate(session: Any) -> RatingsResult:
    """Propose ratings for an open review (a workspace ReviewSession)."""
    tables = {name: session.records(name) for name in ("ratings", "enforcement", "scores")}
    tables["review"] = [session.review]
    return evaluate_tables(session.framework, tables, scope_units=session.scope_units())
