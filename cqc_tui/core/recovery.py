"""Recovering a review: the best state every readable file still holds, never making things worse.

`recover(folder)`:

1. reads every source, changing nothing: review.json, review.prev.json, every journal segment,
   everything in quarantine/ (earlier recoveries' originals, damaged snapshots, set-aside lines and
   records) and what an interrupted recovery or compaction left behind. Damaged snapshots are
   salvaged record by record. Each record keeps its newest revision, as when opening;
2. refuses, with nothing changed, when a file was written by a newer cqc-tui or when no review
   record survives anywhere and none can be rebuilt from summary.json;
3. writes the new snapshot and its journal segment in a scratch folder inside the review folder;
4. hard-links (or copies) every original into quarantine/recover-<time>/ (a symbolic link, a
   folder or an unreadable file in its place is moved there), installs the new snapshot with one
   atomic rename, and only then removes the originals' old names. Killed at any moment, the review
   opens as it did before or as rebuilt, and a second `recover` finds every original again;
5. reports what it read, what it could not restore (counts and ids) and what it changed.

A review that opened before `recover` opens after it with at least as many notes: the rebuilt
state contains everything opening reads (the snapshot and its segments) plus what other files add.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cqc_tui.core.errors import CqcError, StoreError, os_reason
from cqc_tui.core.model import RECORD_TYPES, Review
from cqc_tui.core.record_codec import BadRecord
from cqc_tui.core.segments import SegmentState, describe_problems, segment_problems
from cqc_tui.core.store import ReviewLock, ReviewStore
from cqc_tui.core.store.encoding import decode, dumps_bytes, snapshot_bytes
from cqc_tui.core.store.files import (
    atomic_write_bytes,
    fsync_dir,
    link_reason,
    read_no_follow,
    shorten,
)
from cqc_tui.core.store.journal import data_end, new_segment
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
from cqc_tui.core.store.opening import PausedGC
from cqc_tui.core.store.snapshot import snapshot_data, summarise

SCRATCH_PREFIX = ".recover-"
_RECORD_START = re.compile(r'(?<!\\)\{"id":"')
_TABLE_START = re.compile(r'(?<!\\)"(' + "|".join(RECORD_TYPES) + r')":\{')
_ID_IN_LINE = re.compile(rb'"id":"((?:[^"\\]|\\.){1,200})"')


@dataclass
class _Source:
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
class _Plan:
    sources: list[_Source] = field(default_factory=list)
    unusable: list[tuple[str, str, str]] = field(default_factory=list)  # (file, record id, why)


def recover(folder: Path) -> list[str]:
    """Rebuild the review in `folder` from every readable file (see the module docstring); returns
    what it read, what it could not restore and what it changed, a line each. Raises StoreError
    (ending "Nothing was changed.") when it refuses."""
    folder = Path(folder)
    if os.path.islink(folder):
        raise StoreError(
            f"{folder} is a symbolic link, not a review folder; cqc-tui does not follow it. "
            "Nothing was changed."
        )
    if not folder.is_dir():
        raise StoreError(f"{folder} is not a review folder. Nothing was changed.")
    notices: list[str] = []
    lock_path = folder / LOCK
    if os.path.islink(lock_path):  # never follow it; it must go before the review can be locked
        try:
            kept = _unique(_ensure_quarantine(folder) / f"{_stamp()}-lock-symbolic-link")
            os.rename(lock_path, kept)
        except OSError as exc:
            raise StoreError(
                f"cannot move the symbolic link {lock_path} aside: {os_reason(exc)}. Nothing else was "
                "changed."
            ) from None
        notices.append(
            f"moved the symbolic link '{LOCK}' to {kept.relative_to(folder)} (not followed)"
        )
    lock = ReviewLock(folder)
    lock.acquire()
    if lock.stale_cleared:
        notices.append(f"cleared a stale lock left by {lock.stale_cleared.describe()}")
    try:
        with PausedGC():
            notices += _recover_locked(folder)
    finally:
        lock.release()
    return notices


def _recover_locked(folder: Path) -> list[str]:
    before_notes, before_error = _state_before(folder)
    plan = _read_everything(folder)
    work = ReviewStore(folder, readonly=True)
    work._quarantine = False
    for source in sorted(plan.sources, key=_priority):
        for table, doc, version in source.records:
            if table == "drafts" and not source.live:
                continue  # an old copy of a draft could bring back one that was finished
            try:
                work._apply_dict(table, doc, version, where=source.name)
            except BadRecord as exc:
                if source.live:  # a copy already set aside (quarantine/) was reported when it was
                    raw_id = doc.get("id") if isinstance(doc, dict) else None
                    ident = raw_id if isinstance(raw_id, str) else "?"
                    plan.unusable.append((source.name, ident, str(exc)))
            except CqcError as exc:
                if source.live:
                    raise StoreError(f"{shorten(exc)}") from None
    lines = _describe_sources(plan)
    review_note = _choose_review(folder, work, plan)
    if review_note:
        lines.append(review_note)
    lines += _what_is_lost(folder, plan, work)
    notes = sum(1 for n in work.tables["notes"].values() if not n.deleted)
    # by construction this cannot happen: refuse if it does
    if before_notes is not None and notes < before_notes:
        raise StoreError(
            f"the rebuilt review would hold {notes} note(s), fewer than the {before_notes} it opens "
            "with now; nothing was changed. Please report this."
        )
    damaged = [s for s in plan.sources if s.live and (s.problem or s.set_aside)]
    if before_error is None and not damaged and not plan.unusable and _same_records(folder, work):
        lines.append(
            f"the review opens and no file holds anything more; nothing was changed ({notes} note(s))"
        )
        return lines
    lines += _install(folder, work, plan)
    was = (
        f"before: {before_notes}"
        if before_notes is not None
        else f"before, it did not open: {shorten(before_error or 'no reason given')}"
    )
    lines.append(f"the review is readable again: {notes} note(s) ({was})")
    return lines


# ----------------------------------------------------------------------------- reading


def _state_before(folder: Path) -> tuple[int | None, str | None]:
    try:
        store = ReviewStore.open(folder, readonly=True)
    except CqcError as exc:
        if "newer cqc-tui" in str(exc):
            raise StoreError(f"{shorten(exc)}") from None
        return None, str(exc)
    except OSError as exc:
        return None, os_reason(exc)
    return sum(1 for n in store.tables["notes"].values() if not n.deleted), None


def _read_everything(folder: Path) -> _Plan:
    plan = _Plan()
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
                    _Source(name, "other", live=True, problem=_odd_kind(path), set_aside=True)
                )
                continue
            for sub in _walk(path):
                plan.sources.append(_read_source(folder, sub, live=False))
            continue
        if (
            name == SUMMARY
        ):  # a cache: kept with the originals, read only to rebuild a lost review record
            plan.sources.append(_Source(name, "other", live=True, set_aside=_is_odd(path)))
        elif (
            name in (SNAPSHOT, PREV_SNAPSHOT)
            or JOURNAL_RE.match(name)
            or name.endswith((".json.new", ".jsonl.new"))
        ):
            plan.sources.append(_read_source(folder, path, live=not name.startswith(".")))
    for source in plan.sources:
        if source.live and source.problem and source.kind != "other":
            source.set_aside = source.set_aside or _is_odd(folder / source.name)
    return plan


def _walk(top: Path) -> Iterator[Path]:
    for root, _dirs, files in os.walk(top, followlinks=False):
        for name in sorted(files):
            path = Path(root) / name
            if not os.path.islink(path):
                yield path


def _is_odd(path: Path) -> bool:
    """A symbolic link, a folder or something else that is not a regular file."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    import stat

    return not stat.S_ISREG(st.st_mode)


