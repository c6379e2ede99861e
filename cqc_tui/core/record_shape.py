"""The shape every record field must have, and the size limits of every field: defined here, once,
and documented in docs/exchange-format.md ("Limits"). Saving in the app, importing a file and
reading a review from disk all check against these (`shape_problems`; the store's read-side checks
and the exporters use the constants too). What a record means for its review is checked in
`core.validate`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from cqc_tui.core.model import Record

# -- size limits (one place; the store's read-side checks and the exporters use them too) -------------
MAX_TEXT_CHARS = (
    1_000_000  # long free text: a note's text, a rationale, a finding's text, a report section
)
MAX_SHORT_CHARS = 1_000  # every other text field: titles, names, labels, codes, places, owners, ids
MAX_LIST_ITEMS = 10_000  # items in a list field (a note's lines, the notes a rating cites ...)
MAX_MAPPING_ITEMS = 1_000  # entries in a mapping field (a review's report sections and counts)
LONG_TEXT_FIELDS = frozenset(
    {"text", "rationale", "departure_reason", "progress", "note", "how_not_met"}
)
LONG_TEXT_MAPPINGS = frozenset({"sections", "fields"})  # mappings whose text values may be long

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def shown(value: Any, limit: int = 60) -> str:
    """A value for a message: its repr, cut short (a hostile file may hold megabytes in one value)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 15]}... ({len(text):,} characters)"


def _text_problem(where: str, value: Any, limit: int) -> str | None:
    if not isinstance(value, str):
        return f"{where} must be text, not {shown(value)}"
    if len(value) > limit:
        advice = "; split it into several" if limit == MAX_TEXT_CHARS else ""
        return f"{where} is {len(value):,} characters long; at most {limit:,} are allowed{advice}"
    return None


def _scalar_problem(where: str, value: Any, long_text: bool) -> str | None:
    if isinstance(value, str):
        return _text_problem(where, value, MAX_TEXT_CHARS if long_text else MAX_SHORT_CHARS)
    if value is None or isinstance(value, (bool, int, float)):
        return (
            None
            if not isinstance(value, int) or isinstance(value, bool) or abs(value) < 10**18
            else f"{where} {shown(value)} is too large a number"
        )
    return f"{where} must be text, a number or true/false, not {shown(value)}"


_FIELD_KINDS: dict[type, list[tuple[str, str]]] = {}


def _field_kinds(cls: type) -> list[tuple[str, str]]:
    kinds = _FIELD_KINDS.get(cls)
    if kinds is None:
        kinds = []
        for record_field in dataclasses.fields(cls):
            kind = (
                record_field.type
                if isinstance(record_field.type, str)
                else getattr(record_field.type, "__name__", "")
            )
            kinds.append((record_field.name, kind))
        _FIELD_KINDS[cls] = kinds
    return kinds


def shape_problems(record: Record) -> list[str]:
    """Type and size problems of every field of `record` (empty when all fit): text within
    MAX_TEXT_CHARS or MAX_SHORT_CHARS, lists and mappings within MAX_LIST_ITEMS and
    MAX_MAPPING_ITEMS, whole numbers, true/false. Cheap enough to run on every save and read."""
    problems: list[str] = []
    for name, kind in _field_kinds(type(record)):
        value = getattr(record, name)
        if kind == "str":
            problem = _text_problem(
                name, value, MAX_TEXT_CHARS if name in LONG_TEXT_FIELDS else MAX_SHORT_CHARS
            )
        elif kind == "int":
            problem = (
                None
                if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**18
                else f"{name} must be a whole number, not {shown(value)}"
            )
        elif kind == "bool":
            problem = (
                None
                if isinstance(value, bool)
                else f"{name} must be true or false, not {shown(value)}"
            )
        elif kind == "tuple":
            problem = _list_problem(name, value)
        elif kind == "dict":
            problem = _mapping_problem(name, value, long_text=name in LONG_TEXT_MAPPINGS)
        else:
            problem = None
        if problem:
            problems.append(problem)
    return problems


def _list_problem(name: str, value: Any) -> str | None:
    if not isinstance(value, (tuple, list)):
        return f"{name} must be a list, not {shown(value)}"
    if len(value) > MAX_LIST_ITEMS:
        return f"{name} holds {len(value):,} items; at most {MAX_LIST_ITEMS:,} are allowed"
    for index, item in enumerate(value):
        where = f"{name}[{index + 1}]"
        problem = (
            _mapping_problem(where, item, long_text=False)
            if isinstance(item, dict)
            else _text_problem(where, item, MAX_SHORT_CHARS)
        )
        if problem:
            return problem
    return None


def _mapping_problem(name: str, value: Any, long_text: bool) -> str | None:
    if not isinstance(value, dict):
        return f"{name} must be a mapping, not {shown(value)}"
    if len(value) > MAX_MAPPING_ITEMS:
        return f"{name} holds {len(value):,} entries; at most {MAX_MAPPING_ITEMS:,} are allowed"
    for key, item in value.items():
        problem = _text_problem(f"{name} key", key, MAX_SHORT_CHARS) or (
            _list_problem(f"{name}.{key}", item)
            if isinstance(item, (list, tuple))
            else _scalar_problem(f"{name}.{key}", item, long_text)
        )
        if problem:
            return problem
    return None
