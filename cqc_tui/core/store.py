"""Durable storage for one review: a TinyDB snapshot plus an append-only journal.

Layout of a review folder:

    review.json        TinyDB database (JSONStorage layout), written atomically: temp file,
                       fsync, os.replace, fsync of the folder. Table `_meta` holds the schema
                       version and the first journal segment not yet folded in.
    review.prev.json   the snapshot before the last compaction (recovery if review.json is damaged)
    journal-NNNNNN.jsonl
                       one JSON line per saved record revision. A save appends one line with a
                       single write() and fdatasync()s before it returns, so a save costs the size
                       of the note, not the size of the review. A header line first and a closing
                       line naming the next segment last let opening notice a segment that is
                       missing, emptied or cut short (segments.py).
    lock               flock()ed while a process has the review open for writing; holds who.
    quarantine/        damaged files moved aside, never deleted (recovery.py rebuilds from them too).

Opening loads the snapshot and replays journal segments from its `journal_seq` on. A torn last
line (a save that never returned) is cut away; any other unreadable line is copied into
quarantine/ and reported, never silently dropped. Compaction writes a new snapshot and starts a
new segment; segments stay until the snapshot after next, so review.prev.json + journals can
always rebuild the latest state.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import getpass
import hashlib
import json
import os
import re
import shutil
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from tinydb import Storage

from cqc_tui.core import migrations
from cqc_tui.core.errors import ReviewLocked, StoreError, os_reason
from cqc_tui.core.model import RECORD_TYPES, Draft, EvidenceNote, Record, Review, now_iso
from cqc_tui.core.record_codec import CODECS as _CODECS
from cqc_tui.core.record_codec import BadRecord
from cqc_tui.core.record_codec import record_dict as _record_dict
from cqc_tui.core.record_codec import record_dict_slim as _record_dict_slim
from cqc_tui.core.segments import (
    CLOSING_KEY,
    HEADER_KEY,
    SegmentProblem,
    SegmentState,
    describe_problems,
    segment_name,
    segment_problems,
)

SCHEMA_VERSION = 2  # 2: evidence notes gained 'observed' and 'attachments' (core/migrations.py)
SNAPSHOT = "review.json"
PREV_SNAPSHOT = "review.prev.json"
SUMMARY = "summary.json"
LOCK = "lock"
QUARANTINE = "quarantine"
SEGMENT_PROBLEMS = "segment-problems"  # label of the notices a writer keeps in quarantine/
JOURNAL_RE = re.compile(r"^journal-(\d{6})\.jsonl$")
COMPACT_EVERY = 2000  # journal lines before a background compaction (bounds replay at open to ~20 ms)
SEGMENT_PAD = 256 * 1024  # zero padding written ahead of the data in a journal segment ...
SEGMENT_PAD_MAX = 4 * 1024 * 1024  # ... growing with the segment up to this much at a time
SEGMENT_MIN_FREE = 64 * 1024  # pad again when less than this is left

# Migrations: schema version v -> v + 1, applied per record as (table, record dict) -> record dict.
MIGRATIONS: dict[int, Callable[[str, dict], dict]] = dict(migrations.MIGRATIONS)


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_sync = getattr(os, "fdatasync", os.fsync)


def _ensure_dir(path: Path) -> None:
    """mkdir that survives a power cut: the new folder's entry is fsynced into its parent."""
    if not path.is_dir():
        path.mkdir(exist_ok=True)
        fsync_dir(path.parent)
_BINARY = getattr(os, "O_BINARY", 0)
_WRITE_CHUNK = 1024 * 1024  # Windows: no newline translation on raw file descriptors


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one, whole."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        try:
            os.unlink(tmp)  # a leftover (or a link planted at that name) is removed, never written through
        except FileNotFoundError:
            pass
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW | _BINARY, 0o644)
        try:
            view = memoryview(data)
            pending = 0
            while view:
                written = os.write(fd, view[:_WRITE_CHUNK])
                view = view[written:]
                pending += written
                if pending >= _WRITE_CHUNK and view:
                    # Flush big files (snapshots) a chunk at a time: the disk queue then never holds
                    # megabytes ahead of a note being saved meanwhile.
                    _sync(fd)
                    pending = 0
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise StoreError(f"could not write {path}: {os_reason(exc)}") from None


