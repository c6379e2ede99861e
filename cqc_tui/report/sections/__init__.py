"""The report's sections: one writer per section id, in an explicit registry.

A review type lists its report's sections by id (templates/review_types/*.yaml, `report.sections`).
`SECTION_WRITERS` maps every id built from the review's records to its writer; any other id is a
narrative section the team writes (`review.sections[id]`), printed by `narrative.write_narrative`.
tests/test_report_sections.py checks that every review type's ids are covered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cqc_tui.report.sections.action_plan import write_action_plan
from cqc_tui.report.sections.changes import write_changes
from cqc_tui.report.sections.cover import write_contents, write_cover
from cqc_tui.report.sections.enforcement import write_enforcement
from cqc_tui.report.sections.evidence_log import write_evidence_log
from cqc_tui.report.sections.evidence_references import write_evidence_references
from cqc_tui.report.sections.findings import (
    write_outstanding_practice,
    write_provider_level,
    write_review_level,
    write_units,
)
from cqc_tui.report.sections.follow_up import write_follow_up
from cqc_tui.report.sections.improvement import write_improvement
from cqc_tui.report.sections.narrative import (
    write_background,
    write_context,
    write_maturity,
    write_method,
    write_narrative,
    write_summary,
)
from cqc_tui.report.sections.ratings_grid import write_ratings
from cqc_tui.report.sections.team import write_team

if TYPE_CHECKING:
    from cqc_tui.report.writer_base import ReportWriterBase

SectionWriter = Callable[["ReportWriterBase", str, dict], None]
"""writer(report, title, options): writes one section (its title, the review type's options)."""

SECTION_WRITERS: dict[str, SectionWriter] = {
    "cover": write_cover,
    "contents": write_contents,
    "summary": write_summary,
    "ratings": write_ratings,
    "background": write_background,
    "team": write_team,
    "method": write_method,
    "context": write_context,
    "units": write_units,
    "review_level": write_review_level,
    "provider_level": write_provider_level,
    "changes": write_changes,
    "outstanding_practice": write_outstanding_practice,
    "improvement": write_improvement,
    "enforcement": write_enforcement,
    "action_plan": write_action_plan,
    "follow_up": write_follow_up,
    "maturity": write_maturity,
    "evidence_references": write_evidence_references,
    "evidence_log": write_evidence_log,
}


def write_section(report: ReportWriterBase, section_id: str, title: str, options: dict) -> None:
    """Write section `section_id`: its registered writer, or the narrative the team wrote for it."""
    writer = SECTION_WRITERS.get(section_id)
    if writer is None:
        write_narrative(report, section_id, title)
    else:
        writer(report, title, options)


__all__ = ["SECTION_WRITERS", "SectionWriter", "write_section"]
