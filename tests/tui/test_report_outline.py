"""The report outline: sections in report order with their state, written in a multi-line editor
with autosaved drafts (nothing lost on Escape, quit or a crash), notes cited into the text, and an
80x24 snapshot."""

from __future__ import annotations

import docx
from textual.widgets import DataTable, OptionList, TextArea

from cqc_tui.core.model import SectionState
from cqc_tui.core.report_sections import (
    save_section_text,
    section_state_id,
    section_states,
    section_text,
)
from cqc_tui.core.team.conflicts import conflicts
from cqc_tui.core.team.merge import start_team
from cqc_tui.core.workspace import Workspace
from cqc_tui.report import ExportOptions, export_review
from cqc_tui.report.final_gate import final_problems
from cqc_tui.report.outline import FindingSlotEntry, OutlineEntry
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.dialogs.cite_note import CiteNoteDialog
from cqc_tui.tui.dialogs.common import ConfirmDialog
from cqc_tui.tui.dialogs.section_editor import SectionEditor, section_drafts
from cqc_tui.tui.screens.report_outline import ReportOutlineScreen
from tests.tui.app_factory import AUTHOR, REVIEW_ID, make_app, make_workspace, workspace

SIZE = (120, 40)


async def open_outline(app, pilot) -> ReportOutlineScreen:
    await pilot.pause()
    review_screen = app.screen
    if "review.report_outline" in {b.id for b in review_screen.BINDINGS if hasattr(b, "id")}:
        await pilot.press("o")
    else:
        app.push_screen(ReportOutlineScreen(review_screen.session))
    for _ in range(100):
        if isinstance(app.screen, ReportOutlineScreen):
            break
        await pilot.pause(0.02)
    await pilot.pause()
    assert isinstance(app.screen, ReportOutlineScreen)
    return app.screen


def row_texts(screen: ReportOutlineScreen) -> list[tuple[str, str, str]]:
    table = screen.query_one("#outline-table", DataTable)
    out = []
    for index in range(table.row_count):
        _, label, state, _edited, words = table.get_row_at(index)
        out.append((str(label), str(state), str(words)))
    return out


def edited_of(screen: ReportOutlineScreen, label: str) -> str:
    table = screen.query_one("#outline-table", DataTable)
    labels = [row.label for row in screen.rows]
    return str(table.get_row_at(labels.index(label))[3])


async def go_to(pilot, screen: ReportOutlineScreen, label: str) -> None:
    labels = [row.label for row in screen.rows]
    table = screen.query_one("#outline-table", DataTable)
    table.move_cursor(row=labels.index(label))
    await pilot.pause()


async def wait_for(pilot, condition, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition()


async def test_the_outline_lists_the_sections_in_report_order_with_their_state(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_outline(app, pilot)
        rows = row_texts(screen)
        labels = [label for label, _, _ in rows]
        titles = [s.title or s.id for s in screen.session.review_type.sections]
        assert labels[0] == "Cover" and "Summary of findings" in labels
        # report order: each section's rows in the order the review type lists them
        order = [row.position for row in screen.rows if not isinstance(row, FindingSlotEntry)]
        assert order == sorted(order) and max(order) == len(titles)
        summary = dict((label, state) for label, state, _ in rows)
        assert summary["Summary of findings"] == "empty"
        assert summary["Background and scope: Background"] == "empty"
        assert summary["Background and scope: Scope"] == "empty"
        assert summary["Ratings"] == "built"
        await go_to(pilot, screen, "Summary of findings")
        detail = str(screen.query_one("#outline-detail").render())
        assert "under the heading 'Summary of findings'" in detail
        assert "Nothing written yet" in detail
        assert "empty" in str(screen.query_one("#outline-summary").render())


async def test_writing_a_section_autosaves_a_draft_and_saves_into_the_report(home, tmp_path):
    app = make_app(home, open_review=True, autosave_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_outline(app, pilot)
        session = screen.session
        await go_to(pilot, screen, "Summary of findings")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SectionEditor))
        editor = app.screen
        await pilot.press(*"Care was kind.", "enter", *"- Waits were long")
        await wait_for(pilot, lambda: "summary" in section_drafts(session))
        assert (
            section_drafts(session)["summary"].fields["body"] == "Care was kind.\n- Waits were long"
        )
        # a section draft is not offered back as a note
        assert not any((d.fields or {}).get("text") for d in session.open_drafts())
        # Escape with typing asks; Keep editing keeps it
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("enter")  # Keep editing has the focus
        await wait_for(pilot, lambda: app.screen is editor)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportOutlineScreen))
        assert (
            section_text(session.review, section_states(session), "summary")
            == "Care was kind.\n- Waits were long"
        )
        assert "summary" not in section_drafts(session)
        rows = dict((label, (state, words)) for label, state, words in row_texts(app.screen))
        assert rows["Summary of findings"] == ("draft", "6")
        out = export_review(session, tmp_path / "r.docx", ExportOptions(draft=True))
        paragraphs = [p for p in docx.Document(str(out)).paragraphs]
        texts = [p.text for p in paragraphs]
        start = (
            len(texts) - 1 - texts[::-1].index("Summary of findings")
        )  # the heading, not the contents
        assert texts[start + 1] == "Care was kind."
        assert paragraphs[start + 2].text == "Waits were long"
        assert paragraphs[start + 2].style.name == "List Bullet"


