"""Journal segment files: listing them, creating one (header, then zero padding), reading the data
without the padding, and the line a saved record becomes.

A segment is padded with zeros ahead of its data and a save overwrites padding in place (see
`ReviewStore._open_segment`); the data ends where the trailing zeros start (a JSON line never
contains a zero byte, and always ends with a newline)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
from pathlib import Path

from cqc_tui.core.cooperative import breathe
from cqc_tui.core.model import Record
from cqc_tui.core.record_codec import CODECS, record_dict
from cqc_tui.core.segments import HEADER_KEY
from cqc_tui.core.store import files, layout
from cqc_tui.core.store.encoding import dumps, dumps_bytes
from cqc_tui.core.store.layout import JOURNAL_RE


def data_end(raw: bytes) -> int:
    """Where the data of a journal segment ends: where its trailing zero padding starts. (Zeros
    inside the data, from damage, make one unreadable line there; the lines after it still count.)"""
    return len(raw.rstrip(b"\0"))


def journal_data(path: Path) -> bytes:
    """The lines of a journal segment, without its zero padding."""
    raw = Path(path).read_bytes()
    return raw[: data_end(raw)]


def journal_segments(folder: Path) -> list[tuple[int, Path]]:
    """The journal segments in `folder` as (number, path), oldest first; none when it is missing."""
    out = []
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    for name in names:
        match = JOURNAL_RE.match(name)
        if match:
            out.append((int(match.group(1)), folder / name))
    return sorted(out)


def new_segment(path: Path, seq: int) -> tuple[int, int]:
    """Create journal segment `seq` whole: its header line, then zero padding, under a temporary
    name, synced, then renamed into place (so a segment that exists always starts with its header).
    Returns a descriptor open for reading and writing, and where the data ends (after the header)."""
    tmp = path.with_name(f".{path.name}.new")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | files.NO_FOLLOW | files.BINARY, 0o644)
    try:
        header = dumps_bytes({HEADER_KEY: seq}) + b"\n"
        files.write_at(fd, header, 0)
        try:
            files.zero_fill(fd, len(header), layout.SEGMENT_PAD)
        except OSError:  # no room to pad ahead: saves will append instead
            os.ftruncate(fd, len(header))
        files.sync(fd)
        if os.path.lexists(path):
            raise FileExistsError(
                errno.EEXIST, "a journal segment of this number appeared meanwhile", str(path)
            )
        os.rename(tmp, path)
        files.fsync_dir(path.parent)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return fd, len(header)


def journal_line(record: Record) -> tuple[bytes, Record]:
    """The journal line for `record`, and the record as the line reads back: `record` itself, except
    for text holding a surrogate pair written as two lone surrogates (see `encoding.dumps_bytes`)."""
    breathe()  # a sync saving thousands of records in a worker leaves the screen its turns
    try:
        entry = {"v": layout.SCHEMA_VERSION, "t": record.TABLE, "r": record_dict(record)}
        return dumps(entry).encode("utf-8") + b"\n", record
    except UnicodeEncodeError:
        line = (
            dumps_bytes({"v": layout.SCHEMA_VERSION, "t": record.TABLE, "r": record_dict(record)})
            + b"\n"
        )
        return line, CODECS[record.TABLE].load(json.loads(line)["r"])
