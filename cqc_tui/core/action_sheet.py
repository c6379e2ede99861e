"""An organisation's action plan returns as a spreadsheet (.xlsx, openpyxl): export, then import.

The exported workbook has two sheets. "Actions" lists the organisation's actions for one reporting
round, one a row: the columns the organisation fills in (this round's status, from a drop-down,
and a note) are unlocked; the rest (id, section, recommendation, action, due date, last round's
status) are locked by sheet protection, and a hidden check column holds a digest of the locked
values and the round, so an edit made after lifting the protection is still caught. "About"
names the review, the organisation and the round.

`read_returns` checks the whole file and returns the changes only if every row is valid; each
problem is one line naming the file, the sheet and the row (docs/action-plans.md).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from cqc_tui.core import output_file
from cqc_tui.core.action_plan import ActionPlan, record_status
from cqc_tui.core.errors import CqcError, FileProblems, Problem, display_path, os_reason
from cqc_tui.core.model import ACTION_STATUSES, ActionUpdate, ReportingRound, Review

ACTIONS_SHEET = "Actions"
ABOUT_SHEET = "About"
FORMAT = "cqc-tui action returns 1"
HEADERS = (
    "Action id",
    "Section",
    "Recommendation",
    "Action",
    "Due",
    "Status last round",
    "Status this round",
    "Progress note and evidence",
    "Check",
)
STATUS_COLUMN, NOTE_COLUMN, CHECK_COLUMN = 7, 8, 9
LOCKED_COLUMNS = (1, 2, 3, 4, 5, 6)
FIRST_ROW = 2
MAX_RETURNS_BYTES = (
    20_000_000  # one organisation's actions take kilobytes; refuse anything huge unread
)
ABOUT_FIELDS = (
    "Format",
    "Review id",
    "Review",
    "Organisation",
    "Round id",
    "Round",
    "As at",
    "Returns due",
)


class SheetError(CqcError):
    """The returns file cannot be written or read as a whole."""


@dataclass(frozen=True)
class Returns:
    """What an imported returns file would change (nothing is saved by reading it)."""

    organisation: str
    round: ReportingRound
    rows: int
    updates: list[ActionUpdate]  # only the actions whose status, note or returned flag change
    status_changes: int  # of those, how many change status


def _check(round_id: str, values: list[str]) -> str:
    digest = hashlib.sha256("\x1f".join([round_id, *values]).encode("utf-8")).hexdigest()
    return digest[:16]


def _cell_text(value: str) -> str:
    """Text as a cell can hold it and as it reads back: without the control characters the file
    format cannot store, and without spaces at the ends."""
    return ILLEGAL_CHARACTERS_RE.sub("", value).strip()


def _locked_values(plan: ActionPlan, action_id: str, previous_status: str) -> list[str]:
    action = plan.action_by_id[action_id]
    recommendation = plan.recommendations.get(action.recommendation)
    values = [
        action.id,
        plan.section_of(action),
        recommendation.text if recommendation is not None else "",
        action.text,
        action.due,
        ACTION_STATUSES.get(previous_status, previous_status),
    ]
    return [_cell_text(value) for value in values]


def _append_text_row(worksheet, values: list[str]) -> None:
    """Append a row of text: a value beginning with '=' stays text, never becomes a formula."""
    worksheet.append(values)
    for cell in worksheet[worksheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def _previous_status(plan: ActionPlan, reporting_round: ReportingRound, action_id: str) -> str:
    action = plan.action_by_id[action_id]
    return (
        plan.state(action, plan.previous_round(reporting_round)).status
        if plan.previous_round(reporting_round)
        else action.status
    )


def build_workbook(
    plan: ActionPlan, review: Review, organisation: str, reporting_round: ReportingRound
) -> openpyxl.Workbook:
    """The returns workbook of one organisation for one round (not yet written anywhere)."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = ACTIONS_SHEET
    worksheet.append(list(HEADERS))
    bold = Font(bold=True)
    for cell in worksheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="E7E3EF")
    labels = list(ACTION_STATUSES.values())
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(labels) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose one of: " + ", ".join(labels),
    )
    worksheet.add_data_validation(validation)
    editable = PatternFill("solid", fgColor="FFF8DC")
    row = FIRST_ROW
    for action in plan.actions:
        if (action.owner or "") != organisation:
            continue
        state = plan.state(action, reporting_round)
        locked = _locked_values(plan, action.id, _previous_status(plan, reporting_round, action.id))
        _append_text_row(
            worksheet,
            [
                *locked,
                ACTION_STATUSES.get(state.status, state.status),
                _cell_text(state.note),
                _check(reporting_round.id, locked),
            ],
        )
        for column in range(1, CHECK_COLUMN + 1):
            cell = worksheet.cell(row=row, column=column)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column in (STATUS_COLUMN, NOTE_COLUMN):
                cell.protection = Protection(locked=False)
                cell.fill = editable
        validation.add(f"G{row}")
        row += 1
    for letter, width in zip("ABCDEFGHI", (38, 28, 40, 50, 12, 16, 18, 60, 18), strict=True):
        worksheet.column_dimensions[letter].width = width
    worksheet.column_dimensions["I"].hidden = True
    worksheet.freeze_panes = "B2"
    worksheet.protection.sheet = True
    worksheet.protection.formatRows = False  # rows may be made taller to read long notes
    about = workbook.create_sheet(ABOUT_SHEET)
    for name, value in zip(
        ABOUT_FIELDS,
        (
            FORMAT,
            review.id,
            review.title,
            organisation,
            reporting_round.id,
            reporting_round.label,
            reporting_round.as_at,
            reporting_round.returns_due,
        ),
        strict=True,
    ):
        _append_text_row(about, [name, _cell_text(value)])
    about.append([])
    about.append(
        [
            "How to fill in",
            "For each action on the Actions sheet, choose this round's status from the "
            "drop-down and write what was done and what evidence you can offer. Leave the other columns "
            "as they are, and return the file by the date above.",
        ]
    )
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 90
    about.protection.sheet = True
    return workbook


