"""Reading records from store-like tables ({table: {id: Record}} or {table: [Record | dict]}), as
the ratings engine and readiness checks get them (a live session or a dump being imported)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cqc_tui.core.model import Record, Review, record_from_dict


def table_records(
    tables: Mapping[str, Any], name: str, include_deleted: bool = False
) -> list[Record]:
    """Records of one table from a store-like mapping: {table: {id: Record}} or {table: [Record | dict]}."""
    raw = tables.get(name)
    if raw is None:
        return []
    if isinstance(raw, Record):
        values: Iterable = [raw]
    elif isinstance(raw, Mapping):
        values = raw.values()
    else:
        values = raw
    out = []
    for value in values:
        record = value if isinstance(value, Record) else record_from_dict(name, value)
        if include_deleted or not record.deleted:
            out.append(record)
    return out


def review_of(tables: Mapping[str, Any]) -> Review | None:
    """The review record of store-like tables (see `table_records`), None when there is none."""
    reviews = table_records(tables, "review")
    return reviews[0] if reviews else None  # type: ignore[return-value]


def latest_record(records: Iterable[Record]) -> Record | None:
    """The most recently updated of `records` (then the higher revision, then id); None for none."""
    return max(records, key=lambda record: (record.updated, record.rev, record.id), default=None)
