"""Records are checked on read as on write: a record with a wrong-typed field in a journal line or
a snapshot is left out with a notice, kept in quarantine/, never crashes a command and is never
written into the next snapshot. Snapshots are valid UTF-8 JSON whatever the text holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tinydb import TinyDB

from cqc_tui.core.model import Draft, EvidenceNote, Review
from cqc_tui.core.record_codec import CODECS, BadRecord
from cqc_tui.core.record_shape import MAX_LIST_ITEMS, MAX_SHORT_CHARS, MAX_TEXT_CHARS
from cqc_tui.core.store import SNAPSHOT, ReviewStore, journal_data, normalise_text


def append_raw(path: Path, data: bytes) -> None:
    end = len(journal_data(path))
    with open(path, "r+b") as fh:
        fh.seek(end)
        fh.write(data)


def good_note(**fields) -> dict:
    doc = {
        "id": "bad-note-1",
        "created": "2018-01-22T09:30:00.000Z",
        "author": "ann",
        "key_question": "safe",
        "text": "fine",
    }
    doc.update(fields)
    return doc


WRONG = {
    "text is a number": ("notes", good_note(text=12345)),
    "lines is text": ("notes", good_note(lines="S1")),
    "lines holds a number": ("notes", good_note(lines=["S1", 2])),
    "rev is text": ("notes", good_note(rev="2")),
    "rev is zero": ("notes", good_note(rev=0)),
    "deleted is text": ("notes", good_note(deleted="yes")),
    "quote is a number": ("notes", good_note(quote=1)),
    "created is null": ("notes", good_note(created=None)),
    "id is a number": ("notes", good_note(id=5)),
    "id is empty": ("notes", good_note(id="")),
    "id is huge": ("notes", good_note(id="x" * 5000)),
    "record is a list": ("notes", ["not", "a", "record"]),
    "locations hold text": ("review", {"id": "bad-review", "title": "T", "locations": ["site"]}),
    "sections hold a number": (
        "review",
        {"id": "bad-review", "title": "T", "sections": {"scope": 5}},
    ),
    "draft text is a number": ("drafts", {"id": "bad-draft", "fields": {"text": 5}}),
    "order is decimal": ("scope_units", {"id": "bad-unit", "label": "U", "order": 1.5}),
    # Sizes, as a save allows them (record_shape.MAX_TEXT_CHARS, MAX_SHORT_CHARS, MAX_LIST_ITEMS)
    "text over the maximum": ("notes", good_note(text="x" * (MAX_TEXT_CHARS + 1))),
    "place over the short maximum": ("notes", good_note(place="x" * (MAX_SHORT_CHARS + 1))),
    "a line code over the short maximum": ("notes", good_note(lines=["x" * (MAX_SHORT_CHARS + 1)])),
    "too many lines": ("notes", good_note(lines=["S1"] * (MAX_LIST_ITEMS + 1))),
    "title over the short maximum": (
        "review",
        {"id": "bad-review", "title": "T" * (MAX_SHORT_CHARS + 1)},
    ),
    "section over the maximum": (
        "review",
        {"id": "bad-review", "title": "T", "sections": {"scope": "x" * (MAX_TEXT_CHARS + 1)}},
    ),
}


@pytest.mark.parametrize("kind", sorted(WRONG))
def test_codec_refuses_each_wrong_type_naming_the_problem(kind):
    table, doc = WRONG[kind]
    with pytest.raises(BadRecord):
        CODECS[table].load(doc)
    with pytest.raises(BadRecord):
        CODECS[table].check(doc)


def test_codec_accepts_what_the_store_writes():
    for rec in (
        EvidenceNote(text="t", lines=("S1", "S2"), quote=True),
        Review(title="T", locations=({"id": "l1", "name": "Site"},), sections={"scope": "x"}),
        Draft(fields={"text": "typing", "lines": ["S1"], "quote": False}),
    ):
        codec = CODECS[rec.TABLE]
        doc = json.loads(json.dumps(codec.dump(rec)))
        codec.check(doc)
        assert codec.load(doc) == rec


def make_review(tmp_path: Path) -> tuple[ReviewStore, list[str]]:
    st = ReviewStore.create(
        tmp_path / "review", Review(title="Checked on read", framework_id="mini-test")
    )
    ids = [st.save(EvidenceNote(text=f"good {i}", key_question="safe")).id for i in range(5)]
    return st, ids


@pytest.mark.parametrize(
    "kind",
    [
        "text is a number",
        "lines holds a number",
        "id is a number",
        "record is a list",
        "rev is zero",
        "created is null",
        "text over the maximum",
    ],
)
def test_wrong_typed_journal_line_is_left_out_and_never_carried_on(tmp_path, kind):
    table, doc = WRONG[kind]
    st, ids = make_review(tmp_path)
    st.close(compact=False)
    journal = sorted(st.folder.glob("journal-*.jsonl"))[-1]
    bad_line = json.dumps({"v": 1, "t": table, "r": doc}).encode()
    append_raw(journal, bad_line + b"\n")
    append_raw(
        journal, json.dumps({"v": 1, "t": "notes", "r": good_note(id="after-it")}).encode() + b"\n"
    )
    ro = ReviewStore.open(st.folder, readonly=True)
    assert set(ids) | {"after-it"} <= set(ro.tables["notes"])
    assert "bad-note-1" not in ro.tables["notes"]
    assert any(journal.name in n and "could not be read" in n for n in ro.report.notices), (
        ro.report.notices
    )
    rw = ReviewStore.open(st.folder)
    rw.close()  # compaction: the bad record must not reach the new snapshot
    snapshot = (st.folder / SNAPSHOT).read_bytes()
    assert (
        b"12345" not in snapshot and b"bad-note-1" not in snapshot and b"x" * 1000 not in snapshot
    )
    kept = list((st.folder / "quarantine").iterdir())
    assert any(bad_line in p.read_bytes() for p in kept)
    again = ReviewStore.open(st.folder, readonly=True)
    assert set(ids) | {"after-it"} <= set(again.tables["notes"])


def test_wrong_typed_snapshot_record_is_left_out_kept_and_never_carried_on(tmp_path):
    st, ids = make_review(tmp_path)
    st.close()
    snap = st.folder / SNAPSHOT
    data = json.loads(snap.read_bytes())
    data["notes"]["999"] = good_note(text=12345)
    snap.write_bytes(json.dumps(data).encode())
    ro = ReviewStore.open(st.folder, readonly=True)
    assert set(ids) <= set(ro.tables["notes"]) and "bad-note-1" not in ro.tables["notes"]
    notice = " ".join(ro.report.notices)
    assert "review.json" in notice and "bad-note-1" in notice and "field 'text'" in notice
    rw = ReviewStore.open(st.folder)
    assert any("quarantine/" in n for n in rw.report.notices)
    rw.save(EvidenceNote(text="one more", key_question="safe"))
    rw.close()
    assert b"bad-note-1" not in snap.read_bytes()
    kept = [p for p in (st.folder / "quarantine").iterdir() if "unusable-records" in p.name]
    assert len(kept) == 1
    line = json.loads(kept[0].read_bytes().splitlines()[0])
    assert line["t"] == "notes" and line["r"]["text"] == 12345  # kept as it was, for a specialist


def test_status_and_app_data_survive_a_wrong_typed_record(session, workspace, capsys):
    from cqc_tui.cli import main
    from cqc_tui.cli.status import status_data

    rid = session.review.id
    session.add_note(lines=["T1"], text="a real note")
    folder = session.store.folder
    session.close(compact=False)
    journal = sorted(folder.glob("journal-*.jsonl"))[-1]
    append_raw(
        journal,
        json.dumps({"v": 1, "t": "notes", "r": good_note(text=12345, lines=["T1"])}).encode()
        + b"\n",
    )
    s = workspace.open_id(rid, readonly=True)
    data = status_data(s)  # what `status` and the app's screens compute from the records
    assert data["notes"] == 1 and any("could not be read" in n for n in data["store_notices"])
    s.close()
    try:
        main(["--home", str(workspace.home), "status", rid[:8]])
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    assert "could not be read" in capsys.readouterr().out


def test_review_without_a_usable_review_record_asks_for_recover(tmp_path):
    from cqc_tui.core.store import CorruptReview

    st, _ = make_review(tmp_path)
    st.close()
    snap = st.folder / SNAPSHOT
    data = json.loads(snap.read_bytes())
    for doc in data["review"].values():
        doc["title"] = ["not", "text"]
    snap.write_bytes(json.dumps(data).encode())
    with pytest.raises(CorruptReview, match=r"no usable review record.*cqc-tui recover"):
        ReviewStore.open(st.folder, readonly=True)


LONE = [
    "\udcff",
    "a\ud800b",
    "\udc80\udc81 bytes a terminal could not decode",
    "\ud83d",
    "end \udfff",
]


@pytest.mark.parametrize("compact", [False, True])
def test_lone_surrogates_make_valid_utf8_that_stock_readers_read(tmp_path, compact):
    st = ReviewStore.create(
        tmp_path / "review", Review(title="Surrogates \udcff", framework_id="mini-test")
    )
    notes = [st.save(EvidenceNote(text=t, key_question="safe", author=t)) for t in LONE]
    st.close(compact=compact)
    for path in [
        tmp_path / "review" / SNAPSHOT,
        *sorted((tmp_path / "review").glob("journal-*.jsonl")),
    ]:
        raw = journal_data(path) if path.suffix == ".jsonl" else path.read_bytes()
        text = raw.decode("utf-8")  # strict: no surrogatepass needed
        if path.suffix == ".json":
            json.loads(text)
        else:
            for line in text.splitlines():
                json.loads(line)
    db = TinyDB(tmp_path / "review" / SNAPSHOT, access_mode="r")  # stock TinyDB, stock JSONStorage
    texts = {doc["text"] for doc in db.table("notes").all()}
    db.close()
    assert set(LONE) <= texts or not compact  # the snapshot holds the notes only once compacted
    again = ReviewStore.open(tmp_path / "review", readonly=True)
    for n in notes:
        assert again.get("notes", n.id).text == n.text
    assert again.review.title == "Surrogates \udcff"


def test_a_surrogate_pair_written_as_two_lone_halves_reads_back_as_its_character(tmp_path):
    st = ReviewStore.create(tmp_path / "review", Review(title="Pair", framework_id="mini-test"))
    halves = "smile \ud83d\ude00 and a lone \udcff"
    saved = st.save(EvidenceNote(text=halves, key_question="safe"))
    assert saved.text == normalise_text(halves) == "smile \U0001f600 and a lone \udcff"
    assert st.get("notes", saved.id).text == saved.text  # memory holds what the disk holds
    st.close()
    assert ReviewStore.open(st.folder, readonly=True).get("notes", saved.id) == saved
