"""Opening a review folder: the snapshot, then the journal segments replayed over it, with every
record that cannot be used, torn save or missing segment reported and kept aside in quarantine/.

Opening loads the snapshot and replays journal segments from its `journal_seq` on. A torn last
line (a save that never returned) is cut away; any other unreadable line is copied into
quarantine/ and reported, never silently dropped. `ReviewOpening` is the part of `ReviewStore`
that does this; `ReviewStore` adds the writer's part (the open segment, compaction after a
migration).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cqc_tui.core.errors import StoreError, os_reason
from cqc_tui.core.model import RECORD_TYPES, Record
from cqc_tui.core.record_codec import CODECS, BadRecord
from cqc_tui.core.segments import (
    SegmentProblem,
    SegmentState,
    describe_problems,
    segment_problems,
)
from cqc_tui.core.store import files, layout
from cqc_tui.core.store.encoding import decode, dumps_bytes
from cqc_tui.core.store.journal import data_end, journal_segments
from cqc_tui.core.store.layout import (
    PREV_SNAPSHOT,
    QUARANTINE,
    SEGMENT_PROBLEMS,
    SNAPSHOT,
)
from cqc_tui.core.store.snapshot import CorruptReview, read_snapshot, snapshot_version


@dataclass
class OpenReport:
    """What opening found: notices for the user (torn saves cut, lines quarantined, migrations)."""

    notices: list[str] = field(default_factory=list)
    replayed: int = 0


class PausedGC:
    """Pause the cyclic garbage collector while building many objects (it rescans them all
    repeatedly otherwise, which doubles the time to open a large review). Nothing is freed late:
    the records are kept anyway."""

    def __enter__(self) -> None:
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.was:
            gc.enable()


class ReviewOpening:
    """Reads a review folder into `tables` (snapshot, then journal replay), reporting in `report`
    what it set aside. The state is set up by `ReviewStore.__init__`."""

    folder: Path
    readonly: bool
    tables: dict[str, dict[str, Record]]
    report: OpenReport
    _journal_lines: int
    _segment_ends: dict[int, int]
    _segment_states: dict[int, SegmentState]
    _segment_headers: bool
    _segment_problems: list[SegmentProblem]
    _snapshot_seq: int
    _migrated_from: int | None
    _quarantine: bool
    _incomplete: bool
    _bad_records: list[tuple[str, str, Any, str]]

    def _clear_leftovers(self) -> None:
        """Temp files of writes a crash interrupted (never the only copy of anything: a temp file
        only becomes real by an atomic rename). Only a writer, holding the lock, removes them."""
        for pattern in (
            ".*.tmp",
            f".{SNAPSHOT}.new",
            f".{PREV_SNAPSHOT}.new",
            ".journal-*.jsonl.new",
        ):
            for path in self.folder.glob(pattern):
                with contextlib.suppress(OSError):
                    path.unlink()

    def _load(self) -> None:
        if not self.readonly:
            self._clear_leftovers()
        snap_path = self.folder / SNAPSHOT
        previous_snapshot_path = self.folder / PREV_SNAPSHOT
        with PausedGC():
            try:
                data = read_snapshot(snap_path, self.folder)
            except FileNotFoundError:
                if not previous_snapshot_path.exists():
                    raise CorruptReview(
                        f"{self.folder} has no {SNAPSHOT}; run 'cqc-tui recover' on this review",
                        self.folder,
                    ) from None
                # A crash between the renames of a compaction (older versions): the previous snapshot
                # and the journals kept beside it hold everything.
                data = read_snapshot(previous_snapshot_path, self.folder)
                self.report.notices.append(
                    f"{SNAPSHOT} was missing; opened from {PREV_SNAPSHOT} and the journals"
                )
            self._apply_snapshot(data, SNAPSHOT)
            del data
            self._replay_journals()
        self._report_set_aside()
        if not self.tables["review"]:
            raise CorruptReview(
                f"{self.folder / SNAPSHOT} and the journals beside it hold no usable review record "
                "(title, framework); run 'cqc-tui recover' on this review",
                self.folder,
            )

    def _apply_snapshot(self, data: dict, where: str = SNAPSHOT) -> None:
        version, seq = snapshot_version(data, self.folder, where)
        self._snapshot_seq = seq
        self._segment_headers = next(iter(data["_meta"].values())).get("segment_headers") is True
        for table, docs in data.items():
            if table == "_meta":
                continue
            if table not in RECORD_TYPES:
                self.report.notices.append(f"ignored unknown table '{table}' in {where}")
                continue
            if not isinstance(docs, dict):
                raise CorruptReview(
                    f"{self.folder / where}: table '{table}' has the wrong shape; "
                    "run 'cqc-tui recover'",
                    self.folder,
                )
            if version != layout.SCHEMA_VERSION or not CODECS[table].fast:
                for doc in docs.values():
                    self._apply_snapshot_record(table, doc, version, where)
                continue
            # The common case, inlined (20,000 notes): same checks and rule as _apply_dict.
            load = CODECS[table].load
            records_by_id = self.tables[table]
            get = records_by_id.get
            for doc in docs.values():
                try:
                    record = load(doc)
                except BadRecord as exc:
                    self._set_aside(where, table, doc, str(exc))
                    continue
                current = get(record.id)
                if current is None or (record.rev, record.updated) >= (
                    current.rev,
                    current.updated,
                ):
                    records_by_id[record.id] = record
        if version < layout.SCHEMA_VERSION:
            self.report.notices.append(f"migrated from schema {version} to {layout.SCHEMA_VERSION}")
            self._migrated_from = version

    def _apply_snapshot_record(self, table: str, doc: Any, version: int, where: str) -> None:
        try:
            self._apply_dict(table, doc, version, where)
        except BadRecord as exc:
            self._set_aside(where, table, doc, str(exc))

    def _set_aside(self, where: str, table: str, doc: Any, reason: str) -> None:
        """A snapshot record that cannot be used: left out of the review (so never written into the
        next snapshot), reported, and kept in quarantine/ by `_report_set_aside`."""
        self._bad_records.append((where, table, doc, reason))

    def _report_set_aside(self) -> None:
        if not self._bad_records:
            return
        by_file: dict[str, list[tuple[str, Any, str]]] = {}
        for where, table, doc, reason in self._bad_records:
            by_file.setdefault(where, []).append((table, doc, reason))
        for where, bad in by_file.items():
            kept = ""
            if self._quarantine:
                body = b"".join(
                    dumps_bytes({"t": table, "r": doc}) + b"\n" for table, doc, _ in bad
                )
                target = self._quarantine_bytes(body, f"{Path(where).name}-unusable-records")
                kept = f" A copy is in {QUARANTINE}/{target.name}."
            first_table, first_doc, first_reason = bad[0]
            ident = first_doc.get("id") if isinstance(first_doc, dict) else None
            name = (
                f"'{first_table}' record {ident}"
                if isinstance(ident, str)
                else f"a '{first_table}' record"
            )
            self.report.notices.append(
                f"{where}: {len(bad)} record(s) could not be used and are left out of this review "
                f"({name}: {files.shorten(first_reason)}{'; ...' if len(bad) > 1 else ''}).{kept}"
            )
        self._bad_records = []

    def _apply_dict(self, table: str, doc: Any, version: int, where: str) -> None:
        """Apply one stored record (the newer revision wins). Raises BadRecord for a record that
        cannot be used, StoreError for one a newer cqc-tui wrote."""
        if version > layout.SCHEMA_VERSION:
            raise StoreError(
                f"{self.folder / where} holds changes written by a newer cqc-tui (schema {version}; "
                f"this one reads up to {layout.SCHEMA_VERSION}); upgrade cqc-tui to open it. Nothing was changed."
            )
        for from_version in range(version, layout.SCHEMA_VERSION):
            migrate = layout.MIGRATIONS.get(from_version)
            if migrate is None:
                raise CorruptReview(
                    f"{self.folder / where}: no migration from schema {from_version}; run 'cqc-tui recover'",
                    self.folder,
                )
            CODECS[table].check(doc)
            doc = migrate(table, doc)
        record = CODECS[table].load(doc)
        records_by_id = self.tables[table]
        current = records_by_id.get(record.id)
        if current is None or (record.rev, record.updated) >= (current.rev, current.updated):
            records_by_id[record.id] = record

    def _replay_journals(self) -> int:
        """Replay the journal segments from the snapshot's on, note segments missing, emptied or cut
        short (a writer reports them at once), and return the number of the newest segment."""
        segments = [
            (seq, segment_path)
            for seq, segment_path in journal_segments(self.folder)
            if seq >= self._snapshot_seq
        ]
        last_seq = segments[-1][0] if segments else max(self._snapshot_seq, 1)
        for seq, path in segments:
            self._replay_segment(seq, path, is_last=(seq == last_seq))
        # A segment missing because a compaction deleted it while we read: a reader reads again.
        # Missing, emptied or cut short otherwise: changed outside cqc-tui (reported).
        self._segment_problems = segment_problems(
            self._snapshot_seq, self._segment_headers, self._segment_states
        )
        if any(problem.kind == "missing" for problem in self._segment_problems):
            self._incomplete = True
        if not self.readonly:
            self._report_missing_segments()
        return last_seq

    def _report_missing_segments(self) -> None:
        if self._segment_problems:
            notice = describe_problems(self._segment_problems, str(self.folder))
            self.report.notices.append(notice)
            if self._quarantine:  # a writer carries on (and compacts): keep the notice for recover
                self._quarantine_bytes(notice.encode("utf-8"), SEGMENT_PROBLEMS)

    def _replay_segment(self, seq: int, path: Path, is_last: bool) -> None:
        try:
            raw = files.read_no_follow(path)
        except FileNotFoundError:  # deleted by a compaction after we listed it
            self._incomplete = True
            return
        except OSError as exc:
            raise StoreError(
                f"cannot read {path}: {files.link_reason(exc, path)}; nothing was changed. Run 'cqc-tui recover' on "
                "this review to set it aside and rebuild from the other files"
            ) from None
        state = self._segment_states[seq] = SegmentState(seq)
        size = data_end(raw)
        offset = 0
        lineno = 0
        lines = 0
        bad: list[tuple[int, bytes, str]] = []  # (line number, line, why it cannot be used)
        while offset < size:
            end = raw.find(b"\n", offset, size)
            lineno += 1
            if end == -1:
                if is_last:
                    # No newline: that save never completed (it had not returned). Set it aside, keep a copy.
                    self.report.notices.append(
                        f"{path.name}: an unfinished save at the end (the program stopped while writing it) "
                        "was set aside; every save that had been confirmed is present"
                    )
                    if self._quarantine:
                        self._quarantine_bytes(raw[offset:size], f"{path.stem}-unfinished-save")
                    if not self.readonly:
                        files.zero_region(path, offset, size - offset)
                    size = offset
                    break
                bad.append((lineno, raw[offset:size], ""))
                break
            line = raw[offset:end]
            offset = end + 1
            if not line.strip():
                continue
            try:
                entry = json.loads(decode(line))
                if state.take_marker(entry, lineno):
                    continue
                table, doc = entry["t"], entry["r"]
                if table not in RECORD_TYPES:
                    raise ValueError(f"unknown table {table!r}")
                version = entry.get("v", layout.SCHEMA_VERSION)
                if type(version) is not int:
                    raise ValueError("bad schema version")
                self._apply_dict(table, doc, version, where=path.name)
                self.report.replayed += 1
                lines += 1
            except BadRecord as exc:
                bad.append((lineno, line, str(exc)))
            except CorruptReview:
                bad.append((lineno, line, ""))
            except StoreError:
                raise
            except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
                bad.append((lineno, line, ""))
        self._segment_ends[seq] = size
        state.records = lines
        if is_last:
            self._journal_lines = lines
        if bad:
            where = ", ".join(str(line_number) for line_number, _, _ in bad[:5]) + (
                " ..." if len(bad) > 5 else ""
            )
            why = next((f" ({files.shorten(reason)})" for _, _, reason in bad if reason), "")
            kept = ""
            if self._quarantine:
                target = self._quarantine_bytes(
                    b"\n".join(raw_line for _, raw_line, _ in bad) + b"\n",
                    f"{path.stem}-unreadable-lines",
                )
                kept = f" A copy is in {QUARANTINE}/{target.name}; the journal itself is left as it was."
            self.report.notices.append(
                f"{path.name}: {len(bad)} line(s) could not be read (line {where}){why}; "
                f"what they hold is left out of this review.{kept}"
            )

    def _quarantine_bytes(self, data: bytes, label: str) -> Path:
        """Keep a copy of `data` in quarantine/. The same bytes are kept once (named by their hash)."""
        qdir = self.folder / QUARANTINE
        digest = hashlib.sha256(data).hexdigest()[:12]
        try:
            files.ensure_dir(qdir)
            for existing in qdir.glob(f"*-{label}-{digest}.bin"):
                return existing
        except OSError as exc:
            raise StoreError(
                f"cannot keep a copy of damaged data in {qdir}: {os_reason(exc)}"
            ) from None
        target = qdir / f"{time.strftime('%Y%m%d-%H%M%S')}-{label}-{digest}.bin"
        files.atomic_write_bytes(target, data)
        return target

    def _quarantine_copy(self, path: Path, label: str) -> Path | None:
        try:
            return self._quarantine_bytes(path.read_bytes(), f"{path.name}-{label}")
        except FileNotFoundError:
            return None
