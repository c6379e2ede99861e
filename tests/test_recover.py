"""`recover` never makes things worse: it builds the best state from every readable file, changes
nothing until that state is in hand, keeps every original, reports what it could not restore
(counts and ids), and says truthfully what it changed. A review that opened before it opens after
it with at least as many notes."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from cqc_tui.core.errors import StoreError
from cqc_tui.core.model import EvidenceNote, Review
from cqc_tui.core.recovery import recover
from cqc_tui.core.store import (
    PREV_SNAPSHOT,
    SNAPSHOT,
    SUMMARY,
    CorruptReview,
    ReviewStore,
    journal_data,
)


def four_rounds(tmp_path: Path, unfolded: int = 0) -> tuple[Path, list[str]]:
    """The issue's review: closed and reopened four times with 50 notes each (and `unfolded` more
    saved before a crash, only in the newest segment)."""
    st = ReviewStore.create(
        tmp_path / "review", Review(title="Four rounds", framework_id="mini-test")
    )
    ids: list[str] = []
    for rnd in range(4):
        ids += [
            st.save(EvidenceNote(text=f"round {rnd} note {i}", key_question="safe")).id
            for i in range(50)
        ]
        st.close()
        st = ReviewStore.open(st.folder)
    ids += [
        st.save(EvidenceNote(text=f"unfolded {i}", key_question="safe")).id for i in range(unfolded)
    ]
    st.close(compact=False)
    return st.folder, ids


def listing(folder: Path) -> dict[str, bytes]:
    """Every file under the folder with its bytes (what 'nothing was changed' is checked against)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_symlink():
            out[str(p.relative_to(folder))] = b"-> " + os.readlink(p).encode()
        elif p.is_file() and p.name != "lock":
            out[str(p.relative_to(folder))] = p.read_bytes()
    return out


def open_notes(folder: Path) -> set[str]:
    return set(ReviewStore.open(folder, readonly=True).tables["notes"])


def originals(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "quarantine").glob("recover-*/*"))


