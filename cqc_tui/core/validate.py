"""Checks that a record makes sense for its review and framework. Messages name the field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from cqc_tui.core.framework import KEY_QUESTION_CODES, Framework
from cqc_tui.core.model import (
    ACTION_STATUSES,
    FINDING_KINDS,
    FOLLOW_UP_STATUSES,
    OVERALL,
    POLARITIES,
    RATING_SOURCES,
    RECOMMENDATION_KINDS,
    REVIEW_STATUSES,
    SOURCE_TYPES,
    ActionItem,
    ActionUpdate,
    Draft,
    Enforcement,
    EvidenceNote,
    Finding,
    Rating,
    Recommendation,
    Record,
    ReportingRound,
    Review,
    Score,
    ScopeUnit,
    TeamMember,
)
from cqc_tui.core.paths import review_id_problem

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@dataclass
class Context:
    """What a record is checked against: the framework and the review's other records."""

    framework: Framework | None
    scope_unit_ids: set
    note_ids: set
    recommendation_ids: set
    location_ids: set
    action_ids: Any = None       # ids of the plan's actions and rounds; None: not checked
    round_ids: Any = None


def _choice(field: str, value: str, allowed: dict | tuple, what: str) -> str | None:
    if value not in allowed:
        return f"{field} {value!r} is not a known {what}; use one of: {', '.join(allowed)}"
    return None


def date_problem(value: str) -> str | None:
    """Why `value` is not a calendar date written YYYY-MM-DD (None when it is one, or empty)."""
    if not value:
        return None
    if not DATE.match(value):
        return "must be a date written YYYY-MM-DD"
    try:
        date.fromisoformat(value)
    except ValueError:
        return "is not a real date (no such day in that month)"
    return None


def dates_problem(start: str, end: str) -> tuple[str, str] | None:
    """(which, message) for the first thing wrong with a start and end date as typed in a form
    (which: 'start' or 'end'); None when both are empty or fine and the end is not before the start."""
    for which, value in (("start", start), ("end", end)):
        why = date_problem(value)
        if why:
            return which, f"The {which} date {value!r} {why} (e.g. 2018-01-22)."
    if start and end and end < start:
        return "end", f"The end date {end} is before the start date {start}."
    return None


def _date(field: str, value: str) -> str | None:
    why = date_problem(value)
    return f"{field} {value!r} {why}" if why else None


