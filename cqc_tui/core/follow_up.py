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
            finding
            for finding in records
            if isinstance(finding, Finding)
            and finding.kind == EARLIER_FINDING
            and not finding.deleted
        ),
        key=lambda finding: (finding.order, finding.created, finding.id),
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
            f"{self.counts[status]} {label.lower()}"
            for status, label in FOLLOW_UP_STATUSES.items()
            if status != UNCHECKED and self.counts.get(status)
        )
        return f"{self.checked} of {self.total} checked" + (f": {done}" if done else "")


def progress(items: Iterable[Finding]) -> FollowUpProgress:
    """Progress over the given earlier items."""
    items = list(items)
    return FollowUpProgress(
        dict(Counter(finding.status or UNCHECKED for finding in items)), len(items)
    )


def follow_up_progress(source: Any) -> FollowUpProgress:
    """Progress of an open review session (or anything with records(table))."""
    return progress(earlier_items(source.records("findings")))
