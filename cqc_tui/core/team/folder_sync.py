"""Syncing through a team folder: a USB stick, a network share, a cloud-synced folder, Syncthing.

    <team folder>/<review id>/<device>/<origin device>-<n>-<sha256>.cqcs

`sync_folder(session, folder)` publishes every change set this device holds that the folder does
not (its own, and any it received another way, e.g. by bundle) as sealed files in its OWN
sub-folder (temporary name, fsync, rename; never changed after), then takes in every change set
the folder holds that this device does not, from every device's sub-folder. A device never writes
into another device's sub-folder, so two devices syncing at the same moment never touch each
other's files. A file that does not match the hash in its name (a sync engine still copying it,
or a damaged copy) is left alone and tried again next time; temporary names (Syncthing's
`.syncthing.*.tmp` and `~syncthing~*.tmp`, ours) never match a change set's name and are ignored.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cqc_tui.core.errors import CqcError, StoreError, display_path, os_reason
from cqc_tui.core.store import atomic_write_bytes
from cqc_tui.core.team.changelog import (
    ChangeSet,
    ChangeSetError,
    ensure_dir,
    parse_set,
    write_sealed,
)
from cqc_tui.core.team.files import exchange_files
from cqc_tui.core.team.layout import DEVICE_PATTERN, FOLDER_FILE, SET_NAME, team_dir
from cqc_tui.core.team.merge import apply, take_in
from cqc_tui.core.team.share import note_exchange, prepare

if TYPE_CHECKING:
    from cqc_tui.core.team import ReviewSession, Workspace


@dataclass
class SyncResult:
    """What one sync did. `waiting` names files not complete yet (tried again next time); `errors`
    are one line each (a folder that cannot be read or written ...)."""

    folder: Path
    sent: int = 0  # change sets published into the folder
    received: int = 0  # change sets taken in
    revisions: int = 0  # changes in them
    saved: int = 0  # records whose shown version changed here
    conflicts: int = 0  # records in conflict after the sync
    files_sent: int = 0  # attachment files published into the folder
    files_received: int = 0  # attachment files taken in
    waiting: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the sync met no error (files still being copied are not errors)."""
        return not self.errors


def team_folder(session: ReviewSession) -> Path | None:
    """The team folder this review syncs with on this device, if one was given."""
    try:
        data = json.loads(
            (team_dir(session.store.folder) / FOLDER_FILE).read_text(encoding="utf-8")
        )
    except (OSError, ValueError):
        return None
    folder = data.get("folder") if isinstance(data, dict) else None
    return Path(folder) if isinstance(folder, str) and folder else None


def remember_team_folder(review_folder: Path, folder: Path) -> None:
    """Keep `folder` as the team folder of the review in `review_folder` on this device
    (team/folder.json)."""
    path = team_dir(review_folder) / FOLDER_FILE
    ensure_dir(path.parent)
    atomic_write_bytes(
        path,
        json.dumps({"folder": str(Path(folder).absolute())}, ensure_ascii=False).encode("utf-8"),
    )


def sync_folder(session: ReviewSession, folder: Path | None = None) -> SyncResult:
    """Publish this device's change sets into the team folder and take in everyone else's (see the
    module docstring). `folder` defaults to the review's remembered team folder and is remembered
    when given. Safe to call from a worker thread while the app saves notes: the store's lock is
    held only while received changes are saved. Failures are in the result's `errors`, never raised,
    except that a session open read-only raises CqcError."""
    chosen = Path(folder) if folder is not None else team_folder(session)
    if chosen is None:
        raise CqcError(
            "this review has no team folder yet; give one (cqc-tui sync REVIEW --folder DIR)"
        )
    with session.team_lock:
        return _sync(session, chosen, remember=folder is not None)


def _sync(session: ReviewSession, chosen: Path, remember: bool) -> SyncResult:
    result = SyncResult(chosen)
    if not chosen.is_dir():
        result.errors.append(
            f"the team folder {display_path(chosen)} is not there (a USB stick not plugged in, a "
            "share not mounted?); nothing was exchanged"
        )
        return result
    try:
        view = prepare(session)
        if remember:
            remember_team_folder(session.store.folder, chosen)
    except (StoreError, OSError) as exc:
        result.errors.append(str(exc) if isinstance(exc, StoreError) else f"{os_reason(exc)}")
        return result
    review_id = session.review.id
    review_dir = chosen / review_id
    mine = review_dir / view.device
    present = _present(review_dir, result)
    for change_set in sorted(view.change_sets, key=lambda cs: cs.name):
        if change_set.digest in present:
            continue
        try:
            if write_sealed(mine / change_set.name, change_set.data):
                result.sent += 1
        except OSError as exc:
            result.errors.append(
                f"cannot write into {display_path(mine)}: {os_reason(exc)}; this device's changes "
                "were not all published (they are safe here; sync again)"
            )
            break
    held = view.held
    incoming: list[ChangeSet] = []
    for digest, path in sorted(present.items(), key=lambda item: item[1].name):
        if digest in held:
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            result.errors.append(f"cannot read {display_path(path)}: {os_reason(exc)}")
            continue
        try:
            incoming.append(parse_set(data, review_id, digest))
        except ChangeSetError as exc:
            result.waiting.append(f"{display_path(path)}: {exc}")
        except ValueError as exc:
            result.errors.append(f"{display_path(path)} cannot be used: {exc}")
    try:
        new = take_in(view, incoming)
        saved = apply(view, {r.key for cs in new for r in cs.revisions})
        note_exchange(session, "sync")
    except (StoreError, OSError) as exc:
        result.errors.append(str(exc) if isinstance(exc, StoreError) else f"{os_reason(exc)}")
        return result
    result.files_sent, result.files_received = exchange_files(
        session, review_dir, view.device, result.waiting, result.errors
    )
    result.received = len(new)
    result.revisions = sum(len(cs.revisions) for cs in new)
    result.saved = len(saved)
    result.conflicts = sum(1 for _ in view.graph.conflicts())
    return result


