"""Who and where: the device id of a workspace, and the team member working on a review here.

Every revision carries the team member who made it (the record's `updated_by`, and `author` for a
new record) and the device it was made on. The device id is made once per workspace
(`<workspace>/device.json`): copying a whole workspace to another laptop copies the id too, so
move reviews between laptops with `cqc-tui share` / `receive` instead. The member is chosen per
review on each device from the review's team list (`team/me.json` in the review folder); it can be
changed at any time, and a new member can be added on the spot. Names, never the operating-system
user, are what coverage, filters, readiness and the report show.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from cqc_tui.core.errors import StoreError, ValidationError, os_reason
from cqc_tui.core.model import TeamMember
from cqc_tui.core.store import atomic_write_bytes, fsync_dir
from cqc_tui.core.team.layout import DEVICE_FILE, DEVICE_PATTERN, ME_FILE, team_dir

if TYPE_CHECKING:
    from cqc_tui.core.team import ReviewSession


def device_id(home: Path) -> str:
    """The device id of the workspace at `home`, made (12 random lowercase hex digits) and kept in
    `device.json` the first time it is asked for. Two processes asking at once get the same id.
    Raises StoreError (one line) when the file cannot be read or written."""
    path = Path(home) / DEVICE_FILE
    existing = _read_device(path)
    if existing:
        return existing
    new = secrets.token_hex(6)
    tmp = path.with_name(f".{DEVICE_FILE}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        Path(home).mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(tmp, json.dumps({"device": new}).encode("ascii"))
        try:
            os.link(tmp, path)  # only the first of two racing processes gets its id in place
            fsync_dir(path.parent)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {os_reason(exc)}") from None
    found = _read_device(path)
    if not found:
        raise StoreError(
            f"{path} does not hold a device id; move it aside and try again (a new one is made)"
        )
    return found


def _read_device(path: Path) -> str | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "it is not readable JSON"
        raise StoreError(
            f"cannot read the device id in {path}: {reason}; move it aside and try again"
        ) from None
    device = data.get("device") if isinstance(data, dict) else None
    if not isinstance(device, str) or not DEVICE_PATTERN.fullmatch(device):
        raise StoreError(f"{path} does not hold a usable device id; move it aside and try again")
    return device


def find_member(session: ReviewSession, name: str) -> TeamMember | None:
    """The team member `name` names: their id, their name or their initials (case does not matter),
    or an unambiguous start of their name. None when no member (or more than one) fits."""
    wanted = name.strip().casefold()
    if not wanted:
        return None
    members = session.members()
    for test in (
        lambda m: m.id == name.strip(),
        lambda m: m.name.casefold() == wanted,
        lambda m: bool(m.initials) and m.initials.casefold() == wanted,
        lambda m: m.name.casefold().startswith(wanted),
    ):
        found = [m for m in members if test(m)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return None
    return None


def chosen_member(session: ReviewSession) -> TeamMember | None:
    """The member chosen on this device for this review, if one was and they are still in the
    team."""
    path = team_dir(session.store.folder) / ME_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    member_id = data.get("member") if isinstance(data, dict) else None
    if not isinstance(member_id, str):
        return None
    member = session.store.get("members", member_id)
    return member if isinstance(member, TeamMember) and not member.deleted else None


def choose_member(
    session: ReviewSession, name: str, add: bool = False, role: str = ""
) -> TeamMember:
    """Make `name` the member working on this review on this device, from now on (kept in
    team/me.json) and for this session (`session.user`). With `add`, a name not in the team is
    added to it first (a new TeamMember revision, by that member). Raises ValidationError naming the
    team when `name` fits no member (or several) and `add` is not given."""
    member = find_member(session, name)
    if member is None:
        if not add:
            names = ", ".join(m.name for m in session.members()) or "nobody yet"
            raise ValidationError(
                f"'{name}' is not one member of the review's team ({names}); "
                "give a name from the list, or add yourself as a new member"
            )
        if session.readonly:
            raise StoreError("this review is open read-only; a member cannot be added")
        clean = name.strip()
        initials = "".join(part[0] for part in clean.split() if part[:1].isalpha()).upper()[:4]
        added = session.add(TeamMember, name=clean, role=role, initials=initials, author=clean)
        assert isinstance(added, TeamMember)
        member = added
    remember_member(session.store.folder, member)
    session.user = member.name
    return member


def remember_member(review_folder: Path, member: TeamMember) -> None:
    """Keep `member` as the one working on this review on this device (team/me.json)."""
    folder = team_dir(review_folder)
    try:
        if not folder.is_dir():
            folder.mkdir(exist_ok=True)
            fsync_dir(folder.parent)
    except OSError as exc:
        raise StoreError(f"cannot create {folder}: {os_reason(exc)}") from None
    atomic_write_bytes(
        folder / ME_FILE,
        json.dumps({"member": member.id, "name": member.name}, ensure_ascii=False).encode("utf-8"),
    )
