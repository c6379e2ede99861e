"""Findings are drafts until the team agrees them (core.finding_agreement): an edit of what was
agreed makes a finding a draft again, a final report refuses while a finding it prints is not
agreed and a draft marks it, the state travels in dumps and merges like any other change, and a
finding saved before the fields existed keeps its revision id."""

from __future__ import annotations

import dataclasses

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqc_tui.core.errors import FileProblems, ValidationError
from cqc_tui.core.exchange import dump_text, parse_review_file
from cqc_tui.core.finding_agreement import (
    findings_state,
    set_findings_agreed,
    unagreed,
    written,
)
from cqc_tui.core.model import Finding
from cqc_tui.core.record_codec import CODECS, record_dict
from cqc_tui.core.report_sections import AGREED, DRAFT, EMPTY
from cqc_tui.core.team.conflicts import conflicts, resolve_conflict
from cqc_tui.core.team.identity import choose_member
from cqc_tui.core.team.revisions import record_revision_id, revision_id
from cqc_tui.core.team.share import receive, share
from cqc_tui.report import ExportOptions, export_review
from cqc_tui.report.final_gate import NotFinal, final_problems
from tests.synthetic_review import make_review
from tests.test_team_bundle import team  # noqa: F401 - the fixture

AGREED_FINDING = Finding(
    heading="Staffing",
    text="Night staffing was below plan on four of seven nights.",
    key_question="safe",
    note_ids=("n1", "n2"),
    agreed=True,
    agreed_by="Ann Ford",
    agreed_at="2018-04-09T10:00:00.000Z",
)
CONTENT_CHANGES = {
    "kind": "outstanding_practice",
    "key_question": "caring",
    "scope_unit": "unit-2",
    "heading": "Night staffing",
    "text": "Night staffing was below plan on five of seven nights.",
    "status": "put_right",
    "note_ids": ("n1",),
}


@given(
    content=st.sets(st.sampled_from(sorted(CONTENT_CHANGES))),
    same=st.sets(st.sampled_from(sorted(CONTENT_CHANGES))),
    order=st.booleans(),
)
def test_an_edit_of_what_was_agreed_makes_a_draft_and_nothing_else_does(content, same, order):
    """Any change to a field the team agreed (heading, text, place, kind, status, notes cited)
    takes the agreement back; the same values again, or a new place in the list, do not."""
    changes = {name: CONTENT_CHANGES[name] for name in content}
    for name in same - content:  # given again as they stand (a list for the notes, as YAML has)
        value = getattr(AGREED_FINDING, name)
        changes[name] = list(value) if isinstance(value, tuple) else value
    if order:
        changes["order"] = 7
    revised = AGREED_FINDING.revise(author="Ben Cole", **changes)
    assert isinstance(revised, Finding)
    if content:
        assert (revised.agreed, revised.agreed_by, revised.agreed_at) == (False, "", "")
    else:
        assert (revised.agreed, revised.agreed_by) == (True, "Ann Ford")


def test_setting_the_agreement_with_an_edit_is_kept_and_a_resolution_of_new_text_is_a_draft():
    both = AGREED_FINDING.revise(text="New words.", agreed=True)
    assert isinstance(both, Finding) and both.agreed and both.agreed_by == "Ann Ford"
    kept = AGREED_FINDING.resolution_changes({"heading": "Staffing"}, "Ben Cole", "now")
    assert "agreed" not in kept  # the agreed version kept as it stands stays agreed
    combined = AGREED_FINDING.resolution_changes({"text": "Both."}, "Ben Cole", "now")
    assert combined["agreed"] is False and combined["agreed_by"] == ""


def test_the_state_of_a_set_of_findings():
    draft = Finding(heading="Waits")
    assert findings_state([]) == EMPTY
    assert findings_state([dataclasses.replace(draft, deleted=True)]) == EMPTY
    assert findings_state([AGREED_FINDING]) == AGREED
    assert findings_state([AGREED_FINDING, draft]) == DRAFT
    assert unagreed([AGREED_FINDING, draft]) == [draft]
    assert written(draft) and not written(Finding())


def test_a_finding_saved_before_agreement_existed_keeps_its_revision_id():
    """Agreement fields at their defaults are left out of a revision's id, so a finding made by an
    older version has the same id on every laptop (no false conflict after an upgrade)."""
    record = Finding(id="f1", heading="Staffing", text="Short at night.")
    older = {
        k: v
        for k, v in record_dict(record).items()
        if k not in ("agreed", "agreed_by", "agreed_at")
    }
    assert record_revision_id(record) == revision_id("findings", older)
    assert record_revision_id(CODECS["findings"].load(older)) == revision_id("findings", older)
    assert record_revision_id(AGREED_FINDING) != revision_id(
        "findings", {k: v for k, v in record_dict(AGREED_FINDING).items() if k != "agreed"}
    )


@pytest.fixture
def review(tmp_path):
    from cqc_tui.core.workspace import Workspace

    session = make_review(Workspace(tmp_path / "home"), notes=60)
    session.update("review", session.review.id, status="final")
    yield session
    session.close()


