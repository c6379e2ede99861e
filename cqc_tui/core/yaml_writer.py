"""A fast, deterministic YAML writer for review dumps (plain data: mappings, lists, text, numbers,
true/false, null), in the block style `yaml.safe_dump(..., sort_keys=False, allow_unicode=True,
default_flow_style=False)` uses.

PyYAML's emitter walks every character of every value in Python: a 20,000-note review took 11 to
21 seconds to dump. Here each text value is classified with a few regular expressions (run in C)
and written in the first of these styles that reads back exactly, by PyYAML's loaders and libyaml's:

1. plain (`text: Call bells answered`) when it holds only letters, digits, spaces and harmless
   punctuation and YAML would not read it as anything but text (`yes`, `1.5`, `2018-01-22` are
   quoted);
2. single-quoted (`'2018-01-22'`, `'Said: "no"'`) when it is one line of printable characters;
3. a literal block (`|-`) for several lines of printable text (readable, and diffs well);
4. double-quoted with escapes otherwise (control characters, tabs, lone surrogates, line and
   paragraph separators, leading or trailing spaces on lines).

The output is not PyYAML's byte for byte (long lines are not folded, some quoting differs), but the
same data always gives the same bytes, and loading it gives the data back.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"

# Plain style: a letter, digit, '_', '(' or '/' first, then letters, digits, spaces and punctuation
# that has no meaning inside a plain scalar in block context; never a trailing space.
_PLAIN = re.compile(r"[^\W][\w .,;()/+='!?%&@$<>^~\"-]*")
# First characters with which YAML may read a plain value as something other than text.
_RESOLVED_FIRST = frozenset(
    character for character in _RESOLVER.yaml_implicit_resolvers if character
)
# What YAML's readers accept unescaped (PyYAML's printable set less the BOM), except line breaks.
_PRINTABLE_LINE = re.compile(
    "[ -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
_PRINTABLE_BLOCK = re.compile(
    "[\n -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
_NEEDS_ESCAPE = re.compile(
    "[^ !#-\\[\\]-~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_ESCAPES = {
    "\0": "\\0",
    "\x07": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _escape(match: re.Match) -> str:
    character = match.group()
    known = _ESCAPES.get(character)
    if known:
        return known
    code = ord(character)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


def _double_quoted(text: str) -> str:
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def _is_plain(text: str) -> bool:
    if _PLAIN.fullmatch(text) is None or text[-1] == " ":
        return False
    return (
        text[0] not in _RESOLVED_FIRST
        or _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG
    )


_SHORT = 80  # text this short is remembered: codes, names, ids and dates repeat across records


def text_scalar(text: str, memo: dict[str, str] | None = None) -> str:
    """One line's worth of YAML for a text value that is not written as a block."""
    if memo is not None and len(text) <= _SHORT:
        known = memo.get(text)
        if known is None:
            known = memo[text] = text_scalar(text)
        return known
    if _is_plain(text):
        return text
    if _PRINTABLE_LINE.fullmatch(text):
        return "'" + text.replace("'", "''") + "'"
    return _double_quoted(text)


def _block_lines(text: str) -> list[str] | None:
    """The lines of a literal block for `text`, or None when a block could not hold it exactly."""
    if (
        "\n" not in text
        or text[0] in " \n"
        or text.endswith((" ", "\n"))
        or "\n " in text
        or " \n" in text
    ):
        return None
    if not _PRINTABLE_BLOCK.fullmatch(text):
        return None
    return text.split("\n")


def _scalar(value: Any, memo: dict[str, str] | None = None) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value).lower()
        if "." not in text and "e" in text:
            text = text.replace("e", ".0e", 1)
        return text
    if isinstance(value, str):
        return text_scalar(value, memo)
    raise TypeError(f"cannot write a {type(value).__name__} as YAML")


class _Writer:
    """One dump: the lines written so far and the YAML of short texts already seen."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.memo: dict[str, str] = {}

    def key(self, key: Any) -> str:
        text = _scalar(key, self.memo)
        if len(text) > 1000:  # YAML's implicit keys stop at 1,024 characters
            raise ValueError("a mapping key longer than 1,000 characters")
        return text

    def value(self, value: Any, indent: int, head: str) -> None:
        """Append `head` (a line so far, ending in ':' or '-') followed by `value`."""
        out = self.out
        if isinstance(value, str):
            lines = _block_lines(value) if "\n" in value else None
            if lines is None:
                out.append(head + " " + text_scalar(value, self.memo))
                return
            pad = " " * (indent + 2)
            out.append(head + " |-")
            out.extend(pad + line if line else "" for line in lines)
            return
        if isinstance(value, dict):
            if not value:
                out.append(head + " {}")
                return
            out.append(head)
            self.mapping(value, indent + 2)
            return
        if isinstance(value, (list, tuple)):
            if not value:
                out.append(head + " []")
                return
            out.append(head)
            self.sequence(value, indent if head.endswith(":") else indent + 2)
            return
        out.append(head + " " + _scalar(value, self.memo))

    def mapping(self, mapping: dict, indent: int, first_head: str | None = None) -> None:
        pad = " " * indent
        for index, (key, value) in enumerate(mapping.items()):
            head = (
                (first_head if index == 0 and first_head is not None else pad) + self.key(key) + ":"
            )
            self.value(value, indent, head)

    def sequence(self, items: list | tuple, indent: int) -> None:
        pad = " " * indent
        for item in items:
            if isinstance(item, dict) and item:
                self.mapping(item, indent + 2, first_head=pad + "- ")
            else:
                self.value(item, indent, pad + "-")


def dump_yaml(document: dict) -> str:
    """`document` (a mapping of plain data) as YAML text, ending with a newline."""
    writer = _Writer()
    writer.mapping(document, 0)
    return "\n".join(writer.out) + "\n"
