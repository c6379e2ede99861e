"""This device's change log, and sealed change sets (this device's and received ones).

The change log (`team/log-<device>.jsonl`) holds every revision saved on this device, one JSON
line each, in the order they were saved, appended right after the store's journal has the save
on disk (`ReviewSession.save`). Only this device's process that has the review open for writing
ever appends to it, and nothing rewrites it: a line cut short by a crash is ignored and cut away
before the next append. A save whose log line was lost (the program killed between the two
writes, a power cut before the log reached the disk, or a change made before the review took part
in team work) is still in the store; `merge.reconcile` logs it at the next exchange, so nothing
saved is ever left out of what the device shares.

A change set is a batch of revisions from one device, sealed when the device shares or syncs:
`<origin device>-<seq>-<sha256>.cqcs`, one line of JSON (`revisions.transport_bytes`)
whose SHA-256 is in its name. It is written once (temporary name, fsync, rename) and never
changed; any copy of it anywhere can be checked against its name, so a half-copied, truncated or
altered copy is never taken for the real one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cqc_tui.core.cooperative import breathe
from cqc_tui.core.errors import StoreError, os_reason
from cqc_tui.core.model import Record, now_iso
from cqc_tui.core.store import fsync_dir
from cqc_tui.core.team.layout import SET_NAME, log_path, set_name, sets_dir, team_dir
from cqc_tui.core.team.revisions import (
    SHARED_TABLES,
    Revision,
    make_revision,
    record_revision_id,
    revision_from_json,
    transport_bytes,
)
from cqc_tui.core.team.wire import dump_object, load_object

if TYPE_CHECKING:
    from cqc_tui.core.team import ReviewSession

SET_FORMAT = "cqc-tui-changes"
SET_VERSION = 1
_BINARY = getattr(os, "O_BINARY", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


class ChangeSetError(ValueError):
    """A change set that cannot be used: the message says why (incomplete, altered, another
    review)."""


def ensure_dir(path: Path) -> None:
    """Create `path` (and missing parents) so that it survives a power cut."""
    missing = []
    probe = Path(path)
    while not probe.is_dir():
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)
        fsync_dir(folder.parent)


def write_sealed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` whole: a temporary name in the same folder, fsync, rename, fsync the
    folder. Never replaces an existing file (sealed files are never changed): returns False when
    `path` was already there. Raises OSError."""
    if os.path.lexists(path):
        return False
    ensure_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NO_FOLLOW | _BINARY, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        if os.path.lexists(path):
            return False
        os.rename(tmp, path)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)
    fsync_dir(path.parent)
    return True


# ----------------------------------------------------------------------------- the change log


def _last_byte(fd: int, size: int) -> bytes:
    """The last byte of the open file `fd` of `size` bytes (os.pread where there is one)."""
    pread = getattr(os, "pread", None)
    if pread is not None:
        return bytes(pread(fd, 1, size - 1))
    os.lseek(fd, size - 1, os.SEEK_SET)  # Windows: the append that follows goes to the end anyway
    return os.read(fd, 1)


