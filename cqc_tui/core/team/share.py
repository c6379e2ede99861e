"""Sharing a review as a bundle file, and receiving bundles (docs/team.md, "Exchange").

`share(session, out, since)` seals this device's new changes and writes every change set the
review holds (or only those the person you send it to lacks: `since` is a bundle they sent you)
into one bundle file. `receive(workspace, paths)` takes bundles in: each file is read and checked
whole first (a cut-short, altered or other-review bundle is refused with one line naming it, and
nothing of it is taken); change sets already held are skipped (receiving twice changes nothing);
a review the workspace does not have yet is created from its bundles (that is how an inspector
joins: the lead shares, they receive).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cqc_tui.core.errors import CqcError, ValidationError
from cqc_tui.core.model import Review, now_iso
from cqc_tui.core.staging import install, new_staging_folder
from cqc_tui.core.store import ReviewStore, atomic_write_bytes
from cqc_tui.core.team.bundle import Bundle, BundleError, read_bundle, write_bundle
from cqc_tui.core.team.changelog import ChangeSet, SetStore
from cqc_tui.core.team.files import carried_files, keep_received
from cqc_tui.core.team.layout import SHARED_FILE, team_dir
from cqc_tui.core.team.merge import (
    TeamView,
    apply,
    load,
    needs_repair,
    reconcile,
    seal,
    start_team,
    take_in,
)
from cqc_tui.core.team.revisions import Graph

if TYPE_CHECKING:
    from cqc_tui.core.team import ReviewSession, Workspace


@dataclass
class ShareResult:
    """What `share` wrote: the bundle file, the change sets and revisions in it, its size in
    bytes, and how many of this device's revisions were sealed for it."""

    path: Path
    change_sets: int
    revisions: int
    size: int
    sealed: int  # revisions of this device sealed now


@dataclass
class ReceiveResult:
    """What receiving did for one review."""

    review_id: str
    title: str
    created: bool
    files: list[Path] = field(default_factory=list)
    change_sets: int = 0  # new change sets taken in
    revisions: int = 0  # revisions in them
    saved: int = 0  # records whose shown version changed
    conflicts: int = 0  # records in conflict after receiving
    attachments: int = 0  # attachment files new on this laptop


def note_exchange(session: ReviewSession, kind: str) -> None:
    """Remember when this device last shared or synced the review (team/shared.json; for the team
    view and the readiness gate). `kind` is 'share' or 'sync'."""
    path = team_dir(session.store.folder) / SHARED_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data[kind] = now_iso()
    atomic_write_bytes(path, json.dumps(data).encode("ascii"))


