"""The durable store: saves, compaction bookkeeping, readers racing writers, full disks, migrations."""

from __future__ import annotations

import errno
import json
import os
import threading
from pathlib import Path

import pytest

from cqc_tui.core import record_codec
from cqc_tui.core import store as store_mod
from cqc_tui.core.errors import StoreError
from cqc_tui.core.model import (
    RECORD_TYPES,
    Draft,
    EvidenceNote,
    Rating,
    Review,
    ScopeUnit,
    record_from_dict,
)
from cqc_tui.core.record_codec import record_dict
from cqc_tui.core.recovery import recover
from cqc_tui.core.store import (
    PREV_SNAPSHOT,
    SNAPSHOT,
    ReviewStore,
    encoding,
    files,
    journal_data,
    layout,
)
from cqc_tui.core.store.journal import journal_segments


def append_raw(path: Path, data: bytes) -> None:
    """Write bytes at the end of a journal's data, as the store itself would (over the padding)."""
    end = len(journal_data(path))
    with open(path, "r+b") as fh:
        fh.seek(end)
        fh.write(data)


def new_store(tmp_path: Path, name: str = "r") -> ReviewStore:
    return ReviewStore.create(tmp_path / name, Review(title="Store test", framework_id="mini-test"))


def note(text: str = "seen on the ward", **kw) -> EvidenceNote:
    return EvidenceNote(text=text, key_question="safe", author="ann", **kw)


def test_save_is_in_the_journal_before_it_returns(tmp_path):
    st = new_store(tmp_path)
    n = st.save(note('first [bold] <w:t> & "quotes" 🙂 Siobhán'))
    raw = journal_data(st.folder / "journal-000001.jsonl")
    assert (
        raw.endswith(b"\n") and raw.count(b"\n") == 3
    )  # the segment's header, the review record, the note
    assert json.loads(raw.splitlines()[-1])["r"]["text"] == n.text
    st.close(compact=False)
    again = ReviewStore.open(st.folder, readonly=True)
    assert again.get("notes", n.id) == n


def test_listeners_hear_every_record_saved_one_by_one_or_together(tmp_path):
    """What is built from the records (the note index, the rating dialog's lists) stays current
    whichever way a record is saved; version counts records, so a cache can tell what it missed."""
    st = new_store(tmp_path)
    heard = []
    st.add_listener(heard.append)
    v0 = st.version
    one = st.save(note("one"))
    many = [note(f"bulk {i}") for i in range(3)]
    assert st.save_many(many) == 3
    assert [r.id for r in heard] == [one.id] + [r.id for r in many]
    assert st.version == v0 + 4
    st.remove_listener(heard.append)
    st.save(note("unheard"))
    assert len(heard) == 4
    st.close()


def test_reopen_after_compaction_and_many_rounds(tmp_path):
    st = new_store(tmp_path)
    ids = []
    for rnd in range(6):
        ids += [st.save(note(f"round {rnd} note {i}")).id for i in range(5)]
        st.compact()
    st.close()
    # Segments older than the previous snapshot are gone; the previous snapshot + kept journals rebuild all.
    segs = [s for s, _ in journal_segments(st.folder)]
    assert segs == sorted(segs) and len(segs) <= 3
    again = ReviewStore.open(st.folder)
    assert set(ids) <= set(again.tables["notes"])
    again.close()
    # review.prev.json plus the journals alone also hold everything (what recover() relies on).
    (st.folder / SNAPSHOT).write_bytes(b"{ broken")
    recover(st.folder)
    final = ReviewStore.open(st.folder, readonly=True)
    assert set(ids) <= set(final.tables["notes"])


def test_edits_keep_the_latest_revision(tmp_path):
    st = new_store(tmp_path)
    n = st.save(note("v1"))
    for i in range(2, 6):
        n = st.save(n.revise(author="ben", text=f"v{i}"))
        if i == 3:
            st.compact()
    st.close(compact=False)
    again = ReviewStore.open(st.folder, readonly=True)
    assert again.get("notes", n.id).text == "v5" and again.get("notes", n.id).rev == 5