class ChangeLog:
    """This device's append-only log of one review (see the module docstring)."""

    def __init__(self, review_folder: Path, device: str) -> None:
        self.review_folder = Path(review_folder)
        self.device = device
        self.path = log_path(review_folder, device)
        self._checked_tail = False  # its folder is known to exist
        self.problems: list[str] = []
        # Revisions this object appended, in order (merge.load keeps up with them), and the last
        # record saved per key with its revision id (the base of the next edit, without hashing).
        self.appended: list[Revision] = []
        self._last: dict[tuple[str, str], tuple[Record, str]] = {}

    def record_saved(
        self, previous: Record | None, saved: Record, bases: Iterable[str] | None = None
    ) -> None:
        """Log the revision `saved`, made on this device from `previous` (what the store held
        before; None for a new record) or from explicit `bases` (a resolution). Called right after
        the store saved it. A failure to write is kept in `problems`, never raised: the save is on
        disk and the next exchange logs it (merge.reconcile)."""
        if saved.TABLE not in SHARED_TABLES:
            return
        if bases is None:
            bases = [self._revision_id(previous)] if previous is not None else []
        try:
            revision = make_revision(saved, bases, self.device)
            self.append([revision])
            self._last[(saved.TABLE, saved.id)] = (saved, revision.id)
        except (OSError, StoreError) as exc:
            self.problems.append(
                f"could not add a change to {self.path}: "
                f"{os_reason(exc) if isinstance(exc, OSError) else exc}"
            )

    def _revision_id(self, record: Record) -> str:
        """The revision id of `record`, remembered from when this log saved it (no hashing)."""
        last = self._last.get((record.TABLE, record.id))
        if last is not None and last[0] is record:
            return last[1]
        return record_revision_id(record)

    def append(self, revisions: list[Revision]) -> None:
        """Append `revisions` to the log in one write (not synced: `sync` does that before the
        log is sealed into a change set). Raises OSError."""
        if not revisions:
            return
        payload = b"".join(transport_bytes(r.to_json()) + b"\n" for r in revisions)
        if not self._checked_tail:
            ensure_dir(self.path.parent)
            self._checked_tail = True
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT | _NO_FOLLOW | _BINARY, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size and _last_byte(fd, size) != b"\n":
                self._cut_torn_tail()
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        self.appended.extend(revisions)

    def _cut_torn_tail(self) -> None:
        """A line cut short by a crash (no newline at the end) is cut away before appending."""
        try:
            size = os.path.getsize(self.path)
        except FileNotFoundError:
            return
        if size == 0:
            return
        with open(self.path, "rb+") as fh:
            fh.seek(max(0, size - 1))
            if fh.read(1) == b"\n":
                return
            fh.seek(0)
            data = fh.read()
            fh.truncate(data.rfind(b"\n") + 1)
            fh.flush()
            os.fsync(fh.fileno())

    def sync(self) -> None:
        """Make everything appended so far durable."""
        try:
            fd = os.open(self.path, os.O_RDONLY | _BINARY)
        except FileNotFoundError:
            return
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def read(self) -> list[Revision]:
        """Every whole revision in the log, in order. Unusable lines are skipped and named in
        `problems` (a line cut short at the end by a crash is not a problem: it was never saved)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {os_reason(exc)}") from None
        out = []
        lines = raw.split(b"\n")
        for number, line in enumerate(
            lines[:-1], start=1
        ):  # the last piece has no newline: torn or empty
            if not line.strip():
                continue
            try:
                out.append(revision_from_json(json.loads(line)))
            except ValueError as exc:
                self.problems.append(f"{self.path.name} line {number}: {exc}")
        return out

    def line_count(self) -> int:
        """How many lines the log file holds now (0 when it cannot be read)."""
        try:
            return self.path.read_bytes().count(b"\n")
        except OSError:
            return 0


def attach_log(session: ReviewSession) -> ChangeLog | None:
    """The change log a writable session of a team review appends to (None for a review that has
    not taken part in team work yet: its first exchange logs everything it holds)."""
    if session.store.readonly or not team_dir(session.store.folder).is_dir():
        return None
    from cqc_tui.core.team.identity import device_id

    return ChangeLog(session.store.folder, device_id(session.workspace.home))


# ----------------------------------------------------------------------------- change sets


@dataclass(frozen=True)
class ChangeSet:
    """A sealed batch of revisions from one device (see the module docstring)."""

    review: str
    device: str
    seq: int
    sealed: str
    revisions: tuple[Revision, ...]
    digest: str
    data: bytes  # the bytes whose SHA-256 is `digest`

    @property
    def name(self) -> str:
        """The change set's file name: `<device>-<seq>-<sha256>.cqcs`."""
        return set_name(self.device, self.seq, self.digest)


def build_set(review_id: str, device: str, seq: int, revisions: list[Revision]) -> ChangeSet:
    """A new change set of `revisions` (in order), sealed now."""
    sealed = now_iso()
    body = {
        "format": SET_FORMAT,
        "version": SET_VERSION,
        "review": review_id,
        "device": device,
        "seq": seq,
        "sealed": sealed,
        "revisions": [r.to_json() for r in revisions],
    }
    data = dump_object(body, "revisions")  # transport_bytes(body), in steps in the app
    return ChangeSet(
        review_id, device, seq, sealed, tuple(revisions), hashlib.sha256(data).hexdigest(), data
    )


