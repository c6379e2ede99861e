"""Reading a damaged review for recovery, changing nothing: every file that may hold records
(snapshots salvaged record by record, journal lines, quarantine/), each as a `Source`."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cqc_tui.core.errors import CqcError, StoreError, os_reason
from cqc_tui.core.model import RECORD_TYPES
from cqc_tui.core.segments import SegmentState
from cqc_tui.core.store import ReviewStore
from cqc_tui.core.store.encoding import decode
from cqc_tui.core.store.files import (
    link_reason,
    read_no_follow,
    shorten,
)
from cqc_tui.core.store.journal import data_end
from cqc_tui.core.store.layout import (
    JOURNAL_RE,
    LOCK,
    PREV_SNAPSHOT,
    QUARANTINE,
    SCHEMA_VERSION,
    SEGMENT_PROBLEMS,
    SNAPSHOT,
    SUMMARY,
)

RECORD_START = re.compile(r'(?<!\\)\{"id":"')
TABLE_START = re.compile(r'(?<!\\)"(' + "|".join(RECORD_TYPES) + r')":\{')
ID_IN_LINE = re.compile(rb'"id":"((?:[^"\\]|\\.){1,200})"')

SCRATCH_PREFIX = ".recover-"


@dataclass
class Source:
    """One file read: what it gave and what was wrong with it."""

    name: str  # path relative to the review folder
    kind: str  # "snapshot", "journal" or "other"
    live: bool  # in the review folder itself (not quarantine/ or a leftover)
    records: list[tuple[str, Any, int]] = field(
        default_factory=list
    )  # (table, doc, schema version)
    problem: str = ""  # why it could not be read whole ("" when it was)
    salvaged: bool = False  # records were picked out of a damaged snapshot
    meta: dict | None = None  # a whole snapshot's _meta
    bad_lines: int = 0
    bad_ids: list[str] = field(default_factory=list)
    state: SegmentState | None = None
    set_aside: bool = False  # a link, folder or unreadable file: moved into quarantine/
    earlier_notice: str = ""  # a notice a writer kept in quarantine/ when it carried on


@dataclass
class Plan:
    """Everything recovery read: each source, and the records that could not be used (file, id,
    why)."""

    sources: list[Source] = field(default_factory=list)
    unusable: list[tuple[str, str, str]] = field(default_factory=list)  # (file, record id, why)


# ----------------------------------------------------------------------------- reading


def state_before(folder: Path) -> tuple[int | None, str | None]:
    """(live notes, None) when the review opens read-only now, else (None, why it does not);
    StoreError when a newer cqc-tui wrote it."""
    try:
        store = ReviewStore.open(folder, readonly=True)
    except CqcError as exc:
        if "newer cqc-tui" in str(exc):
            raise StoreError(str(exc)) from None  # whole: what to do is at its end
        return None, str(exc)
    except OSError as exc:
        return None, os_reason(exc)
    return sum(1 for note in store.tables["notes"].values() if not note.deleted), None


def read_everything(folder: Path) -> Plan:
    """Read every file in the review folder and quarantine/ (nothing is changed), as a Plan."""
    plan = Plan()
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise StoreError(f"cannot read {folder}: {os_reason(exc)}. Nothing was changed.") from None
    for name in names:
        path = folder / name
        if name == LOCK:
            continue
        if name == QUARANTINE or name.startswith(SCRATCH_PREFIX):
            if os.path.islink(path) or not path.is_dir():
                plan.sources.append(
                    Source(name, "other", live=True, problem=_odd_kind(path), set_aside=True)
                )
                continue
            for sub in _walk(path):
                plan.sources.append(_read_source(folder, sub, live=False))
            continue
        if (
            name == SUMMARY
        ):  # a cache: kept with the originals, read only to rebuild a lost review record
            plan.sources.append(Source(name, "other", live=True, set_aside=is_odd(path)))
        elif (
            name in (SNAPSHOT, PREV_SNAPSHOT)
            or JOURNAL_RE.match(name)
            or name.endswith((".json.new", ".jsonl.new"))
        ):
            plan.sources.append(_read_source(folder, path, live=not name.startswith(".")))
    for source in plan.sources:
        if source.live and source.problem and source.kind != "other":
            source.set_aside = source.set_aside or is_odd(folder / source.name)
    return plan


def _walk(top: Path) -> Iterator[Path]:
    for root, _dirs, files in os.walk(top, followlinks=False):
        for name in sorted(files):
            path = Path(root) / name
            if not os.path.islink(path):
                yield path


def is_odd(path: Path) -> bool:
    """A symbolic link, a folder or something else that is not a regular file."""
    try:
        file_stat = os.lstat(path)
    except OSError:
        return False
    import stat

    return not stat.S_ISREG(file_stat.st_mode)


def _odd_kind(path: Path) -> str:
    if os.path.islink(path):
        return "is a symbolic link (not followed)"
    if path.is_dir():
        return "is a folder"
    return "is not a folder"


def _read_source(folder: Path, path: Path, live: bool) -> Source:
    name = str(path.relative_to(folder))
    kind = (
        "journal"
        if JOURNAL_RE.match(path.name) or path.name.endswith(".jsonl.new")
        else (
            "snapshot"
            if path.name.startswith((SNAPSHOT, PREV_SNAPSHOT, f".{SNAPSHOT}"))
            else "other"
        )
    )
    source = Source(name, kind, live)
    if os.path.islink(path):
        source.problem = "is a symbolic link (not followed)"
        return source
    try:
        raw = read_no_follow(path)
    except OSError as exc:
        source.problem = f"cannot be read ({link_reason(exc, path)})"
        return source
    if kind == "journal":
        _read_lines(source, raw)
        return source
    if SEGMENT_PROBLEMS in path.name:
        source.earlier_notice = raw.decode("utf-8", "replace")
        return source
    if read_snapshot(source, raw) or kind == "snapshot":
        return source
    _read_lines(source, raw)  # quarantined lines, records set aside, unfinished saves
    return source


def read_snapshot(source: Source, raw: bytes) -> bool:
    """Records of a snapshot; a damaged one is salvaged record by record. False when `raw` is not
    a snapshot at all."""
    try:
        data = json.loads(decode(raw))
    except (ValueError, UnicodeDecodeError) as exc:
        if b'"_meta"' not in raw and source.kind != "snapshot":
            return False
        source.problem = f"is damaged ({shorten(exc)})" if raw.strip() else "is empty"
        source.records = salvage(raw)
        source.salvaged = True
        return True
    if not isinstance(data, dict) or not isinstance(data.get("_meta"), dict):
        if source.kind != "snapshot":
            return False
        source.problem = "is not a cqc-tui review database"
        return True
    meta = next(iter(data["_meta"].values()), None)
    version = meta.get("schema_version") if isinstance(meta, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        source.problem = "has no valid schema_version"
        source.records = salvage(raw)
        source.salvaged = True
        return True
    if version > SCHEMA_VERSION:
        source.problem = f"was written by a newer cqc-tui (schema {version})"
        if source.live:
            raise StoreError(
                f"{source.name} was written by a newer cqc-tui (schema {version}; this one reads up to "
                f"{SCHEMA_VERSION}); upgrade cqc-tui to recover it. Nothing was changed."
            )
        return True
    source.meta = meta
    for table, docs in data.items():
        if table in RECORD_TYPES and isinstance(docs, dict):
            source.records += [(table, doc, version) for doc in docs.values()]
        elif table != "_meta":
            source.problem = source.problem or f"has a table '{table}' of the wrong shape"
    return True


def salvage(raw: bytes) -> list[tuple[str, Any, int]]:
    """The whole records that can still be picked out of a damaged snapshot (each one JSON object
    starting {"id": ..., inside the table it follows)."""
    text = raw.decode("utf-8", "replace")
    decoder = json.JSONDecoder()
    tables = [(match.start(), match.group(1)) for match in TABLE_START.finditer(text)]
    out = []
    record_end = 0
    for match in RECORD_START.finditer(text):
        if match.start() < record_end:
            continue  # a mapping inside the record just read (a review's locations)
        table = next(
            (table_name for offset, table_name in reversed(tables) if offset < match.start()), None
        )
        if table is None:
            continue
        try:
            doc, record_end = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        if isinstance(doc, dict):
            out.append((table, doc, SCHEMA_VERSION))
    return out


def journal_seq(name: str) -> int:
    """The sequence number in a journal segment's file name; 0 for any other name."""
    match = JOURNAL_RE.match(name)
    return int(match.group(1)) if match else 0


def _read_lines(source: Source, raw: bytes) -> None:
    data = raw[: data_end(raw)]
    seq = journal_seq(Path(source.name).name)
    state = source.state = SegmentState(seq)
    lineno = 0
    for line in data.split(b"\n"):
        lineno += 1
        if not line.strip():
            continue
        try:
            entry = json.loads(decode(line))
            if state.take_marker(entry, lineno):
                continue
            table, doc = entry["t"], entry["r"]
            version = entry.get("v", SCHEMA_VERSION)
            if table not in RECORD_TYPES or type(version) is not int:
                raise ValueError("not a record line")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            if source.kind == "journal" or source.live:
                source.bad_lines += 1
                found = ID_IN_LINE.search(line)
                if found:
                    source.bad_ids.append(found.group(1).decode("utf-8", "replace"))
            continue
        if version > SCHEMA_VERSION:
            if source.live:
                raise StoreError(
                    f"{source.name} line {lineno} was written by a newer cqc-tui (schema {version}; this "
                    f"one reads up to {SCHEMA_VERSION}); upgrade cqc-tui to recover it. Nothing was "
                    "changed."
                )
            continue
        source.records.append((table, doc, version))
        state.records += 1
    if source.bad_lines and not source.problem:
        source.problem = f"has {source.bad_lines} line(s) that could not be read"


def priority(source: Source) -> tuple[int, str]:
    """Apply order (a tie between two copies of one revision goes to the later): salvaged and
    quarantined copies first, then the previous snapshot, the snapshot and the journals."""
    if not source.live:
        return (0, source.name)
    if source.salvaged:
        return (1, source.name)
    order = {PREV_SNAPSHOT: 2, SNAPSHOT: 3}
    return (order.get(source.name, 4), source.name)
