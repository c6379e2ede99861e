"""The workspace (a folder of reviews) and the review session API shared by the TUI and the CLI."""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from cqc_tui.core.coverage import CoverageCounter
from cqc_tui.core.errors import (
    AmbiguousReview,
    CqcError,
    FileError,
    ReviewNotFound,
    StoreError,
    ValidationError,
    os_error_line,
)
from cqc_tui.core.framework import Framework, FrameworkSet, load_frameworks
from cqc_tui.core.framework.cache import CACHE_NAME
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
)
from cqc_tui.core.paths import check_review_id, default_home, frameworks_dir, review_types_dir
from cqc_tui.core.review_types import ReviewType, ReviewTypeSet, load_review_types
from cqc_tui.core.staging import install, new_staging_folder, settle
from cqc_tui.core.store import SUMMARY, ReviewStore, current_user, summarise
from cqc_tui.core.validate import Context, check_record

# The fields of a review summary (store.summarise, summary.json) and the type each must have.
SUMMARY_FIELDS: dict[str, type] = {
    "id": str, "title": str, "review_type": str, "framework_id": str, "framework_version": str, "provider": str,
    "start_date": str, "end_date": str, "status": str, "archived": bool, "notes": int, "last_change": str,
}


def summary_problem(data: Any, folder_name: str) -> str | None:
    """Why `data` is not a usable summary of the review in the folder `folder_name` (None if it is):
    a mapping with every field of SUMMARY_FIELDS of the right type, and the folder's id."""
    if not isinstance(data, dict):
        return "not a mapping"
    for name, kind in SUMMARY_FIELDS.items():
        value = data.get(name)
        if type(value) is not kind:
            return f"{name} is {type(value).__name__}, not {kind.__name__}"
    if data["id"] != folder_name:
        return f"id {data['id']!r} is not the folder's name"
    return None


def _damaged(folder: Path, reason: str) -> dict:
    """The list entry of a review that cannot be read: still listed, with the reason."""
    return {"id": folder.name, "title": f"(unreadable: {reason})", "review_type": "", "framework_id": "",
            "framework_version": "", "provider": "", "start_date": "", "end_date": "", "status": "damaged",
            "archived": False, "notes": 0, "last_change": "", "folder": str(folder), "error": reason}


