"""Regulatory action in the app: the findings screen's third tab lists the review's enforcement
records; a adds one and enter edits it in a dialog (kind, place, date issued, regulation, regulated
activity, how the regulation was not met, what is required) that asks before discarding changes."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select, TextArea

from cqc_tui.core.model import Enforcement
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.dialogs.common import ConfirmDialog
from cqc_tui.tui.dialogs.enforcement import EnforcementEditor
from cqc_tui.tui.screens.findings import FindingsScreen
from tests.tui.app_factory import AUTHOR, UNIT_IDS, make_workspace

SIZE = (120, 40)


async def wait_for(pilot, condition, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition()


async def open_tab(app, pilot) -> FindingsScreen:
    await pilot.pause()
    await pilot.press("f")
    await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen))
    await pilot.press("3")
    await pilot.pause()
    assert isinstance(app.screen, FindingsScreen)
    return app.screen


def live(session) -> list[Enforcement]:
    return [r for r in session.records("enforcement") if isinstance(r, Enforcement)]


async def test_a_regulatory_action_is_added_and_edited_with_its_detail(home):
    ws, rid = make_workspace(home, notes=False)
    app = CqcApp(ws, user=AUTHOR, open_review=rid)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tab(app, pilot)
        session = screen.session
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, EnforcementEditor))
        dialog = app.screen
        dialog.query_one("#enforcement-kind", Select).value = "warning_notice"
        dialog.query_one("#enforcement-unit", Select).value = UNIT_IDS[0]
        dialog.query_one("#enforcement-kq", Select).value = "safe"
        dialog.query_one("#enforcement-date", Input).value = "2018-03-01"
        dialog.query_one("#enforcement-regulation", Input).value = "Regulation 12 Safe care"
        dialog.query_one(
            "#enforcement-activity", Input
        ).value = "  Treatment of disease,   disorder or injury "
        dialog.query_one("#enforcement-how", TextArea).text = "Ligature risks were not assessed."
        dialog.query_one("#enforcement-text", TextArea).text = "Assess every ward by June."
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen))
        [saved] = live(session)
        assert (saved.kind, saved.scope_unit, saved.key_question, saved.date) == (
            "warning_notice",
            UNIT_IDS[0],
            "safe",
            "2018-03-01",
        )
        assert saved.regulated_activity == "Treatment of disease, disorder or injury"
        assert saved.how_not_met == "Ligature risks were not assessed."
        assert saved.author == AUTHOR
        table = screen.query_one("#enf-table", DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[0] == "Warning notice" and row[2] == "2018-03-01"
        # enter edits it; a bad date is refused in the dialog with nothing saved
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EnforcementEditor))
        dialog = app.screen
        assert dialog.query_one("#enforcement-how", TextArea).text == saved.how_not_met
        dialog.query_one("#enforcement-date", Input).value = "1 March"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert live(session)[0].date == "2018-03-01"
        dialog.query_one("#enforcement-date", Input).value = "2018-03-02"
        dialog.query_one("#enforcement-how", TextArea).text = "Ligature risks on two wards."
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen))
        [edited] = live(session)
        assert (edited.id, edited.rev, edited.date) == (saved.id, saved.rev + 1, "2018-03-02")
        assert edited.how_not_met == "Ligature risks on two wards."


async def test_escape_with_changes_asks_before_discarding_them(home):
    ws, rid = make_workspace(home, notes=False)
    app = CqcApp(ws, user=AUTHOR, open_review=rid)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tab(app, pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, EnforcementEditor))
        dialog = app.screen
        await pilot.press(*"Regulation 17")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("enter")  # Keep editing has the focus
        await wait_for(pilot, lambda: app.screen is dialog)
        assert dialog.query_one("#enforcement-regulation", Input).value == "Regulation 17"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("tab", "enter")  # Discard
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen))
        assert live(screen.session) == []
        # with nothing typed, Escape closes at once
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, EnforcementEditor))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen))
