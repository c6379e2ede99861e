"""Errors meant for people: each names the file (and line) and says what to do."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path


class CqcError(Exception):
    """Base for every error the user should see as one clear line."""


@dataclass
class Problem:
    """One problem found in a file: where, what is wrong, what to change."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class FileProblems(CqcError):
    """A file could not be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            str(problems[0])
            if len(problems) == 1
            else f"{problems[0]} (and {len(problems) - 1} more problem(s))"
        )


class ReviewNotFound(CqcError):
    """No review in the workspace matches what was asked for."""


class AmbiguousReview(CqcError):
    """More than one review matches what was asked for; the message lists them."""


class ReviewLocked(CqcError):
    """Another process holds the review's write lock."""


class StoreError(CqcError):
    """A review file could not be read or written safely."""


class ValidationError(CqcError):
    """A value a user gave is not allowed (an impossible rating, an unknown code)."""


def display_path(path: str | Path) -> str:
    """Paths relative to the working directory when that is shorter, for messages. Symbolic links
    are not followed: a message about a link names the link, not what it points to."""
    as_path = Path(path)
    try:
        relative = Path(os.path.abspath(as_path)).relative_to(Path.cwd().resolve())
        return str(relative)
    except (ValueError, OSError):
        return str(as_path)


# What to do about each kind of operating-system failure, in the words a user needs.
_OS_ADVICE: dict[int, str] = {
    errno.ENOSPC: "the disk is full; free some space and try again",
    errno.EDQUOT: "your disk quota is used up; free some space and try again",
    errno.EACCES: "permission denied; check the file's and its folder's permissions",
    errno.EPERM: "the operation is not permitted; check the file's and its folder's permissions",
    errno.EROFS: "the disk is read-only; choose a writable folder or remount the disk",
    errno.EIO: "the disk reported an input/output error; copy your workspace elsewhere and check the disk",
    errno.EISDIR: "it is a folder, not a file; choose a file name",
    errno.ENOTDIR: "part of the path is a file, not a folder; check the path",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter name or folder",
    errno.ENOENT: "it does not exist; check the path",
    errno.ELOOP: "it is a symbolic link loop; remove the link",
    errno.EMFILE: "too many files are open; close other programs and try again",
    errno.ENFILE: "too many files are open on this system; close other programs and try again",
    errno.EEXIST: "it already exists",
    errno.EBUSY: "it is in use by another program; close that program and try again",
}


def os_reason(exc: OSError) -> str:
    """What went wrong and what to do about it, without the file name (one clause, no traceback)."""
    advice = _OS_ADVICE.get(exc.errno or -1)
    if advice:
        return advice
    return (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")


def os_error_line(exc: OSError, path: str | Path | None = None, action: str = "use") -> str:
    """One line for an OS failure: the action, the file it concerns and what to do.

    ``path`` defaults to the file the exception names; ``action`` is a verb phrase ("write",
    "read", "lock", "create").
    """
    target = path if path is not None else (exc.filename if exc.filename is not None else None)
    where = f" {display_path(target)}" if target is not None else ""
    return f"cannot {action}{where}: {os_reason(exc)}"


class FileError(CqcError):
    """A file or folder could not be read or written; the message names it and says what to do."""

    @classmethod
    def from_os(
        cls, exc: OSError, path: str | Path | None = None, action: str = "use"
    ) -> FileError:
        """A FileError whose message is the one-line form of an OSError (see os_error_line)."""
        return cls(os_error_line(exc, path, action))
