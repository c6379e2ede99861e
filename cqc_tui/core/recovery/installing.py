"""Installing a recovered review: the rebuilt snapshot and segment written in a scratch folder,
every original kept under quarantine/recover-<time>/, one atomic rename to switch."""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

from cqc_tui.core.errors import StoreError, os_reason
from cqc_tui.core.recovery.sources import SCRATCH_PREFIX, Plan, is_odd
from cqc_tui.core.store import ReviewStore
from cqc_tui.core.store.encoding import dumps_bytes, snapshot_bytes
from cqc_tui.core.store.files import (
    atomic_write_bytes,
    fsync_dir,
)
from cqc_tui.core.store.journal import new_segment
from cqc_tui.core.store.layout import (
    JOURNAL_RE,
    QUARANTINE,
    SNAPSHOT,
    SUMMARY,
)
from cqc_tui.core.store.snapshot import snapshot_data, summarise

# ----------------------------------------------------------------------------- writing


def stamp() -> str:
    """The time now as a file name part (YYYYMMDD-HHMMSS)."""
    return time.strftime("%Y%m%d-%H%M%S")


def unique(path: Path) -> Path:
    """`path`, or `path` with -2, -3 ... appended, whichever does not exist yet."""
    number = 1
    target = path
    while os.path.lexists(target):
        number += 1
        target = path.with_name(f"{path.name}-{number}")
    return target


def ensure_quarantine(folder: Path) -> Path:
    """The review's quarantine/ folder, created if needed (a link or file in its place is moved
    aside first)."""
    qdir = folder / QUARANTINE
    if os.path.islink(qdir) or (os.path.lexists(qdir) and not qdir.is_dir()):
        aside = unique(folder / f"{QUARANTINE}.not-a-folder-{stamp()}")
        os.rename(qdir, aside)
    if not qdir.is_dir():
        qdir.mkdir()
        fsync_dir(folder)
    return qdir


def install(folder: Path, work: ReviewStore, plan: Plan) -> list[str]:
    """Write the rebuilt state beside the originals, keep every original in quarantine/, switch."""
    # A number no segment ever had: past every one present, every snapshot's and every closing line's.
    existing = [
        int(match.group(1))
        for match in (JOURNAL_RE.match(file_name) for file_name in os.listdir(folder))
        if match
    ]
    named = [
        source.meta["journal_seq"]
        for source in plan.sources
        if source.meta and type(source.meta.get("journal_seq")) is int
    ]
    named += [
        source.state.next
        for source in plan.sources
        if source.state is not None and source.state.next is not None
    ]
    seq = max(existing + named + [0]) + 1
    scratch = unique(folder / f"{SCRATCH_PREFIX}{stamp()}")
    segment_name = f"journal-{seq:06d}.jsonl"
    try:
        scratch.mkdir()
        fd, _ = new_segment(scratch / segment_name, seq)
        os.close(fd)
        work.folder = folder
        atomic_write_bytes(scratch / SNAPSHOT, snapshot_bytes(snapshot_data(work.tables, seq)))
    except (OSError, StoreError) as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        why = os_reason(exc) if isinstance(exc, OSError) else str(exc)
        raise StoreError(
            f"could not write the rebuilt review in {folder}: {why}. Nothing in the review was "
            "changed."
        ) from None
    changed: list[str] = []
    try:
        qdir = ensure_quarantine(folder)
        keep = unique(qdir / f"recover-{stamp()}")
        keep.mkdir()
        moved, linked = [], []
        for source in plan.sources:
            if not source.live or "/" in source.name:
                continue
            path = folder / source.name
            if not os.path.lexists(path):
                continue
            target = keep / source.name
            if source.set_aside or is_odd(path):
                os.rename(path, target)
                moved.append(source.name)
                continue
            try:
                os.link(path, target, follow_symlinks=False)
            except OSError:
                try:
                    shutil.copyfile(path, target, follow_symlinks=False)
                except OSError:
                    os.rename(path, target)  # cannot be read or copied: move the original itself
                    moved.append(source.name)
                    continue
            linked.append(source.name)
        for leftover in [
            file_name
            for file_name in os.listdir(folder)
            if file_name.startswith(SCRATCH_PREFIX) and folder / file_name != scratch
        ]:
            os.rename(folder / leftover, keep / leftover)
            moved.append(leftover)
        fsync_dir(keep)
        fsync_dir(qdir)
        changed.append(
            f"kept every original in {QUARANTINE}/{keep.name}/ "
            f"({', '.join(sorted(moved + linked))})"
        )
        os.rename(scratch / segment_name, folder / segment_name)
        os.replace(scratch / SNAPSHOT, folder / SNAPSHOT)  # the switch: one atomic rename
        fsync_dir(folder)
        changed.append(f"wrote a new {SNAPSHOT} and {segment_name}")
        for name in linked:
            if name not in (SNAPSHOT, SUMMARY) and name != segment_name:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(folder / name)
        fsync_dir(folder)
        os.rmdir(scratch)
    except OSError as exc:
        done = "; ".join(changed) if changed else "nothing in the review was changed"
        raise StoreError(
            f"recover stopped: {os_reason(exc)} ({exc.filename or folder}). So far: {done}; "
            f"the rebuilt review is in {scratch.name} and every original is kept. Run recover again "
            "once that is fixed."
        ) from None
    with contextlib.suppress(StoreError):  # a cache: the list rebuilds it
        atomic_write_bytes(folder / SUMMARY, dumps_bytes(summarise(work.tables)))
    return changed
