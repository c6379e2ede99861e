"""Action plans and their reporting rounds: the rules, computed from the records (no Textual).

An action plan is the review's recommendations (grouped by their `section`) and the planned
actions under them (`ActionItem`). Progress is reported in rounds (`ReportingRound`, usually a
quarter, with the date progress is reported as at and the date returns are due). Each round holds
one `ActionUpdate` per action: its status and note that round. Earlier rounds are never changed by
a later one, so the history of every action stays readable.

Rules (docs/action-plans.md):
- An action's status in a round is its update in that round; with none, its status in the latest
  earlier round that has one; with none at all, the status it was given when the plan was agreed.
- The current round is the one with the latest as-at date (ties: the one created last).
- An action is overdue in a round when its due date is before the round's as-at date and it is
  neither completed nor superseded. Behind is a status the owner reports.
- A summary counts every live action once per status, in total, per section and per owner
  organisation; the three always add up to the same totals.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cqc_tui.core.errors import ValidationError
from cqc_tui.core.model import (
    ACTION_STATUSES,
    ActionItem,
    ActionUpdate,
    Recommendation,
    Record,
    ReportingRound,
)
from cqc_tui.core.validate import check_record, date_problem

STATUS_ORDER: tuple[str, ...] = ("completed", "on_track", "behind", "not_started", "superseded")
CLOSED_STATUSES: frozenset[str] = frozenset({"completed", "superseded"})
NO_SECTION = "Other actions"
NO_OWNER = "No owner named"

# Fixed namespace for update ids: the same round and action give the same id on every laptop.
_UPDATE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://cqc-tui.invalid/action-updates")


def update_id(round_id: str, action_id: str) -> str:
    """The id of the update of `action_id` in round `round_id` (the same wherever it is made)."""
    return str(uuid.uuid5(_UPDATE_NAMESPACE, f"{round_id}/{action_id}"))


def section_key(text: str) -> tuple:
    """Sort key for section names, putting "2. x" before "10. x"."""
    head, _, _ = text.partition(".")
    return (0, int(head), text) if head.strip().isdigit() else (1, 0, text)


@dataclass(frozen=True)
class ActionState:
    """An action's position in one round."""

    action: ActionItem
    status: str
    note: str
    returned: bool  # the owner sent a return for it this round
    recorded_in: str  # id of the round its status was recorded in; "" for the agreed plan
    overdue: bool

    @property
    def behind(self) -> bool:
        """Whether the action's status in this round is behind."""
        return self.status == "behind"


@dataclass(frozen=True)
class GroupSummary:
    """Counts per status for one section or organisation (or the whole plan)."""

    name: str
    counts: dict[str, int]
    total: int
    overdue: int
    behind: int

    def to_dict(self) -> dict[str, Any]:
        """The counts as plain data: name, total, overdue and one count per status."""
        return {
            "name": self.name,
            "total": self.total,
            "overdue": self.overdue,
            **{status: self.counts.get(status, 0) for status in STATUS_ORDER},
        }


