"""The report date: set in the review details (i), checked there, printed on the cover as people
write dates, used for the action plan's 'as at' when no reporting round has been recorded, and
carried by dump and import."""

from __future__ import annotations

import docx
from textual.widgets import Input, Static

from cqc_tui.core.exchange import dump_text, parse_review_file
from cqc_tui.core.model import ActionItem
from cqc_tui.report import ExportOptions, export_review
from cqc_tui.report.dates import date_range
from cqc_tui.tui.dialogs.review_details import ReviewDetailsDialog
from tests.tui.app_factory import make_app

SIZE = (120, 40)


async def wait_for(pilot, condition, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition()


async def test_the_report_date_is_set_in_the_review_details_and_printed(home, tmp_path):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = app.screen.session
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewDetailsDialog))
        dialog = app.screen
        field = dialog.query_one("#details-report-date", Input)
        assert field.value == ""
        field.value = "2018-01-02"  # before the fieldwork began (22 January)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        error = str(dialog.query_one("#details-error", Static).render())
        assert "before the fieldwork began (2018-01-22)" in error
        field.value = "1 Sept 2018"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "must be a date written YYYY-MM-DD" in str(
            dialog.query_one("#details-error", Static).render()
        )
        assert session.review.report_date == ""
        field.value = "2018-09-01"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReviewDetailsDialog))
        assert session.review.report_date == "2018-09-01"
        session.add(ActionItem, text="Audit the ligature risk assessments", section="Safe")
        out = export_review(session, tmp_path / "r.docx", ExportOptions(draft=True))
        texts = [p.text for p in docx.Document(str(out)).paragraphs]
        assert "Report date: 1 September 2018" in texts
        assert any(t.startswith("Progress as at 1 September 2018: 1 not started") for t in texts)
        assert not any("2018-09-01" in t for t in texts)
        # dump and import carry it
        text = dump_text(session.store.tables)
        parsed = parse_review_file("r.yaml", session.workspace.frameworks, text=text)
        assert parsed.review.report_date == "2018-09-01"


def test_fieldwork_dates_write_the_year_once():
    assert date_range("2018-04-24", "2018-05-16") == "24 April to 16 May 2018"
    assert date_range("2018-01-22", "2018-01-26") == "22 to 26 January 2018"
    assert date_range("2017-12-18", "2018-01-12") == "18 December 2017 to 12 January 2018"
    assert date_range("2018-01-22", "2018-01-22") == "22 January 2018"
