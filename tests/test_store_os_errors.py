"""Disk and permission failures on the store's paths give one line naming the file and what to do;
a failed open lets go of its lock; symbolic links in a review folder are refused, never followed."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from cqc_tui.core.errors import StoreError
from cqc_tui.core.model import EvidenceNote, Review
from cqc_tui.core.store import SNAPSHOT, ReviewStore, files

ERRORS = {
    errno.ENOSPC: "disk is full",
    errno.EACCES: "permission denied",
    errno.EROFS: "read-only",
    errno.EIO: "input/output error",
    errno.EISDIR: "folder",
    errno.ENAMETOOLONG: "too long",
}


def small_review(tmp_path: Path, name: str = "review") -> Path:
    st = ReviewStore.create(tmp_path / name, Review(title="OS errors", framework_id="mini-test"))
    st.save(EvidenceNote(text="saved", key_question="safe"))
    st.close(compact=False)
    return st.folder


@pytest.mark.parametrize("code", sorted(ERRORS))
def test_lock_file_write_failure_is_one_line_and_releases_the_lock(tmp_path, monkeypatch, code):
    folder = small_review(tmp_path)
    real = files.write_at

    def failing(fd, data, offset):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(files, "write_at", failing)
    with pytest.raises(StoreError) as info:
        ReviewStore.open(folder)
    msg = str(info.value)
    assert "lock" in msg and ERRORS[code] in msg and "\n" not in msg
    monkeypatch.setattr(files, "write_at", real)
    st = ReviewStore.open(
        folder
    )  # the same process can open it: the failed open let go of the lock
    st.close()


@pytest.mark.parametrize("code", [errno.EACCES, errno.EIO])
def test_unreadable_journal_is_a_clear_store_error(tmp_path, monkeypatch, code):
    folder = small_review(tmp_path)
    journal = sorted(folder.glob("journal-*.jsonl"))[-1]
    real = files.read_no_follow

    def failing(path):
        if Path(path).name == journal.name:
            raise OSError(code, os.strerror(code), str(path))
        return real(path)

    monkeypatch.setattr(files, "read_no_follow", failing)
    for readonly in (True, False):
        with pytest.raises(StoreError) as info:
            ReviewStore.open(folder, readonly=readonly)
        assert (
            journal.name in str(info.value)
            and ERRORS[code] in str(info.value)
            and "recover" in str(info.value)
        )
    monkeypatch.undo()
    ReviewStore.open(folder).close()  # and it was not left locked


def test_folder_with_a_journal_name_is_a_clear_store_error(tmp_path):
    folder = small_review(tmp_path)
    (folder / "journal-000009.jsonl").mkdir()
    with pytest.raises(StoreError, match=r"journal-000009.jsonl.*folder"):
        ReviewStore.open(folder, readonly=True)


@pytest.mark.parametrize("code", sorted(ERRORS))
def test_compaction_failure_names_the_file(tmp_path, monkeypatch, code):
    folder = small_review(tmp_path)
    st = ReviewStore.open(folder)
    st.save(EvidenceNote(text="more", key_question="safe"))

    def failing(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(StoreError) as info:
        st.compact()
    assert "review.json" in str(info.value) and ERRORS[code] in str(info.value)
    monkeypatch.undo()
    st.close()
    assert len(ReviewStore.open(folder, readonly=True).tables["notes"]) == 2


@pytest.mark.parametrize(
    "name", [SNAPSHOT, "review.prev.json", "journal", "lock", "summary.json", "quarantine"]
)
def test_symbolic_links_in_a_review_folder_are_refused(tmp_path, name):
    folder = small_review(tmp_path)
    other = small_review(tmp_path, "other")
    st = ReviewStore.open(folder)
    st.close()  # a compaction: review.prev.json and quarantine-free folder
    (other / "quarantine").mkdir(exist_ok=True)
    if name == "journal":
        link = sorted(folder.glob("journal-*.jsonl"))[-1]
        target = sorted(other.glob("journal-*.jsonl"))[-1]
    else:
        link, target = folder / name, other / name
        if not target.exists():
            target.write_text("{}")
    if link.is_dir():
        link.rmdir()
    elif link.exists():
        link.unlink()
    link.symlink_to(target)
    before = target.read_bytes() if target.is_file() else None
    for readonly in (True, False):
        with pytest.raises(StoreError, match="symbolic link"):
            ReviewStore.open(folder, readonly=readonly)
    if before is not None:
        assert target.read_bytes() == before


def test_linked_review_folder_is_refused(tmp_path):
    folder = small_review(tmp_path)
    link = tmp_path / "linked"
    link.symlink_to(folder)
    with pytest.raises(StoreError, match="symbolic link"):
        ReviewStore.open(link, readonly=True)


def test_new_segment_is_never_written_through_a_link(tmp_path):
    folder = small_review(tmp_path)
    other = small_review(tmp_path, "other")
    st = ReviewStore.open(folder)
    planted = folder / f"journal-{st._journal_seq + 1:06d}.jsonl"
    target = sorted(other.glob("journal-*.jsonl"))[-1]
    before = target.read_bytes()
    planted.symlink_to(target)
    with pytest.raises(StoreError, match=r"symbolic link|exists"):
        st.compact()
    assert target.read_bytes() == before
    planted.unlink()
    st.close()