class AtomicJSONStorage(Storage):
    """TinyDB storage that never writes in place: temp file, fsync, replace, fsync the folder."""

    def __init__(self, path: str | Path, **_: Any):
        self.path = Path(path)

    def read(self) -> dict | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        return json.loads(_decode(raw))

    def write(self, data: dict) -> None:
        atomic_write_bytes(self.path, _dumps_bytes(data))

    def close(self) -> None:
        pass


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _dumps_bytes(data: Any) -> bytes:
    """JSON as UTF-8, valid whatever the text holds. Text holding lone surrogates (which a terminal
    can hand over for bytes it could not decode) has no UTF-8 form: such data is written with JSON
    \\u escapes instead (plain ASCII), which any JSON reader, stock TinyDB included, reads back.
    The one thing a reader cannot tell apart: a high surrogate written directly before a low one
    reads back as the single character the pair encodes in UTF-16 (`normalise_text` says what a
    text reads back as; the store keeps that form in memory too)."""
    try:
        return _dumps(data).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def normalise_text(text: str) -> str:
    """`text` as the store reads it back: the same, except that a high surrogate directly followed
    by a low surrogate becomes the one character the pair encodes (see `_dumps_bytes`)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return json.loads(json.dumps(text))


def _snapshot_bytes(data: dict, chunk: int = 200) -> bytes:
    """The same bytes as `_dumps_bytes(data)` for a {table: {doc id: doc}} database, serialised a few
    hundred records at a time. json.dumps holds the GIL for a whole call: one call over 20,000
    notes would stall a save on the main thread for a good part of a second while a background
    compaction runs; in chunks, the save waits at most one chunk."""
    out = [b"{"]
    first_table = True
    for table, docs in data.items():
        out.append((b"" if first_table else b",") + _dumps_bytes(table) + b":{")
        first_table = False
        items = list(docs.items())
        first = True
        for i in range(0, len(items), chunk):
            body = _dumps_bytes(dict(items[i:i + chunk]))[1:-1]
            if body:
                out.append(body if first else b"," + body)
                first = False
        out.append(b"}")
    out.append(b"}")
    return b"".join(out)


def _data_end(raw: bytes) -> int:
    """Where the data of a journal segment ends: where its trailing zero padding starts. (Zeros
    inside the data, from damage, make one unreadable line there; the lines after it still count.)"""
    return len(raw.rstrip(b"\0"))


def journal_data(path: Path) -> bytes:
    """The lines of a journal segment, without its zero padding."""
    raw = Path(path).read_bytes()
    return raw[:_data_end(raw)]


_ZEROS = bytes(64 * 1024)


def _zero_fill(fd: int, start: int, length: int) -> None:
    pos, end = start, start + length
    pwrite = getattr(os, "pwrite", None)
    if pwrite is None:
        os.lseek(fd, start, os.SEEK_SET)
    while pos < end:
        chunk = _ZEROS[: min(len(_ZEROS), end - pos)]
        n = pwrite(fd, chunk, pos) if pwrite is not None else os.write(fd, chunk)
        if n <= 0:
            raise OSError(errno.ENOSPC, "short write")
        pos += n


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogatepass")


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _link_reason(exc: OSError, path: Path) -> str:
    """os_reason, saying plainly when the file is a symbolic link (O_NOFOLLOW refused it)."""
    if exc.errno == errno.ELOOP or (exc.errno == errno.EMLINK and os.path.islink(path)):
        return ("it is a symbolic link, which cqc-tui never follows inside a review folder (it could lead into "
                "another review); replace it with the file itself, or run 'cqc-tui recover' to set it aside")
    if exc.errno == errno.EISDIR:
        return "it is a folder where cqc-tui keeps a file"
    return os_reason(exc)


def _read_no_follow(path: Path) -> bytes:
    """The bytes of a file in a review folder, refusing a symbolic link (OSError ELOOP)."""
    with os.fdopen(os.open(path, os.O_RDONLY | _NO_FOLLOW | _BINARY), "rb") as fh:
        return fh.read()


def _refuse_links(folder: Path) -> None:
    """StoreError when the review folder, or one of the files cqc-tui keeps in it, is a symbolic
    link: following one could show another review, or save into it. One listing of the folder."""
    if os.path.islink(folder):
        raise StoreError(f"{folder} is a symbolic link; cqc-tui opens only real review folders (a link could "
                         "lead to another review or outside the workspace). Put the folder itself there.")
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        raise StoreError(f"cannot read {folder}: {os_reason(exc)}") from None
    for entry in entries:
        name = entry.name
        if entry.is_symlink() and (name in (SNAPSHOT, PREV_SNAPSHOT, SUMMARY, LOCK, QUARANTINE)
                                   or JOURNAL_RE.match(name)):
            raise StoreError(f"{Path(folder) / name} is a symbolic link, which cqc-tui never follows inside a review "
                             "folder (it could lead into another review); nothing was changed. Run 'cqc-tui recover' "
                             "on this review to set it aside and rebuild from the real files.")


def _write_at(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    os.lseek(fd, offset, os.SEEK_SET)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.ENOSPC, "short write")
        view = view[written:]
        offset += written


def _new_segment(path: Path, seq: int) -> tuple[int, int]:
    """Create journal segment `seq` whole: its header line, then zero padding, under a temporary
    name, synced, then renamed into place (so a segment that exists always starts with its header).
    Returns a descriptor open for reading and writing, and where the data ends (after the header)."""
    tmp = path.with_name(f".{path.name}.new")
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NO_FOLLOW | _BINARY, 0o644)
    try:
        header = _dumps_bytes({HEADER_KEY: seq}) + b"\n"
        _write_at(fd, header, 0)
        try:
            _zero_fill(fd, len(header), SEGMENT_PAD)
        except OSError:  # no room to pad ahead: saves will append instead
            os.ftruncate(fd, len(header))
        _sync(fd)
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "a journal segment of this number appeared meanwhile", str(path))
        os.rename(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        os.close(fd)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return fd, len(header)


# ----------------------------------------------------------------------------- locking


@dataclass
class LockInfo:
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        return f"{self.user}@{self.host} (process {self.pid}, since {self.since[:16].replace('T', ' ')} UTC)"


def _read_lock_info(path: Path) -> LockInfo | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def current_user() -> str:
    """Who is working: CQC_TUI_USER, else the login name. Authors notes and names lock holders."""
    env = os.environ.get("CQC_TUI_USER")
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user database in some containers
        return "inspector"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class ReviewLock:
    """An exclusive, OS-released lock (flock) on a review folder, naming its holder."""

    def __init__(self, folder: Path, title: str = ""):
        self.path = folder / LOCK
        self.title = title
        self.fd: int | None = None
        self.stale_cleared: LockInfo | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NO_FOLLOW | _BINARY, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot lock {self.path} to open the review for writing: {_link_reason(exc, self.path)}; "
                             "or open the review read-only") from None
        try:
            _lock_fd(fd)
        except OSError as exc:
            os.close(fd)
            if not isinstance(exc, BlockingIOError):
                raise StoreError(f"cannot lock {self.path}: {os_reason(exc)}; or open the review read-only") from None
            info = _read_lock_info(self.path)
            who = info.describe() if info else "another process"
            name = f"'{self.title}'" if self.title else str(self.path.parent.name)
            raise ReviewLocked(f"review {name} is open for writing by {who}; close it there first, "
                               "or open it read-only") from None
        previous = _read_lock_info(self.path)
        me = LockInfo(current_user(), socket.gethostname(), os.getpid(), now_iso())
        if previous and (previous.host != me.host or not _pid_alive(previous.pid) or previous.pid != me.pid):
            # The OS released the previous holder's flock: it exited or died. Note it, then take over.
            self.stale_cleared = previous
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            _write_at(fd, json.dumps(me.__dict__).encode(), 0)
            os.fsync(fd)
        except OSError as exc:  # let go at once: a failed open must not keep the review locked
            try:
                _unlock_fd(fd)
            except OSError:
                pass
            os.close(fd)
            raise StoreError(f"cannot write the lock file {self.path}: {os_reason(exc)}. The review was not "
                             "opened; nothing was changed.") from None
        self.fd = fd

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.ftruncate(self.fd, 0)
            os.lseek(self.fd, 0, os.SEEK_SET)  # Windows unlocks the byte range at the current position
            _unlock_fd(self.fd)
        except OSError:
            pass
        finally:
            os.close(self.fd)
            self.fd = None


if os.name == "posix":
    import fcntl

    def _lock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
else:  # pragma: no cover - Windows
    import msvcrt

    def _lock_fd(fd: int) -> None:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            raise BlockingIOError from None

    def _unlock_fd(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


# ----------------------------------------------------------------------------- the store


class CorruptReview(StoreError):
    """The snapshot cannot be read; `recover()` can rebuild from the previous state."""

    def __init__(self, message: str, folder: Path):
        super().__init__(message)
        self.folder = folder


@dataclass
class OpenReport:
    """What opening found: notices for the user (torn saves cut, lines quarantined, migrations)."""

    notices: list[str] = field(default_factory=list)
    replayed: int = 0


def _journal_segments(folder: Path) -> list[tuple[int, Path]]:
    out = []
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    for name in names:
        m = JOURNAL_RE.match(name)
        if m:
            out.append((int(m.group(1)), folder / name))
    return sorted(out)


def _journal_line(rec: Record) -> tuple[bytes, Record]:
    """The journal line for `rec`, and the record as the line reads back: `rec` itself, except for
    text holding a surrogate pair written as two lone surrogates (see `_dumps_bytes`)."""
    try:
        return _dumps({"v": SCHEMA_VERSION, "t": rec.TABLE, "r": _record_dict(rec)}).encode("utf-8") + b"\n", rec
    except UnicodeEncodeError:
        line = _dumps_bytes({"v": SCHEMA_VERSION, "t": rec.TABLE, "r": _record_dict(rec)}) + b"\n"
        return line, _CODECS[rec.TABLE].load(json.loads(line)["r"])


class _NoGC:
    """Pause the cyclic garbage collector while building many objects (it rescans them all
    repeatedly otherwise, which doubles the time to open a large review). Nothing is freed late:
    the records are kept anyway."""

    def __enter__(self) -> None:
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: Any) -> None:
        if self.was:
            gc.enable()


class ReviewStore:
    """One review's records in memory, saved durably. Use `ReviewStore.open(folder)`."""

    def __init__(self, folder: Path, readonly: bool):
        self.folder = Path(folder)
        self.readonly = readonly
        self.tables: dict[str, dict[str, Record]] = {t: {} for t in RECORD_TYPES}
        self.report = OpenReport()
        self._lock = threading.RLock()
        self._compact_lock = threading.Lock()  # one compaction at a time, in order
        self._journal_fd: int | None = None
        self._journal_seq = 0
        self._journal_size = 0
        self._journal_lines = 0
        self._journal_cap = 0  # file size: the data, then zero padding
        self._journal_dirty: tuple[int, int] | None = None  # (length, size) of a failed write not yet undone
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
    def create(cls, folder: Path, review: Review) -> "ReviewStore":
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=False)
            fsync_dir(folder.parent)  # the review's folder itself must survive a power cut
        except FileExistsError:
            raise StoreError(f"{folder} already exists; a review with this id is already in the workspace") from None
        except OSError as exc:
            raise StoreError(f"cannot create {folder}: {os_reason(exc)}") from None
        store = cls(folder, readonly=False)
        try:
            store._file_lock = ReviewLock(folder, review.title)
            store._file_lock.acquire()
            store.tables["review"][review.id] = review
            store._open_segment(1)  # the segment first: a snapshot never names a segment that is missing
            store._append(_journal_line(review)[0])  # the journals alone can rebuild the review, header included
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
    def open(cls, folder: Path, readonly: bool = False, title: str = "") -> "ReviewStore":
        folder = Path(folder)
        if not folder.is_dir():
            raise StoreError(f"{folder} is not a review folder")
        _refuse_links(folder)
        if readonly:
            # A writer may compact while we read (we take no lock): if the snapshot changed under
            # us or a journal segment we needed vanished, read again.
            # A compaction every couple of seconds is the most a real writer does; waiting a little
            # longer each time (up to 0.1 s, about 5 s in all) outlasts even a writer compacting
            # after every other save on a busy machine.
            attempts = 60
            for attempt in range(attempts):
                store = cls(folder, readonly=True)
                before = _stat_key(folder / SNAPSHOT)
                try:
                    store._load()
                except (CorruptReview, StoreError):
                    if attempt < attempts - 1 and _stat_key(folder / SNAPSHOT) != before:
                        continue
                    raise
                if _stat_key(folder / SNAPSHOT) == before:
                    # Unchanged while we read: nothing was compacted away under us. A segment still
                    # missing was removed by something else: say so.
                    store._report_missing_segments()
                    return store
                time.sleep(min(0.005 * (attempt + 1), 0.1))
            raise StoreError(f"{folder} is being rewritten by the window that has it open for writing; "
                             "try again in a moment")
        store = cls(folder, readonly)
        store._file_lock = ReviewLock(folder, title)
        store._file_lock.acquire()
        if store._file_lock.stale_cleared:
            store.report.notices.append(
                f"cleared a stale lock left by {store._file_lock.stale_cleared.describe()} "
                "(that program stopped without closing the review; every confirmed save is kept)")
        try:
            store._load()
        except BaseException:
            if store._journal_fd is not None:
                os.close(store._journal_fd)
                store._journal_fd = None
            store._release()
            raise
        return store

    def _clear_leftovers(self) -> None:
        """Temp files of writes a crash interrupted (never the only copy of anything: a temp file
        only becomes real by an atomic rename). Only a writer, holding the lock, removes them."""
        for pattern in (".*.tmp", f".{SNAPSHOT}.new", f".{PREV_SNAPSHOT}.new", ".journal-*.jsonl.new"):
            for path in self.folder.glob(pattern):
                try:
                    path.unlink()
                except OSError:
                    pass

    def _load(self) -> None:
        if not self.readonly:
            self._clear_leftovers()
        snap_path = self.folder / SNAPSHOT
        prev_path = self.folder / PREV_SNAPSHOT
        with _NoGC():
            try:
                data = self._read_snapshot(snap_path)
            except FileNotFoundError:
                if not prev_path.exists():
                    raise CorruptReview(f"{self.folder} has no {SNAPSHOT}; run 'cqc-tui recover' on this review",
                                        self.folder) from None
                # A crash between the renames of a compaction (older versions): the previous snapshot
                # and the journals kept beside it hold everything.
                data = self._read_snapshot(prev_path)
                self.report.notices.append(f"{SNAPSHOT} was missing; opened from {PREV_SNAPSHOT} and the journals")
            self._apply_snapshot(data, SNAPSHOT)
            del data
            self._replay_journals()
        self._report_set_aside()
        if not self.tables["review"]:
            raise CorruptReview(f"{self.folder / SNAPSHOT} and the journals beside it hold no usable review record "
                                "(title, framework); run 'cqc-tui recover' on this review", self.folder)

    def _read_snapshot(self, path: Path) -> dict:
        """Parse a snapshot; FileNotFoundError passes through, anything else unusable is CorruptReview."""
        try:
            raw = _read_no_follow(path)
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {_link_reason(exc, path)}") from None
        if not raw.strip():
            raise CorruptReview(f"{path} is empty; run 'cqc-tui recover' to rebuild it from the last good state "
                                "(the damaged file is kept aside in quarantine/)", self.folder)
        try:
            data = json.loads(_decode(raw))
        except (ValueError, UnicodeDecodeError) as exc:
            raise CorruptReview(f"{path} is damaged ({_short(exc)}); run 'cqc-tui recover' to rebuild it from "
                                "the last good state (the damaged file is kept aside in quarantine/)",
                                self.folder) from None
        if not isinstance(data, dict) or not isinstance(data.get("_meta"), dict):
            raise CorruptReview(f"{path} is not a cqc-tui review database (no _meta table); run 'cqc-tui recover' "
                                "to rebuild it from the last good state, or import the review again", self.folder)
        return data

    def _snapshot_version(self, data: dict, where: str) -> tuple[int, int]:
        metas = list(data["_meta"].values())
        meta = metas[0] if metas else None
        version = meta.get("schema_version") if isinstance(meta, dict) else None
        seq = meta.get("journal_seq", 1) if isinstance(meta, dict) else None
        if not isinstance(version, int) or isinstance(version, bool) or not isinstance(seq, int) or seq < 0:
            raise CorruptReview(f"{self.folder / where} has no valid schema_version and journal_seq in _meta; "
                                "run 'cqc-tui recover'", self.folder)
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.folder / where} was written by a newer cqc-tui (schema {version}; this one "
                             f"reads up to {SCHEMA_VERSION}); upgrade cqc-tui to open it. Nothing was changed.")
        if version < 1:
            raise CorruptReview(f"{self.folder / where}: schema_version {version} is not valid; run 'cqc-tui recover'",
                                self.folder)
        return version, seq

    def _apply_snapshot(self, data: dict, where: str = SNAPSHOT) -> None:
        version, seq = self._snapshot_version(data, where)
        self._snapshot_seq = seq
        self._segment_headers = next(iter(data["_meta"].values())).get("segment_headers") is True
        for table, docs in data.items():
            if table == "_meta":
                continue
            if table not in RECORD_TYPES:
                self.report.notices.append(f"ignored unknown table '{table}' in {where}")
                continue
            if not isinstance(docs, dict):
                raise CorruptReview(f"{self.folder / where}: table '{table}' has the wrong shape; "
                                    "run 'cqc-tui recover'", self.folder)
            if version != SCHEMA_VERSION or not _CODECS[table].fast:
                for doc in docs.values():
                    self._apply_snapshot_record(table, doc, version, where)
                continue
            # The common case, inlined (20,000 notes): same checks and rule as _apply_dict.
            load = _CODECS[table].load
            tab = self.tables[table]
            get = tab.get
            for doc in docs.values():
                try:
                    rec = load(doc)
                except BadRecord as exc:
                    self._set_aside(where, table, doc, str(exc))
                    continue
                current = get(rec.id)
                if current is None or (rec.rev, rec.updated) >= (current.rev, current.updated):
                    tab[rec.id] = rec
        if version < SCHEMA_VERSION:
            self.report.notices.append(f"migrated from schema {version} to {SCHEMA_VERSION}")
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
                body = b"".join(_dumps_bytes({"t": t, "r": d}) + b"\n" for t, d, _ in bad)
                target = self._quarantine_bytes(body, f"{Path(where).name}-unusable-records")
                kept = f" A copy is in {QUARANTINE}/{target.name}."
            first_table, first_doc, first_reason = bad[0]
            ident = first_doc.get("id") if isinstance(first_doc, dict) else None
            name = f"'{first_table}' record {ident}" if isinstance(ident, str) else f"a '{first_table}' record"
            self.report.notices.append(
                f"{where}: {len(bad)} record(s) could not be used and are left out of this review "
                f"({name}: {_short(first_reason)}{'; ...' if len(bad) > 1 else ''}).{kept}")
        self._bad_records = []

    def _apply_dict(self, table: str, doc: Any, version: int, where: str) -> None:
        """Apply one stored record (the newer revision wins). Raises BadRecord for a record that
        cannot be used, StoreError for one a newer cqc-tui wrote."""
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.folder / where} holds changes written by a newer cqc-tui (schema {version}; "
                             f"this one reads up to {SCHEMA_VERSION}); upgrade cqc-tui to open it. Nothing was changed.")
        for v in range(version, SCHEMA_VERSION):
            migrate = MIGRATIONS.get(v)
            if migrate is None:
                raise CorruptReview(f"{self.folder / where}: no migration from schema {v}; run 'cqc-tui recover'",
                                    self.folder)
            _CODECS[table].check(doc)
            doc = migrate(table, doc)
        rec = _CODECS[table].load(doc)
        tab = self.tables[table]
        current = tab.get(rec.id)
        if current is None or (rec.rev, rec.updated) >= (current.rev, current.updated):
            tab[rec.id] = rec

    def _replay_journals(self) -> None:
        segments = [(seq, p) for seq, p in _journal_segments(self.folder) if seq >= self._snapshot_seq]
        last_seq = segments[-1][0] if segments else max(self._snapshot_seq, 1)
        for seq, path in segments:
            self._replay_segment(seq, path, is_last=(seq == last_seq))
        # A segment missing because a compaction deleted it while we read: a reader reads again.
        # Missing, emptied or cut short otherwise: changed outside cqc-tui (reported).
        self._segment_problems = segment_problems(self._snapshot_seq, self._segment_headers, self._segment_states)
        if any(p.kind == "missing" for p in self._segment_problems):
            self._incomplete = True
        if not self.readonly:
            self._report_missing_segments()
            self._open_segment(last_seq)
            if self._migrated_from:
                self._quarantine_copy(self.folder / SNAPSHOT, f"schema-v{self._migrated_from}")
                self.compact()

    def _report_missing_segments(self) -> None:
        if self._segment_problems:
            notice = describe_problems(self._segment_problems, str(self.folder))
            self.report.notices.append(notice)
            if self._quarantine:  # a writer carries on (and compacts): keep the notice for recover
                self._quarantine_bytes(notice.encode("utf-8"), SEGMENT_PROBLEMS)

    def _replay_segment(self, seq: int, path: Path, is_last: bool) -> None:
        try:
            raw = _read_no_follow(path)
        except FileNotFoundError:  # deleted by a compaction after we listed it
            self._incomplete = True
            return
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {_link_reason(exc, path)}; nothing was changed. Run 'cqc-tui recover' on "
                             "this review to set it aside and rebuild from the other files") from None
        state = self._segment_states[seq] = SegmentState(seq)
        size = _data_end(raw)
        pos = 0
        lineno = 0
        lines = 0
        bad: list[tuple[int, bytes, str]] = []  # (line number, line, why it cannot be used)
        while pos < size:
            end = raw.find(b"\n", pos, size)
            lineno += 1
            if end == -1:
                if is_last:
                    # No newline: that save never completed (it had not returned). Set it aside, keep a copy.
                    self.report.notices.append(
                        f"{path.name}: an unfinished save at the end (the program stopped while writing it) "
                        "was set aside; every save that had been confirmed is present")
                    if self._quarantine:
                        self._quarantine_bytes(raw[pos:size], f"{path.stem}-unfinished-save")
                    if not self.readonly:
                        self._zero(path, pos, size - pos)
                    size = pos
                    break
                bad.append((lineno, raw[pos:size], ""))
                break
            line = raw[pos:end]
            pos = end + 1
            if not line.strip():
                continue
            try:
                entry = json.loads(_decode(line))
                if state.take_marker(entry, lineno):
                    continue
                table, doc = entry["t"], entry["r"]
                if table not in RECORD_TYPES:
                    raise ValueError(f"unknown table {table!r}")
                version = entry.get("v", SCHEMA_VERSION)
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
            where = ", ".join(str(n) for n, _, _ in bad[:5]) + (" ..." if len(bad) > 5 else "")
            why = next((f" ({_short(reason)})" for _, _, reason in bad if reason), "")
            kept = ""
            if self._quarantine:
                target = self._quarantine_bytes(b"\n".join(b for _, b, _ in bad) + b"\n",
                                                f"{path.stem}-unreadable-lines")
                kept = f" A copy is in {QUARANTINE}/{target.name}; the journal itself is left as it was."
            self.report.notices.append(f"{path.name}: {len(bad)} line(s) could not be read (line {where}){why}; "
                                       f"what they hold is left out of this review.{kept}")

    def _zero(self, path: Path, start: int, length: int) -> None:
        """Overwrite part of a journal with zeros (the padding), durably."""
        if length <= 0:
            return
        try:
            fd = os.open(path, os.O_RDWR | _BINARY)
            try:
                _zero_fill(fd, start, length)
                _sync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise StoreError(f"cannot repair {path}: {os_reason(exc)}") from None

    def _quarantine_bytes(self, data: bytes, label: str) -> Path:
        """Keep a copy of `data` in quarantine/. The same bytes are kept once (named by their hash)."""
        qdir = self.folder / QUARANTINE
        digest = hashlib.sha256(data).hexdigest()[:12]
        try:
            _ensure_dir(qdir)
            for existing in qdir.glob(f"*-{label}-{digest}.bin"):
                return existing
        except OSError as exc:
            raise StoreError(f"cannot keep a copy of damaged data in {qdir}: {os_reason(exc)}") from None
        target = qdir / f"{time.strftime('%Y%m%d-%H%M%S')}-{label}-{digest}.bin"
        atomic_write_bytes(target, data)
        return target

    def _quarantine_copy(self, path: Path, label: str) -> Path | None:
        try:
            return self._quarantine_bytes(path.read_bytes(), f"{path.name}-{label}")
        except FileNotFoundError:
            return None

    # -- journal ---------------------------------------------------------------------------

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
            fd, end = _new_segment(path, seq) if not existed else (os.open(path, os.O_RDWR | _NO_FOLLOW | _BINARY), 0)
        except OSError as exc:
            raise StoreError(f"cannot write to {path}: {_link_reason(exc, path)}") from None
        try:
            if existed:
                end = self._segment_ends.get(seq)
                if end is None:
                    end = _data_end(_read_no_follow(path))
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
        _zero_fill(fd, start, min(length, max(0, cap - start)))
        _sync(fd)
        os.lseek(fd, start, os.SEEK_SET)

    def _append(self, payload: bytes) -> None:
        """Append whole lines to the journal and make them durable, or leave the journal as it was."""
        fd = self._journal_fd
        if fd is None:
            raise StoreError("this review has been closed")
        path = self.folder / f"journal-{self._journal_seq:06d}.jsonl"
        start, cap = self._journal_size, self._journal_cap
        if self._journal_dirty is not None:  # an earlier failed save left bytes behind: clear them first
            try:
                self._rollback(fd, start, *self._journal_dirty)
            except OSError as exc:
                raise StoreError(f"could not save to {path}: {os_reason(exc)} (the journal could not be "
                                 "repaired after an earlier failed save; nothing confirmed is lost)") from None
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
            raise StoreError(f"could not save to {path}: {os_reason(exc)}. The change was NOT saved; "
                             "earlier saves are safe.") from None
        end = start + len(payload)
        new_cap = max(cap, end)
        if new_cap - end < SEGMENT_MIN_FREE:  # pad ahead again, in the same sync
            grow = min(max(end, SEGMENT_PAD), SEGMENT_PAD_MAX)
            try:
                _zero_fill(fd, new_cap, grow)
                new_cap += grow
            except OSError:  # no room to pad: fine, the note itself is written; try again next time
                try:
                    os.ftruncate(fd, new_cap)
                except OSError:
                    pass
        try:
            _sync(fd)
        except OSError as exc:
            try:
                self._rollback(fd, start, len(payload), cap)
            except OSError:
                self._journal_dirty = (len(payload), cap)
            raise StoreError(f"could not save to {path}: {os_reason(exc)}. The change was NOT saved; "
                             "earlier saves are safe.") from None
        self._journal_size = end
        self._journal_cap = new_cap

    def save(self, record: Record) -> Record:
        """Write one record revision durably; returns only once it is on disk."""
        if self.readonly:
            raise StoreError("this review is open read-only; close the other window that has it open to edit")
        if self.closed:
            raise StoreError("this review has been closed")
        table = record.TABLE
        line, record = _journal_line(record)
        with self._lock:
            self._append(line)
            self._journal_lines += 1
            self.tables[table][record.id] = record
            self.version += 1
            need_compaction = self._journal_lines >= COMPACT_EVERY
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
        lines = [_journal_line(r) for r in records]
        payload = b"".join(line for line, _ in lines)
        records = [r for _, r in lines]
        with self._lock:
            self._append(payload)
            self._journal_lines += len(records)
            for r in records:
                self.tables[r.TABLE][r.id] = r
            self.version += len(records)  # one per record, as if saved one by one
        for listener in list(self._listeners):  # what is built from the records hears of each, as for save
            for r in records:
                listener(r)
        return len(records)

    def add_listener(self, fn: Callable[[Record], None]) -> None:
        self._listeners.append(fn)

    def remove_listener(self, fn: Callable[[Record], None]) -> None:
        if fn in self._listeners:
            self._listeners.remove(fn)

    # -- compaction ------------------------------------------------------------------------

    def _snapshot_data(self, tables: dict | None = None, seq: int | None = None) -> dict:
        tables = tables if tables is not None else self.tables
        data: dict[str, Any] = {"_meta": {"1": {"schema_version": SCHEMA_VERSION,
                                                "journal_seq": seq if seq is not None else self._journal_seq or 1,
                                                "segment_headers": True, "written": now_iso()}}}
        for table, records in tables.items():
            docs = {}
            n = 0
            for rec in records.values():
                if isinstance(rec, Draft) and rec.deleted:
                    continue  # finished drafts are not audit records
                n += 1
                docs[str(n)] = _record_dict_slim(rec)
            data[table] = docs
        return data

    def _write_snapshot(self, seq: int, data: dict) -> None:
        """Install a new snapshot. review.json exists at every moment (readers never miss it); the
        snapshot it replaces becomes review.prev.json."""
        data["_meta"]["1"]["journal_seq"] = seq
        body = _snapshot_bytes(data)
        snap = self.folder / SNAPSHOT
        tmp = self.folder / f".{SNAPSHOT}.new"
        atomic_write_bytes(tmp, body)
        try:
            if snap.exists():
                prev_tmp = self.folder / f".{PREV_SNAPSHOT}.new"
                try:
                    prev_tmp.unlink()
                except FileNotFoundError:
                    pass
                try:
                    os.link(snap, prev_tmp)
                except OSError:  # no hard links here (some network or FAT drives): copy it
                    atomic_write_bytes(prev_tmp, snap.read_bytes())
                os.replace(prev_tmp, self.folder / PREV_SNAPSHOT)
            os.replace(tmp, snap)
            fsync_dir(self.folder)
        except OSError as exc:
            raise StoreError(f"could not write {snap}: {os_reason(exc)}") from None

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
        tables = {t: dict(recs) for t, recs in self.tables.items()}
        old_fd, old_end, old_dirty = self._journal_fd, self._journal_size, self._journal_dirty
        self._open_segment(new_seq)
        if old_fd is not None:
            try:
                if old_dirty is None:  # the closing line names the new segment (segments.py)
                    _write_at(old_fd, _dumps_bytes({CLOSING_KEY: new_seq}) + b"\n", old_end)
                    _sync(old_fd)
            except OSError:
                pass  # it only helps notice a newest segment deleted later; the saves are all there
            finally:
                os.close(old_fd)
        return new_seq, tables

    def _finish_compaction(self, new_seq: int, tables: dict) -> None:
        prev_seq = self._snapshot_seq
        self._write_snapshot(new_seq, self._snapshot_data(tables, new_seq))
        self._snapshot_seq = new_seq
        for seq, path in _journal_segments(self.folder):
            if seq < prev_seq:  # already folded into review.prev.json too
                try:
                    path.unlink()
                except OSError:
                    pass
        self._write_summary(tables)

    def compact_in_background(self) -> None:
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
                with _NoGC():
                    self._finish_compaction(new_seq, tables)
            except StoreError as exc:  # the journals still hold everything; report, retry next time
                self.compaction_error = exc
                self.report.notices.append(f"compaction failed (nothing is lost, the journal holds every save): {exc}")
            finally:
                self._compact_lock.release()

        self._compactor = threading.Thread(target=run, daemon=True, name="cqc-compaction")
        self._compactor.start()

    def _write_summary(self, tables: dict | None = None) -> None:
        try:
            atomic_write_bytes(self.folder / SUMMARY, _dumps_bytes(summarise(tables or self.tables)))
        except StoreError:
            pass  # the summary is a cache; the list rebuilds it from the review when missing

    # -- closing ---------------------------------------------------------------------------

    def close(self, compact: bool = True) -> None:
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

    def __enter__(self) -> "ReviewStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    @property
    def review(self) -> Review:
        reviews = list(self.tables["review"].values())
        if not reviews:
            raise StoreError(f"{self.folder} holds no review record")
        return reviews[0]

    def get(self, table: str, record_id: str) -> Record | None:
        return self.tables[table].get(record_id)

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Hold saves from other threads back for the duration of the block (one consistent read)."""
        with self._lock:
            yield

    def records(self, table: str, include_deleted: bool = False) -> list[Record]:
        recs = self.tables[table].values()
        if include_deleted:
            return list(recs)
        return [r for r in recs if not r.deleted]


def _stat_key(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def summarise(tables: dict) -> dict:
    review = next(iter(tables["review"].values()), None)
    notes = tables["notes"].values()
    live = [n for n in notes if not n.deleted]
    last = max((r.updated for t in tables.values() for r in t.values()), default="")
    if review is None:
        return {}
    return {
        "id": review.id, "title": review.title, "review_type": review.review_type,
        "framework_id": review.framework_id, "framework_version": review.framework_version,
        "provider": review.provider, "start_date": review.start_date, "end_date": review.end_date,
        "status": review.status, "archived": review.archived, "notes": len(live), "last_change": last,
    }


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) < 120 else text[:117] + "..."


def iter_notes(store: ReviewStore, include_deleted: bool = False) -> Iterable[EvidenceNote]:
    for note in store.tables["notes"].values():
        if include_deleted or not note.deleted:
            yield note  # type: ignore[misc]
