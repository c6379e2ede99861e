"""A readiness check: a function that reads a review's `ReviewFacts` and yields the problems it
finds, and whether it only applies to review types that publish ratings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cqc_tui.core.readiness.facts import ReviewFacts
from cqc_tui.core.readiness.finding import ReadinessFinding

CheckFunction = Callable[[ReviewFacts], Iterator[ReadinessFinding]]


@dataclass(frozen=True)
class ReadinessCheck:
    """One check in the run: `find` yields its findings; a `rated_only` check is skipped for a
    review type that publishes no ratings."""

    find: CheckFunction
    rated_only: bool = False
