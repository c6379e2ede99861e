"""Areas for improvement: recommendations grouped by kind (must do, should do ...), then by the
organisation that owns them, or by scope unit (`group_by: scope_unit`: an NHS trust's must-dos by
core service); numbered once for the whole report, each with its tags kept with its text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.shared import Cm

from cqc_tui.core.model import (
    AREA_FOR_IMPROVEMENT,
    MUST_DO,
    RECOMMENDATION,
    SHOULD_DO,
    Recommendation,
)
from cqc_tui.report.content import pretty_key
from cqc_tui.report.dates import long_date
from cqc_tui.report.ooxml import add_text, clean

if TYPE_CHECKING:
    from cqc_tui.report.writer_base import ReportWriterBase

KIND_HEADINGS = {
    MUST_DO: "Action the provider MUST take",
    SHOULD_DO: "Action the provider SHOULD take",
    AREA_FOR_IMPROVEMENT: "Areas for improvement",
    RECOMMENDATION: "Recommendations",
}
HANGING_INDENT = Cm(0.9)


def write_improvement(report: ReportWriterBase, title: str, options: dict) -> None:
    """The recommendations section (left out when there are none)."""
    if not report.recommendations:
        return
    report.heading(title, 1)
    by_unit = options.get("group_by") == "scope_unit"
    kinds = report.recommendation_kinds()

    def group_of(recommendation: Recommendation) -> str:
        if by_unit:
            return report.unit_label(recommendation.scope_unit) or report.review.provider
        return recommendation.owner

    for kind in kinds:
        items = [r for r in report.recommendations if r.kind == kind]
        kind_heading = len(kinds) > 1 or kind in (MUST_DO, SHOULD_DO)
        if kind_heading:
            report.heading(KIND_HEADINGS.get(kind, pretty_key(kind)), 2)
        groups = list(dict.fromkeys(group_of(r) for r in items))
        for group in groups:
            members = [r for r in items if group_of(r) == group]
            if group and (len(groups) > 1 or len(kinds) == 1 or by_unit):
                # under the kind's heading, or straight under the section's: never a level skipped
                report.heading(group, 3 if kind_heading else 2)
            elif group:
                report.para(f"For {group}:", italic=True).paragraph_format.keep_with_next = True
            for recommendation in members:
                write_recommendation(report, recommendation, by_unit, group)


def write_recommendation(
    report: ReportWriterBase, recommendation: Recommendation, by_unit: bool, group: str = ""
) -> None:
    """'12.<tab>text' with a hanging indent, then its tags (regulation, unit, due); the unit is
    left out when the list is by unit, or when it is the heading the item is listed under."""
    number = report.recommendation_number[recommendation.id]
    paragraph = report.para()
    paragraph.paragraph_format.left_indent = HANGING_INDENT
    paragraph.paragraph_format.first_line_indent = Cm(-0.9)
    paragraph.paragraph_format.tab_stops.add_tab_stop(HANGING_INDENT)
    paragraph.add_run(f"{number}.\t").bold = True
    add_text(paragraph, clean(report.redact(recommendation.text)))
    # As CQC's reports print them: the regulation, the area when the list is not by area, the due
    # date; never the key question alone (a lone 'Effective' under the text reads as a heading).
    unit = report.unit_label(recommendation.scope_unit)
    tags = [
        bit
        for bit in (
            recommendation.regulation,
            "" if by_unit or unit == group else unit,
            f"due {long_date(recommendation.due)}" if recommendation.due else "",
        )
        if bit
    ]
    if tags == [unit]:  # an area's name alone under the text would read as a heading
        word = report.review_type.scope_unit_label if report.review_type else "Scope unit"
        tags = [f"{word}: {unit}"]
    if tags:
        paragraph.paragraph_format.keep_with_next = True  # the tag line stays with its text
        tag_text = " \u00b7 ".join(tags)
        tag_line = report.para(tag_text[:1].upper() + tag_text[1:], "Citation")
        tag_line.paragraph_format.left_indent = HANGING_INDENT
