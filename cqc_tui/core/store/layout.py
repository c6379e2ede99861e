"""What a review folder holds, by name, and the store's tunable limits.

Layout of a review folder:

    review.json        TinyDB database (JSONStorage layout), written atomically: temp file,
                       fsync, os.replace, fsync of the folder. Table `_meta` holds the schema
                       version and the first journal segment not yet folded in.
    review.prev.json   the snapshot before the last compaction (recovery if review.json is damaged)
    journal-NNNNNN.jsonl
                       one JSON line per saved record revision. A save appends one line with a
                       single write() and fdatasync()s before it returns, so a save costs the size
                       of the note, not the size of the review. A header line first and a closing
                       line naming the next segment last let opening notice a segment that is
                       missing, emptied or cut short (segments.py).
    summary.json       a cache of what the review list shows (title, counts, last change).
    lock               flock()ed while a process has the review open for writing; holds who.
    quarantine/        damaged files moved aside, never deleted (recovery.py rebuilds from them too).

The store's modules read SCHEMA_VERSION, COMPACT_EVERY and MIGRATIONS from this module when they
use them (``layout.COMPACT_EVERY``), so a test can change one of them here for the whole store.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cqc_tui.core import migrations

SCHEMA_VERSION = 2  # 2: evidence notes gained 'observed' and 'attachments' (core/migrations.py)
SNAPSHOT = "review.json"
PREV_SNAPSHOT = "review.prev.json"
SUMMARY = "summary.json"
LOCK = "lock"
QUARANTINE = "quarantine"
SEGMENT_PROBLEMS = "segment-problems"  # label of the notices a writer keeps in quarantine/
JOURNAL_RE = re.compile(r"^journal-(\d{6})\.jsonl$")
COMPACT_EVERY = (
    2000  # journal lines before a background compaction (bounds replay at open to ~20 ms)
)
SEGMENT_PAD = 256 * 1024  # zero padding written ahead of the data in a journal segment ...
SEGMENT_PAD_MAX = 4 * 1024 * 1024  # ... growing with the segment up to this much at a time
SEGMENT_MIN_FREE = 64 * 1024  # pad again when less than this is left

# Migrations: schema version v -> v + 1, applied per record as (table, record dict) -> record dict.
MIGRATIONS: dict[int, Callable[[str, dict], dict]] = dict(migrations.MIGRATIONS)
