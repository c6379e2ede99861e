"""Revisions and the revision graph: what a record is, given every revision of it a device knows.

A *revision* is one saved state of one record, made on one device by one team member: the record
itself (which carries its id, `rev`, `updated` and `updated_by`), the device that made it, and the
revision(s) it was based on (`bases`: empty when the record was created, one for an ordinary edit,
two or more for the resolution of a conflict).

A revision's id is the SHA-256 of its table and record (`revision_id`), so it is unique across
devices without any counter, a copy of it can be checked by anyone who receives it, and the same
record imported on two laptops is one revision, not two.

The state of a record is the set of its known revisions. Its *heads* are the known revisions that
no other known revision names as a base. One head: that is the record. Several heads whose
contents differ: a *conflict*; every head is kept, and the one shown meanwhile is the greatest by
(`rev`, `updated`, revision id), which is also the revision the store's own replay rule keeps.
Because all of this is a pure function of the SET of revisions, devices that have received the
same revisions, in any order, any number of times, show the same review (nothing depends on clocks
except the tie-break of which head is shown).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cqc_tui.core.model import RECORD_TYPES, TABLE_ORDER, Record
from cqc_tui.core.record_codec import CODECS, BadRecord, record_dict

# Tables exchanged between devices: everything but drafts (unsaved typing stays on its laptop).
SHARED_TABLES: tuple[str, ...] = TABLE_ORDER
# Fields that say who changed a record and when, not what it holds: two heads that differ only in
# these hold the same content and are not a conflict.
STAMP_FIELDS = ("rev", "updated", "updated_by")
REVISION_ID_LENGTH = 32  # hex digits of the SHA-256 kept (128 bits)

RecordKey = tuple[str, str]  # (table, record id)
# table -> {field: default} of the fields added after the table's records were first exchanged
# (Record.ADDED_FIELDS): left out of a revision's id while they hold their default.
_ADDED_DEFAULTS: dict[str, dict[str, Any]] = {
    table: {name: CODECS[table].defaults[name] for name in record_type.ADDED_FIELDS}
    for table, record_type in RECORD_TYPES.items()
    if record_type.ADDED_FIELDS
}


def canonical_bytes(data: Any) -> bytes:
    """The one byte form of JSON-able `data` every device computes alike: keys sorted, no spaces,
    everything beyond ASCII escaped (so any text, lone surrogates included, has exactly one
    form)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode(
        "ascii"
    )


def transport_bytes(data: Any) -> bytes:
    """JSON-able `data` as one line of ASCII, keys in the order given (a review's sections keep
    their order on every laptop). Change sets and logs are written so; ids never depend on it."""
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def revision_id(table: str, data: dict[str, Any]) -> str:
    """The id of the revision holding record `data` (every field, as `record_dict` gives) of
    `table`. A field added to the table after its records were first exchanged counts only when it
    differs from its default, so a record saved before the field existed (without it) and the same
    record read back now (with the default filled in) are one revision, on every laptop."""
    added = _ADDED_DEFAULTS.get(table)
    if added:
        data = {
            name: value
            for name, value in data.items()
            if name not in added or type(value) is not type(added[name]) or value != added[name]
        }
    return hashlib.sha256(canonical_bytes([table, data])).hexdigest()[:REVISION_ID_LENGTH]


def record_revision_id(record: Record) -> str:
    """The id of the revision that holds exactly `record`."""
    return revision_id(record.TABLE, record_dict(record))


def content_key(record: Record) -> bytes:
    """What a record holds, without who changed it and when (STAMP_FIELDS)."""
    data = record_dict(record)
    for name in STAMP_FIELDS:
        data.pop(name, None)
    return canonical_bytes(data)


@dataclass(frozen=True)
class Revision:
    """One saved state of one record (see the module docstring). `member` and `time` are the
    record's `updated_by` and `updated`."""

    id: str
    table: str
    record: Record
    bases: tuple[str, ...]
    device: str

    @property
    def key(self) -> RecordKey:
        """(table, record id): the record this revision is a version of."""
        return (self.table, self.record.id)

    @property
    def member(self) -> str:
        """The team member who made this version."""
        return self.record.updated_by

    @property
    def time(self) -> str:
        """When this version was saved (the device's clock: never used to order edits)."""
        return self.record.updated

    def order(self) -> tuple[int, str, str]:
        """Which of several heads is shown: the greatest (rev, updated, revision id)."""
        return (self.record.rev, self.record.updated, self.id)

    def to_json(self) -> dict[str, Any]:
        """The revision as it travels in change sets and change logs."""
        return {
            "id": self.id,
            "t": self.table,
            "b": list(self.bases),
            "d": self.device,
            "r": record_dict(self.record),
        }


