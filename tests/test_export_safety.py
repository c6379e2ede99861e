"""Export safety: the personal-data gate, hostile sizes and characters, output paths that must not be
replaced, and operating-system failures worded as one line (command line; the app is in tests/tui)."""

from __future__ import annotations

import errno
import gc
import os
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from cqc_tui.core import output_file
from cqc_tui.core.workspace import Workspace
from cqc_tui.report import ExportOptions, export_review
from cqc_tui.report.gate import personal_data_to_confirm, summarise
from tests.synthetic_review import make_review

XML_ILLEGAL = [chr(c) for c in range(0x20) if c not in (0x9, 0xA, 0xD)] + ["\ufffe", "\uffff"]
CONTROL = "".join(XML_ILLEGAL) + "\x7f\x85"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "home")


@pytest.fixture
def clean_review(ws: Workspace) -> Workspace:
    """A review with no personal data (the gate lets it through)."""
    make_review(ws, notes=20, tricky=False, title="Clean review").close()
    return ws


@pytest.fixture
def personal_review(ws: Workspace) -> Workspace:
    """A review whose notes hold NHS numbers and dates of birth (the sample's personal note)."""
    make_review(ws, notes=20, title="Personal review").close()
    return ws


def cli(args: list[str], capsys) -> tuple[int, str, str]:
    from cqc_tui.cli import main

    with pytest.raises(SystemExit) as exc:
        main(args)
        raise SystemExit(0)
    cap = capsys.readouterr()
    return int(exc.value.code or 0), cap.out, cap.err


def document_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml")


def all_text(path: Path) -> str:
    """Every w:t of the body, parsed without libxml2's 10 MB text limit (python-docx has it)."""
    root = etree.fromstring(document_xml(path), etree.XMLParser(huge_tree=True))
    return "".join(root.itertext())


# ----------------------------------------------------------------------------- the personal-data gate


def test_cli_refuses_personal_data_with_one_line_per_kind_and_the_hint(
    personal_review, tmp_path, capsys
):
    out = tmp_path / "report.docx"
    code, _, err = cli(
        ["--home", str(personal_review.home), "export", "Personal", "-o", str(out)], capsys
    )
    lines = err.strip().splitlines()
    assert code == 1 and not out.exists()
    assert lines[0].startswith("error: personal data: An NHS number (note ")
    assert lines[1].startswith("error: personal data: A date of birth (note ")
    assert lines[2].startswith("hint: export with --redact") and "--allow-personal-data" in lines[2]
    assert len(lines) == 3 and "943" not in err  # the number itself is not repeated
    assert list(tmp_path.iterdir()) == [personal_review.home]


def test_cli_allow_personal_data_prints_it(personal_review, tmp_path, capsys):
    out = tmp_path / "report.docx"
    code, _stdout, err = cli(
        [
            "--home",
            str(personal_review.home),
            "export",
            "Personal",
            "-o",
            str(out),
            "--allow-personal-data",
        ],
        capsys,
    )
    assert code == 0, err
    assert "943 476 5919" in all_text(out)


def test_cli_redact_needs_no_permission_and_removes_it(personal_review, tmp_path, capsys):
    out = tmp_path / "report.docx"
    code, _, err = cli(
        ["--home", str(personal_review.home), "export", "Personal", "-o", str(out), "--redact"],
        capsys,
    )
    assert code == 0, err
    text = all_text(out)
    for secret in (
        "943 476 5919",
        "03/04/1941",
        "07700 900123",
        "raj.patel@example.com",
        "SW1A 1AA",
        "Patel",
    ):
        assert secret not in text, secret


def test_cli_without_personal_data_needs_no_option(clean_review, tmp_path, capsys):
    code, _, err = cli(
        ["--home", str(clean_review.home), "export", "Clean", "-o", str(tmp_path / "r.docx")],
        capsys,
    )
    assert code == 0, err


