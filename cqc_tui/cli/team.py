"""The team commands (docs/team.md): who you are on a review (member), exchange by bundle file
(share, receive) or team folder (sync), conflicts (conflicts, resolve) and the team (team).
A thin shell over cqc_tui.core.team; registered on the main command group in cqc_tui.cli."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from cqc_tui.core.errors import ReviewLocked, ValidationError
from cqc_tui.core.team.identity import choose_member, chosen_member, device_id, find_member
from cqc_tui.core.workspace import ReviewSession

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def open_review(obj: Any, review: str, readonly: bool = False) -> ReviewSession:
    """Open `review` as the CLI's user: with --as NAME, as that member of the review's team (one
    line naming the team when NAME is none of them)."""
    session = obj.workspace.open(review, readonly=readonly, user=obj.session_user)
    if obj.as_name:
        member = find_member(session, obj.as_name)
        if member is None:
            names = ", ".join(m.name for m in session.members()) or "nobody yet"
            session.close(compact=False)
            raise ValidationError(
                f"--as {obj.as_name}: not one member of the team of '{session.review.title}' "
                f'({names}); add yourself with: cqc-tui member REVIEW "{obj.as_name}" --add'
            )
        session.user = member.name
    return session


def open_for_exchange(obj: Any, review: str, in_the_app: str) -> ReviewSession:
    """`open_review` for sharing or syncing: when the app has the review open, the one line says
    how to do the same in the app (`in_the_app`)."""
    try:
        return open_review(obj, review)
    except ReviewLocked as exc:
        held = str(exc).replace(", or open it read-only", "")  # reading cannot share or sync
        raise ReviewLocked(f"{held}; or, in the app, {in_the_app}") from None


@click.command("member")
@click.argument("review")
@click.argument("name", required=False)
@click.option("--add", is_flag=True, help="Add NAME to the review's team if it is not in it yet.")
@click.option("--role", default="", help="With --add: the new member's role, e.g. Inspector.")
@click.pass_obj
def member_cmd(obj: Any, review: str, name: str | None, add: bool, role: str) -> None:
    """Say who you are on REVIEW on this device (a member of its team), or show who you are.

    Every change you make from then on carries your name and this device."""
    session = obj.workspace.open(review, readonly=name is None, user=obj.session_user)
    try:
        if name is None:
            current = chosen_member(session)
            who = current.name if current is not None else "nobody chosen yet"
            out.print(Text(f"on this device ({device_id(obj.workspace.home)}) you are: {who}"))
            for member in session.members():
                out.print(Text(f"  {member.name}" + (f" ({member.role})" if member.role else "")))
            return
        member = choose_member(session, name, add=add, role=role)
    finally:
        session.close()
    out.print(Text(f"on this device you are {member.name} for '{session.review.title}'"))


@click.command("share")
@click.argument("review")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Bundle file to write (e.g. review.cqcb).",
)
@click.option(
    "--since",
    type=click.Path(dir_okay=False, exists=True),
    help="A bundle the receiver sent you: leave out every change set they already have.",
)
@click.pass_obj
def share_cmd(obj: Any, review: str, output: str, since: str | None) -> None:
    """Write REVIEW's changes to one bundle file for the team (docs/team.md).

    Everything this device holds for the review, or with --since only what the receiver lacks.
    They take it in with 'cqc-tui receive FILE'."""
    from pathlib import Path

    from cqc_tui.core.team.share import share

    session = open_for_exchange(obj, review, "t for the team view, then b shares to a file")
    try:
        result = share(session, Path(output), Path(since) if since else None)
    finally:
        session.close()
    out.print(
        Text(
            f"wrote {result.path}: {result.change_sets} change set(s), {result.revisions} "
            "change(s), "
            f"{result.size:,} bytes"
        )
    )


@click.command("receive")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--review", "review", help="Refuse bundles of any other review than this one.")
@click.pass_obj
def receive_cmd(obj: Any, files: tuple[str, ...], review: str | None) -> None:
    """Take bundle files in (from 'cqc-tui share'), creating the review if this workspace does not
    have it yet. Receiving a bundle twice changes nothing; a cut-short, altered or other-review
    bundle is refused with one line and nothing of it is taken (exit status 1)."""
    from pathlib import Path

    from cqc_tui.core.team.share import receive

    results, refused = receive(
        obj.workspace, [Path(f) for f in files], review, user=obj.session_user
    )
    for result in results:
        what = "created" if result.created else "updated"
        out.print(
            Text(
                f"{what} '{result.title}' ({result.review_id[:8]}): {result.change_sets} new "
                "change set(s), "
                f"{result.revisions} change(s), {result.saved} record(s) changed"
                + (f", {result.attachments} attachment(s)" if result.attachments else "")
                + (
                    f"; {result.conflicts} conflict(s): cqc-tui conflicts {result.review_id[:8]}"
                    if result.conflicts
                    else ""
                )
            )
        )
    for line in refused:
        err.print(Text(f"error: {line}"))
    if refused:
        raise click.exceptions.Exit(1)


@click.command("sync")
@click.argument("review")
@click.option(
    "--folder",
    type=click.Path(file_okay=False),
    help="The team folder (USB stick, network share, cloud or Syncthing folder); remembered "
    "for next "
    "time.",
)
@click.pass_obj
def sync_cmd(obj: Any, review: str, folder: str | None) -> None:
    """Publish this device's changes to REVIEW's team folder and take in everyone else's.

    Each device writes only into its own sub-folder; files still being copied there are left for
    next time. Exit status 1 when something could not be exchanged."""
    from pathlib import Path

    from cqc_tui.core.errors import ReviewNotFound
    from cqc_tui.core.team.folder_sync import join_from_folder, sync_folder

    try:
        obj.workspace.resolve(review)
    except ReviewNotFound:
        if not folder:
            raise
        review = join_from_folder(obj.workspace, Path(folder), review)
        out.print(Text(f"joined review {review[:8]} from the team folder"))
    session = open_for_exchange(obj, review, "y syncs with the team folder")
    try:
        result = sync_folder(session, Path(folder) if folder else None)
    finally:
        session.close()
    out.print(
        Text(
            f"synced with {result.folder}: sent {result.sent} change set(s), received "
            f"{result.received} "
            f"({result.revisions} change(s), {result.saved} record(s) changed)"
            + (
                f"; attachments: {result.files_sent} sent, {result.files_received} received"
                if result.files_sent or result.files_received
                else ""
            )
            + (
                f"; {result.conflicts} conflict(s): cqc-tui conflicts {review}"
                if result.conflicts
                else ""
            )
        )
    )
    for line in result.waiting:
        out.print(Text(f"waiting: {line} (tried again next sync)", style="yellow"))
    for line in result.errors:
        err.print(Text(f"error: {line}"))
    if result.errors:
        raise click.exceptions.Exit(1)


def _shown_value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "(none)"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    text = " ".join(str(value).split())
    return (text if len(text) <= 300 else text[:297] + "...") or "(empty)"


@click.command("conflicts")
@click.argument("review")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def conflicts_cmd(obj: Any, review: str, as_json: bool) -> None:
    """List REVIEW's records changed on two laptops from the same version: each competing version
    with who, when and on which device, and what differs. Resolve one with 'cqc-tui resolve'."""
    from cqc_tui.core.team.conflicts import conflicts

    session = open_review(obj, review, readonly=True)
    try:
        found = conflicts(session)
    finally:
        session.close()
    if as_json:
        click.echo(json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=2))
        return
    if not found:
        out.print("no conflicts")
        return
    for conflict in found:
        out.print(
            Text(
                f"{conflict.table[:-1] if conflict.table.endswith('s') else conflict.table} "
                f"{conflict.record_id[:8]} '{conflict.label}': {len(conflict.versions)} versions "
                "differ in "
                f"{', '.join(conflict.differing)}",
                style="bold",
            )
        )
        for number, version in enumerate(conflict.versions, start=1):
            shown = " (shown meanwhile)" if version.shown else ""
            state = " DELETED" if version.deleted else ""
            out.print(
                Text(
                    f"  {number}. {version.revision[:8]} by {version.member or '?'} on device "
                    f"{version.device} "
                    f"at {version.time[:16].replace('T', ' ')}{state}{shown}"
                )
            )
            for name in conflict.differing:
                out.print(Text(f"       {name}: {_shown_value(version.fields.get(name))}"))
    out.print(
        Text(
            f"resolve one with: cqc-tui resolve {review} RECORD --keep VERSION [--set FIELD=VALUE "
            "...]"
        )
    )


@click.command("resolve")
@click.argument("review")
@click.argument("record")
@click.option(
    "--keep",
    help="The version to keep: its number in 'cqc-tui conflicts' or its revision id "
    "(default: the one shown).",
)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Change a field of the kept version, e.g. --set 'text=combined words' "
    "(lists: comma-separated).",
)
@click.pass_obj
def resolve_cmd(
    obj: Any, review: str, record: str, keep: str | None, settings: tuple[str, ...]
) -> None:
    """Resolve the conflict of RECORD (id or its start) in REVIEW: keep one version, or write a
    combined one. Recorded as a new change by you, based on every competing version; the others
    stay in the team's history."""
    import dataclasses as _dc

    from cqc_tui.core.model import RECORD_TYPES
    from cqc_tui.core.team.conflicts import find_conflict, resolve_conflict

    session = open_review(obj, review)
    try:
        conflict = find_conflict(session, record)
        chosen = None
        if keep:
            if keep.isdigit() and 1 <= int(keep) <= len(conflict.versions):
                chosen = conflict.versions[int(keep) - 1].revision
            else:
                chosen = keep
        types = {f.name: f.type for f in _dc.fields(RECORD_TYPES[conflict.table])}
        fields: dict[str, Any] = {}
        for setting in settings:
            name, sep, value = setting.partition("=")
            name = name.strip()
            if not sep or name not in types:
                raise ValidationError(
                    f"--set {setting!r}: give FIELD=VALUE with a field of the record "
                    f"({', '.join(n for n in types if n not in ('id', 'created'))})"
                )
            fields[name] = _typed(name, str(types[name]), value)
        saved = resolve_conflict(
            session, conflict.table, conflict.record_id, keep=chosen, fields=fields
        )
    finally:
        session.close()
    out.print(
        Text(
            f"resolved {conflict.table[:-1] if conflict.table.endswith('s') else conflict.table} "
            f"{saved.id[:8]} as {saved.updated_by}; share or sync to pass it on"
        )
    )