def test_a_final_report_refuses_an_unagreed_finding_and_a_draft_marks_it(review, tmp_path):
    session = review
    session.user = "Ben Cole"
    finding = next(
        f for f in session.findings() if f.kind == "finding" and f.scope_unit and f.key_question
    )
    edited = session.update("findings", finding.id, text="Staff did not always act on concerns.")
    assert not edited.agreed
    problems = final_problems(session, with_readiness=False)
    unit = next(u.label for u in session.scope_units() if u.id == finding.scope_unit)
    kq = session.framework.key_question(finding.key_question).label
    assert problems == [
        f"Finding ({unit}, {kq}): 1 written but not agreed by the team (agree it: o on the "
        "review screen, then a)"
    ]
    with pytest.raises(NotFinal) as refused:
        export_review(session, tmp_path / "final.docx", ExportOptions(final=True))
    assert problems[0] in refused.value.reasons
    assert not (tmp_path / "final.docx").exists()
    out = export_review(session, tmp_path / "draft.docx", ExportOptions(draft=True))
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    marked = [t for t in texts if "DRAFT: finding not agreed by the team yet" in t]
    assert marked == [f"{finding.heading} DRAFT: finding not agreed by the team yet"]
    [saved] = set_findings_agreed(session, [edited], True)
    assert (saved.agreed, saved.agreed_by) == (True, "Ben Cole") and saved.agreed_at
    assert final_problems(session, with_readiness=False) == []
    out = export_review(session, tmp_path / "draft2.docx", ExportOptions(draft=True))
    assert not any("finding not agreed" in p.text for p in docx.Document(str(out)).paragraphs)


def test_other_kinds_are_asked_for_on_the_findings_screen(review):
    session = review
    practice = next(f for f in session.findings() if f.kind == "outstanding_practice")
    set_findings_agreed(session, [practice], False)
    problems = final_problems(session, with_readiness=False)
    assert len(problems) == 1 and problems[0].startswith("Outstanding practice (")
    assert problems[0].endswith("(agree it: f on the review screen, then A)")


def test_nothing_written_cannot_be_agreed_and_agreeing_twice_saves_nothing(review):
    session = review
    with pytest.raises(ValidationError, match="no finding written"):
        set_findings_agreed(session, [], True)
    agreed = [f for f in session.findings() if f.agreed]
    assert set_findings_agreed(session, agreed, True) == []


def test_the_agreement_travels_in_a_dump(review):
    session = review
    finding = session.findings()[0]
    set_findings_agreed(session, [finding], False)
    text = dump_text(session.store.tables)
    parsed = parse_review_file("r.yaml", session.workspace.frameworks, text=text)
    found = {r.id: r for r in parsed.records if isinstance(r, Finding)}
    assert not found[finding.id].agreed
    assert sum(f.agreed for f in found.values()) == len(found) - 1
    bad = text.replace("agreed_at: '2018-04-09T10:00:00.000Z'", "agreed_at: yesterday", 1)
    with pytest.raises(FileProblems, match=r"findings\[\d+\]: agreed_at 'yesterday' must be a UTC"):
        parse_review_file("r.yaml", session.workspace.frameworks, text=bad)


def test_a_finding_agreed_on_one_laptop_and_edited_on_another_is_a_conflict(team):  # noqa: F811
    root, lead, a, _b, review_id = team
    receive(a, [root / "lead.cqcb"])
    with lead.open_id(review_id) as session:
        choose_member(session, "Lena Lead")
        [finding] = session.findings()
        set_findings_agreed(session, [finding], True)
        share(session, root / "lead2.cqcb")
    with a.open_id(review_id) as session:
        choose_member(session, "Ann Ford")
        session.update("findings", finding.id, text="Night staffing below plan on most nights")
        share(session, root / "ann.cqcb")
    receive(a, [root / "lead2.cqcb"])
    receive(lead, [root / "ann.cqcb"])
    for workspace in (lead, a):
        with workspace.open_id(review_id) as session:
            [found] = [c for c in conflicts(session) if c.table == "findings"]
            kept = {(v.fields["agreed"], v.fields["text"]) for v in found.versions}
            assert kept == {
                (True, "Night staffing below plan"),
                (False, "Night staffing below plan on most nights"),
            }
    with lead.open_id(review_id) as session:
        choose_member(session, "Lena Lead")
        [found] = conflicts(session)
        ann = next(v for v in found.versions if not v.fields["agreed"])
        resolve_conflict(
            session,
            "findings",
            found.record_id,
            keep=ann.revision,
            fields={"text": "Short on most nights"},
        )
        [finding] = session.findings()
        assert finding.text == "Short on most nights" and not finding.agreed


def test_who_last_edited_a_finding_is_not_who_agreed_it():
    """The outline's 'Last edited' is the last change to what the team agrees: agreeing or taking
    an agreement back is not an edit; an edit (or a combined resolution) is, by whoever made it."""
    written_by_ann = Finding(author="Ann Ford", heading="Staffing", text="Short at night.")
    assert written_by_ann.last_edit == ("Ann Ford", written_by_ann.created)
    at = "2026-12-01T08:00:00.000Z"
    agreed = written_by_ann.revise(
        author="Lena Lead", agreed=True, agreed_by="Lena Lead", agreed_at=at
    )
    assert isinstance(agreed, Finding) and agreed.last_edit == ("Ann Ford", agreed.created)
    edited = agreed.revise(author="Ben Cole", text="Short at night and at weekends.")
    assert isinstance(edited, Finding)
    assert edited.last_edit == ("Ben Cole", edited.updated) and not edited.agreed
    back = edited.revise(
        author="Lena Lead", agreed=True, agreed_by="Lena Lead", agreed_at=at
    ).revise(author="Lena Lead", agreed=False, agreed_by="", agreed_at="")
    assert isinstance(back, Finding) and back.last_edit == ("Ben Cole", edited.updated)
    resolved = edited.resolution_changes({"text": "Both."}, "Lena Lead", "2026-12-01T09:00:00.000Z")
    assert (resolved["edited_by"], resolved["edited"]) == ("Lena Lead", "2026-12-01T09:00:00.000Z")
    for name in ("edited_by", "edited"):  # an older finding keeps its revision id
        assert name in Finding.ADDED_FIELDS
