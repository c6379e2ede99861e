"""Bundle files: a review's change sets in one file, to hand over by USB stick, e-mail or chat.

A bundle is one gzip stream of lines:

    {"format": "cqc-tui-bundle", "version": 1, "review": {"id", "title"},
     "framework": {"id", "version"},
     "device", "member", "created", "have": [sha256 ...], "sets": [sha256 ...]}      the header
    <change set>                                                                    one line each,
    ...                                                                             canonical JSON
    {"file": "<sha256><suffix>", "data": base64}                                    one line per
    ...                                                                             attachment file
    {"end": <number of change sets>, "files": <number of files>}                    the closing line

Version 2 added the attachment files (the header's "files" lists their names in order; each is
checked against the hash its name starts with). Version 1 bundles, without files, are still read.

`have` lists every change set the sender held when it wrote the bundle (whether or not the bundle
carries it), so a bundle someone sent you tells you what they have: `share --since THEIR_BUNDLE`
leaves all of that out. `sets` lists the SHA-256 of each change set line in order: reading checks
each line against it, so a bundle cut short (no closing line, fewer sets than listed, a damaged
gzip stream) or altered (a line that does not match its hash) is refused whole, with one line
naming the file. Change set lines are the exact bytes of the sealed files (changelog.ChangeSet),
so a change set keeps its hash whichever way it travels. Gzip makes a bundle smaller than the
journal lines of the revisions it carries.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cqc_tui.core.attachments import STORED_NAME
from cqc_tui.core.errors import CqcError, display_path, os_reason
from cqc_tui.core.model import now_iso
from cqc_tui.core.output_file import write_output
from cqc_tui.core.team.changelog import ChangeSet, ChangeSetError, parse_set

BUNDLE_FORMAT = "cqc-tui-bundle"
BUNDLE_VERSION = 2
MAX_BUNDLE_BYTES = 4 * 1024**3  # what a bundle may unpack to (a 20,000-note review is about 20 MB)
_CHUNK = 1024 * 1024


class BundleError(CqcError):
    """A bundle that cannot be used; the message names the file and what to do."""


@dataclass(frozen=True)
class BundleHeader:
    """What a bundle says about itself: the review (id, title, framework), who made it on which
    device and when, and every change set the sender held (`have`: what `share --since` leaves out)."""

    review_id: str
    title: str
    framework_id: str
    framework_version: str
    device: str
    member: str
    created: str
    have: tuple[str, ...]
    sets: tuple[str, ...]
    files: tuple[str, ...] = ()  # stored names of the attachment files carried (version 2)

    def to_json(self) -> dict[str, Any]:
        """The header as the bundle's first line holds it."""
        return {
            "format": BUNDLE_FORMAT,
            "version": BUNDLE_VERSION,
            "review": {"id": self.review_id, "title": self.title},
            "framework": {"id": self.framework_id, "version": self.framework_version},
            "device": self.device,
            "member": self.member,
            "created": self.created,
            "have": list(self.have),
            "sets": list(self.sets),
            "files": list(self.files),
        }


@dataclass(frozen=True)
class Bundle:
    """A bundle file read and checked: its header and the change sets it carries."""

    path: Path
    header: BundleHeader
    change_sets: tuple[ChangeSet, ...]
    files: tuple[tuple[str, bytes], ...] = ()  # (stored name, content), each checked

    @property
    def known(self) -> set[str]:
        """Every change set the sender held: what a bundle back to them can leave out."""
        return set(self.header.have) | {cs.digest for cs in self.change_sets}


def write_bundle(
    out: Path,
    header_fields: dict[str, Any],
    change_sets: list[ChangeSet],
    have: list[str],
    files: list[tuple[str, bytes]] | None = None,
) -> int:
    """Write a bundle of `change_sets` to `out` whole (temporary file, fsync, rename; only over a
    regular file). `header_fields` gives review_id, title, framework_id, framework_version, device,
    member. Returns the bundle's size in bytes. Raises a CqcError naming the file on failure."""
    header = BundleHeader(
        created=now_iso(),
        have=tuple(sorted(have)),
        sets=tuple(cs.digest for cs in change_sets),
        files=tuple(name for name, _ in files or ()),
        **header_fields,
    )
    size = [0]

    def write(fh: BinaryIO) -> None:
        with gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=6, mtime=0) as gz:
            gz.write(json.dumps(header.to_json(), ensure_ascii=False).encode("utf-8") + b"\n")
            for change_set in change_sets:
                gz.write(change_set.data + b"\n")
            for name, data in files or ():
                line = {"file": name, "data": base64.b64encode(data).decode("ascii")}
                gz.write(json.dumps(line).encode("ascii") + b"\n")
            closing = {"end": len(change_sets), "files": len(header.files)}
            gz.write(json.dumps(closing).encode("ascii") + b"\n")
        size[0] = fh.tell()

    write_output(Path(out), write, example="team.cqcb", error=BundleError)
    return size[0]


