"""The review model: plain dataclasses, no Textual, no storage.

Every record carries a stable id (uuid4), its author, created and updated times (UTC ISO 8601),
a revision number, and a reversible `deleted` flag. Records are immutable values: an edit makes a
new record with `rev + 1` (see `revise`), which is what the store writes to its journal, so two
inspectors' copies can later be merged record by record (the higher revision, then the later
update, wins).
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, ClassVar

# Vocabulary of the product (not of any framework): how evidence was gathered and what it shows.
SOURCE_TYPES: dict[str, str] = {
    "observation": "Observation",
    "staff": "Conversation with staff",
    "people": "Conversation with people using services or carers",
    "focus_group": "Focus group",
    "record_review": "Care record review",
    "document": "Document or data",
    "feedback_tool": "Feedback tool",
}
POLARITIES: dict[str, str] = {
    "positive": "Positive",
    "neutral": "Neutral",
    "negative": "Negative",
    "concern": "Concern",
}
REVIEW_STATUSES: dict[str, str] = {
    "planning": "Planning",
    "fieldwork": "Fieldwork",
    "drafting": "Drafting",
    "final": "Final",
    "archived": "Archived",
}
MUST_DO = "must_do"  # an action the provider must take (a breach of regulation)
SHOULD_DO = "should_do"  # an action the provider should take (to comply, or to prevent a breach)
AREA_FOR_IMPROVEMENT = "area_for_improvement"  # a review's area for improvement
RECOMMENDATION = "recommendation"  # a recommendation that no regulation requires
RECOMMENDATION_KINDS: dict[str, str] = {
    MUST_DO: "Must do",
    SHOULD_DO: "Should do",
    AREA_FOR_IMPROVEMENT: "Area for improvement",
    RECOMMENDATION: "Recommendation",
}


def recommendation_kind_order(kind: str) -> tuple[int, str]:
    """Sort key for recommendation kinds: the product's kinds in the order of RECOMMENDATION_KINDS
    (must do first), then any other kind, by name."""
    for position, known in enumerate(RECOMMENDATION_KINDS):
        if kind == known:
            return (position, "")
    return (len(RECOMMENDATION_KINDS), kind)


ACTION_STATUSES: dict[str, str] = {
    "not_started": "Not started",
    "on_track": "On track",
    "behind": "Behind",
    "completed": "Completed",
    "superseded": "Superseded",
}
FINDING = "finding"  # a finding of this review
OUTSTANDING_PRACTICE = "outstanding_practice"  # outstanding practice seen in this review
EARLIER_FINDING = "earlier_finding"  # a finding of an earlier review, followed up in this one
FINDING_KINDS: dict[str, str] = {
    FINDING: "Finding",
    OUTSTANDING_PRACTICE: "Outstanding practice",
    EARLIER_FINDING: "Earlier finding followed up",
}
FOLLOW_UP_STATUSES: dict[str, str] = {
    "put_right": "Put right",
    "partly_put_right": "Partly put right",
    "not_put_right": "Not put right",
    "not_checked": "Not yet checked",
}
THIS_REVIEW = "this_review"  # a rating the team agreed in this review
CARRIED_FORWARD = (
    "carried_forward"  # a rating kept from an earlier inspection of an uninspected unit
)
PREVIOUS = "previous"  # an earlier rating shown for comparison only
RATING_SOURCES: dict[str, str] = {
    THIS_REVIEW: "This review",
    CARRIED_FORWARD: "Carried forward from an earlier inspection",
    PREVIOUS: "Previous rating (for comparison)",
}
OVERALL = "overall"  # the key-question slot of an overall rating


def now_iso() -> str:
    """Current UTC time, ISO 8601 with milliseconds (sortable as text)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def new_id() -> str:
    """A new random record id (a UUID4 as text)."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Record:
    """Fields shared by every stored record."""

    TABLE: ClassVar[str] = ""
    # Fields added after records of this type were first exchanged between laptops: a revision's id
    # (core.team.revisions.revision_id) leaves each out while it holds its default, so a record
    # saved before the field existed keeps the revision id it was made with on every laptop.
    ADDED_FIELDS: ClassVar[tuple[str, ...]] = ()

    id: str = field(default_factory=new_id)
    author: str = ""
    created: str = field(default_factory=now_iso)
    updated: str = ""
    rev: int = 1
    deleted: bool = False
    updated_by: str = ""

    def __post_init__(self) -> None:
        if not self.updated:
            object.__setattr__(self, "updated", self.created)
        if not self.updated_by:
            object.__setattr__(self, "updated_by", self.author)

    def resolution_changes(self, changes: dict[str, Any], member: str, when: str) -> dict[str, Any]:
        """`changes` (field -> value) to this version of a record in conflict, as its resolution
        by `member` at `when` saves them, with whatever else such an edit changes (nothing, but
        for records whose state follows their text)."""
        return dict(changes)

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain data (tuples as lists), the inverse of `from_dict`."""
        out: dict[str, Any] = {}
        for record_field in dataclasses.fields(self):
            value = getattr(self, record_field.name)
            if isinstance(value, tuple):
                value = [dict(item) if isinstance(item, dict) else item for item in value]
            out[record_field.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """The record from plain data; unknown keys (a newer version's fields) are ignored."""
        names = {declared.name: declared for declared in dataclasses.fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            declared = names.get(key)
            if declared is None:
                continue  # fields from a newer minor version are ignored, never fatal
            if isinstance(value, list):
                value = tuple(value)
            kwargs[key] = value
        return cls(**kwargs)

    def revise(self, author: str | None = None, **changes: Any) -> Record:
        """A new revision of this record with `changes` applied."""
        stamp = now_iso()
        if stamp <= self.updated:  # clocks can step back; keep revisions ordered
            stamp = self.updated
        return dataclasses.replace(
            self,
            rev=self.rev + 1,
            updated=stamp,
            updated_by=self.updated_by if author is None else author,
            **changes,
        )


@dataclass(frozen=True)
class Location:
    """A place where care is delivered: a hospital site, a care home, a clinic."""

    id: str
    name: str

    def to_dict(self) -> dict:
        """The location as plain data: id and name."""
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class Review(Record):
    """The review itself: title, type, framework, provider, dates, status and locations."""

    TABLE: ClassVar[str] = "review"

    title: str = ""
    review_type: str = ""
    framework_id: str = ""
    framework_version: str = ""
    provider: str = ""  # provider, trust or local system under review
    provider_kind: str = ""  # free text, e.g. "NHS community trust", "Local authority area"
    locations: tuple = ()  # of {"id", "name"} mappings
    start_date: str = ""  # YYYY-MM-DD
    end_date: str = ""
    report_date: str = ""
    status: str = "planning"
    marking: str = "OFFICIAL-SENSITIVE"
    rule_set: str = ""  # aggregation rule set; empty = the framework's default
    scoring_method: str = ""  # single assessment framework: which scoring method this review used
    service_types: tuple = ()  # service types in scope (prompt applicability)
    # Report section text as imported from a file (background, scope, context ...); the app saves
    # each section's text in its own SectionState record, which wins once it holds it
    # (core.report_sections.section_text reads both).
    sections: dict = field(default_factory=dict, hash=False)
    counts: dict = field(default_factory=dict, hash=False)  # method counts stated by the team
    archived: bool = False


@dataclass(frozen=True)
class TeamMember(Record):
    """A member of the inspection team."""

    TABLE: ClassVar[str] = "members"

    name: str = ""
    role: str = ""
    initials: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class ScopeUnit(Record):
    """What the team rates or reports against: a core service, a pressure-point area, an area."""

    TABLE: ClassVar[str] = "scope_units"

    code: str = ""
    label: str = ""
    location: str = ""  # Location id, where the unit sits at one location
    service_types: tuple = ()
    order: int = 0
    inspected: bool = True  # false: not inspected this time (ratings carried forward)


@dataclass(frozen=True)
class EvidenceNote(Record):
    """A piece of evidence: the lines it bears on, the scope unit, its source and text."""

    TABLE: ClassVar[str] = "notes"

    key_question: str = ""
    lines: tuple = ()  # KLOE / quality statement / line-of-enquiry codes
    scope_unit: str = ""  # ScopeUnit id; empty = the review as a whole
    source: str = "observation"
    evidence_category: str = ""  # single assessment framework evidence category
    text: str = ""
    polarity: str = "neutral"
    quote: bool = False  # verbatim quotation
    place: str = ""
    observed: str = ""  # when the evidence was seen or heard (UTC ISO 8601); '' = when written
    attachments: tuple = ()  # of {"name", "sha256", "size", "kind"} (core/attachments.py)

    @property
    def observed_at(self) -> str:
        """When the evidence was observed: the time given, else when the note was written."""
        return self.observed or self.created


@dataclass(frozen=True)
class Rating(Record):
    """The team's agreed rating for a scope unit x key question (or overall)."""

    TABLE: ClassVar[str] = "ratings"

    scope_unit: str = ""  # ScopeUnit id; empty = provider / review level
    location: str = ""  # Location id for location-level ratings
    key_question: str = ""  # key question code or "overall"
    rating: str = ""
    rationale: str = ""
    note_ids: tuple = ()
    departure_reason: str = ""  # why the agreed rating differs from the proposed one
    source: str = "this_review"
    rated_on: str = ""  # date the rating was set (YYYY-MM-DD)


@dataclass(frozen=True)
class Score(Record):
    """Single assessment framework: a quality statement score (1-4), optionally per evidence category."""

    TABLE: ClassVar[str] = "scores"

    scope_unit: str = ""
    line: str = ""  # quality statement code
    evidence_category: str = ""  # empty when the method scores the statement as a whole
    score: int = 0
    rationale: str = ""
    note_ids: tuple = ()


def _same_shape(value: Any) -> Any:
    """A list as the tuple a record holds, to compare with a stored field."""
    return tuple(value) if isinstance(value, list) else value


@dataclass(frozen=True)
class Finding(Record):
    """A finding, outstanding practice, or an earlier finding followed up (`kind`)."""

    TABLE: ClassVar[str] = "findings"
    ADDED_FIELDS: ClassVar[tuple[str, ...]] = (
        "agreed",
        "agreed_by",
        "agreed_at",
        "edited_by",
        "edited",
    )
    # What the team agrees when it agrees a finding: a change to any of these makes it a draft.
    AGREED_CONTENT: ClassVar[tuple[str, ...]] = (
        "kind",
        "key_question",
        "scope_unit",
        "heading",
        "text",
        "status",
        "note_ids",
    )

    kind: str = FINDING
    key_question: str = ""
    scope_unit: str = ""
    heading: str = ""
    text: str = ""
    status: str = ""  # follow-up reviews: FOLLOW_UP_STATUSES
    note_ids: tuple = ()
    order: int = 0
    agreed: bool = False  # the team agreed the finding as it stands (a final report needs it)
    agreed_by: str = ""  # the team member who marked it agreed ('' while a draft)
    agreed_at: str = ""  # when (UTC ISO 8601; '' while a draft)
    # who last changed what the team agrees, and when ('' : nobody since it was written, by
    # `author` at `created`, or since before these were kept); agreeing is not an edit
    edited_by: str = ""
    edited: str = ""

    @property
    def last_edit(self) -> tuple[str, str]:
        """(who, when) of the last change to what the team agrees (not to its agreement)."""
        if self.edited_by:
            return self.edited_by, self.edited
        if self.rev == 1 or not self.agreed_at:
            return self.updated_by or self.author, self.updated
        return self.author, self.created  # revised since, by an agreement only as far as known

    def _changes_content(self, changes: dict[str, Any]) -> bool:
        return any(
            name in changes and _same_shape(changes[name]) != getattr(self, name)
            for name in self.AGREED_CONTENT
        )

    def _unagreed(self, changes: dict[str, Any]) -> dict[str, Any]:
        """`changes` with the agreement taken back when they change what the team agreed (and do
        not set the agreement themselves)."""
        out = dict(changes)
        if self._changes_content(out) and not any(
            name in out for name in ("agreed", "agreed_by", "agreed_at")
        ):
            out.update(agreed=False, agreed_by="", agreed_at="")
        return out

    def revise(self, author: str | None = None, **changes: Any) -> Record:
        """A new revision with `changes`; an edit of what the team agreed makes it a draft again
        and is recorded as the last edit (by `author`, now)."""
        revised = super().revise(author, **self._unagreed(changes))
        assert isinstance(revised, Finding)
        if self._changes_content(changes) and not {"edited_by", "edited"} & set(changes):
            return dataclasses.replace(
                revised, edited_by=revised.updated_by, edited=revised.updated
            )
        return revised

    def resolution_changes(self, changes: dict[str, Any], member: str, when: str) -> dict[str, Any]:
        """A conflict resolved with a finding of its own (a combined version) is a draft until the
        team agrees it, whatever the version kept had agreed, and is `member`'s edit."""
        out = self._unagreed(changes)
        if self._changes_content(changes):
            out.setdefault("edited_by", member)
            out.setdefault("edited", when)
        return out


@dataclass(frozen=True)
class Recommendation(Record):
    """Something the provider must or should do (`kind`), with owner, regulation and section."""

    TABLE: ClassVar[str] = "recommendations"

    kind: str = AREA_FOR_IMPROVEMENT
    text: str = ""
    owner: str = ""  # organisation responsible
    key_question: str = ""
    scope_unit: str = ""
    regulation: str = ""
    section: str = ""  # action plan section
    status: str = "not_started"
    due: str = ""
    note_ids: tuple = ()
    order: int = 0


@dataclass(frozen=True)
class ActionItem(Record):
    """One planned action of an action plan (docs/action-plans.md).

    `status` is the action's status when the plan was agreed, before any reporting round; from the
    first round on, its status is the one recorded in each round (ActionUpdate), carried forward
    from the round before when a round has none for it (cqc_tui.core.action_plan)."""

    TABLE: ClassVar[str] = "actions"

    recommendation: str = ""  # Recommendation id
    section: str = ""  # action plan section; empty: the recommendation's section
    text: str = ""
    owner: str = ""  # organisation responsible
    status: str = "not_started"
    due: str = ""
    progress: str = ""  # evidence of progress seen so far
    order: int = 0  # order within its recommendation


@dataclass(frozen=True)
class ReportingRound(Record):
    """A round of progress returns on the action plan: usually a quarter."""

    TABLE: ClassVar[str] = "reporting_rounds"

    label: str = ""  # e.g. "Quarter 4 2016/17"
    as_at: str = ""  # YYYY-MM-DD: progress is reported as at this date
    returns_due: str = ""  # YYYY-MM-DD: when the organisations' returns are due
    note: str = ""


@dataclass(frozen=True)
class ActionUpdate(Record):
    """One action's status and note in one reporting round. Its id is derived from the round and
    the action (action_plan.update_id), so two copies made on two laptops merge as one record."""

    TABLE: ClassVar[str] = "action_updates"

    round: str = ""  # ReportingRound id
    action: str = ""  # ActionItem id
    status: str = "not_started"
    note: str = ""  # the owner's progress note or the evidence offered this round
    returned: bool = False  # false: carried from the round before when this round opened


@dataclass(frozen=True)
class Enforcement(Record):
    """A regulatory action or limiter: requirement notice, warning notice, breach, no manager ..."""

    TABLE: ClassVar[str] = "enforcement"

    kind: str = ""  # a limiter id from the framework's aggregation block
    scope_unit: str = ""
    key_question: str = ""
    regulation: str = ""
    text: str = ""
    date: str = ""
    location: str = ""  # a review location id: the action concerns that site (no scope unit)
    regulated_activity: str = ""  # e.g. "Treatment of disease, disorder or injury"
    how_not_met: str = ""  # how the regulation was not met: the team's account


@dataclass(frozen=True)
class SectionState(Record):
    """One piece of the report's prose (a report section key such as `summary`): its text, whether
    the team agreed it, and who last edited it and when. Its id is derived from the review and the
    key (core.report_sections.section_state_id), so the same section saved on two laptops is one
    record, merged like any other: two sections written on two laptops merge, and one section
    changed on two laptops from the same version is a conflict with both texts kept.

    The text is `text` once the record holds it (`holds_text`): every save in the app does. A
    record that does not (imported from a file, or saved before sections held their own text)
    leaves the text where it was, in `Review.sections[key]`. core.report_sections.section_text is
    the one place that reads it."""

    TABLE: ClassVar[str] = "section_states"
    ADDED_FIELDS: ClassVar[tuple[str, ...]] = ("text", "holds_text")

    key: str = ""  # the report section key (the Review.sections key of text imported from a file)
    agreed: bool = False  # the team agreed the text as it stands
    edited_by: str = ""  # the team member who last saved its text
    edited: str = ""  # when (UTC ISO 8601)
    agreed_by: str = ""  # the team member who marked it agreed ('' while a draft)
    agreed_at: str = ""  # when (UTC ISO 8601; '' while a draft)
    text: str = ""  # the section's text, when `holds_text` ('' : the team removed it)
    holds_text: bool = False  # False: the text is still Review.sections[key]

    def resolution_changes(self, changes: dict[str, Any], member: str, when: str) -> dict[str, Any]:
        """A conflict resolved with a text of its own (a combined version) is that member's edit:
        the section holds the new text as a draft, edited by them then, whatever the version kept
        had agreed (the team has not agreed the combined text yet)."""
        out = dict(changes)
        if "text" in out and (out["text"] != self.text or not self.holds_text):
            edit = {
                "holds_text": True,
                "agreed": False,
                "agreed_by": "",
                "agreed_at": "",
                "edited_by": member,
                "edited": when,
            }
            for name, value in edit.items():
                out.setdefault(name, value)  # a field the resolution sets itself is kept
        return out


@dataclass(frozen=True)
class Draft(Record):
    """An unsaved note being typed; autosaved so a crash loses no typing."""

    TABLE: ClassVar[str] = "drafts"

    note_id: str = ""  # the note being edited, or empty for a new note
    fields: dict = field(default_factory=dict, hash=False)


RECORD_TYPES: dict[str, type[Record]] = {
    cls.TABLE: cls
    for cls in (
        Review,
        TeamMember,
        ScopeUnit,
        EvidenceNote,
        Rating,
        Score,
        Finding,
        Recommendation,
        ActionItem,
        ReportingRound,
        ActionUpdate,
        Enforcement,
        SectionState,
        Draft,
    )
}
# Tables in the order they appear in exchange files and reports.
TABLE_ORDER: tuple[str, ...] = (
    "review",
    "members",
    "scope_units",
    "notes",
    "ratings",
    "scores",
    "findings",
    "recommendations",
    "actions",
    "reporting_rounds",
    "action_updates",
    "enforcement",
    "section_states",
)


def record_from_dict(table: str, data: dict) -> Record:
    """A record of table `table` from plain data (see Record.from_dict)."""
    return RECORD_TYPES[table].from_dict(data)


def newer(first: Record, second: Record) -> Record:
    """Merge rule for two copies of one record: higher revision, then later update, then id order."""
    return max(
        (first, second), key=lambda record: (record.rev, record.updated, repr(record.to_dict()))
    )
