"""The team's readiness errors (docs/team.md, "Before the final report"): every record in conflict
(`open_conflict`) and every member whose changes on this device have not been shared since they
made them (`not_shared`). They read the team's change logs, so they run on an open review
(`check(session)` puts them first), not on raw tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cqc_tui.core.readiness.finding import ReadinessFinding
from cqc_tui.core.team.conflicts import conflicts
from cqc_tui.core.team.layout import team_dir
from cqc_tui.core.team.status import unshared_by_member

if TYPE_CHECKING:
    from cqc_tui.core.session import ReviewSession


def team_findings(session: ReviewSession) -> list[ReadinessFinding]:
    """The team's errors before a final export: each record in conflict (`open_conflict`), and each
    member with changes on this device not shared since they made them (`not_shared`). Nothing
    for a review that has not taken part in team work."""
    if not team_dir(session.store.folder).is_dir():
        return []
    out = []
    for conflict in conflicts(session):
        who = " and ".join(sorted({version.member or "?" for version in conflict.versions}))
        kind = conflict.table[:-1] if conflict.table.endswith("s") else conflict.table
        out.append(
            ReadinessFinding(
                "open_conflict",
                "error",
                f"{kind} '{conflict.label}' was changed on two laptops at once ({who}) and is not "
                "resolved; "
                f"resolve it (cqc-tui conflicts / resolve, or the conflicts list in the app)",
                {"table": conflict.table, "record": conflict.record_id},
            )
        )
    for member, count in sorted(unshared_by_member(session).items()):
        out.append(
            ReadinessFinding(
                "not_shared",
                "error",
                f"{member or 'someone'}: {count} change(s) made on this laptop have not been "
                "synced or shared with "
                "the team since; sync (or share) before the final report",
                {"member": member, "changes": count},
            )
        )
    return out
