"""An open review: `ReviewSession`, the typed queries and the saves the TUI, the command line and
the report use (one implementation of each rule, in the core)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cqc_tui.core.coverage import CoverageCounter
from cqc_tui.core.edits import CURRENT, same_version
from cqc_tui.core.errors import ValidationError
from cqc_tui.core.framework import Framework, FrameworkSet
from cqc_tui.core.model import (
    CARRIED_FORWARD,
    THIS_REVIEW,
    ActionItem,
    Draft,
    Enforcement,
    EvidenceNote,
    Finding,
    Rating,
    Recommendation,
    Record,
    Review,
    ScopeUnit,
    Score,
    TeamMember,
    now_iso,
    recommendation_kind_order,
)
from cqc_tui.core.record_ids import team_rating_id
from cqc_tui.core.review_types import ReviewType, ReviewTypeSet
from cqc_tui.core.store import ReviewStore, current_user
from cqc_tui.core.team.changelog import ChangeLog, attach_log
from cqc_tui.core.team.identity import chosen_member
from cqc_tui.core.team.merge import TeamView, repair_on_open
from cqc_tui.core.team.revisions import record_revision_id
from cqc_tui.core.validate import Context, check_record


class SessionWorkspace(Protocol):
    """What a session needs of the workspace that opened it: its folder, and the frameworks and
    review types installed there (core.workspace.Workspace is one)."""

    @property
    def home(self) -> Path:
        """The workspace folder (team work keeps this device's id there)."""
        ...

    @property
    def frameworks(self) -> FrameworkSet:
        """The frameworks installed, the review's among them (or why it is unusable)."""
        ...

    @property
    def review_types(self) -> ReviewTypeSet:
        """The review types installed, which say whether a review is rated."""
        ...


@dataclass
class Coverage:
    """Evidence and ratings for one line (KLOE / quality statement) in one scope unit or overall."""

    notes: int
    sources: frozenset
    concerns: int
    rated: bool


class ReviewSession:
    """An open review with its framework: the operations the TUI and CLI perform."""

    def __init__(self, workspace: SessionWorkspace, store: ReviewStore, user: str | None = None):
        self.workspace = workspace
        self.store = store
        # Team work (core/team): the change log this session appends every save to, once the review
        # takes part in team work; the member chosen on this device names the author by default.
        self.team_log: ChangeLog | None = attach_log(self)
        self.team_view: TeamView | None = None  # kept by team.merge.load for a writable session
        self.team_lock = threading.RLock()  # held by team operations (sync, receive, resolve)
        chosen = chosen_member(self) if user is None else None
        self.user = user or (chosen.name if chosen is not None else current_user())
        review = store.review
        framework = workspace.frameworks.get(review.framework_id, review.framework_version)
        if framework is None:
            unusable_files = [
                entry
                for entry in workspace.frameworks.unusable
                if review.framework_id in entry.path
            ]
            why = f" (its file is unusable: {unusable_files[0].reason})" if unusable_files else ""
            raise ValidationError(
                f"review '{review.title}' uses framework {review.framework_id} "
                f"{review.framework_version}, which is not installed{why}"
            )
        self.framework: Framework = framework
        self.framework_mismatch = framework.version != review.framework_version
        self.review_type: ReviewType | None = workspace.review_types.get(review.review_type)
        repair_on_open(self)

    # -- reading ---------------------------------------------------------------------------

    @property
    def review(self) -> Review:
        """The review record."""
        return self.store.review

    @property
    def readonly(self) -> bool:
        """Whether the review is open read-only (another window has it for writing)."""
        return self.store.readonly

    def members(self) -> list[TeamMember]:
        """The team in the order it was entered (the lead inspector is usually first): members
        added together share a creation time, and the store keeps the order they were saved in."""
        return sorted(self.store.records("members"), key=lambda member: member.created)  # type: ignore[arg-type]

    def scope_units(self, include_deleted: bool = False) -> list[ScopeUnit]:
        """The scope units in the order set for them, then by label."""
        return sorted(
            self.store.records("scope_units", include_deleted),  # type: ignore[arg-type]
            key=lambda unit: (unit.order, unit.label),
        )

    def scope_unit(self, unit_id: str) -> ScopeUnit | None:
        """The scope unit with `unit_id` (deleted ones included), None when there is none."""
        return self.store.get("scope_units", unit_id)  # type: ignore[return-value]

    def notes(self, include_deleted: bool = False) -> list[EvidenceNote]:
        """The evidence notes in the order they were first saved."""
        return self.store.records("notes", include_deleted)  # type: ignore[return-value]

    def cited_notes(self, note_ids: Iterable[str]) -> list[EvidenceNote]:
        """The notes with these ids, in the order given: deleted ones too (what a finding or rating
        cites stays readable), ids of no note left out."""
        table = self.store.tables["notes"]
        return [note for note in map(table.get, note_ids) if isinstance(note, EvidenceNote)]

    def records(self, table: str, include_deleted: bool = False) -> list[Record]:
        """The records of `table` in the order they were first saved (untyped: prefer the typed
        queries)."""
        return self.store.records(table, include_deleted)

    def context(self) -> Context:
        """What a record is checked against on save: the framework and the ids of the review's
        records."""
        tables = (
            self.store.tables
        )  # key views: validation only asks "in", so nothing is copied per save
        return Context(
            self.framework,
            tables["scope_units"].keys(),
            tables["notes"].keys(),
            tables["recommendations"].keys(),
            {location["id"] for location in self.review.locations if isinstance(location, dict)},
            tables["actions"].keys(),
            tables["reporting_rounds"].keys(),
        )

    def coverage(self) -> dict[tuple[str, str], Coverage]:
        """(line code, scope unit id or '') -> Coverage. Also (line, '*') across all units."""
        counter = CoverageCounter(self.store.tables["notes"].values())  # type: ignore[arg-type]
        rated = self.rated_pairs(location=None)  # the team's ratings, whole units and locations
        out = {}
        for (code, unit), (count, sources, concerns) in counter.slots.items():
            key_question = self.framework.key_question_of(code) or ""
            is_rated = (
                (unit, key_question) in rated
                if unit != "*"
                else any(rated_key_question == key_question for _, rated_key_question in rated)
            )
            out[(code, unit)] = Coverage(count, frozenset(sources), concerns, is_rated)
        return out

    # -- writing ---------------------------------------------------------------------------

    def _check(self, record: Record) -> None:
        problems = check_record(record, self.context())
        if problems:
            raise ValidationError(
                f"{record.TABLE[:-1] if record.TABLE.endswith('s') else record.TABLE}: "
                f"{problems[0]}"
            )

    def save(self, record: Record, bases: Iterable[str] | None = None) -> Record:
        """Check `record` against the framework and the review (ValidationError, one line) and save
        it durably; a team review's change log gets the revision too, based on the version the
        store held, or on the revisions `bases` names (an edit begun from an earlier version than
        the store now holds: it stands beside that version as a conflict). Both under the store's
        lock, so a sync saving received revisions meanwhile never slips between them."""
        self._check(record)
        with self.store.reading():
            previous = self.store.get(record.TABLE, record.id)
            saved = self.store.save(record)
            if self.team_log is not None:
                self.team_log.record_saved(previous, saved, bases)
        return saved

    def add(self, cls: type[Record], **fields: Any) -> Record:
        """Create and save a new record of `cls`, authored by the session's user."""
        fields.setdefault("author", self.user)
        return self.save(cls(**fields))

    def update(self, table: str, record_id: str, **changes: Any) -> Record:
        """Save a new revision of a record with `changes`; ValidationError when there is no such
        record."""
        current = self.store.get(table, record_id)
        if current is None:
            raise ValidationError(f"no {table} record with id {record_id}")
        return self.save(current.revise(author=self.user, **changes))

    def delete(self, table: str, record_id: str) -> Record:
        """Mark a record deleted (a new revision: it can be restored)."""
        return self.update(table, record_id, deleted=True)

    def restore(self, table: str, record_id: str) -> Record:
        """Undo `delete`."""
        return self.update(table, record_id, deleted=False)

    def add_note(self, **fields: Any) -> EvidenceNote:
        """Save a new evidence note; its key question defaults to that of its first line."""
        if "lines" in fields:
            fields["lines"] = tuple(fields["lines"])
        if not fields.get("key_question") and fields.get("lines"):
            fields["key_question"] = self.framework.key_question_of(fields["lines"][0]) or ""
        return self.add(EvidenceNote, **fields)  # type: ignore[return-value]

    def set_rating(
        self,
        scope_unit: str,
        key_question: str,
        rating: str,
        rationale: str = "",
        note_ids: Iterable[str] = (),
        departure_reason: str = "",
        location: str = "",
        rated_on: str = "",
    ) -> Rating:
        """Create or revise the team's rating for scope unit x key question (this review's own)."""
        return self.rate(
            scope_unit,
            key_question,
            rating,
            rationale=rationale,
            note_ids=note_ids,
            departure_reason=departure_reason,
            location=location,
            rated_on=rated_on,
        )[0]

    def rate(
        self,
        scope_unit: str,
        key_question: str,
        rating: str,
        rationale: str = "",
        note_ids: Iterable[str] = (),
        departure_reason: str = "",
        location: str = "",
        rated_on: str = "",
        started: Rating | object | None = CURRENT,
    ) -> tuple[Rating, bool]:
        """`set_rating` for an editor opened on the cell's rating as `started` (None: the cell was
        unrated then). When a sync brought in another version meanwhile (a teammate's rating), a
        team review keeps this one beside it as a conflict instead of replacing it. Returns the
        rating saved and whether it was kept beside another (with the default, `started` is the
        rating the cell holds now: never)."""
        fields: dict[str, Any] = dict(
            rating=rating,
            rationale=rationale,
            note_ids=tuple(note_ids),
            departure_reason=departure_reason,
            rated_on=rated_on or now_iso()[:10],
        )
        with self.store.reading():
            existing = self.team_rating(scope_unit, key_question, location)
            if existing is not None:
                record: Record = existing.revise(author=self.user, **fields)
            else:
                # One id for this cell's rating on every laptop: two members rating it for the
                # first time on two laptops make one record in conflict, not two ratings one of
                # which is never seen.
                cell_id = team_rating_id(self.review.id, scope_unit, location, key_question)
                deleted = self.store.get("ratings", cell_id)
                record = (
                    deleted.revise(author=self.user, deleted=False, **fields)
                    if deleted is not None  # rated before, then deleted
                    else Rating(
                        id=cell_id,
                        author=self.user,
                        scope_unit=scope_unit,
                        key_question=key_question,
                        location=location,
                        **fields,
                    )
                )
            bases = None
            if started is not CURRENT and self.team_log is not None:
                begun = started if isinstance(started, Rating) else None
                if not same_version(existing, begun):
                    bases = [record_revision_id(begun)] if begun is not None else []
            saved = self.save(record, bases)
        assert isinstance(saved, Rating)  # the ratings table holds ratings
        return saved, bases is not None

    def ratings(
        self, sources: Iterable[str] | None = (THIS_REVIEW,), location: str | None = ""
    ) -> list[Rating]:
        """The live ratings whose source is one of `sources` (default: the team's own ratings of
        this review; None: every source), in the order they were first saved. `location` "" keeps
        ratings of whole scope units only; a location id keeps that location's; None keeps every
        location."""
        wanted = set(sources) if sources is not None else None
        return [
            rating
            for rating in self.store.records("ratings")
            if isinstance(rating, Rating)
            and (wanted is None or rating.source in wanted)
            and (location is None or (rating.location or "") == location)
        ]

    def team_ratings(self, location: str | None = "") -> list[Rating]:
        """The team's own ratings agreed in this review (see `ratings` for `location`)."""
        return self.ratings((THIS_REVIEW,), location)

    def rated_pairs(
        self, include_carried_forward: bool = False, location: str | None = ""
    ) -> set[tuple[str, str]]:
        """(scope unit id, key question code) pairs that hold a rating of this review, and, when
        asked, a rating carried forward from an earlier inspection."""
        sources = (THIS_REVIEW, CARRIED_FORWARD) if include_carried_forward else (THIS_REVIEW,)
        return {
            (rating.scope_unit, rating.key_question) for rating in self.ratings(sources, location)
        }

    def team_rating(self, scope_unit: str, key_question: str, location: str = "") -> Rating | None:
        """The team's own rating (source this_review) for scope unit x key question, if any."""
        return next(
            (
                rating
                for rating in self.team_ratings(location)
                if rating.scope_unit == scope_unit and rating.key_question == key_question
            ),
            None,
        )

    def findings(self, kind: str | None = None, include_deleted: bool = False) -> list[Finding]:
        """The findings (only those of `kind` when given: model.FINDING, OUTSTANDING_PRACTICE or
        EARLIER_FINDING) in the order the team set, then by when they were written."""
        return sorted(
            (
                finding
                for finding in self.store.records("findings", include_deleted)
                if isinstance(finding, Finding) and (kind is None or finding.kind == kind)
            ),
            key=lambda finding: (finding.order, finding.created, finding.id),
        )

    def recommendations(
        self, kind: str | None = None, include_deleted: bool = False
    ) -> list[Recommendation]:
        """The recommendations (only those of `kind` when given: a key of model.RECOMMENDATION_KINDS)
        in the order the team set, then by when they were written."""
        return sorted(
            (
                recommendation
                for recommendation in self.store.records("recommendations", include_deleted)
                if isinstance(recommendation, Recommendation)
                and (kind is None or recommendation.kind == kind)
            ),
            key=lambda recommendation: (
                recommendation.order,
                recommendation.created,
                recommendation.id,
            ),
        )

    def recommendations_by_kind(self, include_deleted: bool = False) -> list[Recommendation]:
        """Every recommendation, by kind (must do, should do, area for improvement, recommendation,
        then any other kind by name), each kind in the order the team set (see `recommendations`)."""
        return sorted(
            self.recommendations(include_deleted=include_deleted),
            key=lambda recommendation: recommendation_kind_order(recommendation.kind),
        )

    def next_order(self, table: str) -> int:
        """The `order` a new finding or recommendation takes: after every one in `table`, deleted
        ones included (so a restored one keeps its place)."""
        return len(self.store.records(table, include_deleted=True)) + 1

    def actions(self) -> list[ActionItem]:
        """The action plan's items, by section, then by when they were added."""
        return sorted(
            (item for item in self.store.records("actions") if isinstance(item, ActionItem)),
            key=lambda item: (item.section, item.created, item.id),
        )

    def enforcement(self) -> list[Enforcement]:
        """The enforcement actions recorded (each a limiter on ratings), by date, then by when
        they were recorded."""
        return sorted(
            (
                record
                for record in self.store.records("enforcement")
                if isinstance(record, Enforcement)
            ),
            key=lambda record: (record.date, record.created, record.id),
        )

    def scores(self) -> list[Score]:
        """Every live quality statement score (scored frameworks), in no particular order."""
        return [score for score in self.store.records("scores") if isinstance(score, Score)]

    def score(self, scope_unit: str, line: str, evidence_category: str = "") -> Score | None:
        """The score recorded for `line` at `scope_unit` ('' for the review as a whole), for one
        evidence category ('' for the statement as a whole); None when there is none."""
        return next(
            (
                score
                for score in self.scores()
                if score.scope_unit == scope_unit
                and score.line == line
                and score.evidence_category == evidence_category
            ),
            None,
        )

    @contextlib.contextmanager
    def reading(self) -> Iterator[ReviewSession]:
        """Hold saves from other threads back while the caller reads, so that what it reads is one
        consistent state of the review (an export in a worker thread while the inspector types).
        Saves wait, they are never lost; keep the block short."""
        with self.store.reading():
            yield self

    def save_draft(self, draft_id: str | None, note_id: str, fields: dict) -> Draft:
        """Save the editor's unsaved fields of a note as a draft (a new one, or a revision of
        `draft_id`)."""
        if draft_id and (current := self.store.get("drafts", draft_id)) is not None:
            return self.store.save(current.revise(author=self.user, fields=dict(fields)))  # type: ignore[return-value]
        return self.store.save(Draft(author=self.user, note_id=note_id, fields=dict(fields)))  # type: ignore

    def discard_draft(self, draft_id: str) -> None:
        """Mark a draft finished (it is then left out of the next snapshot)."""
        current = self.store.get("drafts", draft_id)
        if current is not None and not current.deleted:
            self.store.save(current.revise(author=self.user, deleted=True))

    def open_drafts(self) -> list[Draft]:
        """The drafts of the session's user that are not finished."""
        return [draft for draft in self.store.records("drafts") if draft.author == self.user]  # type: ignore[misc]

    def close(self, compact: bool = True) -> None:
        """Let go of the review. compact=False skips folding the journal into the snapshot (a
        review opened and left unseen: the next open replays the journal instead)."""
        self.store.close(compact=compact)

    def __enter__(self) -> ReviewSession:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