def _unpack(path: Path) -> bytes:
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BundleError(f"cannot read {shown}: {os_reason(exc)}") from None
    if raw[:2] != b"\x1f\x8b":
        raise BundleError(
            f"{shown} is not a cqc-tui bundle (not a gzip file); ask for the file "
            "'cqc-tui share' wrote"
        )
    out: list[bytes] = []
    total = 0
    decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
    data = raw
    try:
        while data:
            chunk = decoder.decompress(data, _CHUNK)
            total += len(chunk)
            if total > MAX_BUNDLE_BYTES:
                raise BundleError(
                    f"{shown} unpacks to more than {MAX_BUNDLE_BYTES // 1024**3} GB; it is not a "
                    "bundle cqc-tui wrote. Nothing was received from it."
                )
            out.append(chunk)
            data = decoder.unconsumed_tail
            if decoder.eof:
                break
        if not decoder.eof:
            raise BundleError(
                f"{shown} is cut short (the file ends before the bundle does); copy it again "
                "from the sender. Nothing was received from it."
            )
    except zlib.error:
        raise BundleError(
            f"{shown} is damaged (its compressed data cannot be read); copy it again from the "
            "sender. Nothing was received from it."
        ) from None
    return b"".join(out)


def read_bundle(
    path: Path, review_id: str | None = None, parsed: dict[str, ChangeSet] | None = None
) -> Bundle:
    """The bundle in `path`, every change set checked against its hash. Raises BundleError (one line
    naming the file, saying nothing was received from it) when it is not a bundle, is cut short,
    was altered, was written by a newer cqc-tui, or (with `review_id`) belongs to another review.
    `parsed` (digest -> change set), shared between calls, saves reading a change set that several
    bundles carry more than once (its bytes are still compared)."""
    cache: dict[str, ChangeSet] = parsed if parsed is not None else {}
    path = Path(path)
    shown = display_path(path)
    lines = _unpack(path).split(b"\n")
    try:
        header: Any = json.loads(lines[0])
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != BUNDLE_FORMAT:
        raise BundleError(f"{shown} is not a cqc-tui bundle; nothing was received from it")
    if type(header.get("version")) is not int or header["version"] > BUNDLE_VERSION:
        raise BundleError(
            f"{shown} was written by a newer cqc-tui (bundle version {header.get('version')}); "
            "upgrade cqc-tui to receive it"
        )
    try:
        header_sets = BundleHeader(
            review_id=str(header["review"]["id"]),
            title=str(header["review"]["title"]),
            framework_id=str(header["framework"]["id"]),
            framework_version=str(header["framework"]["version"]),
            device=str(header["device"]),
            member=str(header["member"]),
            created=str(header["created"]),
            have=tuple(str(h) for h in header["have"]),
            sets=tuple(str(s) for s in header["sets"]),
            files=tuple(str(f) for f in header.get("files", ())),
        )
    except (KeyError, TypeError):
        raise BundleError(f"{shown} has a damaged header; nothing was received from it") from None
    if review_id is not None and header_sets.review_id != review_id:
        raise BundleError(
            f"{shown} belongs to another review ('{header_sets.title}', "
            f"{header_sets.review_id[:8]}); "
            "nothing was received from it"
        )
    body = lines[1 : 1 + len(header_sets.sets)]
    file_lines = lines[
        1 + len(header_sets.sets) : 1 + len(header_sets.sets) + len(header_sets.files)
    ]
    at_end = 1 + len(header_sets.sets) + len(header_sets.files)
    closing = lines[at_end] if len(lines) > at_end else b""
    try:
        end = json.loads(closing) if closing else None
    except ValueError:
        end = None
    if (
        len(body) < len(header_sets.sets)
        or len(file_lines) < len(header_sets.files)
        or not isinstance(end, dict)
        or end.get("end") != len(header_sets.sets)
        or end.get("files", 0) != len(header_sets.files)
    ):
        raise BundleError(
            f"{shown} is cut short (it lists {len(header_sets.sets)} change set(s) but does not "
            "end "
            "after them); copy it again from the sender. Nothing was received from it."
        )
    change_sets = []
    for number, (digest, line) in enumerate(zip(header_sets.sets, body, strict=True), start=1):
        known = cache.get(digest)
        if known is not None and known.data == line and known.review == header_sets.review_id:
            change_sets.append(known)
            continue
        try:
            change_sets.append(parse_set(line, header_sets.review_id, digest))
            cache[digest] = change_sets[-1]
        except ChangeSetError as exc:
            raise BundleError(
                f"{shown}: change set {number}: {exc}; nothing was received from this file"
            ) from None
        except ValueError as exc:
            raise BundleError(
                f"{shown}: change set {number}: {exc}; nothing was received from this file"
            ) from None
    return Bundle(
        path, header_sets, tuple(change_sets), _read_files(shown, header_sets, file_lines)
    )


def _read_files(
    shown: str, header: BundleHeader, lines: list[bytes]
) -> tuple[tuple[str, bytes], ...]:
    """The attachment files a bundle carries, each checked against the hash its name starts with."""
    files = []
    for number, (name, line) in enumerate(zip(header.files, lines, strict=True), start=1):
        try:
            entry = json.loads(line)
            data = base64.b64decode(str(entry["data"]).encode("ascii"), validate=True)
            same_name = entry["file"] == name
        except (ValueError, KeyError, TypeError, UnicodeEncodeError):
            same_name, data = False, b""
        if (
            not same_name
            or not STORED_NAME.fullmatch(name)
            or hashlib.sha256(data).hexdigest() != name[:64]
        ):
            raise BundleError(
                f"{shown}: attachment file {number} is damaged (it does not match its hash); "
                "nothing was received from this file"
            )
        files.append((name, data))
    return tuple(files)
