"""Errors meant for people: each names the file (and line) and says what to do."""

from __future__ import annotations

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
        super().__init__(str(problems[0]) if len(problems) == 1 else
                         f"{problems[0]} (and {len(problems) - 1} more problem(s))")


class ReviewNotFound(CqcError):
    pass


class AmbiguousReview(CqcError):
    pass


class ReviewLocked(CqcError):
    """Another process holds the review's write lock."""


class StoreError(CqcError):
    """A review file could not be read or written safely."""


class ValidationError(CqcError):
    """A value a user gave is not allowed (an impossible rating, an unknown code)."""


def display_path(path: str | Path) -> str:
    """Paths relative to the working directory when that is shorter, for messages."""
    p = Path(path)
    try:
        rel = p.resolve().relative_to(Path.cwd().resolve())
        return str(rel)
    except (ValueError, OSError):
        return str(p)