def parse_set(data: bytes, review_id: str | None, expected_digest: str | None = None) -> ChangeSet:
    """The change set `data` holds. Raises ChangeSetError when its SHA-256 is not `expected_digest`
    (incomplete or altered), it is not a change set, it belongs to another review than `review_id`
    (when given), or a revision in it cannot be used."""
    digest = hashlib.sha256(data).hexdigest()
    if expected_digest is not None and digest != expected_digest:
        raise ChangeSetError(
            "its content does not match its hash (incomplete, or changed since it was sealed)"
        )
    try:
        body: Any = load_object(data, "revisions")
    except ValueError:
        raise ChangeSetError("it is not a change set (not JSON)") from None
    if not isinstance(body, dict) or body.get("format") != SET_FORMAT:
        raise ChangeSetError("it is not a cqc-tui change set")
    if type(body.get("version")) is not int or body["version"] > SET_VERSION:
        raise ChangeSetError(
            f"it was written by a newer cqc-tui (change set version {body.get('version')}); "
            "upgrade cqc-tui"
        )
    review, device, seq, sealed, revisions = (
        body.get(k) for k in ("review", "device", "seq", "sealed", "revisions")
    )
    if (
        not isinstance(review, str)
        or not isinstance(device, str)
        or type(seq) is not int
        or not isinstance(sealed, str)
        or not isinstance(revisions, list)
    ):
        raise ChangeSetError("it lacks its review, device, number, time or revisions")
    if review_id is not None and review != review_id:
        raise ChangeSetError(f"it belongs to another review ({review})")
    parsed = tuple(_read_revisions(revisions))
    if any(r.table == "review" and r.record.id != review for r in parsed):
        raise ChangeSetError("it holds the details of another review than its own")
    return ChangeSet(review, device, seq, sealed, parsed, digest, data)


def _read_revisions(items: list[Any]) -> Iterator[Revision]:
    for item in items:
        breathe()  # a change set can hold thousands: leave the screen its turns
        yield revision_from_json(item, verify=False)


def _checked_parse(data: bytes, review_id: str | None, expected_digest: str | None) -> ChangeSet:
    try:
        return parse_set(data, review_id, expected_digest)
    except ValueError as exc:  # a revision's own problem (revision_from_json) says what it is
        raise ChangeSetError(str(exc)) from None


class SetStore:
    """The change sets a review holds on this device (`team/sets/<device>/`)."""

    def __init__(self, review_folder: Path, review_id: str) -> None:
        self.folder = sets_dir(review_folder)
        self.review_id = review_id

    def held(self) -> dict[str, Path]:
        """digest -> file of every change set held here."""
        out: dict[str, Path] = {}
        try:
            devices = sorted(os.scandir(self.folder), key=lambda e: e.name)
        except FileNotFoundError:
            return out
        except OSError as exc:
            raise StoreError(f"cannot read {self.folder}: {os_reason(exc)}") from None
        for device in devices:
            if not device.is_dir(follow_symlinks=False):
                continue
            for entry in sorted(os.listdir(device.path)):
                match = SET_NAME.match(entry)
                if match:
                    out[match.group(3)] = Path(device.path) / entry
        return out

    def read(self, path: Path) -> ChangeSet:
        """The change set in `path` (checked against its name). Raises StoreError naming the
        file."""
        match = SET_NAME.match(path.name)
        try:
            data = path.read_bytes()
            return _checked_parse(data, self.review_id, match.group(3) if match else None)
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {os_reason(exc)}") from None
        except ChangeSetError as exc:
            raise StoreError(
                f"{path} cannot be used: {exc}; move it out of the review folder and "
                "receive it again from the team"
            ) from None

    def read_all(self) -> list[ChangeSet]:
        """Every change set held, in name order (origin device, then number)."""
        return [
            self.read(path)
            for _, path in sorted(self.held().items(), key=lambda item: item[1].name)
        ]

    def add(self, change_set: ChangeSet) -> bool:
        """Keep `change_set` (already checked); False when it was held already."""
        path = self.folder / change_set.device / change_set.name
        try:
            return write_sealed(path, change_set.data)
        except OSError as exc:
            raise StoreError(
                f"cannot write {path}: {os_reason(exc)}; nothing of that change set was taken in"
            ) from None

    def next_seq(self, device: str) -> int:
        """The number `device`'s next change set takes: one more than the highest held here."""
        seqs = [
            int(m.group(2))
            for m in (SET_NAME.match(p.name) for p in self.held().values())
            if m and m.group(1) == device
        ]
        return max(seqs, default=0) + 1
