"""Who has a review open for writing: an exclusive lock the operating system lets go of when the
holder exits or dies, and the name of the person working (`current_user`)."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from cqc_tui.core.errors import ReviewLocked, StoreError, os_reason
from cqc_tui.core.model import now_iso
from cqc_tui.core.store import files
from cqc_tui.core.store.layout import LOCK


@dataclass
class LockInfo:
    """Who holds (or held) a review's lock: user, host, process id and since when (UTC, ISO)."""

    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        """One phrase naming the holder for a message: user@host (process, since when)."""
        return f"{self.user}@{self.host} (process {self.pid}, since {self.since[:16].replace('T', ' ')} UTC)"


def read_lock_info(path: Path) -> LockInfo | None:
    """The holder written in lock file `path`; None when it is missing, empty or unreadable."""
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
        """Take the lock and write who holds it, or raise ReviewLocked naming the holder (StoreError
        when the lock file cannot be used); a failed acquire never keeps the lock."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | files.NO_FOLLOW | files.BINARY, 0o644)
        except OSError as exc:
            raise StoreError(
                f"cannot lock {self.path} to open the review for writing: "
                f"{files.link_reason(exc, self.path)}; or open the review read-only"
            ) from None
        try:
            _lock_fd(fd)
        except OSError as exc:
            os.close(fd)
            if not isinstance(exc, BlockingIOError):
                raise StoreError(
                    f"cannot lock {self.path}: {os_reason(exc)}; or open the review read-only"
                ) from None
            info = read_lock_info(self.path)
            who = info.describe() if info else "another process"
            name = f"'{self.title}'" if self.title else str(self.path.parent.name)
            raise ReviewLocked(
                f"review {name} is open for writing by {who}; close it there first, "
                "or open it read-only"
            ) from None
        previous = read_lock_info(self.path)
        mine = LockInfo(current_user(), socket.gethostname(), os.getpid(), now_iso())
        if previous and (
            previous.host != mine.host or not _pid_alive(previous.pid) or previous.pid != mine.pid
        ):
            # The OS released the previous holder's flock: it exited or died. Note it, then take over.
            self.stale_cleared = previous
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            files.write_at(fd, json.dumps(mine.__dict__).encode(), 0)
            os.fsync(fd)
        except OSError as exc:  # let go at once: a failed open must not keep the review locked
            with contextlib.suppress(OSError):
                _unlock_fd(fd)
            os.close(fd)
            raise StoreError(
                f"cannot write the lock file {self.path}: {os_reason(exc)}. The review was not "
                "opened; nothing was changed."
            ) from None
        self.fd = fd

    def release(self) -> None:
        """Empty the lock file and let go of the lock (does nothing when not held)."""
        if self.fd is None:
            return
        try:
            os.ftruncate(self.fd, 0)
            os.lseek(
                self.fd, 0, os.SEEK_SET
            )  # Windows unlocks the byte range at the current position
            _unlock_fd(self.fd)
        except OSError:
            pass
        finally:
            os.close(self.fd)
            self.fd = None


if sys.platform != "win32":
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
