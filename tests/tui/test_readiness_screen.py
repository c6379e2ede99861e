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
        assert "Checking the review (5 notes)" in str(screen.query_one("#readiness-summary").render())
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not table.loading
        assert table.row_count > 0
