"""`cqc-tui actions`: the CLAS sample's summary, and a whole quarterly round done as a CCG would:
start the round, export two organisations' spreadsheets, fill them in as a person would in a
spreadsheet program, import them (all or nothing), and see the summary and the report change."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl

from tests.command_line import CLAS_USER, run_command_line

UHL = "University Hospitals of Leicester NHS Trust"


def run(home: Path, *args: str, ok: bool = True) -> str:
    """The command line as the CLAS sample's action plan lead runs it (see run_command_line)."""
    return run_command_line(home, "--user", CLAS_USER, *args, ok=ok)


def test_summary_of_the_clas_sample(clas_shared):
    text = run(clas_shared, "actions", "leicester")
    assert "Round: Quarter 4 2016/17, as at 31 March 2017; returns due 28 April 2017" in text
    assert "172 actions for 59 recommendations in 11 sections, owned by 8 organisations" in text
    assert "143 completed, 28 on track, 1 behind, 0 not started, 0 superseded" in text
    data = json.loads(run(clas_shared, "actions", "leicester", "--json"))
    assert data["status"] == {
        "completed": 143,
        "on_track": 28,
        "behind": 1,
        "not_started": 0,
        "superseded": 0,
    }
    assert (data["actions"], data["sections"], data["organisations"]) == (172, 11, 8)
    assert sum(s["completed"] for s in data["by_section"]) == 143
    earlier = json.loads(
        run(clas_shared, "actions", "summary", "leicester", "--json", "--round", "Quarter 3")
    )
    assert earlier["round"]["as_at"] == "2016-12-31" and earlier["status"]["completed"] < 143
    err = run(clas_shared, "actions", "leicester", "--round", "Quarter 7", ok=False)
    assert "no reporting round 'Quarter 7'" in err and len(err.strip().splitlines()) == 1


