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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cqc_tui.core.attachments import FOLDER, STORED_NAME, store_bytes, stored_name
from cqc_tui.core.errors import display_path, os_reason
from cqc_tui.core.team import ReviewSession
from cqc_tui.core.team.changelog import ChangeSet, write_sealed
from cqc_tui.core.team.layout import DEVICE_PATTERN

FILES_DIR = "files"


def _cited_by(records: Iterable[Any]) -> set[str]:
    """The stored names of every file the notes among `records` cite."""
    names = set()
    for record in records:
        for attachment in getattr(record, "attachments", ()) or ():
            if isinstance(attachment, dict) and attachment.get("sha256"):
                names.add(stored_name(attachment))
    return names


def cited(session: ReviewSession) -> set[str]:
    """The stored names of every file a note of the review cites (deleted notes too: restoring one
    brings its files back)."""
    with session.store.reading():  # a sync runs in a worker while the app saves notes
        notes = list(session.store.tables["notes"].values())
    return _cited_by(notes)


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


def exchange_files(
    session: ReviewSession, review_dir: Path, device: str, waiting: list[str], errors: list[str]
) -> tuple[int, int]:
    """Publish every cited attachment this device has and the team folder lacks into this
    device's sub-folder, then copy into the review every cited attachment this device lacks and
    the folder has. A file whose content does not match its hash is named in `waiting` (still
    being copied, or damaged) and tried again next time; a failure adds one line to `errors`.
    Returns (files published, files taken in)."""
    names = cited(session)
    review_folder = Path(session.store.folder)
    here = review_folder / FOLDER
    held = {name for name in names if (here / name).is_file()}
    present = files_in_folder(review_dir)
    target = review_dir / device / FILES_DIR
    sent = 0
    for name in sorted(held - present.keys()):
        try:
            if write_sealed(target / name, (here / name).read_bytes()):
                sent += 1
        except OSError as exc:
            errors.append(
                f"cannot copy the attachment {name[:12]}… into {display_path(target)}: "
                f"{os_reason(exc)}; sync again"
            )
            break
    taken = 0
    for name in sorted((names - held) & present.keys()):
        path = present[name]
        try:
            data = path.read_bytes()
        except OSError as exc:
            errors.append(f"cannot read {display_path(path)}: {os_reason(exc)}")
            continue
        if store_bytes(review_folder, name, data):
            taken += 1
        elif not (here / name).is_file():
            waiting.append(
                f"{display_path(path)}: not complete yet (its content does not match its name)"
            )
    return sent, taken


def carried_files(session: ReviewSession, change_sets: list[ChangeSet]) -> list[tuple[str, bytes]]:
    """(stored name, content) of every attachment this device has that the notes in
    `change_sets` cite: what a bundle of those change sets carries."""
    folder = Path(session.store.folder) / FOLDER
    names = _cited_by(r.record for change_set in change_sets for r in change_set.revisions)
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
