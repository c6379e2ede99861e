"""Team review: every inspector's laptop, one review (docs/team.md).

The modules, from the bottom up:

- `layout`       where the team files of a review live
- `revisions`    revisions, revision ids, the revision graph (heads, shown version, conflicts)
- `identity`     the workspace's device id; the team member working on a review on this device
- `changelog`    this device's change log; sealed change sets
- `merge`        loading what a review holds, logging, sealing, taking in and applying change sets
- `bundle`       the bundle file format
- `share`        share and receive bundles (creating a review from them)
- `folder_sync`  publish and take in through a team folder
- `conflicts`    list and resolve conflicts
- `status`       the team at a glance

They work on an open review and its workspace as `ReviewSession` and `Workspace` below: the
protocols those of cqc_tui.core.session and cqc_tui.core.workspace meet. The modules import these
names from here, not from the session or the workspace, which use the team package themselves
(the session logs every save to the team's change log), so neither imports the other in a circle.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from cqc_tui.core.framework import Framework, FrameworkSet
    from cqc_tui.core.model import EvidenceNote, Record, Review, ScopeUnit, TeamMember
    from cqc_tui.core.store import ReviewStore
    from cqc_tui.core.team.changelog import ChangeLog
    from cqc_tui.core.team.merge import TeamView
    from cqc_tui.core.validate import Context


class SessionWorkspace(Protocol):
    """What team work reads of the workspace a review was opened from."""

    @property
    def home(self) -> Path:
        """The workspace folder, where this device's id is kept."""
        ...


class ReviewSession(Protocol):
    """An open review as team work uses it (cqc_tui.core.session.ReviewSession is one)."""

    team_log: ChangeLog | None
    team_view: TeamView | None
    user: str  # who the session writes as

    @property
    def store(self) -> ReviewStore:
        """The review's store."""
        ...

    @property
    def workspace(self) -> SessionWorkspace:
        """The workspace the review was opened from."""
        ...

    @property
    def review(self) -> Review:
        """The review record."""
        ...

    @property
    def readonly(self) -> bool:
        """Whether the review is open read-only."""
        ...

    @property
    def framework(self) -> Framework:
        """The review's framework."""
        ...

    @property
    def team_lock(self) -> threading.RLock:
        """Held by team operations (sync, receive, resolve)."""
        ...

    def members(self) -> list[TeamMember]:
        """The review's team, in the order entered."""
        ...

    def scope_units(self, include_deleted: bool = False) -> list[ScopeUnit]:
        """The review's scope units in their order."""
        ...

    def notes(self, include_deleted: bool = False) -> list[EvidenceNote]:
        """The review's evidence notes."""
        ...

    def context(self) -> Context:
        """What record checks need to know of the review."""
        ...

    def add(self, cls: type[Record], **fields: Any) -> Record:
        """Create and save a record of `cls`, written by the session's user."""
        ...

    def close(self, compact: bool = True) -> None:
        """Close the review (compacting its journal unless told not to)."""
        ...


class Workspace(Protocol):
    """The workspace as team work uses it (cqc_tui.core.workspace.Workspace is one)."""

    @property
    def home(self) -> Path:
        """The workspace folder."""
        ...

    @property
    def reviews_dir(self) -> Path:
        """Where the reviews' folders are."""
        ...

    @property
    def frameworks(self) -> FrameworkSet:
        """The frameworks installed."""
        ...

    def ensure(self) -> None:
        """Create the workspace's folders if they are not there."""
        ...

    def folder(self, review_id: str) -> Path:
        """The folder of the review with this id (whether or not it exists)."""
        ...

    def settle(self) -> list[str]:
        """Finish or undo any interrupted install or replace; one line per review settled."""
        ...

    def resolve(self, query: str) -> dict:
        """The summary of the one review `query` names (id, id prefix or part of its title)."""
        ...

    def open_id(
        self, review_id: str, readonly: bool = False, user: str | None = None, title: str = ""
    ) -> ReviewSession:
        """Open the review with this id."""
        ...