def test_gate_counts_kinds_and_names_records(personal_review):
    s = personal_review.open("Personal")
    try:
        unit = s.scope_units()[0]
        extra = s.add_note(
            key_question="safe",
            lines=("S1",),
            scope_unit=unit.id,
            text="NHS 401 023 2137 and 943 476 5919; phone 07700 900123 (a warning, not asked)",
        )
        found = personal_data_to_confirm(s)
    finally:
        s.close()
    assert [f.kind for f in found] == ["nhs_number", "date_of_birth"]
    nhs = found[0]
    assert nhs.count == 3 and f"note {extra.id[:8]}" in nhs.places and len(nhs.places) == 2
    assert nhs.line().startswith("3 NHS numbers (note ")
    assert summarise([]) == []


def test_gate_sees_what_the_full_readiness_check_sees(personal_review):
    from cqc_tui.core.readiness import check, personal_data_check

    s = personal_review.open("Personal", readonly=True)
    try:
        full = [f.to_dict() for f in check(s) if f.code == "personal_data"]
        assert [f.to_dict() for f in personal_data_check(s)] == full and full
    finally:
        s.close()


# ----------------------------------------------------------------------------- sizes and characters


def _big_note_review(ws: Workspace, size: int, title: str = "Big note review") -> str:
    s = make_review(ws, notes=20, tricky=False, title=title)
    try:
        note = s.notes()[0]
        text = ("Staff said the rota was short again. " * (size // 37 + 1))[:size]
        s.store.save(note.revise(text=text))
        return note.id
    finally:
        s.close()


def test_a_one_megabyte_note_exports_quickly_and_whole(ws, tmp_path, capsys):
    """The documented note maximum (about 1 MB): export stays fast and prints the note whole."""
    _big_note_review(ws, 1_000_000)
    out = tmp_path / "big.docx"
    started = time.perf_counter()
    code, _, err = cli(["--home", str(ws.home), "export", "Big note", "-o", str(out)], capsys)
    elapsed = time.perf_counter() - started
    assert code == 0, err
    assert all_text(out).count("Staff said the rota was short again.") >= 1_000_000 // 37 - 1
    assert elapsed < 30, f"{elapsed:.1f} s"


def test_redacted_export_of_a_one_megabyte_note(ws, tmp_path):
    _big_note_review(ws, 1_000_000)
    s = ws.open("Big note", readonly=True)
    try:
        started = time.perf_counter()
        export_review(s, tmp_path / "big.docx", ExportOptions(redact=True))
        assert time.perf_counter() - started < 30
    finally:
        s.close()


def test_the_largest_stored_values_export(ws, tmp_path, capsys):
    """Every text at the most a record may hold (core/validate.py): 1 MB notes, rationale, finding and
    section, a 1,000-character title and marking. python-docx refuses document properties over 255
    characters: they are cut there, the title is printed whole."""
    from cqc_tui.core.record_shape import MAX_SHORT_CHARS, MAX_TEXT_CHARS

    big = ("Staff said the rota was short again. " * (MAX_TEXT_CHARS // 37 + 1))[:MAX_TEXT_CHARS]
    s = make_review(ws, notes=20, tricky=False, title="Largest values")
    try:
        store = s.store
        for note in s.notes()[:3]:
            store.save(note.revise(text=big))
        rating = next(r for r in store.records("ratings") if r.source == "this_review")
        store.save(rating.revise(rationale=big))
        finding = store.records("findings")[0]
        store.save(finding.revise(text=big))
        title = "Largest values " + "T" * (MAX_SHORT_CHARS - 15)
        store.save(
            s.review.revise(
                title=title,
                marking="M" * MAX_SHORT_CHARS,
                sections={**s.review.sections, "summary": big},
            )
        )
    finally:
        s.close()
    out = tmp_path / "largest.docx"
    started = time.perf_counter()
    code, _, err = cli(["--home", str(ws.home), "export", "Largest", "-o", str(out)], capsys)
    elapsed = time.perf_counter() - started
    assert code == 0, err
    assert elapsed < 60, f"{elapsed:.1f} s"
    assert all_text(out).count(big) >= 6  # 3 notes in the log, rationale, finding, summary
    with zipfile.ZipFile(out) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
        header = (
            z.read("word/header1.xml").decode("utf-8") if "word/header1.xml" in z.namelist() else ""
        )
    assert f"<dc:title>{title[:255]}</dc:title>" in core
    assert title in header or title in all_text(out)


def test_an_eleven_megabyte_text_node_parses():
    """libxml2 refuses a text node over 10 MB unless told otherwise; the report's parser is told."""
    from docx.oxml.ns import nsdecls

    from cqc_tui.report.ooxml import parse_xml

    text = "x" * (11 * 1024 * 1024)
    element = parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>{text}</w:t></w:r></w:p>")
    assert element[0][0].text == text


def test_control_characters_in_every_stored_string_are_dropped(ws, tmp_path):
    """Whatever a stored string holds, the document is valid XML 1.0 and the rest of the text is kept."""
    s = make_review(ws, notes=12, tricky=False, title="Control")
    review_id = s.review.id
    try:
        store = s.store
        mark = f"x{CONTROL}y"
        store.save(
            s.review.revise(
                title=f"Title {mark}",
                provider=f"Provider {mark}",
                marking=f"MARK {mark}",
                provider_kind=f"kind {mark}",
                sections={
                    k: f"{k} {mark}"
                    for k in ("background", "scope", "context", "summary", "method", "maturity")
                },
                locations=({"id": "L1", "name": f"Site {mark}"},),
            )
        )
        for table, fields in (
            ("members", ("name", "role", "organisation")),
            ("scope_units", ("label",)),
            ("notes", ("text", "place")),
            ("ratings", ("rationale", "departure_reason")),
            ("findings", ("heading", "text")),
            ("recommendations", ("text", "owner", "regulation", "section")),
            ("actions", ("text", "progress", "owner", "section")),
            ("enforcement", ("text", "regulation")),
        ):
            for record in store.records(table):
                store.save(record.revise(**{f: f"{f} {mark}" for f in fields}))
        s.close()
        s = ws.open(review_id, readonly=True)
        for redact in (False, True):
            out = export_review(
                s, tmp_path / f"c{redact}.docx", ExportOptions(redact=redact, marking=f"M {mark}")
            )
            with zipfile.ZipFile(out) as z:
                for name in z.namelist():
                    if name.endswith(".xml"):
                        data = z.read(name).decode("utf-8")
                        assert not any(c in data for c in XML_ILLEGAL), name
                        etree.fromstring(data.encode("utf-8"))
            d = docx.Document(str(out))
            header = d.sections[0].header.paragraphs[0].text
            assert "M x\x7f\x85y" in header and d.core_properties.keywords == "M x\x7f\x85y"
            text = all_text(out)
            assert "text x\x7f\x85y" in text or redact
    finally:
        s.close()


@pytest.mark.parametrize("option", ["--marking", "--template", "-o", "REVIEW"])
@pytest.mark.parametrize("character", ["\x01", "\x1b", "\n", "\t", "\x7f", "\x85"])
def test_control_characters_in_options_are_refused(
    clean_review, tmp_path, capsys, option, character
):
    args = ["--home", str(clean_review.home), "export", "Clean", "-o", str(tmp_path / "r.docx")]
    value = f"OFF{character}ICIAL"
    if option == "REVIEW":
        args[3] = f"Clean{character}"
    elif option == "-o":
        args[5] = str(tmp_path / f"r{character}.docx")
    else:
        args += [option, value]
    code, _, err = cli(args, capsys)
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert f"control character (U+{ord(character):04X}" in err and "unexpected" not in err
    assert list(tmp_path.iterdir()) == [clean_review.home]


# ----------------------------------------------------------------------------- output paths


def _refused(home: Path, out: Path, capsys) -> str:
    code, _, err = cli(["--home", str(home), "export", "Clean", "-o", str(out)], capsys)
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    return err


def test_cli_refuses_a_symbolic_link_and_leaves_it(clean_review, tmp_path, capsys):
    target = tmp_path / "target.txt"
    target.write_text("keep me")
    link = tmp_path / "report.docx"
    link.symlink_to(target)
    err = _refused(clean_review.home, link, capsys)
    assert "symbolic link" in err and "report.docx" in err and "target.txt" not in err
    assert link.is_symlink() and target.read_text() == "keep me"


def test_cli_refuses_a_dangling_symbolic_link(clean_review, tmp_path, capsys):
    link = tmp_path / "report.docx"
    link.symlink_to(tmp_path / "nowhere.docx")
    assert "symbolic link" in _refused(clean_review.home, link, capsys)
    assert link.is_symlink() and not (tmp_path / "nowhere.docx").exists()


def test_cli_refuses_a_device(clean_review, capsys):
    err = _refused(clean_review.home, Path("/dev/null"), capsys)
    assert "device" in err
    assert Path("/dev/null").is_char_device()


def test_cli_refuses_a_pipe(clean_review, tmp_path, capsys):
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    assert "pipe" in _refused(clean_review.home, fifo, capsys)
    assert fifo.is_fifo()


def test_cli_refuses_a_folder(clean_review, tmp_path, capsys):
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    assert "directory" in _refused(clean_review.home, folder, capsys)


def test_every_export_goes_through_the_output_file_checks(clean_review, tmp_path, monkeypatch):
    """export_review (which the CLI and the app call) writes only through output_file.write_output."""
    calls = []
    real = output_file.write_output
    monkeypatch.setattr(
        output_file, "write_output", lambda *a, **k: (calls.append(a[0]), real(*a, **k))
    )
    s = clean_review.open("Clean", readonly=True)
    try:
        export_review(s, tmp_path / "r.docx", ExportOptions())
    finally:
        s.close()
    assert calls == [tmp_path / "r.docx"]


# ----------------------------------------------------------------------------- operating-system failures

OS_FAILURES = [
    # errno, where it strikes, words of the advice
    (errno.ENOSPC, "fsync", "the disk is full"),
    (errno.EIO, "fsync", "input/output error"),
    (errno.EACCES, "mkstemp", "permission denied"),
    (errno.EROFS, "mkstemp", "read-only"),
    (errno.ENAMETOOLONG, "mkstemp", "too long"),
    (errno.EISDIR, "replace", "it is a folder"),
    (errno.ENOSPC, "write", "the disk is full"),
]


def fail_at(monkeypatch, where: str, code: int) -> None:
    """Make the export's write fail with `code` at one step (os functions are patched for the
    duration of the test only; the review is open read-only, so nothing else writes)."""

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    if where == "mkstemp":
        monkeypatch.setattr(output_file.tempfile, "mkstemp", fail)
    elif where == "fsync":
        monkeypatch.setattr(output_file.os, "fsync", fail)
    elif where == "replace":
        monkeypatch.setattr(output_file.os, "replace", fail)
    elif where == "write":
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, data):
                self.fh.write(bytes(data)[:100])
                raise OSError(code, os.strerror(code))

            def flush(self):
                self.fh.flush()

            def fileno(self):
                return self.fh.fileno()

        def fdopen(
            fd, mode="r", *args, **kwargs
        ):  # only the export's temporary file is written "wb"
            opened = real_fdopen(fd, mode, *args, **kwargs)
            return Full(opened) if mode == "wb" else opened

        monkeypatch.setattr(output_file.os, "fdopen", fdopen)


@pytest.mark.parametrize(
    "code,where,advice", OS_FAILURES, ids=[f"{errno.errorcode[c]}-{w}" for c, w, _ in OS_FAILURES]
)
def test_cli_os_failure_is_one_line_naming_the_file(
    clean_review, tmp_path, capsys, monkeypatch, code, where, advice
):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "report.docx"
    out.write_bytes(b"the old report")
    fail_at(monkeypatch, where, code)
    unraisable = []  # a half-written zip file's clean-up printed a traceback after the error line
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    rc, _, err = cli(["--home", str(clean_review.home), "export", "Clean", "-o", str(out)], capsys)
    gc.collect()
    assert not unraisable, unraisable[0].exc_value
    assert rc == 1
    assert err.count("\n") == 1 and "Traceback" not in err and "unexpected" not in err, err
    assert err.startswith("error: cannot write ") and "report.docx" in err and advice in err, err
    assert out.read_bytes() == b"the old report"  # the old file is untouched
    assert sorted(p.name for p in folder.iterdir()) == ["report.docx"]  # no temporary file left


def test_cli_real_name_too_long(clean_review, tmp_path, capsys):
    err = _refused(clean_review.home, tmp_path / ("n" * 300 + ".docx"), capsys)
    assert "the name is too long" in err