def _odd_kind(path: Path) -> str:
    if os.path.islink(path):
        return "is a symbolic link (not followed)"
    if path.is_dir():
        return "is a folder"
    return "is not a folder"


def _read_source(folder: Path, path: Path, live: bool) -> _Source:
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
    source = _Source(name, kind, live)
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
    if _read_snapshot(source, raw) or kind == "snapshot":
        return source
    _read_lines(source, raw)  # quarantined lines, records set aside, unfinished saves
    return source


def _read_snapshot(source: _Source, raw: bytes) -> bool:
    """Records of a snapshot; a damaged one is salvaged record by record. False when `raw` is not
    a snapshot at all."""
    try:
        data = json.loads(decode(raw))
    except (ValueError, UnicodeDecodeError) as exc:
        if b'"_meta"' not in raw and source.kind != "snapshot":
            return False
        source.problem = f"is damaged ({shorten(exc)})" if raw.strip() else "is empty"
        source.records = _salvage(raw)
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
        source.records = _salvage(raw)
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


def _salvage(raw: bytes) -> list[tuple[str, Any, int]]:
    """The whole records that can still be picked out of a damaged snapshot (each one JSON object
    starting {"id": ..., inside the table it follows)."""
    text = raw.decode("utf-8", "replace")
    decoder = json.JSONDecoder()
    tables = [(match.start(), match.group(1)) for match in _TABLE_START.finditer(text)]
    out = []
    record_end = 0
    for match in _RECORD_START.finditer(text):
        if match.start() < record_end:
            continue  # a mapping inside the record just read (a review's locations)
        table = next((t for pos, t in reversed(tables) if pos < match.start()), None)
        if table is None:
            continue
        try:
            doc, record_end = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        if isinstance(doc, dict):
            out.append((table, doc, SCHEMA_VERSION))
    return out