def test_codec_matches_the_model_for_every_record_type():
    samples = {
        "review": Review(
            title="T", locations=({"id": "l1", "name": "Site"},), sections={"scope": "x"}
        ),
        "notes": note(lines=("S1", "S2")),
        "ratings": Rating(rating="good", note_ids=("a", "b")),
        "drafts": Draft(fields={"text": "typing"}),
        "scope_units": ScopeUnit(label="U", service_types=("acute",)),
    }
    for table, cls in RECORD_TYPES.items():
        rec = samples.get(table, cls(author="x"))
        d = record_dict(rec)
        assert d == rec.to_dict()
        assert record_codec.CODECS[table].load(json.loads(json.dumps(d))) == record_from_dict(
            table, d
        )
        slim = record_codec.record_dict_slim(rec)
        assert record_codec.CODECS[table].load(json.loads(json.dumps(slim))) == rec
    odd_notes = (
        EvidenceNote(text="x", author="", updated_by="ben"),
        EvidenceNote(text="x", author="ann", updated_by="ann", rev=3, deleted=True),
        note(quote=True, place="Ward 7"),
        note().revise(author="ben", text="edited"),
    )
    for odd in odd_notes:
        assert record_codec.CODECS["notes"].load(record_codec.record_dict_slim(odd)) == odd
    # Missing fields take their defaults; unknown fields (a newer minor version) are ignored.
    loaded = record_codec.CODECS["notes"].load(
        {"id": "n1", "created": "2018-01-01T00:00:00.000Z", "future": 1}
    )
    assert loaded.updated == loaded.created and loaded.lines == () and loaded.text == ""


def test_readonly_open_while_a_writer_compacts(tmp_path):
    # The writer runs in a thread here; readers take no lock, so this is the same file-level race as
    # with a writer in another process (review.json replaced, old segments deleted mid-read).
    st = new_store(tmp_path)
    ids = [n.id for n in (st.save(note(f"n{i}")) for i in range(200))]
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer():
        i = 0
        try:
            while not stop.is_set():
                ids.append(st.save(note(f"more {i}")).id)
                i += 1
                if i % 3 == 0:
                    st.compact()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    t = threading.Thread(target=writer)
    t.start()
    try:
        for _ in range(40):
            known = list(ids)
            ro = ReviewStore.open(st.folder, readonly=True)
            missing = set(known) - set(ro.tables["notes"])
            assert not missing, f"a reader racing compaction missed {len(missing)} saved note(s)"
    finally:
        stop.set()
        t.join()
    assert not errors
    st.close()


def test_background_compaction_keeps_saving_and_loses_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(layout, "COMPACT_EVERY", 50)
    st = new_store(tmp_path)
    ids = [st.save(note(f"n{i}")).id for i in range(400)]
    st.close()
    again = ReviewStore.open(st.folder, readonly=True)
    assert set(ids) <= set(again.tables["notes"])
    assert len(journal_segments(st.folder)) <= 3


def test_compaction_failure_in_background_is_reported_not_fatal(tmp_path, monkeypatch):
    monkeypatch.setattr(layout, "COMPACT_EVERY", 5)
    st = new_store(tmp_path)
    real = files.atomic_write_bytes

    def full(path, data):
        if Path(path).name.startswith(".review.json"):
            raise StoreError(
                f"could not write {path}: the disk is full; free some space and try again"
            )
        return real(path, data)

    monkeypatch.setattr(files, "atomic_write_bytes", full)
    ids = [st.save(note(f"n{i}")).id for i in range(12)]
    st._compactor.join()
    assert st.compaction_error is not None
    monkeypatch.setattr(files, "atomic_write_bytes", real)
    st.close()
    again = ReviewStore.open(st.folder, readonly=True)
    assert set(ids) <= set(again.tables["notes"])


