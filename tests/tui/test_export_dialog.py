"""The export dialog: it asks before printing personal data, refuses links, and words disk failures as one line."""

from __future__ import annotations

import errno
import os
import zipfile
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Static

from cqc_tui.core import output_file
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.dialogs.export import ExportDialog
from cqc_tui.tui.dialogs.personal_data import PersonalDataDialog
from cqc_tui.tui.screens.review import ReviewScreen
from tests.tui.app_factory import AUTHOR, UNIT_IDS, make_workspace

SIZE = (120, 40)
PERSONAL = (
    "Mr John Smith (DOB 01/02/1960, NHS number 943 476 5919) lives at 12 High Street, B15 2TT."
)


async def until(pilot, condition, timeout: float = 15.0) -> None:
    import time

    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out waiting"
        await pilot.pause(0.05)


def personal_app(home: Path, personal: bool = True) -> CqcApp:
    ws, review_id = make_workspace(home)
    if personal:
        session = ws.open_id(review_id, user=AUTHOR)
        try:
            session.add_note(
                lines=["S1"], scope_unit=UNIT_IDS[0], source="people", text=PERSONAL, author=AUTHOR
            )
        finally:
            session.close()
    return CqcApp(ws, user=AUTHOR, open_review=review_id)


def report_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def status(app) -> str:
    return str(app.screen.query_one("#export-status", Static).render())


async def start_export(app, pilot, out: Path, redact: bool = False) -> None:
    await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
    await pilot.press("x")
    await until(pilot, lambda: isinstance(app.screen, ExportDialog))
    app.screen.query_one("#export-path", Input).value = str(out)
    if redact:
        app.screen.query_one("#export-redact", Checkbox).value = True
    await pilot.press("ctrl+s")


async def test_personal_data_asks_and_export_with_redaction(home, tmp_path):
    out = tmp_path / "report.docx"
    app = personal_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await start_export(app, pilot, out)
        await until(pilot, lambda: isinstance(app.screen, PersonalDataDialog))
        shown = "\n".join(str(w.render()) for w in app.screen.query(".personal-data-kind"))
        assert "An NHS number (note " in shown and "A date of birth (note " in shown
        assert "5919" not in shown
        assert not out.exists()
        await pilot.press("r")
        await until(
            pilot,
            lambda: isinstance(app.screen, ExportDialog) and "Saved the report" in status(app),
        )
        assert app.screen.query_one("#export-redact", Checkbox).value is True
    text = report_text(out)
    for secret in ("943 476 5919", "1960", "John", "Smith", "High Street", "B15 2TT"):
        assert secret not in text, secret
    assert "[redacted]" in text


async def test_personal_data_export_anyway(home, tmp_path):
    out = tmp_path / "report.docx"
    app = personal_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await start_export(app, pilot, out)
        await until(pilot, lambda: isinstance(app.screen, PersonalDataDialog))
        await pilot.press("a")
        await until(
            pilot,
            lambda: isinstance(app.screen, ExportDialog) and "Saved the report" in status(app),
        )
    assert "943 476 5919" in report_text(out)


async def test_personal_data_cancel_writes_nothing(home, tmp_path):
    out = tmp_path / "report.docx"
    app = personal_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await start_export(app, pilot, out)
        await until(pilot, lambda: isinstance(app.screen, PersonalDataDialog))
        await pilot.press("escape")
        await until(
            pilot, lambda: isinstance(app.screen, ExportDialog) and "Not exported" in status(app)
        )
        assert "personal data" in status(app) and "NHS number" in status(app)
        assert not app.screen.query_one("#export").disabled  # the user may choose again
        assert not app.screen.running
    assert list(tmp_path.iterdir()) == [home]


async def test_redaction_ticked_first_does_not_ask(home, tmp_path):
    out = tmp_path / "report.docx"
    app = personal_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await start_export(app, pilot, out, redact=True)
        await until(pilot, lambda: "Saved the report" in status(app))
        assert not any(isinstance(s, PersonalDataDialog) for s in app.screen_stack)
    assert "943 476 5919" not in report_text(out)


async def test_a_symbolic_link_is_refused_in_the_app(home, tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("keep me")
    link = tmp_path / "report.docx"
    link.symlink_to(target)
    app = personal_app(home, personal=False)
    async with app.run_test(size=SIZE) as pilot:
        await start_export(app, pilot, link)
        await until(pilot, lambda: "Not exported" in status(app))
        assert "symbolic link" in status(app)
    assert link.is_symlink() and target.read_text() == "keep me"


FAILURES = [
    (errno.ENOSPC, "fsync", "the disk is full"),
    (errno.EIO, "fsync", "input/output error"),
    (errno.EACCES, "mkstemp", "permission denied"),
    (errno.EROFS, "mkstemp", "read-only"),
    (errno.ENAMETOOLONG, "mkstemp", "too long"),
    (errno.EISDIR, "replace", "it is a folder"),
]


@pytest.mark.parametrize(
    "code,where,advice", FAILURES, ids=[errno.errorcode[c] for c, _, _ in FAILURES]
)
async def test_disk_failures_are_one_line_in_the_dialog_and_a_notification(
    home, tmp_path, monkeypatch, code, where, advice
):
    out = tmp_path / "report.docx"
    app = personal_app(home, personal=False)

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        if where == "mkstemp":
            monkeypatch.setattr(output_file.tempfile, "mkstemp", fail)
        else:
            monkeypatch.setattr(output_file.os, where, fail)
        await start_export(app, pilot, out)
        await until(pilot, lambda: "Not exported" in status(app))
        monkeypatch.undo()
        line = status(app)
        assert f"cannot write {out}" in line.replace("\n", "") or "cannot write" in line
        assert advice in line.replace("\n", " ") and "Traceback" not in line
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Export failed: cannot write") and advice in m for m in messages), (
            messages
        )
        assert isinstance(app.screen, ExportDialog)  # the app is still there
    assert not out.exists() and list(tmp_path.iterdir()) == [home]


async def test_the_version_is_chosen_and_a_final_one_is_refused_with_its_reasons(home, tmp_path):
    """The dialog says which version it writes: a review still in fieldwork starts at Draft (the
    file is marked DRAFT); choosing Final gives the reasons it cannot be final yet, one per line,
    and writes nothing."""
    from textual.widgets import Select

    out = tmp_path / "report.docx"
    app = personal_app(home, personal=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog))
        version = app.screen.query_one("#export-version", Select)
        assert version.value == "draft"
        version.value = "final"
        app.screen.query_one("#export-path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Not exported" in status(app))
        assert "cannot be exported as final" in status(app)
        assert status(app).count("\n  - ") >= 1
        assert not out.exists()
        version.value = "draft"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Saved the report" in status(app))
    assert "DRAFT" in report_text(out)


async def test_the_reasons_a_final_export_is_refused_are_in_view_at_80x24(home, tmp_path):
    from textual.widgets import Select

    app = personal_app(home, personal=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        if not isinstance(app.screen, ReviewScreen):  # the scope unit picker on first open
            await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog))
        app.screen.query_one("#export-version", Select).value = "final"
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "r.docx")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Not exported" in status(app))
        await pilot.pause(0.2)
        import html

        on_screen = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "cannot be exported as final" in on_screen  # scrolled into view
