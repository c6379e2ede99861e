"""Follow-up checking: the earlier items a review checks (findings of kind "earlier_finding"),
each with a status, a short judgement (the finding's text) and the notes it rests on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cqc_tui.core.model import EARLIER_FINDING, FOLLOW_UP_STATUSES, Finding, Record

UNCHECKED = "not_checked"


def earlier_items(records: Iterable[Record]) -> list[Finding]:
    """The live earlier items to check, in their order."""
    return sorted(
        (
            f
            for f in records
            if isinstance(f, Finding) and f.kind == EARLIER_FINDING and not f.deleted
        ),
        key=lambda f: (f.order, f.created, f.id),
    )


@dataclass(frozen=True)
class FollowUpProgress:
    """How far the checking has got: counts per status (an empty status counts as not checked)."""

    counts: dict[str, int]
    total: int

    @property
    def checked(self) -> int:
        """How many earlier items have a status other than not checked."""
        return self.total - self.counts.get(UNCHECKED, 0)

    def describe(self) -> str:
        """'12 of 20 checked: 5 put right, 4 partly put right, 3 not put right'."""
        done = ", ".join(
            f"{self.counts[s]} {label.lower()}"
            for s, label in FOLLOW_UP_STATUSES.items()
            if s != UNCHECKED and self.counts.get(s)
        )
        return f"{self.checked} of {self.total} checked" + (f": {done}" if done else "")


def progress(items: Iterable[Finding]) -> FollowUpProgress:
    """Progress over the given earlier items."""
    items = list(items)
    return FollowUpProgress(dict(Counter(f.status or UNCHECKED for f in items)), len(items))


def follow_up_progress(source: Any) -> FollowUpProgress:
    """Progress of an open review session (or anything with records(table))."""
    return progress(earlier_items(source.records("findings")))
