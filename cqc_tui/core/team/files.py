"""Attachments travel with the team's changes.

A note's attachments (documents and photos, `core.attachments`) are files in the review's folder,
named by the SHA-256 of their content; the note records only their description. Whatever carries
the notes carries the files they cite:

- through a team folder, each device publishes every attachment file it holds that the folder
  lacks into its own sub-folder, `<folder>/<review id>/<device>/files/<sha256><suffix>` (written
  under a temporary name and renamed, never changed after), and takes in, from any device's
  sub-folder, every file a note cites that it lacks, checked against its name's hash (a file still
  being copied is left for the next sync);
- a bundle carries the attachment files its sender holds (see `core.team.bundle`).

A file is never taken in unless a note of the review cites it, and never written where the
review already has it.
"""

from __future__ import annotations

import os
from pathlib import Path

from cqc_tui.core.attachments import FOLDER, STORED_NAME, store_bytes, stored_name
from cqc_tui.core.errors import display_path, os_reason
from cqc_tui.core.team import ReviewSession
from cqc_tui.core.team.changelog import ChangeSet, write_sealed
from cqc_tui.core.team.layout import DEVICE_PATTERN

FILES_DIR = "files"


def cited(session: ReviewSession) -> set[str]:
    """The stored names of every file a note of the review cites (deleted notes too: restoring one
    brings its files back)."""
    names = set()
    with session.store.reading():  # a sync runs in a worker while the app saves notes
        notes = list(session.store.tables["notes"].values())
    for note in notes:
        for attachment in getattr(note, "attachments", ()) or ():
            if isinstance(attachment, dict) and attachment.get("sha256"):
                names.add(stored_name(attachment))
    return names


def held_here(session: ReviewSession) -> dict[str, Path]:
    """stored name -> file of each cited attachment this device has."""
    folder = Path(session.store.folder) / FOLDER
    return {name: folder / name for name in cited(session) if (folder / name).is_file()}


def missing_here(session: ReviewSession) -> set[str]:
    """The cited attachments this device does not have yet."""
    folder = Path(session.store.folder) / FOLDER
    return {name for name in cited(session) if not (folder / name).is_file()}


def files_in_folder(review_dir: Path) -> dict[str, Path]:
    """stored name -> file of every attachment file any device published into the team folder."""
    found: dict[str, Path] = {}
    try:
        devices = sorted(
            entry.path
            for entry in os.scandir(review_dir)
            if entry.is_dir() and DEVICE_PATTERN.fullmatch(entry.name)
        )
    except OSError:
        return found
    for device in devices:
        try:
            names = os.listdir(Path(device) / FILES_DIR)
        except OSError:
            continue
        for name in names:
            if STORED_NAME.fullmatch(name):
                found.setdefault(name, Path(device) / FILES_DIR / name)
    return found


def publish_files(session: ReviewSession, review_dir: Path, device: str, errors: list[str]) -> int:
    """Copy every cited attachment this device has and the team folder lacks into this device's
    sub-folder. Returns how many were published; a failure adds one line to `errors`."""
    present = files_in_folder(review_dir)
    target = review_dir / device / FILES_DIR
    sent = 0
    for name, path in sorted(held_here(session).items()):
        if name in present:
            continue
        try:
            if write_sealed(target / name, path.read_bytes()):
                sent += 1
        except OSError as exc:
            errors.append(
                f"cannot copy the attachment {name[:12]}… into {display_path(target)}: "
                f"{os_reason(exc)}; sync again"
            )
            break
    return sent


def take_files(
    session: ReviewSession, review_dir: Path, waiting: list[str], errors: list[str]
) -> int:
    """Copy into the review every attachment a note cites that this device lacks and the team
    folder has. A file whose content does not match its hash is named in `waiting` (still being
    copied, or damaged) and tried again next time. Returns how many were taken in."""
    wanted = missing_here(session)
    if not wanted:
        return 0
    present = files_in_folder(review_dir)
    taken = 0
    for name in sorted(wanted):
        path = present.get(name)
        if path is None:
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            errors.append(f"cannot read {display_path(path)}: {os_reason(exc)}")
            continue
        if store_bytes(Path(session.store.folder), name, data):
            taken += 1
        elif not (Path(session.store.folder) / FOLDER / name).is_file():
            waiting.append(
                f"{display_path(path)}: not complete yet (its content does not match its name)"
            )
    return taken


def carried_files(session: ReviewSession, change_sets: list[ChangeSet]) -> list[tuple[str, bytes]]:
    """(stored name, content) of every attachment this device has that the notes in
    `change_sets` cite: what a bundle of those change sets carries."""
    folder = Path(session.store.folder) / FOLDER
    names = set()
    for change_set in change_sets:
        for revision in change_set.revisions:
            for attachment in getattr(revision.record, "attachments", ()) or ():
                if isinstance(attachment, dict) and attachment.get("sha256"):
                    names.add(stored_name(attachment))
    carried = []
    for name in sorted(names):
        try:
            carried.append((name, (folder / name).read_bytes()))
        except OSError:
            continue  # not on this laptop either: whoever has it sends it
    return carried


def keep_received(review_folder: Path, files: list[tuple[str, bytes]]) -> int:
    """Keep the attachment files a bundle carried in the review's folder; returns how many were
    new here."""
    return sum(1 for name, data in files if store_bytes(Path(review_folder), name, data))
