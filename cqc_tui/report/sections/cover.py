"""The cover (title, provider, review facts, the overall rating, marking, DRAFT or FINAL) and the
contents (a Word TOC field whose cached text lists the headings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.text import WD_BREAK
from docx.shared import Pt

from cqc_tui.core.model import OVERALL
from cqc_tui.report.content import pretty_key
from cqc_tui.report.dates import date_range, long_date, month_year
from cqc_tui.report.document import text_colour
from cqc_tui.report.ooxml import add_text, clean, set_run_shading, toc_paragraphs
from cqc_tui.report.ratings_view import CellView

if TYPE_CHECKING:
    from cqc_tui.report.writer_base import ReportWriterBase


def write_cover(report: ReportWriterBase, title: str, options: dict) -> None:
    """The cover page."""
    review = report.review
    report.para(review.title, "Title")
    if review.provider:
        report.para(review.provider, "Subtitle")
    rows = []
    if review.provider_kind:
        rows.append(
            ("Type of provider", review.provider_kind[:1].upper() + review.provider_kind[1:])
        )
    rows.append(
        (
            "Type of review",
            report.review_type.label if report.review_type else pretty_key(review.review_type),
        )
    )
    if review.start_date or review.end_date:
        rows.append(("Fieldwork", date_range(review.start_date, review.end_date)))
    if review.report_date:
        rows.append(("Report date", long_date(review.report_date)))
    version = f", version {review.framework_version}" if review.framework_version else ""
    rows.append(("Framework", f"{report.framework.title}{version}"))  # no '(2017) (version ...)'
    names = [
        loc.get("name", "") for loc in review.locations if isinstance(loc, dict) and loc.get("name")
    ]
    if names:
        rows.append(("Locations", "; ".join(names)))
    for label, value in rows:
        paragraph = report.para()
        paragraph.add_run(clean(label) + ": ").bold = True
        add_text(paragraph, clean(value))  # the team's words: right-to-left script marked
    overall, whose = headline_rating(report)
    if overall is not None and overall.code:
        paragraph = report.para()
        paragraph.paragraph_format.space_before = Pt(12)
        add_text(paragraph, clean(f"Overall rating{' for ' + whose if whose else ''}: "), bold=True)
        for run in paragraph.runs:  # the lead, a run per stretch of one direction
            run.font.size = Pt(13)
        badge = paragraph.add_run(clean(f"\u00a0{overall.label}\u00a0"))
        badge.bold = True
        badge.font.size = Pt(13)
        if overall.colour:
            badge.font.color.rgb = text_colour(overall.colour)
            set_run_shading(badge, overall.colour)
        if overall.unagreed:
            report.draft_mark(
                "proposed by the aggregation rules, not yet agreed by the team", paragraph
            )
        elif overall.previous_label and overall.previous != overall.code:
            when = f", {month_year(overall.previous_on)}" if overall.previous_on else ""
            paragraph.add_run(clean(f" (previously {overall.previous_label}{when})"))
    report.para(report.marking, "Cover Marking")
    report.para("DRAFT - not for publication" if report.is_draft else "FINAL", "Cover Marking")
    if report.options.redact:
        report.para(
            "Names and personal details in quoted evidence have been redacted.", italic=True
        )
    report.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def headline_rating(report: ReportWriterBase) -> tuple[CellView | None, str]:
    """The overall rating the cover shows, and whose it is ('' for the provider): the provider's
    when the review rated the provider, else the one scope unit's a focused review rated."""
    if not report.rated:
        return None, ""
    keys = [row.key for row in report.grid.rows]
    if "" in keys:
        return report.grid.cell("", OVERALL), ""
    units = [row for row in report.grid.rows if row.key in report.unit_by_id]
    if len(units) == 1:
        return units[0].cells.get(OVERALL), units[0].label
    return None, ""


def write_contents(report: ReportWriterBase, title: str, options: dict) -> None:
    """The contents: its title, and a place the table of contents is put once every heading is
    written (`fill_contents`), then a page break."""
    paragraph = report.para(title or "Contents", "Subtitle")
    paragraph.runs[0].bold = True
    report.contents_anchor = report.doc.add_paragraph()
    report.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def fill_contents(report: ReportWriterBase) -> None:
    """Put the TOC field, with the headings written as its cached text, where the contents go."""
    anchor = report.contents_anchor
    if anchor is None:
        return
    style_ids = {}
    present = {s.name: s for s in report.doc.styles}
    for level in (1, 2):
        style = present.get(f"toc {level}") or present.get(f"TOC {level}")
        style_ids[level] = style.style_id if style is not None else None
    for paragraph in toc_paragraphs(report.toc, style_ids):
        anchor._p.addprevious(paragraph)
    anchor._p.getparent().remove(anchor._p)
