"""Damaged review files: a clear message naming the file and what to do, the original kept aside
byte for byte in quarantine/, and `recover()` (or `cqc-tui recover`) rebuilding the last good state
without silently dropping anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqc_tui.core.errors import StoreError
from cqc_tui.core.model import EvidenceNote, Review
from cqc_tui.core.recovery import recover
from cqc_tui.core.store import (
    PREV_SNAPSHOT,
    SCHEMA_VERSION,
    SNAPSHOT,
    CorruptReview,
    ReviewStore,
    journal_data,
)


def append_raw(path: Path, data: bytes) -> None:
    """Write bytes at the end of a journal's data (over its zero padding), as a save would."""
    end = len(journal_data(path))
    with open(path, "r+b") as fh:
        fh.seek(end)
        fh.write(data)


def build(tmp_path: Path) -> tuple[Path, list[str]]:
    """A review with notes in review.prev.json, in the snapshot, and only in the journal."""
    st = ReviewStore.create(
        tmp_path / "review", Review(title="Corruption test", framework_id="mini-test")
    )
    ids = []
    for rnd in range(3):
        ids += [
            st.save(EvidenceNote(text=f"round {rnd} note {i}", key_question="safe")).id
            for i in range(4)
        ]
        if rnd < 2:
            st.compact()
    st.close(compact=False)
    return st.folder, ids


def quarantined(folder: Path) -> list[Path]:
    """Every file kept in quarantine/, in recover's subfolders too."""
    q = folder / "quarantine"
    return sorted(p for p in q.rglob("*") if p.is_file()) if q.is_dir() else []


CURRENT_META = {"1": {"schema_version": SCHEMA_VERSION, "journal_seq": 1}}
DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "garbage": lambda raw: bytes(range(256)) * 4,
    "empty": lambda raw: b"",
    "whitespace": lambda raw: b"  \n",
    "not utf-8": lambda raw: raw.replace(b"round", b"r\xffund", 1),
    "a list": lambda raw: b"[1, 2, 3]",
    "no _meta": lambda raw: json.dumps({"notes": {}}).encode(),
    "bad _meta": lambda raw: json.dumps({"_meta": {"1": "x"}}).encode(),
    "no schema": lambda raw: json.dumps({"_meta": {"1": {"journal_seq": 1}}}).encode(),
    "table is a list": lambda raw: json.dumps({"_meta": CURRENT_META, "notes": []}).encode(),
    "record without id": lambda raw: json.dumps(
        {"_meta": CURRENT_META, "notes": {"1": {"text": "x"}}}
    ).encode(),
    "bad rev": lambda raw: json.dumps(
        {"_meta": CURRENT_META, "notes": {"1": {"id": "a", "rev": "two"}}}
    ).encode(),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_snapshot_is_reported_kept_and_recovered(tmp_path, kind):
    folder, ids = build(tmp_path)
    snap = folder / SNAPSHOT
    damaged = DAMAGE[kind](snap.read_bytes())
    snap.write_bytes(damaged)
    for readonly in (True, False):
        with pytest.raises(CorruptReview) as info:
            ReviewStore.open(folder, readonly=readonly)
        msg = str(info.value)
        assert str(snap) in msg and "cqc-tui recover" in msg
    assert snap.read_bytes() == damaged  # opening never changes a damaged file
    notices = recover(folder)
    kept = [p for p in quarantined(folder) if p.name == SNAPSHOT]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged, (
        "the damaged original must be kept, untouched"
    )
    assert any("kept every original" in n for n in notices)
    st = ReviewStore.open(folder, readonly=True)
    assert set(ids) <= set(st.tables["notes"]), "recover must rebuild every saved note"
    assert st.review.title == "Corruption test"


@pytest.mark.parametrize("depth", [0, 6], ids=["short path", "long path"])
def test_newer_schema_is_refused_untouched_even_by_recover(tmp_path, depth):
    """Whatever the length of the folder's path, the message says a newer cqc-tui wrote it and
    what to do (it was cut to 120 characters, losing both, under a long path)."""
    tmp_path = tmp_path.joinpath(*["a-rather-long-folder-name"] * depth)
    folder, _ = build(tmp_path)
    snap = folder / SNAPSHOT
    data = json.loads(snap.read_text())
    data["_meta"]["1"]["schema_version"] = 99
    raw = json.dumps(data).encode()
    snap.write_bytes(raw)
    with pytest.raises(StoreError, match="newer cqc-tui") as info:
        ReviewStore.open(folder)
    assert not isinstance(info.value, CorruptReview)
    with pytest.raises(StoreError, match=r"newer cqc-tui.*upgrade cqc-tui"):
        recover(folder)
    assert snap.read_bytes() == raw and not quarantined(folder)


def test_both_snapshots_damaged_rebuilds_from_journals_and_says_so(tmp_path):
    st = ReviewStore.create(
        tmp_path / "review", Review(title="Corruption test", framework_id="mini-test")
    )
    ids = [st.save(EvidenceNote(text=f"n{i}", key_question="safe")).id for i in range(5)]
    st.compact()
    ids += [st.save(EvidenceNote(text=f"m{i}", key_question="safe")).id for i in range(5)]
    st.close(compact=False)
    (st.folder / SNAPSHOT).write_bytes(b"\x00\x00")
    (st.folder / PREV_SNAPSHOT).write_bytes(b"{")
    notices = recover(st.folder)
    assert any(SNAPSHOT in n and "damaged" in n for n in notices)
    assert set(ids) <= set(ReviewStore.open(st.folder, readonly=True).tables["notes"])


