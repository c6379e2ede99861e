"""One record of a review file read into the model: every field known and of the right kind
(text, whole number, true or false, list, mapping), dates written unquoted taken back as text;
each problem one line at file:line."""

from __future__ import annotations

import dataclasses
import datetime as _dt
from typing import Any

from cqc_tui.core.errors import Problem
from cqc_tui.core.model import RECORD_TYPES, Record, record_from_dict
from cqc_tui.core.record_shape import shown
from cqc_tui.core.yamlio import line_of


def _plain(value: Any) -> Any:
    """Dates written unquoted in YAML come back as dates; the model keeps text."""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return value.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def build_record(
    table: str, raw: Any, where: str, path: str, problems: list[Problem], line: int | None
) -> Record | None:
    """The record of `table` read from `raw` (a mapping from the file), or None after adding one
    problem to `problems`: not a mapping, an unknown field, a field of the wrong kind, or values
    the model refuses. `where` names the record in messages (e.g. 'notes[3]'); a whole number
    given for a text field is taken as text."""
    if not isinstance(raw, dict):
        problems.append(Problem(path, line, f"{where} must be a mapping of field: value"))
        return None
    cls = RECORD_TYPES[table]
    known = {record_field.name: record_field for record_field in dataclasses.fields(cls)}
    for key in raw:
        if key not in known:
            problems.append(
                Problem(
                    path,
                    line_of(raw, key, line),
                    f"{where} has an unknown field '{key}'; remove it or check the spelling",
                )
            )
            return None
    data = _plain(dict(raw))
    for key, value in data.items():
        record_field = known[key]
        want = (
            record_field.type
            if isinstance(record_field.type, str)
            else getattr(record_field.type, "__name__", "")
        )
        bad = None
        if want == "str" and not isinstance(value, str):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                data[key] = str(value)
            else:
                bad = "text"
        elif want == "int" and (not isinstance(value, int) or isinstance(value, bool)):
            bad = "a whole number"
        elif want == "bool" and not isinstance(value, bool):
            bad = "true or false"
        elif want == "tuple" and not isinstance(value, list):
            bad = "a list"
        elif want == "dict" and not isinstance(value, dict):
            bad = "a mapping"
        if bad:
            problems.append(
                Problem(
                    path,
                    line_of(raw, key, line),
                    f"{where}.{key} must be {bad}, not {shown(value)}",
                )
            )
            return None
    try:
        return record_from_dict(table, data)
    except (TypeError, ValueError) as exc:
        problems.append(Problem(path, line, f"{where} cannot be read: {exc}"))
        return None
