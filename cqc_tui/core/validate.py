"""Checks that a record makes sense for its review and framework. Messages name the field.

Every save first checks the record's shape and sizes (`core.record_shape`, where the limits are).
"""

from __future__ import annotations

import re
from collections.abc import Collection
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
    ScopeUnit,
    Score,
    SectionState,
    TeamMember,
)
from cqc_tui.core.paths import review_id_problem
from cqc_tui.core.record_shape import DATE, TIMESTAMP, shape_problems, shown


@dataclass
class Context:
    """What a record is checked against: the framework and the review's other records."""

    framework: Framework | None
    # Only ever asked "in": a set, or a dict's keys (a live review's, so nothing is copied per save).
    scope_unit_ids: Collection[str]
    note_ids: Collection[str]
    recommendation_ids: Collection[str]
    location_ids: Collection[str | None]  # a dump may list a location without an id
    action_ids: Any = None  # ids of the plan's actions and rounds; None: not checked
    round_ids: Any = None


def _choice(field: str, value: str, allowed: dict | tuple, what: str) -> str | None:
    if value not in allowed:
        return f"{field} {shown(value)} is not a known {what}; use one of: {', '.join(allowed)}"
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
            return which, f"The {which} date {shown(value)} {why} (e.g. 2018-01-22)."
    if start and end and end < start:
        return "end", f"The end date {end} is before the start date {start}."
    return None


def _date(field: str, value: str) -> str | None:
    why = date_problem(value)
    return f"{field} {shown(value)} {why}" if why else None


def _agreement_problems(record: Finding | SectionState) -> list[str]:
    """What is wrong with a record's agreement and last-edit fields (a finding's or a report
    section's)."""
    out = []
    if not isinstance(record.agreed, bool):
        out.append("agreed must be true or false")
    for stamp_field in ("edited", "agreed_at"):
        value = getattr(record, stamp_field)
        if value and not TIMESTAMP.match(value):
            out.append(
                f"{stamp_field} {shown(value)} must be a UTC timestamp like "
                "2018-01-22T09:30:00.000Z"
            )
    return out


