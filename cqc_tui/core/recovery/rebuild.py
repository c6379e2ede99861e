"""The recovery itself: read every source, rebuild in memory, judge, install (see the package
docstring)."""

from __future__ import annotations

import os
from pathlib import Path

from cqc_tui.core.errors import CqcError, StoreError, os_reason
from cqc_tui.core.record_codec import BadRecord
from cqc_tui.core.recovery.installing import ensure_quarantine, install, stamp, unique
from cqc_tui.core.recovery.judging import (
    choose_review,
    describe_sources,
    same_records,
    what_is_lost,
)
from cqc_tui.core.recovery.sources import priority, read_everything, state_before
from cqc_tui.core.store import ReviewLock, ReviewStore
from cqc_tui.core.store.files import (
    shorten,
)
from cqc_tui.core.store.layout import (
    LOCK,
)
from cqc_tui.core.store.opening import PausedGC


def recover(folder: Path) -> list[str]:
    """Rebuild the review in `folder` from every readable file (see the module docstring); returns
    what it read, what it could not restore and what it changed, a line each. Raises StoreError
    (ending "Nothing was changed.") when it refuses."""
    folder = Path(folder)
    if os.path.islink(folder):
        raise StoreError(
            f"{folder} is a symbolic link, not a review folder; cqc-tui does not follow it. "
            "Nothing was changed."
        )
    if not folder.is_dir():
        raise StoreError(f"{folder} is not a review folder. Nothing was changed.")
    notices: list[str] = []
    lock_path = folder / LOCK
    if os.path.islink(lock_path):  # never follow it; it must go before the review can be locked
        try:
            kept = unique(ensure_quarantine(folder) / f"{stamp()}-lock-symbolic-link")
            os.rename(lock_path, kept)
        except OSError as exc:
            raise StoreError(
                f"cannot move the symbolic link {lock_path} aside: {os_reason(exc)}. Nothing else was "
                "changed."
            ) from None
        notices.append(
            f"moved the symbolic link '{LOCK}' to {kept.relative_to(folder)} (not followed)"
        )
    lock = ReviewLock(folder)
    lock.acquire()
    if lock.stale_cleared:
        notices.append(f"cleared a stale lock left by {lock.stale_cleared.describe()}")
    try:
        with PausedGC():
            notices += _recover_locked(folder)
    finally:
        lock.release()
    return notices


def _recover_locked(folder: Path) -> list[str]:
    before_notes, before_error = state_before(folder)
    plan = read_everything(folder)
    work = ReviewStore(folder, readonly=True)
    work._quarantine = False
    for source in sorted(plan.sources, key=priority):
        for table, doc, version in source.records:
            if table == "drafts" and not source.live:
                continue  # an old copy of a draft could bring back one that was finished
            try:
                work._apply_dict(table, doc, version, where=source.name)
            except BadRecord as exc:
                if source.live:  # a copy already set aside (quarantine/) was reported when it was
                    raw_id = doc.get("id") if isinstance(doc, dict) else None
                    ident = raw_id if isinstance(raw_id, str) else "?"
                    plan.unusable.append((source.name, ident, str(exc)))
            except CqcError as exc:
                if source.live:
                    raise StoreError(f"{shorten(exc)}") from None
    lines = describe_sources(plan)
    review_note = choose_review(folder, work, plan)
    if review_note:
        lines.append(review_note)
    lines += what_is_lost(folder, plan, work)
    notes = sum(1 for note in work.tables["notes"].values() if not note.deleted)
    # by construction this cannot happen: refuse if it does
    if before_notes is not None and notes < before_notes:
        raise StoreError(
            f"the rebuilt review would hold {notes} note(s), fewer than the {before_notes} it opens "
            "with now; nothing was changed. Please report this."
        )
    damaged = [
        damaged_source
        for damaged_source in plan.sources
        if damaged_source.live and (damaged_source.problem or damaged_source.set_aside)
    ]
    if before_error is None and not damaged and not plan.unusable and same_records(folder, work):
        lines.append(
            f"the review opens and no file holds anything more; nothing was changed ({notes} note(s))"
        )
        return lines
    lines += install(folder, work, plan)
    was = (
        f"before: {before_notes}"
        if before_notes is not None
        else f"before, it did not open: {shorten(before_error or 'no reason given')}"
    )
    lines.append(f"the review is readable again: {notes} note(s) ({was})")
    return lines
