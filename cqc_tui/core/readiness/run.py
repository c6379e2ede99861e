"""Running the readiness checks: over raw store tables (`check_tables`), over an open review
(`check`, with the team's findings first), or the personal-data check alone
(`personal_data_check`, what export asks about before it prints anything)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cqc_tui.core.framework import Framework
from cqc_tui.core.model import ScopeUnit
from cqc_tui.core.ratings import RatingsResult
from cqc_tui.core.readiness.checks import ALL_CHECKS
from cqc_tui.core.readiness.checks.personal_data import personal_data
from cqc_tui.core.readiness.facts import ReviewFacts
from cqc_tui.core.readiness.finding import ReadinessFinding, by_severity
from cqc_tui.core.review_types import PROVIDER_LEVEL_REQUIRED


def check_tables(
    framework: Framework,
    tables: Mapping[str, Any],
    ratings: RatingsResult | None = None,
    scope_units: list[ScopeUnit] | None = None,
    rated: bool = True,
    provider_level_required: bool = True,
) -> list[ReadinessFinding]:
    """Every readiness finding for a review given as raw store tables; errors first.

    `rated` is the review type's flag: a review type that publishes no ratings (a follow-up
    review run with a rated framework, say) gets no rating checks. `provider_level_required`
    False (a focused inspection) asks for provider-level ratings only where the team recorded
    something at that level."""
    facts = ReviewFacts(framework, tables, ratings, scope_units)
    facts.provider_level_required = provider_level_required
    found: list[ReadinessFinding] = []
    for readiness_check in ALL_CHECKS:
        if rated or not readiness_check.rated_only:
            found.extend(readiness_check.find(facts))
    return by_severity(found)


def _session_tables(session: Any) -> dict[str, Any]:
    tables = {
        name: session.records(name)
        for name in (
            "notes",
            "ratings",
            "enforcement",
            "scores",
            "members",
            "findings",
            "recommendations",
        )
    }
    tables["review"] = [session.review]
    return tables


def review_type_options(session: Any) -> dict[str, bool]:
    """What the review's type asks of the checks, as `check_tables` takes it: whether it is rated
    and whether its provider level must always be rated (a review whose type is not installed is
    checked as rated, provider level required)."""
    review_type = getattr(session, "review_type", None)
    if review_type is None:
        return {"rated": True, "provider_level_required": True}
    return {
        "rated": review_type.rated,
        "provider_level_required": review_type.provider_level == PROVIDER_LEVEL_REQUIRED,
    }


def check(session: Any, ratings: RatingsResult | None = None) -> list[ReadinessFinding]:
    """Readiness findings for an open review (a workspace ReviewSession)."""
    findings = check_tables(
        session.framework,
        _session_tables(session),
        ratings,
        scope_units=session.scope_units(),
        **review_type_options(session),
    )
    if (
        getattr(session, "team_lock", None) is not None
    ):  # a workspace session: the team's errors first
        from cqc_tui.core.readiness.team_findings import team_findings

        findings = team_findings(session) + findings
    return findings


def personal_data_check(session: Any) -> list[ReadinessFinding]:
    """The `personal_data` findings `check(session)` gives, in the same order, without the other
    checks (no ratings engine, no coverage): what export asks about before it prints anything."""
    facts = ReviewFacts(session.framework, _session_tables(session), None, session.scope_units())
    return by_severity(personal_data(facts))