@dataclass(frozen=True)
class PlanSummary:
    """The progress summary of an action plan in one round (or as agreed, when round is None)."""

    round: ReportingRound | None
    total: GroupSummary
    sections: list[GroupSummary]
    organisations: list[GroupSummary]
    states: list[ActionState]
    recommendations: int
    returns_received: int
    changed_since_previous: int = 0
    previous_round: ReportingRound | None = field(default=None)

    @property
    def overdue(self) -> list[ActionState]:
        """The actions overdue in this round."""
        return [state for state in self.states if state.overdue]

    @property
    def behind(self) -> list[ActionState]:
        """The actions whose status in this round is behind."""
        return [state for state in self.states if state.behind]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for --json and scripts."""
        reporting_round = self.round
        return {
            "round": None
            if reporting_round is None
            else {
                "id": reporting_round.id,
                "label": reporting_round.label,
                "as_at": reporting_round.as_at,
                "returns_due": reporting_round.returns_due,
            },
            "previous_round": None if self.previous_round is None else self.previous_round.label,
            "actions": self.total.total,
            "recommendations": self.recommendations,
            "sections": len(self.sections),
            "organisations": len(self.organisations),
            "status": {status: self.total.counts.get(status, 0) for status in STATUS_ORDER},
            "overdue": self.total.overdue,
            "behind": self.total.behind,
            "returns_received": self.returns_received,
            "changed_since_previous": self.changed_since_previous,
            "by_section": [group.to_dict() for group in self.sections],
            "by_organisation": [group.to_dict() for group in self.organisations],
            "flagged": [
                {
                    "id": state.action.id,
                    "text": state.action.text,
                    "owner": state.action.owner,
                    "due": state.action.due,
                    "status": state.status,
                    "overdue": state.overdue,
                    "note": state.note,
                }
                for state in self.states
                if state.overdue or state.behind
            ],
        }


def _group(name: str, states: list[ActionState]) -> GroupSummary:
    counts = Counter(state.status for state in states)
    return GroupSummary(
        name,
        dict(counts),
        len(states),
        sum(state.overdue for state in states),
        sum(state.behind for state in states),
    )


class ActionPlan:
    """A review's action plan read from its records: recommendations, actions, rounds, updates."""

    def __init__(
        self,
        recommendations: Iterable[Record],
        actions: Iterable[Record],
        rounds: Iterable[Record],
        updates: Iterable[Record],
    ):
        self.recommendations: dict[str, Recommendation] = {
            recommendation.id: recommendation
            for recommendation in recommendations
            if isinstance(recommendation, Recommendation) and not recommendation.deleted
        }
        live_actions = [
            action for action in actions if isinstance(action, ActionItem) and not action.deleted
        ]
        recommendation_order = {
            recommendation_id: (recommendation.order, recommendation.created, recommendation.id)
            for recommendation_id, recommendation in self.recommendations.items()
        }
        self.actions: list[ActionItem] = sorted(
            live_actions,
            key=lambda action: (
                section_key(self.section_of(action)),
                recommendation_order.get(action.recommendation, (1 << 30, "", "")),
                action.order,
                action.created,
                action.id,
            ),
        )
        self.action_by_id: dict[str, ActionItem] = {action.id: action for action in self.actions}
        self.rounds: list[ReportingRound] = sorted(
            (
                reporting_round
                for reporting_round in rounds
                if isinstance(reporting_round, ReportingRound) and not reporting_round.deleted
            ),
            key=lambda reporting_round: (
                reporting_round.as_at,
                reporting_round.created,
                reporting_round.id,
            ),
        )
        self._updates: dict[tuple[str, str], ActionUpdate] = {}
        for update in updates:
            if isinstance(update, ActionUpdate) and not update.deleted:
                key = (update.round, update.action)
                held = self._updates.get(key)
                if held is None or (update.rev, update.updated, update.id) > (
                    held.rev,
                    held.updated,
                    held.id,
                ):
                    self._updates[key] = update

    @classmethod
    def of(cls, source: Any) -> ActionPlan:
        """The plan of an open review session, a store, or anything with records(table)."""
        return cls(
            source.records("recommendations"),
            source.records("actions"),
            source.records("reporting_rounds"),
            source.records("action_updates"),
        )

    # -- structure -------------------------------------------------------------------------

    def section_of(self, action: ActionItem) -> str:
        """The section an action sits in: its own, else its recommendation's, else NO_SECTION."""
        if action.section:
            return action.section
        recommendation = self.recommendations.get(action.recommendation)
        return (
            recommendation.section
            if recommendation is not None and recommendation.section
            else NO_SECTION
        )

    def sections(self) -> list[str]:
        """Section names in plan order."""
        return sorted({self.section_of(action) for action in self.actions}, key=section_key)

    def organisations(self) -> list[str]:
        """Owner organisations, alphabetically."""
        return sorted({action.owner or NO_OWNER for action in self.actions})

    def actions_of(self, recommendation_id: str) -> list[ActionItem]:
        """The plan's actions for one recommendation, in plan order."""
        return [action for action in self.actions if action.recommendation == recommendation_id]

    # -- rounds ----------------------------------------------------------------------------

    @property
    def current_round(self) -> ReportingRound | None:
        """The latest reporting round, None before the first."""
        return self.rounds[-1] if self.rounds else None

    def previous_round(self, reporting_round: ReportingRound | None) -> ReportingRound | None:
        """The round before `reporting_round`; None for the first round or no round."""
        if reporting_round is None:
            return None
        index = [candidate.id for candidate in self.rounds].index(reporting_round.id)
        return self.rounds[index - 1] if index > 0 else None

    def find_round(self, query: str) -> ReportingRound:
        """A round by its label (any case), its as-at date, or its id or the start of it.
        Raises ValidationError naming the rounds there are."""
        wanted = query.strip().lower()
        for test in (
            lambda candidate: candidate.id == query.strip(),
            lambda candidate: candidate.label.lower() == wanted,
            lambda candidate: candidate.as_at == wanted,
        ):
            hits = [candidate for candidate in self.rounds if test(candidate)]
            if len(hits) == 1:
                return hits[0]
        hits = [
            candidate
            for candidate in self.rounds
            if wanted and (candidate.id.startswith(wanted) or wanted in candidate.label.lower())
        ]
        if len(hits) == 1:
            return hits[0]
        names = (
            "; ".join(f"{candidate.label} (as at {candidate.as_at})" for candidate in self.rounds)
            or "none yet"
        )
        if hits:
            raise ValidationError(
                f"round '{query}' matches {len(hits)} rounds; give more of the label. Rounds: {names}"
            )
        raise ValidationError(f"no reporting round '{query}' in this action plan; rounds: {names}")

    def update(self, round_id: str, action_id: str) -> ActionUpdate | None:
        """What was recorded for an action in a round, None when nothing was."""
        return self._updates.get((round_id, action_id))

    def history(self, action_id: str) -> list[tuple[ReportingRound, ActionUpdate]]:
        """Every round's update of one action, oldest round first."""
        return [
            (reporting_round, recorded)
            for reporting_round in self.rounds
            if (recorded := self._updates.get((reporting_round.id, action_id))) is not None
        ]

    def state(self, action: ActionItem, reporting_round: ReportingRound | None) -> ActionState:
        """The action's status in round `reporting_round` (None: as agreed), carried forward where unrecorded."""
        if reporting_round is None:
            return ActionState(action, action.status, action.progress, False, "", False)
        index = [candidate.id for candidate in self.rounds].index(reporting_round.id)
        status, note, recorded_in, returned = action.status, "", "", False
        for earlier in reversed(self.rounds[: index + 1]):
            recorded = self._updates.get((earlier.id, action.id))
            if recorded is not None:
                status, recorded_in = recorded.status, earlier.id
                if earlier.id == reporting_round.id:
                    note, returned = recorded.note, recorded.returned
                break
        overdue = (
            bool(action.due)
            and bool(reporting_round.as_at)
            and action.due < reporting_round.as_at
            and status not in CLOSED_STATUSES
        )
        return ActionState(action, status, note, returned, recorded_in, overdue)

    def summary(
        self, reporting_round: ReportingRound | None = None, *, as_agreed: bool = False
    ) -> PlanSummary:
        """The progress summary in round `reporting_round` (default: the current round; as_agreed: the plan as
        agreed, before any round)."""
        if reporting_round is None and not as_agreed:
            reporting_round = self.current_round
        states = [self.state(action, reporting_round) for action in self.actions]
        by_section: dict[str, list[ActionState]] = {}
        by_organisation: dict[str, list[ActionState]] = {}
        for state in states:
            by_section.setdefault(self.section_of(state.action), []).append(state)
            by_organisation.setdefault(state.action.owner or NO_OWNER, []).append(state)
        previous = self.previous_round(reporting_round)
        changed = 0
        if reporting_round is not None and previous is not None:
            before = {action.id: self.state(action, previous).status for action in self.actions}
            changed = sum(1 for state in states if before[state.action.id] != state.status)
        recommendation_ids = {
            action.recommendation
            for action in self.actions
            if action.recommendation in self.recommendations
        }
        return PlanSummary(
            round=reporting_round,
            total=_group("All actions", states),
            sections=[
                _group(name, by_section[name]) for name in sorted(by_section, key=section_key)
            ],
            organisations=[_group(name, by_organisation[name]) for name in sorted(by_organisation)],
            states=states,
            recommendations=len(recommendation_ids),
            returns_received=sum(1 for state in states if state.returned),
            changed_since_previous=changed,
            previous_round=previous,
        )

    def organisation_named(self, query: str) -> str:
        """An owner organisation by its name, any case, or an unambiguous part of it.
        Raises ValidationError listing the organisations."""
        wanted = query.strip().lower()
        names = self.organisations()
        exact = [name for name in names if name.lower() == wanted]
        if exact:
            return exact[0]
        hits = [name for name in names if wanted and wanted in name.lower()]
        if len(hits) == 1:
            return hits[0]
        listed = "; ".join(names) or "none"
        if hits:
            raise ValidationError(
                f"organisation '{query}' matches {len(hits)}: {'; '.join(hits)}; give more of the name"
            )
        raise ValidationError(
            f"no organisation '{query}' owns actions in this plan; the owners are: {listed}"
        )


