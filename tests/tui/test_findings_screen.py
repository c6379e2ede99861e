"""The findings screen lists findings by key question and recommendations by kind (must do
first), each in the team's order, as the core's queries give them."""

from __future__ import annotations

from textual.widgets import DataTable

from cqc_tui.core.model import (
    AREA_FOR_IMPROVEMENT,
    FINDING,
    MUST_DO,
    SHOULD_DO,
    Finding,
    Recommendation,
)
from cqc_tui.tui.app import CqcApp
from tests.tui.app_factory import AUTHOR, make_workspace

SIZE = (120, 40)


async def test_findings_by_key_question_and_recommendations_must_do_first(home):
    ws, rid = make_workspace(home, notes=False)
    with ws.open_id(rid, user=AUTHOR) as session:
        session.add(Finding, kind=FINDING, key_question="well-led", heading="Board", order=1)
        session.add(Finding, kind=FINDING, key_question="safe", heading="Wards", order=2)
        session.add(Finding, kind=FINDING, key_question="safe", heading="Policies", order=3)
        session.add(Recommendation, kind=AREA_FOR_IMPROVEMENT, text="Rotas", order=1)
        session.add(Recommendation, kind=SHOULD_DO, text="Audit", order=2)
        session.add(Recommendation, kind=MUST_DO, text="Call bells", order=4)
        session.add(Recommendation, kind=MUST_DO, text="Ligatures", order=3)
    app = CqcApp(ws, user=AUTHOR, open_review=rid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        findings = app.screen.query_one("#findings-table", DataTable)
        headings = [str(findings.get_row_at(row)[3]) for row in range(findings.row_count)]
        assert headings == ["Wards", "Policies", "Board"]
        recommendations = app.screen.query_one("#recs-table", DataTable)
        rows = [recommendations.get_row_at(row) for row in range(recommendations.row_count)]
        assert [str(row[-1]) for row in rows] == ["Ligatures", "Call bells", "Audit", "Rotas"]
        assert [row[0].style for row in rows] == ["bold", "bold", "", ""]  # must do stands out


async def _open_new_finding(app, pilot):
    from cqc_tui.tui.dialogs.findings import FindingEditor

    await pilot.pause()
    await pilot.press("f")
    await pilot.pause()
    await pilot.press("a")
    for _ in range(100):
        if isinstance(app.screen, FindingEditor):
            return app.screen
        await pilot.pause(0.02)
    raise AssertionError("the finding editor did not open")


async def test_a_finding_being_written_survives_a_crash_and_is_offered_back(home):
    """The typing is kept as a draft while the finding is written; an app that dies with the
    editor open loses nothing: the next new finding opens with the typing, and saving it
    leaves no draft behind."""
    from textual.widgets import Input, TextArea

    from cqc_tui.tui.dialogs.findings import finding_drafts

    ws, rid = make_workspace(home, notes=False)
    app = CqcApp(ws, user=AUTHOR, open_review=rid, autosave_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        editor = await _open_new_finding(app, pilot)
        await pilot.press(*"Seclusion")
        editor.query_one("#finding-text", TextArea).focus()
        await pilot.press(*"Reviews were late.")
        for _ in range(100):
            drafts = finding_drafts(editor.session)
            if "" in drafts and drafts[""].fields.get("body") == "Reviews were late.":
                break
            await pilot.pause(0.02)
        else:
            raise AssertionError("no draft was kept while typing")
        app.session.store.close()  # the laptop dies: nothing more is written
        app.session = None
    app = CqcApp(ws, user=AUTHOR, open_review=rid)
    async with app.run_test(size=SIZE) as pilot:
        editor = await _open_new_finding(app, pilot)
        assert "recovered draft" in str(editor.query_one(".dialog-title").render())
        assert editor.query_one("#finding-heading", Input).value == "Seclusion"
        assert editor.query_one("#finding-text", TextArea).text == "Reviews were late."
        await pilot.press("ctrl+s")
        await pilot.pause()
        session = app.session
        assert [f.heading for f in session.records("findings")] == ["Seclusion"]
        assert finding_drafts(session) == {}


async def test_f2_cites_a_note_in_a_finding(home):
    from textual.widgets import TextArea

    from cqc_tui.report.citations import cited_note_ids
    from cqc_tui.tui.dialogs.cite_note import CiteNoteDialog

    ws, rid = make_workspace(home)
    app = CqcApp(ws, user=AUTHOR, open_review=rid)
    async with app.run_test(size=SIZE) as pilot:
        editor = await _open_new_finding(app, pilot)
        await pilot.press(*"Ligatures")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, CiteNoteDialog)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen is editor
        text = editor.query_one("#finding-text", TextArea).text
        assert len(cited_note_ids(text)) == 1
        assert cited_note_ids(text)[0] in {n.id for n in app.session.notes()}
