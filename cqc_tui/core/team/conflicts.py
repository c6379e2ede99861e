"""Conflicts: a record changed on two laptops from the same version keeps both versions until a
member resolves it (docs/team.md, "Conflicts").

`conflicts(session)` lists every record in conflict: each competing version with who made it,
when and on which device, and which fields differ. The version the review shows meanwhile is the
first (the same on every laptop).
`resolve_conflict(session, table, record_id, keep=..., fields=...)`
records the resolution: a new revision based on every competing version, by the member resolving
it, holding the version kept (or the one shown) with `fields` changed, e.g. a combined text.
Nothing is thrown away: the competing versions stay in every laptop's change sets.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cqc_tui.core.errors import ValidationError
from cqc_tui.core.key_labels import pretty_key
from cqc_tui.core.model import Record, SectionState, now_iso
from cqc_tui.core.record_codec import record_dict
from cqc_tui.core.team.merge import load, start_team
from cqc_tui.core.team.revisions import STAMP_FIELDS, Revision
from cqc_tui.core.validate import check_record

if TYPE_CHECKING:
    from cqc_tui.core.team import ReviewSession

_LABEL_FIELDS = ("heading", "text", "name", "title", "label", "rationale")


@dataclass(frozen=True)
class Version:
    """One competing version of a record in conflict."""

    revision: str  # its revision id
    member: str
    device: str
    time: str
    deleted: bool
    shown: bool  # the version the review shows until the conflict is resolved
    fields: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """Every field, as `conflicts --json` prints it."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Conflict:
    """A record with more than one head: which record, the version shown meanwhile, and every
    competing version."""

    table: str
    record_id: str
    label: str  # a few words saying which record it is
    versions: tuple[Version, ...]
    differing: tuple[str, ...]  # the fields whose values differ between the versions

    def to_json(self) -> dict[str, Any]:
        """The conflict as `conflicts --json` prints it."""
        return {
            "table": self.table,
            "record_id": self.record_id,
            "label": self.label,
            "differing": list(self.differing),
            "versions": [v.to_json() for v in self.versions],
        }


# Who last edited a record's text and when: kept in each version's fields, but not named among
# what differs (two edits always differ in them; the versions' members and times say it).
EDIT_STAMPS = frozenset({"edited_by", "edited"})


def _label(record: Record) -> str:
    if isinstance(record, SectionState):  # its text differs between versions: name the section
        return pretty_key(record.key)
    for name in _LABEL_FIELDS:
        value = getattr(record, name, "")
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= 60 else text[:57] + "..."
    return record.id[:8]


def _conflict(table: str, record_id: str, heads: list[Revision]) -> Conflict:
    fields = [
        {k: v for k, v in record_dict(h.record).items() if k not in STAMP_FIELDS} for h in heads
    ]
    differing = tuple(
        name
        for name in fields[0]
        if name not in EDIT_STAMPS and len({repr(f.get(name)) for f in fields}) > 1
    )
    versions = tuple(
        Version(h.id, h.member, h.device, h.time, h.record.deleted, i == 0, f)
        for i, (h, f) in enumerate(zip(heads, fields, strict=True))
    )
    return Conflict(table, record_id, _label(heads[0].record), versions, differing)


def conflicts(session: ReviewSession) -> list[Conflict]:
    """Every record of the review in conflict on this device, in table order then id (reads the
    review's change sets: run it in a worker for a big review)."""
    with session.team_lock:
        view = load(session)
        return [_conflict(key[0], key[1], heads) for key, heads in view.graph.conflicts()]


def find_conflict(session: ReviewSession, record: str) -> Conflict:
    """The conflict of the record whose id is or starts with `record`. Raises ValidationError (one
    line) when no record in conflict, or more than one, fits."""
    found = (
        [c for c in conflicts(session) if c.record_id.startswith(record.strip())]
        if record.strip()
        else []
    )
    if not found:
        raise ValidationError(
            f"no record in conflict has an id starting '{record}' ('cqc-tui conflicts REVIEW' "
            "lists them)"
        )
    if len(found) > 1:
        raise ValidationError(
            f"'{record}' fits {len(found)} records in conflict; give more of the id"
        )
    return found[0]


def resolve_conflict(
    session: ReviewSession,
    table: str,
    record_id: str,
    keep: str | None = None,
    fields: dict[str, Any] | None = None,
) -> Record:
    """Resolve the conflict of record `record_id` of `table`: a new revision, based on every
    competing version, by `session.user`, holding the version `keep` names (its revision id or the
    start of it; default: the one shown) with `fields` set (field name -> value). Checked like any
    save; saved durably and logged. Raises ValidationError (one line) when the record is not in
    conflict, `keep` names none of its versions, or a field is unknown or invalid."""
    with session.team_lock:
        return _resolve(session, table, record_id, keep, fields)


def _resolve(
    session: ReviewSession,
    table: str,
    record_id: str,
    keep: str | None,
    fields: dict[str, Any] | None,
) -> Record:
    start_team(session)
    view = load(session)
    heads = view.graph.conflict_heads((table, record_id))
    if not heads:
        raise ValidationError(
            f"{table} record {record_id[:8]} is not in conflict here (resolved already, or "
            "the other version has not reached this laptop)"
        )
    chosen = heads[0]
    if keep:
        matches = [h for h in heads if h.id.startswith(keep)]
        if len(matches) != 1:
            raise ValidationError(
                f"'{keep}' names none of the versions of {table} record {record_id[:8]} "
                f"(they are {', '.join(h.id[:8] for h in heads)})"
            )
        chosen = matches[0]
    names = {f.name for f in dataclasses.fields(chosen.record)}
    changes: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in (fields or {}).items()
    }
    bad = [
        name for name in changes if name not in names or name in ("id", "created", *STAMP_FIELDS)
    ]
    if bad:
        raise ValidationError(f"{table} records have no field '{bad[0]}' that can be set")
    stamp = max(now_iso(), *(h.record.updated for h in heads))
    changes = chosen.record.resolution_changes(changes, session.user, stamp)
    changes.update(rev=max(h.record.rev for h in heads) + 1, updated=stamp, updated_by=session.user)
    record = dataclasses.replace(
        chosen.record,
        **changes,
    )
    problems = check_record(record, session.context())
    if problems:
        raise ValidationError(f"{table} record {record_id[:8]}: {problems[0]}")
    store = session.store
    with store.reading():
        saved = store.save(record)
        if session.team_log is not None:
            session.team_log.record_saved(None, saved, bases=[h.id for h in heads])
    return saved
