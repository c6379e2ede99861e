"""The ratings section: the grid of scope units (and rated locations and provider) by key question
in the framework's colours, its key, the notes under it, departures from the usual aggregation
with the team's reasons, and quality statement scores for scored frameworks."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt

from cqc_tui.report.dates import long_date, short_month_year
from cqc_tui.report.document import HEADER_FILL, PAGE_WIDTH_CM, TWIPS_PER_CM, text_colour
from cqc_tui.report.ooxml import (
    add_text,
    clean,
    set_cant_split,
    set_cell_shading,
    set_cell_valign,
    set_column_widths,
    set_repeat_header,
)
from cqc_tui.report.pagination import BODY_HEIGHT_POINTS, keep_table_whole_if_short
from cqc_tui.report.ratings_view import CellView

if TYPE_CHECKING:
    from cqc_tui.report.writer_base import ReportWriterBase

GRID_ON_ONE_PAGE_POINTS = BODY_HEIGHT_POINTS / 2  # a grid up to half a page high keeps whole
FIRST_COLUMN_CM = 3.8


def cell_lines(
    report: ReportWriterBase, cell: CellView, show_previous: bool, per_cell_dates: bool
) -> list[str]:
    """The lines of one grid cell: the rating, a draft mark, the change from the previous rating
    with its month, the score, the month it was agreed."""
    mark = " *" if cell.carried else ""
    lines = [cell.label + mark] if cell.code else ["Not rated"]
    if cell.unagreed:
        lines.append("DRAFT: not agreed")
    when = f" ({short_month_year(cell.previous_on)})" if cell.previous_on else ""
    scale = report.scale
    # A rating carried forward is the previous rating itself: no "= was Good" beside "Good *".
    if show_previous and cell.previous and cell.code and not cell.carried:
        previous_rank = scale.rank(cell.previous) if scale else None
        current_rank = scale.rank(cell.code) if scale else None
        if previous_rank is None or current_rank is None or previous_rank == current_rank:
            lines.append(f"= was {cell.previous_label}{when}")
        elif current_rank > previous_rank:
            lines.append(f"\u2191 up from {cell.previous_label}{when}")
        else:
            lines.append(f"\u2193 down from {cell.previous_label}{when}")
    elif show_previous and cell.previous and not cell.code:
        lines.append(f"was {cell.previous_label}{when}")
    if cell.percent is not None and cell.code:
        lines.append(f"score {cell.percent:.0f}%")
    if cell.rated_on and cell.code and not cell.unagreed and (per_cell_dates or cell.carried):
        lines.append(short_month_year(cell.rated_on))
    return lines


def write_ratings(report: ReportWriterBase, title: str, options: dict) -> None:
    """The ratings grid and what goes with it (rated reviews only)."""
    if not report.rated:
        return
    report.heading(title, 1)
    grid = report.grid
    rows = [r for r in grid.rows if r.cells]
    if not rows:
        report.draft_or_gap("no ratings are agreed yet")
        return
    show_previous = bool(options.get("show_previous")) or any(
        c.previous for r in rows for c in r.cells.values()
    )
    dates = {
        c.rated_on
        for r in rows
        for c in r.cells.values()
        if c.code and c.rated_on and not c.carried and not c.unagreed
    }
    per_cell_dates = bool(options.get("dated_cells")) or len(dates) > 1
    columns = grid.columns
    report.keep_intro_with_next()
    table = report.doc.add_table(rows=1, cols=len(columns) + 1)
    table.style = report.style("Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_repeat_header(table.rows[0])
    other_width = (PAGE_WIDTH_CM - FIRST_COLUMN_CM) / len(columns)
    header = table.rows[0].cells
    unit_heading = report.review_type.scope_unit_label if report.review_type else ""
    for i, name in enumerate([unit_heading] + [c[1] for c in columns]):
        report.set_style(header[i].paragraphs[0], "Table Heading")
        header[i].paragraphs[0].add_run(clean(name))
        set_cell_shading(header[i], HEADER_FILL)
    for row in rows:
        cells = table.add_row().cells
        report.set_style(cells[0].paragraphs[0], "Table Heading" if row.key == "" else "Table Text")
        add_text(cells[0].paragraphs[0], clean(row.label))  # a unit's or provider's name
        for j, (code, _) in enumerate(columns, start=1):
            cell = row.cells.get(code)
            paragraph = cells[j].paragraphs[0]
            report.set_style(paragraph, "Table Text")
            paragraph.alignment = 1
            set_cell_valign(cells[j])
            if cell is None:
                unit = report.unit_by_id.get(row.key)
                if report.is_draft and unit is not None and unit.inspected:
                    mark = paragraph.add_run("DRAFT: not rated yet")  # a final is refused
                    mark.bold = True
                    mark.font.size = Pt(8)
                    mark.font.highlight_color = WD_COLOR_INDEX.YELLOW
                else:
                    paragraph.add_run("-")
                continue
            lines = cell_lines(report, cell, show_previous, per_cell_dates)
            colour = cell.colour if cell.code else None
            ink = text_colour(colour)
            run = paragraph.add_run(clean(lines[0]))
            run.bold = True
            run.font.size = Pt(8)
            if colour:
                run.font.color.rgb = ink
                set_cell_shading(cells[j], colour)
            for extra in lines[1:]:
                run.add_break()
                next_run = paragraph.add_run(clean(extra))
                next_run.font.size = Pt(7.5)
                if colour:
                    next_run.font.color.rgb = ink
                run = next_run
    for table_row in table.rows:
        set_cant_split(table_row)
    table.autofit = False
    set_column_widths(
        table,
        [int(FIRST_COLUMN_CM * TWIPS_PER_CM)] + [int(other_width * TWIPS_PER_CM)] * len(columns),
    )
    # Read whole where it fits in half a page; a taller grid breaks between rows, its header
    # repeated (a grid kept whole at any height would leave a page half empty, and split anyway).
    keep_table_whole_if_short(table._tbl, GRID_ON_ONE_PAGE_POINTS)
    report.doc.add_paragraph()
    write_legend(report)
    notes = []
    if dates and not per_cell_dates:
        notes.append(f"Ratings from this review were agreed on {long_date(next(iter(dates)))}.")
    if any(c.carried for r in rows for c in r.cells.values()):
        notes.append(
            "* Carried forward from an earlier inspection (not inspected this time), with the date "
            "it was set."
        )
    if any(c.unagreed for r in rows for c in r.cells.values()):
        notes.append(
            "DRAFT: cells so marked show a rating given by the scores or the aggregation rules "
            "that the team has not agreed."
        )
    if per_cell_dates:
        notes.append("Each cell shows the month its rating was agreed.")
    if show_previous and any(c.previous for r in rows for c in r.cells.values()):
        notes.append("Arrows show the change from the previous rating, with the month it was set.")
    for note in notes:
        report.para(note, "Citation")
    departures = [
        (r, code, c)
        for r in rows
        for code, c in r.cells.items()
        if c.departure_reason or (c.proposed and c.proposed != c.code)
    ]
    if departures:
        report.heading("Where the team departed from the usual aggregation", 2)
        for r, code, c in departures:
            what = f"{r.label}, {report.key_question_label.get(code, code)}: {c.label}"
            if c.proposed_label:
                what += f" (the rules give {c.proposed_label})"
            report.para(
                what + (f". {report.redact(c.departure_reason)}" if c.departure_reason else "."),
                "List Bullet",
            )
    if report.framework.scoring is not None:
        write_scores(report)


def write_scores(report: ReportWriterBase) -> None:
    """Scored frameworks: each quality statement's score, per scope unit (and the provider)."""
    scoring = report.framework.scoring
    if scoring is None:
        return
    method = report.grid.scoring_method
    by_category = method == "per_evidence_category" if method else None
    labels = dict(scoring.scores)
    categories = dict(report.framework.evidence_categories)
    grouped: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for record in sorted(report.scores, key=lambda r: (r.updated, r.rev)):
        if by_category is not None and bool(record.evidence_category) != by_category:
            continue
        grouped[(record.scope_unit, record.line)][record.evidence_category] = record.score
    if not grouped:
        return
    report.heading("Quality statement scores", 2)
    method_label = next((m.label for m in scoring.methods if m.id == method), method or "")
    if method_label:
        report.para(
            f"Scoring method: {method_label}. Scores: "
            + "; ".join(f"{v} {label.lower()}" for v, label in scoring.scores)
            + ".",
            "Citation",
        )
    order = {line.code: i for i, line in enumerate(report.framework.lines())}
    for unit_id in [u.id for u in report.units] + [""]:
        keys = sorted((k for k in grouped if k[0] == unit_id), key=lambda k: order.get(k[1], 999))
        if not keys:
            continue
        report.heading(report.unit_label(unit_id) or report.review.provider or "Provider", 3)
        rows = []
        for _, code in keys:
            line = report.framework.line(code)
            scores = grouped[(unit_id, code)]
            key_question = report.key_question_label.get(line.key_question, "") if line else ""
            if "" in scores and len(scores) == 1:
                shown = f"{scores['']} {labels.get(scores[''], '')}".strip()
            else:
                parts = [f"{categories.get(c, c)} {v}" for c, v in scores.items() if c]
                total = sum(v for c, v in scores.items() if c)
                count = len([c for c in scores if c])
                shown = "; ".join(parts) + (
                    f" ({total}/{count * scoring.max_score})" if count else ""
                )
            rows.append([key_question, f"{code} {line.title}" if line else code, shown])
        report.table(["Key question", "Quality statement", "Score"], rows, [3.0, 7.5, 6.5])


def write_legend(report: ReportWriterBase) -> None:
    """The key: each rating of the scale in its colour."""
    if not report.scale:
        return
    items = [(r.label, r.colour) for r in report.scale.ratings if r.colour]
    if not items:
        return
    report.keep_intro_with_next()
    table = report.doc.add_table(rows=1, cols=len(items) + 1)
    table.style = report.style("Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = table.rows[0].cells
    report.set_style(cells[0].paragraphs[0], "Table Heading")
    cells[0].paragraphs[0].add_run("Key")
    set_cell_valign(cells[0])
    for i, (label, colour) in enumerate(items, start=1):
        paragraph = cells[i].paragraphs[0]
        report.set_style(paragraph, "Table Text")
        paragraph.alignment = 1
        run = paragraph.add_run(clean(label))
        run.bold = True
        run.font.size = Pt(8)
        run.font.color.rgb = text_colour(colour)
        set_cell_shading(cells[i], colour)
        set_cell_valign(cells[i])
    set_column_widths(
        table, [int(2.0 * TWIPS_PER_CM)] + [int(15.0 / len(items) * TWIPS_PER_CM)] * len(items)
    )
    report.doc.add_paragraph()
