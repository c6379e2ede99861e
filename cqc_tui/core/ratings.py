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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from cqc_tui.core.framework import Framework, Limiter, RatingScale, Rule, RuleSet, Scoring
from cqc_tui.core.model import OVERALL, Enforcement, Rating, Record, Review, Score, ScopeUnit, record_from_dict

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
CARRIED_FORWARD = "carried-forward"
PROVIDER_LEVEL = "assessed-at-provider-level"
SCORE_BANDS = "score-bands"
SCORE_BANDS_METHOD = "score_bands"       # scoring.overall_method value that bands rating scores
CATEGORY_METHOD = "per_evidence_category"  # scoring method that combines evidence category scores

RULE_TEXTS = {
    SINGLE_RATING: "A single rating carries through unchanged",
    JUDGEMENT: "The team's judgement on the evidence",
    CARRIED_FORWARD: "Carried forward from an earlier inspection (not inspected this time)",
    PROVIDER_LEVEL: "Assessed at provider level, not aggregated from the services",
}


# ----------------------------------------------------------------------------- aggregation


def rating_counts(ratings: Iterable[str], scale: RatingScale) -> dict[str, int]:
    """The counts a rule's `when` can test: n, each rating code, below_good."""
    on_scale = [r for r in ratings if scale.rank(r) is not None]
    counts = {code: 0 for code in scale.codes}
    for r in on_scale:
        counts[r] += 1
    threshold = scale.rank(scale.codes[1]) if len(scale.codes) > 1 else scale.rank(scale.codes[0])
    counts["below_good"] = sum(1 for r in on_scale if scale.rank(r) < threshold)  # type: ignore[operator]
    counts["n"] = len(on_scale)
    return counts


def condition_holds(condition: Any, value: int) -> bool:
    if isinstance(condition, dict):
        lo, hi = condition.get("min"), condition.get("max")
        return (lo is None or value >= lo) and (hi is None or value <= hi)
    return value == condition


def rule_matches(rule: Rule, counts: Mapping[str, int]) -> bool:
    return all(condition_holds(cond, counts.get(key, 0)) for key, cond in rule.when.items())


def aggregate(ratings: list[str], rule_set: RuleSet, scale: RatingScale) -> tuple[str, Rule] | None:
    """Combine ratings by the first rule of `rule_set` that holds. None when nothing is on the scale."""
    on_scale = [r for r in ratings if scale.rank(r) is not None]
    if not on_scale:
        return None
    if len(on_scale) == 1:
        return on_scale[0], Rule(SINGLE_RATING, {"n": 1}, on_scale[0], RULE_TEXTS[SINGLE_RATING])
    counts = rating_counts(on_scale, scale)
    for rule in rule_set.rules:
        if rule_matches(rule, counts):
            return rule.result, rule
    raise ValueError(f"rule set {rule_set.id!r} has no rule for {counts}; its last rule must be a catch-all")


def cap(code: str | None, ceiling: str, scale: RatingScale) -> str | None:
    """`code` lowered to `ceiling` if it is better; never raised. Codes off the scale are left alone."""
    if code is None:
        return None
    r, c = scale.rank(code), scale.rank(ceiling)
    if r is None or c is None or r <= c:
        return code
    return ceiling


def round_half_up(x: float) -> int:
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


def band_for(scoring: Scoring, percent: float) -> str:
    """The band rating for a percentage, rounded half up to a whole number first."""
    return scoring.band_for(percent)


def score_percent(scores: Iterable[int], maximum: int) -> float | None:
    scores = list(scores)
    if not scores or maximum <= 0:
        return None
    return sum(scores) / (len(scores) * maximum) * 100


def choose_scoring_method(scoring: Scoring, review: Review | None) -> str | None:
    """The review's own method; else the one whose dates contain its start date; else the latest."""
    if not scoring.methods:
        return None
    ids = [m.id for m in scoring.methods]
    if review is not None and review.scoring_method in ids:
        return review.scoring_method
    start = review.start_date if review is not None else ""
    if start:
        for m in scoring.methods:
            if (not m.from_date or m.from_date <= start) and (not m.until or start < m.until):
                return m.id
    return max(scoring.methods, key=lambda m: (m.from_date or "", m.until or "9999")).id


