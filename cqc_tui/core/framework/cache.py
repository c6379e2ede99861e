"""A plain-data cache of parsed framework YAML, so a cold start does not re-read every template.

The cache is one JSON file (`<workspace>/cache/frameworks.json`) holding, for each framework file,
its path, size and modification time and the tree its YAML parsed to (mappings and lists with the
line numbers that error messages need, and plain scalars). It is only ever read with `json`, and
every part of it is checked for shape and type on reading: anything unexpected means the cache is
ignored and rebuilt from the YAML files. A cached tree still goes through the framework's full
validation (`framework.parse_framework`), so a planted or edited cache can at most describe a
framework the validator accepts, the same as a framework file placed in the workspace's
`frameworks/` folder; it can never run code. An older cache written with pickle
(`frameworks.pickle`) is deleted unread.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
from pathlib import Path
from typing import Any

from cqc_tui.core.yamlio import LDict, LList

CACHE_FORMAT = "cqc-tui-framework-cache"
CACHE_VERSION = 1
CACHE_NAME = "frameworks.json"
OLD_PICKLE_NAME = "frameworks.pickle"
_SCALARS = (str, int, float, bool, type(None))


class BadCache(ValueError):
    """The cache file is not what this module writes; it is rebuilt."""


def encode_tree(value: Any) -> Any:
    """A YAML tree (LDict / LList / scalars) as JSON-ready data; raises BadCache for anything else
    (a date, say), in which case that file is simply not cached."""
    if isinstance(value, LDict):
        key_lines = getattr(value, "key_lines", {})
        items = []
        for key, item in value.items():
            if not isinstance(key, _SCALARS):
                raise BadCache("a mapping key that is not plain data")
            items.append([key, key_lines.get(key, value.line), encode_tree(item)])
        return {"l": value.line, "m": items}
    if isinstance(value, LList):
        lines = list(getattr(value, "item_lines", []))
        return {"l": value.line, "i": lines, "s": [encode_tree(item) for item in value]}
    if isinstance(value, _SCALARS):
        if isinstance(value, float) and not math.isfinite(value):
            raise BadCache("a number JSON cannot hold")
        return value
    raise BadCache(f"a value of type {type(value).__name__}")


def _line(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise BadCache("a line number that is not a whole number")
    return value


def decode_tree(data: Any, depth: int = 0) -> Any:
    """The inverse of encode_tree, checking every part; raises BadCache on anything unexpected."""
    if depth > 64:
        raise BadCache("nested too deeply")
    if isinstance(data, dict):
        if set(data) == {"l", "m"} and isinstance(data["m"], list):
            out = LDict()
            out.line = _line(data["l"])
            out.key_lines = {}
            for entry in data["m"]:
                if (
                    not isinstance(entry, list)
                    or len(entry) != 3
                    or not isinstance(entry[0], _SCALARS)
                ):
                    raise BadCache("a mapping entry of the wrong shape")
                key, key_line, item = entry
                if key in out:
                    raise BadCache("a key twice in one mapping")
                out[key] = decode_tree(item, depth + 1)
                out.key_lines[key] = _line(key_line)
            return out
        if (
            set(data) == {"l", "i", "s"}
            and isinstance(data["s"], list)
            and isinstance(data["i"], list)
        ):
            items = LList(decode_tree(item, depth + 1) for item in data["s"])
            items.line = _line(data["l"])
            items.item_lines = [_line(number) for number in data["i"]]
            return items
        raise BadCache("an object of the wrong shape")
    if isinstance(data, _SCALARS):
        return data
    raise BadCache("a value of the wrong type")


def file_key(path: Path) -> tuple[str, int, int] | None:
    """(resolved path, size, modification time in ns) of a framework file; None if it cannot be read."""
    try:
        file_stat = path.stat()
        return (str(path.resolve()), file_stat.st_size, file_stat.st_mtime_ns)
    except OSError:
        return None


def read_cache(cache: Path, program_version: str) -> dict[tuple[str, int, int], Any]:
    """Cached trees by file key; empty when the cache is missing, from another version, or bad in
    any way. An old pickle cache beside it is removed without being opened."""
    old = cache.with_name(OLD_PICKLE_NAME)
    with contextlib.suppress(OSError):
        old.unlink()
    try:
        raw = cache.read_bytes()
    except OSError:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
        if (
            not isinstance(data, dict)
            or data.get("format") != CACHE_FORMAT
            or data.get("version") != CACHE_VERSION
            or data.get("cqc_tui") != program_version
            or not isinstance(data.get("files"), list)
        ):
            return {}
        out: dict[tuple[str, int, int], Any] = {}
        for entry in data["files"]:
            if not isinstance(entry, dict) or set(entry) != {"path", "size", "mtime_ns", "tree"}:
                raise BadCache("a file entry of the wrong shape")
            path, size, mtime = entry["path"], entry["size"], entry["mtime_ns"]
            if not isinstance(path, str) or type(size) is not int or type(mtime) is not int:
                raise BadCache("a file entry with wrong types")
            out[(path, size, mtime)] = decode_tree(entry["tree"])
        return out
    except (ValueError, RecursionError):  # BadCache, JSON and UTF-8 errors are ValueErrors
        return {}


def write_cache(cache: Path, program_version: str, trees: dict[tuple[str, int, int], Any]) -> None:
    """Write the cache whole (temporary file, then rename). A workspace that cannot be written to
    (read-only, full) still works, just without the cache."""
    entries = [
        {"path": path, "size": size, "mtime_ns": mtime_ns, "tree": tree}
        for (path, size, mtime_ns), tree in trees.items()
    ]
    body = json.dumps(
        {
            "format": CACHE_FORMAT,
            "version": CACHE_VERSION,
            "cqc_tui": program_version,
            "files": entries,
        },
        separators=(",", ":"),
        allow_nan=False,
    )
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(body.encode("ascii"))
        os.replace(tmp, cache)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
