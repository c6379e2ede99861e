"""The action plan screen (a) and the follow-up checklist (k), driven as a person would: a whole
reporting round with two organisations' spreadsheets, edits of one action and of one earlier item."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from textual.widgets import Input, Select, SelectionList, Static, TextArea, Tree

from cqc_tui.core.action_plan import ActionPlan
from cqc_tui.core.exchange import import_review
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.screens.action_plan import ActionPlanScreen
from cqc_tui.tui.screens.follow_up import FollowUpScreen
from cqc_tui.tui.screens.review import ReviewScreen
from tests.tui.app_factory import AUTHOR, workspace

REPO = Path(__file__).resolve().parents[2]
SIZE = (120, 40)


def _app(home: Path, sample: str) -> tuple[CqcApp, object, str]:
    ws = workspace(home)
    _, review_id = import_review(ws, REPO / "sample_reviews" / f"{sample}.yaml")
    return CqcApp(ws, user=AUTHOR, open_review=review_id), ws, review_id


def _summary(app: CqcApp) -> str:
    return str(app.screen.query_one("#plan-summary", Static).render())


async def _type(pilot, widget_id: str, text: str) -> None:
    field = pilot.app.screen.query_one(widget_id, Input)
    field.value = text


def _fill(path: Path, status: str, note: str, rows: int) -> None:
    """Set the first `rows` open actions' status and note, as a person would in a spreadsheet."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Actions"]
    done = 0
    for row in range(2, ws.max_row + 1):
        if done < rows and ws.cell(row=row, column=7).value == "On track":
            ws.cell(row=row, column=7, value=status)
            ws.cell(row=row, column=8, value=note)
            done += 1
    wb.save(path)


async def test_a_reporting_round_in_the_app(home, tmp_path, monkeypatch):
    monkeypatch.chdir(
        tmp_path
    )  # paths are shown relative to the working folder, as a person started it there
    app, ws, review_id = _app(home, "leicester-clas-review-2016")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionPlanScreen)
        text = _summary(app)
        assert "Quarter 4 2016/17 · as at 2017-03-31" in text
        assert "143 completed, 28 on track, 1 behind; 3 overdue" in text

        await pilot.press("n")
        await pilot.pause()
        await _type(pilot, "#round-label", "Quarter 1 2017/18")
        await _type(pilot, "#round-as-at", "2017-06-31")
        await _type(pilot, "#round-due", "2017-07-21")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a real date" in str(app.screen.query_one(".form-error", Static).render())
        await _type(pilot, "#round-as-at", "2017-06-30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ActionPlanScreen)
        assert "Quarter 1 2017/18 · as at 2017-06-30" in _summary(app)
        assert "returns received 0 of 172" in _summary(app)

        sheets = {}
        for org, name in (
            ("University Hospitals of Leicester NHS Trust", "uhl"),
            ("Leicestershire Partnership NHS Trust", "lpt"),
        ):
            await pilot.press("x")
            await pilot.pause()
            app.screen.query_one("#returns-org", Select).value = org
            await pilot.pause()
            if name == "uhl":
                sheets[name] = tmp_path / f"{name}.xlsx"
                await _type(pilot, "#returns-path", str(sheets[name]))
            else:  # the default: the workspace's exports folder, made when first needed
                sheets[name] = (
                    home / "exports" / "leicestershire-partnership-nhs-trust-quarter-1-2017-18.xlsx"
                )
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ActionPlanScreen) and sheets[name].exists()
        _fill(sheets["uhl"], "Completed", "Done; audit attached", rows=2)
        _fill(sheets["lpt"], "Behind", "Waiting for staff [recruitment]", rows=1)

        broken = tmp_path / "broken.xlsx"
        wb = openpyxl.load_workbook(sheets["lpt"])
        wb["Actions"]["G2"] = "Finished"
        wb.save(broken)
        await pilot.press("i")
        await pilot.pause()
        await _type(pilot, "#returns-file", str(broken))
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(app.screen.query_one(".form-error", Static).render())
        assert (
            "Nothing was imported" in error and "sheet 'Actions' row 2: status 'Finished'" in error
        )
        await pilot.press("escape")
        await pilot.pause()

        for name in ("uhl", "lpt"):
            await pilot.press("i")
            await pilot.pause()
            await _type(pilot, "#returns-file", str(sheets[name]))
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ActionPlanScreen)
        text = _summary(app)
        assert "145 completed, 25 on track, 2 behind" in text
        assert "returns received 97 of 172; 3 changed since Quarter 4 2016/17" in text

        # The earlier round is shown unchanged with [.
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "Quarter 4 2016/17" in _summary(app) and "143 completed" in _summary(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()

        # Edit one action: the first action of the plan, whose node is under the first recommendation.
        tree = app.screen.query_one("#plan-tree", Tree)
        first = next(iter(app.screen.action_nodes.values()))
        first.parent.expand()
        await pilot.pause()
        tree.move_cursor(first)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#action-status", Select).value = "superseded"
        await _type(pilot, "#action-note", "Replaced by the county-wide plan")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "1 superseded" in _summary(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    with ws.open_id(review_id, readonly=True) as s:
        summary = ActionPlan.of(s).summary()
        assert summary.round.label == "Quarter 1 2017/18"
        assert summary.total.counts.get("superseded") == 1
        notes = [st.note for st in summary.states if st.note]
        assert "Waiting for staff [recruitment]" in notes


async def test_follow_up_checklist(home):
    app, ws, review_id = _app(home, "baby-p-follow-up-review-2009")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpScreen)
        before = str(app.screen.query_one("#follow-up-progress", Static).render())
        items = app.screen.items
        assert before.startswith(f"{len(items)} of {len(items)} checked")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#follow-up-status", Select).value = "not_checked"
        app.screen.query_one("#follow-up-text", TextArea).text = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(app.screen.query_one("#follow-up-progress", Static).render()).startswith(
            f"{len(items) - 1} of {len(items)} checked"
        )
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#follow-up-status", Select).value = "partly_put_right"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "short judgement" in str(app.screen.query_one(".form-error", Static).render())
        app.screen.query_one(
            "#follow-up-text", TextArea
        ).text = "Better, but <not> yet [consistent]."
        notes = app.screen.query_one("#follow-up-notes", SelectionList)
        notes.deselect_all()
        notes.select(notes.get_option_at_index(0).value)
        chosen = notes.get_option_at_index(0).value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpScreen)
    with ws.open_id(review_id, readonly=True) as s:
        item = min(
            (f for f in s.records("findings") if f.kind == "earlier_finding"), key=lambda f: f.order
        )
        assert (item.status, item.text, item.note_ids) == (
            "partly_put_right",
            "Better, but <not> yet [consistent].",
            (chosen,),
        )


