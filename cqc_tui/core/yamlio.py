"""YAML reading that remembers line numbers, so validation errors can point at file:line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cqc_tui.core.errors import FileProblems, Problem, display_path


class LDict(dict):
    """A dict that knows the line of each key (1-based) and its own first line."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line) if hasattr(self, "key_lines") else self.line


class LList(list):
    line: int = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    """The pure-Python safe loader: accepts everything PyYAML writes (escaped lone surrogates too)
    and gives the clearest error messages."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser when PyYAML was built with it (about 4x faster); tried first."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LDict:
    loader.flatten_mapping(node)
    result = LDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    seen: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be plain text", key_node.start_mark)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice (first on line {seen[key]}); keep one",
                key_node.start_mark)
        seen[key] = line
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    result = LList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


for _cls in (_Loader, _FastLoader):
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml_with_lines(path: str | Path, text: str | None = None) -> Any:
    """Parse a YAML file; raise FileProblems naming file:line on any syntax or read error."""
    shown = display_path(path)
    if text is None:
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise FileProblems([Problem(shown, None, "file not found; check the path")]) from None
        except IsADirectoryError:
            raise FileProblems([Problem(shown, None, "is a folder, not a YAML file")]) from None
        except OSError as exc:
            raise FileProblems([Problem(shown, None, f"cannot be read ({exc.strerror})")]) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise FileProblems([Problem(shown, line, "is not UTF-8 text; save it as UTF-8")]) from None
    if not text.strip():
        raise FileProblems([Problem(shown, None, "is empty; it should hold a YAML mapping")])
    try:
        try:
            return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - derives from CSafeLoader/SafeLoader
        except yaml.YAMLError:
            pass  # libyaml refuses some text PyYAML itself writes; the Python loader decides and explains
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        last_line = len(text.splitlines())
        what = exc.problem or "invalid YAML"
        if exc.context_mark is not None and (line is None or line > last_line):
            # The parser ran off the end: point at what was left open, not past the last line.
            line = exc.context_mark.line + 1
            what = f"{what} (something opened here is never closed)"
        if exc.context and "twice" not in str(what):
            what = f"{exc.context}: {what}"
        raise FileProblems([Problem(shown, line, f"YAML syntax: {what}; fix the indentation or quoting there")]) from None
    except yaml.YAMLError as exc:
        raise FileProblems([Problem(shown, None, f"YAML error: {exc}")]) from None


def line_of(obj: Any, key: str | None = None, default: int | None = None) -> int | None:
    if isinstance(obj, LDict):
        return obj.line_of(key) if key is not None else obj.line
    if isinstance(obj, LList):
        return obj.line
    return default