# ----------------------------------------------------------------------------- results


@dataclass
class LimiterApplied:
    limiter: str
    label: str
    cap: str
    applies: str
    enforcement_id: str
    text: str = ""
    lowered: bool = False

    def to_dict(self) -> dict:
        return {"limiter": self.limiter, "label": self.label, "cap": self.cap, "applies": self.applies,
                "enforcement_id": self.enforcement_id, "text": self.text, "lowered": self.lowered}


@dataclass
class ProposedRating:
    """What the rules give for one slot, beside what the team agreed."""

    level: str
    scope_unit: str
    location: str
    key_question: str
    proposed: str | None
    rule_id: str | None = None
    rule_text: str = ""
    inputs: list = field(default_factory=list)
    limiters_applied: list = field(default_factory=list)
    agreed: Rating | None = None
    departure: bool = False
    departure_reason: str = ""
    rated_on: str | None = None
    previous: Rating | None = None
    change: str | None = None
    # extras
    rule_verified: bool | None = None
    before_limiters: str | None = None
    assessed_at_provider_level: bool = False
    percent: float | None = None
    exact_percent: float | None = None
    scoring_method: str | None = None
    scope_unit_label: str = ""
    location_name: str = ""

    @property
    def final(self) -> str | None:
        """The rating that stands: the team's agreed rating if any, else the proposed one."""
        if self.agreed is not None:
            return self.agreed.rating
        return self.proposed

    @property
    def source(self) -> str | None:
        return self.agreed.source if self.agreed is not None else None

    @property
    def is_overall(self) -> bool:
        return self.key_question == OVERALL

    def to_dict(self, scale: RatingScale | None = None) -> dict:
        def lab(code: str | None) -> str | None:
            return scale.label(code) if scale is not None and code else code

        return {
            "level": self.level,
            "scope_unit": self.scope_unit,
            "scope_unit_label": self.scope_unit_label,
            "location": self.location,
            "location_name": self.location_name,
            "key_question": self.key_question,
            "proposed": self.proposed,
            "proposed_label": lab(self.proposed),
            "rule_id": self.rule_id,
            "rule_text": self.rule_text,
            "rule_verified": self.rule_verified,
            "before_limiters": self.before_limiters,
            "inputs": [dict(i) for i in self.inputs],
            "limiters_applied": [lim.to_dict() for lim in self.limiters_applied],
            "agreed": _rating_dict(self.agreed),
            "final": self.final,
            "final_label": lab(self.final),
            "departure": self.departure,
            "departure_reason": self.departure_reason,
            "rated_on": self.rated_on,
            "previous": _rating_dict(self.previous),
            "change": self.change,
            "assessed_at_provider_level": self.assessed_at_provider_level,
            "percent": self.percent,
            "exact_percent": self.exact_percent,
            "scoring_method": self.scoring_method,
        }


def _rating_dict(r: Rating | None) -> dict | None:
    if r is None:
        return None
    return {"id": r.id, "rating": r.rating, "source": r.source, "rated_on": r.rated_on,
            "departure_reason": r.departure_reason, "note_ids": list(r.note_ids), "author": r.author}


@dataclass
class GridCell:
    key_question: str
    proposed: str | None
    agreed: str | None
    final: str | None
    colour: str | None
    label: str
    departure: bool = False
    change: str | None = None
    previous: str | None = None
    rated_on: str | None = None
    limiters: tuple = ()
    assessed_at_provider_level: bool = False

    def to_dict(self) -> dict:
        return {"key_question": self.key_question, "proposed": self.proposed, "agreed": self.agreed,
                "final": self.final, "colour": self.colour, "label": self.label, "departure": self.departure,
                "change": self.change, "previous": self.previous, "rated_on": self.rated_on,
                "limiters": list(self.limiters), "assessed_at_provider_level": self.assessed_at_provider_level}


@dataclass
class GridRow:
    kind: str            # "scope_unit", "location" or "provider"
    scope_unit: str
    location: str
    label: str
    cells: dict          # column code -> GridCell

    def to_dict(self) -> dict:
        return {"kind": self.kind, "scope_unit": self.scope_unit, "location": self.location, "label": self.label,
                "cells": {k: c.to_dict() for k, c in self.cells.items()}}


