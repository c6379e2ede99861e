"""The method's figures are the team's; readiness warns where the evidence tells another story."""

from __future__ import annotations

from types import SimpleNamespace

from cqc_tui.core.exchange import import_review
from cqc_tui.core.stated_figures import figure_warnings
from cqc_tui.core.workspace import Workspace
from cqc_tui.report import readiness_summary
from tests.report_samples import REPO


def note(source: str, place: str = "") -> SimpleNamespace:
    return SimpleNamespace(source=source, place=place)


def test_figures_the_evidence_does_not_bear_out_are_named():
    notes = [note("record_review")] * 3 + [
        note("observation", "Ward 1"),
        note("observation", "Ward 1"),
        note("observation", "Clinic"),
        note("staff"),
    ]
    lines = figure_warnings(
        {"Care records reviewed": 34, "services_visited": 2, "Staff interviewed": 40}, notes
    )
    assert lines == [
        "the method states Care records reviewed 34, but the evidence holds 3 care record review "
        "notes; check the figure (the report prints the team's figure)"
    ]
    assert figure_warnings({"care_records_reviewed": 3, "Sites visited": 2}, notes) == []
    assert figure_warnings({"Care records reviewed": "many"}, notes) == []


def test_local_system_sample_warns_of_both_figures(tmp_path):
    ws = Workspace(tmp_path / "home")
    _, review_id = import_review(
        ws, REPO / "sample_reviews" / "birmingham-local-system-review-2018.yaml"
    )
    session = ws.open_id(review_id, readonly=True)
    try:
        lines = [ln for ln in readiness_summary(session) if "the method states" in ln]
    finally:
        session.close()
    assert len(lines) == 2 and all(ln.startswith("warning: ") for ln in lines)
    assert "care records reviewed 34, but the evidence holds 7 care record review notes" in lines[0]
    assert (
        "services visited 17, but the evidence holds 12 places named in observation notes"
        in lines[1]
    )