def _typed(name: str, declared: str, value: str) -> Any:
    if declared == "int":
        try:
            return int(value)
        except ValueError:
            raise ValidationError(f"--set {name}: '{value}' is not a whole number") from None
    if declared == "bool":
        if value.lower() not in ("true", "false", "yes", "no"):
            raise ValidationError(f"--set {name}: give true or false")
        return value.lower() in ("true", "yes")
    if declared == "tuple":
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if declared == "dict":
        raise ValidationError(f"--set {name}: this field cannot be set from the command line")
    return value


@click.command("team")
@click.argument("review")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def team_cmd(obj: Any, review: str, as_json: bool) -> None:
    """Where REVIEW's team stands, as this laptop knows it: members, their devices and last sync,
    notes per member, open conflicts and changes not shared yet."""
    from cqc_tui.core.team.status import team_status

    session = open_review(obj, review, readonly=True)
    try:
        status = team_status(session)
        title = session.review.title
    finally:
        session.close()
    if as_json:
        click.echo(json.dumps(status.to_json(), ensure_ascii=False, indent=2))
        return
    out.print(Text(f"Team of '{title}'", style="bold"))
    out.print(
        Text(
            f"this device: {status.device}; you are "
            f"{status.me or 'nobody chosen yet (cqc-tui member)'}; "
            f"team folder: {status.folder or 'none'}"
        )
    )
    out.print(
        Text(
            f"last shared: {_when(status.last_share)}; last synced: {_when(status.last_sync)}; "
            f"{status.conflicts} conflict(s); {status.unshared} change(s) here not shared yet"
        )
    )
    for member in status.members:
        devices = ", ".join(member.devices) or "no changes yet"
        out.print(
            Text(
                f"  {member.name}"
                + (f" ({member.role})" if member.role else "")
                + f": {member.notes} note(s); devices {devices}; "
                + f"last sync {_when(member.last_sync)}"
                + (f"; {member.unshared} not shared" if member.unshared else "")
            )
        )
        for (unit, kq), count in sorted(member.notes_by_place.items()):
            out.print(Text(f"      {unit} / {kq}: {count}"))


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ") + " UTC" if stamp else "never"
