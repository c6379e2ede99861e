"""The report's section registry: every section a review type lists is written by a registered
writer or is a narrative section the team writes; the registry and content.py agree on which is
which; the report package stays split by concern."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqc_tui.core.paths import review_types_dir
from cqc_tui.core.review_types import load_review_types
from cqc_tui.report import content
from cqc_tui.report.sections import SECTION_WRITERS, write_section

REPO = Path(__file__).resolve().parent.parent
REVIEW_TYPES = load_review_types([review_types_dir()])


def test_review_types_load():
    assert not REVIEW_TYPES.unusable
    assert {t.code for t in REVIEW_TYPES.all()} >= {
        "comprehensive",
        "focused",
        "follow_up",
        "clas",
        "local_system",
    }


@pytest.mark.parametrize("review_type", REVIEW_TYPES.all(), ids=lambda t: t.code)
def test_every_section_of_every_review_type_has_a_writer_or_is_narrative(review_type):
    for section in review_type.sections:
        if section.id in SECTION_WRITERS:
            continue
        # not registered: printed as the team's text, so it must be one the final gate asks for
        assert section.id not in content.BUILT, (
            f"{review_type.code}: {section.id} is built but has no writer"
        )
        assert content.narrative_keys(section.id) == (section.id,), section.id


def test_registry_and_content_agree():
    """Sections built from records all have a writer; every narrative section content.py knows has
    one too (they print more than one key, or keep a default title)."""
    assert set(SECTION_WRITERS) >= content.BUILT
    assert set(content.NARRATIVE) <= set(SECTION_WRITERS)
    assert set(SECTION_WRITERS) == content.BUILT | set(content.NARRATIVE)
    assert set(content.DEFAULT_PLAN) <= set(SECTION_WRITERS)


def test_an_unknown_section_id_prints_the_teams_text(monkeypatch):
    written: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "cqc_tui.report.sections.write_narrative",
        lambda report, section_id, title: written.append((section_id, title)),
    )
    write_section(object(), "next_steps", "Next steps", {})  # type: ignore[arg-type]
    assert written == [("next_steps", "Next steps")]


def test_no_report_module_is_over_500_lines():
    package = REPO / "cqc_tui" / "report"
    sizes = {
        str(p.relative_to(package)): len(p.read_text(encoding="utf-8").splitlines())
        for p in package.rglob("*.py")
    }
    assert max(sizes.values()) <= 500, {k: v for k, v in sizes.items() if v > 500}


def test_the_report_package_has_no_optional_imports_or_rating_source_literals():
    package = REPO / "cqc_tui" / "report"
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "except ImportError" not in text, path
        assert "importlib" not in text, path
        assert "getattr(self, f" not in text, path  # sections are dispatched by the registry
        assert '"this_review"' not in text and "'this_review'" not in text, path
        assert "_lock" not in text, path