class _FailingWrite:
    """os.write that writes half the bytes and then fails like a full disk."""

    def __init__(self, real, err=errno.ENOSPC):
        self.real, self.err, self.armed = real, err, True

    def __call__(self, fd, data):
        if self.armed:
            half = bytes(data[: max(1, len(data) // 2)])
            self.real(fd, half)
            raise OSError(self.err, os.strerror(self.err))
        return self.real(fd, data)


@pytest.mark.parametrize("err,words", [(errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only")])
def test_disk_full_or_readonly_fails_loudly_and_leaves_no_partial_line(
    tmp_path, monkeypatch, err, words
):
    st = new_store(tmp_path)
    kept = [st.save(note(f"kept {i}")) for i in range(3)]
    journal = st.folder / "journal-000001.jsonl"
    before = journal.read_bytes()  # data and zero padding
    failing = _FailingWrite(os.write, err)
    monkeypatch.setattr(os, "write", failing)
    with pytest.raises(StoreError) as info:
        st.save(note("lost because the disk is full"))
    assert words in str(info.value) and "NOT saved" in str(info.value)
    assert journal.read_bytes() == before  # no partial line
    with pytest.raises(StoreError):
        st.save_many([note("a"), note("b")])
    assert journal.read_bytes() == before
    failing.armed = False
    after = st.save(note("after space was freed"))
    st.close(compact=False)
    again = ReviewStore.open(st.folder, readonly=True)
    assert {n.id for n in kept} | {after.id} == set(again.tables["notes"])
    assert not again.report.notices


def test_failed_undo_is_repaired_before_the_next_save(tmp_path, monkeypatch):
    st = new_store(tmp_path)
    first = st.save(note("first"))
    failing = _FailingWrite(os.write)
    monkeypatch.setattr(os, "write", failing)
    real_zero = files.zero_fill

    def broken(*a):
        raise OSError(errno.EIO, "io")

    monkeypatch.setattr(files, "zero_fill", broken)
    with pytest.raises(StoreError):
        st.save(note("fails, and the undo fails too"))
    assert st._journal_dirty is not None
    with pytest.raises(StoreError, match="could not be repaired"):
        st.save(note("refused while the journal cannot be repaired"))
    monkeypatch.setattr(files, "zero_fill", real_zero)
    failing.armed = False
    second = st.save(note("second"))  # must not be glued to the half line left behind
    st.close(compact=False)
    again = ReviewStore.open(st.folder, readonly=True)
    assert {first.id, second.id} == set(again.tables["notes"])
    assert not again.report.notices


def test_journal_is_padded_and_grows(tmp_path):
    st = new_store(tmp_path)
    path = st.folder / "journal-000001.jsonl"
    assert path.stat().st_size >= store_mod.SEGMENT_PAD
    big = "x" * 100_000
    ids = [st.save(note(big)).id for _ in range(5)]  # well past the first padding
    data = journal_data(path)
    assert (
        data.count(b"\n") == 7 and path.stat().st_size - len(data) >= store_mod.SEGMENT_MIN_FREE
    )  # header + 6
    st.close(compact=False)
    assert set(ids) <= set(ReviewStore.open(st.folder, readonly=True).tables["notes"])


def test_old_unpadded_journal_still_works(tmp_path):
    st = new_store(tmp_path)
    a = st.save(note("a"))
    st.close(compact=False)
    path = st.folder / "journal-000001.jsonl"
    path.write_bytes(journal_data(path))  # as written by an append-only version
    st = ReviewStore.open(st.folder)
    b = st.save(note("b"))
    st.close(compact=False)
    assert {a.id, b.id} <= set(ReviewStore.open(st.folder, readonly=True).tables["notes"])


def test_bytes_after_the_padding_are_set_aside(tmp_path):
    st = new_store(tmp_path)
    a = st.save(note("a"))
    st.close(compact=False)
    path = st.folder / "journal-000001.jsonl"
    raw = bytearray(path.read_bytes())
    raw[-100:-90] = (
        b"late write"  # a block of an unfinished save that reached the disk out of order
    )
    path.write_bytes(bytes(raw))
    st = ReviewStore.open(st.folder)
    assert a.id in st.tables["notes"] and any("unfinished save" in n for n in st.report.notices)
    b = st.save(note("b"))
    st.close(compact=False)
    assert b"late write" not in path.read_bytes()
    assert any(p.read_bytes().endswith(b"late write") for p in (st.folder / "quarantine").iterdir())
    assert {a.id, b.id} <= set(ReviewStore.open(st.folder, readonly=True).tables["notes"])


def test_zeroed_block_inside_the_journal_loses_only_that_line(tmp_path):
    st = new_store(tmp_path)
    ids = [st.save(note(f"n{i} " + "w" * 300)).id for i in range(20)]
    st.close(compact=False)
    path = st.folder / "journal-000001.jsonl"
    raw = bytearray(path.read_bytes())
    start = raw.index(ids[5].encode())
    raw[start : start + 100] = bytes(100)  # damage: a run of zeros inside one line
    path.write_bytes(bytes(raw))
    again = ReviewStore.open(st.folder, readonly=True)
    assert set(ids) - set(again.tables["notes"]) == {ids[5]}
    assert any("could not be read" in n for n in again.report.notices)


def test_readonly_folder_refuses_writers_clearly(tmp_path, monkeypatch):
    st = new_store(tmp_path)
    st.save(note("x"))
    st.close()

    def denied(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")

    real_open = os.open

    def guarded_open(path, flags, *a):
        if flags & (os.O_WRONLY | os.O_RDWR):
            denied()
        return real_open(path, flags, *a)

    monkeypatch.setattr(os, "open", guarded_open)
    with pytest.raises(StoreError) as info:
        ReviewStore.open(st.folder)
    assert "read-only" in str(info.value)
    monkeypatch.undo()
    assert len(ReviewStore.open(st.folder, readonly=True).tables["notes"]) == 1


def test_migrations_apply_to_snapshot_and_journal(tmp_path, monkeypatch):
    st = new_store(tmp_path)
    n1 = st.save(note("in the snapshot"))
    st.compact()
    n2 = st.save(note("in the journal"))
    st.close(compact=False)
    current = store_mod.SCHEMA_VERSION
    monkeypatch.setattr(layout, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(
        layout.MIGRATIONS,
        current,
        lambda table, doc: {**doc, "place": "migrated"} if table == "notes" else doc,
    )
    again = ReviewStore.open(st.folder)
    assert again.get("notes", n1.id).place == "migrated"
    assert again.get("notes", n2.id).place == "migrated"
    assert any("migrated" in x for x in again.report.notices)
    again.close()
    assert any(
        f"schema-v{current}" in p.name for p in (st.folder / "quarantine").iterdir()
    )  # old snapshot kept
    data = json.loads((st.folder / SNAPSHOT).read_text())
    assert data["_meta"]["1"]["schema_version"] == current + 1


def test_journal_line_from_a_newer_version_refuses_to_open(tmp_path):
    st = new_store(tmp_path)
    st.save(note("x"))
    st.close(compact=False)
    append_raw(
        st.folder / "journal-000001.jsonl",
        json.dumps({"v": 99, "t": "notes", "r": note("future").to_dict()}).encode() + b"\n",
    )
    for readonly in (True, False):
        with pytest.raises(StoreError, match="newer cqc-tui"):
            ReviewStore.open(st.folder, readonly=readonly)


def test_quarantine_keeps_each_damaged_piece_once(tmp_path):
    st = new_store(tmp_path)
    st.save(note("good"))
    st.close(compact=False)
    append_raw(st.folder / "journal-000001.jsonl", b"garbage line\n")
    for _ in range(3):
        ReviewStore.open(st.folder).close(compact=False)
    assert len(list((st.folder / "quarantine").iterdir())) == 1


def test_prev_snapshot_is_the_one_before(tmp_path):
    st = new_store(tmp_path)
    a = st.save(note("a"))
    st.compact()
    b = st.save(note("b"))
    st.compact()
    prev = json.loads((st.folder / PREV_SNAPSHOT).read_text())
    assert a.id in {d["id"] for d in prev["notes"].values()}
    assert b.id not in {d["id"] for d in prev["notes"].values()}
    st.close()


def test_closed_store_refuses_saves(tmp_path):
    st = new_store(tmp_path)
    st.close()
    with pytest.raises(StoreError, match="closed"):
        st.save(note())
    with pytest.raises(StoreError, match="closed"):
        st.save_many([note()])


def test_generate_review_is_realistic_and_reopens(tmp_path):
    import shutil

    from cqc_tui.core.generate import generate_review
    from cqc_tui.core.workspace import Workspace

    ws = Workspace(tmp_path / "ws")
    rid = generate_review(ws, notes=600, seed=3)
    s = ws.open_id(rid, readonly=True)
    notes = s.notes()
    assert len(notes) == 600
    assert 6 <= len(s.scope_units()) <= 10 and len(s.members()) == 30
    assert len({n.author for n in notes}) > 20 and len({n.source for n in notes}) >= 5
    assert len({n.text for n in notes}) > 500
    ratings = s.records("ratings")
    assert ratings and all(r.note_ids for r in ratings)
    ctx = s.context()
    from cqc_tui.core.validate import check_record

    assert not [p for r in notes[:200] + ratings for p in check_record(r, ctx)]
    s.close()
    # Deterministic: the same seed gives the same ids and text.
    ws2 = Workspace(tmp_path / "ws2")
    assert generate_review(ws2, notes=600, seed=3) == rid
    shutil.rmtree(tmp_path / "ws2")


def test_chunked_snapshot_bytes_are_plain_json():
    data = {
        "_meta": {"1": {"schema_version": 1}},
        "empty": {},
        "notes": {str(i): {"id": str(i), "text": f"t{i} \u00e9 \ud800"} for i in range(1, 1000)},
    }
    raw = encoding.snapshot_bytes(data, chunk=7)
    assert json.loads(encoding.decode(raw)) == data
    plain = {"a": {"1": {"x": 1}}, "b": {}}
    assert encoding.snapshot_bytes(plain) == encoding.dumps_bytes(plain)


def test_search_notes_filters_and_text(session):
    from cqc_tui.core.search import search_notes

    unit = session.scope_units()[0].id
    a = session.add_note(
        lines=["T1"],
        text="Call bells were answered PROMPTLY on Ward 7",
        scope_unit=unit,
        source="observation",
        polarity="positive",
    )
    b = session.add_note(
        lines=["T1"],
        text="Staff said call bells are slow at night",
        source="staff",
        polarity="concern",
    )
    c = session.add_note(lines=["T1"], text="Straße: ÉPÉE test", source="document")
    assert {n.id for n in search_notes(session, "call bells")} == {a.id, b.id}
    assert [n.id for n in search_notes(session, "CALL", scope_unit=unit)] == [a.id]
    assert [n.id for n in search_notes(session, '"bells are slow"')] == [b.id]
    assert [n.id for n in search_notes(session, "", polarity="concern")] == [b.id]
    assert [n.id for n in search_notes(session, "strasse épée")] == [c.id]  # case folding
    assert [n.id for n in search_notes(session, "", source="document", line="T1")] == [c.id]
    assert search_notes(session, "", author="nobody") == []
    newest_first = sorted([a, b, c], key=lambda n: (n.created, n.id))[
        ::-1
    ]  # ties (same millisecond): by id
    assert [n.id for n in search_notes(session, "")] == [n.id for n in newest_first]
    edited = session.update("notes", a.id, text="Call bells now unanswered")
    assert [n.id for n in search_notes(session, "unanswered")] == [edited.id]  # no stale cache
    session.delete("notes", b.id)
    assert [n.id for n in search_notes(session, "slow")] == []
    assert [n.id for n in search_notes(session, "slow", include_deleted=True)] == [b.id]


def test_leftover_temp_files_are_cleared_by_the_next_writer(tmp_path):
    st = new_store(tmp_path)
    n = st.save(note("kept"))
    st.close()
    for name in (".review.json.new", ".review.prev.json.new", ".review.json.new.123.456.tmp"):
        (st.folder / name).write_bytes(b"half a snapshot")
    ro = ReviewStore.open(st.folder, readonly=True)
    assert (st.folder / ".review.json.new").exists()  # readers never remove anything
    assert n.id in ro.tables["notes"]
    ReviewStore.open(st.folder).close()
    assert not list(st.folder.glob(".*"))


def test_failed_create_leaves_nothing_behind(tmp_path, monkeypatch):
    real = files.atomic_write_bytes

    def full(path, data):
        raise StoreError(f"could not write {path}: the disk is full; free some space and try again")

    monkeypatch.setattr(files, "atomic_write_bytes", full)
    with pytest.raises(StoreError, match="disk is full"):
        new_store(tmp_path)
    assert not (tmp_path / "r").exists()
    monkeypatch.setattr(files, "atomic_write_bytes", real)
    new_store(tmp_path).close()  # and the same review can be created once there is room


@pytest.fixture
def tiny_disk(tmp_path):
    """A 3 MB tmpfs, to fill up for real (root only; skipped elsewhere)."""
    import subprocess

    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip(
            "mounting a tiny tmpfs needs root; the disk-full case is also covered by a monkeypatched test"
        )
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)], capture_output=True
    ).returncode:
        pytest.skip(
            "cannot mount a tmpfs here; the disk-full case is covered by a monkeypatched test"
        )
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_really_full_disk(tiny_disk):
    st = ReviewStore.create(tiny_disk / "r", Review(title="Full disk", framework_id="mini-test"))
    filler = tiny_disk / "filler"
    with open(filler, "wb") as fh:  # leave ~200 KB free
        free = os.statvfs(tiny_disk).f_bavail * os.statvfs(tiny_disk).f_frsize
        fh.write(b"x" * max(0, free - 200_000))
    saved, error = [], None
    for i in range(400):
        try:
            saved.append(st.save(note(f"note {i} " + "evidence " * 2000)).id)
        except StoreError as exc:
            error = exc
            break
    assert error is not None and "disk is full" in str(error) and "NOT saved" in str(error)
    journal = sorted(st.folder.glob("journal-*.jsonl"))[-1]
    assert journal_data(journal).endswith(b"\n")  # no partial line
    with pytest.raises(StoreError):
        st.close()  # the compaction cannot be written either; the journal still holds everything
    assert set(saved) <= set(ReviewStore.open(st.folder, readonly=True).tables["notes"])
    filler.unlink()  # space again: the review opens, saves and compacts normally
    again = ReviewStore.open(st.folder)
    assert set(saved) <= set(again.tables["notes"])
    again.save(note("after space was freed"))
    again.close()
    assert len(ReviewStore.open(st.folder, readonly=True).tables["notes"]) == len(saved) + 1


def test_permission_denied_folder(tmp_path):
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip(
            "root ignores folder permissions; covered by test_readonly_folder_refuses_writers_clearly"
        )
    st = new_store(tmp_path)
    st.save(note("x"))
    st.close()
    for p in st.folder.iterdir():
        p.chmod(0o444)
    st.folder.chmod(0o555)
    try:
        with pytest.raises(StoreError, match=r"read-only|permissions"):
            ReviewStore.open(st.folder)
        assert len(ReviewStore.open(st.folder, readonly=True).tables["notes"]) == 1
    finally:
        st.folder.chmod(0o755)
