"""Team work on the review screen: who you are, the team folder, syncing, conflicts, the team view.

ReviewScreen mixes in `TeamReviewMixin`. What it adds:

- the first time a review is opened on this device (nobody chosen, no --user/--as), the screen asks
  who you are from the review's team (dialogs/who_are_you.py); `w` asks again at any time;
- `Y` sets or changes the review's team folder (and syncs with it), `y` syncs now, and while the
  review is open a sync runs in a thread worker every `CqcApp.team_sync_seconds` (3 minutes):
  the worker only posts a TeamSyncFinished message, the screen never waits for it, so typing is
  never blocked; a one-line status under the evidence says when it last synced, what came in and
  any error;
- `C` lists the records in conflict (screens/conflicts.py), and notes in conflict carry a badge in
  the evidence list; `t` shows the team view (screens/team.py).

Records a sync saves reach the screen through the store's listener on the worker's thread; the
screen takes them in on its own thread (see ReviewScreen._on_record).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from cqc_tui.core.errors import display_path
from cqc_tui.core.model import Record, TeamMember
from cqc_tui.core.team.conflicts import Conflict, conflicts
from cqc_tui.core.team.folder_sync import SyncResult, sync_folder, team_folder
from cqc_tui.core.team.identity import choose_member, chosen_member, find_member
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.messages import TeamSyncFinished
from cqc_tui.tui.responsive import responsive_workers
from cqc_tui.tui.widgets.note_list import NoteList

if TYPE_CHECKING:
    from textual.screen import Screen

    from cqc_tui.core.workspace import ReviewSession

    _ScreenBase = Screen  # what the mixin is mixed into, for the type checker
else:
    _ScreenBase = object

SYNC_FIRST_DELAY = 2.0  # seconds after opening before the first background sync
ARRIVED_SLICE = 100  # records a sync saved, taken in per turn of the screen's event loop


def sync_summary(result: SyncResult) -> str:
    """What one sync did, in a few words: what came in, what went out."""
    parts = []
    if result.received:
        parts.append(f"{result.revisions} change(s) in from {result.received} set(s)")
    else:
        parts.append("nothing new in")
    if result.sent:
        parts.append(f"{result.sent} set(s) out")
    if result.files_received:
        parts.append(f"{result.files_received} attachment(s) in")
    if result.files_sent:
        parts.append(f"{result.files_sent} attachment(s) out")
    if result.waiting:
        parts.append(f"{len(result.waiting)} file(s) still being copied")
    return ", ".join(parts)


class TeamReviewMixin(_ScreenBase):
    """Team actions and the background sync for ReviewScreen (see the module docstring)."""

    session: ReviewSession | None
    _sync_timer: Timer | None = None
    _sync_running: bool = False
    _team_conflicts: list[Conflict]
    _last_sync: TeamSyncFinished | None = None

    # -- opening ---------------------------------------------------------------------------

    def team_opened(self) -> None:
        """The review's records are in: ask who you are if nobody is chosen here, start syncing."""
        session = self.session
        assert session is not None
        self._team_conflicts = []
        self._last_sync = None
        if session.readonly:
            return
        as_member = self.app.as_member  # type: ignore[attr-defined]
        if as_member:  # --as NAME: a member's name, initials or id
            member = find_member(session, as_member)
            if member is not None:
                session.user = member.name
            else:
                self.notify(
                    f"--as {as_member}: not one member of this review's team; w says who you are.",
                    severity="warning",
                    markup=False,
                    timeout=10,
                )
        elif self.app.chosen_user is None and chosen_member(session) is None:  # type: ignore[attr-defined]
            self.call_after_refresh(self.action_who_am_i, True)
        self._show_header()
        seconds = float(self.app.team_sync_seconds)  # type: ignore[attr-defined]
        if seconds > 0:
            self._sync_timer = self.set_interval(seconds, self._background_sync)
            if team_folder(session) is not None:
                self.set_timer(min(SYNC_FIRST_DELAY, seconds), self._background_sync)
                self._show_team_status(
                    Text(
                        f"Team folder {display_path(team_folder(session) or '')}: syncing soon…",
                        style="dim",
                    )
                )

    # -- who you are -----------------------------------------------------------------------

    def _show_header(self) -> None:
        """The header gives the review's title and, once the person on this laptop is one of the
        team, the member whose name everything saved here carries."""
        session = self.session
        assert session is not None
        title = session.review.title
        if any(member.name == session.user for member in session.members()):
            title = f"{title} · {session.user}"
        self.sub_title = title

    def action_who_am_i(self, first_time: bool = False) -> None:
        """Ask who the person on this laptop is, from the review's team."""
        session = self.session
        if session is None:
            return
        if session.readonly:
            self.notify("This review is open read-only.", severity="warning", markup=False)
            return
        from cqc_tui.tui.dialogs.who_are_you import MemberChoice, WhoAreYouDialog

        def choose(choice: MemberChoice) -> TeamMember:
            return choose_member(session, choice.name, add=choice.add, role=choice.role)

        def chosen(member: TeamMember | None) -> None:
            if member is None:
                if first_time:
                    self.notify(
                        f"Saving as '{session.user}' for now; w says who you are.",
                        markup=False,
                    )
                return
            self.notify(f"You are {member.name} on this review on this laptop.", markup=False)
            self._show_header()

        self.app.push_screen(
            WhoAreYouDialog(
                session.review.title, session.members(), session.user, choose, first_time=first_time
            ),
            chosen,
        )

    # -- the team folder and syncing ---------------------------------------------------------

    def action_team_folder(self) -> None:
        """Set or change the review's team folder, then sync with it."""
        session = self.session
        if session is None:
            return
        if session.readonly:
            self.notify(
                "This review is open read-only: it cannot sync.", severity="warning", markup=False
            )
            return
        from cqc_tui.tui.dialogs.team_folder import TeamFolderDialog

        def picked(folder: Path | None) -> None:
            if folder is not None:
                self._start_sync(folder, background=False)

        self.app.push_screen(TeamFolderDialog(team_folder(session)), picked)

    def action_sync_now(self) -> None:
        """Sync with the team folder now (asks for the folder the first time)."""
        session = self.session
        if session is None:
            return
        if session.readonly:
            self.notify(
                "This review is open read-only: it cannot sync.", severity="warning", markup=False
            )
            return
        if team_folder(session) is None:
            self.action_team_folder()
            return
        if self._sync_running:
            self.notify("A sync is running already.", markup=False)
            return
        self._start_sync(None, background=False)

    def _background_sync(self) -> None:
        session = self.session
        if (
            session is None
            or session.readonly
            or self._sync_running
            or team_folder(session) is None
        ):
            return
        self._start_sync(None, background=True)

    def _start_sync(self, folder: Path | None, background: bool) -> None:
        session = self.session
        assert session is not None
        self._sync_running = True
        shown = folder or team_folder(session)
        self._show_team_status(Text(f"Syncing with {display_path(shown or '')}…", style="dim"))
        self._sync_worker(session, folder, background)

    @work(thread=True, group="team-sync", exit_on_error=False)
    def _sync_worker(self, session: ReviewSession, folder: Path | None, background: bool) -> None:
        """Sync in a thread; only ever posts TeamSyncFinished (never touches the screen)."""
        message: TeamSyncFinished
        try:
            with responsive_workers():
                result = sync_folder(session, folder)
                listed = conflicts(session)
        except Exception as exc:  # noqa: BLE001 - one line on the status, never a worker traceback
            message = TeamSyncFinished(
                None,
                error=failure_line(exc, "sync"),
                finished=time.strftime("%H:%M"),
                background=background,
            )
        else:
            message = TeamSyncFinished(
                result, listed, finished=time.strftime("%H:%M"), background=background
            )
        self.post_message(message)

    def on_team_sync_finished(self, message: TeamSyncFinished) -> None:
        self._sync_running = False
        self._last_sync = message
        result = message.result
        if isinstance(result, SyncResult):
            self._team_conflicts = list(message.conflicts)
            self.show_conflict_badges({c.record_id for c in message.conflicts})
            self._show_header()  # a teammate may have renamed the review
        status = self.team_status_text(message)
        self._show_team_status(status)
        if (
            not message.background
            or message.error
            or (isinstance(result, SyncResult) and result.errors)
        ):
            self.notify(
                status.plain,
                severity="error" if status.style == "red" else "information",
                markup=False,
                timeout=8,
            )

    def team_status_text(self, message: TeamSyncFinished) -> Text:
        """The status line for a finished sync, most important first: when, any error or
        conflicts, what came in and went out, then the folder (cut off first on a narrow screen)."""
        result = message.result
        if not isinstance(result, SyncResult):
            return Text(f"Sync at {message.finished} failed: {message.error}", style="red")
        where = display_path(result.folder)
        if result.errors:
            return Text(f"Sync at {message.finished} failed: {result.errors[0]}", style="red")
        text = Text(f"Synced {message.finished}")
        if message.conflicts:
            text.append(
                f" · {len(message.conflicts)} conflict(s): C lists them", style="bold yellow"
            )
        text.append(f" · {sync_summary(result)} · {where}")
        return text

    def _show_team_status(self, text: Text) -> None:
        try:
            status = self.query_one("#team-status", Static)
        except Exception:  # noqa: BLE001 - the screen is going
            return
        status.display = True
        status.update(text)

    def show_conflict_badges(self, record_ids: set[str]) -> None:
        """Mark the notes in conflict in the evidence list (NoteList draws the badge)."""
        notes = self.query_one(NoteList)
        if notes.conflicted != record_ids:
            notes.conflicted = frozenset(record_ids)
            notes.refresh()

    # -- records saved by a sync -------------------------------------------------------------

    class RecordsArrived(Message):
        """Records a sync saved on the worker's thread wait in `_arrived` for the screen's thread."""

    _arrived: deque
    _arrived_lock: threading.Lock
    _ui_thread: int = 0
    _arrived_notes: bool = False
    _notes_arrived_unseen: bool = False

    def team_listen(self) -> None:
        """Called on the screen's thread before the store's listener is added."""
        self._arrived = deque()
        self._arrived_lock = threading.Lock()
        self._ui_thread = threading.get_ident()

    def arrived_from_worker(self, record: Record) -> bool:
        """True (and the record kept for the screen's thread) when the store's listener was called
        on another thread: a sync saving received records. The screen then takes them in one go."""
        if threading.get_ident() == self._ui_thread:
            return False
        with self._arrived_lock:
            first = not self._arrived
            self._arrived.append(record)
        if first:
            self.post_message(self.RecordsArrived())
        return True

    def on_team_review_mixin_records_arrived(self, _message: RecordsArrived) -> None:
        """Take in what a sync saved, a slice at a time: keys typed meanwhile are handled between
        slices, and the list is redrawn once, after the last."""
        with self._arrived_lock:
            records = [
                self._arrived.popleft() for _ in range(min(ARRIVED_SLICE, len(self._arrived)))
            ]
            more = bool(self._arrived)
        for record in records:
            self._on_record(record)  # type: ignore[attr-defined]
        self._arrived_notes = self._arrived_notes or any(
            record.TABLE == "notes" for record in records
        )
        if more:
            self.post_message(self.RecordsArrived())
            return
        if self._arrived_notes:
            self._arrived_notes = False
            if self.app.screen is self:
                self._show_arrived_notes()
            else:  # a dialog (the note being typed) is on top: redraw the list when it closes
                self._notes_arrived_unseen = True

    def _show_arrived_notes(self) -> None:
        self._notes_arrived_unseen = False
        self.evidence.refresh_authors()  # type: ignore[attr-defined]
        self.evidence.refresh_notes()  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        """Back from a dialog: show the notes a sync brought in meanwhile."""
        if self._notes_arrived_unseen:
            self._show_arrived_notes()

    def filter_by_author(self, name: str) -> None:
        """Show only the notes `name` wrote (the evidence's author filter)."""
        from textual.widgets import Select

        select = self.query_one("#f-author", Select)
        if name not in self.index.authors():  # type: ignore[attr-defined]
            self.notify(f"{name} has written no notes in this review yet.", markup=False)
            return
        select.value = name  # the filter follows (Select.Changed)
        self.query_one(NoteList).focus()

    def team_closing(self) -> None:
        """The screen is going: stop the timer (a running sync finishes on its own thread)."""
        if self._sync_timer is not None:
            self._sync_timer.stop()
            self._sync_timer = None

    # -- conflicts and the team view ---------------------------------------------------------

    def action_conflicts(self) -> None:
        """List the records in conflict, with their versions side by side, to resolve them."""
        session = self.session
        if session is None:
            return
        from cqc_tui.tui.screens.conflicts import ConflictsScreen

        self.app.push_screen(ConflictsScreen(session), self._after_conflicts)

    def _after_conflicts(self, remaining: Any) -> None:
        if isinstance(remaining, list):
            self._team_conflicts = remaining
            self.show_conflict_badges({c.record_id for c in remaining})
        self.evidence.refresh_notes()  # type: ignore[attr-defined]
        self.navigator.counts_changed()  # type: ignore[attr-defined]

    def action_team(self) -> None:
        """The team view: members, devices, last syncs, notes per member, open conflicts."""
        session = self.session
        if session is None:
            return
        from cqc_tui.tui.screens.team import TeamScreen

        self.app.push_screen(TeamScreen(session), self._after_team)

    def _after_team(self, member: str | None) -> None:
        """Enter on a member in the team view: show only their evidence."""
        if member:
            self.filter_by_author(member)