@dataclass
class Grid:
    columns: list        # (code, label): the key questions, then ("overall", "Overall")
    rows: list           # GridRow: scope units, then locations (if any), then the provider

    def to_dict(self) -> dict:
        return {"columns": [{"code": c, "label": lab} for c, lab in self.columns],
                "rows": [r.to_dict() for r in self.rows]}


@dataclass
class RatingsResult:
    framework_id: str = ""
    framework_version: str = ""
    rated: bool = False
    rule_set: str | None = None
    scoring_method: str | None = None
    items: list = field(default_factory=list)
    scale: RatingScale | None = None
    key_questions: list = field(default_factory=list)   # (code, label)
    units: list = field(default_factory=list)           # (id, label, location id)
    locations: list = field(default_factory=list)       # (id, name) of locations used
    provider_label: str = "Provider"

    def get(self, scope_unit: str = "", key_question: str = OVERALL, location: str = "",
            level: str | None = None) -> ProposedRating | None:
        """The item for a slot, or None. Without `level`: scope unit given -> unit level; else location
        given -> location level; else provider level. A unit's items also match its own location."""
        if level is None:
            levels = UNIT_LEVELS if scope_unit else LOCATION_LEVELS if location else PROVIDER_LEVELS
        else:
            levels = (level,)
        for item in self.items:
            if item.level not in levels or item.key_question != key_question:
                continue
            if item.level in UNIT_LEVELS:
                if item.scope_unit != scope_unit or (location and item.location != location):
                    continue
            elif scope_unit or (item.level in LOCATION_LEVELS and item.location != location) or (
                    item.level in PROVIDER_LEVELS and location):
                continue
            return item
        return None

    def at_level(self, level: str) -> list[ProposedRating]:
        return [i for i in self.items if i.level == level]

    def departures(self) -> list[ProposedRating]:
        return [i for i in self.items if i.departure]

    def grid(self) -> Grid:
        columns = list(self.key_questions) + [(OVERALL, "Overall")]
        rows: list[GridRow] = []
        for uid, label, _loc in self.units:
            rows.append(GridRow("scope_unit", uid, "", label, self._cells(columns, scope_unit=uid)))
        for lid, name in self.locations:
            rows.append(GridRow("location", "", lid, name, self._cells(columns, location=lid)))
        if self.rated:
            rows.append(GridRow("provider", "", "", self.provider_label, self._cells(columns)))
        return Grid(columns, rows)

    def _cells(self, columns: list, scope_unit: str = "", location: str = "") -> dict:
        cells = {}
        for code, _ in columns:
            item = self.get(scope_unit, code, location)
            if item is None:
                cells[code] = GridCell(code, None, None, None, None, "")
                continue
            final = item.final
            scale = self.scale
            cells[code] = GridCell(
                code, item.proposed, item.agreed.rating if item.agreed else None, final,
                scale.colour(final) if scale else None, scale.label(final) if scale and final else "",
                item.departure, item.change, item.previous.rating if item.previous else None, item.rated_on,
                tuple(lim.limiter for lim in item.limiters_applied if lim.lowered), item.assessed_at_provider_level)
        return cells

    def to_json(self) -> dict:
        return {
            "framework": {"id": self.framework_id, "version": self.framework_version},
            "rated": self.rated,
            "rule_set": self.rule_set,
            "scoring_method": self.scoring_method,
            "items": [i.to_dict(self.scale) for i in self.items],
            "grid": self.grid().to_dict(),
        }


# ----------------------------------------------------------------------------- tables


def table_records(tables: Mapping[str, Any], name: str, include_deleted: bool = False) -> list[Record]:
    """Records of one table from a store-like mapping: {table: {id: Record}} or {table: [Record | dict]}."""
    raw = tables.get(name)
    if raw is None:
        return []
    if isinstance(raw, Record):
        values: Iterable = [raw]
    elif isinstance(raw, Mapping):
        values = raw.values()
    else:
        values = raw
    out = []
    for v in values:
        rec = v if isinstance(v, Record) else record_from_dict(name, v)
        if include_deleted or not rec.deleted:
            out.append(rec)
    return out


def review_of(tables: Mapping[str, Any]) -> Review | None:
    reviews = table_records(tables, "review")
    return reviews[0] if reviews else None  # type: ignore[return-value]