class Workspace:
    """A folder holding one sub-folder per review, plus optional user frameworks."""

    def __init__(self, home: Path | str | None = None):
        self.home = Path(home).expanduser() if home else default_home()
        self.reviews_dir = self.home / "reviews"
        self.settled: list[str] = []  # what settle() finished or rolled back, for a notice

    def ensure(self) -> None:
        """Create the workspace's reviews folder if needed; StoreError (one line) when it cannot
        be."""
        try:
            self.reviews_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the workspace at {self.home}: {exc.strerror}; "
                             "choose another with --home or CQC_TUI_HOME") from None

    # -- frameworks and review types -------------------------------------------------------

    @cached_property
    def frameworks(self) -> FrameworkSet:
        """The bundled and the workspace's frameworks (loaded once, with the YAML cache)."""
        return load_frameworks([frameworks_dir(), self.home / "frameworks"],
                               cache=self.home / "cache" / CACHE_NAME)

    @cached_property
    def review_types(self) -> ReviewTypeSet:
        """The bundled and the workspace's review types (loaded once)."""
        return load_review_types([review_types_dir(), self.home / "review_types"])

    # -- listing and finding ---------------------------------------------------------------

    def folder(self, review_id: str) -> Path:
        """The folder of the review with this id. Raises ValidationError (one line) for an id that
        could name anything but a folder directly inside reviews/ (paths.check_review_id)."""
        return self.reviews_dir / check_review_id(review_id)

    def settle(self) -> list[str]:
        """Finish or roll back a replace a crash interrupted, and remove unfinished staging folders
        (staging.settle); what it did is kept in `settled` for the caller to show."""
        if self.reviews_dir.is_dir():
            self.settled.extend(settle(self.home, self.reviews_dir))
        return self.settled

    def list_reviews(self, include_archived: bool = True) -> list[dict]:
        """A summary of every review in the workspace. One damaged review never stops the others
        listing: it is listed with status 'damaged' and the reason. A workspace folder that cannot be
        read raises FileError (one line naming it and what to do)."""
        out: list[dict] = []
        if not self.reviews_dir.is_dir():
            return out
        self.settle()
        try:
            folders = sorted(self.reviews_dir.iterdir())
        except OSError as exc:
            raise FileError.from_os(exc, self.reviews_dir, "list the reviews in") from None
        for folder in folders:
            if folder.name.startswith(".") or folder.is_symlink() or not folder.is_dir():
                continue
            summary = self._summary(folder)
            if summary.get("archived") and not include_archived:
                continue
            out.append(summary)
        out.sort(key=lambda s: (s["archived"], s["start_date"], s["title"]))
        return out

    @staticmethod
    def _cached_summary(folder: Path) -> dict | None:
        """The review's summary.json if it is at least as new as every journal and has the shape
        the store writes (summary_problem), else None: the caller then reads the review itself."""
        cached = folder / SUMMARY
        try:
            newest = max((p.stat().st_mtime for p in folder.glob("journal-*.jsonl")), default=0.0)
            if cached.exists() and cached.stat().st_mtime >= newest:
                data = json.loads(cached.read_text(encoding="utf-8"))
                if summary_problem(data, folder.name) is None:
                    data["folder"] = str(folder)
                    return data
        except (OSError, ValueError):
            pass
        return None

    def _summary(self, folder: Path) -> dict:
        data = self._cached_summary(folder)
        if data is not None:
            return data
        try:
            store = ReviewStore.open(folder, readonly=True)
            data = summarise(store.tables)
        except CqcError as exc:
            return _damaged(folder, str(exc))
        except OSError as exc:
            return _damaged(folder, os_error_line(exc, action="read"))
        if summary_problem(data, folder.name) is not None:
            return _damaged(folder, f"{folder} does not hold the review its name says (no review record with id "
                                    f"{folder.name}); run 'cqc-tui recover' on it")
        data["folder"] = str(folder)
        return data

    def resolve(self, query: str) -> dict:
        """Find one review by id, id prefix, or an unambiguous part of its title."""
        query = query.strip()
        if not query:
            raise ReviewNotFound("no review named; give an id or part of a title ('cqc-tui list' shows them)")
        reviews = self.list_reviews()
        exact = [r for r in reviews if r["id"] == query or r.get("title", "").lower() == query.lower()]
        if len(exact) == 1:
            return exact[0]
        matches = [r for r in reviews if r["id"].startswith(query) or query.lower() in r.get("title", "").lower()]
        if not matches:
            raise ReviewNotFound(f"no review matches '{query}'; 'cqc-tui list' shows the reviews in {self.home}")
        if len(matches) > 1:
            names = "; ".join(f"{m['id'][:8]} {m['title']}" for m in matches[:5])
            raise AmbiguousReview(f"'{query}' matches {len(matches)} reviews ({names}); give more of the title or the id")
        return matches[0]

    # -- opening and creating --------------------------------------------------------------

    def open(self, query: str, readonly: bool = False, user: str | None = None) -> ReviewSession:
        """Open the review `query` names (id, start of an id, or title; see `resolve`)."""
        summary = self.resolve(query)
        return self.open_id(summary["id"], readonly=readonly, user=user, title=summary.get("title", ""))

    def preview(self, review_id: str) -> ReviewPreview | None:
        """What a screen can show of a review before its records are read (title, framework, size),
        from its saved summary: cheap at any size. None when the summary is missing or older than
        the journals, or its framework is not installed (open the review the ordinary way then:
        that gives the full message)."""
        folder = self.folder(review_id)
        summary = self._cached_summary(folder) if folder.is_dir() else None
        if summary is None or summary.get("id") != review_id:
            return None
        fw_id, fw_version = summary.get("framework_id"), summary.get("framework_version")
        notes = summary.get("notes")
        if not isinstance(fw_id, str) or not isinstance(fw_version, str) or type(notes) is not int:
            return None
        fw = self.frameworks.get(fw_id, fw_version)
        if fw is None:
            return None
        review_type = summary.get("review_type")
        return ReviewPreview(id=review_id, title=str(summary.get("title") or review_id), notes=notes, framework=fw,
                             review_type=self.review_types.get(review_type) if isinstance(review_type, str) else None)

    def open_id(self, review_id: str, readonly: bool = False, user: str | None = None,
                title: str = "") -> ReviewSession:
        """Open the review with this id; the store is closed again when the session cannot be made."""
        store = ReviewStore.open(self.folder(review_id), readonly=readonly, title=title)
        try:
            return ReviewSession(self, store, user=user)
        except BaseException:
            store.close(compact=False)
            raise

    def create(self, review: Review, members: Iterable[TeamMember] = (), scope_units: Iterable[ScopeUnit] = (),
               user: str | None = None) -> ReviewSession:
        """Check and create a new review with its team and scope units, all or nothing, and open it
        for writing."""
        self.ensure()
        fw = self.frameworks.get(review.framework_id, review.framework_version or None)
        if fw is None:
            raise ValidationError(f"framework {review.framework_id!r} is not installed "
                                  "('cqc-tui frameworks list' shows those that are)")
        if not review.framework_version:
            import dataclasses
            review = dataclasses.replace(review, framework_version=fw.version)
        members, scope_units = list(members), list(scope_units)
        ctx = Context(fw, {u.id for u in scope_units}, set(), set(), {loc["id"] for loc in review.locations})
        for rec in [review, *members, *scope_units]:
            problems = check_record(rec, ctx)
            if problems:
                raise ValidationError(f"{rec.TABLE}: {problems[0]}")
        # Built whole in a hidden staging folder, then put in place with one rename: a creation
        # interrupted at any moment leaves either nothing listed or the whole new review.
        folder = self.folder(review.id)
        if folder.exists():
            raise StoreError(f"{folder} already exists; a review with this id is already in the workspace")
        self.settle()
        staging = new_staging_folder(self.reviews_dir, review.id)
        try:
            store = ReviewStore.create(staging, review)
            try:
                store.save_many([*members, *scope_units])
            except BaseException:
                store.close(compact=False)
                raise
            store.close(compact=False)  # the journal holds it all; the session opened below goes on from it
            install(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return self.open_id(review.id, user=user, title=review.title)


@dataclass
class Coverage:
    """Evidence and ratings for one line (KLOE / quality statement) in one scope unit or overall."""

    notes: int
    sources: frozenset
    concerns: int
    rated: bool


@dataclass(frozen=True)
class ReviewPreview:
    """A review as its summary describes it, before it is opened (see Workspace.preview)."""

    id: str
    title: str
    notes: int
    framework: Framework
    review_type: ReviewType | None


class ReviewSession:
    """An open review with its framework: the operations the TUI and CLI perform."""

    def __init__(self, workspace: Workspace, store: ReviewStore, user: str | None = None):
        self.workspace = workspace
        self.store = store
        self.user = user or current_user()
        review = store.review
        fw = workspace.frameworks.get(review.framework_id, review.framework_version)
        if fw is None:
            bad = [u for u in workspace.frameworks.unusable if review.framework_id in u.path]
            why = f" (its file is unusable: {bad[0].reason})" if bad else ""
            raise ValidationError(f"review '{review.title}' uses framework {review.framework_id} "
                                  f"{review.framework_version}, which is not installed{why}")
        self.framework: Framework = fw
        self.framework_mismatch = fw.version != review.framework_version
        self.review_type: ReviewType | None = workspace.review_types.get(review.review_type)

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
        return sorted(self.store.records("members"), key=lambda m: m.created)  # type: ignore[arg-type]

    def scope_units(self, include_deleted: bool = False) -> list[ScopeUnit]:
        """The scope units in the order set for them, then by label."""
        return sorted(self.store.records("scope_units", include_deleted),  # type: ignore[arg-type]
                      key=lambda u: (u.order, u.label))

    def scope_unit(self, unit_id: str) -> ScopeUnit | None:
        """The scope unit with `unit_id` (deleted ones included), None when there is none."""
        return self.store.get("scope_units", unit_id)  # type: ignore[return-value]

    def notes(self, include_deleted: bool = False) -> list[EvidenceNote]:
        """The evidence notes in the order they were first saved."""
        return self.store.records("notes", include_deleted)  # type: ignore[return-value]

    def records(self, table: str, include_deleted: bool = False) -> list[Record]:
        """The records of `table` in the order they were first saved (untyped: prefer the typed
        queries)."""
        return self.store.records(table, include_deleted)

    def context(self) -> Context:
        """What a record is checked against on save: the framework and the ids of the review's
        records."""
        tables = self.store.tables  # key views: validation only asks "in", so nothing is copied per save
        return Context(self.framework, tables["scope_units"].keys(), tables["notes"].keys(), tables["recommendations"].keys(),
                       {loc["id"] for loc in self.review.locations if isinstance(loc, dict)},
                       tables["actions"].keys(), tables["reporting_rounds"].keys())

    def coverage(self) -> dict[tuple[str, str], Coverage]:
        """(line code, scope unit id or '') -> Coverage. Also (line, '*') across all units."""
        counter = CoverageCounter(self.store.tables["notes"].values())  # type: ignore[arg-type]
        rated = self.rated_pairs(location=None)  # the team's ratings, whole units and locations
        out = {}
        for (code, unit), (count, sources, concerns) in counter.slots.items():
            kq = self.framework.key_question_of(code) or ""
            is_rated = (unit, kq) in rated if unit != "*" else any(k == kq for _, k in rated)
            out[(code, unit)] = Coverage(count, frozenset(sources), concerns, is_rated)
        return out

    # -- writing ---------------------------------------------------------------------------

    def _check(self, record: Record) -> None:
        problems = check_record(record, self.context())
        if problems:
            raise ValidationError(f"{record.TABLE[:-1] if record.TABLE.endswith('s') else record.TABLE}: "
                                  f"{problems[0]}")

    def save(self, record: Record) -> Record:
        """Check `record` against the framework and the review (ValidationError, one line) and save
        it durably."""
        self._check(record)
        return self.store.save(record)

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

    def set_rating(self, scope_unit: str, key_question: str, rating: str, rationale: str = "",
                   note_ids: Iterable[str] = (), departure_reason: str = "", location: str = "",
                   rated_on: str = "") -> Rating:
        """Create or revise the team's rating for scope unit x key question (this review's own)."""
        existing = self.team_rating(scope_unit, key_question, location)
        fields = dict(rating=rating, rationale=rationale, note_ids=tuple(note_ids),
                      departure_reason=departure_reason, rated_on=rated_on or now_iso()[:10])
        if existing is None:
            return self.add(Rating, scope_unit=scope_unit, key_question=key_question, location=location,
                            **fields)  # type: ignore[return-value]
        return self.update("ratings", existing.id, **fields)  # type: ignore[return-value]

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

    def rated_pairs(self, include_carried_forward: bool = False, location: str | None = "") -> set[tuple[str, str]]:
        """(scope unit id, key question code) pairs that hold a rating of this review, and, when
        asked, a rating carried forward from an earlier inspection."""
        sources = (THIS_REVIEW, CARRIED_FORWARD) if include_carried_forward else (THIS_REVIEW,)
        return {(r.scope_unit, r.key_question) for r in self.ratings(sources, location)}

    def team_rating(self, scope_unit: str, key_question: str, location: str = "") -> Rating | None:
        """The team's own rating (source this_review) for scope unit x key question, if any."""
        return next((r for r in self.team_ratings(location)
                     if r.scope_unit == scope_unit and r.key_question == key_question), None)

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
            key=lambda recommendation: (recommendation.order, recommendation.created, recommendation.id),
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
            (record for record in self.store.records("enforcement") if isinstance(record, Enforcement)),
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
        return [d for d in self.store.records("drafts") if d.author == self.user]  # type: ignore[misc]

    def close(self, compact: bool = True) -> None:
        """Let go of the review. compact=False skips folding the journal into the snapshot (a
        review opened and left unseen: the next open replays the journal instead)."""
        self.store.close(compact=compact)

    def __enter__(self) -> ReviewSession:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