def test_damaged_prev_snapshot_keeps_the_good_review_json_in_use(tmp_path):
    folder, ids = four_rounds(tmp_path)
    prev = folder / PREV_SNAPSHOT
    prev.write_bytes(prev.read_bytes()[: prev.stat().st_size // 3])
    assert open_notes(folder) == set(ids)  # status still shows 200 notes
    notices = recover(folder)
    text = "\n".join(notices)
    assert f"{PREV_SNAPSHOT} is damaged" in text and "salvaged" in text
    assert "readable again: 200 note(s) (before: 200)" in text
    assert open_notes(folder) == set(ids)
    kept = {p.name: p for p in originals(folder)}
    assert kept[PREV_SNAPSHOT].read_bytes() == prev.read_bytes() if prev.exists() else True
    assert SNAPSHOT in kept and PREV_SNAPSHOT in kept
    st = ReviewStore.open(folder)  # and it works for writing afterwards
    st.save(EvidenceNote(text="after recover", key_question="safe"))
    st.close()
    assert len(open_notes(folder)) == 201


def test_both_snapshots_damaged_still_rebuilds_with_the_review_record(tmp_path):
    folder, ids = four_rounds(tmp_path, unfolded=10)
    for name in (SNAPSHOT, PREV_SNAPSHOT):
        path = folder / name
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CorruptReview):
        ReviewStore.open(folder, readonly=True)
    notices = recover(folder)
    text = "\n".join(notices)
    st = ReviewStore.open(folder, readonly=True)
    assert st.review.title == "Four rounds"  # salvaged from a damaged snapshot
    got = set(st.tables["notes"])
    assert set(ids[-60:]) <= got  # everything in the journals
    assert len(got) > 150  # and most of what only the damaged snapshots held
    assert "salvaged" in text and "journal-000001" in text


def test_review_record_rebuilt_from_summary_when_no_file_holds_it(tmp_path):
    folder, ids = four_rounds(tmp_path, unfolded=10)
    for name in (SNAPSHOT, PREV_SNAPSHOT):
        (folder / name).write_bytes(b"\0" * 100)
    notices = recover(folder)
    st = ReviewStore.open(folder, readonly=True)
    assert st.review.title == "Four rounds" and st.review.framework_id == "mini-test"
    assert set(ids[-60:]) <= set(st.tables["notes"])
    assert any("rebuilt a minimal one from summary.json" in n for n in notices)


def test_no_review_record_anywhere_changes_nothing(tmp_path):
    folder, _ = four_rounds(tmp_path, unfolded=10)
    for name in (SNAPSHOT, PREV_SNAPSHOT, SUMMARY):
        (folder / name).write_bytes(b"\0" * 100)
    before = listing(folder)
    with pytest.raises(
        StoreError, match=r"no review record.*\d+ note\(s\) are readable.*Nothing was changed"
    ):
        recover(folder)
    assert listing(folder) == before


def test_oldest_segment_deleted_is_reported_with_what_is_lost(tmp_path):
    folder, ids = four_rounds(tmp_path, unfolded=50)
    for name in (SNAPSHOT, PREV_SNAPSHOT):
        (folder / name).write_bytes(b"{")
    oldest = sorted(folder.glob("journal-*.jsonl"))[0]
    oldest.unlink()
    notices = recover(folder)
    text = "\n".join(notices)
    assert "journal-000001" in text and "damaged" in text, text
    got = open_notes(folder)
    assert (
        set(ids[-50:]) <= got and len(got) == 50
    )  # round 3's notes were only in the deleted segment
    assert "readable again: 50 note(s)" in text


def test_missing_segment_is_reported_by_recover(tmp_path):
    folder, _ids = four_rounds(tmp_path, unfolded=50)
    newest = sorted(folder.glob("journal-*.jsonl"))[-1]
    newest.unlink()
    text = "\n".join(recover(folder))
    assert f"could not restore: {newest.name} is missing" in text
    assert len(open_notes(folder)) == 200
    assert not (folder / newest.name).exists()  # the new segment never takes a lost one's name


def test_newer_schema_journal_line_refused_with_nothing_changed(tmp_path):
    folder, _ = four_rounds(tmp_path, unfolded=5)
    (folder / SNAPSHOT).write_bytes(b"{")
    journal = sorted(folder.glob("journal-*.jsonl"))[-1]
    end = len(journal_data(journal))
    with open(journal, "r+b") as fh:
        fh.seek(end)
        fh.write(json.dumps({"v": 99, "t": "notes", "r": {"id": "future"}}).encode() + b"\n")
    before = listing(folder)
    with pytest.raises(StoreError, match=r"newer cqc-tui.*Nothing was changed"):
        recover(folder)
    assert listing(folder) == before


def test_unreadable_journal_is_set_aside_and_reported(tmp_path, monkeypatch):
    folder, _ids = four_rounds(tmp_path, unfolded=5)
    (folder / SNAPSHOT).write_bytes(b"{")
    (folder / PREV_SNAPSHOT).write_bytes(b"{")
    journal = sorted(folder.glob("journal-*.jsonl"))[-1]
    from cqc_tui.core.store import files

    real = files.read_no_follow

    def denied(path):
        if Path(path).name == journal.name:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr("cqc_tui.core.recovery.sources.read_no_follow", denied)
    text = "\n".join(recover(folder))
    assert f"could not restore what {journal.name} holds" in text and "permission denied" in text
    assert "Nothing was changed" not in text
    assert any(p.name == journal.name for p in originals(folder))
    ReviewStore.open(folder, readonly=True)


def test_folder_with_a_journal_name_is_moved_aside(tmp_path):
    folder, _ids = four_rounds(tmp_path, unfolded=5)
    journal = sorted(folder.glob("journal-*.jsonl"))[-1]
    data = journal.read_bytes()
    journal.unlink()
    journal.mkdir()
    with pytest.raises(StoreError, match=f"{journal.name}.*folder"):
        ReviewStore.open(folder, readonly=True)
    text = "\n".join(recover(folder))
    assert journal.name in text
    assert (folder / "quarantine").glob(f"recover-*/{journal.name}")
    assert len(open_notes(folder)) == 200 and data


def test_recover_on_a_healthy_review_changes_nothing(tmp_path):
    folder, _ids = four_rounds(tmp_path, unfolded=5)
    before = listing(folder)
    text = "\n".join(recover(folder))
    assert "nothing was changed" in text
    assert listing(folder) == before


def test_recover_then_recover_again_finds_every_original(tmp_path):
    folder, ids = four_rounds(tmp_path, unfolded=5)
    (folder / SNAPSHOT).write_bytes(b"{")
    recover(folder)
    (folder / SNAPSHOT).write_bytes(
        b"{"
    )  # damaged again: the journal segments it rested on are in quarantine/
    recover(folder)
    assert open_notes(folder) == set(ids)
    assert len(list((folder / "quarantine").glob("recover-*"))) == 2


def test_wrong_typed_records_are_counted_with_their_ids(tmp_path):
    folder, ids = four_rounds(tmp_path, unfolded=5)
    journal = sorted(folder.glob("journal-*.jsonl"))[-1]
    end = len(journal_data(journal))
    with open(journal, "r+b") as fh:
        fh.seek(end)
        fh.write(
            json.dumps({"v": 1, "t": "notes", "r": {"id": "typed-wrong", "text": 12345}}).encode()
            + b"\n"
        )
        fh.write(b'{"v":1,"t":"notes","r":{"id":"torn-note","text":"half\n')
    text = "\n".join(recover(folder))
    assert "could not restore 1 record(s) whose fields cannot be used (typed-wrong" in text
    assert "could not restore 1 unreadable line(s)" in text and "torn-note" in text
    assert open_notes(folder) == set(ids)
    before = listing(folder)
    again = "\n".join(recover(folder))  # what was set aside is not reported, nor rebuilt, again
    assert "nothing was changed" in again and "could not restore" not in again
    assert listing(folder) == before


@pytest.mark.parametrize("name", [SNAPSHOT, "journal", PREV_SNAPSHOT])
def test_symbolic_links_are_set_aside_never_followed(tmp_path, name):
    folder, ids = four_rounds(tmp_path / "a", unfolded=5)
    other, other_ids = four_rounds(tmp_path / "b", unfolded=5)
    if name == "journal":
        target = sorted(other.glob("journal-*.jsonl"))[-1]
        link = sorted(folder.glob("journal-*.jsonl"))[-1]
    else:
        target, link = other / name, folder / name
    link.unlink()
    link.symlink_to(target)
    other_before = listing(other)
    with pytest.raises(StoreError, match="symbolic link"):
        ReviewStore.open(folder)
    text = "\n".join(recover(folder))
    assert "symbolic link" in text
    assert not (folder / link.name).is_symlink() or not os.path.lexists(folder / link.name)
    assert listing(other) == other_before
    got = open_notes(folder)
    assert not got & set(other_ids)
    if name == PREV_SNAPSHOT:
        assert got == set(ids)


def test_cli_recover_says_what_it_did(workspace, session, capsys):
    from cqc_tui.cli import main

    rid = session.review.id
    session.add_note(lines=["T1"], text="kept")
    folder = session.store.folder
    session.close()
    prev = folder / PREV_SNAPSHOT
    prev.write_bytes(prev.read_bytes()[:40])
    try:
        main(["--home", str(workspace.home), "recover", rid[:8]])
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "review.prev.json is damaged" in out and "readable again: 1 note(s) (before: 1)" in out


def test_oldest_segment_deleted_with_good_snapshots_keeps_every_note(tmp_path):
    # The repro: recover used to set the good review.json aside and rebuild from
    # review.prev.json + the journals left, reporting 150 of 200 notes with no warning.
    folder, ids = four_rounds(tmp_path)
    sorted(folder.glob("journal-*.jsonl"))[0].unlink()
    assert open_notes(folder) == set(ids)
    text = "\n".join(recover(folder))
    assert open_notes(folder) == set(ids)
    assert "readable again: 200 note(s)" in text or "nothing was changed (200 note(s))" in text


def test_salvage_keeps_the_review_not_its_locations(tmp_path):
    st = ReviewStore.create(
        tmp_path / "review",
        Review(
            title="Sites", framework_id="mini-test", locations=({"id": "site-1", "name": "North"},)
        ),
    )
    rid = st.review.id
    st.close()
    st = ReviewStore.open(st.folder)
    st.save(EvidenceNote(text="after", key_question="safe"))
    st.close()
    for name in (SNAPSHOT, PREV_SNAPSHOT):
        path = st.folder / name
        raw = path.read_bytes()
        path.write_bytes(raw[: raw.index(b'"notes"') + 12])  # cut inside the notes table
    for name in sorted(st.folder.glob("journal-*.jsonl")):
        name.unlink()  # the review record survives only in the damaged snapshots
    text = "\n".join(recover(st.folder))
    assert "site-1" not in text  # a location is not a record of its own
    again = ReviewStore.open(st.folder, readonly=True)
    assert list(again.tables["review"]) == [rid] and again.review.locations == (
        {"id": "site-1", "name": "North"},
    )


@pytest.mark.parametrize(
    "code", [errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EIO, errno.ENAMETOOLONG]
)
def test_disk_failure_while_writing_the_rebuilt_review_changes_nothing(tmp_path, monkeypatch, code):
    folder, _ids = four_rounds(tmp_path, unfolded=5)
    (folder / SNAPSHOT).write_bytes(b"{")
    before = listing(folder)

    def failing(path, seq):
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr("cqc_tui.core.recovery.installing.new_segment", failing)
    with pytest.raises(StoreError) as info:
        recover(folder)
    msg = str(info.value)
    assert "Nothing in the review was changed" in msg and "\n" not in msg
    assert listing(folder) == before and not list(folder.glob(".recover-*"))


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EROFS])
def test_disk_failure_at_the_switch_keeps_the_review_as_it_was(tmp_path, monkeypatch, code):
    folder, ids = four_rounds(tmp_path, unfolded=5)
    prev = folder / PREV_SNAPSHOT
    prev.write_bytes(prev.read_bytes()[:100])  # opens, but recover has work to do
    real = os.replace

    def failing(src, dst, *args, **kwargs):
        if Path(dst) == folder / SNAPSHOT and ".recover-" in str(src):
            raise OSError(code, os.strerror(code), str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr("cqc_tui.core.recovery.installing.os.replace", failing)
    with pytest.raises(StoreError) as info:
        recover(folder)
    msg = str(info.value)
    assert "recover stopped" in msg and "every original is kept" in msg and "\n" not in msg
    monkeypatch.undo()
    assert open_notes(folder) == set(ids)  # opens as before
    text = "\n".join(recover(folder))  # and a second run, with the disk back, finishes the job
    assert "readable again: 205 note(s) (before: 205)" in text
    assert open_notes(folder) == set(ids)


def test_cli_recover_never_takes_a_path(workspace, session, capsys):
    from cqc_tui.cli import main

    session.close()
    for bad in ("..", "../..", "/tmp", ".", "reviews/../.."):
        with pytest.raises(SystemExit) as info:
            main(["--home", str(workspace.home), "recover", bad])
        assert info.value.code == 1
        err = capsys.readouterr().err
        assert "no review matches" in err or "no review named" in err, err
