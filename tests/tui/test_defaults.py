"""Sensible defaults: newest review first, Home/End in lists, the unit remembered, new-review
defaults by review type and today's date, and u straight after d."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input, Select, Tree

from cqc_tui.core.model import Review
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.screens.home import HomeScreen
from cqc_tui.tui.screens.review import ReviewScreen
from cqc_tui.tui.widgets.note_list import NoteList
from tests.tui.app_factory import AUTHOR, REVIEW_ID, UNIT_IDS, make_app, make_workspace

SIZE = (120, 40)


async def test_home_lists_newest_first_and_end_goes_to_the_last_row(home):
    ws, _ = make_workspace(home)
    for year in ("2009", "2024", "2016"):
        ws.create(
            Review(
                title=f"Review {year}",
                review_type="comprehensive",
                framework_id="kloe-healthcare",
                start_date=f"{year}-03-01",
                end_date=f"{year}-03-02",
            ),
            [],
            [],
            user=AUTHOR,
        ).close()
    app = CqcApp(ws, user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert [r["title"][:11] for r in app.screen.reviews] == [
            "Review 2024",
            "Anytown Com",
            "Review 2016",
            "Review 2009",
        ]
        table = app.screen.query_one(DataTable)
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == 3
        await pilot.press("home")
        assert table.cursor_row == 0


async def test_navigator_home_end_and_the_unit_is_remembered(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        tree = screen.query_one(Tree)
        tree.focus()
        await pilot.press("end")
        await pilot.pause()
        assert screen.line.code == screen.framework.lines()[-1].code
        await pilot.press("home")
        await pilot.pause()
        assert screen.key_question == screen.framework.key_questions[0].code
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert screen.scope_unit == UNIT_IDS[1]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.open_review(REVIEW_ID)
        for _ in range(100):  # the unit is put back just after the screen's first paint
            await pilot.pause(0.05)
            if isinstance(app.screen, ReviewScreen) and app.screen.scope_unit != "*":
                break
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.scope_unit == UNIT_IDS[1]
        assert app.screen.query_one("#unit", Select).value == UNIT_IDS[1]


async def test_u_straight_after_d_restores_the_note(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        notes = screen.query_one(NoteList)
        before = [n.id for n in notes.notes]
        assert before
        notes.focus()
        await pilot.press("d")
        await pilot.pause()
        assert [n.id for n in notes.notes] == before[1:]
        await pilot.press("u")
        await pilot.pause()
        assert [n.id for n in notes.notes] == before
        assert not screen.session.store.get("notes", before[0]).deleted


async def test_new_review_defaults_follow_the_type_and_today(home):
    ws, _ = make_workspace(home)
    app = CqcApp(ws, user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#review-type", Select).value = "comprehensive"
        await pilot.pause()
        assert str(dialog.query_one("#framework", Select).value).startswith("kloe-healthcare@")
        today = date.today().isoformat()
        assert dialog.query_one("#start", Input).value == today
        assert dialog.query_one("#end", Input).value == today


async def test_new_review_team_starts_empty_and_keys_typed_behind_tab_append(home):
    """The team is not pre-filled with the login name (a shared laptop's "root"); a pre-filled
    area (from an earlier review) takes keys typed straight after Tab at its end, not inside."""
    from textual.widgets import TextArea

    ws, _ = make_workspace(home)
    app = CqcApp(ws, user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        team = app.screen.query_one("#team", TextArea)
        assert team.text == ""
        team.text = "Ann Ford - Lead inspector"
        app.screen.query_one("#end", Input).focus()
        await pilot.pause()
        await pilot.press("tab", "enter", *"Ben Okafor")  # no pause: typed as fast as keys arrive
        await pilot.pause()
        assert team.text == "Ann Ford - Lead inspector\nBen Okafor"