async def test_new_review_started_from_an_earlier_one(home):
    ws = workspace(home)
    _, earlier_id = import_review(
        ws, REPO / "sample_reviews" / "birmingham-community-trust-inspection.yaml"
    )
    app = CqcApp(ws, user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#from-review", Select).value = earlier_id
        await pilot.pause()
        team = app.screen.query_one("#team", TextArea).text.splitlines()
        units = app.screen.query_one("#units", TextArea).text.splitlines()
        assert app.screen.query_one("#provider", Input).value.startswith(
            "Birmingham Community Healthcare"
        )
        assert len(units) == 6 and len(team) > 3
        app.screen.query_one("#title", Input).value = "BCHC re-inspection"
        app.screen.query_one("#review-type", Select).value = "focused"
        await pilot.pause()
        app.screen.query_one("#team", TextArea).text = "Ann Ford - Lead inspector"
        # Keep two of the earlier units and add a new one.
        app.screen.query_one("#units", TextArea).text = "\n".join(
            [units[0], units[1], "Dental services"]
        )
        await pilot.press("ctrl+s")
        for _ in range(50):
            await pilot.pause(0.05)
            if isinstance(app.screen, ReviewScreen):
                break
        assert isinstance(app.screen, ReviewScreen)
    new_id = next(r["id"] for r in ws.list_reviews() if r["title"] == "BCHC re-inspection")
    with ws.open_id(earlier_id, readonly=True) as old:
        kept = {u.id: u.label for u in old.scope_units() if u.label in units[:2]}
        old_ratings = {
            (kept[r.scope_unit], r.key_question, r.rating, r.rated_on)
            for r in old.records("ratings")
            if r.scope_unit in kept and r.source in ("this_review", "carried_forward")
        }
    with ws.open_id(new_id, readonly=True) as s:
        assert [m.name for m in s.members()] == ["Ann Ford"]
        labels = {u.id: u.label for u in s.scope_units()}
        assert sorted(labels.values()) == sorted([units[0], units[1], "Dental services"])
        previous = {
            (labels[r.scope_unit], r.key_question, r.rating, r.rated_on)
            for r in s.records("ratings")
            if r.source == "previous" and r.scope_unit
        }
        assert previous == old_ratings and previous
        items = [f for f in s.records("findings") if f.kind == "earlier_finding"]
        assert items and {f.status for f in items} == {"not_checked"}


async def test_actions_added_to_a_plan_with_none(home):
    app, ws, review_id = _app(home, "baby-p-follow-up-review-2009")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert "No actions yet" in _summary(app)
        tree = app.screen.query_one("#plan-tree", Tree)
        rec_id, node = next(iter(app.screen.rec_nodes.items()))
        node.parent.expand()
        await pilot.pause()
        tree.move_cursor(node)
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await _type(
            pilot, "#new-action-text", "Phone every referral through [same day] & record it"
        )
        await _type(pilot, "#new-action-due", "2009-09-30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "1 action, 1 recommendation, 1 section, 1 organisation" in _summary(
            app
        ) and "1 not started" in _summary(app)
        await pilot.press("n")
        await pilot.pause()
        await _type(pilot, "#round-label", "Quarter 2 2009/10")
        await _type(pilot, "#round-as-at", "2009-09-30")
        await _type(pilot, "#round-due", "2009-10-16")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Quarter 2 2009/10" in _summary(app)
    with ws.open_id(review_id, readonly=True) as s:
        [action] = s.records("actions")
        assert action.recommendation == rec_id and action.text.startswith("Phone every referral")
        assert len(s.records("action_updates")) == 1
