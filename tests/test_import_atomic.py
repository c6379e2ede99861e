"""Import is all or nothing: a dump ends with an end marker counting its records, so a file cut
short or with records removed is refused at the line where it stops; --replace never swaps a
review for a fragment; a replace or a creation interrupted at any step leaves the old review or the
new one listed, never neither and never a damaged entry nobody was told about."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cqc_tui.core.errors import CqcError, FileProblems
from cqc_tui.core.exchange import dump_text, import_review, parse_review_file
from cqc_tui.core.model import Review
from cqc_tui.core.staging import INTENT_PREFIX, STAGING_PREFIX
from cqc_tui.core.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def dumped(session, tmp_path) -> Path:
    """A 17-note review, dumped; the session is closed (the review stays in the workspace)."""
    units = session.scope_units()
    for i in range(17):
        session.add_note(
            lines=["T1"],
            scope_unit=units[i % 2].id,
            source="staff",
            polarity="neutral",
            text=f"Note {i}: handover on ward {i} was observed.\nSecond line of note {i}.",
        )
    path = tmp_path / "review.yaml"
    path.write_text(dump_text(session.store.tables), encoding="utf-8")
    session.close()
    return path


def refused(workspace, path: Path, **options) -> str:
    with pytest.raises(FileProblems) as info:
        import_review(workspace, path, **options)
    message = str(info.value)
    assert "\n" not in message
    return message


def note_count(workspace) -> int:
    [summary] = workspace.list_reviews()
    with workspace.open(summary["id"], readonly=True) as session:
        return len(session.notes())


def test_a_dump_ends_with_its_record_counts(dumped):
    text = dumped.read_text(encoding="utf-8")
    assert text.splitlines()[1] == "format_version: 2"
    tail = text[text.index("\nend:\n") :]
    assert "  notes: 17\n" in tail and "  members: 1\n" in tail and "  scope_units: 2\n" in tail


def test_a_dump_cut_anywhere_is_refused(workspace, dumped, tmp_path):
    text = dumped.read_text(encoding="utf-8")
    cut = tmp_path / "cut.yaml"
    step = max(1, len(text) // 60)
    for size in [*range(40, len(text) - 1, step), len(text) - 2, text.rindex("\nend:") + 1]:
        cut.write_text(text[:size], encoding="utf-8")
        with pytest.raises(FileProblems) as info:
            parse_review_file(cut, workspace.frameworks)
        assert re.search(r"cut\.yaml:\d+: ", str(info.value)), (size, str(info.value))


def test_a_dump_cut_mid_note_names_the_line_where_it_stops(workspace, dumped, tmp_path):
    text = dumped.read_text(encoding="utf-8")
    middle = text.index("Second line of note 11.")  # inside a note's block of text
    cut = tmp_path / "cut.yaml"
    cut.write_text(text[: middle + 6], encoding="utf-8")
    message = refused(workspace, cut, replace=True)
    last = len(text[: middle + 6].splitlines())
    assert f"cut.yaml:{last}: the file stops here without the 'end:' section" in message, message
    assert note_count(workspace) == 17, "--replace left the review alone"
    assert not (workspace.home / "trash").exists()


def test_a_removed_record_is_refused_at_the_count(workspace, dumped, tmp_path):
    text = dumped.read_text(encoding="utf-8")
    start = text.index("- id:", text.index("\nnotes:\n"))
    end = text.index("- id:", start + 1)
    edited = tmp_path / "edited.yaml"
    edited.write_text(text[:start] + text[end:], encoding="utf-8")
    message = refused(workspace, edited, replace=True)
    line = edited.read_text(encoding="utf-8").splitlines().index("  notes: 17") + 1
    assert f"edited.yaml:{line}: 'end:' counts 17 notes but the file holds 16" in message, message
    assert note_count(workspace) == 17


def test_anything_after_the_end_marker_is_refused(workspace, dumped, tmp_path):
    text = dumped.read_text(encoding="utf-8")
    notes = text[text.index("\nnotes:\n") + 1 : text.index("\nratings:")]
    moved = tmp_path / "moved.yaml"
    moved.write_text(text.replace(notes + "\n", "") + notes + "\n", encoding="utf-8")
    assert "'end:' must be the last section" in refused(workspace, moved)


def test_hand_written_format_1_needs_no_end_marker_but_one_it_has_is_checked(workspace, tmp_path):
    text = """format: cqc-tui-review
