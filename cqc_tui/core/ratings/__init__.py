"""Ratings engine: proposes a rating at every level from the framework's own data.

Nothing here names a KLOE, a quality statement, a rule or a threshold: rule tables, limiters,
score bands and rating scales all come from the framework YAML (see docs/frameworks.md). The
engine proposes; the team decides. For every slot (level x scope unit / location x key question)
it returns a `ProposedRating` holding what the rules give, what the team agreed, and whether the
team departed from the rules (a departure needs a recorded reason, which readiness checks).

Levels (KLOE frameworks)
------------------------
``unit_kq``          key question x scope unit: the team's own judgement (Rating records with source
                     ``this_review``; for units or key questions not inspected this time, the
                     ``carried_forward`` record, keeping its ``rated_on`` date). Linked limiters
                     lower the proposal below a judgement the enforcement says is too high.
``unit_overall``     the scope unit's unit-level key questions, aggregated by the rule set.
``location_kq``      key question x location: the scope units at that location, aggregated (only when
                     the review lists locations and scope units name one).
``location_overall`` the location's key questions, aggregated.
``provider_kq``      key question x provider: the locations' ratings (scope units with no location are
                     taken directly), or the scope units directly when there are no locations. Key
                     questions in ``aggregation.provider_level_not_aggregated`` (and key questions
                     asked at ``level: review``) are not aggregated: they take the team's
                     provider-level rating (scope unit "" and location "") and are flagged
                     ``assessed_at_provider_level``.
``provider_overall`` the provider's key questions, aggregated.

At every level the *agreed* rating (the team's record at that slot, if any) is what feeds the next
level up; otherwise the proposed one does. A slot that has nothing to aggregate (for example a
review rated at provider level with no scope units) falls back to the team's judgement, capped by
limiters. At aggregated levels only ``this_review`` records count as agreed, except for scope units
marked as not inspected, whose carried-forward ratings stand at every level.

Aggregation (`aggregate`)
-------------------------
Ratings outside the scale (not rated, insufficient evidence) are ignored. The counts are ``n``, one
per rating code, and ``below_good``: ratings ranked below the second-best rating on the scale. The
rules are tried top to bottom and the first whose ``when`` holds wins; a condition is a whole number
(exactly) or ``{min, max}``. A single rating aggregates to itself (rule id ``single-rating``).

Limiters
--------
An Enforcement record's ``kind`` is a limiter id. ``applies: linked`` caps the slot the record is
recorded against: scope unit + key question; scope unit only -> that unit's overall; location (a site
of a multi-location provider) + key question -> that location's key question; location only -> the
location's overall; key question only -> the provider's key question; none -> the provider overall.
``applies: key_question`` caps the limiter's key question at provider level, and at the record's
scope unit or location if it names one. ``applies: overall`` caps the provider overall (a breach
anywhere is the provider's breach), and also the scope unit's or location's overall if it names one.
Limiters only ever lower a rating; every limiter that applied to a slot is listed on it, with
whether it lowered the proposal.

Single assessment framework (``framework.scoring``)
---------------------------------------------------
Quality statement scores (Score records) give a key question percentage = sum / (count x max) x 100,
banded into a rating by ``scoring.bands``. Percentages are rounded half up to a whole number before
banding (62.5% -> 63%), so the bands' whole-number bounds leave no gaps.

The method is the review's ``scoring_method``; if empty, the method whose ``from``/``until`` dates
contain the review's start date; else the latest. The method used is kept on the result
(``RatingsResult.scoring_method``) so an old review still reads correctly after the method changed.

* ``per_quality_statement``: Score records without an evidence category, one per statement.
* ``per_evidence_category``: the category scores for each statement are combined first. Our choice:
  the statement's exact percentage is kept (3,2,3,3 -> 11/16 = 68.75%), and the statement score is the
  mean of its category scores rounded half up (2.75 -> 3). The key question percentage is then the
  statement scores' sum over the maximum, as for the per-statement method.

Only statements with a score count. Scope units are scored separately (``unit_kq``). The provider's
key question is banded from the scores recorded for the review as a whole (scope unit ""), if there
are any; otherwise the scope units' key question ratings (agreed, else proposed) are aggregated by
the rule set, so an agreed rating feeds the next level up as it does for KLOEs. The overall rating, when
``scoring.overall_method`` is ``score_bands``, converts the key question ratings with
``scoring.rating_scores`` and bands the percentage; otherwise the rule set aggregates them. Limiters
apply as for KLOE frameworks. The single assessment framework has no location level.

Unrated frameworks give an empty result.

The package, by concern: rules.py (the rules as plain functions, and the level and rule-id
names), results.py (what the engine returns: slots, the result, the grid), engine.py (the engine
that evaluates every slot), scored.py (the rules for frameworks with scores), evaluation.py
(evaluate and evaluate_tables, which run them). Import the public names from here
(``from cqc_tui.core.ratings import evaluate``).
"""

from cqc_tui.core.ratings.evaluation import evaluate, evaluate_tables
from cqc_tui.core.ratings.results import (
    Grid,
    GridCell,
    GridRow,
    LimiterApplied,
    ProposedRating,
    RatingsResult,
)
from cqc_tui.core.ratings.rules import (
    CARRIED_FORWARD_RULE,
    CATEGORY_METHOD,
    JUDGEMENT,
    LEVEL_LOCATION_KQ,
    LEVEL_LOCATION_OVERALL,
    LEVEL_PROVIDER_KQ,
    LEVEL_PROVIDER_OVERALL,
    LEVEL_UNIT_KQ,
    LEVEL_UNIT_OVERALL,
    LEVELS,
    LOCATION_LEVELS,
    PROVIDER_LEVEL,
    PROVIDER_LEVELS,
    RULE_TEXTS,
    SCORE_BANDS,
    SCORE_BANDS_METHOD,
    SINGLE_RATING,
    UNIT_LEVELS,
    aggregate,
    band_for,
    cap,
    choose_scoring_method,
    condition_holds,
    rating_counts,
    round_half_up,
    rule_matches,
    score_percent,
)
from cqc_tui.core.ratings.tables import review_of, table_records

__all__ = [
    "CARRIED_FORWARD_RULE",
    "CATEGORY_METHOD",
    "JUDGEMENT",
    "LEVELS",
    "LEVEL_LOCATION_KQ",
    "LEVEL_LOCATION_OVERALL",
    "LEVEL_PROVIDER_KQ",
    "LEVEL_PROVIDER_OVERALL",
    "LEVEL_UNIT_KQ",
    "LEVEL_UNIT_OVERALL",
    "LOCATION_LEVELS",
    "PROVIDER_LEVEL",
    "PROVIDER_LEVELS",
    "RULE_TEXTS",
    "SCORE_BANDS",
    "SCORE_BANDS_METHOD",
    "SINGLE_RATING",
    "UNIT_LEVELS",
    "Grid",
    "GridCell",
    "GridRow",
    "LimiterApplied",
    "ProposedRating",
    "RatingsResult",
    "aggregate",
    "band_for",
    "cap",
    "choose_scoring_method",
    "condition_holds",
    "evaluate",
    "evaluate_tables",
    "rating_counts",
    "review_of",
    "round_half_up",
    "rule_matches",
    "score_percent",
    "table_records",
]
