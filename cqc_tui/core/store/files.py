"""File io that survives a crash: atomic writes, fsyncs, writes at an offset, zero fills, and
reads that never follow a symbolic link inside a review folder."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import threading
from pathlib import Path
from typing import Any

from tinydb import Storage

from cqc_tui.core.errors import StoreError, os_reason
from cqc_tui.core.store.encoding import decode, dumps_bytes
from cqc_tui.core.store.layout import (
    JOURNAL_RE,
    LOCK,
    PREV_SNAPSHOT,
    QUARANTINE,
    SNAPSHOT,
    SUMMARY,
)

BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation on raw file descriptors
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
WRITE_CHUNK = 1024 * 1024
sync = getattr(os, "fdatasync", os.fsync)  # flush a file's data (and its size) to the disk
_ZEROS = bytes(64 * 1024)


def fsync_dir(path: Path) -> None:
    """Make the entries of folder `path` (files created, renamed or removed) durable (POSIX)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_dir(path: Path) -> None:
    """mkdir that survives a power cut: the new folder's entry is fsynced into its parent."""
    if not path.is_dir():
        path.mkdir(exist_ok=True)
        fsync_dir(path.parent)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one, whole."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        # A leftover (or a link planted at that name) is removed, never written through.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NO_FOLLOW | BINARY, 0o644)
        try:
            view = memoryview(data)
            pending = 0
            while view:
                written = os.write(fd, view[:WRITE_CHUNK])
                view = view[written:]
                pending += written
                if pending >= WRITE_CHUNK and view:
                    # Flush big files (snapshots) a chunk at a time: the disk queue then never holds
                    # megabytes ahead of a note being saved meanwhile.
                    sync(fd)
                    pending = 0
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError(f"could not write {path}: {os_reason(exc)}") from None


class AtomicJSONStorage(Storage):
    """TinyDB storage that never writes in place: temp file, fsync, replace, fsync the folder."""

    def __init__(self, path: str | Path, **_: Any):
        self.path = Path(path)

    def read(self) -> dict | None:
        """The database, or None when the file is missing or blank."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        data: dict = json.loads(decode(raw))
        return data

    def write(self, data: dict) -> None:
        """Replace the database file whole (see `atomic_write_bytes`)."""
        atomic_write_bytes(self.path, dumps_bytes(data))

    def close(self) -> None:
        """Nothing to release: no file is kept open between reads and writes."""


def write_at(fd: int, data: bytes, offset: int) -> None:
    """Write all of `data` at `offset` of the open file `fd` (OSError ENOSPC on a short write)."""
    view = memoryview(data)
    os.lseek(fd, offset, os.SEEK_SET)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.ENOSPC, "short write")
        view = view[written:]
        offset += written


def zero_fill(fd: int, start: int, length: int) -> None:
    """Write `length` zero bytes at `start` of the open file `fd` (OSError when the disk is full)."""
    offset, end = start, start + length
    pwrite = getattr(os, "pwrite", None)
    if pwrite is None:
        os.lseek(fd, start, os.SEEK_SET)
    while offset < end:
        chunk = _ZEROS[: min(len(_ZEROS), end - offset)]
        written = pwrite(fd, chunk, offset) if pwrite is not None else os.write(fd, chunk)
        if written <= 0:
            raise OSError(errno.ENOSPC, "short write")
        offset += written


def zero_region(path: Path, start: int, length: int) -> None:
    """Overwrite part of a journal with zeros (the padding), durably; StoreError when it fails."""
    if length <= 0:
        return
    try:
        fd = os.open(path, os.O_RDWR | BINARY)
        try:
            zero_fill(fd, start, length)
            sync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StoreError(f"cannot repair {path}: {os_reason(exc)}") from None


def link_reason(exc: OSError, path: Path) -> str:
    """os_reason, saying plainly when the file is a symbolic link (O_NOFOLLOW refused it)."""
    if exc.errno == errno.ELOOP or (exc.errno == errno.EMLINK and os.path.islink(path)):
        return (
            "it is a symbolic link, which cqc-tui never follows inside a review folder (it could lead into "
            "another review); replace it with the file itself, or run 'cqc-tui recover' to set it aside"
        )
    if exc.errno == errno.EISDIR:
        return "it is a folder where cqc-tui keeps a file"
    return os_reason(exc)


def read_no_follow(path: Path) -> bytes:
    """The bytes of a file in a review folder, refusing a symbolic link (OSError ELOOP)."""
    with os.fdopen(os.open(path, os.O_RDONLY | NO_FOLLOW | BINARY), "rb") as fh:
        return fh.read()


def refuse_links(folder: Path) -> None:
    """StoreError when the review folder, or one of the files cqc-tui keeps in it, is a symbolic
    link: following one could show another review, or save into it. One listing of the folder."""
    if os.path.islink(folder):
        raise StoreError(
            f"{folder} is a symbolic link; cqc-tui opens only real review folders (a link could "
            "lead to another review or outside the workspace). Put the folder itself there."
        )
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        raise StoreError(f"cannot read {folder}: {os_reason(exc)}") from None
    for entry in entries:
        name = entry.name
        if entry.is_symlink() and (
            name in (SNAPSHOT, PREV_SNAPSHOT, SUMMARY, LOCK, QUARANTINE) or JOURNAL_RE.match(name)
        ):
            raise StoreError(
                f"{Path(folder) / name} is a symbolic link, which cqc-tui never follows inside a review "
                "folder (it could lead into another review); nothing was changed. Run 'cqc-tui recover' "
                "on this review to set it aside and rebuild from the real files."
            )


def stat_key(path: Path) -> tuple | None:
    """What changes when a file is replaced or rewritten (inode, size, mtime); None when missing."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def shorten(reason: object) -> str:
    """The text of an error (or any reason), cut to fit one line of a notice (at most 120 characters)."""
    text = str(reason)
    return text if len(text) < 120 else text[:117] + "..."
