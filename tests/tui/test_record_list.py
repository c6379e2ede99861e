"""What the list screens built on RecordListScreen (screens/record_list.py) do alike: the sub-title
names the review and the list, the list has the focus on opening, a read-only review says so
instead of opening an editor, Enter edits only from the list itself, Escape goes back."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen
from textual.widgets import DataTable, Tree

from cqc_tui.core.exchange import import_review
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.screens.action_plan import ActionPlanScreen
from cqc_tui.tui.screens.follow_up import FollowUpScreen
from cqc_tui.tui.screens.review import ReviewScreen
from tests.tui.app_factory import AUTHOR, workspace

REPO = Path(__file__).resolve().parents[2]
SIZE = (120, 40)


async def _open(home: Path, sample: str, readonly: bool) -> CqcApp:
    ws = workspace(home)
    _, review_id = import_review(ws, REPO / "sample_reviews" / f"{sample}.yaml")
    app = CqcApp(ws, user=AUTHOR)
    app.call_later(app.open_review, review_id, readonly)
    return app


def _notices(app: CqcApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def _list_screen(pilot, key: str) -> Screen:
    """Once the review screen is up, press `key` and return the screen it opens."""
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    return pilot.app.screen


async def _action_highlighted(pilot) -> None:
    """In the plan's tree: onto the first section's first recommendation, open it, onto its
    first action."""
    await pilot.press("down", "down", "enter", "down")
    await pilot.pause()


async def test_the_action_plan_opens_on_its_tree_and_enter_in_a_summary_table_edits_nothing(home):
    app = await _open(home, "leicester-clas-review-2016", readonly=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _list_screen(pilot, "a")
        assert isinstance(screen, ActionPlanScreen)
        assert screen.sub_title.endswith(": action plan")
        assert isinstance(screen.focused, Tree) and screen.focused.id == "plan-tree"
        await _action_highlighted(pilot)
        assert screen._selected_action() is not None
        await pilot.press("2")  # the table by section
        await pilot.pause()
        assert isinstance(screen.focused, DataTable) and screen.focused.id == "plan-sections"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen  # no editor: Enter edits from the plan's tree only
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_a_read_only_review_says_so_instead_of_opening_an_editor(home):
    app = await _open(home, "leicester-clas-review-2016", readonly=True)
    async with app.run_test(size=SIZE) as pilot:
        plan = await _list_screen(pilot, "a")
        assert isinstance(plan, ActionPlanScreen)
        await _action_highlighted(pilot)
        assert plan._selected_action() is not None
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is plan
        assert "This review is open read-only." in _notices(app)


async def test_the_follow_up_list_says_read_only_too(home):
    app = await _open(home, "baby-p-follow-up-review-2009", readonly=True)
    async with app.run_test(size=SIZE) as pilot:
        checklist = await _list_screen(pilot, "k")
        assert isinstance(checklist, FollowUpScreen)
        assert checklist.sub_title.endswith(": follow-up of earlier findings")
        assert isinstance(checklist.focused, DataTable)
        assert checklist.focused.id == "follow-up-table"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is checklist
        assert "This review is open read-only." in _notices(app)
