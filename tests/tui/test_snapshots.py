"""Snapshot tests (pytest-textual-snapshot). Ids, times, author and paths are fixed by app_factory.

Update after an intended change with: .venv/bin/pytest tests/tui/test_snapshots.py --snapshot-update
and look at the pictures (tests/tui/__snapshots__/) before committing them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cqc_tui.core.model import Finding
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.dialogs import new_review, note_editor
from cqc_tui.tui.widgets.text_pane import TextPane
from tests.tui.app_factory import (
    AUTHOR,
    REVIEW_ID,
    TRICKY,
    UNIT_IDS,
    make_app,
    make_workspace,
    workspace,
)


class _FixedDate(date):
    @classmethod
    def today(cls) -> date:
        return date(2018, 1, 22)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.chdir(
        tmp_path
    )  # paths on screen are shown relative to here: 'home', 'anytown-....docx'
    # the clock stands still: a new note is seen, and a new review starts, at a fixed time
    monkeypatch.setattr(note_editor, "observed_now", lambda: "2018-01-22T09:30:00.000Z")
    monkeypatch.setattr(new_review, "date", _FixedDate)
    return tmp_path / "home"


def test_home_screen(snap_compare, home):
    assert snap_compare(make_app(home), terminal_size=(120, 30))


def test_review_screen(snap_compare, home):
    assert snap_compare(make_app(home, open_review=True), terminal_size=(120, 40))


def test_review_screen_small_terminal(snap_compare, home):
    assert snap_compare(make_app(home, open_review=True), terminal_size=(80, 24))


def test_note_editor(snap_compare, home):
    async def run_before(pilot):
        await pilot.press("right_square_bracket", "n")
        await pilot.pause()
        pilot.app.screen.query_one("#note-text").insert(TRICKY)
        await pilot.pause()

    assert snap_compare(
        make_app(home, open_review=True), terminal_size=(120, 40), run_before=run_before
    )


def test_ratings_grid(snap_compare, home):
    ws, rid = make_workspace(home)
    with ws.open_id(rid, user=AUTHOR) as s:
        notes = [n.id for n in s.notes() if n.scope_unit == UNIT_IDS[0]]
        s.set_rating(
            UNIT_IDS[0],
            "safe",
            "requires_improvement",
            rationale="Out-of-date policies.",
            note_ids=notes[:2],
            rated_on="2018-01-26",
        )
        s.set_rating(UNIT_IDS[0], "effective", "good", rated_on="2018-01-26")
        s.set_rating(UNIT_IDS[1], "safe", "outstanding", rated_on="2018-01-26")
        s.set_rating(UNIT_IDS[1], "effective", "inadequate", rated_on="2018-01-26")
    app = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)

    async def run_before(pilot):
        await pilot.press("g")
        text = pilot.app.screen.query_one("#grid-readiness", TextPane)
        for _ in range(200):  # readiness runs in a worker
            if "checking" not in text.plain:
                break
            await pilot.pause(0.05)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_export_dialog(snap_compare, home, monkeypatch):
    home.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(
        home
    )  # the default path (exports/ in the workspace) is shown relative to here
    assert snap_compare(make_app(home, open_review=True), terminal_size=(120, 40), press=["x"])


def _rating_workspace(home):
    """The review with a dozen more safe notes for the first core service (so the evidence list
    scrolls), one of them in several scripts, and a rating citing two notes."""
    from tests.tui.app_factory import stamp

    ws, rid = make_workspace(home)
    with ws.open_id(rid, user=AUTHOR) as s:
        for i in range(12):
            s.add_note(
                id=f"00000000-0000-4000-8000-0000000002{i:02d}",
                created=stamp(20 + i),
                lines=["S3"],
                scope_unit=UNIT_IDS[0],
                source="staff",
                polarity="neutral",
                author=AUTHOR,
                text=TRICKY
                if i == 5
                else f"Staffing note {i}: the rota showed two nurses short on "
                f"{i + 1} nights; the ward manager covered the gap.",
            )
        notes = sorted(
            n.id for n in s.notes() if n.scope_unit == UNIT_IDS[0] and n.key_question == "safe"
        )
        s.set_rating(
            UNIT_IDS[0],
            "safe",
            "requires_improvement",
            rationale="Out-of-date policies.",
            note_ids=notes[:2],
            rated_on="2018-01-26",
        )
    return CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)


def test_rating_dialog(snap_compare, home):
    async def run_before(pilot):
        await pilot.press("right_square_bracket", "r")
        await pilot.pause()

    assert snap_compare(_rating_workspace(home), terminal_size=(120, 40), run_before=run_before)


def test_rating_dialog_small_terminal(snap_compare, home):
    async def run_before(pilot):
        await pilot.press("right_square_bracket", "r")
        await pilot.pause()

    assert snap_compare(_rating_workspace(home), terminal_size=(80, 24), run_before=run_before)


# ----------------------------------------------------------------------------- 80x24, every screen and dialog
SMALL = (80, 24)


def test_home_screen_small_terminal(snap_compare, home):
    assert snap_compare(make_app(home), terminal_size=SMALL)


def test_new_review_dialog_small_terminal(snap_compare, home):
    assert snap_compare(make_app(home), terminal_size=SMALL, press=["n"])


def test_note_editor_small_terminal(snap_compare, home):
    async def run_before(pilot):
        await pilot.press("right_square_bracket", "n")
        await pilot.pause()
        pilot.app.screen.query_one("#note-text").insert(TRICKY)
        pilot.app.screen.query_one("#note-also").value = "W5"
        await pilot.pause()

    assert snap_compare(
        make_app(home, open_review=True), terminal_size=SMALL, run_before=run_before
    )


def test_ratings_grid_small_terminal(snap_compare, home):
    async def run_before(pilot):
        await pilot.press("g")
        text = pilot.app.screen.query_one("#grid-readiness", TextPane)
        for _ in range(200):  # readiness runs in a worker
            if "checking" not in text.plain:
                break
            await pilot.pause(0.05)
        await pilot.pause()

    app = make_app(home, open_review=True)
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_findings_screen_small_terminal(snap_compare, home):
    ws, rid = make_workspace(home)
    with ws.open_id(rid, user=AUTHOR) as s:
        s.add(
            Finding,
            kind="finding",
            key_question="safe",
            scope_unit=UNIT_IDS[0],
            heading="Safeguarding policy out of date",
            text="The ward's policy was last reviewed in 2014.",
            status="not_put_right",
        )
    app = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)
    assert snap_compare(app, terminal_size=SMALL, press=["f"])


def test_readiness_screen_small_terminal(snap_compare, home):
    async def run_before(pilot):
        await pilot.press("R")
        for _ in range(200):  # the checks run in a worker
            if pilot.app.screen.query_one("#readiness-table").row_count:
                break
            await pilot.pause(0.05)
        await pilot.pause()

    assert snap_compare(
        make_app(home, open_review=True), terminal_size=SMALL, run_before=run_before
    )


def test_help_small_terminal(snap_compare, home):
    assert snap_compare(make_app(home, open_review=True), terminal_size=SMALL, press=["f1"])


def test_export_dialog_small_terminal(snap_compare, home, monkeypatch):
    home.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(home)
    assert snap_compare(make_app(home, open_review=True), terminal_size=SMALL, press=["x"])


def test_review_details_small_terminal(snap_compare, home):
    assert snap_compare(make_app(home, open_review=True), terminal_size=SMALL, press=["i"])


# -- 80x24: the list screens and dialogs not pictured above --------------------------------

SAMPLES = Path(__file__).resolve().parents[2] / "sample_reviews"


def _sample_app(home, sample: str) -> CqcApp:
    from cqc_tui.core.exchange import import_review

    ws = workspace(home)
    _status, review_id = import_review(ws, SAMPLES / f"{sample}.yaml")
    return CqcApp(ws, user=AUTHOR, open_review=review_id)


async def _until(pilot, condition) -> None:
    for _ in range(200):
        if condition():
            break
        await pilot.pause(0.05)
    await pilot.pause()


def test_finding_editor_small_terminal(snap_compare, home):
    assert snap_compare(make_app(home, open_review=True), terminal_size=SMALL, press=["f", "a"])


def test_enforcement_editor_small_terminal(snap_compare, home):
    app = make_app(home, open_review=True)
    assert snap_compare(app, terminal_size=SMALL, press=["f", "3", "a"])


def test_score_dialog_small_terminal(snap_compare, home):
    from tests.tui.test_dialog_escape import single_assessment_app

    app = single_assessment_app(home)
    assert snap_compare(app, terminal_size=SMALL, press=["right_square_bracket", "S"])


def test_action_plan_screen_small_terminal(snap_compare, home):
    app = _sample_app(home, "leicester-clas-review-2016")
    assert snap_compare(app, terminal_size=SMALL, press=["a"])


def test_follow_up_screen_small_terminal(snap_compare, home):
    app = _sample_app(home, "baby-p-follow-up-review-2009")
    assert snap_compare(app, terminal_size=SMALL, press=["k"])


def test_cite_note_dialog_small_terminal(snap_compare, home):
    from cqc_tui.tui.dialogs.cite_note import CiteNoteDialog
    from cqc_tui.tui.dialogs.section_editor import SectionEditor
    from tests.tui.test_report_outline import go_to, open_outline

    async def run_before(pilot) -> None:
        screen = await open_outline(pilot.app, pilot)
        await go_to(pilot, screen, "Summary of findings")
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(pilot.app.screen, SectionEditor))
        await pilot.press("f2")
        await _until(pilot, lambda: isinstance(pilot.app.screen, CiteNoteDialog))

    app = make_app(home, open_review=True)
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
