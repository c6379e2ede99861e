"""Judging what recovery read: which review record to keep, what the sources hold, and what
could not be restored (counts and ids), against the state the review opened with before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cqc_tui.core.errors import CqcError, StoreError
from cqc_tui.core.model import Review
from cqc_tui.core.recovery.sources import Plan, journal_seq, priority
from cqc_tui.core.segments import describe_problems, segment_problems
from cqc_tui.core.store import ReviewStore
from cqc_tui.core.store.files import (
    read_no_follow,
    shorten,
)
from cqc_tui.core.store.layout import (
    JOURNAL_RE,
    PREV_SNAPSHOT,
    QUARANTINE,
    SNAPSHOT,
    SUMMARY,
)

# ----------------------------------------------------------------------------- judging


def describe_sources(plan: Plan) -> list[str]:
    """One line for each source that was damaged, set aside or odd: what it is and what was read
    from it."""
    lines = []
    live = [
        source
        for source in plan.sources
        if (source.live and source.kind != "other") or source.set_aside
    ]
    for source in live:
        if source.kind == "journal" and not source.problem:
            continue
        got = f"; {len(source.records)} record(s) salvaged from it" if source.salvaged else ""
        lines.append(f"{source.name} {source.problem or 'was read whole'}{got}")
    journals = [
        source
        for source in plan.sources
        if source.live and source.kind == "journal" and source.state is not None
    ]
    if journals:
        lines.append(
            f"read {len(journals)} journal segment(s) ({sum(len(source.records) for source in journals)} saved "
            "change(s))"
        )
    kept = [source for source in plan.sources if not source.live]
    if kept:
        lines.append(
            f"read {len(kept)} file(s) kept in {QUARANTINE}/ ({sum(len(source.records) for source in kept)} record(s); "
            "older revisions there never replace newer ones)"
        )
    return lines


def choose_review(folder: Path, work: ReviewStore, plan: Plan) -> str:
    """Leave `work` with exactly one review record: the folder's own id (else the best source's)
    when the sources hold several, or one rebuilt from summary.json when none survives (StoreError,
    nothing changed, when that is missing too). Returns a line saying what it did, or ''."""
    reviews = work.tables["review"]
    if len(reviews) > 1:
        keep = folder.name if folder.name in reviews else None
        if keep is None:
            ranked = sorted(plan.sources, key=priority)
            for source in reversed(ranked):
                ids = [
                    data.get("id")
                    for table, data, _ in source.records
                    if table == "review" and isinstance(data, dict)
                ]
                keep = next((i for i in ids if i in reviews), None)
                if keep:
                    break
        # every review record in the work store came from some source's records, so one is kept
        assert keep is not None
        others = sorted(i for i in reviews if i != keep)
        work.tables["review"] = {keep: reviews[keep]}
        return f"left out {len(others)} review record(s) of another review: {', '.join(others[:5])}"
    if reviews:
        return ""
    summary = _saved_summary(folder)
    if summary is None:
        notes = sum(1 for note in work.tables["notes"].values() if not note.deleted)
        raise StoreError(
            f"no review record (title, framework) survives in any file of {folder}, and there is no "
            f"usable {SUMMARY} to rebuild one from ({notes} note(s) are readable); import the review again "
            "from an exported YAML file. Nothing was changed."
        )
    fields: dict[str, Any] = {
        key: value
        for key, value in summary.items()
        if key
        in (
            "title",
            "review_type",
            "framework_id",
            "framework_version",
            "provider",
            "start_date",
            "end_date",
            "status",
        )
        and isinstance(value, str)
    }
    review = Review(id=summary["id"], author="recover", **fields)
    work.tables["review"] = {review.id: review}
    return (
        f"no review record survives in any file: rebuilt a minimal one from {SUMMARY} (title "
        f"'{review.title}', framework {review.framework_id} {review.framework_version}, dates); the review's "
        "other details (locations, sections, counts) must be entered again"
    )


def _saved_summary(folder: Path) -> dict | None:
    try:
        data = json.loads(read_no_follow(folder / SUMMARY))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
        return None
    if not isinstance(data.get("title"), str) or not isinstance(data.get("framework_id"), str):
        return None
    return data


def what_is_lost(folder: Path, plan: Plan, work: ReviewStore) -> list[str]:
    """Lines naming what could not be restored (counts and ids, per file), compared with what the
    sources and the state before held."""
    lines = [
        f"noticed earlier, when the review was opened for writing (kept in {QUARANTINE}/): {source.earlier_notice}"
        for source in plan.sources
        if source.earlier_notice
    ]
    restored = {record_id for table in work.tables.values() for record_id in table}
    for source in plan.sources:
        if source.live and source.bad_lines:
            lost = sorted({record_id for record_id in source.bad_ids if record_id not in restored})
            ids = f": {', '.join(lost[:10])}{' ...' if len(lost) > 10 else ''}" if lost else ""
            lines.append(
                f"could not restore {source.bad_lines} unreadable line(s) of {source.name} "
                f"({len(lost)} record(s) named in them are not in the review{ids})"
            )
    unusable = [
        (file_name, record_id, why)
        for file_name, record_id, why in plan.unusable
        if record_id not in restored
    ]
    if unusable:
        ids = ", ".join(record_id for _, record_id, _ in unusable[:10]) + (
            " ..." if len(unusable) > 10 else ""
        )
        lines.append(
            f"could not restore {len(unusable)} record(s) whose fields cannot be used ({ids}; e.g. "
            f"{shorten(unusable[0][2])}); they stay in the files kept in {QUARANTINE}/"
        )
    snapshots = {
        source.name: source
        for source in plan.sources
        if source.live and source.kind == "snapshot" and source.name in (SNAPSHOT, PREV_SNAPSHOT)
    }
    base = next(
        (
            snapshots[name]
            for name in (SNAPSHOT, PREV_SNAPSHOT)
            if name in snapshots and snapshots[name].meta and not snapshots[name].problem
        ),
        None,
    )
    states = {
        source.state.seq: source.state
        for source in plan.sources
        if source.live
        and source.kind == "journal"
        and source.state is not None
        and source.state.seq
    }
    unreadable = [
        source
        for source in plan.sources
        if source.live and source.kind == "journal" and source.state is None
    ]
    for source in unreadable:
        states.pop(journal_seq(source.name), None)
        lines.append(
            f"could not restore what {source.name} holds: it {source.problem}; it is kept in {QUARANTINE}/"
        )
    if base is not None:
        meta = base.meta or {}  # chosen for having one
        seq = meta.get("journal_seq", 1) if isinstance(meta.get("journal_seq"), int) else 1
        problems = segment_problems(seq, meta.get("segment_headers") is True, states)
    else:
        # No whole snapshot: the segments before the oldest one left were folded into the damaged
        # snapshots (compaction deletes them, as usual); gaps after it are missing segments.
        first = min(states, default=1)
        problems = segment_problems(first, False, states)
        damaged = [source.name for source in snapshots.values() if source.problem]
        if damaged and first > 1:
            lines.append(
                f"journal-000001 to journal-{first - 1:06d} were folded into snapshots, as usual, and "
                f"{' and '.join(damaged)} {'is' if len(damaged) == 1 else 'are'} damaged: changes saved "
                "before then are restored only as far as records could be salvaged from them"
            )
    unreadable_seqs = {
        journal_seq(source.name) for source in unreadable if JOURNAL_RE.match(source.name)
    }
    problems = [problem for problem in problems if problem.seq not in unreadable_seqs]
    if problems:
        lines.append("could not restore: " + describe_problems(problems, folder.name))
    return lines


def same_records(folder: Path, work: ReviewStore) -> bool:
    """Whether the review as it opens now, without notices, already holds exactly the rebuilt
    records (then nothing needs installing)."""
    try:
        now = ReviewStore.open(folder, readonly=True)
    except (CqcError, OSError):
        return False
    if now.report.notices:
        return False
    for table, records in work.tables.items():
        current = now.tables[table]
        if records.keys() != current.keys():
            return False
        if any(
            (record.rev, record.updated) != (current[record_id].rev, current[record_id].updated)
            for record_id, record in records.items()
        ):
            return False
    return True
