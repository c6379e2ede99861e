"""`cqc-tui agree`: report sections and findings agreed by the team from the command line, as the
member chosen on the laptop; a final export follows once everything it prints is agreed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqc_tui.core.workspace import Workspace
from tests.command_line import run_command_line as run

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_reviews" / "forward-thinking-birmingham-reinspection.yaml"


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    run(home, "import", str(SAMPLE))
    return home


def review_id(home: Path) -> str:
    [review] = Workspace(home).list_reviews()
    return review["id"]


def test_an_edited_finding_stops_a_final_report_until_it_is_agreed_again(home, tmp_path):
    rid = review_id(home)
    with Workspace(home).open(rid) as session:
        finding = next(f for f in session.findings() if f.kind == "finding")
        session.update("findings", finding.id, text="Risk assessments were mostly up to date.")
    out = tmp_path / "final.docx"
    refused = run(home, "export", rid, "-o", str(out), "--final", ok=False)
    assert "1 written but not agreed by the team" in refused and not out.exists()
    assert "written but not agreed by the team" in run(home, "status", rid)
    text = run(home, "--as", "Rebecca Thornley", "agree", rid, "--all")
    assert f"agreed: finding {finding.id[:8]} '{finding.heading}'" in text
    assert "1 item agreed as Rebecca Thornley" in text
    run(home, "export", rid, "-o", str(out), "--final")
    assert out.exists()
    with Workspace(home).open(rid) as session:
        saved = session.store.get("findings", finding.id)
        assert (saved.agreed, saved.agreed_by) == (True, "Rebecca Thornley")
    assert "nothing to agree" in run(home, "agree", rid, "--all")


def test_sections_by_key_or_title_and_back_to_draft(home):
    rid = review_id(home)
    back = run(home, "agree", rid, "context", "How we carried out the inspection", "--back")
    assert back.count("back to draft: section") == 2
    assert "'Context' is a draft the team has not agreed" in run(home, "status", rid)
    assert "nothing to take back" in run(home, "agree", rid, "context", "--back")
    again = run(home, "agree", rid, "--all")
    assert "2 items agreed" in again


def test_a_name_that_is_neither_is_one_line(home):
    rid = review_id(home)
    text = run(home, "agree", rid, "nonsense", ok=False)
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1 and "'nonsense' is neither a report section" in lines[0]
    assert "context" in lines[0]
    assert "name the sections or findings" in run(home, "agree", rid, ok=False)
    assert "not both" in run(home, "agree", rid, "context", "--all", ok=False)
