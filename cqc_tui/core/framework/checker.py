"""Checking a YAML tree read with line numbers: `Checker` collects every problem as file:line with
what to change, and the helpers read lists of codes, labels and texts through it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from cqc_tui.core.errors import Problem
from cqc_tui.core.yamlio import LDict, LList, line_of

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


class Checker:
    """Collects problems while walking a parsed YAML file (a framework or a review type)."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int | None, message: str) -> None:
        """Record a problem at `line` of the file (None: the file as a whole)."""
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, obj: Any, where: str, line: int | None) -> bool:
        """Whether `obj` is a mapping; records a problem naming `where` when it is not."""
        if not isinstance(obj, dict):
            self.add(
                line_of(obj, default=line),
                f"{where} must be a mapping of keys to values, not {describe_kind(obj)}",
            )
            return False
        return True

    def seq(self, obj: Any, where: str, line: int | None) -> bool:
        """Whether `obj` is a list; records a problem naming `where` when it is not."""
        if not isinstance(obj, list):
            self.add(
                line_of(obj, default=line),
                f"{where} must be a list (lines starting with '- '), not {describe_kind(obj)}",
            )
            return False
        return True

    def text(self, parent: dict, key: str, where: str, required: bool = True) -> str | None:
        """`parent[key]` as stripped non-empty text (numbers become text); None, with a problem
        recorded, when it is missing (and `required`) or not text."""
        if key not in parent:
            if required:
                self.add(line_of(parent), f"{where} is missing '{key}'; add '{key}: ...'")
            return None
        value = parent[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.add(
                line_of(parent, key),
                f"{where}.{key} must be non-empty text, not {describe_kind(value)}",
            )
            return None
        return value.strip()

    def unknown_keys(self, obj: dict, allowed: Iterable[str], where: str) -> None:
        """Record a problem for each key of `obj` not in `allowed`, suggesting the closest one."""
        allowed = list(allowed)
        for key in obj:
            if key not in allowed:
                hint = difflib.get_close_matches(str(key), allowed, n=1)
                fix = (
                    f"did you mean '{hint[0]}'?" if hint else f"allowed keys: {', '.join(allowed)}"
                )
                self.add(line_of(obj, key), f"{where} has an unknown key '{key}'; {fix}")


def describe_kind(value: Any) -> str:
    """What a YAML value is, in words for a message ("a mapping", "text", "nothing" ...)."""
    if value is None:
        return "nothing"
    return {
        dict: "a mapping",
        LDict: "a mapping",
        list: "a list",
        LList: "a list",
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
    }.get(type(value), type(value).__name__)


def item_line(items: Any, index: int, parent: Any = None, key: str | None = None) -> int | None:
    """The line of item `index` of a YAML list, else of `parent[key]`, else None."""
    lines = getattr(items, "item_lines", None)
    if lines and index < len(lines):
        return lines[index]
    return line_of(parent, key) if parent is not None else None


def codes_list(checker: Checker, parent: dict, key: str, required: bool = False) -> list[str]:
    """The lower-case codes listed under `parent[key]` (problems recorded for the others)."""
    if key not in parent:
        if required:
            checker.add(
                line_of(parent),
                f"the framework is missing '{key}'; add a list such as '{key}: [a, b]'",
            )
        return []
    value = parent[key]
    if not checker.seq(value, key, line_of(parent, key)):
        return []
    out = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not SLUG.match(item):
            checker.add(
                item_line(value, index, parent, key),
                f"{key} item {item!r} must be a lower-case code",
            )
        else:
            out.append(item)
    return out


def code_label_list(checker: Checker, parent: dict, key: str) -> list[tuple[str, str]]:
    """The (code, label) pairs listed under `parent[key]`, codes unique (problems recorded)."""
    if key not in parent:
        return []
    value = parent[key]
    if not checker.seq(value, key, line_of(parent, key)):
        return []
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        where = f"{key}[{index + 1}]"
        if not checker.mapping(item, where, item_line(value, index, parent, key)):
            continue
        code = checker.text(item, "code", where)
        label = checker.text(item, "label", where)
        if code and not CODE.match(code):
            checker.add(
                line_of(item, "code"),
                f"{where}.code '{code}' may use only letters, digits, '.', '_' and '-'",
            )
        if code in seen:
            checker.add(
                line_of(item, "code"),
                f"{where}.code '{code}' is used twice in {key}; make it unique",
            )
        if code and label:
            seen.add(code)
            out.append((code, label))
    return out


def text_list(checker: Checker, parent: dict, key: str, where: str) -> list[str]:
    """The non-empty texts listed under `parent[key]`, stripped (problems recorded for the others)."""
    raw = parent.get(key)
    if raw is None:
        return []
    if not checker.seq(raw, f"{where}.{key}", line_of(parent, key)):
        return []
    out = []
    for index, item in enumerate(raw):
        if not isinstance(item, str) or not item.strip():
            checker.add(
                item_line(raw, index, parent, key), f"{where}.{key} item {index + 1} must be text"
            )
        else:
            out.append(item.strip())
    return out


def optional_text(value: Any) -> str | None:
    """`value` as text, None kept as None."""
    return None if value is None else str(value)
