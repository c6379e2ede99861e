"""What importing a review file over the review already in the workspace would change
(`replace_summary`): counts of live records, old and new, for the user to confirm."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cqc_tui.core.exchange.format import LIST_TABLES
from cqc_tui.core.exchange.parse import ParsedReview
from cqc_tui.core.model import Record


@dataclass(frozen=True)
class ReplaceSummary:
    """What replacing a review would change: counts of live records, old -> new."""

    title: str
    old: dict[str, int]
    new: dict[str, int]

    def lines(self) -> list[str]:
        """One line per kind of record, e.g. 'notes: 17 -> 12 (5 fewer)'."""
        out = []
        for table in (
            "notes",
            "ratings",
            "scores",
            "findings",
            "recommendations",
            "actions",
            "members",
            "scope_units",
        ):
            old, new = self.old.get(table, 0), self.new.get(table, 0)
            if old == 0 and new == 0:
                continue
            change = (
                f" ({old - new} fewer)"
                if new < old
                else (f" ({new - old} more)" if new > old else "")
            )
            out.append(f"{table.replace('_', ' ')}: {old} -> {new}{change}")
        return out

    @property
    def loses_records(self) -> bool:
        """Whether the replacement would hold fewer records of some table than the review now has."""
        return any(self.new.get(table, 0) < count for table, count in self.old.items())


def _live_counts(records: list[Record]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in records:
        if not record.deleted:
            counts[record.TABLE] = counts.get(record.TABLE, 0) + 1
    return counts


def replace_summary(workspace: Any, parsed: ParsedReview) -> ReplaceSummary | None:
    """What importing `parsed` over the review already in the workspace would change (None when
    the workspace does not hold that review)."""
    folder = workspace.folder(parsed.review.id)
    if not folder.is_dir():
        return None
    with workspace.open_id(parsed.review.id, readonly=True) as session:
        old = _live_counts(
            [
                record
                for table in LIST_TABLES
                for record in session.store.tables.get(table, {}).values()
            ]
        )
        title = session.review.title
    return ReplaceSummary(title, old, _live_counts(parsed.records))