def make_revision(record: Record, bases: Iterable[str], device: str) -> Revision:
    """The revision of `record` made on `device` from `bases` (its id computed from the record)."""
    return Revision(
        record_revision_id(record), record.TABLE, record, tuple(sorted(set(bases))), device
    )


def revision_from_json(data: Any, verify: bool = True) -> Revision:
    """A revision read from a change set or log. Raises ValueError naming what is wrong: not the
    shape above, a table that is not exchanged, a record whose fields cannot be used (the store's
    own read checks), or (with `verify`) an id that is not the hash of the record. Change sets
    read without `verify`: the SHA-256 of the whole change set already covers every byte of every
    revision in it, and hashing each record again would double the time to receive a review."""
    if type(data) is not dict:
        raise ValueError("a revision is not a mapping")
    rid, table, bases, device, doc = (
        data.get("id"),
        data.get("t"),
        data.get("b"),
        data.get("d"),
        data.get("r"),
    )
    if (
        type(rid) is not str
        or type(table) is not str
        or type(device) is not str
        or type(doc) is not dict
    ):
        raise ValueError("a revision lacks its id, table, device or record")
    if table not in SHARED_TABLES:
        raise ValueError(f"revision {rid[:12]}: table {table!r} is not exchanged")
    if type(bases) is not list or any(type(b) is not str for b in bases):
        raise ValueError(f"revision {rid[:12]}: its bases are not a list of revision ids")
    if verify and revision_id(table, doc) != rid:
        raise ValueError(
            f"revision {rid[:12]}: its id is not the hash of its record (changed on the way)"
        )
    try:
        record = CODECS[table].load(doc)
    except BadRecord as exc:
        raise ValueError(f"revision {rid[:12]}: {exc}") from None
    return Revision(rid, table, record, tuple(bases), device)


class Graph:
    """Every known revision of every record, and what follows from them (heads, shown version,
    conflicts). Adding a revision twice changes nothing."""

    def __init__(self, revisions: Iterable[Revision] = ()) -> None:
        self.records: dict[RecordKey, dict[str, Revision]] = {}
        self.ids: set[str] = set()
        self.several: set[RecordKey] = set()  # records with more than one known revision
        self._named: dict[RecordKey, set[str]] = {}
        for revision in revisions:
            self.add(revision)

    def __contains__(self, revision_id: object) -> bool:
        return revision_id in self.ids

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, revision: Revision) -> bool:
        """Add `revision`; True if it was not known before."""
        revs = self.records.setdefault(revision.key, {})
        if revision.id in revs:
            return False
        revs[revision.id] = revision
        self.ids.add(revision.id)
        if len(revs) > 1:
            self.several.add(revision.key)
        self._named.setdefault(revision.key, set()).update(revision.bases)
        return True

    def knows(self, key: RecordKey, revision_id: str) -> bool:
        """True when the revision `revision_id` of record `key` is in the graph."""
        return revision_id in self.records.get(key, {})

    def revisions(self, key: RecordKey) -> list[Revision]:
        """Every known revision of record `key`, in the order they became known."""
        return list(self.records.get(key, {}).values())

    def heads(self, key: RecordKey) -> list[Revision]:
        """The known revisions of the record that no known revision names as a base, greatest
        (the shown one) first. Never empty for a known record: should bases ever form a loop, every
        revision of the record counts as a head (shown, kept, never dropped)."""
        revs = self.records.get(key, {})
        if len(revs) == 1:
            return list(revs.values())
        named = self._named.get(key, set())
        heads = [r for rid, r in revs.items() if rid not in named] or list(revs.values())
        heads.sort(key=Revision.order, reverse=True)
        return heads

    def shown(self, key: RecordKey) -> Revision | None:
        """The revision shown for the record: its greatest head (None for an unknown record)."""
        heads = self.heads(key)
        return heads[0] if heads else None

    def conflict_heads(self, key: RecordKey) -> list[Revision]:
        """The heads of the record when they hold different contents (a conflict), else []."""
        heads = self.heads(key)
        if len(heads) < 2 or len({content_key(h.record) for h in heads}) < 2:
            return []
        return heads

    def conflicts(self) -> Iterator[tuple[RecordKey, list[Revision]]]:
        """Every record in conflict with its heads, in table order then record id."""
        rank = {t: i for i, t in enumerate(SHARED_TABLES)}
        for key in sorted(self.several, key=lambda k: (rank.get(k[0], 99), k[1])):
            heads = self.conflict_heads(key)
            if heads:
                yield key, heads
