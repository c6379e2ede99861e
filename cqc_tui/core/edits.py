"""Saving an edit of a record an editor opened some time ago (a note, a finding, a recommendation,
a regulatory action): if a sync brought a teammate's version of it while the editor was open, the
edit must not silently replace that version.

`save_edit(session, started, **changes)` saves `changes` to the record the user began editing as
`started`. When the store still holds that version, it is an ordinary update. When it holds
another one (received meanwhile) and the review is a team review, the edit is saved based on the
version it was begun from, so it stands beside the teammate's as a conflict that a member
resolves (docs/team.md, "Conflicts"): nothing typed on either laptop is lost."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from cqc_tui.core.errors import ValidationError
from cqc_tui.core.model import Record
from cqc_tui.core.team.revisions import record_revision_id


class EditingSession(Protocol):
    """What saving an edit needs of a ReviewSession (named here: the session uses this module)."""

    store: Any
    team_log: Any
    user: str

    def save(self, record: Record, bases: Iterable[str] | None = None) -> Record:
        """Check and save `record` (core.session.ReviewSession.save)."""
        ...


CURRENT = object()  # "begun from whatever the store holds now": never kept beside another version


def same_version(current: Record | None, started: Record | None) -> bool:
    """Whether the store's `current` version of a record is the one an editor began from."""
    if current is None or started is None:
        return current is started
    return current is started or record_revision_id(current) == record_revision_id(started)


def save_edit(session: EditingSession, started: Record, **changes: Any) -> tuple[Record, bool]:
    """Save `changes` to the record begun from `started`, as the member the session acts as.
    Returns the saved revision and whether it was kept beside a version received since (a
    conflict). ValidationError when the record is no longer in the review."""
    with session.store.reading():
        current = session.store.get(started.TABLE, started.id)
        if current is None:
            raise ValidationError(f"no {started.TABLE} record with id {started.id}")
        record = current.revise(author=session.user, **changes)
        bases = None
        if session.team_log is not None and not same_version(current, started):
            bases = [record_revision_id(started)]
        saved = session.save(record, bases)
    return saved, bases is not None
