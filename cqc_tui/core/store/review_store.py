"""One review's records in memory, saved durably: `ReviewStore`.

A save appends one journal line and syncs it before it returns; a compaction, every
`layout.COMPACT_EVERY` saves and on close, folds the journal into a new snapshot (in the
background while the review is open). What a review folder holds is described in layout.py;
opening it in opening.py; the files it writes in journal.py and snapshot.py. Compaction starts a
new segment; segments stay until the snapshot after next, so review.prev.json + journals can
always rebuild the latest state.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from cqc_tui.core.errors import StoreError, os_reason
from cqc_tui.core.model import RECORD_TYPES, EvidenceNote, Record, Review
from cqc_tui.core.segments import (
    CLOSING_KEY,
    SegmentProblem,
    SegmentState,
    segment_name,
)
from cqc_tui.core.store import files, layout
from cqc_tui.core.store.encoding import dumps_bytes
from cqc_tui.core.store.journal import (
    data_end,
    journal_line,
    journal_segments,
    new_segment,
)
from cqc_tui.core.store.layout import SNAPSHOT
from cqc_tui.core.store.lock import ReviewLock
from cqc_tui.core.store.opening import OpenReport, PausedGC, ReviewOpening
from cqc_tui.core.store.snapshot import (
    CorruptReview,
    snapshot_data,
    write_snapshot,
    write_summary,
)


class ReviewStore(ReviewOpening):
    """One review's records in memory, saved durably. Use `ReviewStore.open(folder)`."""

    def __init__(self, folder: Path, readonly: bool):
        self.folder = Path(folder)
        self.readonly = readonly
        self.tables: dict[str, dict[str, Record]] = {table: {} for table in RECORD_TYPES}
        self.report = OpenReport()
        self._lock = threading.RLock()
        self._compact_lock = threading.Lock()  # one compaction at a time, in order
        self._journal_fd: int | None = None
        self._journal_seq = 0
        self._journal_size = 0
        self._journal_lines = 0
        self._journal_cap = 0  # file size: the data, then zero padding
        self._journal_dirty: tuple[int, int] | None = (
            None  # (length, size) of a failed write not yet undone
        )
        self._segment_ends: dict[int, int] = {}
        self._segment_states: dict[int, SegmentState] = {}
        self._segment_headers = False  # the snapshot read promises segment header and closing lines
        self._segment_problems: list[SegmentProblem] = []
        self._snapshot_seq = 0
        self._file_lock: ReviewLock | None = None
        self._compactor: threading.Thread | None = None
        self._listeners: list[Callable[[Record], None]] = []
        self._migrated_from: int | None = None
        self._quarantine = not readonly  # may write into quarantine/ (recover() turns it on)
        self.compaction_error: StoreError | None = None
        self.version = 0  # +1 on every save: caches built from the records (search) compare it
        self._incomplete = False  # a reader saw a journal segment vanish mid-read (a compaction)
        self._bad_records: list[tuple[str, str, Any, str]] = []  # (file, table, doc, why) left out
        self.closed = False

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, review: Review) -> ReviewStore:
        """Create a new review folder holding `review`, locked for writing; StoreError when the
        folder exists or cannot be written (nothing is left behind)."""
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=False)
            files.fsync_dir(folder.parent)  # the review's folder itself must survive a power cut
        except FileExistsError:
            raise StoreError(
                f"{folder} already exists; a review with this id is already in the workspace"
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot create {folder}: {os_reason(exc)}") from None
        store = cls(folder, readonly=False)
        try:
            store._file_lock = ReviewLock(folder, review.title)
            store._file_lock.acquire()
            store.tables["review"][review.id] = review
            store._open_segment(
                1
            )  # the segment first: a snapshot never names a segment that is missing
            store._append(
                journal_line(review)[0]
            )  # the journals alone can rebuild the review, header included
            store._journal_lines = 1
            store._write_snapshot(1, store._snapshot_data(seq=1))
            store._snapshot_seq = 1
        except BaseException:
            # Nothing in the new folder was ever confirmed to anyone: remove it whole, so a failed
            # creation (disk full, read-only) does not leave a half-made review behind.
            if store._journal_fd is not None:
                os.close(store._journal_fd)
                store._journal_fd = None
            store._release()
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return store

    @classmethod
    def open(cls, folder: Path, readonly: bool = False, title: str = "") -> ReviewStore:
        """Open a review folder: for writing (taking its lock), or read-only (no lock; reads again
        while a writer compacts under it)."""
        folder = Path(folder)
        if not folder.is_dir():
            raise StoreError(f"{folder} is not a review folder")
        files.refuse_links(folder)
        if readonly:
            # A writer may compact while we read (we take no lock): if the snapshot changed under
            # us or a journal segment we needed vanished, read again.
            # A compaction every couple of seconds is the most a real writer does; waiting a little
            # longer each time (up to 0.1 s, about 5 s in all) outlasts even a writer compacting
            # after every other save on a busy machine.
            attempts = 60
            for attempt in range(attempts):
                store = cls(folder, readonly=True)
                before = files.stat_key(folder / SNAPSHOT)
                try:
                    store._load()
                except (CorruptReview, StoreError):
                    if attempt < attempts - 1 and files.stat_key(folder / SNAPSHOT) != before:
                        continue
                    raise
                if files.stat_key(folder / SNAPSHOT) == before:
                    # Unchanged while we read: nothing was compacted away under us. A segment still
                    # missing was removed by something else: say so.
                    store._report_missing_segments()
                    return store
                time.sleep(min(0.005 * (attempt + 1), 0.1))
            raise StoreError(
                f"{folder} is being rewritten by the window that has it open for writing; "
                "try again in a moment"
            )
        store = cls(folder, readonly)
        store._file_lock = ReviewLock(folder, title)
        store._file_lock.acquire()
        if store._file_lock.stale_cleared:
            store.report.notices.append(
                f"cleared a stale lock left by {store._file_lock.stale_cleared.describe()} "
                "(that program stopped without closing the review; every confirmed save is kept)"
            )
        try:
            store._load()
        except BaseException:
            if store._journal_fd is not None:
                os.close(store._journal_fd)
                store._journal_fd = None
            store._release()
            raise
        return store

    # -- journal ---------------------------------------------------------------------------

    def _replay_journals(self) -> int:
        """Replay the journals (see `ReviewOpening`); a writer then opens the newest segment for
        saving and, after a migration, keeps the old snapshot in quarantine/ and compacts."""
        last_seq = super()._replay_journals()
        if not self.readonly:
            self._open_segment(last_seq)
            if self._migrated_from:
                self._quarantine_copy(self.folder / SNAPSHOT, f"schema-v{self._migrated_from}")
                self.compact()
        return last_seq

    def _open_segment(self, seq: int) -> None:
        """Open journal segment `seq` for saving, creating it (zero-padded) if needed.

        Segments are padded with zeros ahead of the data, and a save overwrites padding in place:
        then fdatasync only has to flush the note, not a change of file size through the
        filesystem's journal, which on ext4 is what makes an append+fsync stall for tens or
        hundreds of milliseconds now and then. The data ends where the trailing zeros start (a JSON
        line never contains a zero byte, and always ends with a newline)."""
        path = self.folder / segment_name(seq)
        existed = os.path.lexists(path)
        try:
            fd, end = (
                new_segment(path, seq)
                if not existed
                else (os.open(path, os.O_RDWR | files.NO_FOLLOW | files.BINARY), 0)
            )
        except OSError as exc:
            raise StoreError(f"cannot write to {path}: {files.link_reason(exc, path)}") from None
        try:
            if existed:
                known_end = self._segment_ends.get(seq)
                end = known_end if known_end is not None else data_end(files.read_no_follow(path))
            cap = os.fstat(fd).st_size
            os.lseek(fd, end, os.SEEK_SET)
        except OSError as exc:
            os.close(fd)
            raise StoreError(f"cannot write to {path}: {os_reason(exc)}") from None
        self._journal_fd = fd
        self._journal_seq = seq
        self._journal_size = end
        self._journal_cap = cap
        self._journal_dirty = None
        if not existed:
            self._journal_lines = 0

    def _rollback(self, fd: int, start: int, length: int, cap: int) -> None:
        """Undo a failed write of `length` bytes at `start`: zeros back, the file back to `cap` bytes."""
        if os.fstat(fd).st_size > cap:
            os.ftruncate(fd, max(cap, start))
        files.zero_fill(fd, start, min(length, max(0, cap - start)))
        files.sync(fd)
        os.lseek(fd, start, os.SEEK_SET)

    def _append(self, payload: bytes) -> None:
        """Append whole lines to the journal and make them durable, or leave the journal as it was."""
        fd = self._journal_fd
        if fd is None:
            raise StoreError("this review has been closed")
        path = self.folder / f"journal-{self._journal_seq:06d}.jsonl"
        start, cap = self._journal_size, self._journal_cap
        if (
            self._journal_dirty is not None
        ):  # an earlier failed save left bytes behind: clear them first
            try:
                self._rollback(fd, start, *self._journal_dirty)
            except OSError as exc:
                raise StoreError(
                    f"could not save to {path}: {os_reason(exc)} (the journal could not be "
                    "repaired after an earlier failed save; nothing confirmed is lost)"
                ) from None
            self._journal_dirty = None
        try:
            os.lseek(fd, start, os.SEEK_SET)
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.ENOSPC, "short write")
                view = view[written:]
        except OSError as exc:
            try:  # never leave part of a line behind a failed save
                self._rollback(fd, start, len(payload), cap)
            except OSError:
                self._journal_dirty = (len(payload), cap)
            raise StoreError(
                f"could not save to {path}: {os_reason(exc)}. The change was NOT saved; "
                "earlier saves are safe."
            ) from None
        end = start + len(payload)
        new_cap = max(cap, end)
        if new_cap - end < layout.SEGMENT_MIN_FREE:  # pad ahead again, in the same sync
            grow = min(max(end, layout.SEGMENT_PAD), layout.SEGMENT_PAD_MAX)
            try:
                files.zero_fill(fd, new_cap, grow)
                new_cap += grow
            except OSError:  # no room to pad: fine, the note itself is written; try again next time
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, new_cap)
        try:
            files.sync(fd)
        except OSError as exc:
            try:
                self._rollback(fd, start, len(payload), cap)
            except OSError:
                self._journal_dirty = (len(payload), cap)
            raise StoreError(
                f"could not save to {path}: {os_reason(exc)}. The change was NOT saved; "
                "earlier saves are safe."
            ) from None
        self._journal_size = end
        self._journal_cap = new_cap

    def save(self, record: Record) -> Record:
        """Write one record revision durably; returns only once it is on disk."""
        if self.readonly:
            raise StoreError(
                "this review is open read-only; close the other window that has it open to edit"
            )
        if self.closed:
            raise StoreError("this review has been closed")
        table = record.TABLE
        line, record = journal_line(record)
        with self._lock:
            self._append(line)
            self._journal_lines += 1
            self.tables[table][record.id] = record
            self.version += 1
            need_compaction = self._journal_lines >= layout.COMPACT_EVERY
        for listener in list(self._listeners):
            listener(record)
        if need_compaction:
            self.compact_in_background()
        return record

    def save_many(self, records: Iterable[Record]) -> int:
        """Save many records with one fsync (imports). On failure none of them is kept in the journal."""
        if self.readonly:
            raise StoreError("this review is open read-only")
        if self.closed:
            raise StoreError("this review has been closed")
        records = list(records)
        if not records:
            return 0
        lines = [journal_line(record) for record in records]
        payload = b"".join(line for line, _ in lines)
        records = [record for _, record in lines]
        with self._lock:
            self._append(payload)
            self._journal_lines += len(records)
            for record in records:
                self.tables[record.TABLE][record.id] = record
            self.version += len(records)  # one per record, as if saved one by one
        # What is built from the records hears of each, as for save.
        for listener in list(self._listeners):
            for record in records:
                listener(record)
        return len(records)

    def add_listener(self, listener: Callable[[Record], None]) -> None:
        """Call `listener` with every record saved from now on (after the save is durable)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[Record], None]) -> None:
        """Stop calling `listener` (nothing when it was not added)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    # -- compaction ------------------------------------------------------------------------

    def _snapshot_data(self, tables: dict | None = None, seq: int | None = None) -> dict:
        """The snapshot of `tables` (default: the review's), folding in the journal up to `seq`
        (default: the segment saves now go to)."""
        return snapshot_data(
            tables if tables is not None else self.tables,
            seq if seq is not None else self._journal_seq or 1,
        )

    def _write_snapshot(self, seq: int, data: dict) -> None:
        write_snapshot(self.folder, seq, data)

    def compact(self) -> None:
        """Fold the journal into a new snapshot (atomic); keeps enough to rebuild from the previous one."""
        if self.readonly or self.closed:
            return
        compactor = self._compactor
        if compactor is not None and compactor is not threading.current_thread():
            compactor.join()
        with self._compact_lock:
            with self._lock:
                new_seq, tables = self._rotate()
            self._finish_compaction(new_seq, tables)

    def _rotate(self) -> tuple[int, dict]:
        """Start a new journal segment; return its number and a copy of the tables up to it."""
        new_seq = self._journal_seq + 1
        tables = {table: dict(records_by_id) for table, records_by_id in self.tables.items()}
        old_fd, old_end, old_dirty = self._journal_fd, self._journal_size, self._journal_dirty
        self._open_segment(new_seq)
        if old_fd is not None:
            try:
                if old_dirty is None:  # the closing line names the new segment (segments.py)
                    files.write_at(old_fd, dumps_bytes({CLOSING_KEY: new_seq}) + b"\n", old_end)
                    files.sync(old_fd)
            except OSError:
                pass  # it only helps notice a newest segment deleted later; the saves are all there
            finally:
                os.close(old_fd)
        return new_seq, tables

    def _finish_compaction(self, new_seq: int, tables: dict) -> None:
        previous_snapshot_seq = self._snapshot_seq
        self._write_snapshot(new_seq, self._snapshot_data(tables, new_seq))
        self._snapshot_seq = new_seq
        for seq, path in journal_segments(self.folder):
            if seq < previous_snapshot_seq:  # already folded into review.prev.json too
                with contextlib.suppress(OSError):
                    path.unlink()
        self._write_summary(tables)

    def compact_in_background(self) -> None:
        """Start a new journal segment now and write the snapshot in a thread; does nothing while
        one runs. A failure is kept in `compaction_error`."""
        if self.readonly or self.closed:
            return
        if self._compactor is not None and self._compactor.is_alive():
            return
        if not self._compact_lock.acquire(blocking=False):
            return
        try:
            with self._lock:
                new_seq, tables = self._rotate()
        except BaseException:
            self._compact_lock.release()
            raise

        def run() -> None:
            try:
                with PausedGC():
                    self._finish_compaction(new_seq, tables)
            except StoreError as exc:  # the journals still hold everything; report, retry next time
                self.compaction_error = exc
                self.report.notices.append(
                    f"compaction failed (nothing is lost, the journal holds every save): {exc}"
                )
            finally:
                self._compact_lock.release()

        self._compactor = threading.Thread(target=run, daemon=True, name="cqc-compaction")
        self._compactor.start()

    def _write_summary(self, tables: dict | None = None) -> None:
        write_summary(self.folder, tables or self.tables)

    # -- closing ---------------------------------------------------------------------------

    def close(self, compact: bool = True) -> None:
        """Wait for a background compaction, compact (unless `compact` is false), and let go of the
        lock; a second call does nothing."""
        if self.closed:
            return
        try:
            if self._compactor is not None:
                self._compactor.join()
            if not self.readonly and compact and self._journal_lines:
                self.compact()
            elif not self.readonly:
                self._write_summary()
        finally:
            self.closed = True
            if self._journal_fd is not None:
                os.close(self._journal_fd)
                self._journal_fd = None
            self._release()

    def _release(self) -> None:
        if self._file_lock is not None:
            self._file_lock.release()
            self._file_lock = None

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    @property
    def review(self) -> Review:
        """The review record (title, framework, dates); StoreError when the folder holds none."""
        reviews = list(self.tables["review"].values())
        if not reviews:
            raise StoreError(f"{self.folder} holds no review record")
        return cast(
            Review, reviews[0]
        )  # the "review" table holds Review records only (record_codec)

    def get(self, table: str, record_id: str) -> Record | None:
        """The record of `table` with `record_id` (deleted ones included), None when there is none."""
        return self.tables[table].get(record_id)

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Hold saves from other threads back for the duration of the block (one consistent read)."""
        with self._lock:
            yield

    def records(self, table: str, include_deleted: bool = False) -> list[Record]:
        """The records of `table` in the order they were first saved, without deleted ones unless
        asked."""
        all_records = self.tables[table].values()
        if include_deleted:
            return list(all_records)
        return [record for record in all_records if not record.deleted]


def iter_notes(store: ReviewStore, include_deleted: bool = False) -> Iterable[EvidenceNote]:
    """The review's evidence notes, without deleted ones unless asked."""
    for note in store.tables["notes"].values():
        if include_deleted or not note.deleted:
            yield note  # type: ignore[misc]
