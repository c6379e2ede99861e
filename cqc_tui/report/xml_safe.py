"""Records made safe for a Word document: the characters XML 1.0 forbids are dropped from every string.

The report reads each record once; passing them through `xml_safe_records` there means no string a
record holds can reach python-docx or the XML writer with a control character, whichever section
prints it (python-docx raises ValueError on one, which ended an export in "unexpected problem").
A record with no such character is returned as it is, so the common case costs one scan per record
(about 60 ms for 20,000 notes).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, TypeVar

from cqc_tui.core.model import Record
from cqc_tui.report.ooxml import clean, has_xml_illegal

R = TypeVar("R", bound=Record)


def xml_safe(value: Any) -> Any:
    """`value` with every string in it (also inside tuples, lists and dicts, keys too) passed
    through `clean`; anything else unchanged."""
    if isinstance(value, str):
        return clean(value) if has_xml_illegal(value) else value
    if isinstance(value, tuple):
        return tuple(xml_safe(v) for v in value)
    if isinstance(value, list):
        return [xml_safe(v) for v in value]
    if isinstance(value, dict):
        return {xml_safe(k): xml_safe(v) for k, v in value.items()}
    return value


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)


def xml_safe_record(record: R) -> R:
    """The record, or a copy whose strings hold no character XML 1.0 forbids."""
    values = record.__dict__.values()
    text = "".join(v if type(v) is str else "".join(_strings(v)) for v in values if v)
    if not has_xml_illegal(text):
        return record
    changes = {f.name: xml_safe(getattr(record, f.name)) for f in dataclasses.fields(record)}
    return dataclasses.replace(record, **changes)


def xml_safe_records(records: Iterable[R]) -> list[R]:
    """`xml_safe_record` of each record, in the same order."""
    return [xml_safe_record(r) for r in records]
