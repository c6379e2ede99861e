"""What changed since the last inspection (re-inspections): per scope unit, each key question's
rating then (with its month) and now, and whether it improved, declined or stayed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cqc_tui.report.dates import short_month_year
from cqc_tui.report.ratings_view import CellView

if TYPE_CHECKING:
    from cqc_tui.report.writer_base import ReportWriterBase


def write_changes(report: ReportWriterBase, title: str, options: dict) -> None:
    """For each scope unit (and the provider, when the review rated it) the rating before and after
    this inspection for each key question, with the dates they were set."""
    if not report.rated:
        return
    rows_out = []
    for row in report.grid.rows:
        cells = [(code, label, row.cells.get(code)) for code, label in report.grid.columns]
        changed = [(code, label, c) for code, label, c in cells if c is not None and c.previous]
        if changed:
            rows_out.append((row, changed))
    if not rows_out:
        return
    report.heading(title, 1)
    for row, changed in rows_out:
        if len(rows_out) > 1 or row.key:
            report.heading(row.label, 2)
        table_rows = []
        for _code, label, cell in changed:
            before = cell.previous_label + (
                f" ({short_month_year(cell.previous_on)})" if cell.previous_on else ""
            )
            if not cell.code:
                now = "Not rated"
            elif cell.carried:
                now = f"{cell.label} (carried forward, not inspected)"
            else:
                now = cell.label + (
                    f" ({short_month_year(cell.rated_on)})" if cell.rated_on else ""
                )
                if cell.unagreed:
                    now += " - DRAFT: not agreed"
            table_rows.append([label, before, now, change_word(report, cell)])
        report.table(
            ["Key question", "Last inspection", "This inspection", "Change"],
            table_rows,
            [3.4, 4.6, 5.8, 3.2],
        )


def change_word(report: ReportWriterBase, cell: CellView) -> str:
    """'Improved', 'Declined' or 'No change' from the previous rating to this one."""
    if cell.carried or not cell.code or not report.scale:
        return "No change" if cell.carried else ""
    before, now = report.scale.rank(cell.previous), report.scale.rank(cell.code)
    if before is None or now is None or before == now:
        return "No change"
    return "Improved" if now > before else "Declined"