def _latest(records: Iterable[Record]) -> Record | None:
    return max(records, key=lambda r: (r.updated, r.rev, r.id), default=None)


# ----------------------------------------------------------------------------- engine


class _Engine:
    def __init__(self, framework: Framework, tables: Mapping[str, Any], scope_units: list[ScopeUnit] | None = None):
        self.fw = framework
        self.scale: RatingScale = framework.rating_scale  # type: ignore[assignment]
        self.review = review_of(tables)
        units = scope_units if scope_units is not None else table_records(tables, "scope_units")
        self.units: list[ScopeUnit] = sorted((u for u in units if not u.deleted),  # type: ignore[union-attr]
                                             key=lambda u: (u.order, u.label))
        self.unit_by_id = {u.id: u for u in self.units}
        locs = self.review.locations if self.review else ()
        self.location_names = {loc["id"]: loc.get("name", loc["id"]) for loc in locs
                               if isinstance(loc, Mapping) and loc.get("id")}
        agg = framework.aggregation
        self.agg = agg
        rs_id = (self.review.rule_set if self.review else "") or (agg.default_rule_set if agg else "")
        if agg and rs_id not in agg.rule_sets:
            rs_id = agg.default_rule_set
        self.rule_set: RuleSet | None = agg.rule_sets.get(rs_id) if agg else None
        self.not_aggregated = set(agg.provider_level_not_aggregated) if agg else set()
        self.kq_labels = {kq.code: kq.label for kq in framework.key_questions}
        # ratings by slot (scope unit, location, key question) and source
        self.ratings: dict[tuple[str, str, str], dict[str, list[Rating]]] = {}
        for r in table_records(tables, "ratings"):
            key = (r.scope_unit, "" if r.scope_unit else r.location, r.key_question)  # type: ignore[attr-defined]
            self.ratings.setdefault(key, {}).setdefault(r.source, []).append(r)  # type: ignore[attr-defined]
        self.enforcement: list[Enforcement] = table_records(tables, "enforcement")  # type: ignore[assignment]
        self.scores: list[Score] = table_records(tables, "scores")  # type: ignore[assignment]
        self.items: list[ProposedRating] = []

    # -- lookups ---------------------------------------------------------------------------

    def rating(self, unit: str, location: str, kq: str, source: str) -> Rating | None:
        return _latest(self.ratings.get((unit, "" if unit else location, kq), {}).get(source, ()))  # type: ignore

    def limiters_for(self, level: str, unit: str, kq: str, location: str = "") -> list[tuple[Limiter, Enforcement]]:
        if self.agg is None:
            return []
        out = []
        for e in self.enforcement:
            lim = self.agg.limiter(e.kind)
            if lim is None:
                continue
            e_loc = e.location
            at_unit = bool(e.scope_unit) and unit == e.scope_unit
            at_location = bool(e_loc) and not e.scope_unit and location == e_loc
            if lim.applies == "linked":
                e_kq = e.key_question or OVERALL
                if e.scope_unit:
                    hit = level in UNIT_LEVELS and at_unit and kq == e_kq
                elif e_loc:
                    hit = level in LOCATION_LEVELS and at_location and kq == e_kq
                else:
                    hit = level in PROVIDER_LEVELS and kq == e_kq
            elif lim.applies == "key_question":
                lkq = lim.key_question or e.key_question
                hit = kq == lkq and (level == LEVEL_PROVIDER_KQ or (level == LEVEL_UNIT_KQ and at_unit)
                                     or (level == LEVEL_LOCATION_KQ and at_location))
            else:  # overall: the provider overall, and the named scope unit's or location's overall
                hit = level == LEVEL_PROVIDER_OVERALL or (level == LEVEL_UNIT_OVERALL and at_unit) or (
                    level == LEVEL_LOCATION_OVERALL and at_location)
            if hit:
                out.append((lim, e))
        return out

    # -- one slot --------------------------------------------------------------------------

    def slot(self, level: str, unit: str, location: str, kq: str, inputs: list[ProposedRating] | None,
             provider_level: bool = False, computed: tuple[str, str, str, bool | None] | None = None,
             extra: dict | None = None) -> ProposedRating:
        """Evaluate one slot.

        inputs: the items below that aggregate into this one (None: a judgement slot).
        computed: (rating, rule id, rule text, verified) already worked out (scores).
        """
        lookup_loc = location if level in LOCATION_LEVELS else ""
        unit_obj = self.unit_by_id.get(unit)
        not_inspected = unit_obj is not None and not unit_obj.inspected
        this = self.rating(unit, lookup_loc, kq, "this_review")
        carried = self.rating(unit, lookup_loc, kq, "carried_forward")
        input_finals = [i.final for i in inputs or () if i.final is not None]
        on_scale = [r for r in input_finals if self.scale.rank(r) is not None]
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
            if kq == OVERALL and level != LEVEL_UNIT_KQ and self._bands_overall():
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
                elif agreed.source == "carried_forward":
                    rule_id = CARRIED_FORWARD
                else:
                    rule_id = JUDGEMENT
                rule_text = RULE_TEXTS[rule_id]
            elif provider_level:
                rule_id, rule_text = PROVIDER_LEVEL, RULE_TEXTS[PROVIDER_LEVEL]
        before = proposed
        applied: list[LimiterApplied] = []
        for lim, e in self.limiters_for(level, unit, kq, location if level in LOCATION_LEVELS else ""):
            capped = cap(proposed, lim.cap, self.scale)
            applied.append(LimiterApplied(lim.id, lim.label, lim.cap, lim.applies, e.id, lim.text or e.text,
                                          lowered=capped != proposed))
            proposed = capped
        departure = agreed is not None and proposed is not None and agreed.rating != proposed
        if judgement and agreed is not None and not any(a.lowered for a in applied):
            departure = False
        previous = self.rating(unit, lookup_loc, kq, "previous")
        item = ProposedRating(
            level=level, scope_unit=unit, location=location, key_question=kq, proposed=proposed,
            rule_id=rule_id, rule_text=rule_text,
            inputs=[_input_dict(i) for i in inputs or ()],
            limiters_applied=applied, agreed=agreed, departure=departure,
            departure_reason=agreed.departure_reason if agreed is not None else "",
            previous=previous, rule_verified=verified, before_limiters=before,
            assessed_at_provider_level=provider_level,
            scope_unit_label=unit_obj.label if unit_obj is not None else "",
            location_name=self.location_names.get(location, location),
        )
        if agreed is not None and agreed.rated_on:
            item.rated_on = agreed.rated_on
        else:
            dates = [i.rated_on for i in inputs or () if i.rated_on]
            item.rated_on = max(dates) if dates else None
        item.change = self._change(item.final, previous)
        for k, v in (extra or {}).items():
            setattr(item, k, v)
        self.items.append(item)
        return item

    def _change(self, final: str | None, previous: Rating | None) -> str | None:
        if final is None or previous is None:
            return None
        a, b = self.scale.rank(final), self.scale.rank(previous.rating)
        if a is None or b is None:
            return None
        return "up" if a > b else "down" if a < b else "same"

    def _bands_overall(self) -> bool:
        sc = self.fw.scoring
        return bool(sc and sc.overall_method == SCORE_BANDS_METHOD and sc.rating_scores and sc.bands)

    def _band_overall(self, ratings: list[str]) -> tuple[str | None, str, str]:
        sc: Scoring = self.fw.scoring  # type: ignore[assignment]
        values = [sc.rating_scores[r] for r in ratings if r in sc.rating_scores]
        pct = score_percent(values, max(sc.rating_scores.values()))
        if pct is None:
            return None, SCORE_BANDS, ""
        band = band_for(sc, pct)
        return band, SCORE_BANDS, (f"Key question ratings scored {sum(values)} of "
                                   f"{len(values) * max(sc.rating_scores.values())} = {round_half_up(pct)}%, "
                                   f"in the {self.scale.label(band)} band")

    # -- KLOE frameworks -------------------------------------------------------------------

    def unit_kq_codes(self) -> list[str]:
        return [kq.code for kq in self.fw.key_questions if kq.level == "unit"]

    def locations_used(self) -> list[str]:
        if not self.location_names:
            return []
        used = {u.location for u in self.units if u.location in self.location_names}
        return [lid for lid in self.location_names if lid in used]

    def run_kloe(self) -> None:
        unit_kqs = self.unit_kq_codes()
        unit_items: dict[tuple[str, str], ProposedRating] = {}
        for u in self.units:
            loc = u.location if u.location in self.location_names else ""
            for kq in unit_kqs:
                unit_items[(u.id, kq)] = self.slot(LEVEL_UNIT_KQ, u.id, loc, kq, None)
            self.slot(LEVEL_UNIT_OVERALL, u.id, loc, OVERALL, [unit_items[(u.id, kq)] for kq in unit_kqs])
        self._upper_levels(unit_items, unit_kqs)

    def _upper_levels(self, unit_items: dict, unit_kqs: list[str], provider_inputs: dict | None = None) -> None:
        locations = self.locations_used()
        loc_items: dict[tuple[str, str], ProposedRating] = {}
        for lid in locations:
            units_here = [u for u in self.units if u.location == lid]
            for kq in unit_kqs:
                loc_items[(lid, kq)] = self.slot(LEVEL_LOCATION_KQ, "", lid, kq,
                                                 [unit_items[(u.id, kq)] for u in units_here])
            self.slot(LEVEL_LOCATION_OVERALL, "", lid, OVERALL, [loc_items[(lid, kq)] for kq in unit_kqs])
        provider_items = []
        for kqdef in self.fw.key_questions:
            kq = kqdef.code
            if provider_inputs is not None:
                provider_items.append(provider_inputs[kq]())
                continue
            if kq in self.not_aggregated or kqdef.level == "review":
                provider_items.append(self.slot(LEVEL_PROVIDER_KQ, "", "", kq, None, provider_level=True))
                continue
            inputs = [loc_items[(lid, kq)] for lid in locations]
            inputs += [unit_items[(u.id, kq)] for u in self.units if u.location not in locations]
            provider_items.append(self.slot(LEVEL_PROVIDER_KQ, "", "", kq, inputs))
        self.slot(LEVEL_PROVIDER_OVERALL, "", "", OVERALL, provider_items)

    # -- single assessment framework -------------------------------------------------------

    def run_scored(self) -> str | None:
        sc: Scoring = self.fw.scoring  # type: ignore[assignment]
        method = choose_scoring_method(sc, self.review)
        maximum = sc.max_score
        by_category = method == CATEGORY_METHOD
        valid_scores = sorted(v for v, _ in sc.scores)
        # statement results per (scope unit, line)
        grouped: dict[tuple[str, str], list[Score]] = {}
        for s in self.scores:
            if bool(s.evidence_category) != by_category:
                continue
            grouped.setdefault((s.scope_unit, s.line), []).append(s)
        statements: dict[tuple[str, str], dict] = {}
        for (unit, line), recs in grouped.items():
            if self.fw.line(line) is None:
                continue
            if by_category:
                per_cat: dict[str, Score] = {}
                for s in recs:
                    cur = per_cat.get(s.evidence_category)
                    if cur is None or (s.updated, s.rev) > (cur.updated, cur.rev):
                        per_cat[s.evidence_category] = s
                cats = {c: s.score for c, s in sorted(per_cat.items())}
                exact = score_percent(cats.values(), maximum)
                mean = sum(cats.values()) / len(cats)
                score = round_half_up(mean)
                score = min(valid_scores, key=lambda v: (abs(v - score), v)) if valid_scores else score
                statements[(unit, line)] = {"line": line, "score": score, "percent": exact, "categories": cats}
            else:
                s = _latest(recs)
                statements[(unit, line)] = {"line": line, "score": s.score,  # type: ignore[union-attr]
                                            "percent": score_percent([s.score], maximum)}  # type: ignore[union-attr]

        def kq_computed(stmts: list[dict]) -> tuple[tuple, dict] | None:
            if not stmts:
                return None
            total = sum(st["score"] for st in stmts)
            pct = score_percent([st["score"] for st in stmts], maximum)
            exact = sum(st["percent"] for st in stmts) / len(stmts)
            rating = band_for(sc, pct)  # type: ignore[arg-type]
            text = (f"{len(stmts)} quality statement score(s) total {total} of {len(stmts) * maximum} = "
                    f"{round_half_up(pct)}% (rounded), in the {self.scale.label(rating)} band")  # type: ignore
            return (rating, SCORE_BANDS, text, None), {"percent": pct, "exact_percent": exact, "scoring_method": method}

        order = {ln.code: i for i, ln in enumerate(self.fw.lines())}

        def line_order(st: dict) -> int:
            return order.get(st["line"], 0)

        unit_kqs = self.unit_kq_codes()
        unit_items: dict[tuple[str, str], ProposedRating] = {}
        for u in self.units:
            for kq in unit_kqs:
                stmts = sorted((st for (un, ln), st in statements.items()
                                if un == u.id and self.fw.key_question_of(ln) == kq), key=line_order)
                got = kq_computed(stmts)
                if got is None:
                    unit_items[(u.id, kq)] = self.slot(LEVEL_UNIT_KQ, u.id, "", kq, None)
                else:
                    item = self.slot(LEVEL_UNIT_KQ, u.id, "", kq, None, computed=got[0], extra=got[1])
                    item.inputs = [_stmt_dict(st) for st in stmts]
                    unit_items[(u.id, kq)] = item
            self.slot(LEVEL_UNIT_OVERALL, u.id, "", OVERALL, [unit_items[(u.id, kq)] for kq in unit_kqs])

        def provider_kq(kqdef: Any):
            kq = kqdef.code

            def make() -> ProposedRating:
                stmts = sorted((st for (un, ln), st in statements.items()
                                if un == "" and self.fw.key_question_of(ln) == kq), key=line_order)
                got = kq_computed(stmts)
                if got is None:
                    if kqdef.level == "review" or kq in self.not_aggregated:
                        return self.slot(LEVEL_PROVIDER_KQ, "", "", kq, None, provider_level=True)
                    inputs = [unit_items[(u.id, kq)] for u in self.units if (u.id, kq) in unit_items]
                    return self.slot(LEVEL_PROVIDER_KQ, "", "", kq, inputs)
                item = self.slot(LEVEL_PROVIDER_KQ, "", "", kq, None, computed=got[0], extra=got[1])
                item.inputs = [_stmt_dict(st) for st in stmts]
                return item
            return make

        saved_locations = self.location_names
        self.location_names = {}  # no location level for scored frameworks
        self._upper_levels(unit_items, unit_kqs, {kq.code: provider_kq(kq) for kq in self.fw.key_questions})
        self.location_names = saved_locations
        return method