def last_exchange(review_folder: Path) -> dict[str, str]:
    """When this device last shared and synced the review: {'share': time, 'sync': time} (either
    missing when it never has)."""
    try:
        data = json.loads((team_dir(review_folder) / SHARED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return (
        {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}
        if isinstance(data, dict)
        else {}
    )


def prepare(session: ReviewSession) -> TeamView:
    """The review's team view with everything saved on this device logged and sealed: what sharing
    and syncing start from. Needs a session open for writing."""
    if session.readonly:
        raise CqcError(
            "the review is open read-only here; close it where it is open for writing first"
        )
    start_team(session)
    view = load(session)
    reconcile(view)
    if not view.checked or needs_repair(session):
        # Once per session, and after a crash while applying: every record the store lacks or
        # holds behind its shown version (a crash, a review rebuilt by 'cqc-tui recover') catches up.
        apply(view)
        view.checked = True
    seal(view)
    return view


def share(session: ReviewSession, out: Path, since: Path | None = None) -> ShareResult:
    """Seal this device's new changes and write a bundle of the review's change sets to `out`:
    all of them, or with `since` (a bundle the receiver sent) only those the receiver lacks."""
    known: set[str] = set()
    if since is not None:
        known = read_bundle(Path(since), session.review.id).known
    with session.team_lock:
        view = prepare(session)
        sealed = sum(len(cs.revisions) for cs in view.change_sets if cs.device == view.device)
        chosen = sorted(
            (cs for cs in view.change_sets if cs.digest not in known), key=lambda cs: cs.name
        )
        held = sorted(view.held)
    review = session.review
    size = write_bundle(
        Path(out),
        {
            "review_id": review.id,
            "title": review.title,
            "framework_id": review.framework_id,
            "framework_version": review.framework_version,
            "device": view.device,
            "member": session.user,
        },
        chosen,
        held,
        carried_files(session, chosen),
    )
    note_exchange(session, "share")
    return ShareResult(
        Path(out), len(chosen), sum(len(cs.revisions) for cs in chosen), size, sealed
    )


def receive(
    workspace: Workspace,
    paths: Iterable[Path],
    review: str | None = None,
    user: str | None = None,
) -> tuple[list[ReceiveResult], list[str]]:
    """Take the bundles in `paths` in. Returns what was received per review, and one line per file
    refused (nothing of a refused file is taken; the others are). With `review` (an id, id prefix
    or part of a title), a bundle of any other review is refused."""
    wanted_id = workspace.resolve(review)["id"] if review else None
    bundles: dict[str, list[Bundle]] = {}
    refused: list[str] = []
    parsed: dict[str, ChangeSet] = {}  # a change set in several bundles is checked and read once
    for path in paths:
        try:
            bundle = read_bundle(Path(path), wanted_id, parsed)
        except BundleError as exc:
            refused.append(str(exc))
            continue
        bundles.setdefault(bundle.header.review_id, []).append(bundle)
    results = []
    for review_id, group in bundles.items():
        try:
            results.append(_receive_review(workspace, review_id, group, user))
        except CqcError as exc:
            names = ", ".join(str(b.path) for b in group)
            refused.append(f"{names}: {exc}")
    return results, refused


def _receive_review(
    workspace: Workspace, review_id: str, group: list[Bundle], user: str | None
) -> ReceiveResult:
    sets = _unique_sets(group)
    title = group[0].header.title
    folder = workspace.folder(review_id)
    if not folder.is_dir():
        files = _unique_files(group)
        graph = create_from_sets(workspace, review_id, sets, files)
        return ReceiveResult(
            review_id,
            title,
            True,
            [b.path for b in group],
            len(sets),
            sum(len(cs.revisions) for cs in sets),
            len(graph.records),
            sum(1 for _ in graph.conflicts()),
            len(files),
        )
    session = workspace.open_id(review_id, user=user)
    try:
        return _take(session, group)
    finally:
        session.close()


def receive_into(
    session: ReviewSession, paths: Iterable[Path]
) -> tuple[ReceiveResult | None, list[str]]:
    """Take the bundles in `paths` into the review open (for writing) in `session`, e.g. in the app.
    Returns what was received (None when every file was refused) and one line per file refused (a
    bundle of another review included)."""
    group: list[Bundle] = []
    refused: list[str] = []
    for path in paths:
        try:
            group.append(read_bundle(Path(path), session.review.id))
        except BundleError as exc:
            refused.append(str(exc))
    return (_take(session, group) if group else None), refused


def _take(session: ReviewSession, group: list[Bundle]) -> ReceiveResult:
    with session.team_lock:
        view = prepare(session)
        new = take_in(view, _unique_sets(group))
        saved = apply(view, {r.key for cs in new for r in cs.revisions})
        files = keep_received(session.store.folder, _unique_files(group))
    return ReceiveResult(
        session.review.id,
        session.review.title,
        False,
        [b.path for b in group],
        len(new),
        sum(len(cs.revisions) for cs in new),
        len(saved),
        sum(1 for _ in view.graph.conflicts()),
        files,
    )


def _unique_files(group: list[Bundle]) -> list[tuple[str, bytes]]:
    seen: dict[str, bytes] = {}
    for bundle in group:
        for name, data in bundle.files:
            seen.setdefault(name, data)
    return sorted(seen.items())


def _unique_sets(group: list[Bundle]) -> list[ChangeSet]:
    seen: dict[str, ChangeSet] = {}
    for bundle in group:
        for change_set in bundle.change_sets:
            seen.setdefault(change_set.digest, change_set)
    return sorted(seen.values(), key=lambda cs: cs.name)


def create_from_sets(
    workspace: Workspace,
    review_id: str,
    sets: list[ChangeSet],
    files: list[tuple[str, bytes]] | None = None,
) -> Graph:
    """Create the review `review_id` from change sets, whole or not at all (a hidden staging folder
    put in place with one rename, as an import does); returns their revision graph. Raises
    ValidationError when they do not hold the review record or its framework is not installed."""
    graph = Graph(r for cs in sets for r in cs.revisions)
    shown = graph.shown(("review", review_id))
    if shown is None or not isinstance(shown.record, Review):
        raise ValidationError(
            "these bundles do not hold the review itself (title, framework); receive a bundle "
            "from the lead, or from anyone who has the whole review, first"
        )
    review = shown.record
    if workspace.frameworks.get(review.framework_id, review.framework_version) is None:
        raise ValidationError(
            f"the review uses framework {review.framework_id} {review.framework_version}, which "
            "is not installed here ('cqc-tui frameworks list' shows those that are)"
        )
    workspace.ensure()
    workspace.settle()
    staging = new_staging_folder(workspace.reviews_dir, review_id)
    order: dict[str, int] = {}
    for change_set in sets:
        for revision in change_set.revisions:
            order.setdefault(revision.id, len(order))
    rest = [graph.shown(key) for key in graph.records if key != ("review", review_id)]
    records = [
        r.record
        for r in sorted(
            (r for r in rest if r is not None), key=lambda r: (r.record.created, order.get(r.id, 0))
        )
    ]
    try:
        store = ReviewStore.create(staging, review)
        try:
            holder = SetStore(staging, review_id)
            for change_set in sets:
                holder.add(change_set)
            store.save_many(records)
        finally:
            store.close(compact=False)
        keep_received(staging, files or [])
        install(staging, workspace.folder(review_id))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return graph
