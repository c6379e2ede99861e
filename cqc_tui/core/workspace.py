"""The workspace: a folder of reviews, listed, found, created and opened as `ReviewSession`s
(core/session.py), with the frameworks and review types installed in it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

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
    Review,
    ScopeUnit,
    TeamMember,
)
from cqc_tui.core.paths import check_review_id, default_home, frameworks_dir, review_types_dir
from cqc_tui.core.review_types import ReviewType, ReviewTypeSet, load_review_types
from cqc_tui.core.session import ReviewSession
from cqc_tui.core.staging import install, new_staging_folder, settle
from cqc_tui.core.store import SUMMARY, ReviewStore, current_user, summarise
from cqc_tui.core.validate import Context, check_record

# ReviewSession and current_user are imported from here by the app and the command line.
__all__ = ["ReviewPreview", "ReviewSession", "Workspace", "current_user"]

# The fields of a review summary (store.summarise, summary.json) and the type each must have.
SUMMARY_FIELDS: dict[str, type] = {
    "id": str,
    "title": str,
    "review_type": str,
    "framework_id": str,
    "framework_version": str,
    "provider": str,
    "start_date": str,
    "end_date": str,
    "status": str,
    "archived": bool,
    "notes": int,
    "last_change": str,
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
    return {
        "id": folder.name,
        "title": f"(unreadable: {reason})",
        "review_type": "",
        "framework_id": "",
        "framework_version": "",
        "provider": "",
        "start_date": "",
        "end_date": "",
        "status": "damaged",
        "archived": False,
        "notes": 0,
        "last_change": "",
        "folder": str(folder),
        "error": reason,
    }


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
            raise StoreError(
                f"cannot create the workspace at {self.home}: {exc.strerror}; "
                "choose another with --home or CQC_TUI_HOME"
            ) from None

    # -- frameworks and review types -------------------------------------------------------

    @cached_property
    def frameworks(self) -> FrameworkSet:
        """The bundled and the workspace's frameworks (loaded once, with the YAML cache)."""
        return load_frameworks(
            [frameworks_dir(), self.home / "frameworks"], cache=self.home / "cache" / CACHE_NAME
        )

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
        out.sort(key=lambda summary: (summary["archived"], summary["start_date"], summary["title"]))
        return out

    @staticmethod
    def _cached_summary(folder: Path) -> dict | None:
        """The review's summary.json if it is at least as new as every journal and has the shape
        the store writes (summary_problem), else None: the caller then reads the review itself."""
        cached = folder / SUMMARY
        try:
            newest = max(
                (journal.stat().st_mtime for journal in folder.glob("journal-*.jsonl")), default=0.0
            )
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
            return _damaged(
                folder,
                f"{folder} does not hold the review its name says (no review record with id "
                f"{folder.name}); run 'cqc-tui recover' on it",
            )
        data["folder"] = str(folder)
        return data

    def resolve(self, query: str) -> dict:
        """Find one review by id, id prefix, or an unambiguous part of its title."""
        query = query.strip()
        if not query:
            raise ReviewNotFound(
                "no review named; give an id or part of a title ('cqc-tui list' shows them)"
            )
        reviews = self.list_reviews()
        exact = [
            review
            for review in reviews
            if review["id"] == query or review.get("title", "").lower() == query.lower()
        ]
        if len(exact) == 1:
            return exact[0]
        matches = [
            review
            for review in reviews
            if review["id"].startswith(query) or query.lower() in review.get("title", "").lower()
        ]
        if not matches:
            raise ReviewNotFound(
                f"no review matches '{query}'; 'cqc-tui list' shows the reviews in {self.home}"
            )
        if len(matches) > 1:
            names = "; ".join(
                f"{candidate['id'][:8]} {candidate['title']}" for candidate in matches[:5]
            )
            raise AmbiguousReview(
                f"'{query}' matches {len(matches)} reviews ({names}); give more of the title or the id"
            )
        return matches[0]

    # -- opening and creating --------------------------------------------------------------

    def open(self, query: str, readonly: bool = False, user: str | None = None) -> ReviewSession:
        """Open the review `query` names (id, start of an id, or title; see `resolve`)."""
        summary = self.resolve(query)
        return self.open_id(
            summary["id"], readonly=readonly, user=user, title=summary.get("title", "")
        )

    def preview(self, review_id: str) -> ReviewPreview | None:
        """What a screen can show of a review before its records are read (title, framework, size),
        from its saved summary: cheap at any size. None when the summary is missing or older than
        the journals, or its framework is not installed (open the review the ordinary way then:
        that gives the full message)."""
        folder = self.folder(review_id)
        summary = self._cached_summary(folder) if folder.is_dir() else None
        if summary is None or summary.get("id") != review_id:
            return None
        framework_id, framework_version = (
            summary.get("framework_id"),
            summary.get("framework_version"),
        )
        notes = summary.get("notes")
        if (
            not isinstance(framework_id, str)
            or not isinstance(framework_version, str)
            or type(notes) is not int
        ):
            return None
        framework = self.frameworks.get(framework_id, framework_version)
        if framework is None:
            return None
        review_type = summary.get("review_type")
        return ReviewPreview(
            id=review_id,
            title=str(summary.get("title") or review_id),
            notes=notes,
            framework=framework,
            review_type=self.review_types.get(review_type)
            if isinstance(review_type, str)
            else None,
        )

    def open_id(
        self, review_id: str, readonly: bool = False, user: str | None = None, title: str = ""
    ) -> ReviewSession:
        """Open the review with this id; the store is closed again when the session cannot be made."""
        store = ReviewStore.open(self.folder(review_id), readonly=readonly, title=title)
        try:
            return ReviewSession(self, store, user=user)
        except BaseException:
            store.close(compact=False)
            raise

    def create(
        self,
        review: Review,
        members: Iterable[TeamMember] = (),
        scope_units: Iterable[ScopeUnit] = (),
        user: str | None = None,
    ) -> ReviewSession:
        """Check and create a new review with its team and scope units, all or nothing, and open it
        for writing."""
        self.ensure()
        framework = self.frameworks.get(review.framework_id, review.framework_version or None)
        if framework is None:
            raise ValidationError(
                f"framework {review.framework_id!r} is not installed "
                "('cqc-tui frameworks list' shows those that are)"
            )
        if not review.framework_version:
            import dataclasses

            review = dataclasses.replace(review, framework_version=framework.version)
        members, scope_units = list(members), list(scope_units)
        context = Context(
            framework,
            {unit.id for unit in scope_units},
            set(),
            set(),
            {location["id"] for location in review.locations},
        )
        for record in [review, *members, *scope_units]:
            problems = check_record(record, context)
            if problems:
                raise ValidationError(f"{record.TABLE}: {problems[0]}")
        # Built whole in a hidden staging folder, then put in place with one rename: a creation
        # interrupted at any moment leaves either nothing listed or the whole new review.
        folder = self.folder(review.id)
        if folder.exists():
            raise StoreError(
                f"{folder} already exists; a review with this id is already in the workspace"
            )
        self.settle()
        staging = new_staging_folder(self.reviews_dir, review.id)
        try:
            store = ReviewStore.create(staging, review)
            try:
                store.save_many([*members, *scope_units])
            except BaseException:
                store.close(compact=False)
                raise
            store.close(
                compact=False
            )  # the journal holds it all; the session opened below goes on from it
            install(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return self.open_id(review.id, user=user, title=review.title)


@dataclass(frozen=True)
class ReviewPreview:
    """A review as its summary describes it, before it is opened (see Workspace.preview)."""

    id: str
    title: str
    notes: int
    framework: Framework
    review_type: ReviewType | None