def check_record(record: Record, context: Context) -> list[str]:
    """Return the problems with `record` (empty when it is fine): field types and sizes first
    (shape_problems; when those fail nothing else is checked), then the record's meaning."""
    problems = shape_problems(record)
    if problems:
        return problems

    def add(problem: str | None) -> None:
        if problem:  # the checks that may find nothing (_choice, _date) return None
            problems.append(problem)

    for stamp_field in ("created", "updated"):
        value = getattr(record, stamp_field)
        if not isinstance(value, str) or not TIMESTAMP.match(value):
            add(
                f"{stamp_field} {shown(value)} must be a UTC timestamp like 2018-01-22T09:30:00.000Z"
            )
    if not isinstance(record.rev, int) or isinstance(record.rev, bool) or record.rev < 1:
        add(f"rev {shown(record.rev)} must be a whole number from 1")
    if not isinstance(record.deleted, bool):
        add("deleted must be true or false")
    framework = context.framework
    key_question_codes = (
        tuple(key_question.code for key_question in framework.key_questions)
        if framework
        else KEY_QUESTION_CODES
    )

    if isinstance(record, Review):
        id_problem = review_id_problem(record.id)
        if id_problem:
            add(id_problem)
        if not record.title.strip():
            add("title is empty; give the review a title")
        if record.status not in REVIEW_STATUSES:
            add(_choice("status", record.status, REVIEW_STATUSES, "review status"))
        for field_name in ("start_date", "end_date", "report_date"):
            date_problem = _date(field_name, getattr(record, field_name))
            if date_problem:
                add(date_problem)
        if record.start_date and record.end_date and record.end_date < record.start_date:
            add("end_date is before start_date")
        if framework and record.review_type not in framework.review_types:
            add(
                f"review_type {shown(record.review_type)} is not served by framework {framework.id} "
                f"({', '.join(framework.review_types)})"
            )
        if (
            framework
            and record.rule_set
            and (
                not framework.aggregation or record.rule_set not in framework.aggregation.rule_sets
            )
        ):
            add(f"rule_set {shown(record.rule_set)} is not defined by framework {framework.id}")
        if (
            framework
            and record.scoring_method
            and (
                not framework.scoring
                or record.scoring_method not in {method.id for method in framework.scoring.methods}
            )
        ):
            add(
                f"scoring_method {shown(record.scoring_method)} is not defined by framework {framework.id}"
            )
        for location in record.locations:
            if not isinstance(location, dict) or not location.get("id") or not location.get("name"):
                add("each location needs an id and a name")
    elif isinstance(record, TeamMember):
        if not record.name.strip():
            add("name is empty")
    elif isinstance(record, ScopeUnit):
        if not record.label.strip():
            add("label is empty; name the core service or area")
        if record.location and record.location not in context.location_ids:
            add(f"location {shown(record.location)} is not one of the review's locations")
    elif isinstance(record, EvidenceNote):
        if not isinstance(record.text, str) or not record.text.strip():
            add("text is empty; a note needs some text")
        if record.key_question not in key_question_codes:
            add(_choice("key_question", record.key_question, key_question_codes, "key question"))
        if framework:
            for index, code in enumerate(record.lines):
                line = framework.line(code)
                if line is None:
                    add(
                        f"lines: {shown(code)} is not a {framework.line_label} in framework {framework.id}"
                    )
                elif index == 0 and line.key_question != record.key_question:
                    # the first line is where the note is filed; others may be under other key questions
                    add(
                        f"lines: {code} belongs to key question {line.key_question}, not {record.key_question}"
                    )
            if len(set(record.lines)) != len(record.lines):
                add("lines: a line is named twice")
            if record.evidence_category and record.evidence_category not in dict(
                framework.evidence_categories
            ):
                add(
                    _choice(
                        "evidence_category",
                        record.evidence_category,
                        dict(framework.evidence_categories),
                        "evidence category",
                    )
                )
        if record.source not in SOURCE_TYPES:
            add(_choice("source", record.source, SOURCE_TYPES, "source type"))
        if record.polarity not in POLARITIES:
            add(_choice("polarity", record.polarity, POLARITIES, "polarity"))
        if not isinstance(record.quote, bool):
            add("quote must be true or false")
        if record.observed and not _OBSERVED.match(str(record.observed)):
            add(
                f"observed {shown(record.observed)} must be a UTC time like 2026-11-30T09:15:00.000Z"
            )
        for item in record.attachments:
            problem = attachment_problem(item)
            if problem:
                add(f"attachments: {problem}")
    elif isinstance(record, Rating):
        if framework is None or not framework.rated or framework.rating_scale is None:
            add("this review's framework is not rated; ratings cannot be recorded")
        elif record.rating not in framework.rating_scale.all_codes:
            add(
                f"rating {shown(record.rating)} is not on the scale of {framework.id}; use one of: "
                f"{', '.join(framework.rating_scale.all_codes)}"
            )
        if record.key_question != OVERALL and record.key_question not in key_question_codes:
            add(
                _choice(
                    "key_question",
                    record.key_question,
                    (*key_question_codes, OVERALL),
                    "key question",
                )
            )
        if record.location and record.location not in context.location_ids:
            add(f"location {shown(record.location)} is not one of the review's locations")
        if record.source not in RATING_SOURCES:
            add(_choice("source", record.source, RATING_SOURCES, "rating source"))
        date_problem = _date("rated_on", record.rated_on)
        if date_problem:
            add(date_problem)
    elif isinstance(record, Score):
        if framework is None or framework.scoring is None:
            add("this review's framework does not use scores")
        else:
            values = {score for score, _ in framework.scoring.scores}
            if record.score not in values:
                add(f"score {shown(record.score)} must be one of {sorted(values)}")
            line = framework.line(record.line)
            if line is None:
                add(
                    f"line {shown(record.line)} is not a {framework.line_label} in framework {framework.id}"
                )
            if record.evidence_category and record.evidence_category not in dict(
                framework.evidence_categories
            ):
                add(
                    _choice(
                        "evidence_category",
                        record.evidence_category,
                        dict(framework.evidence_categories),
                        "evidence category",
                    )
                )
    elif isinstance(record, Finding):
        if record.kind not in FINDING_KINDS:
            add(_choice("kind", record.kind, FINDING_KINDS, "finding kind"))
        if not record.text.strip() and not record.heading.strip():
            add("a finding needs a heading or some text")
        if record.key_question and record.key_question not in key_question_codes:
            add(_choice("key_question", record.key_question, key_question_codes, "key question"))
        if record.status and record.status not in FOLLOW_UP_STATUSES:
            add(_choice("status", record.status, FOLLOW_UP_STATUSES, "follow-up status"))
        problems.extend(_agreement_problems(record))
    elif isinstance(record, Recommendation):
        if record.kind not in RECOMMENDATION_KINDS:
            add(_choice("kind", record.kind, RECOMMENDATION_KINDS, "recommendation kind"))
        if not record.text.strip():
            add("text is empty")
        if record.status not in ACTION_STATUSES:
            add(_choice("status", record.status, ACTION_STATUSES, "status"))
        if record.key_question and record.key_question not in key_question_codes:
            add(_choice("key_question", record.key_question, key_question_codes, "key question"))
        date_problem = _date("due", record.due)
        if date_problem:
            add(date_problem)
    elif isinstance(record, ActionItem):
        if not record.text.strip():
            add("text is empty")
        if record.status not in ACTION_STATUSES:
            add(_choice("status", record.status, ACTION_STATUSES, "status"))
        if record.recommendation and record.recommendation not in context.recommendation_ids:
            add(
                f"recommendation {shown(record.recommendation)} is not a recommendation in this review"
            )
        date_problem = _date("due", record.due)
        if date_problem:
            add(date_problem)
    elif isinstance(record, ReportingRound):
        if not record.label.strip():
            add("label is empty; name the round, e.g. 'Quarter 4 2016/17'")
        for field_name in ("as_at", "returns_due"):
            date_problem = _date(field_name, getattr(record, field_name))
            if date_problem:
                add(date_problem)
        if not record.as_at:
            add("as_at is empty; give the date progress is reported as at (YYYY-MM-DD)")
        if record.as_at and record.returns_due and record.returns_due < record.as_at:
            add("returns_due is before as_at")
    elif isinstance(record, ActionUpdate):
        if record.status not in ACTION_STATUSES:
            add(_choice("status", record.status, ACTION_STATUSES, "status"))
        if context.round_ids is not None and record.round not in context.round_ids:
            add(f"round {record.round!r} is not a reporting round of this review")
        if context.action_ids is not None and record.action not in context.action_ids:
            add(f"action {record.action!r} is not an action in this review")
        if not isinstance(record.returned, bool):
            add("returned must be true or false")
    elif isinstance(record, Enforcement):
        if framework is not None and framework.aggregation is not None:
            kinds = {limiter.id: limiter.label for limiter in framework.aggregation.limiters}
            if record.kind not in kinds:
                add(_choice("kind", record.kind, kinds, "enforcement or limiter kind"))
        if record.key_question and record.key_question not in key_question_codes:
            add(_choice("key_question", record.key_question, key_question_codes, "key question"))
        date_problem = _date("date", record.date)
        if date_problem:
            add(date_problem)
        if record.location and record.location not in context.location_ids:
            add(f"location {shown(record.location)} is not one of the review's locations")
        if record.location and record.scope_unit:
            add(
                "give a scope unit or a location, not both (a scope unit already belongs to its location)"
            )
        if "\n" in record.regulated_activity or "\r" in record.regulated_activity:
            add("regulated_activity is one line: the name of the regulated activity")
    elif isinstance(record, SectionState):
        if not record.key.strip():
            add("key is empty; name the report section (a key of the review's sections)")
        problems.extend(_agreement_problems(record))
    elif isinstance(record, Draft):
        pass
    # Links shared by several record types: the scope unit a record belongs to, the notes it cites.
    scope_unit = getattr(record, "scope_unit", "")
    if scope_unit and scope_unit not in context.scope_unit_ids:
        add(f"scope_unit {shown(scope_unit)} is not a scope unit of this review")
    for note_id in getattr(record, "note_ids", ()):
        if note_id not in context.note_ids:
            add(f"note_ids: {shown(note_id)} is not a note in this review")
    return [date_problem for date_problem in problems if date_problem]


_OBSERVED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?Z$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def attachment_problem(item: Any) -> str:
    """What is wrong with a note's attachment description, or ''."""
    if not isinstance(item, dict):
        return "each attachment must be a mapping of name, sha256, size and kind"
    name, sha256, size, kind = (
        item.get("name"),
        item.get("sha256"),
        item.get("size"),
        item.get("kind"),
    )
    if not isinstance(name, str) or not name.strip() or "/" in name or "\\" in name:
        return f"attachment name {shown(name)} must be a file name (no folders)"
    if not isinstance(sha256, str) or not _SHA256.match(sha256):
        return f"attachment {shown(name)}: sha256 must be 64 lower-case hex digits"
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        return f"attachment {shown(name)}: size must be a whole number of bytes"
    if kind not in ("photo", "document"):
        return f"attachment {shown(name)}: kind must be photo or document"
    unknown = set(item) - {"name", "sha256", "size", "kind"}
    if unknown:
        return f"attachment {shown(name)} has unknown field(s): {', '.join(sorted(unknown))}"
    return ""
