"""Durable storage for one review: a TinyDB snapshot plus an append-only journal.

The package, by concern:

    layout.py        what a review folder holds (file names) and the store's tunable limits
    encoding.py      JSON bytes as the store writes them (valid whatever the text holds)
    files.py         crash-safe file io: atomic writes, fsyncs, no-follow reads, zero fills
    lock.py          the review lock (who has it open for writing) and `current_user`
    journal.py       journal segment files: listing, creating, the line a record becomes
    snapshot.py      review.json: reading and checking, building and installing; summary.json
    opening.py       opening a folder: snapshot, journal replay, what was set aside
    review_store.py  `ReviewStore`: saving, compaction, closing, reading records

Import the public names from here (``from cqc_tui.core.store import ReviewStore``).
"""

from cqc_tui.core.store.encoding import normalise_text
from cqc_tui.core.store.files import AtomicJSONStorage, atomic_write_bytes, fsync_dir
from cqc_tui.core.store.journal import journal_data
from cqc_tui.core.store.layout import (
    COMPACT_EVERY,
    JOURNAL_RE,
    LOCK,
    MIGRATIONS,
    PREV_SNAPSHOT,
    QUARANTINE,
    SCHEMA_VERSION,
    SEGMENT_MIN_FREE,
    SEGMENT_PAD,
    SEGMENT_PAD_MAX,
    SEGMENT_PROBLEMS,
    SNAPSHOT,
    SUMMARY,
)
from cqc_tui.core.store.lock import LockInfo, ReviewLock, current_user
from cqc_tui.core.store.opening import OpenReport
from cqc_tui.core.store.review_store import ReviewStore, iter_notes
from cqc_tui.core.store.snapshot import CorruptReview, summarise

__all__ = [
    "COMPACT_EVERY",
    "JOURNAL_RE",
    "LOCK",
    "MIGRATIONS",
    "PREV_SNAPSHOT",
    "QUARANTINE",
    "SCHEMA_VERSION",
    "SEGMENT_MIN_FREE",
    "SEGMENT_PAD",
    "SEGMENT_PAD_MAX",
    "SEGMENT_PROBLEMS",
    "SNAPSHOT",
    "SUMMARY",
    "AtomicJSONStorage",
    "CorruptReview",
    "LockInfo",
    "OpenReport",
    "ReviewLock",
    "ReviewStore",
    "atomic_write_bytes",
    "current_user",
    "fsync_dir",
    "iter_notes",
    "journal_data",
    "normalise_text",
    "summarise",
]
