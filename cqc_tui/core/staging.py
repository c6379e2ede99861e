"""Putting a whole review into the workspace in one step: creation, import and replace.

A new review is built in a hidden staging folder beside the others (`reviews/.staging-<id>-<pid>-
<token>`, which listing ignores), closed, and only then renamed to its real name: a crash before
the rename leaves nothing listed (the staging folder is removed by the next use of the workspace),
a crash after it leaves the whole new review.

Replacing a review takes two renames (the old folder into `trash/`, the staging folder into its
place), so first an intent record is written (`reviews/.replace-<id>.json`, atomically) naming
both. If the program is killed between the renames, the next use of the workspace (`settle`)
finishes the swap from the record, or rolls it back when it had not started: at every moment the
old review or the new one is listed under the id, never neither, and never a half-built one.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from cqc_tui.core.errors import FileError, StoreError
from cqc_tui.core.store import ReviewLock, atomic_write_bytes, fsync_dir

STAGING_PREFIX = ".staging-"
INTENT_PREFIX = ".replace-"
INTENT_SUFFIX = ".json"


def new_staging_folder(reviews_dir: Path, review_id: str) -> Path:
    """A fresh hidden folder name to build the review `review_id` in (not created here)."""
    return reviews_dir / f"{STAGING_PREFIX}{review_id}-{os.getpid()}-{secrets.token_hex(4)}"


def _staging_pid(name: str) -> int | None:
    parts = name.rsplit("-", 2)
    if len(parts) == 3 and parts[1].isdigit():
        return int(parts[1])
    return None


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, another user's: leave its folders alone
    return True


def install(staging: Path, folder: Path) -> None:
    """Move a complete, closed staging folder to `folder` (which must not exist) in one rename."""
    if folder.exists():
        raise StoreError(
            f"{folder} already exists; a review with this id is already in the workspace"
        )
    try:
        os.rename(staging, folder)
        fsync_dir(folder.parent)  # ... and it stays under its real name after a power cut
    except OSError as exc:
        raise FileError.from_os(exc, folder, "put the review in place at") from None


def _intent_path(reviews_dir: Path, review_id: str) -> Path:
    return reviews_dir / f"{INTENT_PREFIX}{review_id}{INTENT_SUFFIX}"


def trash_target(home: Path, review_id: str) -> Path:
    """Where the replaced copy of a review goes: trash/<id>-<time>, never over an earlier one."""
    trash = home / "trash"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = trash / f"{review_id}-{stamp}"
    number = 1
    while target.exists():
        number += 1
        target = trash / f"{review_id}-{stamp}-{number}"
    return target


def swap(home: Path, staging: Path, folder: Path, title: str = "") -> Path:
    """Replace the review in `folder` by the complete, closed review in `staging`; the old folder
    goes to trash/ and its new path is returned. Refuses (ReviewLocked) while the review is open for
    writing elsewhere, and holds its lock throughout. Interrupted, `settle` finishes it."""
    reviews_dir = folder.parent
    lock = ReviewLock(folder, title)
    lock.acquire()
    try:
        target = trash_target(home, folder.name)
        try:
            if not target.parent.is_dir():
                target.parent.mkdir(parents=True, exist_ok=True)
                fsync_dir(target.parent.parent)
        except OSError as exc:
            raise FileError.from_os(exc, target.parent, "create the trash folder") from None
        intent = _intent_path(reviews_dir, folder.name)
        record = {
            "review": folder.name,
            "staging": staging.name,
            "trash": str(target.relative_to(home)),
            "pid": os.getpid(),
        }
        atomic_write_bytes(intent, json.dumps(record).encode("utf-8"))
        try:
            os.rename(folder, target)
            fsync_dir(target.parent)
            fsync_dir(reviews_dir)
        except OSError as exc:
            _remove(intent)
            raise FileError.from_os(exc, folder, "move the old copy to the trash from") from None
        try:
            os.rename(staging, folder)
            fsync_dir(reviews_dir)
        except OSError as exc:
            try:  # put the old copy back: the import did not happen
                os.rename(target, folder)
                fsync_dir(reviews_dir)
                _remove(intent)
            except OSError:
                pass  # the intent record stays: the next use of the workspace finishes the swap
            raise FileError.from_os(exc, folder, "put the new copy in place at") from None
        _remove(intent)
        return target
    finally:
        lock.release()


def _remove(path: Path) -> None:
    try:
        path.unlink()
        fsync_dir(path.parent)
    except OSError:
        pass


def _read_intent(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(data, dict)
        or not all(isinstance(data.get(field), str) for field in ("review", "staging", "trash"))
        or type(data.get("pid")) is not int
    ):
        return None
    return data


def _plain_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")


def settle(home: Path, reviews_dir: Path) -> list[str]:
    """Finish or roll back replaces interrupted by a crash, and remove staging folders whose
    process is gone. Returns one line per change made (for a notice); never raises for a folder it
    cannot tidy (it tries again next time)."""
    done: list[str] = []
    try:
        names = sorted(os.listdir(reviews_dir))
    except OSError:
        return done
    referenced: set[str] = set()
    for name in names:
        if not (name.startswith(INTENT_PREFIX) and name.endswith(INTENT_SUFFIX)):
            continue
        path = reviews_dir / name
        intent = _read_intent(path)
        if intent is None:
            continue  # not ours to judge: leave it (listing ignores hidden names)
        referenced.add(intent["staging"])
        if _pid_alive(intent["pid"]):
            continue  # a replace still running in another process
        line = _settle_one(home, reviews_dir, intent)
        if line:
            done.append(line)
            _remove(path)
    for name in names:
        if name.startswith("." + INTENT_PREFIX) and name.endswith(".tmp"):
            # An intent record's temporary file (atomic_write_bytes: .<name>.<pid>.<thread>.tmp)
            # left by a process killed while writing it: the record never existed.
            fields = name[: -len(".tmp")].rsplit(".", 2)
            if len(fields) == 3 and fields[1].isdigit() and not _pid_alive(int(fields[1])):
                _remove(reviews_dir / name)
            continue
        if not name.startswith(STAGING_PREFIX) or name in referenced:
            continue
        pid = _staging_pid(name)
        if pid is None or _pid_alive(pid):
            continue
        folder = reviews_dir / name
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                done.append(
                    f"removed {name}, an unfinished import or creation that was never confirmed"
                )
    return done


def _settle_one(home: Path, reviews_dir: Path, intent: dict[str, Any]) -> str | None:
    review_id, staging_name, trash_relative_path = (
        intent["review"],
        intent["staging"],
        intent["trash"],
    )
    trash_parts = Path(trash_relative_path).parts
    if not (
        _plain_name(review_id)
        and _plain_name(staging_name)
        and staging_name.startswith(STAGING_PREFIX)
        and len(trash_parts) == 2
        and trash_parts[0] == "trash"
        and _plain_name(trash_parts[1])
    ):
        return None  # a record that names anything else is not one this module wrote
    folder, staging, target = (
        reviews_dir / review_id,
        reviews_dir / staging_name,
        home / trash_relative_path,
    )
    try:
        if folder.exists() and staging.exists():  # killed before the old copy moved: roll back
            shutil.rmtree(staging)
            return f"rolled back an unfinished replace of review {review_id[:8]} (the old copy is unchanged)"
        if not folder.exists() and staging.is_dir():  # killed between the renames: finish
            os.rename(staging, folder)
            fsync_dir(reviews_dir)
            return f"finished an interrupted replace of review {review_id[:8]} (the old copy is in {trash_relative_path})"
        if not folder.exists() and target.is_dir():  # the new copy is gone: put the old one back
            os.rename(target, folder)
            fsync_dir(reviews_dir)
            return f"restored review {review_id[:8]} from {trash_relative_path} after an interrupted replace"
        return f"tidied the record of a finished replace of review {review_id[:8]}"
    except OSError:
        return None
