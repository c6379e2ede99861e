"""The action plan the provider or the organisations wrote: a status count line, the counts per
section when there are several, then the plan grouped by section, each recommendation with its
actions, progress, owners, due dates and status (shaded). Left out until there are actions; never
made up from the recommendations alone."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, NamedTuple

from docx.shared import RGBColor

from cqc_tui.core.action_plan import STATUS_ORDER
from cqc_tui.core.model import ACTION_STATUSES, ActionItem
from cqc_tui.report.dates import long_date, short_date
from cqc_tui.report.document import HEADER_FILL, PAGE_WIDTH_CM, TWIPS_PER_CM
from cqc_tui.report.ooxml import (
    add_text,
    clean,
    set_cant_split,
    set_cell_shading,
    set_column_widths,
    set_repeat_header,
)

if TYPE_CHECKING:
    from cqc_tui.report.writer_base import ReportWriterBase

STATUS_FILLS = {
    "completed": "E2F0D9",
    "on_track": "DDEBF7",
    "behind": "FBE2D5",
    "not_started": "F2F2F2",
    "put_right": "E2F0D9",
    "partly_put_right": "FFF2CC",
    "not_put_right": "FBE2D5",
    "not_checked": "F2F2F2",
}
SECTION_FILL = "F3F1F7"
REPEATED_LABEL_COLOUR = RGBColor(0x76, 0x76, 0x76)  # a recommendation named again on its later rows
STATUS_COLUMN_CM = 2.2  # wide enough for 'Completed' in the header's bold type
COLUMN_WEIGHTS = {"Recommendation": 5.0, "Action": 4.8, "Owner": 2.9, "Due": 2.0, "Status": 2.2}


class PlanRow(NamedTuple):
    """One action of the plan as printed."""

    section: str
    recommendation_id: str  # "" for an action of no recommendation
    recommendation: str  # "12. text" of its recommendation
    action: str
    owner: str
    due: str
    status: str


def natural_key(text: str) -> list[tuple[int, int, str]]:
    """Sort key putting '2. x' before '10. y'."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", text)
    ]


def write_action_plan(report: ReportWriterBase, title: str, options: dict) -> None:
    """The action plan (left out when there are no actions). The team's text on it comes first."""
    if not report.actions:
        return
    report.heading(title, 1)
    intro = report.section_text("action_plan")
    if intro.strip():
        report.text_blocks(intro)
    items = plan_rows(report)
    reporting_round = report.plan_summary.round
    counts = Counter(it.status for it in items)
    # A status no action has is no column of zeros (a "Not started" column nobody is in).
    order = [st for st in STATUS_ORDER if counts.get(st)]
    summary = ", ".join(
        f"{counts[st]} {ACTION_STATUSES[st].lower()}" for st in order if counts.get(st)
    )
    what = "action" + ("s" if len(items) != 1 else "")
    if reporting_round is not None:
        when = f" as at {long_date(reporting_round.as_at)} ({report.redact(reporting_round.label)})"
    elif report.review.report_date:  # no round reported yet: the plan as the report gives it
        when = f" as at {long_date(report.review.report_date)}"
    else:
        when = ""
    report.para(f"Progress{when}: {summary} ({len(items)} {what} in all).")
    sections = sorted(dict.fromkeys(it.section for it in items), key=natural_key)
    if len(sections) > 1:
        rows = []
        for section in sections:
            section_counts = Counter(it.status for it in items if it.section == section)
            rows.append(
                [section or "Other"]
                + [str(section_counts.get(st, 0)) for st in order]
                + [str(sum(section_counts.values()))]
            )
        rows.append(["Total"] + [str(counts.get(st, 0)) for st in order] + [str(len(items))])
        report.table(
            ["Section"] + [ACTION_STATUSES[st] for st in order] + ["Total"],
            rows,
            [PAGE_WIDTH_CM - STATUS_COLUMN_CM * len(order) - 1.6]
            + [STATUS_COLUMN_CM] * len(order)
            + [1.6],
        )
    write_plan_table(report, items, sections)


