"""Nothing disappears silently: opening notices every missing, emptied or cut-short journal segment
between the snapshot and the newest, the newest included, and says so in its notices and `status`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqc_tui.core.model import EvidenceNote, Review
from cqc_tui.core.segments import SegmentState, segment_problems
from cqc_tui.core.store import SNAPSHOT, ReviewStore, journal_data


def reopened_four_times(tmp_path: Path) -> tuple[Path, list[str], list[str]]:
    """A review closed and reopened four times with 50 notes each, then 50 more saved before a crash
    (no compaction): returns the folder, every note id, and the ids saved only in the newest segment."""
    st = ReviewStore.create(tmp_path / "review", Review(title="Segments", framework_id="mini-test"))
    ids: list[str] = []
    for rnd in range(4):
        ids += [
            st.save(EvidenceNote(text=f"round {rnd} note {i}", key_question="safe")).id
            for i in range(50)
        ]
        st.close()
        st = ReviewStore.open(st.folder)
    newest = [
        st.save(EvidenceNote(text=f"unfolded {i}", key_question="safe")).id for i in range(50)
    ]
    st.close(compact=False)  # as after a crash: these 50 are only in the newest segment
    return st.folder, ids + newest, newest


def notices_of(folder: Path) -> list[str]:
    out = []
    for readonly in (True, False):
        st = ReviewStore.open(folder, readonly=readonly)
        out.append(" ".join(st.report.notices))
        if not readonly:
            st.close(compact=False)
    return out


def newest_segment(folder: Path) -> Path:
    return sorted(folder.glob("journal-*.jsonl"))[-1]


def test_intact_review_has_no_notices(tmp_path):
    folder, ids, _ = reopened_four_times(tmp_path)
    st = ReviewStore.open(folder, readonly=True)
    assert not st.report.notices and set(ids) <= set(st.tables["notes"])


@pytest.mark.parametrize("damage", ["deleted", "truncated to nothing", "zeroed"])
def test_newest_segment_deleted_or_emptied_after_a_crash_is_noticed(tmp_path, damage):
    folder, _, _ = reopened_four_times(tmp_path)
    newest = newest_segment(folder)
    if damage == "deleted":
        newest.unlink()
    elif damage == "truncated to nothing":
        newest.write_bytes(b"")
    else:
        newest.write_bytes(bytes(newest.stat().st_size))
    for text in notices_of(folder):
        assert newest.name in text and ("missing" in text or "emptied" in text), text
        assert "not in this review" in text


def test_newest_segment_deleted_after_a_rotation_is_noticed_by_the_closing_line(tmp_path):
    folder, _, _ = reopened_four_times(tmp_path)
    st = ReviewStore.open(folder)
    with st._lock:
        st._rotate()  # a background compaction started a new segment, then the program was killed
    st.save(EvidenceNote(text="in the newest segment", key_question="safe"))
    st.close(compact=False)
    newest = newest_segment(folder)
    assert json.loads(
        journal_data(sorted(folder.glob("journal-*.jsonl"))[-2]).splitlines()[-1]
    ) == {"next": int(newest.name[8:14])}
    newest.unlink()
    for text in notices_of(folder):
        assert newest.name in text and "missing" in text, text


def test_segment_cut_short_before_a_newer_one_is_noticed(tmp_path):
    folder, _, _ = reopened_four_times(tmp_path)
    st = ReviewStore.open(folder)
    with st._lock:
        st._rotate()
    st.save(EvidenceNote(text="in the newest segment", key_question="safe"))
    st.close(compact=False)
    older = sorted(folder.glob("journal-*.jsonl"))[-2]
    lines = journal_data(older).splitlines(keepends=True)
    older.write_bytes(
        b"".join(lines[:3])
    )  # its header and two saves; the rest and its closing line gone
    for text in notices_of(folder):
        assert older.name in text and "cut short" in text, text


def test_crash_in_the_middle_of_a_rotation_is_not_reported_as_damage(tmp_path):
    folder, _, _ = reopened_four_times(tmp_path)
    st = ReviewStore.open(folder)
    with st._lock:
        st._rotate()
    st.close(compact=False)
    older = sorted(folder.glob("journal-*.jsonl"))[-2]
    data = journal_data(older)
    older.write_bytes(data[: data.rstrip(b"\n").rfind(b"\n") + 1])  # killed before its closing line
    for text in notices_of(folder):
        assert text == ""


def test_status_shows_a_missing_segment(session, workspace, capsys):
    from cqc_tui.cli import main

    rid = session.review.id
    session.add_note(lines=["T1"], text="saved before a crash")
    folder = session.store.folder
    session.close(compact=False)
    newest_segment(folder).unlink()
    for args in (["status", rid[:8]], ["status", rid[:8], "--json"]):
        try:
            main(["--home", str(workspace.home), *args])
        except SystemExit as exc:
            assert not exc.code, capsys.readouterr().err
        out = capsys.readouterr().out
        assert "journal-000001.jsonl is missing" in out


def test_rules_for_older_snapshots_only_look_for_gaps():
    states = {
        3: SegmentState(3, header=False, records=5),
        5: SegmentState(5, header=False, records=2),
    }
    assert [(p.seq, p.kind) for p in segment_problems(3, False, states)] == [(4, "missing")]
    assert segment_problems(6, False, {}) == []
    assert [(p.seq, p.kind) for p in segment_problems(6, True, {})] == [(6, "missing")]


def test_snapshot_names_its_segment_and_promises_headers(tmp_path):
    folder, _, _ = reopened_four_times(tmp_path)
    meta = json.loads((folder / SNAPSHOT).read_bytes())["_meta"]["1"]
    assert meta["segment_headers"] is True
    assert (folder / f"journal-{meta['journal_seq']:06d}.jsonl").exists()


def test_a_writer_that_carries_on_keeps_the_notice_for_recover(tmp_path):
    from cqc_tui.core.recovery import recover

    folder, _, _ = reopened_four_times(tmp_path)
    newest = newest_segment(folder)
    newest.unlink()
    st = ReviewStore.open(folder)  # the app opens it, shows the notice, the team carries on ...
    assert any("is missing" in n for n in st.report.notices)
    st.save(EvidenceNote(text="carried on", key_question="safe"))
    st.close()  # ... and closing compacts: the gap is folded away
    assert not ReviewStore.open(folder, readonly=True).report.notices
    text = "\n".join(recover(folder))
    assert "noticed earlier" in text and f"{newest.name} is missing" in text
