"""Regulatory action: each requirement notice, warning notice or other enforcement record as CQC's
reports print them: what it is and where, when it was issued, a table of the regulated activity
and the regulation with how the regulation was not met, then what is required."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cqc_tui.core.model import Enforcement
from cqc_tui.report.content import pretty_key
from cqc_tui.report.dates import long_date

if TYPE_CHECKING:
    from cqc_tui.report.writer_base import ReportWriterBase

NOT_MET_LABEL = "How the regulation was not met:"


def write_enforcement(report: ReportWriterBase, title: str, options: dict) -> None:
    """One block per enforcement record, oldest first (left out when there are none)."""
    if not report.enforcement:
        return
    report.heading(title, 1)
    for record in report.enforcement:
        write_enforcement_record(report, record)


def enforcement_heading(report: ReportWriterBase, record: Enforcement) -> str:
    """'Requirement notice: Children's services, Safe'; the provider when it names no core service
    or location ('Requirement notice: Birmingham Community Healthcare NHS Foundation Trust, Well-led',
    never a lone 'Well-led')."""
    aggregation = report.framework.aggregation
    limiter = aggregation.limiter(record.kind) if aggregation else None
    kind = limiter.label if limiter else pretty_key(record.kind)
    place = (
        report.unit_label(record.scope_unit)
        or report.location_name(record.location)
        or report.review.provider
        or "the provider as a whole"
    )
    key_question = report.key_question_label.get(record.key_question, "")
    return f"{kind}: {place}, {key_question}" if key_question else f"{kind}: {place}"


def write_enforcement_record(report: ReportWriterBase, record: Enforcement) -> None:
    """The record's heading, the date issued, the activity and regulation table, what is required."""
    report.heading(enforcement_heading(report, record), 2).paragraph_format.keep_with_next = True
    if record.date:
        report.para(
            f"Issued {long_date(record.date)}.", "Citation"
        ).paragraph_format.keep_with_next = True
    regulation = record.regulation.strip()
    how = report.redact(record.how_not_met).strip()
    if how:
        regulation = (
            f"{regulation}\n\n{NOT_MET_LABEL}\n{how}" if regulation else f"{NOT_MET_LABEL}\n{how}"
        )
    activity = record.regulated_activity.strip()
    if activity or regulation:
        header = (["Regulated activity"] if activity else []) + ["Regulation"]
        row = ([activity] if activity else []) + [regulation]
        report.table(header, [row], [5.5, 11.5] if activity else [17.0])
    if record.text.strip():
        report.text_blocks(record.text)