def _journal_seq(name: str) -> int:
    """The sequence number in a journal segment's file name; 0 for any other name."""
    match = JOURNAL_RE.match(name)
    return int(match.group(1)) if match else 0


def _read_lines(source: _Source, raw: bytes) -> None:
    data = raw[: data_end(raw)]
    seq = _journal_seq(Path(source.name).name)
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
                found = _ID_IN_LINE.search(line)
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


def _priority(source: _Source) -> tuple[int, str]:
    """Apply order (a tie between two copies of one revision goes to the later): salvaged and
    quarantined copies first, then the previous snapshot, the snapshot and the journals."""
    if not source.live:
        return (0, source.name)
    if source.salvaged:
        return (1, source.name)
    order = {PREV_SNAPSHOT: 2, SNAPSHOT: 3}
    return (order.get(source.name, 4), source.name)


# ----------------------------------------------------------------------------- judging


def _describe_sources(plan: _Plan) -> list[str]:
    lines = []
    live = [
        source
        for source in plan.sources
        if (source.live and source.kind != "other") or source.set_aside
    ]
    for source in live:
        if source.kind == "journal" and not source.problem:
            continue
        got = f"; {len(source.records)} record(s) salvaged from it" if source.salvaged else ""
        lines.append(f"{source.name} {source.problem or 'was read whole'}{got}")
    journals = [
        source
        for source in plan.sources
        if source.live and source.kind == "journal" and source.state is not None
    ]
    if journals:
        lines.append(
            f"read {len(journals)} journal segment(s) ({sum(len(source.records) for source in journals)} saved "
            "change(s))"
        )
    kept = [source for source in plan.sources if not source.live]
    if kept:
        lines.append(
            f"read {len(kept)} file(s) kept in {QUARANTINE}/ ({sum(len(source.records) for source in kept)} record(s); "
            "older revisions there never replace newer ones)"
        )
    return lines


def _choose_review(folder: Path, work: ReviewStore, plan: _Plan) -> str:
    reviews = work.tables["review"]
    if len(reviews) > 1:
        keep = folder.name if folder.name in reviews else None
        if keep is None:
            ranked = sorted(plan.sources, key=_priority)
            for source in reversed(ranked):
                ids = [
                    d.get("id")
                    for t, d, _ in source.records
                    if t == "review" and isinstance(d, dict)
                ]
                keep = next((i for i in ids if i in reviews), None)
                if keep:
                    break
        # every review record in the work store came from some source's records, so one is kept
        assert keep is not None
        others = sorted(i for i in reviews if i != keep)
        work.tables["review"] = {keep: reviews[keep]}
        return f"left out {len(others)} review record(s) of another review: {', '.join(others[:5])}"
    if reviews:
        return ""
    summary = _summary(folder)
    if summary is None:
        notes = sum(1 for n in work.tables["notes"].values() if not n.deleted)
        raise StoreError(
            f"no review record (title, framework) survives in any file of {folder}, and there is no "
            f"usable {SUMMARY} to rebuild one from ({notes} note(s) are readable); import the review again "
            "from an exported YAML file. Nothing was changed."
        )
    fields: dict[str, Any] = {
        k: v
        for k, v in summary.items()
        if k
        in (
            "title",
            "review_type",
            "framework_id",
            "framework_version",
            "provider",
            "start_date",
            "end_date",
            "status",
        )
        and isinstance(v, str)
    }
    review = Review(id=summary["id"], author="recover", **fields)
    work.tables["review"] = {review.id: review}
    return (
        f"no review record survives in any file: rebuilt a minimal one from {SUMMARY} (title "
        f"'{review.title}', framework {review.framework_id} {review.framework_version}, dates); the review's "
        "other details (locations, sections, counts) must be entered again"
    )


def _summary(folder: Path) -> dict | None:
    try:
        data = json.loads(read_no_follow(folder / SUMMARY))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
        return None
    if not isinstance(data.get("title"), str) or not isinstance(data.get("framework_id"), str):
        return None
    return data


