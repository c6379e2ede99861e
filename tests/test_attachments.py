"""Attachments: copied into the review folder by content hash, size-limited, checked on reading."""

from __future__ import annotations

import pytest

from cqc_tui.core import attachments
from cqc_tui.core.attachments import AttachmentError, attach, read_attachment, stored_path


def test_attach_copies_by_hash_and_describes(tmp_path):
    review = tmp_path / "review"
    review.mkdir()
    photo = tmp_path / "ward corridor.JPG"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    described = attach(review, photo)
    assert described["name"] == "ward corridor.JPG" and described["kind"] == "photo"
    assert described["size"] == photo.stat().st_size
    assert stored_path(review, described).name == described["sha256"] + ".jpg"
    assert read_attachment(review, described) == photo.read_bytes()
    again = attach(review, photo)  # the same content is stored once
    assert again == described
    assert len(list((review / attachments.FOLDER).iterdir())) == 1
    doc = tmp_path / "policy.pdf"
    doc.write_bytes(b"%PDF-1.4")
    assert attach(review, doc)["kind"] == "document"


def test_attach_refuses_with_one_clear_line(tmp_path):
    review = tmp_path / "review"
    review.mkdir()
    big = tmp_path / "video.mp4"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(
        AttachmentError, match=r"video.mp4 is 2 KB; attachments are limited to 1 KB each"
    ):
        attach(review, big, max_bytes=1024)
    with pytest.raises(AttachmentError, match=r"missing.pdf: .*check the path"):
        attach(review, tmp_path / "missing.pdf")
    with pytest.raises(AttachmentError, match="is not a file"):
        attach(review, tmp_path)
    assert not (review / attachments.FOLDER).exists()


def test_a_damaged_copy_is_noticed(tmp_path):
    review = tmp_path / "review"
    review.mkdir()
    src = tmp_path / "a.txt"
    src.write_text("minutes of the board meeting")
    described = attach(review, src)
    stored_path(review, described).write_text("changed")
    with pytest.raises(AttachmentError, match="does not match its hash"):
        read_attachment(review, described)


def test_carried_content_is_checked(tmp_path):
    review = tmp_path / "review"
    data = b"photo bytes"
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    attachments.store_encoded(review, sha, "p.png", attachments.encode(data))
    assert stored_path(review, {"name": "p.png", "sha256": sha}).read_bytes() == data
    with pytest.raises(AttachmentError, match="does not match its hash"):
        attachments.store_encoded(review, "0" * 64, "p.png", attachments.encode(data))


def test_dump_and_import_carry_attachments(session, workspace, tmp_path):
    from cqc_tui.core.errors import FileProblems
    from cqc_tui.core.exchange import dump_text, import_review, write_dump

    photo = tmp_path / "sluice.png"
    photo.write_bytes(b"\x89PNG fake image")
    doc = tmp_path / "rota.pdf"
    doc.write_bytes(b"%PDF rota")
    folder = session.store.folder
    files = (attach(folder, photo), attach(folder, doc))
    note = session.add_note(
        lines=["T1", "T2"], text="sluice door propped open; rota attached", attachments=files
    )
    out = tmp_path / "review.yaml"
    write_dump(session.store.tables, out, folder)
    session.close()
    import shutil

    shutil.rmtree(folder)  # the review is gone from this laptop: the dump alone must bring it back
    status, rid = import_review(workspace, out)
    assert status == "imported"
    s = workspace.open_id(rid, readonly=True)
    try:
        again = s.store.get("notes", note.id)
        assert again.lines == ("T1", "T2") and len(again.attachments) == 2
        assert read_attachment(s.store.folder, again.attachments[0]) == photo.read_bytes()
        assert read_attachment(s.store.folder, again.attachments[1]) == doc.read_bytes()
        # a dump that names an attachment but does not carry it is refused, naming the note
        bare = tmp_path / "bare.yaml"
        bare.write_text(dump_text(s.store.tables), encoding="utf-8")
    finally:
        s.close()
    with pytest.raises(FileProblems, match=r"attachment 'sluice.png' is not carried"):
        import_review(workspace, bare, replace=True)
