"""JSON as the store writes and reads it: compact UTF-8, valid whatever the text holds."""

from __future__ import annotations

import json
from typing import Any


def dumps(data: Any) -> str:
    """Compact JSON text (no spaces, non-ASCII kept as is)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def dumps_bytes(data: Any) -> bytes:
    """JSON as UTF-8, valid whatever the text holds. Text holding lone surrogates (which a terminal
    can hand over for bytes it could not decode) has no UTF-8 form: such data is written with JSON
    \\u escapes instead (plain ASCII), which any JSON reader, stock TinyDB included, reads back.
    The one thing a reader cannot tell apart: a high surrogate written directly before a low one
    reads back as the single character the pair encodes in UTF-16 (`normalise_text` says what a
    text reads back as; the store keeps that form in memory too)."""
    try:
        return dumps(data).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def normalise_text(text: str) -> str:
    """`text` as the store reads it back: the same, except that a high surrogate directly followed
    by a low surrogate becomes the one character the pair encodes (see `dumps_bytes`)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return str(json.loads(json.dumps(text)))


def decode(raw: bytes) -> str:
    """Text of bytes the store wrote; lone surrogates written by older versions decode too."""
    return raw.decode("utf-8", "surrogatepass")


def snapshot_bytes(data: dict, chunk: int = 200) -> bytes:
    """The same bytes as `dumps_bytes(data)` for a {table: {doc id: doc}} database, serialised a few
    hundred records at a time. json.dumps holds the GIL for a whole call: one call over 20,000
    notes would stall a save on the main thread for a good part of a second while a background
    compaction runs; in chunks, the save waits at most one chunk."""
    out = [b"{"]
    first_table = True
    for table, docs in data.items():
        out.append((b"" if first_table else b",") + dumps_bytes(table) + b":{")
        first_table = False
        items = list(docs.items())
        first = True
        for start in range(0, len(items), chunk):
            body = dumps_bytes(dict(items[start : start + chunk]))[1:-1]
            if body:
                out.append(body if first else b"," + body)
                first = False
        out.append(b"}")
    out.append(b"}")
    return b"".join(out)
