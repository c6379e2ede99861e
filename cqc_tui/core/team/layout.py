"""Where the team files of a review live (docs/team.md, "On disk").

    <workspace>/device.json                 this workspace's device id (made once)
    <review folder>/team/
        log-<device>.jsonl                  this device's change log: every revision made here
        sets/<device>/<device>-<seq>-<sha256>.cqcs
                                            sealed change sets, this device's and received ones;
                                            written once (temp name, fsync, rename), never changed
        me.json                             who works on this review on this device (a team member)
        folder.json                         the review's team folder on this device
        shared.json                         change sets known to have reached the team (sync, share)
        applying.json                       present while received change sets are being saved

Nothing here is ever rewritten in place except the small settings files (me, folder, shared,
applying), which are replaced whole by an atomic rename.
"""

from __future__ import annotations

import re
from pathlib import Path

TEAM_DIR = "team"
SETS_DIR = "sets"
DEVICE_FILE = "device.json"
ME_FILE = "me.json"
FOLDER_FILE = "folder.json"
SHARED_FILE = "shared.json"
APPLYING_FILE = "applying.json"
SET_SUFFIX = ".cqcs"
DEVICE_PATTERN = re.compile(r"[a-z0-9]{4,32}")
# <origin device>-<sequence>-<sha256 of the change set>.cqcs
SET_NAME = re.compile(r"^([a-z0-9]{4,32})-(\d{6,})-([0-9a-f]{64})\.cqcs$")


def team_dir(review_folder: Path) -> Path:
    """The review's team folder on this device: `<review folder>/team`."""
    return Path(review_folder) / TEAM_DIR


def log_path(review_folder: Path, device: str) -> Path:
    """`device`'s change log for the review: `team/log-<device>.jsonl`."""
    return team_dir(review_folder) / f"log-{device}.jsonl"


def sets_dir(review_folder: Path) -> Path:
    """Where the review's sealed change sets are kept: `team/sets/<origin device>/`."""
    return team_dir(review_folder) / SETS_DIR


def set_name(device: str, seq: int, digest: str) -> str:
    """The file name of `device`'s change set number `seq` whose SHA-256 is `digest`."""
    return f"{device}-{seq:06d}-{digest}{SET_SUFFIX}"
