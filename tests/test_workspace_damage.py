"""One damaged review never stops the others listing or opening, and an operating-system failure
on list, create, import or dump is one line naming the file and what to do."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cqc_tui.core.errors import CqcError, FileProblems
from cqc_tui.core.exchange import dump_text, import_review, write_dump
from cqc_tui.core.model import Review
from cqc_tui.core.store import SUMMARY
from cqc_tui.core.workspace import Workspace
from tests.command_line import run_command_line

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def two_reviews(tmp_path) -> tuple[Workspace, str, str]:
    home = tmp_path / "home"
    (home / "frameworks").mkdir(parents=True)
    (home / "frameworks" / "mini.yaml").write_bytes((FIXTURES / "mini-framework.yaml").read_bytes())
    ws = Workspace(home)
    ids = []
    for title in ("Alpha inspection", "Beta inspection"):
        session = ws.create(
            Review(title=title, review_type="comprehensive", framework_id="mini-test"), user="ann"
        )
        session.add_note(lines=["T1"], text=f"a note in {title}", author="ann")
        ids.append(session.review.id)
        session.close()
    return ws, ids[0], ids[1]


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "cqc_tui", "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in proc.stderr and "unexpected problem" not in proc.stderr, proc.stderr
    return proc


BAD_SUMMARIES = [
    '{"id": 5, "title": null}',
    '{"id": "ALPHA", "title": "x"}',
    "[1, 2]",
    "not json",
    '{"id": "ALPHA", "title": ["a"], "notes": "many"}',
]


@pytest.mark.parametrize("bad", BAD_SUMMARIES, ids=range(len(BAD_SUMMARIES)))
def test_a_malformed_summary_breaks_nothing(two_reviews, tmp_path, bad):
    ws, alpha, beta = two_reviews
    (ws.folder(alpha) / SUMMARY).write_text(bad.replace("ALPHA", alpha), encoding="utf-8")
    listed = {r["id"]: r for r in Workspace(ws.home).list_reviews()}
    assert (
        listed[alpha]["title"] == "Alpha inspection" and listed[alpha]["notes"] == 1
    )  # read from the review
    assert listed[beta]["title"] == "Beta inspection"
    # the commands run in this process (as typed, exit status checked): a process each would
    # spend most of the test starting Python
    out = run_command_line(ws.home, "list", "--json")
    assert sorted(r["title"] for r in json.loads(out)) == ["Alpha inspection", "Beta inspection"]
    for name in ("Alpha", "Beta"):
        run_command_line(ws.home, "status", name)
        run_command_line(ws.home, "dump", name, "-o", str(tmp_path / f"{name}.yaml"))
        run_command_line(ws.home, "export", name, "-o", str(tmp_path / f"{name}.docx"))
    run_command_line(ws.home, "recover", "Beta")


def test_an_unreadable_review_is_listed_as_damaged_and_the_others_open(two_reviews):
    ws, alpha, beta = two_reviews
    folder = ws.folder(alpha)
    (folder / SUMMARY).unlink()
    (folder / "review.json").write_text("{ damaged", encoding="utf-8")
    listed = {r["id"]: r for r in Workspace(ws.home).list_reviews()}
    assert listed[alpha]["status"] == "damaged" and "recover" in listed[alpha]["error"]
    with Workspace(ws.home).open("Beta", readonly=True) as session:
        assert len(session.notes()) == 1
    out = cli(ws.home, "list", "--json")
    assert out.returncode == 0 and {r["id"] for r in json.loads(out.stdout)} == {alpha, beta}


def test_a_stray_file_or_foreign_folder_in_reviews_is_not_a_review(two_reviews):
    ws, alpha, beta = two_reviews
    (ws.reviews_dir / "notes.txt").write_text("a file someone left here")
    (ws.reviews_dir / "empty").mkdir()
    listed = {r["id"]: r for r in Workspace(ws.home).list_reviews()}
    assert set(listed) == {alpha, beta, "empty"} and listed["empty"]["status"] == "damaged"


# -- operating-system failures ---------------------------------------------------------------------

ERRNOS = [errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EIO, errno.EISDIR, errno.ENAMETOOLONG]
ADVICE = {
    errno.ENOSPC: "the disk is full",
    errno.EACCES: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.EIO: "input/output error",
    errno.EISDIR: "folder",
    errno.ENAMETOOLONG: "the name is too long",
}


def _failing(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(args[0]) if args else None)

    return fail


def _one_line(exc: BaseException, code: int, names: str) -> str:
    message = str(exc)
    assert "\n" not in message and ADVICE[code] in message, message
    assert names in message, message
    return message


@pytest.mark.parametrize("code", ERRNOS, ids=[errno.errorcode[c] for c in ERRNOS])
def test_list_failure_is_one_line(two_reviews, monkeypatch, code):
    ws, _, _ = two_reviews
    real_iterdir = Path.iterdir

    def iterdir(self):
        if self == ws.reviews_dir:
            raise OSError(code, os.strerror(code), str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    with pytest.raises(CqcError) as info:
        Workspace(ws.home).list_reviews()
    _one_line(info.value, code, "reviews")


@pytest.mark.parametrize("code", ERRNOS, ids=[errno.errorcode[c] for c in ERRNOS])
def test_create_failure_is_one_line_and_leaves_nothing(two_reviews, monkeypatch, code):
    ws, alpha, beta = two_reviews
    monkeypatch.setattr(os, "rename", _failing(code))
    with pytest.raises(CqcError) as info:
        ws.create(Review(title="Gamma", review_type="comprehensive", framework_id="mini-test"))
    _one_line(info.value, code, "reviews")
    monkeypatch.undo()
    assert sorted(p.name for p in ws.reviews_dir.iterdir()) == sorted([alpha, beta])


@pytest.mark.parametrize("code", ERRNOS, ids=[errno.errorcode[c] for c in ERRNOS])
def test_import_failure_is_one_line_and_leaves_the_review(two_reviews, tmp_path, monkeypatch, code):
    ws, alpha, beta = two_reviews
    with ws.open_id(alpha, readonly=True) as session:
        text = dump_text(session.store.tables)
    path = tmp_path / "alpha.yaml"
    path.write_text(text.replace("a note in Alpha", "edited note in Alpha"), encoding="utf-8")
    monkeypatch.setattr(os, "rename", _failing(code))
    with pytest.raises(CqcError) as info:
        import_review(ws, path, replace=True)
    _one_line(info.value, code, alpha)
    monkeypatch.undo()
    assert sorted(p.name for p in ws.reviews_dir.iterdir()) == sorted([alpha, beta])
    with ws.open_id(alpha, readonly=True) as session:
        assert session.notes()[0].text == "a note in Alpha inspection"


@pytest.mark.parametrize("code", ERRNOS, ids=[errno.errorcode[c] for c in ERRNOS])
def test_import_read_failure_names_the_file(two_reviews, tmp_path, monkeypatch, code):
    ws, _, _ = two_reviews
    path = tmp_path / "review.yaml"
    path.write_text("format: cqc-tui-review\n", encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", _failing(code))
    with pytest.raises(FileProblems) as info:
        import_review(ws, path)
    message = _one_line(info.value, code, "review.yaml")
    assert "review.yaml: cannot be read" in message or "review.yaml: is a folder" in message


@pytest.mark.parametrize("code", ERRNOS, ids=[errno.errorcode[c] for c in ERRNOS])
def test_dump_failure_is_one_line_and_leaves_no_file(two_reviews, tmp_path, monkeypatch, code):
    from cqc_tui.core import output_file

    ws, alpha, _ = two_reviews
    out = tmp_path / "out.yaml"
    with ws.open_id(alpha, readonly=True) as session:
        monkeypatch.setattr(output_file.os, "replace", _failing(code))
        with pytest.raises(CqcError) as info:
            write_dump(session.store.tables, out)
    _one_line(info.value, code, "out.yaml")
    assert not out.exists() and list(tmp_path.glob("*out.yaml*")) == []