def _fill(path: Path, changes: dict[int, tuple[str, str]]) -> None:
    """Change 'Status this round' and the note of some rows, as a person would in a spreadsheet."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Actions"]
    for row, (status, note) in changes.items():
        ws.cell(row=row, column=7, value=status)
        ws.cell(row=row, column=8, value=note)
    wb.save(path)


def _rows(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path)["Actions"].iter_rows(min_row=2, values_only=True))


def test_a_whole_quarterly_round(clas_round, tmp_path):
    home = clas_round
    start = json.loads(run(home, "actions", "leicester", "--json"))
    assert start["round"]["label"] == "Quarter 1 2017/18" and start["returns_received"] == 0
    assert start["status"]["completed"] == 143

    uhl, nhse = tmp_path / "uhl.xlsx", tmp_path / "nhse.xlsx"
    assert "44 actions of " + UHL in run(
        home, "actions", "export", "leicester", "--org", "University Hospitals", "-o", str(uhl)
    )
    run(home, "actions", "export", "leicester", "--org", "NHS England", "-o", str(nhse))
    sheet = openpyxl.load_workbook(uhl)["Actions"]
    assert sheet.protection.sheet and sheet.column_dimensions["I"].hidden
    assert (
        not sheet["G2"].protection.locked
        and not sheet["H2"].protection.locked
        and sheet["D2"].protection.locked
    )
    assert "On track" in sheet.data_validations.dataValidation[0].formula1

    # UHL finishes two on-track actions; NHS England's behind action is still behind, with a note.
    uhl_open = [i for i, r in enumerate(_rows(uhl), 2) if r[6] == "On track"]
    _fill(
        uhl,
        {
            uhl_open[0]: ("Completed", "Audit report attached"),
            uhl_open[1]: ("Completed", "Rota in place"),
        },
    )
    nhse_rows = _rows(nhse)
    behind_row = next(i for i, r in enumerate(nhse_rows, 2) if r[6] == "Behind")
    _fill(nhse, {behind_row: ("Behind", "National project now expected in the autumn")})

    out = run(home, "actions", "import", "leicester", str(uhl), "--round", "Quarter 1 2017/18")
    assert (
        f"{UHL}: 44 actions read, 44 returns recorded in Quarter 1 2017/18 (2 changed status)"
        in out
    )
    run(home, "actions", "import", "leicester", str(nhse), "--round", "2017-06-30")
    after = json.loads(run(home, "actions", "leicester", "--json"))
    assert after["status"]["completed"] == 145 and after["status"]["on_track"] == 26
    assert after["returns_received"] == 44 + 12 and after["changed_since_previous"] == 2
    behind = next(f for f in after["flagged"] if f["status"] == "behind")
    assert behind["note"] == "National project now expected in the autumn"
    # The earlier round is untouched.
    q4 = json.loads(run(home, "actions", "leicester", "--json", "--round", "Quarter 4 2016/17"))
    assert q4["status"]["completed"] == 143

    report = tmp_path / "report.docx"
    run(home, "export", "leicester", "-o", str(report))
    text = "\n".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert (
        "Progress as at 30 June 2017 (Quarter 1 2017/18): 145 completed, 26 on track, 1 behind"
        in text
    )


def test_import_applies_nothing_unless_the_whole_file_is_valid(clas_round, tmp_path):
    home = clas_round
    sheet = tmp_path / "uhl.xlsx"
    run(home, "actions", "export", "leicester", "--org", UHL, "-o", str(sheet))
    before = run(home, "actions", "leicester", "--json")
    wb = openpyxl.load_workbook(sheet)
    ws = wb["Actions"]
    ws.cell(row=2, column=7, value="Completed")  # a good row ...
    ws.cell(row=3, column=7, value="Nearly there")  # ... a bad status
    ws.cell(row=4, column=4, value="A different action")  # an edit in a locked column
    ws.cell(row=5, column=1, value="not-an-action-id")  # an unknown id
    wb.save(sheet)
    err = run(
        home, "actions", "import", "leicester", str(sheet), "--round", "Quarter 1 2017/18", ok=False
    )
    assert "sheet 'Actions' row 3: status 'Nearly there' is not an action status" in err
    assert "sheet 'Actions' row 4: locked column(s) changed: Action" in err
    assert (
        "sheet 'Actions' row 5: action id 'not-an-action-id' is not an action in this plan" in err
    )
    assert run(home, "actions", "leicester", "--json") == before, "nothing was applied"

    # The right file for the wrong round: refused on the About sheet.
    good = tmp_path / "good.xlsx"
    run(home, "actions", "export", "leicester", "--org", UHL, "-o", str(good))
    err = run(
        home, "actions", "import", "leicester", str(good), "--round", "Quarter 4 2016/17", ok=False
    )
    assert (
        "sheet 'About' row 5: this file holds returns for round 'Quarter 1 2017/18', not 'Quarter 4 2016/17'"
        in err
    )
    assert run(home, "actions", "leicester", "--json") == before

    not_a_sheet = tmp_path / "notes.xlsx"
    not_a_sheet.write_text("hello", encoding="utf-8")
    err = run(
        home,
        "actions",
        "import",
        "leicester",
        str(not_a_sheet),
        "--round",
        "Quarter 1 2017/18",
        ok=False,
    )
    assert "is not a spreadsheet cqc-tui can read" in err and len(err.strip().splitlines()) == 1


def test_export_refuses_bad_paths_and_unknown_organisations(clas_shared, tmp_path):
    err = run(
        clas_shared,
        "actions",
        "export",
        "leicester",
        "--org",
        "Nobody",
        "-o",
        str(tmp_path / "x.xlsx"),
        ok=False,
    )
    assert "no organisation 'Nobody' owns actions" in err
    link = tmp_path / "link.xlsx"
    link.symlink_to(tmp_path / "elsewhere.xlsx")
    err = run(
        clas_shared, "actions", "export", "leicester", "--org", "SSAFA", "-o", str(link), ok=False
    )
    assert "link" in err and not (tmp_path / "elsewhere.xlsx").exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_awkward_texts_survive_the_round_trip(clas_workspace, tmp_path):
    """Texts with control characters, a leading '=' or spaces at the ends export, read back and
    compare as the plan's own; a note beginning with '=' is text, not a formula."""
    from cqc_tui.core.action_plan import ActionPlan
    from cqc_tui.core.workspace import Workspace

    home = clas_workspace
    with Workspace(home).open("leicester", user="kd") as s:
        action = next(
            st.action
            for st in ActionPlan.of(s).summary().states
            if st.action.owner == "SSAFA" and st.status == "on_track"
        )
        s.update("actions", action.id, text="=1+1 then\x01 tidy ")
    run(
        home,
        "actions",
        "round",
        "leicester",
        "--label",
        "Q1",
        "--as-at",
        "2017-06-30",
        "--due",
        "2017-07-21",
    )
    sheet = tmp_path / "ssafa.xlsx"
    run(home, "actions", "export", "leicester", "--org", "SSAFA", "-o", str(sheet))
    wb = openpyxl.load_workbook(sheet)
    ws = wb["Actions"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == action.id)
    assert ws.cell(row, 4).value == "=1+1 then tidy" and ws.cell(row, 4).data_type == "s"
    ws.cell(row, 7, value="Completed")
    ws.cell(row, 8, value="=SUM(A1:A2) is how we counted")
    ws.cell(row, 8).data_type = "s"
    wb.save(sheet)
    out = run(home, "actions", "import", "leicester", str(sheet), "--round", "Q1")
    assert "(1 changed status)" in out
    data = json.loads(run(home, "actions", "leicester", "--json"))
    assert data["status"]["completed"] == 144


def test_a_huge_file_is_refused_unread(clas_shared, tmp_path, monkeypatch):
    from cqc_tui.core import action_sheet

    monkeypatch.setattr(action_sheet, "MAX_RETURNS_BYTES", 1000)
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"x" * 2000)
    err = run(
        clas_shared, "actions", "import", "leicester", str(big), "--round", "Quarter 4", ok=False
    )
    assert "a returns spreadsheet is far smaller" in err and len(err.strip().splitlines()) == 1
