"""Regulatory action: requirement notices, warning notices and other enforcement records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cqc_tui.report.content import pretty_key
from cqc_tui.report.dates import short_date

if TYPE_CHECKING:
    from cqc_tui.report.writer import ReportWriter


def write_enforcement(report: ReportWriter, title: str, options: dict) -> None:
    """A table of the enforcement records (left out when there are none)."""
    if not report.enforcement:
        return
    report.heading(title, 1)
    aggregation = report.framework.aggregation
    rows = []
    for record in report.enforcement:
        limiter = aggregation.limiter(record.kind) if aggregation else None
        kind = limiter.label if limiter else pretty_key(record.kind)
        place = report.unit_label(record.scope_unit) or report.location_name(record.location)
        where = " - ".join(
            b for b in (place, report.key_question_label.get(record.key_question, "")) if b
        )
        rows.append(
            [
                kind,
                where or "Provider",
                record.regulation,
                report.redact(record.text),
                short_date(record.date),
            ]
        )
    report.table(
        ["Action", "Where", "Regulation", "Detail", "Date"], rows, [2.6, 3.4, 3.0, 5.8, 2.2]
    )
