"""Opening a review asks for, or remembers, the scope unit the inspector is working on."""

from __future__ import annotations

import json

import pytest

from cqc_tui.core import ui_state
from cqc_tui.core.search import ALL
from cqc_tui.core.ui_state import STATE_FILE
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.dialogs.note_editor import WHOLE_REVIEW, NoteEditor
from cqc_tui.tui.dialogs.unit_picker import UnitPickerDialog
from cqc_tui.tui.dialogs.who_are_you import WhoAreYouDialog
from cqc_tui.tui.screens.review import ReviewScreen
from tests.tui.app_factory import AUTHOR, REVIEW_ID, UNIT_IDS, make_workspace, workspace

SMALL = (80, 24)


@pytest.fixture(autouse=True)
def _ask(monkeypatch):
    monkeypatch.setattr(CqcApp, "ASK_SCOPE_UNIT", True)


def _app(home, user: str | None = AUTHOR) -> CqcApp:
    return CqcApp(workspace(home), user=user, open_review=REVIEW_ID)


async def _wait_for(pilot, test, tries: int = 100) -> None:
    for _ in range(tries):
        if test():
            return
        await pilot.pause(0.05)
    raise AssertionError("waited in vain")


def _remembered(home) -> dict:
    return json.loads((home / STATE_FILE).read_text(encoding="utf-8"))["units"]


async def test_first_open_asks_and_enter_takes_the_highlighted_unit_for_the_next_note(home):
    make_workspace(home)
    app = _app(home)
    async with app.run_test(size=SMALL) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, UnitPickerDialog))
        picker = app.screen
        title = str(picker.query_one(".dialog-title").render())
        assert "Which core service are you working on?" in title
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.scope_unit == UNIT_IDS[0]
        await pilot.press("n")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one("#note-unit").value == UNIT_IDS[0]
        await pilot.press("escape")
        await pilot.pause()
    assert _remembered(home) == {REVIEW_ID: UNIT_IDS[0]}
    # the next time: no question, back on that unit
    app = _app(home)
    async with app.run_test(size=SMALL) as pilot:
        await _wait_for(
            pilot,
            lambda: isinstance(app.screen, ReviewScreen) and app.screen.scope_unit == UNIT_IDS[0],
        )
        await pilot.pause(0.2)
        assert isinstance(app.screen, ReviewScreen)


async def test_escape_is_the_whole_review_and_is_remembered_too(home):
    make_workspace(home)
    app = _app(home)
    async with app.run_test(size=SMALL) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, UnitPickerDialog))
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.scope_unit == ALL
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#note-unit").value == WHOLE_REVIEW
        await pilot.press("escape")
        await pilot.pause()
    assert _remembered(home) == {REVIEW_ID: ALL}
    app = _app(home)
    async with app.run_test(size=SMALL) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReviewScreen)  # not asked again


async def test_a_digit_picks_the_unit_with_that_number(home):
    make_workspace(home)
    app = _app(home)
    async with app.run_test(size=SMALL) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, UnitPickerDialog))
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.scope_unit == UNIT_IDS[1]


async def test_who_you_are_is_asked_first_then_the_unit(home):
    make_workspace(home)
    app = _app(home, user=None)
    async with app.run_test(size=SMALL) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, WhoAreYouDialog))
        await pilot.press("enter")  # the first member: Ann Ford
        await _wait_for(pilot, lambda: isinstance(app.screen, UnitPickerDialog))
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.scope_unit == UNIT_IDS[1]


async def test_a_review_without_units_or_opened_read_only_asks_nothing(home):
    ws, _ = make_workspace(home)
    session = ws.open_id(REVIEW_ID)
    try:
        for unit_id in UNIT_IDS:
            session.delete("scope_units", unit_id)
    finally:
        session.close()
    app = _app(home)
    async with app.run_test(size=SMALL) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReviewScreen)


async def test_stepping_through_units_writes_the_file_once(home, monkeypatch):
    make_workspace(home)
    writes: list[str] = []
    real = ui_state.atomic_write_bytes

    def counted(path, data):
        writes.append(data.decode("utf-8"))
        real(path, data)

    monkeypatch.setattr(ui_state, "atomic_write_bytes", counted)
    app = _app(home)
    async with app.run_test(size=SMALL) as pilot:
        # long enough that no write is due while the keys are pressed, even on a loaded machine
        app.remembered_units.save_delay = 3.0
        await _wait_for(pilot, lambda: isinstance(app.screen, UnitPickerDialog))
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(5):
            await pilot.press("right_square_bracket")
        assert writes == []  # nothing on the UI thread at each key
        for _ in range(80):  # one write, some 3 s after the last key
            if writes:
                break
            await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        assert len(writes) == 1
        assert json.loads(writes[0])["units"] == {REVIEW_ID: app.screen.scope_unit}


async def test_a_damaged_state_file_is_one_warning_and_the_review_opens(home):
    make_workspace(home)
    (home / STATE_FILE).write_text('{"units": {"', encoding="utf-8")
    app = _app(home)
    async with app.run_test(size=SMALL) as pilot:
        await _wait_for(pilot, lambda: isinstance(app.screen, UnitPickerDialog))
        warnings = [n for n in app._notifications if n.title == "Remembered scope units"]
        assert len(warnings) == 1
        assert STATE_FILE in warnings[0].message and "damaged" in warnings[0].message
        assert "\n" not in warnings[0].message
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.scope_unit == UNIT_IDS[0]
    assert _remembered(home) == {REVIEW_ID: UNIT_IDS[0]}  # written afresh


def test_unit_picker_small_terminal(snap_compare, home):
    make_workspace(home)

    async def run_before(pilot):
        for _ in range(100):
            if isinstance(pilot.app.screen, UnitPickerDialog):
                break
            await pilot.pause(0.05)
        await pilot.pause()

    assert snap_compare(_app(home), terminal_size=SMALL, run_before=run_before)
