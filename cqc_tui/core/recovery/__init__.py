"""Recovering a review: the best state every readable file still holds, never making things worse.

`recover(folder)`:

1. reads every source, changing nothing: review.json, review.prev.json, every journal segment,
   everything in quarantine/ (earlier recoveries' originals, damaged snapshots, set-aside lines and
   records) and what an interrupted recovery or compaction left behind. Damaged snapshots are
   salvaged record by record. Each record keeps its newest revision, as when opening;
2. refuses, with nothing changed, when a file was written by a newer cqc-tui or when no review
   record survives anywhere and none can be rebuilt from summary.json;
3. writes the new snapshot and its journal segment in a scratch folder inside the review folder;
4. hard-links (or copies) every original into quarantine/recover-<time>/ (a symbolic link, a
   folder or an unreadable file in its place is moved there), installs the new snapshot with one
   atomic rename, and only then removes the originals' old names. Killed at any moment, the review
   opens as it did before or as rebuilt, and a second `recover` finds every original again;
5. reports what it read, what it could not restore (counts and ids) and what it changed.

A review that opened before `recover` opens after it with at least as many notes: the rebuilt
state contains everything opening reads (the snapshot and its segments) plus what other files add.
"""

from cqc_tui.core.recovery.rebuild import recover
from cqc_tui.core.recovery.sources import SCRATCH_PREFIX

__all__ = ["SCRATCH_PREFIX", "recover"]
