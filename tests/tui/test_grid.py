"""The ratings grid screen: built once when it opens, rebuilt when the terminal's width changes."""

from __future__ import annotations

from textual.widgets import DataTable

from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.screens.grid import RatingsGridScreen
from cqc_tui.tui.widgets.text_pane import TextPane
from tests.tui.app_factory import AUTHOR, UNIT_IDS, make_workspace, workspace


async def test_grid_is_built_once_and_again_for_a_new_width(home, monkeypatch):
    ws, rid = make_workspace(home)
    with ws.open_id(rid, user=AUTHOR) as s:
        s.set_rating(UNIT_IDS[0], "safe", "requires_improvement", rated_on="2018-01-26")
    builds = []
    reload = RatingsGridScreen.reload

    def counting_reload(self, force=False):
        builds.append(self.app.size.width)
        reload(self, force)

    monkeypatch.setattr(RatingsGridScreen, "reload", counting_reload)
    app = CqcApp(workspace(home), user=AUTHOR, open_review=rid)
    async with app.run_test(size=(170, 40)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.pause()
        grid = app.screen
        assert isinstance(grid, RatingsGridScreen)
        assert builds == [170]  # not again for the Resize a new screen gets after its first layout
        table = grid.query_one(DataTable)
        assert table.cursor_coordinate == (0, 1)
        assert str(table.get_cell_at((0, 1))).startswith(" Req. improvement ")
        await pilot.press("right")
        await pilot.pause()

        assert not grid.tiny
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert builds == [170, 120]
        assert grid.tiny
        assert str(table.get_cell_at((0, 1))).startswith(" RI ")  # the narrow labels
        assert table.cursor_coordinate == (0, 2)  # the cursor stays on its cell

        await pilot.resize_terminal(120, 30)  # taller or shorter: the columns do not change
        await pilot.pause()
        assert builds == [170, 120]


async def test_grid_readiness_is_checked_after_the_grid_is_drawn(home):
    _ws, rid = make_workspace(home)
    app = CqcApp(workspace(home), user=AUTHOR, open_review=rid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        text = app.screen.query_one("#grid-readiness", TextPane)
        assert "checking ..." in text.plain
        for _ in range(200):  # in a worker, 0.3 s after the grid is up
            if "checking" not in text.plain:
                break
            await pilot.pause(0.05)
        shown = text.plain
        assert "error(s)" in shown or "No problems found" in shown
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("g")  # nothing saved since: the findings are shown at once
        await pilot.pause()
        assert app.screen.query_one("#grid-readiness", TextPane).plain == shown


async def test_the_grid_is_reused_and_shows_what_was_saved_since(home):
    _ws, rid = make_workspace(home)
    app = CqcApp(workspace(home), user=AUTHOR, open_review=rid)
    async with app.run_test(size=(170, 40)) as pilot:
        await pilot.pause()
        review = app.screen
        await pilot.press("g")
        await pilot.pause()
        grid = app.screen
        assert isinstance(grid, RatingsGridScreen)
        table = grid.query_one(DataTable)
        assert str(table.get_cell_at((0, 1))).startswith(" – ")
        await pilot.press("escape")
        await pilot.pause()
        review.session.set_rating(UNIT_IDS[0], "safe", "good", rated_on="2018-01-26")
        await pilot.press("g")
        await pilot.pause()
        assert app.screen is grid  # the same screen, filled again
        assert str(grid.query_one(DataTable).get_cell_at((0, 1))).startswith(" Good ")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # closing the review lets the grid go
        await pilot.pause()
        assert not app.is_screen_installed(f"ratings-grid-{id(review.session)}")