def _input_dict(i: ProposedRating) -> dict:
    return {"level": i.level, "scope_unit": i.scope_unit, "location": i.location, "key_question": i.key_question,
            "rating": i.final, "source": i.source, "rated_on": i.rated_on}


def _stmt_dict(st: dict) -> dict:
    out = {"line": st["line"], "score": st["score"], "percent": st["percent"]}
    if "categories" in st:
        out["categories"] = dict(st["categories"])
    return out


# ----------------------------------------------------------------------------- public API


def evaluate_tables(framework: Framework, tables: Mapping[str, Any],
                    scope_units: list[ScopeUnit] | None = None) -> RatingsResult:
    """Propose ratings at every level from raw store tables ({table: {id: Record}} or lists)."""
    result = RatingsResult(framework_id=framework.id, framework_version=framework.version)
    if not framework.rated or framework.rating_scale is None:
        return result
    engine = _Engine(framework, tables, scope_units)
    result.rated = True
    result.scale = framework.rating_scale
    result.rule_set = engine.rule_set.id if engine.rule_set else None
    result.key_questions = [(kq.code, kq.label) for kq in framework.key_questions]
    result.units = [(u.id, u.label, u.location) for u in engine.units]
    if engine.review is not None and engine.review.provider:
        result.provider_label = engine.review.provider
    if framework.scoring is not None:
        result.scoring_method = engine.run_scored()
    else:
        engine.run_kloe()
        result.locations = [(lid, engine.location_names[lid]) for lid in engine.locations_used()]
    result.items = engine.items
    return result


def evaluate(session: Any) -> RatingsResult:
    """Propose ratings for an open review (a workspace ReviewSession)."""
    tables = {name: session.records(name) for name in ("ratings", "enforcement", "scores")}
    tables["review"] = [session.review]
    return evaluate_tables(session.framework, tables, scope_units=session.scope_units())
