"""What one report prints, read from the open review once (`ReportData`), and the lookups the
sections share: names of units and locations, how an author is shown, the numbering of notes and
recommendations, and the evidence each finding rests on (`refer`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import groupby

from cqc_tui.core.action_plan import ActionPlan
from cqc_tui.core.model import (
    OVERALL,
    EvidenceNote,
    Recommendation,
    TeamMember,
    recommendation_kind_order,
)
from cqc_tui.core.report_sections import AGREED, section_states, section_status, section_text
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.report.content import report_plan
from cqc_tui.report.final_gate import printed_grid, wants_final
from cqc_tui.report.labels import initials_of
from cqc_tui.report.ooxml import clean
from cqc_tui.report.options import ExportOptions
from cqc_tui.report.ratings_view import GridView
from cqc_tui.report.redact import initials, review_redactor
from cqc_tui.report.xml_safe import xml_safe_record, xml_safe_records

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"


def _unchanged(text: str) -> str:
    return text


class ReportData:
    """Everything the report prints, read from the session in one consistent read (the app exports
    from a worker thread while the inspector may still be saving), with no character XML 1.0
    forbids in any string."""

    def __init__(self, session: ReviewSession, options: ExportOptions) -> None:
        self.session = session
        self.options = options
        with session.reading():
            self.review = session.review
            self.framework = session.framework
            self.review_type = session.review_type
            self.scale = self.framework.rating_scale
            self.units = session.scope_units()
            self.members = session.members()
            self.notes = session.notes()
            self.findings = session.findings()
            self.recommendations = session.recommendations()
            self.actions = session.actions()
            # each action's status in the current round
            self.plan_summary = ActionPlan.of(session).summary()
            self.enforcement = session.enforcement()
            self.scores = session.scores()
            self.section_states = section_states(session)
            self._grid: GridView | None = printed_grid(session)
            ratings = session.ratings(sources=None, location=None)
        # No string of any record reaches the document with a character XML 1.0 forbids
        self.review = xml_safe_record(self.review)
        self.units = xml_safe_records(self.units)
        self.members = xml_safe_records(self.members)
        self.notes = xml_safe_records(self.notes)
        self.findings = xml_safe_records(self.findings)
        self.recommendations = xml_safe_records(self.recommendations)
        self.actions = xml_safe_records(self.actions)
        self.enforcement = xml_safe_records(self.enforcement)
        self.scores = xml_safe_records(self.scores)
        self.section_states = {
            key: xml_safe_record(state) for key, state in self.section_states.items()
        }
        self.unit_by_id = {unit.id: unit for unit in self.units}
        self.note_by_id = {note.id: note for note in self.notes}
        self.key_question_label = {
            key_question.code: key_question.label for key_question in self.framework.key_questions
        }
        self.key_question_label[OVERALL] = "Overall"
        self.marking = clean(options.marking or self.review.marking or DEFAULT_MARKING).strip()
        self.is_draft = not wants_final(self.review.status, options.draft, options.final)
        self.references: list[tuple[str, str, tuple[str, ...]]] = []  # (place, what, note ids)
        records = [
            *self.notes,
            *self.findings,
            *self.recommendations,
            *self.actions,
            *self.enforcement,
            *self.scores,
            *ratings,
        ]
        self.redact: Callable[[str], str] = (
            review_redactor(self.review, self.members, records, self.section_states)
            if options.redact
            else _unchanged
        )
        self._author_cache: dict[str, str] = {}
        self._member_keys = _member_keys(self.members)
        self._note_number: dict[str, int] | None = None
        self._recommendation_number: dict[str, int] | None = None

    # -- the plan ---------------------------------------------------------------------------

    def plan(self) -> list[tuple[str, str, dict]]:
        """The report's sections in order: (id, title, options)."""
        return report_plan(self.review_type)

    @property
    def default_plan(self) -> bool:
        """True when the review type is unknown and the default section list is in use: then
        sections with nothing recorded are left out rather than stated empty."""
        return self.review_type is None or not self.review_type.sections

    @property
    def has_log(self) -> bool:
        """The report ends with the evidence log (so references can give a note's number)."""
        return self.options.evidence_appendix and any(
            section_id == "evidence_log" for section_id, _, _ in self.plan()
        )

    @property
    def rated(self) -> bool:
        """The report prints ratings: a rated framework and review type, with a rating scale."""
        return bool(
            self.framework.rated
            and self.scale
            and (self.review_type is None or self.review_type.rated)
        )

    @property
    def grid(self) -> GridView:
        """The ratings grid as printed (rows the review did not assess left out)."""
        if self._grid is None:
            self._grid = printed_grid(self.session) or GridView([], [])
        return self._grid

    def section_text(self, key: str) -> str:
        """The text of section `key` as the team wrote it ('' when none: core.report_sections)."""
        return section_text(self.review, self.section_states, key)

    def section_agreed(self, key: str) -> bool:
        """The team agreed the text of section `key` as it stands."""
        return section_status(self.review, self.section_states, key).state == AGREED

    # -- names --------------------------------------------------------------------------------

    def author(self, name: str) -> str:
        """How an author is shown: the member's name (or, redacted, initials and role)."""
        if name in self._author_cache:
            return self._author_cache[name]
        member = self._member_keys.get((name or "").strip().lower())
        if self.options.redact:
            if member is not None:
                shown = (member.initials or initials(member.name)) + (
                    f" ({member.role})" if member.role else ""
                )
            else:
                shown = initials(name) if name else ""
        else:
            shown = member.name if member is not None else (name or "")
        self._author_cache[name] = shown
        return shown

    def member_initials(self, name: str) -> str:
        """The initials of the member an author name stands for (or of the name itself)."""
        member = self._member_keys.get((name or "").strip().lower())
        if member is not None:
            return member.initials or initials_of(member.name)
        return initials_of(name or "")

    def unit_label(self, unit_id: str) -> str:
        """The label of one of the review's scope units ('' for none or an unknown id)."""
        unit = self.unit_by_id.get(unit_id)
        return unit.label if unit else ""

    def location_name(self, location_id: str) -> str:
        """The name of one of the review's locations (sites), or its id if it has no name."""
        if not location_id:
            return ""
        for location in self.review.locations:
            if isinstance(location, dict) and location.get("id") == location_id:
                return str(location.get("name") or location_id)
        return location_id

    # -- numbering ----------------------------------------------------------------------------

    @property
    def note_number(self) -> dict[str, int]:
        """Each note's number in the evidence log (oldest first, from 1)."""
        if self._note_number is None:
            ordered = sorted(self.notes, key=lambda note: (note.created, note.id))
            self._note_number = {note.id: number for number, note in enumerate(ordered, start=1)}
        return self._note_number

    def recommendation_kinds(self) -> list[str]:
        """The kinds of recommendation the review has: the product's kinds in order, then others."""
        return sorted(
            {recommendation.kind for recommendation in self.recommendations},
            key=recommendation_kind_order,
        )

    @property
    def recommendation_number(self) -> dict[str, int]:
        """One numbering of recommendations for the whole report: the order they are listed in
        (by kind, then owner, then their own order), used again by the action plan."""
        if self._recommendation_number is None:
            ordered: list[Recommendation] = []
            by_kind = sorted(
                self.recommendations,
                key=lambda recommendation: recommendation_kind_order(recommendation.kind),
            )
            for _kind, same_kind in groupby(
                by_kind, key=lambda recommendation: recommendation.kind
            ):
                items = list(same_kind)
                for owner in dict.fromkeys(recommendation.owner for recommendation in items):
                    ordered += [
                        recommendation for recommendation in items if recommendation.owner == owner
                    ]
            self._recommendation_number = {
                recommendation.id: number for number, recommendation in enumerate(ordered, start=1)
            }
        return self._recommendation_number

    # -- evidence references --------------------------------------------------------------

    def cited_note(self, note_id: str) -> EvidenceNote | None:
        """The live note a citation in the team's text names, or None when it is not in the
        review any more (deleted)."""
        return self.note_by_id.get(note_id)

    def refer(self, where: str, note_ids: Iterable[str]) -> None:
        """Remember that the text just written under `where` ('place: what') rests on `note_ids`
        (unknown ids are dropped). Text at the same place resting on the same notes is listed once."""
        ids = tuple(note_id for note_id in note_ids if note_id in self.note_by_id)
        if not ids:
            return
        place, _, what = where.partition(": ")
        if self.references:
            last_place, last_what, last_ids = self.references[-1]
            if last_place == place and last_ids == ids:
                self.references[-1] = (place, _both(last_what, what), ids)
                return
        self.references.append((place, what, ids))


def _both(first: str, then: str) -> str:
    """What two pieces of text resting on the same notes are called together: 'Rating and finding:
    Staffing at night' for a rating and the finding under it, else 'Staffing and Training'."""
    if not then or then == first:
        return first
    if not first:
        return then
    if first == "Rating":
        return f"Rating and finding: {then}"
    return f"{first} and {then}"


def _member_keys(members: list[TeamMember]) -> dict[str, TeamMember]:
    """The ways an author may be written (name, initials, first name, first.last ...) -> member."""
    keys_to_member: dict[str, TeamMember] = {}
    for member in members:
        parts = [re.sub(r"[^a-z]", "", part) for part in member.name.lower().split()]
        parts = [part for part in parts if part]
        keys = {member.name.lower(), (member.initials or "").lower()}
        if parts:
            first, last = parts[0], parts[-1]
            keys |= {
                first,
                first + last,
                f"{first}.{last}",
                f"{first}_{last}",
                first[0] + last,
                f"{first[0]}.{last}",
                "".join(parts),
            }
        for key in keys:
            if key:
                keys_to_member.setdefault(key, member)
    return keys_to_member
