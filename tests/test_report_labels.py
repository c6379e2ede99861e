"""Labels as sentences say them: a count of a framework's lines ('14 lines of enquiry'), in the
readiness lines printed before an export."""

from __future__ import annotations

from cqc_tui.core.exchange import import_review
from cqc_tui.core.workspace import Workspace
from cqc_tui.report import readiness_summary
from cqc_tui.report.labels import counted
from tests.report_samples import REPO


def test_counted_says_a_framework_label_as_a_sentence_does():
    assert counted(1, "KLOE") == "1 KLOE"
    assert counted(3, "KLOE") == "3 KLOEs"
    assert counted(14, "Line of enquiry") == "14 lines of enquiry"
    assert counted(1, "Line of enquiry") == "1 line of enquiry"
    assert counted(2, "Quality statement") == "2 quality statements"
    assert counted(2, "Policy") == "2 policies"


def test_readiness_names_lines_without_evidence_in_words(tmp_path):
    ws = Workspace(tmp_path / "home")
    _, review_id = import_review(ws, REPO / "sample_reviews" / "baby-p-follow-up-review-2009.yaml")
    session = ws.open_id(review_id, readonly=True)
    try:
        lines = [line for line in readiness_summary(session) if "no evidence for" in line]
    finally:
        session.close()
    assert lines and not [line for line in lines if "(s)" in line]
    assert any(
        "no evidence for 14 lines of enquiry in Great Ormond Street Hospital" in line
        for line in lines
    )
