"""Report sections' states (core.report_sections): empty / draft / agreed, who last edited each and
when (the team member, never the login); saving text makes a section a draft again; a final export
refuses while a section it prints is a draft, a draft export marks it; the states are records that
travel in dumps and merge between laptops like every other record."""

from __future__ import annotations

import getpass
import subprocess
import sys

import docx
import pytest
from click.testing import CliRunner

from cqc_tui.cli import cli
from cqc_tui.core.errors import ValidationError
from cqc_tui.core.exchange import dump_text, parse_review_file
from cqc_tui.core.model import SectionState
from cqc_tui.core.report_sections import (
    AGREED,
    DRAFT,
    EMPTY,
    save_section_text,
    section_state_id,
    section_states,
    section_status,
    section_text,
    set_agreed,
)
from cqc_tui.core.team.conflicts import conflicts
from cqc_tui.core.team.identity import choose_member
from cqc_tui.core.team.share import receive, share
from cqc_tui.report import ExportOptions, export_review
from cqc_tui.report.final_gate import NotFinal, final_problems
from tests.report_samples import SAMPLES
from tests.test_team_bundle import team  # noqa: F401 - the fixture


def run_cli(home, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cqc_tui", "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


CLAS = next(p for p in SAMPLES if p.stem == "leicester-clas-review-2016")


@pytest.fixture
def clas(tmp_path):
    """The CLAS sample imported: every section written and agreed by its lead."""
    runner = CliRunner()
    home = tmp_path / "home"
    result = runner.invoke(cli, ["--home", str(home), "import", str(CLAS)])
    assert result.exit_code == 0, result.output
    return home


def open_as(home, name: str):
    from cqc_tui.core.workspace import Workspace

    session = Workspace(home).open_id("8cab11e9-f7eb-5431-8c69-7b94f363bf53")
    choose_member(session, name)
    return session


def test_a_sample_reads_with_every_section_agreed_by_its_lead(clas):
    session = open_as(clas, "Mark Odell")
    try:
        states = section_states(session)
        status = section_status(session.review, states, "summary")
        assert (status.state, status.agreed_by, status.edited_by) == (
            AGREED,
            "Alison Greaves",
            "Alison Greaves",
        )
        assert final_problems(session, with_readiness=False) == []
    finally:
        session.close()


def test_saving_text_makes_a_draft_edited_by_the_member_and_agreeing_needs_text(clas):
    session = open_as(clas, "Mark Odell")
    try:
        status = save_section_text(session, "summary", "We made 59 recommendations.\n")
        assert (status.state, status.edited_by) == (DRAFT, "Mark Odell")
        assert status.edited_by != getpass.getuser()
        sections_before = dict(session.review.sections)
        assert section_text(session.review, section_states(session), "summary") == (
            "We made 59 recommendations."
        )
        record = section_states(session)["summary"]
        assert record.id == section_state_id(session.review.id, "summary")
        assert not record.agreed and record.agreed_by == ""
        assert final_problems(session, with_readiness=False) == [
            "'Summary of findings' is a draft the team has not agreed (agree it in the report "
            "outline: o on the review screen, then a)"
        ]
        agreed = set_agreed(session, "summary", True)
        assert (agreed.state, agreed.agreed_by) == (AGREED, "Mark Odell")
        assert final_problems(session, with_readiness=False) == []
        back = set_agreed(session, "summary", False)
        assert back.state == DRAFT
        emptied = save_section_text(session, "people", "")
        assert emptied.state == EMPTY
        assert section_text(session.review, section_states(session), "people") == ""
        # the text is the sections' own records: the review record is never written for them
        assert session.review.sections == sections_before
        with pytest.raises(ValidationError, match="empty section cannot be agreed"):
            set_agreed(session, "people", True)
        reasons = final_problems(session, with_readiness=False)
        assert any(r.startswith("'Summary of findings' is a draft") for r in reasons)
        assert any(r.startswith("'What people told us' has no text yet") for r in reasons)
    finally:
        session.close()


def test_a_final_export_refuses_one_line_a_reason_and_a_draft_marks_the_section(clas, tmp_path):
    session = open_as(clas, "Mark Odell")
    try:
        save_section_text(session, "context", "Leicester has two NHS trusts.")
        save_section_text(session, "scope", "Health services for children.")
        with pytest.raises(NotFinal) as refused:
            export_review(session, tmp_path / "final.docx", ExportOptions(final=True))
        assert refused.value.reasons == [
            "'Background and scope: Scope' is a draft the team has not agreed (agree it in the "
            "report outline: o on the review screen, then a)",
            "'Context' is a draft the team has not agreed (agree it in the report outline: o on "
            "the review screen, then a)",
        ]
        assert not (tmp_path / "final.docx").exists()
        out = export_review(session, tmp_path / "draft.docx", ExportOptions(draft=True))
        texts = [p.text for p in docx.Document(str(out)).paragraphs]
        at = texts.index("Leicester has two NHS trusts.")
        assert texts[at + 1] == "DRAFT: not agreed by the team yet"
        agreed_text = texts.index(section_text(session.review, section_states(session), "summary"))
        assert not texts[agreed_text + 1].startswith("DRAFT")
    finally:
        session.close()


def test_the_command_line_refuses_final_and_status_lists_unagreed_sections(clas, tmp_path):
    session = open_as(clas, "Mark Odell")
    try:
        save_section_text(session, "context", "Leicester has two NHS trusts.")
    finally:
        session.close()
    out = tmp_path / "r.docx"
    result = run_cli(clas, "export", "8cab11e9", "-o", str(out), "--final")
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1
    assert lines == [
        "error: the report cannot be exported as final (1 reason; export a draft to see them "
        "marked):",
        "  - 'Context' is a draft the team has not agreed (agree it in the report outline: o on "
        "the review screen, then a)",
    ]
    assert not out.exists()
    status = run_cli(clas, "status", "8cab11e9")
    assert status.returncode == 0, status.stderr
    assert "'Context' is a draft the team has not agreed" in status.stdout
    assert "Report: 1 thing(s) stop a final report" in status.stdout


def test_states_travel_in_a_dump_and_an_older_dump_without_them_still_imports(clas, tmp_path):
    session = open_as(clas, "Mark Odell")
    try:
        save_section_text(session, "context", "Leicester has two NHS trusts.")
        text = dump_text(session.store.tables)
        frameworks = session.workspace.frameworks
    finally:
        session.close()
    parsed = parse_review_file("r.yaml", frameworks, text=text)
    states = {r.key: r for r in parsed.records if isinstance(r, SectionState)}
    assert states["context"].edited_by == "Mark Odell" and not states["context"].agreed
    assert states["summary"].agreed
    # a dump written before section states existed: no list and no count
    head, _, tail = text.partition("section_states:\n")
    older = head + tail[tail.index("end:") :]
    older = "\n".join(line for line in older.splitlines() if "section_states:" not in line)
    parsed = parse_review_file("old.yaml", frameworks, text=older + "\n")
    assert not any(isinstance(r, SectionState) for r in parsed.records)


def test_one_section_agreed_on_one_laptop_and_edited_on_another_is_a_conflict(team):  # noqa: F811
    root, lead, a, _b, review_id = team
    receive(a, [root / "lead.cqcb"])
    with lead.open_id(review_id) as session:
        choose_member(session, "Lena Lead")
        save_section_text(session, "summary", "Staffing was short at night.")
        share(session, root / "lead2.cqcb")
    receive(a, [root / "lead2.cqcb"])
    # from the same version: the lead agrees it, Ann edits it
    with lead.open_id(review_id) as session:
        set_agreed(session, "summary", True)
        share(session, root / "lead3.cqcb")
    with a.open_id(review_id) as session:
        choose_member(session, "Ann Ford")
        save_section_text(session, "summary", "Staffing was short at night and at weekends.")
        share(session, root / "ann.cqcb")
    receive(a, [root / "lead3.cqcb"])
    receive(lead, [root / "ann.cqcb"])
    for workspace in (lead, a):
        with workspace.open_id(review_id) as session:
            found = [c for c in conflicts(session) if c.table == "section_states"]
            assert len(found) == 1
            assert found[0].record_id == section_state_id(review_id, "summary")
            kept = {(v.fields["agreed"], v.fields["edited_by"]) for v in found[0].versions}
            assert kept == {(True, "Lena Lead"), (False, "Ann Ford")}


def test_a_final_report_with_no_finding_at_all_is_refused(tmp_path):
    from cqc_tui.core.model import FINDING, Finding, Review, ScopeUnit, TeamMember
    from cqc_tui.core.workspace import Workspace

    ws = Workspace(tmp_path / "home")
    session = ws.create(
        Review(
            title="Northshire looked-after children review",
            review_type="clas",
            framework_id="clas-review",
            status="final",
        ),
        [TeamMember(name="Priya Shah", role="Lead inspector")],
        [ScopeUnit(code="early_help", label="Early help", order=1)],
        user="Priya Shah",
    )
    try:
        for key in ("background", "scope", "method", "context", "summary", "people", "next_steps"):
            save_section_text(session, key, f"The team's words for {key}.")
            set_agreed(session, key, True)
        reason = "'What we found' has no finding written yet (f on the review screen)"
        assert reason in final_problems(session, with_readiness=False)
        unit = session.scope_units()[0]
        session.add(
            Finding, kind=FINDING, scope_unit=unit.id, key_question="safe", heading="Referrals"
        )
        assert reason not in final_problems(session, with_readiness=False)
    finally:
        session.close()
