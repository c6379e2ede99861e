"""The team's readiness errors (docs/team.md, "Before the final report"): every record in conflict
(`open_conflict`) and every member whose changes on this device have not been shared since they
made them (`not_shared`). They read the team's change logs, so they run on an open review
(`check(session)` puts them first), not on raw tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cqc_tui.core.readiness.finding import ReadinessFinding
from cqc_tui.core.team.conflicts import conflicts
from cqc_tui.core.team.layout import FOLDER_FILE, sets_dir, team_dir
from cqc_tui.core.team.status import unshared_by_member

if TYPE_CHECKING:
    from cqc_tui.core.session import ReviewSession


def shared_with_a_team(session: ReviewSession) -> bool:
    """The review has been shared, synced or received on this laptop, or has a team folder: other
    laptops may hold it. (Choosing who you are starts the change log, but a review only this
    laptop has ever held has nobody to share its changes with.)"""
    folder = session.store.folder
    if (team_dir(folder) / FOLDER_FILE).exists():
        return True
    sets = sets_dir(folder)
    try:
        return sets.is_dir() and any(sets.iterdir())
    except OSError:
        return True  # cannot tell: ask for the sync rather than risk leaving changes behind


def team_findings(session: ReviewSession) -> list[ReadinessFinding]:
    """The team's errors before a final export: each record in conflict (`open_conflict`), and each
    member with changes on this device not shared since they made them (`not_shared`). Nothing
    for a review that has not taken part in team work, and no `not_shared` for one that no other
    laptop can hold yet (never shared, synced or received, no team folder)."""
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
    if not shared_with_a_team(session):
        return out  # one laptop's review so far: there is nobody to share its changes with
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