def check_record(record: Record, ctx: Context) -> list[str]:
    """Return the problems with `record` (empty when it is fine)."""
    problems: list[str] = []
    add = problems.append
    for stamp_field in ("created", "updated"):
        value = getattr(record, stamp_field)
        if not isinstance(value, str) or not TIMESTAMP.match(value):
            add(f"{stamp_field} {value!r} must be a UTC timestamp like 2018-01-22T09:30:00.000Z")
    if not isinstance(record.rev, int) or isinstance(record.rev, bool) or record.rev < 1:
        add(f"rev {record.rev!r} must be a whole number from 1")
    if not isinstance(record.deleted, bool):
        add("deleted must be true or false")
    fw = ctx.framework
    kq_codes = tuple(kq.code for kq in fw.key_questions) if fw else KEY_QUESTION_CODES

    if isinstance(record, Review):
        id_problem = review_id_problem(record.id)
        if id_problem:
            add(id_problem)
        if not record.title.strip():
            add("title is empty; give the review a title")
        if record.status not in REVIEW_STATUSES:
            add(_choice("status", record.status, REVIEW_STATUSES, "review status"))
        for f in ("start_date", "end_date", "report_date"):
            p = _date(f, getattr(record, f))
            if p:
                add(p)
        if record.start_date and record.end_date and record.end_date < record.start_date:
            add("end_date is before start_date")
        if fw and record.review_type not in fw.review_types:
            add(f"review_type {record.review_type!r} is not served by framework {fw.id} "
                f"({', '.join(fw.review_types)})")
        if fw and record.rule_set and (not fw.aggregation or record.rule_set not in fw.aggregation.rule_sets):
            add(f"rule_set {record.rule_set!r} is not defined by framework {fw.id}")
        if fw and record.scoring_method and (not fw.scoring or
                                             record.scoring_method not in {m.id for m in fw.scoring.methods}):
            add(f"scoring_method {record.scoring_method!r} is not defined by framework {fw.id}")
        for loc in record.locations:
            if not isinstance(loc, dict) or not loc.get("id") or not loc.get("name"):
                add("each location needs an id and a name")
    elif isinstance(record, TeamMember):
        if not record.name.strip():
            add("name is empty")
    elif isinstance(record, ScopeUnit):
        if not record.label.strip():
            add("label is empty; name the core service or area")
        if record.location and record.location not in ctx.location_ids:
            add(f"location {record.location!r} is not one of the review's locations")
    elif isinstance(record, EvidenceNote):
        if not isinstance(record.text, str) or not record.text.strip():
            add("text is empty; a note needs some text")
        if record.key_question not in kq_codes:
            add(_choice("key_question", record.key_question, kq_codes, "key question"))
        if fw:
            for code in record.lines:
                line = fw.line(code)
                if line is None:
                    add(f"lines: {code!r} is not a {fw.line_label} in framework {fw.id}")
                elif line.key_question != record.key_question:
                    add(f"lines: {code} belongs to key question {line.key_question}, not {record.key_question}")
            if record.evidence_category and record.evidence_category not in dict(fw.evidence_categories):
                add(_choice("evidence_category", record.evidence_category, dict(fw.evidence_categories),
                            "evidence category"))
        if record.source not in SOURCE_TYPES:
            add(_choice("source", record.source, SOURCE_TYPES, "source type"))
        if record.polarity not in POLARITIES:
            add(_choice("polarity", record.polarity, POLARITIES, "polarity"))
        if not isinstance(record.quote, bool):
            add("quote must be true or false")
    elif isinstance(record, Rating):
        if fw is None or not fw.rated or fw.rating_scale is None:
            add("this review's framework is not rated; ratings cannot be recorded")
        elif record.rating not in fw.rating_scale.all_codes:
            add(f"rating {record.rating!r} is not on the scale of {fw.id}; use one of: "
                f"{', '.join(fw.rating_scale.all_codes)}")
        if record.key_question != OVERALL and record.key_question not in kq_codes:
            add(_choice("key_question", record.key_question, kq_codes + (OVERALL,), "key question"))
        if record.location and record.location not in ctx.location_ids:
            add(f"location {record.location!r} is not one of the review's locations")
        if record.source not in RATING_SOURCES:
            add(_choice("source", record.source, RATING_SOURCES, "rating source"))
        p = _date("rated_on", record.rated_on)
        if p:
            add(p)
    elif isinstance(record, Score):
        if fw is None or fw.scoring is None:
            add("this review's framework does not use scores")
        else:
            values = {v for v, _ in fw.scoring.scores}
            if record.score not in values:
                add(f"score {record.score!r} must be one of {sorted(values)}")
            line = fw.line(record.line)
            if line is None:
                add(f"line {record.line!r} is not a {fw.line_label} in framework {fw.id}")
            if record.evidence_category and record.evidence_category not in dict(fw.evidence_categories):
                add(_choice("evidence_category", record.evidence_category, dict(fw.evidence_categories),
                            "evidence category"))
    elif isinstance(record, Finding):
        if record.kind not in FINDING_KINDS:
            add(_choice("kind", record.kind, FINDING_KINDS, "finding kind"))
        if not record.text.strip() and not record.heading.strip():
            add("a finding needs a heading or some text")
        if record.key_question and record.key_question not in kq_codes:
            add(_choice("key_question", record.key_question, kq_codes, "key question"))
        if record.status and record.status not in FOLLOW_UP_STATUSES:
            add(_choice("status", record.status, FOLLOW_UP_STATUSES, "follow-up status"))
    elif isinstance(record, Recommendation):
        if record.kind not in RECOMMENDATION_KINDS:
            add(_choice("kind", record.kind, RECOMMENDATION_KINDS, "recommendation kind"))
        if not record.text.strip():
            add("text is empty")
        if record.status not in ACTION_STATUSES:
            add(_choice("status", record.status, ACTION_STATUSES, "status"))
        if record.key_question and record.key_question not in kq_codes:
            add(_choice("key_question", record.key_question, kq_codes, "key question"))
        p = _date("due", record.due)
        if p:
            add(p)
    elif isinstance(record, ActionItem):
        if not record.text.strip():
            add("text is empty")
        if record.status not in ACTION_STATUSES:
            add(_choice("status", record.status, ACTION_STATUSES, "status"))
        if record.recommendation and record.recommendation not in ctx.recommendation_ids:
            add(f"recommendation {record.recommendation!r} is not a recommendation in this review")
        p = _date("due", record.due)
        if p:
            add(p)
    elif isinstance(record, ReportingRound):
        if not record.label.strip():
            add("label is empty; name the round, e.g. 'Quarter 4 2016/17'")
        for f in ("as_at", "returns_due"):
            p = _date(f, getattr(record, f))
            if p:
                add(p)
        if not record.as_at:
            add("as_at is empty; give the date progress is reported as at (YYYY-MM-DD)")
        if record.as_at and record.returns_due and record.returns_due < record.as_at:
            add("returns_due is before as_at")
    elif isinstance(record, ActionUpdate):
        if record.status not in ACTION_STATUSES:
            add(_choice("status", record.status, ACTION_STATUSES, "status"))
        if ctx.round_ids is not None and record.round not in ctx.round_ids:
            add(f"round {record.round!r} is not a reporting round of this review")
        if ctx.action_ids is not None and record.action not in ctx.action_ids:
            add(f"action {record.action!r} is not an action in this review")
        if not isinstance(record.returned, bool):
            add("returned must be true or false")
    elif isinstance(record, Enforcement):
        if fw is not None and fw.aggregation is not None:
            kinds = {lim.id: lim.label for lim in fw.aggregation.limiters}
            if record.kind not in kinds:
                add(_choice("kind", record.kind, kinds, "enforcement or limiter kind"))
        if record.key_question and record.key_question not in kq_codes:
            add(_choice("key_question", record.key_question, kq_codes, "key question"))
        p = _date("date", record.date)
        if p:
            add(p)
        if record.location and record.location not in ctx.location_ids:
            add(f"location {record.location!r} is not one of the review's locations")
        if record.location and record.scope_unit:
            add("give a scope unit or a location, not both (a scope unit already belongs to its location)")
    elif isinstance(record, Draft):
        pass
    # Links shared by several record types: the scope unit a record belongs to, the notes it cites.
    scope_unit = getattr(record, "scope_unit", "")
    if scope_unit and scope_unit not in ctx.scope_unit_ids:
        add(f"scope_unit {scope_unit!r} is not a scope unit of this review")
    for nid in getattr(record, "note_ids", ()):
        if nid not in ctx.note_ids:
            add(f"note_ids: {nid!r} is not a note in this review")
    return [p for p in problems if p]