def _what_is_lost(folder: Path, plan: _Plan, work: ReviewStore) -> list[str]:
    lines = [
        f"noticed earlier, when the review was opened for writing (kept in {QUARANTINE}/): {source.earlier_notice}"
        for source in plan.sources
        if source.earlier_notice
    ]
    restored = {rid for table in work.tables.values() for rid in table}
    for source in plan.sources:
        if source.live and source.bad_lines:
            lost = sorted({i for i in source.bad_ids if i not in restored})
            ids = f": {', '.join(lost[:10])}{' ...' if len(lost) > 10 else ''}" if lost else ""
            lines.append(
                f"could not restore {source.bad_lines} unreadable line(s) of {source.name} "
                f"({len(lost)} record(s) named in them are not in the review{ids})"
            )
    unusable = [(f, i, why) for f, i, why in plan.unusable if i not in restored]
    if unusable:
        ids = ", ".join(i for _, i, _ in unusable[:10]) + (" ..." if len(unusable) > 10 else "")
        lines.append(
            f"could not restore {len(unusable)} record(s) whose fields cannot be used ({ids}; e.g. "
            f"{shorten(unusable[0][2])}); they stay in the files kept in {QUARANTINE}/"
        )
    snapshots = {
        source.name: source
        for source in plan.sources
        if source.live and source.kind == "snapshot" and source.name in (SNAPSHOT, PREV_SNAPSHOT)
    }
    base = next(
        (
            snapshots[n]
            for n in (SNAPSHOT, PREV_SNAPSHOT)
            if n in snapshots and snapshots[n].meta and not snapshots[n].problem
        ),
        None,
    )
    states = {
        source.state.seq: source.state
        for source in plan.sources
        if source.live
        and source.kind == "journal"
        and source.state is not None
        and source.state.seq
    }
    unreadable = [
        source
        for source in plan.sources
        if source.live and source.kind == "journal" and source.state is None
    ]
    for source in unreadable:
        states.pop(_journal_seq(source.name), None)
        lines.append(
            f"could not restore what {source.name} holds: it {source.problem}; it is kept in {QUARANTINE}/"
        )
    if base is not None:
        meta = base.meta or {}  # chosen for having one
        seq = meta.get("journal_seq", 1) if isinstance(meta.get("journal_seq"), int) else 1
        problems = segment_problems(seq, meta.get("segment_headers") is True, states)
    else:
        # No whole snapshot: the segments before the oldest one left were folded into the damaged
        # snapshots (compaction deletes them, as usual); gaps after it are missing segments.
        first = min(states, default=1)
        problems = segment_problems(first, False, states)
        damaged = [source.name for source in snapshots.values() if source.problem]
        if damaged and first > 1:
            lines.append(
                f"journal-000001 to journal-{first - 1:06d} were folded into snapshots, as usual, and "
                f"{' and '.join(damaged)} {'is' if len(damaged) == 1 else 'are'} damaged: changes saved "
                "before then are restored only as far as records could be salvaged from them"
            )
    unreadable_seqs = {
        _journal_seq(source.name) for source in unreadable if JOURNAL_RE.match(source.name)
    }
    problems = [p for p in problems if p.seq not in unreadable_seqs]
    if problems:
        lines.append("could not restore: " + describe_problems(problems, folder.name))
    return lines


def _same_records(folder: Path, work: ReviewStore) -> bool:
    try:
        now = ReviewStore.open(folder, readonly=True)
    except (CqcError, OSError):
        return False
    if now.report.notices:
        return False
    for table, records in work.tables.items():
        current = now.tables[table]
        if records.keys() != current.keys():
            return False
        if any(
            (r.rev, r.updated) != (current[i].rev, current[i].updated) for i, r in records.items()
        ):
            return False
    return True


# ----------------------------------------------------------------------------- writing


def _stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def _unique(path: Path) -> Path:
    number = 1
    target = path
    while os.path.lexists(target):
        number += 1
        target = path.with_name(f"{path.name}-{number}")
    return target


def _ensure_quarantine(folder: Path) -> Path:
    qdir = folder / QUARANTINE
    if os.path.islink(qdir) or (os.path.lexists(qdir) and not qdir.is_dir()):
        aside = _unique(folder / f"{QUARANTINE}.not-a-folder-{_stamp()}")
        os.rename(qdir, aside)
    if not qdir.is_dir():
        qdir.mkdir()
        fsync_dir(folder)
    return qdir


def _install(folder: Path, work: ReviewStore, plan: _Plan) -> list[str]:
    """Write the rebuilt state beside the originals, keep every original in quarantine/, switch."""
    # A number no segment ever had: past every one present, every snapshot's and every closing line's.
    existing = [int(m.group(1)) for m in (JOURNAL_RE.match(n) for n in os.listdir(folder)) if m]
    named = [
        s.meta["journal_seq"]
        for s in plan.sources
        if s.meta and type(s.meta.get("journal_seq")) is int
    ]
    named += [
        s.state.next for s in plan.sources if s.state is not None and s.state.next is not None
    ]
    seq = max(existing + named + [0]) + 1
    scratch = _unique(folder / f"{SCRATCH_PREFIX}{_stamp()}")
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
        qdir = _ensure_quarantine(folder)
        keep = _unique(qdir / f"recover-{_stamp()}")
        keep.mkdir()
        moved, linked = [], []
        for source in plan.sources:
            if not source.live or "/" in source.name:
                continue
            path = folder / source.name
            if not os.path.lexists(path):
                continue
            target = keep / source.name
            if source.set_aside or _is_odd(path):
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
            n for n in os.listdir(folder) if n.startswith(SCRATCH_PREFIX) and folder / n != scratch
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
