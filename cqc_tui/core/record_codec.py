"""Stored records <-> model records, with every field's type checked on the way in.

The store reads records from files anyone could have edited (a snapshot, a journal line). A record
whose fields do not have the types the model declares (``"text": 12345``, ``"lines": "S1"``, an id
that is not text) or exceed the sizes a save allows (`record_shape.MAX_TEXT_CHARS` ...) must never
reach the screens, the reports or the next snapshot: `RecordCodec.load` raises `BadRecord` for it,
naming the field, and the store sets it aside (quarantine/) with a notice. The checks are the
read-side twin of `record_shape.shape_problems`, which every save runs (and which the codec runs itself
for records with mappings and for any record it refuses, for the message); they are about types
and sizes only, never about the framework (a code a newer framework dropped is still a readable
record).

The model's from_dict/to_dict go through dataclasses.fields() for every record, which is most of
the cost of opening a 20,000-note review. The codec works the field lists out once per record type
(same defaults, same list -> tuple rule, unknown keys ignored) and checks a field with one type
comparison.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from cqc_tui.core.model import RECORD_TYPES, Draft, Record
from cqc_tui.core.record_shape import (
    LONG_TEXT_FIELDS,
    MAX_LIST_ITEMS,
    MAX_SHORT_CHARS,
    MAX_TEXT_CHARS,
    shape_problems,
)

MAX_ID_LENGTH = 200  # uuid4 ids are 36 characters; imported ids are checked on import
# The declared field types (model.py annotates with these names) and the JSON type each arrives as.
_JSON_TYPES: dict[str, type] = {"str": str, "int": int, "bool": bool, "tuple": list, "dict": dict}
# Items of the tuple fields: mappings for a review's locations and a note's attachments, text for
# every other list.
_ITEM_TYPES: dict[str, type] = {"locations": dict, "attachments": dict}
# A draft's fields, as the note editor writes and reads them back.
_DRAFT_FIELD_TYPES: dict[str, type] = {
    "lines": list,
    "quote": bool,
    "attachments": list,
    "observed": str,
}


class BadRecord(ValueError):
    """A stored record that cannot be used as it is; the message names the field and what is wrong."""


def _type_name(value: Any) -> str:
    return {
        str: "text",
        int: "a whole number",
        bool: "true/false",
        list: "a list",
        dict: "a mapping",
        float: "a decimal number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


class RecordCodec:
    """Loads and dumps the records of one table (see the module docstring)."""

    def __init__(self, cls: type[Record]):
        self.cls = cls
        fields = dataclasses.fields(cls)
        self.names = tuple(record_field.name for record_field in fields)
        self.types: dict[str, type] = {}
        for record_field in fields:
            declared = (
                record_field.type
                if isinstance(record_field.type, str)
                else getattr(record_field.type, "__name__", "")
            )
            json_type = _JSON_TYPES.get(declared)
            if json_type is None:
                raise TypeError(
                    f"{cls.__name__}.{record_field.name}: no stored form for type {declared!r}"
                )
            self.types[record_field.name] = json_type
        self.limits = {
            name: MAX_TEXT_CHARS if name in LONG_TEXT_FIELDS else MAX_SHORT_CHARS
            for name, json_type in self.types.items()
            if json_type is str
        }
        self.has_mappings = any(json_type is dict for json_type in self.types.values())
        self.defaults = {
            record_field.name: record_field.default
            for record_field in fields
            if record_field.default is not dataclasses.MISSING
        }
        self.factories = tuple(
            (record_field.name, record_field.default_factory)
            for record_field in fields
            if record_field.default is dataclasses.MISSING
            and record_field.default_factory is not dataclasses.MISSING
        )
        # Records whose __post_init__ does more than the base class cannot take the fast path.
        self.fast = cls.__post_init__ is Record.__post_init__ and not hasattr(cls, "__slots__")

    def _bad_field(self, key: str, value: Any) -> BadRecord:
        expected = self.types[key]
        if expected is list:
            item = _ITEM_TYPES.get(key, str)
            if type(value) is list:
                return BadRecord(f"field '{key}' must be a list of {_type_name(item())}")
        return BadRecord(f"field '{key}' is {_type_name(value)}, not {_type_name(expected())}")

    def check(self, doc: Any) -> None:
        """Raise BadRecord unless `doc` is a stored record of this table: a mapping with a text id
        and every known field of its declared type (unknown fields are allowed: a newer minor
        version's)."""
        if type(doc) is not dict:
            raise BadRecord(f"a '{self.cls.TABLE}' record is {_type_name(doc)}, not a mapping")
        record_id = doc.get("id")
        if type(record_id) is not str or not record_id or len(record_id) > MAX_ID_LENGTH:
            raise BadRecord(
                f"a '{self.cls.TABLE}' record has no usable id (text of 1 to {MAX_ID_LENGTH} characters)"
            )
        types = self.types
        for key, value in doc.items():
            expected = types.get(key)
            if expected is None:
                continue
            if type(value) is not expected:
                raise self._bad_field(key, value)
            if isinstance(value, list):  # the declared type is list (checked exactly above)
                item = _ITEM_TYPES.get(key, str)
                for entry in value:
                    if type(entry) is not item:
                        raise self._bad_field(key, value)
        rev = doc.get("rev", 1)
        if rev < 1:
            raise BadRecord(f"field 'rev' is {rev}; revisions count from 1")
        problems = shape_problems(self.cls.from_dict(doc))
        if problems:
            raise BadRecord(problems[0])
        if self.cls is Draft:
            for key, value in doc.get("fields", {}).items():
                if type(value) is not _DRAFT_FIELD_TYPES.get(key, str) or (
                    type(value) is list
                    and any(type(element) is not _ITEM_TYPES.get(key, str) for element in value)
                ):
                    raise BadRecord(f"draft field '{key}' is {_type_name(value)}")
        sections = doc.get("sections")
        if sections and any(type(element) is not str for element in sections.values()):
            raise BadRecord("field 'sections' must map each section to text")

    def load(self, doc: Any) -> Record:
        """The model record `doc` describes. Raises BadRecord (naming the field) for a record that is
        not a mapping, has no usable id, or has a known field of the wrong type."""
        if not self.fast:
            self.check(doc)
            return self.cls.from_dict(doc)
        if type(doc) is not dict:
            self.check(doc)  # raises with the message
        obj = object.__new__(self.cls)
        attributes = obj.__dict__
        attributes.update(self.defaults)
        types = self.types
        for key, value in doc.items():
            expected = types.get(key)
            if expected is None:
                continue  # fields from a newer minor version are ignored, never fatal
            if type(value) is not expected:
                self.check(doc)  # raises with the message
            if expected is str:
                if len(value) > self.limits[key]:
                    self.check(doc)  # raises with the message
            elif isinstance(value, list):  # the declared type is list (checked exactly above)
                item = _ITEM_TYPES.get(key, str)
                if len(value) > MAX_LIST_ITEMS:
                    self.check(doc)
                for entry in value:
                    if type(entry) is not item or (
                        isinstance(entry, str) and len(entry) > MAX_SHORT_CHARS
                    ):
                        self.check(doc)  # raises with the message
                value = tuple(value)
            attributes[key] = value
        if (
            "id" not in attributes
            or not attributes["id"]
            or len(attributes["id"]) > MAX_ID_LENGTH
            or attributes["rev"] < 1
        ):
            self.check(doc)  # raises with the message
        for name, factory in self.factories:
            if name not in attributes:
                attributes[name] = factory()
        if not attributes["updated"]:
            attributes["updated"] = attributes["created"]
        if not attributes["updated_by"]:
            attributes["updated_by"] = attributes["author"]
        if self.has_mappings:  # reviews and drafts: few, and their mappings are checked in depth
            self.check(doc)
        return obj

    def dump(self, record: Record) -> dict:
        """Every field of `record`, lists as JSON lists."""
        out = {}
        for name in self.names:
            value = getattr(record, name)
            if isinstance(value, tuple):
                value = [dict(item) if isinstance(item, dict) else item for item in value]
            out[name] = value
        return out


CODECS: dict[str, RecordCodec] = {table: RecordCodec(cls) for table, cls in RECORD_TYPES.items()}


def record_dict(record: Record) -> dict:
    """Every field of `record` as stored in a journal line."""
    codec = CODECS.get(record.TABLE)
    if codec is None or type(record) is not codec.cls:
        return record.to_dict()
    return codec.dump(record)


def record_dict_slim(record: Record) -> dict:
    """`record_dict` without the fields that hold their default (or, for updated / updated_by, the
    value they default to): a quarter smaller and faster to read back. Loading fills them in."""
    codec = CODECS.get(record.TABLE)
    if codec is None or type(record) is not codec.cls or not codec.fast:
        return record.to_dict()
    out = codec.dump(record)
    defaults = codec.defaults
    for key in [
        field
        for field, value in out.items()
        if field in defaults and type(value) is type(defaults[field]) and value == defaults[field]
    ]:
        del out[key]
    if out.get("updated") == out.get("created"):
        del out["updated"]
    if out.get("updated_by") == out.get("author") and "updated_by" in out:
        del out["updated_by"]
    return out
