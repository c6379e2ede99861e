"""Snapshots (review.json): reading and checking one, building and installing a new one, and the
summary.json cache the review list reads."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from cqc_tui.core.errors import StoreError, os_reason
from cqc_tui.core.model import Draft, Record, now_iso
from cqc_tui.core.record_codec import record_dict_slim
from cqc_tui.core.store import files, layout
from cqc_tui.core.store.encoding import decode, dumps_bytes, snapshot_bytes
from cqc_tui.core.store.layout import PREV_SNAPSHOT, SNAPSHOT, SUMMARY


class CorruptReview(StoreError):
    """The snapshot cannot be read; `recover()` can rebuild from the previous state."""

    def __init__(self, message: str, folder: Path):
        super().__init__(message)
        self.folder = folder


def read_snapshot(path: Path, folder: Path) -> dict:
    """Parse the snapshot at `path` of review `folder`. FileNotFoundError passes through; a file
    that cannot be read is a StoreError, anything else unusable a CorruptReview."""
    try:
        raw = files.read_no_follow(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {files.link_reason(exc, path)}") from None
    if not raw.strip():
        raise CorruptReview(
            f"{path} is empty; run 'cqc-tui recover' to rebuild it from the last good state "
            "(the damaged file is kept aside in quarantine/)",
            folder,
        )
    try:
        data = json.loads(decode(raw))
    except (ValueError, UnicodeDecodeError) as exc:
        raise CorruptReview(
            f"{path} is damaged ({files.shorten(exc)}); run 'cqc-tui recover' to rebuild it from "
            "the last good state (the damaged file is kept aside in quarantine/)",
            folder,
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("_meta"), dict):
        raise CorruptReview(
            f"{path} is not a cqc-tui review database (no _meta table); run 'cqc-tui recover' "
            "to rebuild it from the last good state, or import the review again",
            folder,
        )
    return data


def snapshot_version(data: dict, folder: Path, where: str) -> tuple[int, int]:
    """The schema version of a parsed snapshot and the first journal segment not folded into it.
    CorruptReview when they are missing or invalid; StoreError when a newer cqc-tui wrote it."""
    metas = list(data["_meta"].values())
    meta = metas[0] if metas else None
    version = meta.get("schema_version") if isinstance(meta, dict) else None
    seq = meta.get("journal_seq", 1) if isinstance(meta, dict) else None
    if (
        not isinstance(version, int)
        or isinstance(version, bool)
        or not isinstance(seq, int)
        or seq < 0
    ):
        raise CorruptReview(
            f"{folder / where} has no valid schema_version and journal_seq in _meta; "
            "run 'cqc-tui recover'",
            folder,
        )
    if version > layout.SCHEMA_VERSION:
        raise StoreError(
            f"{folder / where} was written by a newer cqc-tui (schema {version}; this one "
            f"reads up to {layout.SCHEMA_VERSION}); upgrade cqc-tui to open it. Nothing was changed."
        )
    if version < 1:
        raise CorruptReview(
            f"{folder / where}: schema_version {version} is not valid; run 'cqc-tui recover'",
            folder,
        )
    return version, seq


def snapshot_data(tables: dict[str, dict[str, Record]], seq: int) -> dict:
    """The snapshot of `tables` that folds in the journal up to segment `seq`, as a TinyDB database
    (finished drafts left out: they are not audit records)."""
    data: dict[str, Any] = {
        "_meta": {
            "1": {
                "schema_version": layout.SCHEMA_VERSION,
                "journal_seq": seq,
                "segment_headers": True,
                "written": now_iso(),
            }
        }
    }
    for table, records in tables.items():
        docs = {}
        count = 0
        for record in records.values():
            if isinstance(record, Draft) and record.deleted:
                continue  # finished drafts are not audit records
            count += 1
            docs[str(count)] = record_dict_slim(record)
        data[table] = docs
    return data


def write_snapshot(folder: Path, seq: int, data: dict) -> None:
    """Install a new snapshot in `folder` naming journal segment `seq`. review.json exists at every
    moment (readers never miss it); the snapshot it replaces becomes review.prev.json."""
    data["_meta"]["1"]["journal_seq"] = seq
    body = snapshot_bytes(data)
    snapshot_path = folder / SNAPSHOT
    tmp = folder / f".{SNAPSHOT}.new"
    files.atomic_write_bytes(tmp, body)
    try:
        if snapshot_path.exists():
            previous_temporary = folder / f".{PREV_SNAPSHOT}.new"
            with contextlib.suppress(FileNotFoundError):
                previous_temporary.unlink()
            try:
                os.link(snapshot_path, previous_temporary)
            except OSError:  # no hard links here (some network or FAT drives): copy it
                files.atomic_write_bytes(previous_temporary, snapshot_path.read_bytes())
            os.replace(previous_temporary, folder / PREV_SNAPSHOT)
        os.replace(tmp, snapshot_path)
        files.fsync_dir(folder)
    except OSError as exc:
        raise StoreError(f"could not write {snapshot_path}: {os_reason(exc)}") from None


def summarise(tables: dict) -> dict:
    """What the review list shows of a review (title, dates, status, live notes, last change);
    empty when the tables hold no review record."""
    review = next(iter(tables["review"].values()), None)
    notes = tables["notes"].values()
    live = [note for note in notes if not note.deleted]
    last = max(
        (record.updated for table in tables.values() for record in table.values()), default=""
    )
    if review is None:
        return {}
    return {
        "id": review.id,
        "title": review.title,
        "review_type": review.review_type,
        "framework_id": review.framework_id,
        "framework_version": review.framework_version,
        "provider": review.provider,
        "start_date": review.start_date,
        "end_date": review.end_date,
        "status": review.status,
        "archived": review.archived,
        "notes": len(live),
        "last_change": last,
    }


def write_summary(folder: Path, tables: dict) -> None:
    """Write summary.json for `tables`; a failure is ignored (the list rebuilds a missing one)."""
    # The summary is a cache; the list rebuilds it from the review when missing.
    with contextlib.suppress(StoreError):
        files.atomic_write_bytes(folder / SUMMARY, dumps_bytes(summarise(tables)))
