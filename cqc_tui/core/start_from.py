"""Start a review from an earlier one: a re-inspection or a follow-up (no Textual).

What is taken from the earlier review (docs/action-plans.md, "Starting from an earlier review"):
- its agreed ratings become *previous* ratings, each with the date it was set; those for what is
  not inspected again (key questions or scope units named in `carry_forward`) are also copied as
  *carried forward* ratings, which count in this review's aggregation;
- its must-do and should-do actions, areas for improvement and recommendations (in that order),
  its findings, and any earlier items it followed up that were not put right, become the items to check: findings of
  kind "earlier_finding", status "not checked", each citing where it came from;
- its team, provider and locations, and its scope units, are offered (each can be left out).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cqc_tui.core.errors import ValidationError
from cqc_tui.core.framework import FrameworkSet
from cqc_tui.core.model import (
    CARRIED_FORWARD,
    EARLIER_FINDING,
    FINDING,
    OVERALL,
    PREVIOUS,
    RECOMMENDATION_KINDS,
    THIS_REVIEW,
    Finding,
    Rating,
    Recommendation,
    Record,
    Review,
    ScopeUnit,
    TeamMember,
)

CHECKED_RECOMMENDATIONS = ("must_do", "should_do", "area_for_improvement", "recommendation")


@dataclass
class Offer:
    """What to take from the earlier review (everything, unless left out)."""

    team: bool = True
    provider: bool = True
    locations: bool = True
    scope_units: bool = True
    carry_forward: tuple[
        str, ...
    ] = ()  # key question codes or scope unit codes not inspected again
    # codes of the earlier scope units to copy (None: all)
    keep_units: tuple[str, ...] | None = None


@dataclass
class StartedReview:
    """The new review's records, ready for Workspace.create and a save of `records`."""

    review: Review
    members: list[TeamMember]
    scope_units: list[ScopeUnit]
    records: list[Record] = field(default_factory=list)  # ratings and items to check
    previous_ratings: int = 0
    carried_forward: int = 0
    items_to_check: int = 0


def _live(records: Iterable[Record], record_class: type) -> list:
    return sorted(
        (record for record in records if isinstance(record, record_class) and not record.deleted),
        key=lambda record: (getattr(record, "order", 0), record.created, record.id),
    )


def start_from(
    earlier: Review,
    earlier_records: Iterable[Record],
    frameworks: FrameworkSet,
    *,
    title: str,
    review_type: str,
    author: str,
    framework_id: str = "",
    start_date: str = "",
    end_date: str = "",
    offer: Offer | None = None,
) -> StartedReview:
    """Build a new review of `review_type` called `title` from an earlier review and its records.
    Raises ValidationError (one line) for an empty title, a framework that does not serve the type,
    or a carry-forward code that is neither a key question nor one of the earlier scope units."""
    offer = offer or Offer()
    records = list(earlier_records)
    if not title.strip():
        raise ValidationError("give the new review a title (--title)")
    chosen_framework_id = framework_id or earlier.framework_id
    framework = frameworks.get(chosen_framework_id)
    if framework is None:
        raise ValidationError(
            f"framework {chosen_framework_id!r} is not installed ('cqc-tui frameworks list' shows those that are)"
        )
    if review_type not in framework.review_types:
        serving = sorted(
            {other.id for other in frameworks.all() if review_type in other.review_types}
        )
        raise ValidationError(
            f"framework {framework.id} does not serve review type {review_type!r} (it serves "
            f"{', '.join(framework.review_types)}); choose a framework with --framework: "
            f"{', '.join(serving) or 'none installed serves it'}"
        )
    same_framework = framework.id == earlier.framework_id
    units = _live(records, ScopeUnit)
    unit_codes = {unit.code for unit in units}
    key_question_codes = {key_question.code for key_question in framework.key_questions}
    for code in offer.carry_forward:
        if code not in key_question_codes and code not in unit_codes:
            raise ValidationError(
                f"cannot carry forward {code!r}: it is neither a key question "
                f"({', '.join(sorted(key_question_codes))}) nor a scope unit of the earlier review "
                f"({', '.join(sorted(unit_codes)) or 'none'})"
            )
    review = Review(
        author=author,
        title=title.strip(),
        review_type=review_type,
        framework_id=framework.id,
        framework_version=framework.version,
        provider=earlier.provider if offer.provider else "",
        provider_kind=earlier.provider_kind if offer.provider else "",
        locations=tuple(dict(location) for location in earlier.locations)
        if offer.locations
        else (),
        service_types=earlier.service_types if same_framework else (),
        rule_set=earlier.rule_set if same_framework else "",
        scoring_method=earlier.scoring_method if same_framework else "",
        marking=earlier.marking,
        start_date=start_date,
        end_date=end_date,
    )
    location_ids = {location["id"] for location in review.locations}
    members = (
        [
            TeamMember(
                author=author,
                created=review.created,
                name=member.name,
                role=member.role,
                initials=member.initials,
                organisation=member.organisation,
            )
            for member in _live(records, TeamMember)
        ]
        if offer.team
        else []
    )
    new_units: list[ScopeUnit] = []
    unit_map: dict[str, str] = {}
    if offer.scope_units:
        for earlier_unit in units:
            if offer.keep_units is not None and earlier_unit.code not in offer.keep_units:
                continue
            copy = ScopeUnit(
                author=author,
                created=review.created,
                code=earlier_unit.code,
                label=earlier_unit.label,
                location=earlier_unit.location if earlier_unit.location in location_ids else "",
                service_types=earlier_unit.service_types,
                order=earlier_unit.order,
                inspected=earlier_unit.code not in offer.carry_forward,
            )
            unit_map[earlier_unit.id] = copy.id
            new_units.append(copy)
    started = StartedReview(review, members, new_units)
    when = earlier.report_date or earlier.end_date or earlier.start_date
    unit_code = {unit.id: unit.code for unit in units}

    def place(unit_id: str) -> str | None:
        """The new scope unit for an earlier one ('' for the review as a whole); None when left out."""
        if not unit_id:
            return ""
        return unit_map.get(unit_id)

    if framework.rated and same_framework:
        for rating in _live(records, Rating):
            if rating.source not in (THIS_REVIEW, CARRIED_FORWARD):
                continue
            unit = place(rating.scope_unit)
            if unit is None or (rating.location and rating.location not in location_ids):
                continue
            rated_on = rating.rated_on or when
            common = dict(
                author=author,
                created=review.created,
                scope_unit=unit,
                location=rating.location,
                key_question=rating.key_question,
                rating=rating.rating,
                rated_on=rated_on,
                rationale=f"Rated in '{earlier.title}'.",
            )
            started.records.append(Rating(source=PREVIOUS, **common))
            started.previous_ratings += 1
            carry = (
                rating.key_question in offer.carry_forward
                or unit_code.get(rating.scope_unit) in offer.carry_forward
            )
            if carry and rating.key_question != OVERALL:
                started.records.append(Rating(source=CARRIED_FORWARD, **common))
                started.carried_forward += 1
    order = 0
    known_key_questions = {key_question.code for key_question in framework.key_questions}
    items: list[
        tuple[str, str, str, str]
    ] = []  # (heading, key question, earlier scope unit id, note)
    kind_rank = {kind: rank for rank, kind in enumerate(CHECKED_RECOMMENDATIONS)}
    for recommendation in sorted(
        _live(records, Recommendation),
        key=lambda recommendation: kind_rank.get(recommendation.kind, len(kind_rank)),
    ):
        if recommendation.kind in CHECKED_RECOMMENDATIONS:
            items.append(
                (
                    f"{RECOMMENDATION_KINDS[recommendation.kind]}: {recommendation.text}",
                    recommendation.key_question,
                    recommendation.scope_unit,
                    recommendation.regulation,
                )
            )
    for finding in _live(records, Finding):
        if finding.kind == FINDING or (
            finding.kind == EARLIER_FINDING and finding.status != "put_right"
        ):
            text = (
                f"{finding.heading}: {finding.text}"
                if finding.heading and finding.text
                else (finding.heading or finding.text)
            )
            items.append((text, finding.key_question, finding.scope_unit, ""))
    for heading, key_question, unit_id, regulation in items:
        unit = place(unit_id)
        order += 1
        started.records.append(
            Finding(
                author=author,
                created=review.created,
                kind=EARLIER_FINDING,
                status="not_checked",
                heading=heading + (f" ({regulation})" if regulation else ""),
                key_question=key_question if key_question in known_key_questions else "",
                scope_unit=unit or "",
                order=order,
            )
        )
    started.items_to_check = order
    return started


