"""YAML reading that remembers line numbers, so validation errors can point at file:line.

Files are data, and may be hostile: only the safe loaders are used (no Python objects, no code),
and a file is refused with one line naming it (and the line, where there is one) when it is larger
than MAX_YAML_BYTES, nests deeper than MAX_DEPTH, or uses anchors and aliases (`&a` ... `*a`) to
stand for more than MAX_ALIAS_NODES values beyond those written out (a "billion laughs" file).
These checks run on the parsed node graph before any value is built. A scalar that Python cannot
turn into the value YAML's rules say it is (an unquoted impossible date such as 2018-02-30, a
number longer than MAX_NUMBER_CHARS) is kept as the text written, so the checks that follow report
it at its line instead of failing inside the conversion.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import CollectionNode, MappingNode, Node, SequenceNode

from cqc_tui.core.errors import FileProblems, Problem, display_path, os_reason

MAX_YAML_BYTES = 200_000_000  # a file to import or a framework file: about 200 MB (a 20,000-note review is ~14 MB)
MAX_DEPTH = 50  # nesting of mappings and lists (a review file needs 4, a framework file 8)
MAX_ALIAS_NODES = 100_000  # values that aliases may stand for, beyond the ones written out
MAX_NUMBER_CHARS = 40  # longer unquoted numbers are kept as text


class LDict(dict):
    """A dict that knows the line of each key (1-based) and its own first line."""

    line: int = 0
    key_lines: dict
    last_line: int = 0  # for the document itself: the file's last line

    def line_of(self, key: str) -> int:
        """The line of `key`, or the mapping's own first line when the key has none."""
        return self.key_lines.get(key, self.line) if hasattr(self, "key_lines") else self.line


class LList(list):
    """A list that knows its own first line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    """The pure-Python safe loader: accepts everything PyYAML writes (escaped lone surrogates too)
    and gives the clearest error messages. Its composer recurses once per level of nesting, so it
    stops at MAX_DEPTH (libyaml stops at 1,000 levels and leaves such files to this loader)."""

    shown = ""
    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH + 1:  # MAX_DEPTH collections, then the value inside
                line = self.peek_event().start_mark.line + 1
                raise FileProblems(
                    [
                        Problem(
                            self.shown,
                            line,
                            f"nested more than {MAX_DEPTH} levels deep; a review "
                            "or framework file never needs that many",
                        )
                    ]
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


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
                None, None, "a mapping key must be plain text", key_node.start_mark
            )
        line = key_node.start_mark.line + 1
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"key {key!r} appears twice (first on line {seen[key]}); keep one",
                key_node.start_mark,
            )
        seen[key] = line
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    result = LList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date or time as YAML reads it; the text as written when it is no real date (2018-02-30)."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return loader.construct_scalar(node)


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A whole number; the text as written when it is too long to be one anybody means (Python
    would spend seconds on, or refuse, a 5,000-digit number)."""
    text = loader.construct_scalar(node)
    if len(text) > MAX_NUMBER_CHARS:
        return text
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except (ValueError, OverflowError):
        return text