format_version: 1
review:
  id: hand-written
  title: Hand written
  review_type: comprehensive
  framework_id: mini-test
notes:
  - {key_question: safe, lines: [T1], text: "Observed handover on ward 3."}
"""
    path = tmp_path / "hand.yaml"
    path.write_text(text, encoding="utf-8")
    assert parse_review_file(path, workspace.frameworks).review.id == "hand-written"
    path.write_text(text + "end: {notes: 2}\n", encoding="utf-8")
    assert re.search(r"hand\.yaml:10: 'end:' counts no members", refused(workspace, path))


def test_the_bundled_samples_end_with_their_counts():
    for sample in sorted((FIXTURES.parent.parent / "sample_reviews").glob("*.yaml")):
        lines = sample.read_text(encoding="utf-8").splitlines()
        assert lines[1] == "format_version: 2" and "end:" in lines, sample.name


# -- a replace interrupted between its steps -------------------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(proc.stdout)


def _staged(workspace, dumped: Path, pid: int) -> tuple[Path, Path]:
    """The state a replace killed after building its staging folder leaves: (staging, intent)."""
    from cqc_tui.core.exchange import parse_review_file as parse
    from cqc_tui.core.store import ReviewStore

    parsed = parse(dumped, workspace.frameworks)
    staging = workspace.reviews_dir / f"{STAGING_PREFIX}{parsed.review.id}-{pid}-0000abcd"
    store = ReviewStore.create(staging, parsed.review)
    store.save_many(parsed.records[:5])  # a different review: 5 records
    store.close()
    intent = workspace.reviews_dir / f"{INTENT_PREFIX}{parsed.review.id}.json"
    intent.write_text(
        json.dumps(
            {
                "review": parsed.review.id,
                "staging": staging.name,
                "trash": f"trash/{parsed.review.id}-20260101-000000",
                "pid": pid,
            }
        )
    )
    return staging, intent


def test_killed_before_the_old_copy_moved_rolls_back(workspace, dumped):
    staging, intent = _staged(workspace, dumped, _dead_pid())
    listed = workspace.list_reviews()
    assert len(listed) == 1 and listed[0]["notes"] == 17
    assert not staging.exists() and not intent.exists()
    assert any("rolled back an unfinished replace" in line for line in workspace.settled)


def test_killed_between_the_renames_finishes(workspace, dumped):
    staging, intent = _staged(workspace, dumped, _dead_pid())
    review_id = json.loads(intent.read_text())["review"]
    trash = workspace.home / "trash" / f"{review_id}-20260101-000000"
    trash.parent.mkdir()
    os.rename(workspace.folder(review_id), trash)
    fresh = Workspace(workspace.home)
    [listed] = fresh.list_reviews()
    assert listed["id"] == review_id and listed.get("status") != "damaged"
    with fresh.open(listed["id"], readonly=True) as session:
        assert len(session.notes()) < 17  # the new copy
    assert trash.is_dir() and not staging.exists() and not intent.exists()
    assert any("finished an interrupted replace" in line for line in fresh.settled)


def test_a_replace_still_running_elsewhere_is_left_alone(workspace, dumped):
    staging, intent = _staged(workspace, dumped, os.getppid())  # a live process
    assert len(workspace.list_reviews()) == 1
    assert staging.exists() and intent.exists()


def test_an_unfinished_staging_folder_is_removed_and_never_listed(workspace, dumped):
    from cqc_tui.core.store import ReviewStore

    leftover = workspace.reviews_dir / f"{STAGING_PREFIX}abc-{_dead_pid()}-00000001"
    ReviewStore.create(
        leftover,
        Review(
            id="abc", title="Never confirmed", review_type="comprehensive", framework_id="mini-test"
        ),
    ).close(compact=False)
    assert [r["title"] for r in workspace.list_reviews()] == ["Test trust inspection"]
    assert not leftover.exists()


def test_a_forged_intent_record_cannot_move_anything_outside(workspace, dumped, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    intent = workspace.reviews_dir / f"{INTENT_PREFIX}x.json"
    intent.write_text(
        json.dumps(
            {
                "review": "../../outside",
                "staging": f"{STAGING_PREFIX}x",
                "trash": "../../elsewhere",
                "pid": _dead_pid(),
            }
        )
    )
    assert len(workspace.list_reviews()) == 1
    assert outside.is_dir() and intent.exists() and not (tmp_path / "elsewhere").exists()


def test_a_failed_creation_leaves_nothing(workspace, monkeypatch):
    from cqc_tui.core import staging as staging_module

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(staging_module.os, "rename", fail)
    with pytest.raises(CqcError, match="the disk is full"):
        workspace.create(
            Review(title="Full disk", review_type="comprehensive", framework_id="mini-test")
        )
    monkeypatch.undo()
    assert workspace.list_reviews() == [] and list(workspace.reviews_dir.iterdir()) == []


# -- --replace asks first --------------------------------------------------------------------------


def _cli(home: Path, *args: str, interactive: bool, answer: str = "", monkeypatch=None):
    from click.testing import CliRunner

    from cqc_tui import cli
    from cqc_tui.cli import import_dump

    monkeypatch.setattr(import_dump, "_stdin_is_interactive", lambda: interactive)
    return CliRunner().invoke(cli.cli, ["--home", str(home), *args], input=answer)


def test_replace_without_a_terminal_needs_yes(workspace, dumped, tmp_path, monkeypatch):
    smaller = tmp_path / "smaller.yaml"
    text = dumped.read_text(encoding="utf-8")
    start = text.index("- id:", text.index("\nnotes:\n"))
    smaller.write_text(
        text[:start] + text[text.index("- id:", start + 1) :].replace("  notes: 17", "  notes: 16"),
        encoding="utf-8",
    )
    result = _cli(
        workspace.home,
        "import",
        "--replace",
        str(smaller),
        interactive=False,
        monkeypatch=monkeypatch,
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, CqcError)
    assert (
        "would replace review 'Test trust inspection' (notes: 17 -> 16 (1 fewer); members: 1 -> 1; scope units: "
        "2 -> 2); add --yes to replace it without asking" in str(result.exception)
    )
    assert note_count(workspace) == 17
    result = _cli(
        workspace.home,
        "import",
        "--replace",
        "--yes",
        str(smaller),
        interactive=False,
        monkeypatch=monkeypatch,
    )
    assert result.exit_code == 0 and "replaced:" in result.output and note_count(workspace) == 16


@pytest.mark.parametrize("answer,notes", [("n\n", 17), ("y\n", 16)])
def test_replace_shows_what_changes_and_asks(
    workspace, dumped, tmp_path, monkeypatch, answer, notes
):
    smaller = tmp_path / "smaller.yaml"
    text = dumped.read_text(encoding="utf-8")
    start = text.index("- id:", text.index("\nnotes:\n"))
    smaller.write_text(
        text[:start] + text[text.index("- id:", start + 1) :].replace("  notes: 17", "  notes: 16"),
        encoding="utf-8",
    )
    result = _cli(
        workspace.home,
        "import",
        "--replace",
        str(smaller),
        interactive=True,
        answer=answer,
        monkeypatch=monkeypatch,
    )
    assert result.exit_code == 0, result.output
    assert "notes: 17 -> 16 (1 fewer)" in result.output and "Replace it?" in result.output
    assert note_count(workspace) == notes
    assert ("kept: review 'Test trust inspection' was not replaced" in result.output) == (
        notes == 17
    )


def test_an_intent_record_half_written_by_a_killed_process_is_removed(workspace, dumped):
    from cqc_tui.core.staging import INTENT_PREFIX

    dead = workspace.reviews_dir / f".{INTENT_PREFIX}abc.json.{_dead_pid()}.140000.tmp"
    live = workspace.reviews_dir / f".{INTENT_PREFIX}abd.json.{os.getppid()}.140000.tmp"
    dead.write_text('{"review": "ab')
    live.write_text('{"review": "ab')
    assert [r["title"] for r in workspace.list_reviews()] == ["Test trust inspection"]
    assert not dead.exists()
    assert live.exists()  # another process may still be writing it