async def test_a_section_is_agreed_taken_back_and_made_a_draft_again_by_editing(home, tmp_path):
    app = make_app(home, open_review=True, autosave_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_outline(app, pilot)
        session = screen.session
        await go_to(pilot, screen, "Summary of findings")
        await pilot.press("a")  # an empty section cannot be agreed
        await pilot.pause()
        assert "summary" not in section_states(session)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SectionEditor))
        await pilot.press(*"Care was kind.", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportOutlineScreen))
        rows = dict((label, state) for label, state, _ in row_texts(screen))
        assert rows["Summary of findings"] == "draft"
        assert edited_of(screen, "Summary of findings").startswith(f"{AUTHOR}, ")
        await pilot.press("a")
        await pilot.pause()
        state = section_states(session)["summary"]
        assert (state.agreed, state.agreed_by, state.edited_by) == (True, AUTHOR, AUTHOR)
        assert dict((label, s) for label, s, _ in row_texts(screen))["Summary of findings"] == (
            "agreed"
        )
        assert f"Agreed by {AUTHOR}" in str(screen.query_one("#outline-detail").render())
        # a final export no longer names the summary as unagreed
        gaps = [g for g in final_problems(session, with_readiness=False) if "Summary" in g]
        assert gaps == []
        # taken back to draft, then agreed again, then edited: a draft again
        await pilot.press("a")
        await pilot.pause()
        assert not section_states(session)["summary"].agreed
        assert any(
            "'Summary of findings' is a draft" in g
            for g in final_problems(session, with_readiness=False)
        )
        await pilot.press("a")
        await pilot.pause()
        assert section_states(session)["summary"].agreed
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SectionEditor))
        await pilot.press(*" Waits were long.", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportOutlineScreen))
        assert not section_states(session)["summary"].agreed
        assert dict((label, s) for label, s, _ in row_texts(screen))["Summary of findings"] == (
            "draft"
        )
        out = export_review(session, tmp_path / "r.docx", ExportOptions(draft=True))
        texts = [p.text for p in docx.Document(str(out)).paragraphs]
        at = texts.index("Care was kind. Waits were long.")
        assert texts[at + 1] == "DRAFT: not agreed by the team yet"


async def test_escape_discards_only_when_asked_and_then_leaves_no_draft(home):
    app = make_app(home, open_review=True, autosave_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_outline(app, pilot)
        session = screen.session
        await go_to(pilot, screen, "Context")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SectionEditor))
        await pilot.press(*"Anytown has two hospitals.")
        await wait_for(pilot, lambda: "context" in section_drafts(session))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("tab", "enter")  # Discard
        await wait_for(pilot, lambda: isinstance(app.screen, ReportOutlineScreen))
        assert "context" not in section_drafts(session)
        assert section_text(session.review, section_states(session), "context") == ""


async def test_typing_survives_a_crash_as_a_draft_offered_back_in_the_outline(home):
    app = make_app(home, open_review=True, autosave_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_outline(app, pilot)
        await go_to(pilot, screen, "How we carried out the inspection")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SectionEditor))
        await pilot.press(*"We visited six wards")
        await wait_for(pilot, lambda: "method" in section_drafts(screen.session))
        # the process dies here: nothing is saved, nothing is closed (the draft is on disk)
        app.screen.session.store.close(compact=False)
    again = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_outline(again, pilot)
        rows = dict((label, (state, words)) for label, state, words in row_texts(screen))
        assert rows["How we carried out the inspection"] == ("unsaved", "4")
        await go_to(pilot, screen, "How we carried out the inspection")
        assert "We visited six wards" in str(screen.query_one("#outline-detail").render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(again.screen, SectionEditor))
        assert again.screen.query_one("#section-text", TextArea).text == "We visited six wards"
        assert "recovered draft" in str(again.screen.query_one(".dialog-title").render())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(again.screen, ReportOutlineScreen))
        session = screen.session
        assert section_text(session.review, section_states(session), "method") == (
            "We visited six wards"
        )


