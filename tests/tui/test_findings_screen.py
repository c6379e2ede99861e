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
