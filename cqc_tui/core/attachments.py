"""Documents and photos attached to evidence notes.

An attachment is copied into the review's folder, `attachments/<sha256><suffix>`, named by the
SHA-256 of its content (the same file attached twice is stored once, and a copy can be checked
against its note), written whole (temporary file, fsync, rename) before the note that cites it is
saved. The note keeps a small description of each: `{"name", "sha256", "size", "kind"}`.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

from cqc_tui.core.errors import CqcError, os_reason

FOLDER = "attachments"
MAX_BYTES = 20 * 1024 * 1024  # per file: a phone photo or a scanned policy, not a video
PHOTO_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".heic", ".heif", ".gif", ".webp", ".tif", ".tiff", ".bmp"}
)
_CHUNK = 1024 * 1024
STORED_NAME = re.compile(r"[0-9a-f]{64}(\.[A-Za-z0-9_-]{1,9})?")  # what stored_name gives


class AttachmentError(CqcError):
    """An attachment could not be read, stored or opened (the message says which file and why)."""


def kind_of(name: str) -> str:
    """'photo' for image files, else 'document'."""
    return "photo" if Path(name).suffix.lower() in PHOTO_SUFFIXES else "document"


def size_text(size: int) -> str:
    """A file size for people: '850 KB', '3.2 MB'."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def stored_name(attachment: dict[str, Any]) -> str:
    """The file name of an attachment inside the review's attachments folder."""
    suffix = Path(str(attachment.get("name", ""))).suffix.lower()
    if (
        not suffix.isascii()
        or len(suffix) > 10
        or any(character in suffix for character in "/\\\x00")
    ):
        suffix = ""
    return f"{attachment['sha256']}{suffix}"


def stored_path(review_folder: Path, attachment: dict[str, Any]) -> Path:
    """Where an attachment of a note lives in the review's folder."""
    return Path(review_folder) / FOLDER / stored_name(attachment)


def _write_whole(target: Path, chunks: Any) -> None:
    """Write the byte chunks to `target` so that a crash leaves it whole or absent."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def attach(review_folder: Path, source: str | Path, max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """Copy the file at `source` into the review's attachments folder and describe it for a note.

    Refuses, with one line naming the file, anything that is not a readable regular file or is
    larger than `max_bytes`."""
    path = Path(source).expanduser()
    shown = str(source)
    try:
        info = path.stat()
    except OSError as exc:
        raise AttachmentError(
            f"{shown}: {os_reason(exc)}; check the path of the file to attach"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise AttachmentError(f"{shown} is not a file; attach a document or a photo")
    if info.st_size > max_bytes:
        raise AttachmentError(
            f"{shown} is {size_text(info.st_size)}; attachments are limited to "
            f"{size_text(max_bytes)} each: attach a smaller copy (resize the photo, or "
            "save the pages that matter)"
        )
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise AttachmentError(f"{shown}: {os_reason(exc)}") from None
    if len(data) > max_bytes:
        raise AttachmentError(
            f"{shown} grew past {size_text(max_bytes)} while it was read; attach a smaller copy"
        )
    digest.update(data)
    described = {
        "name": path.name,
        "sha256": digest.hexdigest(),
        "size": len(data),
        "kind": kind_of(path.name),
    }
    target = stored_path(review_folder, described)
    if not target.exists():
        try:
            _write_whole(target, (data[i : i + _CHUNK] for i in range(0, len(data), _CHUNK)))
        except OSError as exc:
            raise AttachmentError(
                f"could not copy {shown} into {target.parent}: {os_reason(exc)}"
            ) from None
    return described


def read_attachment(review_folder: Path, attachment: dict[str, Any]) -> bytes:
    """The content of a stored attachment, checked against its hash."""
    path = stored_path(review_folder, attachment)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AttachmentError(
            f"{path}: {os_reason(exc)} (attachment {attachment.get('name', '')!r})"
        ) from None
    if hashlib.sha256(data).hexdigest() != attachment.get("sha256"):
        raise AttachmentError(
            f"{path} does not match its hash: the copy of {attachment.get('name', '')!r} "
            "is damaged; attach the original again"
        )
    return data


def store_bytes(review_folder: Path, stored: str, data: bytes) -> bool:
    """Keep `data`, received from the team as the attachment file named `stored` (`stored_name`),
    in the review's attachments folder, whole. Returns False, writing nothing, when its content
    does not match the hash its name starts with (a copy not complete yet, or damaged), or the
    review already has it."""
    if not STORED_NAME.fullmatch(stored):
        return False  # not a name this program gives a file: never a path to follow
    if hashlib.sha256(data).hexdigest() != stored[:64]:
        return False
    target = Path(review_folder) / FOLDER / stored
    if target.exists():
        return False
    try:
        _write_whole(target, [data])
    except OSError as exc:
        raise AttachmentError(f"could not write {target}: {os_reason(exc)}") from None
    return True


def encode(data: bytes) -> str:
    """Attachment content as text for a review dump (base64)."""
    return base64.b64encode(data).decode("ascii")


def store_encoded(review_folder: Path, sha256: str, suffix_name: str, text: str) -> None:
    """Write an attachment carried in a dump into a review's folder, checking it against its hash."""
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise AttachmentError(f"attachment {sha256[:12]} in the file is not valid base64") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise AttachmentError(
            f"attachment {sha256[:12]} in the file does not match its hash (damaged copy)"
        )
    target = stored_path(review_folder, {"name": suffix_name, "sha256": sha256})
    if not target.exists():
        try:
            _write_whole(target, [data])
        except OSError as exc:
            raise AttachmentError(f"could not write {target}: {os_reason(exc)}") from None


def viewer_command(path: Path) -> list[str]:
    """The command that opens a file with the system's viewer."""
    if sys.platform == "darwin":
        return ["open", str(path)]
    if os.name == "nt":
        return ["cmd", "/c", "start", "", str(path)]
    return ["xdg-open", str(path)]


def open_in_viewer(review_folder: Path, attachment: dict[str, Any]) -> Path:
    """Open a stored attachment with the system's viewer (not waiting for it); returns its path."""
    path = stored_path(review_folder, attachment)
    if not path.is_file():
        raise AttachmentError(
            f"{path} is missing (attachment {attachment.get('name', '')!r}); "
            "it has not reached this laptop yet: sync with the team (y) or receive a bundle "
            "that carries it, or import the review again from a dump that carries it"
        )
    command = viewer_command(path)
    if shutil.which(command[0]) is None:
        raise AttachmentError(
            f"no viewer to open {path}: '{command[0]}' is not installed; open the file yourself"
        )
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise AttachmentError(f"could not run {command[0]} for {path}: {os_reason(exc)}") from None
    return path