# -- changes ------------------------------------------------------------------------------


def check_status(status: str) -> None:
    """Raise ValidationError (one line listing the valid ones) unless `status` is an action status."""
    if status not in ACTION_STATUSES:
        raise ValidationError(
            f"status {status!r} is not an action status; use one of: {', '.join(ACTION_STATUSES)}"
        )


def new_round(
    plan: ActionPlan, label: str, as_at: str, returns_due: str, author: str
) -> list[Record]:
    """The records that open a new reporting round: the round, and for every action an update
    carrying its status from the round before (not yet returned, no note). Refuses a round whose
    as-at date is not after the current round's, or a label already used."""
    label = label.strip()
    if not label:
        raise ValidationError("a reporting round needs a label, e.g. 'Quarter 1 2017/18'")
    for name, value in (("as-at date", as_at), ("returns due date", returns_due)):
        why = date_problem(value)
        if why or not value:
            raise ValidationError(
                f"the round's {name} {value!r} {why or 'is missing'} (e.g. 2017-06-30)"
            )
    if returns_due < as_at:
        raise ValidationError(f"returns due {returns_due} is before the as-at date {as_at}")
    current = plan.current_round
    if current is not None and as_at <= current.as_at:
        raise ValidationError(
            f"the new round must be as at a date after the current round "
            f"'{current.label}' (as at {current.as_at})"
        )
    if any(existing.label.lower() == label.lower() for existing in plan.rounds):
        raise ValidationError(f"there is already a round called '{label}'")
    reporting_round = ReportingRound(
        author=author, label=label, as_at=as_at, returns_due=returns_due
    )
    records: list[Record] = [reporting_round]
    for action in plan.actions:
        status = plan.state(action, current).status if current is not None else action.status
        records.append(
            ActionUpdate(
                id=update_id(reporting_round.id, action.id),
                author=author,
                created=reporting_round.created,
                round=reporting_round.id,
                action=action.id,
                status=status,
            )
        )
    return records


