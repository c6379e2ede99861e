"""Notes cited in the team's text: the report prints a short human reference (initials, date,
source, the note's number in the evidence log) in place of the token, never the note's id; the
note is listed under the section in the evidence appendix; a citation of a deleted note is marked
in a draft and stops a final report."""

from __future__ import annotations

import docx
import pytest

from cqc_tui.core.model import SOURCE_TYPES
from cqc_tui.core.workspace import Workspace
from cqc_tui.report import ExportOptions, export_review
from cqc_tui.report.citations import citation, cited_note_ids, missing_citations, split_citations
from cqc_tui.report.final_gate import NotFinal, final_problems
from tests.synthetic_review import make_review


def test_tokens_split_and_list():
    a, b = "1a2b3c4d-0000-4000-8000-000000000001", "1a2b3c4d-0000-4000-8000-000000000002"
    text = f"Waits were long {citation(a)}; see also {citation(b)} and {citation(a)}."
    assert cited_note_ids(text) == [a, b]
    assert split_citations(text) == [
        ("text", "Waits were long "),
        ("note", a),
        ("text", "; see also "),
        ("note", b),
        ("text", " and "),
        ("note", a),
        ("text", "."),
    ]
    assert missing_citations(text, [a]) == [b]
    assert split_citations("[note:zz] stays text") == [("text", "[note:zz] stays text")]


@pytest.fixture
def cited(tmp_path):
    ws = Workspace(tmp_path / "home")
    session = make_review(ws, notes=12, tricky=False)
    notes = sorted(session.notes(), key=lambda n: (n.created, n.id))
    first, second = notes[0], notes[3]
    summary = (
        f"Parents told us waits were too long {citation(first.id)}.\n"
        f"- Staff knew the escalation route {citation(second.id)}"
    )
    session.update(
        "review", session.review.id, sections={**session.review.sections, "summary": summary}
    )
    yield session, first, second, notes
    session.close()


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_a_citation_prints_a_short_reference_and_no_id(cited, tmp_path):
    session, first, _second, notes = cited
    out = export_review(session, tmp_path / "r.docx", ExportOptions(draft=True))
    doc = docx.Document(str(out))
    text = _text(doc)
    assert "[note:" not in text and first.id not in text and first.id[:8] not in text
    number = notes.index(first) + 1
    source = SOURCE_TYPES[first.source]
    line = next(p.text for p in doc.paragraphs if p.text.startswith("Parents told us waits"))
    assert f"{source[:1].lower()}{source[1:]}; no. {number})." in line
    assert line.startswith("Parents told us waits were too long (")
    bullet = next(
        p for p in doc.paragraphs if p.text.startswith("Staff knew the escalation route (")
    )
    assert bullet.style.name == "List Bullet"
    # the appendix lists the cited notes under the section
    paragraphs = [p.text for p in doc.paragraphs]
    start = paragraphs.index("Appendix: evidence behind the findings")
    assert "Summary of findings" in paragraphs[start:]
    # the number is a link to the note's row of the log
    xml = doc.element.xml
    assert 'w:anchor="n' + first.id.replace("-", "")[:39] + '"' in xml


def test_without_the_evidence_appendix_the_reference_has_no_number(cited, tmp_path):
    session, _first, _, _ = cited
    out = export_review(
        session, tmp_path / "r.docx", ExportOptions(draft=True, evidence_appendix=False)
    )
    line = next(
        p.text for p in docx.Document(str(out)).paragraphs if p.text.startswith("Parents told us")
    )
    assert "no." not in line and line.endswith(").")


def test_a_redacted_report_keeps_citations_whole(cited, tmp_path):
    session, first, _, _ = cited
    out = export_review(session, tmp_path / "r.docx", ExportOptions(draft=True, redact=True))
    text = _text(docx.Document(str(out)))
    assert "[note:" not in text and first.id not in text
    assert "Parents told us waits were too long (" in text


def test_a_citation_of_a_deleted_note_is_marked_in_a_draft_and_stops_a_final_report(
    cited, tmp_path
):
    session, first, _, _ = cited
    session.delete("notes", first.id)
    problems = final_problems(session, with_readiness=False)
    assert (
        "'Summary of findings' cites a note that is no longer in the review (remove the citation or "
        "restore the note)" in problems
    )
    with pytest.raises(NotFinal):
        export_review(session, tmp_path / "final.docx", ExportOptions(final=True))
    text = _text(
        docx.Document(str(export_review(session, tmp_path / "d.docx", ExportOptions(draft=True))))
    )
    assert "DRAFT: a note cited here has been deleted" in text
    assert first.id not in text


def test_a_note_cited_in_a_finding_is_listed_under_that_finding(cited, tmp_path):
    """In the evidence appendix a note cited in a finding's text stands under the finding (its
    unit and key question, then its heading), as the notes it rests on do; not under the title
    of the section the finding is printed in."""
    from cqc_tui.core.model import FINDING, Finding

    session, _first, _second, _notes = cited
    unit = session.scope_units()[0]
    first = session.add_note(  # a note nothing else rests on
        lines=["S1"], scope_unit=unit.id, text="Four families waited over an hour."
    )
    notes = sorted(session.notes(), key=lambda n: (n.created, n.id))
    session.add(
        Finding,
        kind=FINDING,
        scope_unit=unit.id,
        key_question="safe",
        heading="Waits in the assessment unit",
        text=f"Waits were long {citation(first.id)}.",
        order=99,
    )
    out = export_review(session, tmp_path / "r.docx", ExportOptions(draft=True))
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    title = "Appendix: evidence behind the findings"
    appendix = paragraphs[len(paragraphs) - 1 - paragraphs[::-1].index(title) :]
    heading = appendix.index(f"{unit.label}, Safe")
    listed = next(
        line for line in appendix[heading + 1 :] if "Waits in the assessment unit" in line
    )
    assert appendix.index(listed) < appendix.index(f"{unit.label}, Effective")
    assert f"no. {notes.index(first) + 1})" in listed.split("\n")[1]
    units_title = next(
        p.text
        for p in docx.Document(str(out)).paragraphs
        if p.style is not None and p.style.name == "Heading 1" and p.text.startswith("Findings")
    )
    assert units_title not in appendix
