"""Merging: the review a device shows is worked out from every revision it holds.

`load(session)` reads what the review holds on this device (its change sets and this device's log)
into a `TeamView`: the revision graph (revisions.Graph) and where each revision came from.
`reconcile` logs anything the store holds that the log does not (a save whose log line a crash
lost, changes from before the review took part in team work); `seal` turns this device's
unsealed revisions into a new change set; `take_in` keeps received change sets and `apply` saves
into the store the shown revision of every record whose shown revision changed.

Receiving is crash-safe and all-or-nothing per change set: a change set is kept in `team/sets/`
whole (sealed file) before anything is saved, and `team/applying.json` marks the time between
keeping and saving. If the program stops in between, the next session of the review finishes the
saving (or, read-only, shows the review as if it had), so half a change set is never what a
review shows, and applying again changes nothing (the store already holds those revisions).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cqc_tui.core.errors import StoreError, os_reason
from cqc_tui.core.model import Record, now_iso
from cqc_tui.core.store import atomic_write_bytes
from cqc_tui.core.team.changelog import ChangeLog, ChangeSet, SetStore, build_set, ensure_dir
from cqc_tui.core.team.identity import device_id
from cqc_tui.core.team.layout import APPLYING_FILE, team_dir
from cqc_tui.core.team.revisions import (
    SHARED_TABLES,
    Graph,
    RecordKey,
    Revision,
    make_revision,
    record_revision_id,
)

if TYPE_CHECKING:
    from cqc_tui.core.team import ReviewSession


@dataclass
class TeamView:
    """Everything the review holds on this device for team work (see the module docstring)."""

    session: ReviewSession
    device: str
    log: ChangeLog
    sets: SetStore
    change_sets: list[ChangeSet]
    log_revisions: list[Revision]
    graph: Graph
    origin: dict[str, int] = field(
        default_factory=dict
    )  # revision id -> order first seen (sets by name, then log)
    problems: list[str] = field(default_factory=list)
    log_seen: int = 0  # how many of log.appended the view holds
    # Records saved since the view last reconciled (a store listener fills it in a view kept by its
    # session); None: reconcile looks at every record.
    saved_keys: set[RecordKey] | None = None
    tracked: bool = False
    checked: bool = False  # the store was compared with every record's shown version (prepare)

    def _saw(self, record: Record) -> None:
        if self.saved_keys is not None and record.TABLE in SHARED_TABLES:
            self.saved_keys.add((record.TABLE, record.id))

    @property
    def held(self) -> set[str]:
        """The SHA-256 of every change set this device holds for the review."""
        return {cs.digest for cs in self.change_sets}

    def _note_origin(self, revisions: Iterable[Revision]) -> None:
        for revision in revisions:
            self.origin.setdefault(revision.id, len(self.origin))


def start_team(session: ReviewSession) -> None:
    """Make the review take part in team work on this device: its team folder exists and the
    session logs every save from now on. Does nothing for a read-only session."""
    if session.readonly:
        return
    folder = team_dir(session.store.folder)
    try:
        ensure_dir(folder)
    except OSError as exc:
        raise StoreError(f"cannot create {folder}: {os_reason(exc)}") from None
    if session.team_log is None:
        session.team_log = ChangeLog(session.store.folder, device_id(session.workspace.home))


def load(session: ReviewSession) -> TeamView:
    """Read the review's change sets and this device's log (one consistent view). Raises StoreError
    naming a file that cannot be read or is damaged.

    A session open for writing keeps its view (`session.team_view`) and only adds what it saved
    since, so a sync of a big review reads its change sets once per session: only this session
    adds change sets or log lines while it holds the review's lock. Callers changing the view hold
    `session.team_lock`."""
    cached = session.team_view
    if cached is not None:
        with session.store.reading():  # saves (and their log lines) wait while we catch up
            fresh = cached.log.appended[cached.log_seen :]
            cached.log_seen = len(cached.log.appended)
        for revision in fresh:
            cached.graph.add(revision)
        cached.log_revisions.extend(fresh)
        cached._note_origin(fresh)
        return cached
    device = device_id(session.workspace.home)
    log = (
        session.team_log
        if session.team_log is not None
        else ChangeLog(session.store.folder, device)
    )
    sets = SetStore(session.store.folder, session.review.id)
    change_sets = sets.read_all()
    with session.store.reading():
        log_revisions = log.read()
        log_seen = len(log.appended)
    graph = Graph()
    view = TeamView(
        session, device, log, sets, change_sets, log_revisions, graph, problems=list(log.problems)
    )
    view.log_seen = log_seen
    for change_set in change_sets:
        for revision in change_set.revisions:
            graph.add(revision)
        view._note_origin(change_set.revisions)
    for revision in log_revisions:
        graph.add(revision)
    view._note_origin(log_revisions)
    if not session.store.readonly and session.team_log is log:
        session.team_view = view
        view.tracked = (
            True  # saved_keys stays None until the first reconcile has looked at everything
        )
        session.store.add_listener(view._saw)
    return view


def reconcile(view: TeamView) -> int:
    """Log every record the store holds that no known revision holds (see the module docstring):
    based on the shown revision when that is older, else on nothing (so it stands beside what is
    known as a conflict rather than hiding it). Returns how many were logged."""
    store = view.session.store
    graph = view.graph
    new: list[Revision] = []
    with store.reading():
        keys = view.saved_keys
        view.saved_keys = set() if view.tracked else None
        if keys is not None:
            records = [r for r in (store.tables[t].get(i) for t, i in keys) if r is not None]
        else:
            records = [r for table in SHARED_TABLES for r in store.tables[table].values()]
        for record in records:
            key = (record.TABLE, record.id)
            shown = graph.shown(key)
            if shown is not None and (shown.record is record or shown.record == record):
                continue
            if graph.knows(key, record_revision_id(record)):
                continue  # the store lags what was received: apply() brings it up to date
            bases = [shown.id] if shown is not None and shown.record.rev < record.rev else []
            new.append(make_revision(record, bases, view.device))
        if new and not store.readonly:
            try:
                view.log.append(new)
            except OSError as exc:
                raise StoreError(f"cannot write {view.log.path}: {os_reason(exc)}") from None
            view.log_seen = len(view.log.appended)
    for revision in new:
        graph.add(revision)
    view.log_revisions.extend(new)
    view._note_origin(new)
    return len(new)


def seal(view: TeamView) -> ChangeSet | None:
    """Seal this device's revisions that are in no change set of its own yet into a new change set
    (kept in team/sets/). Returns it, or None when there was nothing new."""
    own = {r.id for cs in view.change_sets if cs.device == view.device for r in cs.revisions}
    pending: dict[str, Revision] = {}
    for revision in view.log_revisions:
        if revision.id not in own:
            pending.setdefault(revision.id, revision)
    if not pending:
        return None
    view.log.sync()
    change_set = build_set(
        view.session.review.id, view.device, view.sets.next_seq(view.device), list(pending.values())
    )
    view.sets.add(change_set)
    view.change_sets.append(change_set)
    return change_set


def take_in(view: TeamView, change_sets: Iterable[ChangeSet]) -> list[ChangeSet]:
    """Keep the change sets not held yet (each whole, sealed file) and add them to the view; returns
    those that were new. Nothing is saved into the store here: `apply` does that."""
    held = view.held
    new: list[ChangeSet] = []
    for change_set in change_sets:
        if change_set.digest in held:
            continue
        if not new and not view.session.store.readonly:
            _mark_applying(view)  # from the first set kept until apply() has saved them all
        view.sets.add(change_set)
        held.add(change_set.digest)
        view.change_sets.append(change_set)
        for revision in change_set.revisions:
            view.graph.add(revision)
        view._note_origin(change_set.revisions)
        new.append(change_set)
    return new


def apply(view: TeamView, keys: Iterable[RecordKey] | None = None) -> list[Record]:
    """Save into the store the shown revision of each record of `keys` (every known record when
    None) whose stored version differs, in one save: new records in the order they were created.
    A read-only session only updates what it shows. Returns the records saved."""
    store = view.session.store
    graph = view.graph
    wanted = list(graph.records) if keys is None else list(dict.fromkeys(keys))
    revisions: list[Revision] = []
    with store.reading():
        for key in wanted:
            shown = graph.shown(key)
            if shown is None:
                continue
            current = store.tables[key[0]].get(key[1])
            if current is None or (current is not shown.record and current != shown.record):
                revisions.append(shown)
        if not revisions:
            _unmark_applying(view)
            return []
        origin = view.origin
        revisions.sort(key=lambda r: (r.record.created, origin.get(r.id, 0)))
        changed = [r.record for r in revisions]
        if store.readonly:
            for record in changed:
                store.tables[record.TABLE][record.id] = record
            return changed
        _mark_applying(view)
        store.save_many(changed)
        _unmark_applying(view)
    return changed


def _mark_applying(view: TeamView) -> None:
    marker = team_dir(view.session.store.folder) / APPLYING_FILE
    if not os.path.lexists(marker):
        atomic_write_bytes(marker, json.dumps({"since": now_iso()}).encode("ascii"))


def _unmark_applying(view: TeamView) -> None:
    if view.session.store.readonly:
        return
    try:
        os.unlink(team_dir(view.session.store.folder) / APPLYING_FILE)
    except FileNotFoundError:
        pass
    except OSError:
        pass  # the next open applies again, which changes nothing


def needs_repair(session: ReviewSession) -> bool:
    """True when received change sets may not all be saved into the store yet (a crash while
    applying them)."""
    return os.path.lexists(team_dir(session.store.folder) / APPLYING_FILE)


def repair_on_open(session: ReviewSession) -> None:
    """Called as a session opens: finish applying received change sets a crash interrupted (a
    read-only session shows the review as if it had). Costs one stat when there is nothing to do."""
    if not needs_repair(session):
        return
    view = load(session)
    reconcile(view)
    apply(view)
    session.store.report.notices.append(
        "finished taking in change sets received just before the program stopped"
    )