def record_status(
    plan: ActionPlan,
    reporting_round: ReportingRound,
    action_id: str,
    status: str,
    note: str,
    author: str,
    returned: bool = True,
) -> ActionUpdate | None:
    """The new revision of an action's update in `reporting_round` with this status and note (a new update if
    the round has none for it); None when nothing would change."""
    check_status(status)
    if action_id not in plan.action_by_id:
        raise ValidationError(f"no action with id {action_id} in this plan")
    held = plan.update(reporting_round.id, action_id)
    if held is None:
        return ActionUpdate(
            id=update_id(reporting_round.id, action_id),
            author=author,
            round=reporting_round.id,
            action=action_id,
            status=status,
            note=note,
            returned=returned,
        )
    if held.status == status and held.note == note and held.returned == returned:
        return None
    return held.revise(author=author, status=status, note=note, returned=returned)  # type: ignore[return-value]


def save_changes(session: Any, records: list[Record]) -> int:
    """Check every record against the review and save them all with one durable write, or none
    (ValidationError naming the first problem). `session` is an open ReviewSession."""
    context = session.context()
    context.round_ids = set(context.round_ids) | {
        candidate.id for candidate in records if isinstance(candidate, ReportingRound)
    }
    for record in records:
        problems = check_record(record, context)
        if problems:
            raise ValidationError(f"{record.TABLE}: {problems[0]}")
    return session.store.save_many(records)
