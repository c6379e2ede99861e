"""Import is all or nothing: a dump ends with an end marker counting its records, so a file cut
short or with records removed is refused at the line where it stops; --replace never swaps a
review for a fragment; a replace or a creation interrupted at any step leaves the old review or the
new one listed, never neither and never a damaged entry nobody was told about."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cqc_tui.core.errors import FileProblems
from cqc_tui.core.exchange import dump_text, import_review, parse_review_file

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def dumped(session, tmp_path) -> Path:
    """A 17-note review, dumped; the session is closed (the review stays in the workspace)."""
    units = session.scope_units()
    for i in range(17):
        session.add_note(lines=["T1"], scope_unit=units[i % 2].id, source="staff", polarity="neutral",
                         text=f"Note {i}: handover on ward {i} was observed.\nSecond line of note {i}.")
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
    tail = text[text.index("\nend:\n"):]
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
    cut.write_text(text[:middle + 6], encoding="utf-8")
    message = refused(workspace, cut, replace=True)
    last = len(text[:middle + 6].splitlines())
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
    notes = text[text.index("\nnotes:\n") + 1:text.index("\nratings:")]
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