def test_missing_snapshot_opens_from_previous(tmp_path):
    folder, ids = build(tmp_path)
    (
        folder / SNAPSHOT
    ).unlink()  # as after a crash between the renames of an older version's compaction
    st = ReviewStore.open(folder, readonly=True)
    assert set(ids) <= set(st.tables["notes"])
    assert any(PREV_SNAPSHOT in n for n in st.report.notices)


@pytest.mark.parametrize(
    "bad",
    [
        b"this is not json",
        b'{"v":1,"t":"nope","r":{}}',
        b'{"v":1,"t":"notes"}',
        b'{"v":1,"t":"notes","r":{"text":"no id"}}',
        b"\xff\xfe\x00garbage",
        b'["a","list"]',
        b'{"v":"1","t":"notes","r":{"id":"x"}}',
    ],
)
def test_garbage_journal_line_is_reported_and_kept(tmp_path, bad):
    folder, ids = build(tmp_path)
    journal = sorted(folder.glob("journal-*.jsonl"))[-1]
    lines = journal_data(journal).split(b"\n")
    lines.insert(2, bad)  # in the middle: a save after it must still be read
    journal.write_bytes(b"\n".join(lines))
    for readonly in (True, False):
        st = ReviewStore.open(folder, readonly=readonly)
        assert set(ids) <= set(st.tables["notes"])
        msg = " ".join(st.report.notices)
        assert journal.name in msg and "line 3" in msg
        if not readonly:
            st.close(compact=False)
    kept = quarantined(folder)
    assert len(kept) == 1 and bad in kept[0].read_bytes()
    assert bad in journal.read_bytes()  # the journal itself is left as it was


def test_torn_line_in_an_older_segment_is_kept_not_cut(tmp_path):
    folder, ids = build(tmp_path)
    segments = sorted(folder.glob("journal-*.jsonl"))
    older = segments[-2]  # folded into review.json, still needed beside review.prev.json
    append_raw(older, b'{"v":1,"t":"notes","r":{"id":"tor')
    (folder / SNAPSHOT).write_bytes(b"{")
    notices = recover(folder)
    assert any(older.name in n and "unreadable line" in n for n in notices)
    st = ReviewStore.open(folder)
    assert set(ids) <= set(st.tables["notes"])
    st.close(compact=False)
    kept = [p for p in quarantined(folder) if p.name == older.name]
    assert len(kept) == 1 and journal_data(kept[0]).endswith(b'"tor')  # the original, unchanged


def test_recover_keeps_unreadable_journal_lines(tmp_path):
    folder, ids = build(tmp_path)
    journal = sorted(folder.glob("journal-*.jsonl"))[-1]
    append_raw(journal, b"GARBAGE\n")
    (folder / SNAPSHOT).write_bytes(b"{")
    notices = recover(folder)
    assert any("could not restore 1 unreadable line" in n for n in notices)
    assert any(b"GARBAGE" in p.read_bytes() for p in quarantined(folder))
    assert set(ids) <= set(ReviewStore.open(folder, readonly=True).tables["notes"])


def test_recover_twice_in_a_second_keeps_both_originals(tmp_path):
    folder, ids = build(tmp_path)
    (folder / SNAPSHOT).write_bytes(b"first damage")
    recover(folder)
    (folder / SNAPSHOT).write_bytes(b"second damage")
    recover(folder)
    contents = {p.read_bytes() for p in quarantined(folder)}
    assert {b"first damage", b"second damage"} <= contents
    assert set(ids) <= set(ReviewStore.open(folder, readonly=True).tables["notes"])


def test_nothing_recoverable_says_what_to_do(tmp_path):
    folder = tmp_path / "review"
    folder.mkdir()
    (folder / SNAPSHOT).write_bytes(b"junk")
    with pytest.raises(StoreError, match=r"import the review again.*Nothing was changed"):
        recover(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["lock", SNAPSHOT]
    assert (folder / SNAPSHOT).read_bytes() == b"junk"


def test_cli_recover(session, workspace, capsys):
    from cqc_tui.cli import main

    ids = [session.add_note(lines=["T1"], text=f"cli note {i}").id for i in range(3)]
    rid = session.review.id
    folder = session.store.folder
    session.close()
    (folder / SNAPSHOT).write_bytes(b'{"_meta": {"1": {"schema_version": 1')
    with pytest.raises(CorruptReview):
        workspace.open_id(rid)
    try:
        main(["--home", str(workspace.home), "recover", rid[:8]])
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "kept every original" in out and "readable again" in out
    s = workspace.open_id(rid, readonly=True)
    assert set(ids) <= {n.id for n in s.notes()}


def test_journal_segment_removed_outside_cqc_tui_is_reported(tmp_path):
    folder, _ids = build(tmp_path)
    st = ReviewStore.open(folder)
    with st._lock:
        st._rotate()  # a second live segment, as between two compactions
    later = st.save(EvidenceNote(text="in the newer segment", key_question="safe")).id
    st.close(compact=False)
    segments = sorted(folder.glob("journal-*.jsonl"))
    segments[-2].unlink()  # someone deletes a journal file by hand
    for readonly in (True, False):
        again = ReviewStore.open(folder, readonly=readonly)
        assert later in again.tables["notes"]
        assert any(segments[-2].name in n and "missing" in n for n in again.report.notices)
        if not readonly:
            again.close(compact=False)
