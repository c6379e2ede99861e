"""Imported files are data: a review id never names a path outside the workspace, and hostile YAML
(impossible dates, huge numbers, deep nesting, alias bombs, oversized text) is refused with one
line naming the file and the line, quickly and without exhausting memory."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from cqc_tui.core.errors import FileProblems, ValidationError
from cqc_tui.core.exchange import import_review
from cqc_tui.core.model import Review
from cqc_tui.core.paths import check_review_id, review_id_problem
from cqc_tui.core.record_shape import (
    MAX_LIST_ITEMS,
    MAX_SHORT_CHARS,
    MAX_TEXT_CHARS,
    shape_problems,
)

HAND = """format: cqc-tui-review
format_version: 1
review:
  id: {review_id}
  title: Hand written
  review_type: comprehensive
  framework_id: mini-test
  start_date: {start}
scope_units:
  - {{id: u1, label: Wards}}
notes:
  - {{key_question: safe, lines: [T1], scope_unit: u1, text: {text}}}
"""


def hand_written(
    tmp_path: Path,
    review_id: str = "hand-1",
    start: str = "'2018-01-22'",
    text: str = '"Observed handover on ward 3."',
    extra: str = "",
) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(
        HAND.format(review_id=review_id, start=start, text=text) + extra, encoding="utf-8"
    )
    return path


def refusal(workspace, path: Path) -> str:
    """The one line an import of `path` is refused with (nothing imported)."""
    before = (
        sorted(p.name for p in workspace.reviews_dir.iterdir())
        if workspace.reviews_dir.is_dir()
        else []
    )
    with pytest.raises((FileProblems, ValidationError)) as info:
        import_review(workspace, path)
    after = (
        sorted(p.name for p in workspace.reviews_dir.iterdir())
        if workspace.reviews_dir.is_dir()
        else []
    )
    assert after == before, "a refused import left something in reviews/"
    message = str(info.value)
    assert "\n" not in message
    return message


# -- review ids ------------------------------------------------------------------------------------

BAD_IDS = [
    "../../outside/x",
    "/tmp/x",
    "a/b",
    "..",
    ".hidden",
    "a\\b",
    "",
    "x" * 101,
    "a b",
    "ü-umlaut",
    "C:evil",
    "a\x00b",
]


@pytest.mark.parametrize("bad", BAD_IDS, ids=range(len(BAD_IDS)))
def test_review_id_pattern_refuses_anything_but_a_plain_folder_name(bad):
    assert review_id_problem(bad) is not None
    with pytest.raises(ValidationError, match="is not allowed"):
        check_review_id(bad)


@pytest.mark.parametrize(
    "good", ["64f3bb17-e14c-5fd5-915b-5d48b5b675e7", "hand-1", "A_b-9", "x" * 100]
)
def test_review_id_pattern_accepts_uuids_and_plain_names(good):
    assert review_id_problem(good) is None and check_review_id(good) == good


@pytest.mark.parametrize("bad", ["'../../outside/x'", "/tmp/x", "a/b"])
def test_imported_review_id_never_builds_a_path(workspace, tmp_path, bad):
    outside = tmp_path / "outside"
    message = refusal(workspace, hand_written(tmp_path, review_id=bad))
    assert re.search(r"hostile\.yaml:4: review: review id .* is not allowed", message), message
    assert not outside.exists()
    assert not workspace.reviews_dir.exists() or not any(workspace.reviews_dir.iterdir())


def test_workspace_folder_and_create_check_the_id(workspace):
    with pytest.raises(ValidationError, match="is not allowed"):
        workspace.folder("../x")
    with pytest.raises(ValidationError, match="is not allowed"):
        workspace.create(
            Review(id="../escape", title="T", review_type="comprehensive", framework_id="mini-test")
        )
    assert not (workspace.home / "escape").exists()


# -- hostile YAML ----------------------------------------------------------------------------------


def timed_refusal(workspace, path: Path, seconds: float = 5.0) -> str:
    start = time.perf_counter()
    message = refusal(workspace, path)
    assert time.perf_counter() - start < seconds, f"took {time.perf_counter() - start:.1f} s"
    assert len(message) < 400, message
    return message


@pytest.mark.parametrize("date", ["2018-02-30", "2018-13-01", "2018-01-32T09:00:00Z"])
def test_unquoted_impossible_date_is_named_at_its_line(workspace, tmp_path, date):
    message = timed_refusal(workspace, hand_written(tmp_path, start=date))
    assert re.search(
        rf"hostile\.yaml:4: review: start_date '{date}' (is not a real date|must be a date)",
        message,
    ), message


def test_a_5000_digit_number_is_refused_where_a_number_belongs(workspace, tmp_path):
    path = hand_written(tmp_path, text='"x", rev: ' + "9" * 5000)
    message = timed_refusal(workspace, path)
    assert re.search(
        r"hostile\.yaml:12: notes\[1\]\.rev must be a whole number, not '9999.*\(5,002 characters\)",
        message,
    ), message


def test_a_5000_digit_number_where_text_belongs_is_text(workspace, tmp_path):
    path = hand_written(tmp_path, text="9" * 5000)
    _status, review_id = import_review(workspace, path)
    with workspace.open(review_id, readonly=True) as session:
        assert session.notes()[0].text == "9" * 5000


def with_counts(tmp_path: Path, counts: str) -> Path:
    """A hand-written review whose review.counts is the YAML `counts` (indented under it)."""
    path = hand_written(tmp_path)
    body = "\n".join("    " + line for line in counts.splitlines())
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  start_date:", f"  counts:\n{body}\n  start_date:"
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("style", ["flow", "block"])
def test_deep_nesting_is_refused_quickly(workspace, tmp_path, style):
    if style == "flow":
        counts = "deep: " + "[" * 5000 + "]" * 5000
    else:
        counts = "\n".join("  " * i + f"k{i}:" for i in range(300)) + "\n" + "  " * 300 + "v"
    message = timed_refusal(workspace, with_counts(tmp_path, counts))
    assert re.search(r"hostile\.yaml:\d+: nested more than 50 levels deep", message), message


def test_an_alias_bomb_is_refused_without_expanding_it(workspace, tmp_path):
    lines = ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    message = timed_refusal(workspace, with_counts(tmp_path, "\n".join(lines)))
    assert re.search(
        r"hostile\.yaml:\d+: aliases \(\*name\) here stand for more than 100,000 values", message
    ), message


def test_an_alias_to_itself_is_refused(workspace, tmp_path):
    message = timed_refusal(workspace, with_counts(tmp_path, "me: &me {again: *me}"))
    assert "refers to the value that contains it" in message


def test_a_few_aliases_are_still_fine(workspace, tmp_path):
    path = hand_written(tmp_path)
    text = path.read_text(encoding="utf-8").replace("lines: [T1]", "lines: &lines [T1]")
    text += "  - {key_question: safe, lines: *lines, scope_unit: u1, text: Second note}\n"
    path.write_text(text, encoding="utf-8")
    _status, review_id = import_review(workspace, path)
    with workspace.open(review_id, readonly=True) as session:
        assert [n.lines for n in session.notes()] == [("T1",), ("T1",)]


def test_python_tags_are_refused_at_their_line(workspace, tmp_path):
    path = hand_written(tmp_path, text="!!python/object/apply:os.system ['touch hacked']")
    message = timed_refusal(workspace, path)
    assert re.search(r"hostile\.yaml:12: YAML syntax: .*python/object", message), message
    assert not Path("hacked").exists()


def test_an_oversized_file_is_refused_before_it_is_read(workspace, tmp_path, monkeypatch):
    from cqc_tui.core import yamlio

    monkeypatch.setattr(yamlio, "MAX_YAML_BYTES", 1000)
    path = hand_written(tmp_path, text='"' + "x" * 2000 + '"')
    assert re.search(
        r"hostile\.yaml: is 0 MB; files over 0 MB are not read", timed_refusal(workspace, path)
    )


# -- sizes -----------------------------------------------------------------------------------------


def test_a_note_over_the_maximum_is_refused_at_its_line(workspace, tmp_path):
    path = hand_written(tmp_path, text='"' + "x" * (MAX_TEXT_CHARS + 1) + '"')
    message = timed_refusal(workspace, path)
    assert re.search(
        r"hostile\.yaml:12: notes\[1\]: text is 1,000,001 characters long; at most 1,000,000 are "
        r"allowed; split it into several",
        message,
    ), message


def test_a_note_at_the_maximum_imports(workspace, tmp_path):
    path = hand_written(tmp_path, text='"' + "x" * MAX_TEXT_CHARS + '"')
    import_review(workspace, path)


def test_a_long_title_is_refused_at_its_line(workspace, tmp_path):
    path = hand_written(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Hand written", "title: " + "T" * 5000),
        encoding="utf-8",
    )
    message = timed_refusal(workspace, path)
    assert re.search(
        r"hostile\.yaml:4: review: title is 5,000 characters long; at most 1,000 are allowed",
        message,
    ), message


def test_sizes_are_enforced_on_save(session):
    with pytest.raises(
        ValidationError, match="text is 1,000,001 characters long; at most 1,000,000"
    ):
        session.add_note(lines=["T1"], text="x" * (MAX_TEXT_CHARS + 1))
    with pytest.raises(ValidationError, match="place is 1,001 characters long; at most 1,000"):
        session.add_note(lines=["T1"], text="fine", place="p" * (MAX_SHORT_CHARS + 1))
    with pytest.raises(ValidationError, match="lines holds 10,001 items"):
        session.add_note(lines=["T1"] * (MAX_LIST_ITEMS + 1), text="fine")
    note = session.add_note(lines=["T1"], text="x" * MAX_TEXT_CHARS)
    assert len(session.store.get("notes", note.id).text) == MAX_TEXT_CHARS


def test_wrong_types_are_named_not_crashed_on(session):
    from cqc_tui.core.model import EvidenceNote

    problems = shape_problems(EvidenceNote(text=12345, quote="yes", lines="T1"))  # type: ignore[arg-type]
    assert "text must be text, not 12345" in problems
    assert "quote must be true or false, not 'yes'" in problems
    assert any(p.startswith("lines must be a list") for p in problems)
