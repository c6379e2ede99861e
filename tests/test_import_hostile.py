"""Imported files are data: a review id never names a path outside the workspace, and hostile YAML
(impossible dates, huge numbers, deep nesting, alias bombs, oversized text) is refused with one
line naming the file and the line, quickly and without exhausting memory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cqc_tui.core.errors import FileProblems, ValidationError
from cqc_tui.core.exchange import dump_text, import_review, parse_review_file
from cqc_tui.core.model import Review
from cqc_tui.core.paths import check_review_id, review_id_problem

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


def hand_written(tmp_path: Path, review_id: str = "hand-1", start: str = "'2018-01-22'",
                 text: str = '"Observed handover on ward 3."', extra: str = "") -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HAND.format(review_id=review_id, start=start, text=text) + extra, encoding="utf-8")
    return path


def refusal(workspace, path: Path) -> str:
    """The one line an import of `path` is refused with (nothing imported)."""
    before = sorted(p.name for p in workspace.reviews_dir.iterdir()) if workspace.reviews_dir.is_dir() else []
    with pytest.raises((FileProblems, ValidationError)) as info:
        import_review(workspace, path)
    after = sorted(p.name for p in workspace.reviews_dir.iterdir()) if workspace.reviews_dir.is_dir() else []
    assert after == before, "a refused import left something in reviews/"
    message = str(info.value)
    assert "\n" not in message
    return message


# -- review ids ------------------------------------------------------------------------------------

BAD_IDS = ["../../outside/x", "/tmp/x", "a/b", "..", ".hidden", "a\\b", "", "x" * 101, "a b", "ü-umlaut",
           "C:evil", "a\x00b"]


@pytest.mark.parametrize("bad", BAD_IDS, ids=range(len(BAD_IDS)))
def test_review_id_pattern_refuses_anything_but_a_plain_folder_name(bad):
    assert review_id_problem(bad) is not None
    with pytest.raises(ValidationError, match="is not allowed"):
        check_review_id(bad)


@pytest.mark.parametrize("good", ["64f3bb17-e14c-5fd5-915b-5d48b5b675e7", "hand-1", "A_b-9", "x" * 100])
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
        workspace.create(Review(id="../escape", title="T", review_type="comprehensive", framework_id="mini-test"))
    assert not (workspace.home / "escape").exists()
