"""The readiness screen starts its checks at once and shows it is busy, never an empty table."""

from __future__ import annotations

import threading

from textual.widgets import DataTable

from cqc_tui.tui import readiness_job
from cqc_tui.tui.screens.readiness import ReadinessScreen
from tests.tui.app_factory import make_app

SIZE = (120, 40)


async def test_checks_start_on_open_and_the_table_is_busy_until_they_end(home, monkeypatch):
    gate = threading.Event()
    started = threading.Event()
    real = readiness_job.snapshot

    def gated(session):
        run = real(session)

        def held(*args):
            started.set()
            gate.wait(10)
            return run(*args)

        return held

    monkeypatch.setattr(readiness_job, "snapshot", gated)
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.action_readiness()
        for _ in range(200):
            if started.is_set():
                break
            await pilot.pause(0.02)
        assert started.is_set()
        screen = app.screen
        assert isinstance(screen, ReadinessScreen)
        table = screen.query_one(DataTable)
        assert table.loading
        assert "Checking the review (5 notes)" in str(
            screen.query_one("#readiness-summary").render()
        )
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not table.loading
        assert table.row_count > 0


async def test_checked_before_the_screen_opens_again_at_once_with_the_findings(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.action_readiness()
        await app.workers.wait_for_complete()
        await pilot.pause()
        first = app.screen
        assert isinstance(first, ReadinessScreen)
        shown = str(first.query_one("#readiness-summary").render())
        rows = first.query_one(DataTable).row_count
        assert "error(s)" in shown and rows > 0
        await pilot.press("escape")
        await pilot.pause()
        app.screen.action_readiness()  # nothing saved since: the findings are cached
        await pilot.pause()
        again = app.screen
        assert isinstance(again, ReadinessScreen) and again is not first
        assert str(again.query_one("#readiness-summary").render()) == shown
        assert again.query_one(DataTable).row_count == rows


def test_the_apps_checks_follow_the_review_type_as_the_command_line_does(home):
    """The app checks readiness off its UI thread from copied tables: it must take the review
    type into account as `readiness.check` does. A focused inspection that recorded nothing at the
    provider level is not asked for the trust's well-led rating, in the app as on the command
    line; a comprehensive one is, in both."""
    from cqc_tui.core import readiness
    from tests.tui.app_factory import AUTHOR, make_workspace

    ws, review_id = make_workspace(home)
    for review_type in ("comprehensive", "focused"):
        with ws.open_id(review_id, user=AUTHOR) as session:
            session.update("review", review_id, review_type=review_type)
        with ws.open_id(review_id, readonly=True) as session:
            app_side = [(f.code, f.message) for f in readiness_job.snapshot(session)()]
            core_side = [(f.code, f.message) for f in readiness.check(session)]
        assert app_side == [finding for finding in core_side if finding in app_side]
        provider_well_led = [
            message
            for code, message in app_side
            if code == "unrated" and "provider level" in message
        ]
        assert bool(provider_well_led) == (review_type == "comprehensive"), review_type
