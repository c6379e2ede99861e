"""Writing a file the user named (a report, a dump): whole or not at all, and only over a regular file.

The output path may be anywhere the user chooses, so it is treated as hostile: a symbolic link, a
device, a pipe or a folder at that path is refused, never written through or replaced. The data
goes to a temporary file in the same folder, is flushed to disk and then renamed over the target,
so a crash or a full disk leaves the old file or the whole new one, never a partial file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from cqc_tui.core.errors import CqcError, display_path, os_reason


class OutputError(CqcError):
    """The file the user asked for cannot be written; the message names it and says what to do."""


def check_output_path(
    out: Path, example: str = "report.docx", error: type[CqcError] = OutputError
) -> None:
    """Refuse, before any work, an output path that could not or must not be written.

    Refused: a folder, a symbolic link (even to a regular file), a device, pipe or socket, a missing
    or unwritable parent folder, and a read-only existing file. Raises ``error`` with one line.
    """
    shown = display_path(out)
    try:
        info = os.lstat(out)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise error(f"cannot write {shown}: {os_reason(exc)}") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise error(f"cannot write {shown}: it is a folder; give a file name such as {example}")
        if stat.S_ISLNK(info.st_mode):
            raise error(
                f"cannot write {shown}: it is a symbolic link; give the path of a regular file "
                "(the link and what it points to are left alone)"
            )
        if not stat.S_ISREG(info.st_mode):
            raise error(
                f"cannot write {shown}: it is a device, pipe or socket, not a regular file; "
                f"give a file name such as {example}"
            )
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.exists():
        raise error(f"cannot write {shown}: the folder {display_path(parent)} does not exist")
    if not parent.is_dir():
        raise error(f"cannot write {shown}: {display_path(parent)} is not a folder")
    if _read_only_disk(parent):
        raise error(f"cannot write {shown}: {os_reason(OSError(errno.EROFS, 'read-only'))}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise error(f"cannot write {shown}: no permission to write in {display_path(parent)}")
    if info is not None and not os.access(out, os.W_OK):
        raise error(f"cannot write {shown}: the file is read-only")


def write_output(
    out: Path,
    write: Callable[[BinaryIO], object],
    example: str = "report.docx",
    error: type[CqcError] = OutputError,
) -> None:
    """Write a whole file at ``out`` through ``write(fh)``: temporary file, fsync, rename.

    The path is checked again just before the rename (something may have been put there while the
    data was made). Any OS failure raises ``error`` with one line naming the file; the temporary
    file never stays behind.
    """
    check_output_path(out, example, error)
    shown = display_path(out)
    parent = out.parent if str(out.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise error(f"cannot write {shown}: {os_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode(out))
        check_output_path(out, example, error)
        os.replace(tmp, out)
    except OSError as exc:
        _unlink(tmp)
        raise error(f"cannot write {shown}: {os_reason(exc)}") from None
    except BaseException:
        _unlink(tmp)
        raise
    try:
        folder_fd = os.open(parent, os.O_RDONLY)
        try:
            os.fsync(folder_fd)
        finally:
            os.close(folder_fd)
    except OSError:
        pass


def _read_only_disk(folder: Path) -> bool:
    """True when `folder` is on a file system mounted read-only (os.access then says only "no")."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def _file_mode(out: Path) -> int:
    """Permissions for the new file: those of the file it replaces, else what the umask gives a new
    file (mkstemp's 0600 would surprise; 0644 regardless of umask could expose a sensitive report)."""
    try:
        return out.stat().st_mode & 0o777
    except OSError:
        pass
    umask = 0o022
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    umask = int(line.split()[1], 8)
                    break
    except (OSError, ValueError):
        pass
    return 0o666 & ~umask


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