def _present(review_dir: Path, result: SyncResult) -> dict[str, Path]:
    """digest -> file of every complete-looking change set name in the folder, from every device."""
    out: dict[str, Path] = {}
    try:
        ensure_dir(review_dir)
        devices = [
            e for e in os.scandir(review_dir) if e.is_dir() and DEVICE_PATTERN.fullmatch(e.name)
        ]
    except OSError as exc:
        result.errors.append(f"cannot read {display_path(review_dir)}: {os_reason(exc)}")
        return out
    for device in sorted(devices, key=lambda e: e.name):
        try:
            names = os.listdir(device.path)
        except OSError as exc:
            result.errors.append(f"cannot read {display_path(device.path)}: {os_reason(exc)}")
            continue
        for name in names:
            match = SET_NAME.match(name)
            if match:
                out.setdefault(match.group(3), Path(device.path) / name)
    return out


@dataclass(frozen=True)
class FolderReview:
    """A review found in a team folder: its id, its title (empty when no change set readable yet
    holds the review record), how many laptops published into it and how many change sets."""

    id: str
    title: str
    laptops: int
    change_sets: int


def _review_ids(folder: Path) -> list[str]:
    """The names of the team folder's sub-folders that can be review ids, sorted. Raises CqcError
    (one line naming the folder) when it cannot be read."""
    from cqc_tui.core.paths import REVIEW_ID_PATTERN

    try:
        return sorted(
            p.name
            for p in Path(folder).iterdir()
            if p.is_dir() and REVIEW_ID_PATTERN.fullmatch(p.name)
        )
    except OSError as exc:
        raise CqcError(
            f"cannot read the team folder {display_path(folder)}: {os_reason(exc)}"
        ) from None


def reviews_in_folder(folder: Path) -> list[FolderReview]:
    """The reviews a team folder holds, by title: what an inspector can join from it. Raises
    CqcError (one line naming the folder) when it cannot be read."""
    found = []
    for review_id in _review_ids(folder):
        scratch = SyncResult(Path(folder))
        present = _present(Path(folder) / review_id, scratch)
        if not present:
            continue  # a folder that holds no change set is not a review's
        laptops = {path.parent.name for path in present.values()}
        found.append(
            FolderReview(review_id, _title(review_id, present), len(laptops), len(present))
        )
    return sorted(found, key=lambda r: (r.title.casefold(), r.id))


def _title(review_id: str, present: dict[str, Path]) -> str:
    """The review's title from the first readable change set that holds the review record (the
    lead's first one does)."""
    for digest, path in sorted(present.items(), key=lambda item: (item[1].name, item[0])):
        try:
            change_set = parse_set(path.read_bytes(), review_id, digest)
        except (OSError, ValueError):
            continue
        for revision in change_set.revisions:
            if revision.table == "review":
                return str(getattr(revision.record, "title", ""))
    return ""


def join_from_folder(workspace: Workspace, folder: Path, review: str) -> str:
    """Create the review `review` (its id, or the start of it) in `workspace` from the change sets
    in the team folder `folder`: how an inspector joins through the folder. Returns the review's id.
    Raises CqcError (one line) when the folder holds no such review or not the review itself."""
    from cqc_tui.core.team.share import create_from_sets

    candidates = [Path(folder) / name for name in _review_ids(folder) if name.startswith(review)]
    if len(candidates) != 1:
        raise CqcError(
            f"the team folder {display_path(folder)} holds "
            f"{'no' if not candidates else 'more than one'} "
            f"review whose id starts '{review}'; give the review's id as the lead shared it"
        )
    review_id = candidates[0].name
    if workspace.folder(review_id).is_dir():
        raise CqcError(
            f"this workspace already has this review ({review_id}); open it and sync "
            "(y in the app, 'cqc-tui sync' on the command line)"
        )
    scratch = SyncResult(Path(folder))
    sets: list[ChangeSet] = []
    for digest, path in sorted(
        _present(candidates[0], scratch).items(), key=lambda item: item[1].name
    ):
        try:
            sets.append(parse_set(path.read_bytes(), review_id, digest))
        except (OSError, ValueError):
            continue  # still being copied, or damaged: the next sync takes it in
    if not any(r.table == "review" for change_set in sets for r in change_set.revisions):
        raise CqcError(
            f"the team folder {display_path(folder)} does not hold this review's details in a "
            "complete file yet (still being copied, or damaged); try again in a moment, or ask "
            "the lead for a bundle file"
        )
    create_from_sets(workspace, review_id, sets)
    remember_team_folder(workspace.folder(review_id), Path(folder))
    return review_id