async def test_a_cited_note_is_inserted_at_the_cursor_and_printed_without_its_id(home, tmp_path):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_outline(app, pilot)
        session = screen.session
        await go_to(pilot, screen, "Summary of findings")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SectionEditor))
        await pilot.press(*"A parent waited too long.")
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, CiteNoteDialog))
        await pilot.press(*"four hours")
        await pilot.pause()
        assert app.screen.query_one("#cite-notes", OptionList).option_count == 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SectionEditor))
        note = next(n for n in session.notes() if "four hours" in n.text)
        assert (
            app.screen.query_one("#section-text", TextArea).text
            == f"A parent waited too long. [note:{note.id}]"
        )
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportOutlineScreen))
        out = export_review(session, tmp_path / "r.docx", ExportOptions(draft=True))
        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
        assert (
            "A parent waited too long. (AF, 22 Jan 2018, conversation with people using services or carers; "
            "no. 4)" in text
        )
        assert note.id not in text and "[note:" not in text


async def test_a_read_only_review_shows_the_outline_but_does_not_edit(home):
    ws, rid = make_workspace(home)
    app = CqcApp(ws, user=AUTHOR)
    async with app.run_test(size=SIZE) as pilot:
        session = Workspace(home).open_id(rid, readonly=True)
        try:
            app.push_screen(ReportOutlineScreen(session))
            await pilot.pause()
            await go_to(pilot, app.screen, "Summary of findings")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ReportOutlineScreen)
        finally:
            session.close()


def test_report_outline_small_terminal(snap_compare, home):
    ws, rid = make_workspace(home)
    with ws.open_id(rid, user=AUTHOR) as session:
        session.update(
            "review",
            rid,
            sections={
                "summary": "Care was kind; waits were long.",
                "background": "A comprehensive inspection.",
            },
        )
        session.save_draft(
            None, "", {"report_section": "context", "body": "Anytown has two hospitals"}
        )
        session.add(
            SectionState,
            id=section_state_id(rid, "summary"),
            key="summary",
            agreed=True,
            edited_by="Ann Ford",
            edited="2018-04-09T09:15:00.000Z",
            agreed_by="Ann Ford",
            agreed_at="2018-04-09T10:00:00.000Z",
        )
    app = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)

    async def run_before(pilot):
        await open_outline(app, pilot)
        await go_to(pilot, app.screen, "Summary of findings")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_the_outline_lists_each_key_question_looked_at_with_its_finding(home):
    """Under the findings section the outline lists every scope unit x key question the review
    looked at: 'empty' where nothing is written (a final report is refused), 'draft' once it is;
    enter writes the finding there, the editor set to that unit and key question; `a` agrees it
    (who and when shown), `a` again takes it back to draft, and an edit of an agreed finding
    makes it a draft again."""
    from textual.widgets import Input

    from cqc_tui.tui.dialogs.findings import FindingEditor

    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_outline(app, pilot)
        slots = [row for row in screen.rows if isinstance(row, FindingSlotEntry)]
        assert slots, "the sample review looked at key questions in its units"
        findings_row = next(
            i for i, row in enumerate(screen.rows) if getattr(row, "section_id", "") == "units"
        )
        assert screen.rows[findings_row + 1] is slots[0]  # listed under the findings section
        empty = next(slot for slot in slots if slot.state == "empty")
        states = dict((label, state) for label, state, _ in row_texts(screen))
        assert states[empty.label] == "empty"
        assert "missing" in str(screen.query_one("#outline-summary").render())
        await go_to(pilot, screen, empty.label)
        assert "No finding written" in str(screen.query_one("#outline-detail").render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingEditor))
        editor = app.screen
        assert editor.key_question == empty.slot.key_question.code
        assert editor.unit == empty.slot.unit.id
        editor.query_one("#finding-heading", Input).value = "Waits"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        states = dict((label, state) for label, state, _ in row_texts(screen))
        assert states[empty.label] == "draft"
        assert screen._current_row().label == empty.label  # the cursor stays on it
        assert "Draft: not agreed yet" in str(screen.query_one("#outline-detail").render())
        await pilot.press("a")
        await pilot.pause()
        states = dict((label, state) for label, state, _ in row_texts(screen))
        assert states[empty.label] == "agreed"
        [finding] = screen._current_row().findings
        assert (finding.agreed, finding.agreed_by) == (True, AUTHOR)
        assert f"Agreed by {AUTHOR}" in str(screen.query_one("#outline-detail").render())
        await pilot.press("a")  # back to draft
        await pilot.pause()
        assert dict((lb, st) for lb, st, _ in row_texts(screen))[empty.label] == "draft"
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # an edit of the agreed finding makes it a draft again
        await wait_for(pilot, lambda: isinstance(app.screen, FindingEditor))
        app.screen.query_one("#finding-heading", Input).value = "Waits for beds"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        assert dict((lb, st) for lb, st, _ in row_texts(screen))[empty.label] == "draft"
        finding = screen.session.store.get("findings", finding.id)
        assert finding.heading == "Waits for beds" and not finding.agreed


