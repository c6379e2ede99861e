"""Pilot tests: drive the app by keyboard and check what is STORED (reopened via Workspace)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input, Select, SelectionList, Static, TextArea, Tree

from cqc_tui.core.exchange import write_dump
from cqc_tui.core.workspace import Workspace
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.dialogs.note_editor import NoteEditor
from cqc_tui.tui.dialogs.open_notices import OpenNoticesDialog
from cqc_tui.tui.dialogs.rating import RatingDialog
from cqc_tui.tui.screens.home import HomeScreen
from cqc_tui.tui.screens.review import ReviewScreen
from cqc_tui.tui.widgets.note_list import NoteList
from tests.tui.app_factory import (
    AUTHOR,
    REVIEW_ID,
    TRICKY,
    UNIT_IDS,
    make_app,
    make_workspace,
    workspace,
)

SIZE = (120, 40)


async def until(pilot, condition, timeout: float = 10.0) -> None:
    """Wait (for workers, timers) until condition() holds."""
    import time

    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out waiting"
        await pilot.pause(0.05)


def stored(home: Path, review_id: str = REVIEW_ID):
    """Open the review read-only from disk, as another process would."""
    return workspace(home).open_id(review_id, readonly=True, user=AUTHOR)


def screen_text(widget) -> str:
    return str(widget.render())


def note_list_text(notes: NoteList) -> str:
    return "\n".join(
        notes.render_line(y).text for y in range(min(notes.size.height, 2 * len(notes.notes)))
    )


async def test_create_review_by_keyboard(home):
    ws = workspace(home)
    app = CqcApp(ws, user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"River")
        app.screen.query_one("#title", Input).insert_text_at_cursor("side [Trust] & Co")
        start = app.screen.query_one("#start", Input)
        start.value = "2018-01-22"
        app.screen.query_one("#end", Input).value = "2018-01-26"
        app.screen.query_one("#provider", Input).value = "Riverside NHS Trust"
        app.screen.query_one(
            "#team", TextArea
        ).text = "Ann Ford - Lead inspector\nBen Okafor - Inspector"
        app.screen.query_one("#units", TextArea).text = "Urgent and emergency care\nMedical care"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    reviews = Workspace(home).list_reviews()
    assert [r["title"] for r in reviews] == ["Riverside [Trust] & Co"]
    with Workspace(home).open_id(reviews[0]["id"], readonly=True) as s:
        assert s.review.review_type == "comprehensive"
        assert s.review.start_date == "2018-01-22" and s.review.provider == "Riverside NHS Trust"
        assert [(m.name, m.role) for m in s.members()] == [
            ("Ann Ford", "Lead inspector"),
            ("Ben Okafor", "Inspector"),
        ]
        assert [u.label for u in s.scope_units()] == ["Urgent and emergency care", "Medical care"]


async def test_new_review_form_reports_errors(home):
    app = CqcApp(workspace(home), user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "title" in screen_text(app.screen.query_one("#form-error", Static))
        await pilot.press(*"X")
        app.screen.query_one("#start", Input).value = "22/01/2018"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "YYYY-MM-DD" in screen_text(app.screen.query_one("#form-error", Static))
        assert app.screen.focused is app.screen.query_one("#start", Input)
        app.screen.query_one("#start", Input).value = "2018-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "'2018-02-30' is not a real date" in screen_text(
            app.screen.query_one("#form-error", Static)
        )
        app.screen.query_one("#start", Input).value = "2018-01-26"
        app.screen.query_one("#end", Input).value = "2018-01-22"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "end date 2018-01-22 is before the start date 2018-01-26" in screen_text(
            app.screen.query_one("#form-error", Static)
        )
        assert app.screen.focused is app.screen.query_one("#end", Input)
        await pilot.press("escape")  # what was typed is not thrown away unasked
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert Workspace(home).list_reviews() == []


async def test_add_edit_delete_restore_note(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one("#note-text", TextArea).insert(TRICKY)
        await pilot.press("f3", "f3", "f3")  # neutral -> negative -> concern -> positive
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        notes = screen.query_one(NoteList)
        new = notes.current
        assert new is not None and new.text == TRICKY and new.polarity == "positive"
        # shows intact in the list and the detail pane
        assert TRICKY in screen.query_one("#note-detail").plain
        assert "[bold]not[/] <w:t> &" in note_list_text(notes)
        # edit
        await pilot.press("e")
        await pilot.pause()
        area = app.screen.query_one("#note-text", TextArea)
        area.move_cursor(area.document.end)
        await pilot.press(*" edited")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # delete
        await pilot.press("d")
        await pilot.pause()
        assert all(n.id != new.id for n in notes.notes)
    with stored(home) as s:
        note = s.store.get("notes", new.id)
        assert note.text == TRICKY + " edited"
        assert note.lines == ("S1",) and note.scope_unit == "" and note.author == AUTHOR
        assert note.deleted and note.rev == 3
    # restore in a second session
    app = make_app(home / "unused", open_review=False)
    app = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("D", "v", "home")
        await pilot.pause()
        notes = screen.query_one(NoteList)
        assert notes.current.id == new.id and notes.current.deleted
        assert "DELETED" in note_list_text(notes)
        await pilot.press("u")
        await pilot.pause()
    with stored(home) as s:
        assert not s.store.get("notes", new.id).deleted


async def test_note_in_scope_unit_and_line(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("right_square_bracket")  # first scope unit
        await pilot.pause()
        assert screen.scope_unit == UNIT_IDS[0]
        assert len(screen.query_one(NoteList).notes) == 2  # S1 notes in children's services
        await pilot.press("down")  # S2
        await pilot.pause()
        assert screen.line.code == "S2"
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Call-back")
        app.screen.query_one("#note-text", TextArea).insert(" log not reviewed")
        await pilot.press("f2")  # observation -> staff
        await pilot.press("ctrl+s")
        await pilot.pause()
    with stored(home) as s:
        note = next(n for n in s.notes() if n.text == "Call-back log not reviewed")
        assert note.lines == ("S2",) and note.key_question == "safe"
        assert note.scope_unit == UNIT_IDS[0] and note.source == "staff"


async def test_empty_note_is_not_saved(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert "empty" in screen_text(app.screen.query_one("#note-error", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    with stored(home) as s:
        assert len(s.notes()) == 5


async def test_cancel_with_text_asks_first(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"half a thought")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    with stored(home) as s:
        assert len(s.notes()) == 5 and not [d for d in s.open_drafts()]


async def test_draft_autosaves_and_is_offered_back(home):
    app = make_app(home, open_review=True, autosave_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Typed")
        app.screen.query_one("#note-text", TextArea).insert(" before the crash")
        await pilot.pause(0.3)
        # the app goes away without saving (as after a crash)
    with stored(home) as s:
        drafts = s.open_drafts()
        assert [d.fields["text"] for d in drafts] == ["Typed before the crash"]
    app = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one("#note-text", TextArea).text == "Typed before the crash"
        await pilot.press("ctrl+s")
        await pilot.pause()
    with stored(home) as s:
        assert any(n.text == "Typed before the crash" and n.lines == ("S1",) for n in s.notes())
        assert s.open_drafts() == []


async def test_rating_with_linked_evidence_changes_grid(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("right_square_bracket")  # children and young people
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RatingDialog)
        await pilot.press("enter")  # open the rating list
        await pilot.press("down", "down", "down", "enter")  # -> requires improvement
        await pilot.pause()
        assert dialog.query_one("#rating-value", Select).value == "requires_improvement"
        await pilot.press("tab")  # rationale
        await pilot.press(*"Old")
        dialog.query_one("#rating-rationale", TextArea).insert(" policies; waits too long.")
        notes = dialog.query_one(SelectionList)
        notes.focus()
        await pilot.press("space", "down", "space")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        label = str(screen.navigator.kq_nodes["safe"].label)
        assert "Requires improvement" in label
        await pilot.press("g")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        cell = table.get_cell_at((0, 1))
        assert str(cell).startswith(" RI ") and "a RI" in str(
            cell
        )  # final on its colour; agreed below
    with stored(home) as s:
        ratings = s.records("ratings")
        assert len(ratings) == 1
        r = ratings[0]
        assert (r.scope_unit, r.key_question, r.rating) == (
            UNIT_IDS[0],
            "safe",
            "requires_improvement",
        )
        assert r.rationale == "Old policies; waits too long."
        assert len(r.note_ids) == 2
        linked = {s.store.get("notes", i).text for i in r.note_ids}
        assert linked <= {
            n.text for n in s.notes() if n.scope_unit == UNIT_IDS[0] and n.key_question == "safe"
        }


async def test_grid_rates_a_cell_with_enter(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RatingDialog)
        app.screen.query_one("#rating-value", Select).value = "good"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "a G" in str(app.screen.query_one(DataTable).get_cell_at((0, 1)))
    with stored(home) as s:
        assert [(r.scope_unit, r.key_question, r.rating) for r in s.records("ratings")] == [
            (UNIT_IDS[0], "safe", "good")
        ]


async def test_search_and_filters(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        notes = screen.query_one(NoteList)
        await pilot.press("slash")
        await pilot.press(*"call back")
        await pilot.pause()
        assert [n.text for n in notes.notes] == ["A parent waited four hours for a call back."]
        assert "whole review" in screen_text(screen.query_one("#list-status", Static))
        await pilot.press("escape")  # clears the search
        await pilot.pause()
        assert screen.evidence.filter.text == "" and len(notes.notes) == 3  # S1, all units
        screen.query_one("#f-polarity", Select).value = "concern"
        await pilot.pause()
        assert [n.polarity for n in notes.notes] == ["concern"]
        screen.query_one("#f-polarity", Select).value = "__any__"
        screen.query_one("#f-source", Select).value = "record_review"
        await pilot.pause()
        assert [n.source for n in notes.notes] == ["record_review"]


async def test_command_palette_jumps_to_kloe_and_note(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"S4")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.line.code == "S4"
        await pilot.press("ctrl+p")
        await pilot.press(*"NICE guidance")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.line.code == "E1"
        assert (
            screen.query_one(NoteList).current.text == "Care pathways follow current NICE guidance."
        )


async def test_findings_and_recommendations(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        tabs = app.screen.query_one("#findings-tabs")
        assert [str(tabs.get_tab(t).label) for t in ("findings", "recommendations")] == [
            "1 Findings: 0",
            "2 Recommendations: 0",
        ]  # the keys, then how many (not a count of 1 and 2)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Policies")
        app.screen.query_one(
            "#finding-text", TextArea
        ).text = "Out of date on two wards [sic] & <b>."
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("2")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Review")
        app.screen.query_one("#rec-text", TextArea).insert(" safeguarding policies annually")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [str(tabs.get_tab(t).label) for t in ("findings", "recommendations")] == [
            "1 Findings: 1",
            "2 Recommendations: 1",
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    with stored(home) as s:
        (f,) = s.records("findings")
        assert (f.heading, f.text, f.key_question) == (
            "Policies",
            "Out of date on two wards [sic] & <b>.",
            "safe",
        )
        (r,) = s.records("recommendations")
        assert (r.kind, r.text, r.owner) == (
            "must_do",
            "Review safeguarding policies annually",
            "Anytown Community NHS Trust",
        )


async def test_archive_and_import(home, tmp_path):
    ws, rid = make_workspace(home)
    with ws.open_id(rid, readonly=True) as s:
        write_dump(s.store.tables, tmp_path / "review.yaml")
    other = tmp_path / "other"
    app = CqcApp(workspace(other), user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one(Input).value = str(
            tmp_path / "missing.yaml"
        )  # a typed path, set at once
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert Workspace(other).list_reviews() == []
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "review.yaml")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("i")  # again: it is already here, so the app asks before replacing
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "review.yaml")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.screen.query_one(DataTable).row_count == 1
        await pilot.press("a")
        await pilot.pause()
    (summary,) = Workspace(other).list_reviews()
    assert summary["archived"] is True and summary["notes"] == 5
    assert len(list((other / "trash").iterdir())) == 1  # the replaced copy


async def test_readiness_screen_lists_checks(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("R")
        table = app.screen.query_one(DataTable)
        await until(pilot, lambda: table.row_count > 0)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_export_writes_the_report(home, tmp_path):
    pytest.importorskip("cqc_tui.report")
    out = tmp_path / "out" / "report.docx"
    out.parent.mkdir()
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = screen_text(app.screen.query_one("#export-status", Static))
        assert str(out) in status, status
        assert app.screen.query_one("ProgressBar").progress == 100
    assert out.exists() and out.stat().st_size > 1000
    from docx import Document

    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Anytown Community NHS Trust" in text


async def test_help_and_small_terminal(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert "New note" in screen_text(app.screen.query_one("#help-keys", Static))
        await pilot.press("escape")
        await pilot.press("down", "down", "n")
        await pilot.pause()
        await pilot.press(*"small screen")
        await pilot.press("ctrl+s")
        await pilot.pause()
        for key in ("g", "escape", "f", "escape", "x", "escape", "r", "escape"):
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert isinstance(app.screen.query_one(Tree), Tree)
    with stored(home) as s:
        assert any(n.text == "small screen" and n.lines == ("S3",) for n in s.notes())


async def test_ctrl_s_straight_after_fast_typing_keeps_every_character(home):
    """ctrl+s must queue behind the keys typed before it (a priority binding would save too early)."""
    from textual import events

    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        for ch in "typed fast":
            app.post_message(events.Key("space" if ch == " " else ch, ch))
        app.post_message(events.Key("ctrl+s", None))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    with stored(home) as s:
        assert any(n.text == "typed fast" for n in s.notes())


async def test_prompts_that_do_not_apply_are_dimmed_and_characteristics_on_demand(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.jump_to_line("S2")
        await pilot.pause()
        panel = screen.query_one("#line-panel").plain
        assert (
            "S2.5" in panel and "does not apply here" in panel
        )  # mental health / independent only
        assert "S2.1" in panel and "c shows the rating characteristics" in panel
        await pilot.press("c")
        await pilot.pause()
        panel = screen.query_one("#line-panel").plain
        assert "Requires improvement" in panel and "Outstanding" in panel
        await pilot.press("p")
        await pilot.pause()
        assert "prompts hidden" in screen.query_one("#line-panel").plain


async def test_quit_keeps_typing_as_a_draft(home):
    app = make_app(home, open_review=True, autosave_seconds=30)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"unsaved")
        await pilot.press("ctrl+q")
        await pilot.pause()
    with stored(home) as s:
        assert [d.fields["text"] for d in s.open_drafts()] == ["unsaved"]


async def test_palette_jumps_to_scope_unit(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("ctrl+p")
        await pilot.press(*"inpatient")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.scope_unit == UNIT_IDS[1]
        assert {n.scope_unit for n in screen.query_one(NoteList).notes} == {UNIT_IDS[1]}


async def test_locked_review_offers_read_only(home):
    _ws, rid = make_workspace(home)
    import subprocess
    import sys
    import textwrap

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import sys, time
        from cqc_tui.core.workspace import Workspace
        s = Workspace({str(home)!r}).open_id({rid!r}, user="ben")
        print("locked", flush=True)
        sys.stdin.readline()
        s.close()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        app = CqcApp(workspace(home), user=AUTHOR)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen) and app.session.readonly
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)  # no editor on a read-only review
    finally:
        holder.communicate("\n", timeout=10)


async def test_readiness_enter_goes_to_the_place(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        review = app.screen
        await pilot.press("R")
        await until(pilot, lambda: app.screen.findings)
        findings = app.screen.findings
        index = next(i for i, f in enumerate(findings) if f.refs.get("line"))
        app.screen.query_one(DataTable).move_cursor(row=index)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is review
        refs = findings[index].refs
        assert review.line.code == refs["line"]
        assert review.scope_unit == (refs.get("scope_unit") or "*")


async def test_rating_dialog_find_keeps_ticks(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")  # safe, all units: the provider-level rating
        await pilot.pause()
        dialog = app.screen
        notes = dialog.query_one(SelectionList)
        assert notes.option_count == 4
        notes.focus()
        await pilot.press("space")  # newest safe note: the parent's wait
        find = dialog.query_one("#rating-find", Input)
        find.value = "policy"
        await pilot.pause()
        assert notes.option_count == 1
        notes.focus()
        await pilot.press("space")
        find.value = ""
        await pilot.pause()
        assert notes.option_count == 4 and len(notes.selected) == 2
        dialog.query_one("#rating-value", Select).value = "requires_improvement"
        await pilot.press("ctrl+s")
        await pilot.pause()
    with stored(home) as s:
        (r,) = s.records("ratings")
        texts = sorted(s.store.get("notes", i).text for i in r.note_ids)
        assert (r.scope_unit, texts) == (
            "",
            [
                "A parent waited four hours for a call back.",
                "Safeguarding policy on the ward was out of date.",
            ],
        )


async def test_evidence_ticked_in_a_burst_is_the_evidence_chosen(home):
    """space, down, space, down typed faster than the app handles them tick the first three notes
    (Textual's SelectionList toggled whatever was highlighted when it got round to it: the last)."""
    from textual import events

    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        notes = app.screen.query_one(SelectionList)
        notes.focus()
        await pilot.pause()
        assert notes.highlighted == 0 and notes.option_count == 4
        for key, char in (
            ("space", " "),
            ("down", None),
            ("space", " "),
            ("down", None),
            ("space", " "),
        ):
            app.post_message(events.Key(key, char))  # all queued before the app handles any of them
        await pilot.pause()
        await pilot.pause()
        want = [notes.get_option_at_index(i).value for i in range(3)]
        assert sorted(notes.selected) == sorted(want) and notes.highlighted == 2
        assert app.screen.chosen == set(want)


async def test_markup_in_every_user_field_is_shown_as_typed(home):
    ws, rid = make_workspace(home, title="[bold]Trust[/ & <w:t>")
    with ws.open_id(rid, user=AUTHOR) as s:
        s.update("scope_units", UNIT_IDS[0], label="[red]Ward[/] 7")
        s.update("review", rid, provider="[i]Provider")
    app = CqcApp(workspace(home), user="[b]ann", open_review=rid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("right_square_bracket", "n")
        await pilot.pause()
        app.screen.query_one("#note-text", TextArea).insert("[/]" + TRICKY)
        app.screen.query_one("#note-place", Input).value = "[blink]Room"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "[b]ann" in note_list_text(screen.query_one(NoteList))
        assert "[red]Ward[/] 7" in screen.query_one("#note-detail").plain
        for key in (
            "r",
            "escape",
            "g",
            "escape",
            "f",
            "a",
            "escape",
            "escape",
            "x",
            "escape",
            "R",
            "escape",
            "ctrl+p",
            "escape",
            "f1",
            "escape",
        ):
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("slash", *"blink")
        await pilot.pause()
        assert len(screen.query_one(NoteList).notes) == 1
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "[bold]Trust[/ & <w:t>" in str(app.screen.query_one(DataTable).get_cell_at((0, 0)))


async def test_clicking_a_key_in_the_key_bar(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("KeyBar", offset=(2, 0))  # ' n New note'
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)


async def test_single_assessment_category_and_score(home):
    from cqc_tui.core.model import Review, ScopeUnit

    ws = workspace(home)
    unit = ScopeUnit(code="ward", label="Ward A", order=1)
    with ws.create(
        Review(
            title="SAF review",
            review_type="comprehensive",
            framework_id="single-assessment",
            start_date="2024-03-04",
        ),
        [],
        [unit],
        user=AUTHOR,
    ) as s:
        rid = s.review.id
    app = CqcApp(workspace(home), user=AUTHOR, open_review=rid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.line.code == "QS-S1"
        await pilot.press("right_square_bracket", "n")
        await pilot.pause()
        app.screen.query_one("#note-text", TextArea).insert("Incident reports reviewed weekly.")
        app.screen.query_one("#note-category", Select).value = "processes"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#score-value", Select).value = 3
        dialog.query_one(SelectionList).focus()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
    with stored(home, rid) as s:
        (note,) = s.notes()
        assert note.evidence_category == "processes" and note.scope_unit == unit.id
        (score,) = s.records("scores")
        assert (score.line, score.score, score.scope_unit, score.note_ids) == (
            "QS-S1",
            3,
            unit.id,
            (note.id,),
        )


async def test_review_details_add_unit_and_member(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("n")  # build the editor once, so the new unit must reach a fresh one
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#details-end", Input).value = "2018-01-21"  # before the start (22nd)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "end date 2018-01-21 is before the start date 2018-01-22" in screen_text(
            app.screen.query_one("#details-error", Static)
        )
        app.screen.query_one("#details-end", Input).value = "2018-01-26"
        app.screen.query_one("#details-units", TextArea).text = "Sexual health [clinic]"
        app.screen.query_one("#details-team", TextArea).text = "Chloe Patel - Specialist advisor"
        app.screen.query_one("#details-status", Select).value = "drafting"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("left_square_bracket")  # last unit: the new one
        await pilot.pause()
        new_unit = screen.scope_unit
        assert screen.units[new_unit].label == "Sexual health [clinic]"
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#note-text", TextArea).insert("Clinic note")
        await pilot.press("ctrl+s")
        await pilot.pause()
    with stored(home) as s:
        assert s.review.status == "drafting"
        assert [u.label for u in s.scope_units()][-1] == "Sexual health [clinic]"
        assert ("Chloe Patel", "Specialist advisor") in [(m.name, m.role) for m in s.members()]
        assert any(n.text == "Clinic note" and n.scope_unit == new_unit for n in s.notes())


async def test_storage_notices_are_shown_on_open(home):
    """What the store repaired or set aside on opening (here an unfinished save) is told to the user."""
    from cqc_tui.core.store import journal_data

    ws, rid = make_workspace(home)
    folder = ws.folder(rid)
    segment = sorted(folder.glob("journal-*.jsonl"))[-1]
    segment.write_bytes(journal_data(segment) + b'{"v":1,"t":"notes","r":{"id":"cut-off')
    app = CqcApp(workspace(home), user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, OpenNoticesDialog))
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "unfinished save" in shown and f"cqc-tui recover {rid}" in shown, shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_export_defaults_to_the_workspace_exports_folder(home, monkeypatch, tmp_path):
    """Not wherever the app happened to be started: the workspace's exports/ folder, shown in full."""
    pytest.importorskip("cqc_tui.report")
    elsewhere = tmp_path / "started-here"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = screen_text(app.screen.query_one("#export-status", Static))
    written = list((home / "exports").glob("*.docx"))
    assert len(written) == 1 and not list(elsewhere.iterdir())
    assert str(written[0].resolve()) in status.replace("\n", "")


async def test_keys_typed_in_a_burst_after_tab_go_to_the_next_field(home):
    """Keys already queued behind a Tab (fast typists, pasting, tmux) belong to the next field."""
    from textual import events

    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        title = app.screen.query_one("#title", Input)
        title.focus()
        await pilot.pause()

        def burst(keys: str) -> None:
            for ch in keys:
                if ch == "\t":
                    app.post_message(events.Key("tab", None))
                else:
                    app.post_message(events.Key(ch, ch))

        burst("Ward\tX")  # all queued before the app handles any of them
        await pilot.pause()
        await pilot.pause()
        assert title.value == "Ward"
        assert app.screen.focused is not title
        assert "X" not in title.value


async def test_dialog_save_and_cancel_buttons_work_by_click(home):
    """The Save and Cancel buttons (shared SaveCancelButtons handler) do what ctrl+s and esc do."""
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("right_square_bracket")
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RatingDialog)
        dialog.query_one("#cancel", Button).press()
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#rating-value", Select).value = "good"
        dialog.query_one("#save", Button).press()
        await pilot.pause()
        assert app.screen is screen
        unit = UNIT_IDS[0]
    with stored(home) as s:
        assert s.team_rating(unit, "safe").rating == "good"


async def test_opening_straight_into_a_review_leaves_the_list_for_later(home):
    """`cqc-tui` opened on a review composes only the review screen; going back shows the list."""
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.session is None
        assert app.screen.query_one(DataTable).row_count == 1
        assert sum(isinstance(s, HomeScreen) for s in app.screen_stack) == 1


async def test_a_review_that_cannot_be_opened_leaves_the_user_on_the_list(home):
    make_workspace(home)
    app = CqcApp(workspace(home), user=AUTHOR, open_review="no-such-review")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one(DataTable).row_count == 1
