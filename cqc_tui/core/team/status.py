"""The team at a glance, and the lead's gate (docs/team.md, "Team view" and "Before the final
report").

`team_status(session)` says who is in the team, on which devices they work, when each device last
synced (as far as this laptop knows: the time its newest change set here was sealed), how many
notes each member wrote per scope unit and key question, how many records are in conflict, and
what this device has not shared yet. The errors a final export must not pass (every record in
conflict, every member whose changes on this device have not been shared) are readiness checks:
cqc_tui.core.readiness.team_findings.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cqc_tui.core.team.folder_sync import team_folder
from cqc_tui.core.team.identity import chosen_member, device_id
from cqc_tui.core.team.layout import log_path, team_dir
from cqc_tui.core.team.merge import load
from cqc_tui.core.team.share import last_exchange

if TYPE_CHECKING:
    from cqc_tui.core.team import ReviewSession


@dataclass
class DeviceStatus:
    """One laptop as this device knows it: who worked on it, when its newest change set held here
    was sealed, and how much it has contributed."""

    device: str
    members: list[str]
    last_sync: str  # when its newest change set held here was sealed ('' if none)
    change_sets: int
    revisions: int
    this_device: bool = False


@dataclass
class MemberStatus:
    """One team member: their laptops and last sync, their notes (in all and per scope unit and
    key question), and changes of theirs this laptop has not shared yet."""

    name: str
    role: str
    devices: list[str]
    last_sync: str  # the latest last_sync of their devices
    last_change: str  # their latest change known here
    notes: int  # live notes they wrote
    notes_by_place: dict[tuple[str, str], int] = field(
        default_factory=dict
    )  # (scope unit label, kq label)
    unshared: int = 0  # their changes on this device not shared yet


@dataclass
class TeamStatus:
    """Where the team stands as this laptop knows it (`team_status`): this device and who uses
    it, the team folder, the last share and sync, every member and device, open conflicts."""

    device: str
    me: str  # the member chosen on this device ('' if none)
    folder: str  # the review's team folder here ('' if none)
    last_share: str
    last_sync: str
    members: list[MemberStatus]
    devices: list[DeviceStatus]
    conflicts: int
    unshared: int  # changes on this device not shared yet

    def to_json(self) -> dict[str, Any]:
        """Everything, as `team --json` prints it."""
        data = {k: v for k, v in self.__dict__.items() if k not in ("members", "devices")}
        data["members"] = [
            dict(
                m.__dict__,
                notes_by_place=[
                    {"scope_unit": u, "key_question": k, "notes": n}
                    for (u, k), n in sorted(m.notes_by_place.items())
                ],
            )
            for m in self.members
        ]
        data["devices"] = [d.__dict__ for d in self.devices]
        return data


def unshared_by_member(session: ReviewSession) -> Counter[str]:
    """member -> how many of their revisions this device logged but has not sealed into a change set
    (sealing happens when the device shares or syncs). Cheap: reads this device's log and own
    sets."""
    if not team_dir(session.store.folder).is_dir():
        return Counter()
    device = device_id(session.workspace.home)
    sealed: set[str] = set()
    own = team_dir(session.store.folder) / "sets" / device
    for path in sorted(own.glob(f"{device}-*.cqcs")) if own.is_dir() else []:
        try:
            body = json.loads(path.read_bytes())
            sealed.update(r["id"] for r in body["revisions"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    counts: Counter[str] = Counter()
    try:
        lines = log_path(session.store.folder, device).read_bytes().split(b"\n")[:-1]
    except OSError:
        return counts
    seen: set[str] = set()
    for line in lines:
        try:
            entry = json.loads(line)
            rid, member = entry["id"], entry["r"].get("updated_by", "")
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        if rid not in sealed and rid not in seen:
            seen.add(rid)
            counts[member] += 1
    return counts


def team_status(session: ReviewSession) -> TeamStatus:
    """Where the team stands, as this laptop knows it (see the module docstring). Reads the
    review's change sets: run it in a worker for a big review."""
    with session.team_lock:
        view = load(session)
        device = view.device
        devices: dict[str, DeviceStatus] = {}
        for change_set in view.change_sets:
            status = devices.setdefault(
                change_set.device, DeviceStatus(change_set.device, [], "", 0, 0)
            )
            status.change_sets += 1
            status.revisions += len(change_set.revisions)
            status.last_sync = max(status.last_sync, change_set.sealed)
        member_devices: dict[str, set[str]] = defaultdict(set)
        last_change: dict[str, str] = {}
        for revisions in view.graph.records.values():
            for revision in revisions.values():
                member_devices[revision.member].add(revision.device)
                last_change[revision.member] = max(
                    last_change.get(revision.member, ""), revision.time
                )
        conflicts = sum(1 for _ in view.graph.conflicts())
    chosen = chosen_member(session)
    if chosen is not None:  # who uses this laptop works on it, even before their first change
        member_devices[chosen.name].add(device)
    exchanged = last_exchange(session.store.folder)
    mine = devices.setdefault(device, DeviceStatus(device, [], "", 0, 0))
    mine.this_device = True
    mine.last_sync = max(mine.last_sync, exchanged.get("sync", ""), exchanged.get("share", ""))
    for name, their_devices in member_devices.items():
        for used_device in their_devices:
            if used_device in devices:
                devices[used_device].members.append(name)
    for status in devices.values():
        status.members.sort()
    unshared = unshared_by_member(session)
    units = {u.id: u.label for u in session.scope_units(include_deleted=True)}
    kqs = {kq.code: kq.label for kq in session.framework.key_questions}
    by_member: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for note in session.notes():
        by_member[note.author][
            (
                units.get(note.scope_unit, "Whole review"),
                kqs.get(note.key_question, note.key_question),
            )
        ] += 1
    members = []
    for member in session.members():
        used = sorted(member_devices.get(member.name, set()))
        members.append(
            MemberStatus(
                member.name,
                member.role,
                used,
                max((devices[d].last_sync for d in used if d in devices), default=""),
                last_change.get(member.name, ""),
                sum(by_member[member.name].values()),
                dict(by_member[member.name]),
                unshared.get(member.name, 0),
            )
        )
    folder = team_folder(session)
    return TeamStatus(
        device,
        chosen.name if chosen else "",
        str(folder) if folder else "",
        exchanged.get("share", ""),
        exchanged.get("sync", ""),
        members,
        sorted(devices.values(), key=lambda d: (not d.this_device, d.device)),
        conflicts,
        sum(unshared.values()),
    )
