"""The command line: JSON for scripts, one clear line and exit 1 for user errors, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cqc_tui.core.exchange import write_dump

FIXTURES = Path(__file__).parent / "fixtures"


def run(home: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "cqc_tui", "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def exported(session, tmp_path) -> Path:
    units = session.scope_units()
    note = session.add_note(
        lines=["T1"],
        scope_unit=units[0].id,
        text="Caseloads of 500 children per health visitor [double the guidance].",
        source="staff",
        polarity="concern",
    )
    session.set_rating(units[0].id, "safe", "inadequate", "Unsafe caseloads", [note.id])
    path = tmp_path / "review.yaml"
    write_dump(session.store.tables, path)
    session.close()
    return path


@pytest.fixture
def home(tmp_path) -> Path:
    h = tmp_path / "cli-home"
    (h / "frameworks").mkdir(parents=True)
    shutil.copy(FIXTURES / "mini-framework.yaml", h / "frameworks")
    return h


def test_import_list_status_dump(home, exported, tmp_path):
    out = run(home, "import", str(exported)).stdout
    assert out.startswith("imported:")
    listed = json.loads(run(home, "list", "--json").stdout)
    assert [r["title"] for r in listed] == ["Test trust inspection"]
    assert listed[0]["notes"] == 1
    status = json.loads(run(home, "status", "trust insp", "--json").stdout)
    assert status["notes"] == 1
    safe = next(kq for kq in status["coverage"] if kq["code"] == "safe")
    assert safe["lines"][0]["code"] == "T1" and safe["lines"][0]["notes"] == 1
    assert safe["lines"][0]["by_scope_unit"]["Children and young people"] == 1
    assert status["ratings"][0]["rating"] == "inadequate"
    human = run(home, "status", listed[0]["id"][:8]).stdout
    assert "T1" in human and "Safeguarding" in human
    dumped = tmp_path / "again.yaml"
    run(home, "dump", "Test trust", "-o", str(dumped))
    assert dumped.read_bytes() == exported.read_bytes()
    assert "skipped" in run(home, "import", "--skip-existing", str(exported)).stdout


@pytest.mark.parametrize(
    "args,words",
    [
        (["status", "no such review"], "no review matches 'no such review'"),
        (["open", "no such review"], "no review matches 'no such review'"),
        (["dump"], "Missing argument 'REVIEW'"),
        (["bogus"], "No such command 'bogus'"),
        (["list", "--jsn"], "No such option"),
        (["import", "missing.yaml"], "file not found"),
        (["frameworks", "check", "nowhere.yaml"], "no such file"),
    ],
)
def test_user_errors_are_one_line_and_exit_1(home, args, words):
    proc = run(home, *args, ok=False)
    assert proc.returncode == 1
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error:") and words in lines[0]


def test_ambiguous_review_names_the_candidates(home, exported, tmp_path):
    run(home, "import", str(exported))
    text = exported.read_text(encoding="utf-8")
    other = text.replace("Test trust inspection", "Test trust follow-up")
    import yaml

    doc = yaml.safe_load(other)
    doc["review"]["id"] = "11111111-2222-3333-4444-555555555555"
    second = tmp_path / "second.yaml"
    second.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    run(home, "import", str(second))
    proc = run(home, "status", "Test trust", ok=False)
    assert proc.returncode == 1 and "matches 2 reviews" in proc.stderr


def test_broken_framework_is_listed_unusable_and_check_fails(home):
    (home / "frameworks" / "broken.yaml").write_text(
        "format: cqc-tui-framework\nformat_version: 1\nid: [x\n", encoding="utf-8"
    )
    listed = json.loads(run(home, "frameworks", "list", "--json").stdout)
    assert any("broken.yaml" in u["reason"] for u in listed["unusable"])
    assert any(f["id"] == "mini-test" for f in listed["frameworks"])
    proc = run(home, "frameworks", "check", str(home / "frameworks" / "broken.yaml"), ok=False)
    assert proc.returncode == 1 and "broken.yaml:3:" in proc.stderr


def test_bad_review_file_names_file_and_line(home, exported, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        exported.read_text(encoding="utf-8").replace("rating: inadequate", "rating: superb"),
        encoding="utf-8",
    )
    proc = run(home, "import", str(bad), ok=False)
    assert proc.returncode == 1
    assert "bad.yaml:" in proc.stderr and "rating 'superb' is not on the scale" in proc.stderr
    assert not (home / "reviews").exists() or not any((home / "reviews").iterdir()), (
        "nothing half-imported"
    )


def test_locked_review_names_the_holder(home, exported):
    run(home, "import", str(exported))
    from cqc_tui.core.workspace import Workspace

    holder = Workspace(home).open("Test trust")
    try:
        proc = run(home, "import", "--replace", "--yes", str(exported), ok=False)
        assert proc.returncode == 1 and "is open for writing by" in proc.stderr
        assert (
            json.loads(run(home, "status", "Test trust", "--json").stdout)["notes"] == 1
        )  # read-only works
    finally:
        holder.close()


def test_console_script_entry_point_exists():
    exe = Path(sys.executable).parent / "cqc-tui"
    if not exe.exists():
        pytest.skip(
            "cqc-tui console script not installed in this environment (pip install -e . creates it)"
        )
    proc = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0 and "cqc-tui" in proc.stdout


# Every command the command line has offered; a command lost (or a new one not listed here)
# fails the test below, so moving commands between modules cannot drop one unseen.
COMMANDS = {
    "": [
        "actions",
        "agree",
        "conflicts",
        "dump",
        "export",
        "frameworks",
        "generate",
        "import",
        "list",
        "member",
        "new",
        "open",
        "receive",
        "recover",
        "resolve",
        "share",
        "status",
        "sync",
        "team",
    ],
    "actions": ["export", "import", "round", "summary"],
    "frameworks": ["check", "list"],
}


def _listed_commands(help_text: str) -> list[str]:
    section = help_text.split("\nCommands:\n", 1)[1]
    return [
        line.split()[0] for line in section.splitlines() if line.startswith("  ") and line[2] != " "
    ]


@pytest.mark.parametrize("group", sorted(COMMANDS))
def test_help_lists_every_command(tmp_path, group):
    proc = run(tmp_path / "ws", *group.split(), "--help")
    assert _listed_commands(proc.stdout) == COMMANDS[group]


def test_unexpected_failure_is_one_line_with_a_log(home, monkeypatch, capsys):
    from cqc_tui import cli
    from cqc_tui.core.workspace import Workspace

    def boom(self, include_archived=True):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(Workspace, "list_reviews", boom)
    with pytest.raises(SystemExit) as info:
        cli.main(["--home", str(home), "list"])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "simulated bug" in err and "crash-" in err
    log = err.split("Details: ")[1].split(". Please")[0]
    assert "RuntimeError: simulated bug" in Path(log).read_text(encoding="utf-8")


def test_generate_makes_a_valid_review(tmp_path):
    home = tmp_path / "gen-home"
    out = run(home, "generate", "--notes", "300", "--seed", "7").stdout
    assert "300 notes" in out
    listed = json.loads(run(home, "list", "--json").stdout)
    assert len(listed) == 1 and listed[0]["notes"] == 300
    status = json.loads(run(home, "status", listed[0]["id"], "--json").stdout)
    assert status["notes"] == 300 and sum(kq["notes"] for kq in status["coverage"]) > 0
    proc = run(home, "generate", "--notes", "0", ok=False)
    assert proc.returncode == 1 and "--notes" in proc.stderr


def test_status_reports_storage_notices(home, exported):
    """A save that never completed (torn journal tail) is reported, not silently passed over."""
    from cqc_tui.core.store import journal_data
    from cqc_tui.core.workspace import Workspace

    run(home, "import", str(exported))
    ws = Workspace(home)
    s = ws.open("Test trust")
    s.add_note(lines=["T1"], text="confirmed save")
    folder = s.store.folder
    s.store.close(compact=False)
    segment = sorted(folder.glob("journal-*.jsonl"))[-1]
    data = journal_data(segment)
    segment.write_bytes(data + b'{"v":1,"t":"notes","r":{"id":"half')  # a write cut off mid-line
    status = json.loads(run(home, "status", "Test trust", "--json").stdout)
    assert status["notes"] == 2
    assert any("unfinished save" in n for n in status["store_notices"]), status["store_notices"]
    assert "storage:" in run(home, "status", "Test trust").stdout


def test_list_reads_at_80_columns(tmp_path, monkeypatch):
    """Each review's id, dates, status, notes and last change stay on its first line at 80
    columns; only the title (with the review type under it) wraps, at word boundaries."""
    home = tmp_path / "ws"
    run(home, "import", "--samples")
    monkeypatch.setenv("COLUMNS", "80")
    title, *lines = run(home, "list").stdout.splitlines()
    assert title == f"Reviews in {home}"  # the folder whole, to copy, however long
    assert all(len(line) <= 80 for line in lines)
    first = next(line for line in lines if line.lstrip().startswith("79726878"))
    assert "20 Jan–4 Mar 2009" in first and "final" in first and "67" in first
    assert "14 May 2009" in first
    text = " ".join(line[10:36].strip() for line in lines)
    assert "safeguarding" in text and "looked-after" in text  # words not cut in two
    from cqc_tui.report.dates import short_range

    assert short_range("2018-01-22", "2018-01-26") == "22–26 Jan 2018"
    assert short_range("2017-12-30", "2018-01-02") == "30 Dec 2017–2 Jan 2018"
    assert short_range("2018-01-22", "") == "22 Jan 2018"