def export_returns(
    plan: ActionPlan, review: Review, organisation: str, reporting_round: ReportingRound, out: Path
) -> int:
    """Write the organisation's returns workbook for `rnd` to `out` (whole or not at all).
    Returns the number of actions in it; refuses an organisation with none."""
    count = sum(1 for action in plan.actions if (action.owner or "") == organisation)
    if count == 0:
        raise SheetError(f"{organisation} owns no actions in this plan; nothing to export")
    workbook = build_workbook(plan, review, organisation, reporting_round)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()

    def write(file: BinaryIO) -> None:
        file.write(data)

    output_file.write_output(Path(out), write, "returns.xlsx", SheetError)
    return count


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]  # a date cell typed or reformatted by a spreadsheet program
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _status_code(text: str) -> str | None:
    wanted = text.strip().lower()
    for code, label in ACTION_STATUSES.items():
        if wanted in (code, label.lower()):
            return code
    return None


def read_returns(
    path: Path, plan: ActionPlan, review: Review, reporting_round: ReportingRound, author: str
) -> Returns:
    """Check a returned workbook against the plan and round; every problem is raised together as
    FileProblems (one line each: file, sheet, row). Nothing is saved here."""
    shown = display_path(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_RETURNS_BYTES:
            raise SheetError(
                f"{shown} is {size // 1_000_000} MB; a returns spreadsheet is far smaller "
                f"(at most {MAX_RETURNS_BYTES // 1_000_000} MB): is this the right file?"
            )
        workbook = openpyxl.load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise SheetError(f"{shown}: no such file") from None
    except OSError as exc:
        raise SheetError(f"cannot read {shown}: {os_reason(exc)}") from None
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise SheetError(
            f"{shown} is not a spreadsheet cqc-tui can read ({type(exc).__name__}); "
            "save it as an Excel workbook (.xlsx) and try again"
        ) from None
    problems: list[Problem] = []

    def add_problem(sheet: str, row: int, message: str) -> None:
        problems.append(Problem(f"{shown}: sheet '{sheet}' row {row}", None, message))

    for name in (ACTIONS_SHEET, ABOUT_SHEET):
        if name not in workbook.sheetnames:
            raise FileProblems(
                [
                    Problem(
                        shown,
                        None,
                        f"has no sheet '{name}'; import the workbook that "
                        "'cqc-tui actions export' wrote, with its sheets as they were",
                    )
                ]
            )
    about = {
        _text(cells[0]): (_text(cells[1]) if len(cells) > 1 else "", row_number)
        for row_number, cells in enumerate(workbook[ABOUT_SHEET].iter_rows(values_only=True), 1)
        if cells and cells[0]
    }
    file_format, format_row = about.get("Format", ("", 1))
    if file_format != FORMAT:
        raise FileProblems(
            [
                Problem(
                    f"{shown}: sheet '{ABOUT_SHEET}' row {format_row}",
                    None,
                    f"is not a cqc-tui returns sheet (format {file_format!r}); export a new one",
                )
            ]
        )
    review_id, row_no = about.get("Review id", ("", 2))
    if review_id != review.id:
        add_problem(
            ABOUT_SHEET,
            row_no,
            f"this file is for another review (id {review_id[:8] or 'missing'}), "
            f"not '{review.title}'",
        )
    round_id, row_no = about.get("Round id", ("", 5))
    file_round = about.get("Round", ("", 6))[0]
    if round_id != reporting_round.id:
        add_problem(
            ABOUT_SHEET,
            row_no,
            f"this file holds returns for round '{file_round or round_id}', not '{reporting_round.label}'; "
            "import it with the round it was exported for",
        )
    written = about.get("Organisation", ("", 4))[0]
    organisation = next(
        (owner for owner in plan.organisations() if _cell_text(owner) == written), written
    )
    if organisation not in plan.organisations():
        add_problem(
            ABOUT_SHEET,
            about.get("Organisation", ("", 4))[1],
            f"organisation {organisation!r} owns no actions in this plan",
        )
    worksheet = workbook[ACTIONS_SHEET]
    rows = list(worksheet.iter_rows(values_only=True))
    header = tuple(_text(heading) for heading in (rows[0] if rows else ()))[: len(HEADERS)]
    if header != HEADERS:
        add_problem(
            ACTIONS_SHEET,
            1,
            f"the column headings have changed; they must be: {', '.join(HEADERS)}",
        )
        raise FileProblems(problems)
    seen: dict[str, int] = {}
    updates: list[ActionUpdate] = []
    count = status_changes = 0
    for row_no, raw in enumerate(rows[1:], FIRST_ROW):
        values = [_text(raw[i]) if i < len(raw) else "" for i in range(CHECK_COLUMN)]
        if not any(values):
            continue
        count += 1
        action_id = values[0]
        if action_id not in plan.action_by_id:
            add_problem(
                ACTIONS_SHEET,
                row_no,
                f"action id {action_id!r} is not an action in this plan "
                "(the id column is locked; put back the id that was exported)",
            )
            continue
        if action_id in seen:
            add_problem(
                ACTIONS_SHEET,
                row_no,
                f"action {action_id[:8]} is listed twice (also row {seen[action_id]})",
            )
            continue
        seen[action_id] = row_no
        action = plan.action_by_id[action_id]
        if (action.owner or "") != organisation:
            add_problem(
                ACTIONS_SHEET,
                row_no,
                f"action {action_id[:8]} belongs to {action.owner or 'no organisation'}, "
                f"not {organisation}",
            )
            continue
        locked_now = values[: len(LOCKED_COLUMNS)]
        if _check(round_id, locked_now) != values[CHECK_COLUMN - 1]:
            changed = [
                HEADERS[i]
                for i, value in enumerate(locked_now)
                if value
                != _locked_values(
                    plan, action_id, _previous_status(plan, reporting_round, action_id)
                )[i]
            ]
            which = ", ".join(changed) if changed else "Check"
            add_problem(
                ACTIONS_SHEET,
                row_no,
                f"locked column(s) changed: {which}; only 'Status this round' and "
                "'Progress note and evidence' may be filled in (export the sheet again)",
            )
            continue
        expected = _locked_values(
            plan, action_id, _previous_status(plan, reporting_round, action_id)
        )
        if locked_now != expected:
            changed = [HEADERS[i] for i, value in enumerate(locked_now) if value != expected[i]]
            add_problem(
                ACTIONS_SHEET,
                row_no,
                f"the plan has changed since this sheet was exported ({', '.join(changed)}); "
                "export a new sheet for this round",
            )
            continue
        status = _status_code(values[STATUS_COLUMN - 1])
        if status is None:
            add_problem(
                ACTIONS_SHEET,
                row_no,
                f"status {values[STATUS_COLUMN - 1]!r} is not an action status; choose one "
                f"of: {', '.join(ACTION_STATUSES.values())}",
            )
            continue
        change = record_status(
            plan, reporting_round, action_id, status, values[NOTE_COLUMN - 1], author, returned=True
        )
        if change is not None:
            updates.append(change)
            status_changes += plan.state(action, reporting_round).status != status
    if problems:
        raise FileProblems(problems)
    return Returns(organisation, reporting_round, count, updates, status_changes)
