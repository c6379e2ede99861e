"""The sections the team writes as prose (`report.section_text`): background and scope, method (with
the figures the team stated), context, summary, maturity, and any other narrative section a review
type lists (what people told us, next steps ...). A draft marks an empty one, and text the team
has not agreed yet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cqc_tui.core.model import FINDING
from cqc_tui.report.content import narrative_keys, narrative_written, pretty_key
from cqc_tui.report.labels import count_label
from cqc_tui.report.sections.findings import write_finding

if TYPE_CHECKING:
    from cqc_tui.report.writer_base import ReportWriterBase


def write_team_text(report: ReportWriterBase, key: str) -> bool:
    """Print the text of section `key` (False when it has none); a draft marks text the team has
    not agreed yet (a final export never has any: the final gate refuses first)."""
    text = report.section_text(key)
    if not text.strip():
        return False
    report.text_blocks(text)
    if not report.section_agreed(key):
        report.draft_or_gap("not agreed by the team yet")
    return True


def write_background(report: ReportWriterBase, title: str, options: dict) -> None:
    """Background, scope, and the list of scope units (those not inspected this time marked)."""
    report.heading(title, 1)
    background, scope = (
        report.section_text("background"),
        report.section_text("scope"),
    )
    wrote = False
    if background.strip():
        if scope.strip():
            report.heading("Background", 2)
        write_team_text(report, "background")
        wrote = True
    if scope.strip() or report.units:
        report.heading("Scope", 2)
        write_team_text(report, "scope")
        if report.units:
            plural = (
                report.review_type.scope_unit_plural if report.review_type else "Scope units"
            ).lower()
            report.para(f"The {plural} in scope were:")
            for unit in report.units:
                extra = "" if unit.inspected else " (not inspected this time)"
                report.para(unit.label + extra, "List Bullet")
        wrote = True
    if not wrote or not (background.strip() or scope.strip()):
        report.draft_or_gap("the background and scope are not written yet")


def write_method(report: ReportWriterBase, title: str, options: dict) -> None:
    """The team's account of its method, then the figures the team stated (their own labels and
    numbers: the one source of every figure; tallies of notes are in the evidence appendix)."""
    report.heading(title, 1)
    if not write_team_text(report, "method"):
        report.draft_or_gap("how the review was carried out is not written yet")
    counts = report.review.counts or {}
    if counts:
        report.table(
            ["", "Number"], [[count_label(k), str(v)] for k, v in counts.items()], [11.0, 6.0]
        )


def write_summary(report: ReportWriterBase, title: str, options: dict) -> None:
    """The summary the team wrote, then findings with no key question and no scope unit."""
    report.heading(title, 1)
    text = report.section_text("summary")
    general = [
        f for f in report.findings if f.kind == FINDING and not f.key_question and not f.scope_unit
    ]
    write_team_text(report, "summary")
    for finding in general:
        write_finding(report, finding)
    if not text.strip() and not general:
        report.draft_or_gap("the summary of findings is not written yet")


def write_narrative(report: ReportWriterBase, section_id: str, title: str) -> None:
    """A narrative section: the team's text under its heading (a draft marks it when empty; a
    section of the default plan with no text is left out)."""
    title = title or pretty_key(section_id)
    keys = narrative_keys(section_id) or (section_id,)
    if report.default_plan and not narrative_written(
        report.review, report.section_states, section_id
    ):
        return
    report.heading(title, 1)
    for key in keys:
        write_team_text(report, key)
    if not narrative_written(report.review, report.section_states, section_id):
        report.draft_or_gap(f"'{title}' is not written yet")


def write_context(report: ReportWriterBase, title: str, options: dict) -> None:
    """The context the team wrote."""
    write_narrative(report, "context", title)


def write_maturity(report: ReportWriterBase, title: str, options: dict) -> None:
    """The maturity of the system (local system reviews)."""
    write_narrative(report, "maturity", title)
