"""The command palette finds lines by exact code first: every code of every bundled framework."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqc_tui.core.model import Review, ScopeUnit
from cqc_tui.core.search import rank_lines
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.commands import ReviewCommands
from cqc_tui.tui.screens.review import ReviewScreen
from cqc_tui.tui.widgets.note_list import NoteList
from tests.tui.app_factory import AUTHOR, make_app, workspace

SIZE = (120, 40)
BUNDLED = workspace(Path("/nonexistent")).frameworks.all()


def test_rank_lines_exact_code_then_prefix_then_words():
    fw = next(f for f in BUNDLED if f.id == "kloe-healthcare")
    ranked = [ln.code for _, ln in rank_lines(fw.lines(), "E1")]
    assert ranked[0] == "E1"
    assert [ln.code for _, ln in rank_lines(fw.lines(), "e")][:6] == [
        "E1",
        "E2",
        "E3",
        "E4",
        "E5",
        "E6",
    ]
    assert rank_lines(fw.lines(), "medicines")[0][1].code == "S4"
    assert rank_lines(fw.lines(), "zzzz") == []


@pytest.mark.parametrize("framework_id", [f.id for f in BUNDLED])
async def test_typing_each_code_jumps_to_that_line(tmp_path, framework_id):
    ws = workspace(tmp_path / "home")
    unit = ScopeUnit(code="u", label="Unit", order=1)
    review_type = ws.frameworks.get(framework_id).review_types[0]
    session = ws.create(
        Review(title=f"Palette {framework_id}", review_type=review_type, framework_id=framework_id),
        [],
        [unit],
        user=AUTHOR,
    )
    rid = session.review.id
    session.close()
    app = CqcApp(ws, user=AUTHOR, open_review=rid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        provider = ReviewCommands(screen)
        codes = [ln.code for ln in screen.framework.lines()]
        assert codes
        for typed in codes:
            hits = provider.hits(screen, typed)
            best = max(hits, key=lambda h: h.score)
            # typed in lower case, the same line comes first
            lower = max(provider.hits(screen, typed.lower()), key=lambda h: h.score)
            assert lower.text == best.text, (typed, lower.text, best.text)
            best.command()
            await pilot.pause()
            assert screen.line is not None and screen.line.code == typed, (
                typed,
                screen.line.code if screen.line else None,
            )


async def test_palette_typed_codes_go_to_the_line_not_a_fuzzy_match(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        for code in ("E1", "E3", "W8", "c2"):
            await pilot.press("ctrl+p")
            await pilot.press(*code)
            await pilot.pause(0.4)
            await pilot.press("enter")
            await pilot.pause()
            assert screen.line.code == code.upper()
        # a note is found by a name typed without its accents, and the list shows it
        session = screen.session
        note = session.add_note(
            lines=["R2"], scope_unit="", text="Siân Łukasiewicz explained the interpreter service."
        )
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"lukasiewicz")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.line.code == "R2"
        assert screen.query_one(NoteList).current.id == note.id


async def test_a_note_hit_says_when_it_was_seen_who_and_where_it_is_filed(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        unit = next(iter(screen.units.values()))
        screen.session.add_note(
            lines=["S4", "W4"],
            scope_unit=unit.id,
            text="Medicines fridge out of range twice, not escalated.",
            author="Siân Łukasiewicz",
            observed="2018-01-21T16:45:00.000Z",
        )
        await pilot.pause()
        hits = ReviewCommands(screen).hits(screen, "fridge")
        notes = [h for h in hits if str(h.text).startswith("Note:")]
        assert len(notes) == 1
        assert notes[0].help == f"2018-01-21 16:45 · Siân Łukasiewicz · S4, W4 · {unit.label}"