async def test_a_version_received_while_writing_is_kept_as_a_conflict_and_the_editor_says_so(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_outline(app, pilot)
        session = screen.session
        start_team(session)  # a team review: every save is logged with what it was based on
        await go_to(pilot, screen, "Summary of findings")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SectionEditor))
        await pilot.press(*"Ann's words.")
        # another version of the section is saved meanwhile, as a sync saves a teammate's
        session.user, me = "Ben Cole", session.user
        save_section_text(session, "summary", "Ben's words.")
        session.user = me
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportOutlineScreen))
        messages = [n.message for n in app._notifications]
        assert any("arrived while you wrote" in m for m in messages), messages
        [conflict] = conflicts(session)
        assert conflict.record_id == section_state_id(session.review.id, "summary")
        texts = {v.fields["text"] for v in conflict.versions}
        assert "Ben's words." in texts and any("Ann's words." in t for t in texts)


def test_a_section_of_two_pieces_keeps_the_end_that_tells_them_apart_when_cut():
    from cqc_tui.tui.screens.report_outline import fitted_label

    def entry(label: str, title: str) -> OutlineEntry:
        return OutlineEntry("background", title, "scope", label, 3, 13, "", "", "")

    title = "Background and scope of the review"
    assert fitted_label(entry(f"{title}: Scope", title), 33) == "Background and scope of t…: Scope"
    assert len(fitted_label(entry(f"{title}: Background", title), 33)) == 33
    assert fitted_label(entry(title, title), 20) == title  # one piece: the table cuts it
    assert fitted_label(entry("Summary: Scope", "Summary"), 33) == "Summary: Scope"


def test_who_and_when_fit_a_narrow_column_with_the_day_whole():
    from cqc_tui.tui.screens.report_outline import who_and_day

    stamp = "2023-10-13T09:00:00.000Z"
    assert who_and_day("Rebecca Thornley", stamp) == "Rebecca Thornley, 13 Oct 2023"
    assert who_and_day("Rebecca Thornley", stamp, 30) == "Rebecca Thornley, 13 Oct 2023"
    assert who_and_day("Rebecca Thornley", stamp, 23) == "R Thornley, 13 Oct 2023"
    assert who_and_day("Rebecca Thornley", stamp, 20) == "R Thornley, Oct 2023"
    assert who_and_day("Rebecca Thornley", stamp, 18) == "R Th…, 13 Oct 2023"
    assert who_and_day("Cher", stamp, 16) == "Cher, Oct 2023"
    assert who_and_day("Bartholomew", stamp, 16) == "Ba…, 13 Oct 2023"


async def test_typing_as_an_agreed_finding_opens_adds_to_its_heading_and_the_title_warns(home):
    """The editor of an agreed finding says a change makes it a draft; its heading has the focus
    with nothing selected, so typing at once adds to it (Textual's Input would select it all and
    the first key would replace the heading)."""
    from textual.widgets import Input

    from cqc_tui.tui.dialogs.findings import FindingEditor

    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_outline(app, pilot)
        slot = next(row for row in screen.rows if isinstance(row, FindingSlotEntry))
        await go_to(pilot, screen, slot.label)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingEditor))
        app.screen.query_one("#finding-heading", Input).value = "Waits"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingEditor))
        editor = app.screen
        title = str(editor.query_one(".dialog-title").render())
        assert f"agreed by {AUTHOR}: a change makes it a draft" in title
        heading = editor.query_one("#finding-heading", Input)
        await wait_for(pilot, lambda: app.focused is heading)
        await pilot.press(*" for beds")
        assert heading.value == "Waits for beds"