@dataclass
class EarlierReview:
    """An earlier review read whole: its review record and the rest of its records."""

    review: Review
    records: list[Record]


def read_earlier(workspace: Any, source: str) -> EarlierReview:
    """The earlier review named by `source`: a YAML dump file (checked as an import would be), or
    a review in the workspace (its id, id prefix or part of its title), read without locking it."""
    from cqc_tui.core.exchange import parse_review_file

    path = Path(source)
    if path.suffix.lower() in (".yaml", ".yml") or path.is_file():
        parsed = parse_review_file(path, workspace.frameworks)
        return EarlierReview(parsed.review, list(parsed.records))
    session = workspace.open(source, readonly=True)
    try:
        records = [
            record
            for table in session.store.tables.values()
            for record in table.values()
            if record.TABLE != "review"
        ]
        return EarlierReview(session.review, records)
    finally:
        session.close(compact=False)


def create_started(workspace: Any, started: StartedReview, user: str) -> Any:
    """Create the started review in the workspace with its ratings and items; returns the open
    session (close it). Nothing is left half-made: the records are saved with one write."""
    from cqc_tui.core.action_plan import save_changes

    session = workspace.create(started.review, started.members, started.scope_units, user=user)
    try:
        save_changes(session, started.records)
    except BaseException:
        session.close()
        raise
    return session


def start_from_form(
    workspace: Any,
    earlier: EarlierReview,
    review: Review,
    members: list[TeamMember],
    units: list[ScopeUnit],
    user: str,
) -> StartedReview:
    """A start from an earlier review as the new-review form shows it: the title, type, framework,
    provider and dates typed in `review`, the team typed in `members`; each scope unit typed whose
    label is one of the earlier review's keeps that unit's ratings and items, the others are new."""
    earlier_by_label = {
        unit.label.casefold(): unit.code for unit in _live(earlier.records, ScopeUnit)
    }
    keep = tuple(
        earlier_by_label[unit.label.casefold()]
        for unit in units
        if unit.label.casefold() in earlier_by_label
    )
    started = start_from(
        earlier.review,
        earlier.records,
        workspace.frameworks,
        title=review.title,
        review_type=review.review_type,
        framework_id=review.framework_id,
        author=user,
        start_date=review.start_date,
        end_date=review.end_date,
        offer=Offer(team=False, keep_units=keep),
    )
    new_units = [
        dataclasses.replace(unit, order=len(started.scope_units) + position, author=user)
        for position, unit in enumerate(
            (unit for unit in units if unit.label.casefold() not in earlier_by_label), 1
        )
    ]
    started.review = dataclasses.replace(
        started.review, provider=review.provider, status=review.status
    )
    started.members = [dataclasses.replace(member, author=user) for member in members]
    started.scope_units = started.scope_units + new_units
    return started
