"""Reading and writing a change set's JSON without holding the interpreter for long.

A change set is one JSON object whose "revisions" list can hold thousands of revisions (2.5 MB for
5,000 notes). `json.loads` and `json.dumps` handle such an object in one call that no other thread
can interrupt: 70-90 ms during which the app's screen cannot take a key. While the app runs heavy
work in a thread worker (`core.cooperative.heavy_work_running()`), these functions handle the list
one element at a time instead, giving exactly the same result (same bytes written, same value
read, same errors refused) a little more slowly; otherwise they make the one fast call.
"""

from __future__ import annotations

import json
from typing import Any

from cqc_tui.core.cooperative import breathe, heavy_work_running
from cqc_tui.core.team.revisions import transport_bytes

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"
STEPPED_ABOVE = 64 * 1024  # bytes of JSON below which one call is short anyway
STEPPED_ITEMS = 64  # list elements below which one call is short anyway


def dump_object(body: dict[str, Any], list_key: str) -> bytes:
    """`body` as `revisions.transport_bytes` writes it (one line of ASCII JSON, keys in the order
    given), written a list element at a time for the list under `list_key` while heavy work shares
    the interpreter with a screen."""
    items = body.get(list_key)
    if not heavy_work_running() or not isinstance(items, list) or len(items) < STEPPED_ITEMS:
        return transport_bytes(body)
    parts = []
    for key, value in body.items():
        if key == list_key:
            encoded = b"[" + b",".join(transport_bytes(item) for item in items) + b"]"
        else:
            encoded = transport_bytes(value)
        parts.append(transport_bytes(key) + b":" + encoded)
    return b"{" + b",".join(parts) + b"}"


def load_object(data: bytes, list_key: str) -> Any:
    """`json.loads(data)`, read a list element at a time for the list under `list_key` of a large
    top-level object while heavy work shares the interpreter with a screen. Raises ValueError for
    anything json.loads refuses."""
    if not heavy_work_running() or len(data) < STEPPED_ABOVE:
        return json.loads(data)
    text = data.decode("utf-8")
    at = _skip(text, 0)
    if text[at : at + 1] != "{":
        return json.loads(text)  # not an object: the one call says what is wrong, or reads it
    return _read_object(text, at + 1, list_key)


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in _WHITESPACE:
        at += 1
    return at


def _read_object(text: str, at: int, list_key: str) -> dict[str, Any]:
    decode = _DECODER.raw_decode
    out: dict[str, Any] = {}
    at = _skip(text, at)
    if text[at : at + 1] == "}":
        at += 1
    else:
        while True:
            if text[at : at + 1] != '"':
                raise ValueError(f"expected a key at character {at}")
            key, at = decode(text, at)
            at = _skip(text, at)
            if text[at : at + 1] != ":":
                raise ValueError(f"expected ':' at character {at}")
            at = _skip(text, at + 1)
            if key == list_key and text[at : at + 1] == "[":
                out[key], at = _read_list(text, at + 1)
            else:
                out[key], at = decode(text, at)
            at = _skip(text, at)
            separator = text[at : at + 1]
            at = _skip(text, at + 1)
            if separator == "}":
                break
            if separator != ",":
                raise ValueError(f"expected ',' or '}}' at character {at}")
    if _skip(text, at) != len(text):
        raise ValueError(f"extra data after the object at character {at}")
    return out


def _read_list(text: str, at: int) -> tuple[list[Any], int]:
    decode = _DECODER.raw_decode
    items: list[Any] = []
    at = _skip(text, at)
    if text[at : at + 1] == "]":
        return items, at + 1
    while True:
        breathe()
        item, at = decode(text, at)
        items.append(item)
        at = _skip(text, at)
        separator = text[at : at + 1]
        at = _skip(text, at + 1)
        if separator == "]":
            return items, at
        if separator != ",":
            raise ValueError(f"expected ',' or ']' at character {at}")