for _cls in (_Loader, _FastLoader):
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    _cls.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def check_node_graph(root: Node, text_length: int, shown: str) -> None:
    """Refuse a parsed document that nests deeper than MAX_DEPTH, refers to itself, or whose
    aliases stand for more than MAX_ALIAS_NODES values beyond what the text itself could hold.

    One pass over the distinct nodes (an alias is the same node object as its anchor), so a
    billion-laughs file costs what its text costs, never what it would expand to."""
    limit = text_length + MAX_ALIAS_NODES  # a value written out takes at least one character
    measured: dict[int, tuple[int, int]] = {}  # id(node) -> (values it stands for, nesting depth)
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            size, depth = 1, 0
            for child in _children(node):
                child_size, child_depth = measured[id(child)]
                size += child_size
                depth = max(depth, child_depth)
            if isinstance(node, CollectionNode):
                depth += 1
            line = node.start_mark.line + 1
            if depth > MAX_DEPTH:
                raise FileProblems(
                    [
                        Problem(
                            shown,
                            line,
                            f"nested more than {MAX_DEPTH} levels deep; a review or "
                            "framework file never needs that many",
                        )
                    ]
                )
            if size > limit:
                raise FileProblems(
                    [
                        Problem(
                            shown,
                            line,
                            "aliases (*name) here stand for more than "
                            f"{MAX_ALIAS_NODES:,} values; write the values out instead",
                        )
                    ]
                )
            measured[key] = (size, depth)
            continue
        if key in measured:
            continue
        if key in open_nodes:
            raise FileProblems(
                [
                    Problem(
                        shown,
                        node.start_mark.line + 1,
                        "an alias (*name) refers to the value that contains it; remove it",
                    )
                ]
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in measured)


def _load_checked(text: str, loader_cls: type, shown: str) -> Any:
    loader = loader_cls(text)
    loader.shown = shown
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_node_graph(node, len(text), shown)
        data = loader.construct_document(node)
        if isinstance(data, LDict):
            data.last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
        return data
    finally:
        loader.dispose()


def load_yaml_with_lines(path: str | Path, text: str | None = None) -> Any:
    """Parse a YAML file; raise FileProblems naming file:line on any syntax or read error."""
    shown = display_path(path)
    if text is None:
        try:
            size = Path(path).stat().st_size
        except OSError:
            size = 0  # reading it says what is wrong
        if size > MAX_YAML_BYTES:
            raise FileProblems(
                [
                    Problem(
                        shown,
                        None,
                        f"is {size / 1e6:,.0f} MB; files over {MAX_YAML_BYTES / 1e6:,.0f} "
                        "MB are not read (is it the right file?)",
                    )
                ]
            )
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise FileProblems([Problem(shown, None, "file not found; check the path")]) from None
        except IsADirectoryError:
            raise FileProblems([Problem(shown, None, "is a folder, not a YAML file")]) from None
        except OSError as exc:
            raise FileProblems(
                [Problem(shown, None, f"cannot be read: {os_reason(exc)}")]
            ) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad_line = raw[: exc.start].count(b"\n") + 1
            raise FileProblems(
                [Problem(shown, bad_line, "is not UTF-8 text; save it as UTF-8")]
            ) from None
    if len(text) > MAX_YAML_BYTES:
        raise FileProblems(
            [
                Problem(
                    shown,
                    None,
                    f"holds over {MAX_YAML_BYTES / 1e6:,.0f} MB of text; larger files "
                    "are not read (is it the right file?)",
                )
            ]
        )
    if not text.strip():
        raise FileProblems([Problem(shown, None, "is empty; it should hold a YAML mapping")])
    try:
        try:
            return _load_checked(text, _FastLoader, shown)
        except yaml.YAMLError:
            pass  # libyaml refuses some text PyYAML itself writes; the Python loader decides and explains
        return _load_checked(text, _Loader, shown)
    except RecursionError:
        # Only the Python parser recurses per level; a file nested this deep is refused whole.
        raise FileProblems(
            [
                Problem(
                    shown,
                    None,
                    f"is nested more than {MAX_DEPTH} levels deep; a review or "
                    "framework file never needs that many",
                )
            ]
        ) from None
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
        raise FileProblems(
            [Problem(shown, line, f"YAML syntax: {what}; fix the indentation or quoting there")]
        ) from None
    except yaml.YAMLError as exc:
        raise FileProblems([Problem(shown, None, f"YAML error: {exc}")]) from None


def line_of(obj: Any, key: str | None = None, default: int | None = None) -> int | None:
    """The line of `obj` (of its `key` when given) if it came from a YAML file, else `default`."""
    if isinstance(obj, LDict):
        return obj.line_of(key) if key is not None else obj.line
    if isinstance(obj, LList):
        return obj.line
    return default