def plan_rows(report: ReportWriterBase) -> list[PlanRow]:
    """Every action as a row of the plan, by recommendation number, then actions of none."""
    by_recommendation: dict[str, list[ActionItem]] = defaultdict(list)
    for action in report.actions:
        by_recommendation[action.recommendation].append(action)
    number = report.recommendation_number
    reporting_round = report.plan_summary.round
    state = {s.action.id: s for s in report.plan_summary.states}

    def action_text(action: ActionItem) -> str:
        note = state[action.id].note if action.id in state and reporting_round is not None else ""
        return (
            report.redact(action.text)
            + (f"\nEvidence: {report.redact(action.progress)}" if action.progress else "")
            + (
                f"\n{reporting_round.label}: {report.redact(note)}"
                if note and reporting_round
                else ""
            )
        )

    def status_of(action: ActionItem) -> str:
        return state[action.id].status if action.id in state else action.status

    items: list[PlanRow] = []
    for recommendation in sorted(report.recommendations, key=lambda rec: number[rec.id]):
        text = f"{number[recommendation.id]}. {report.redact(recommendation.text)}"
        # A recommendation nobody has planned actions for yet is listed under the recommendations,
        # not as a made-up "not started" row of the plan.
        for action in by_recommendation.get(recommendation.id, []):
            items.append(
                PlanRow(
                    action.section or recommendation.section,
                    recommendation.id,
                    text,
                    action_text(action),
                    action.owner or recommendation.owner,
                    action.due or recommendation.due,
                    status_of(action),
                )
            )
    orphans = by_recommendation.get("", []) + [
        a for a in report.actions if a.recommendation and a.recommendation not in number
    ]
    for action in orphans:
        items.append(
            PlanRow(
                action.section,
                "",
                "",
                action_text(action),
                action.owner,
                action.due,
                status_of(action),
            )
        )
    return items


def write_plan_table(report: ReportWriterBase, items: list[PlanRow], sections: list[str]) -> None:
    """The plan's table: a spanning row per section, a row per action, the status shaded."""
    has_action = any(it.action for it in items)
    has_due = any(it.due for it in items)
    names = (
        ["Recommendation"]
        + (["Action"] if has_action else [])
        + ["Owner"]
        + (["Due"] if has_due else [])
        + ["Status"]
    )
    total = sum(COLUMN_WEIGHTS[n] for n in names)
    widths = [COLUMN_WEIGHTS[n] * PAGE_WIDTH_CM / total for n in names]
    report.keep_intro_with_next()
    table = report.doc.add_table(rows=1, cols=len(names))
    table.style = report.style("Table Grid")
    set_repeat_header(table.rows[0])
    for cell, name in zip(table.rows[0].cells, names, strict=False):
        report.set_style(cell.paragraphs[0], "Table Heading")
        cell.paragraphs[0].add_run(name)
        set_cell_shading(cell, HEADER_FILL)
    column_count = len(names)
    for section in sections:
        if section:
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[column_count - 1])
            report.set_style(merged.paragraphs[0], "Table Heading")
            add_text(merged.paragraphs[0], clean(section))
            set_cell_shading(merged, SECTION_FILL)
        seen: set[str] = set()
        for item in (i for i in items if i.section == section):
            row = table.add_row()
            set_cant_split(row)
            cells = row.cells
            values = (
                [item.recommendation]
                + ([item.action] if has_action else [])
                + [item.owner]
                + ([short_date(item.due)] if has_due else [])
                + [ACTION_STATUSES.get(item.status, item.status)]
            )
            # No vertically merged cells: a merged cell continued on a new page shows blank. A
            # recommendation's later rows repeat its text in a lighter grey, so a row at the top
            # of a page still says what it is for.
            continued = bool(item.recommendation_id and item.recommendation_id in seen)
            for j, (cell, value) in enumerate(zip(cells, values, strict=False)):
                report.set_style(cell.paragraphs[0], "Table Text")
                if value:
                    add_text(cell.paragraphs[0], clean(value), italic=j == 0 and continued)
                if j == 0 and continued:
                    for run in cell.paragraphs[0].runs:
                        run.font.color.rgb = REPEATED_LABEL_COLOUR
            set_cell_shading(cells[-1], STATUS_FILLS.get(item.status, "FFFFFF"))
            if item.recommendation_id:
                seen.add(item.recommendation_id)
    table.autofit = False
    set_column_widths(table, [int(w * TWIPS_PER_CM) for w in widths])
    report.doc.add_paragraph()
