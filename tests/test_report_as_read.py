"""The samples' final reports as a CQC report editor reads them: what they would otherwise delete or
rewrite is said once, and dates read as people write them."""

from __future__ import annotations

import re

import docx
import pytest

from tests.report_samples import SAMPLES, export_sample

TRUST = next(p for p in SAMPLES if p.stem == "birmingham-community-trust-inspection")
BABY_P = next(p for p in SAMPLES if p.stem == "baby-p-follow-up-review-2009")


@pytest.fixture(scope="module")
def trust_text(tmp_path_factory) -> list[str]:
    exported = export_sample(TRUST, tmp_path_factory.mktemp("trust"))
    return [p.text for p in docx.Document(str(exported.path)).paragraphs]


def test_a_unit_not_inspected_with_one_carried_rating_says_it_once(trust_text):
    heading = "Core services not inspected this time"
    at = len(trust_text) - 1 - trust_text[::-1].index(heading)  # the heading, not the contents
    carried = trust_text[at + 1 : at + 7]
    assert carried == [  # the four units share one carried rating: it is said once, for all four
        "Good for every key question and overall (November 2014):",
        "Community health services for adults",
        "End of life care",
        "Community dental services",
        "Community health services for people with a learning disability",
        "The trust as a whole",
    ]
    assert trust_text.count("Good for every key question and overall (November 2014):") == 1
    assert "Safe: Good (November 2014)" not in trust_text


def test_fieldwork_over_two_months_writes_the_year_once(trust_text, tmp_path):
    assert "Fieldwork: 24 April to 16 May 2018" in trust_text
    exported = export_sample(BABY_P, tmp_path)
    texts = [p.text for p in docx.Document(str(exported.path)).paragraphs]
    assert "Fieldwork: 20 January to 4 March 2009" in texts


def test_a_recommendation_is_tagged_as_cqc_prints_it_without_a_lone_key_question(trust_text):
    assert "Regulation 18 Staffing" in trust_text
    should = len(trust_text) - 1 - trust_text[::-1].index("Action the provider SHOULD take")
    listed = trust_text[should : should + 12]  # the should-do list
    assert "Effective" not in listed and "Well-led" not in listed
    assert not any(t.startswith("Key question") or "\u00b7 key question" in t for t in trust_text)


def test_one_rationale_given_for_every_key_question_is_printed_once(trust_text):
    said = (
        "Evidence across the KLOEs met the characteristics of good; minor issues did not affect "
        "people's safety or outcomes."
    )
    assert trust_text.count(said) == 1
    inpatient = trust_text.index("Safe staffing and risk management") - 4  # its first finding
    assert trust_text[inpatient] == "Community health inpatient services"
    assert trust_text[inpatient + 1 : inpatient + 4] == ["Safe", "Rating: \u00a0Good\u00a0", said]
    assert trust_text[inpatient + 6 : inpatient + 9] == [  # Effective: the rating, then its finding
        "Effective",
        "Rating: \u00a0Good\u00a0",
        "Good rehabilitation outcomes",
    ]


def test_a_recommendation_is_not_tagged_with_the_heading_it_is_listed_under(tmp_path):
    exported = export_sample(BABY_P, tmp_path)
    texts = [p.text for p in docx.Document(str(exported.path)).paragraphs]
    at = next(i for i, t in enumerate(texts) if t.startswith("9.\tBring paediatric records"))
    assert texts[at + 1] != "Great Ormond Street Hospital for Children NHS Trust"
    lsr = next(p for p in SAMPLES if p.stem == "birmingham-local-system-review-2018")
    texts = [
        p.text for p in docx.Document(str(export_sample(lsr, tmp_path / "lsr").path)).paragraphs
    ]
    at = next(i for i, t in enumerate(texts) if t.startswith("7.\tSimplify the health"))
    assert texts[at + 1] == (  # an area's name alone is labelled, not left to look like a heading
        "Pressure-point area: Maintaining the wellbeing of a person in their usual place of residence"
    )


def grid_rows(path) -> list[list[str]]:
    """The ratings grid's rows, each cell's lines joined by ' / '."""
    d = docx.Document(str(path))
    grid = next(t for t in d.tables if t.rows[0].cells[-1].text == "Overall")
    return [
        [" / ".join(p.text for p in cell.paragraphs) for cell in row.cells] for row in grid.rows
    ]


def test_reinspection_grid_dates_each_cell_and_a_carried_rating_is_not_compared_with_itself(
    tmp_path,
):
    reinspection = next(p for p in SAMPLES if p.stem == "forward-thinking-birmingham-reinspection")
    rows = grid_rows(export_sample(reinspection, tmp_path).path)
    header, service = rows[0], rows[1]
    cell = dict(zip(header, service, strict=True))
    assert cell["Caring"].splitlines() == ["Good *", "Nov 2022"]  # no "= was Good (Nov 2022)"
    assert cell["Safe"].splitlines() == [
        "Requires improvement",
        "\u2191 up from Inadequate (Nov 2022)",
        "Sep 2023",
    ]


def test_regulatory_action_names_where_and_does_not_repeat_its_kind(trust_text):
    """Each notice's heading names the core service or the trust (never a lone 'Well-led'), and what
    the trust must do follows without saying again what kind of notice it is."""
    headings = [t for t in trust_text if t.startswith(("Warning notice", "Requirement notice"))]
    assert headings[-1] == (
        "Requirement notice: Birmingham Community Healthcare NHS Foundation Trust, Well-led"
    )
    assert "Requirement notice: Well-led" not in trust_text
    at = len(trust_text) - 1 - trust_text[::-1].index("Regulatory action")
    section = trust_text[at : trust_text.index("Appendix: evidence behind the findings", at)]
    assert len([t for t in section if t.startswith(("Warning notice", "Requirement notice"))]) == 3
    assert len([t for t in section if t.startswith("The trust must")]) == 3


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_the_method_table_holds_only_how_the_work_was_done(sample, tmp_path):
    """The method's figures are what the team did (records read, services visited, people met); what
    it found (recommendations, areas for improvement) or who it was (the team) is said elsewhere."""
    d = docx.Document(str(export_sample(sample, tmp_path).path))
    method = next(t for t in d.tables if t.rows[0].cells[-1].text == "Number")
    labels = [row.cells[0].text.lower() for row in method.rows[1:]]
    assert labels and not [
        label
        for label in labels
        if any(word in label for word in ("recommendation", "improvement", "advisor", "programme"))
    ]


def test_a_key_question_not_inspected_says_so_once(tmp_path):
    """The re-inspection's caring was carried forward: the rating line says so; neither the old
    rating's rationale nor the finding says it again."""
    reinspection = next(p for p in SAMPLES if p.stem == "forward-thinking-birmingham-reinspection")
    texts = [
        p.text for p in docx.Document(str(export_sample(reinspection, tmp_path).path)).paragraphs
    ]
    at = texts.index("Mixed feedback from young people")
    assert texts[at - 2 : at] == [
        "Caring",
        "Rating: \u00a0Good\u00a0 (carried forward from November 2022)",
    ]
    assert texts[at + 1].endswith("or they were not kept informed.")
    said = [t for t in texts if "not re-rated" in t or "rating stands" in t]
    assert len(said) == 1 and said[0].startswith("An unannounced focused re-inspection")  # scope


def test_a_draft_marks_a_key_question_the_team_has_not_rated(tmp_path):
    """A core service's key question with findings but no rating is marked DRAFT where its rating
    would be, and a final export is refused."""
    from cqc_tui.core.exchange import import_review
    from cqc_tui.core.workspace import Workspace
    from cqc_tui.report import ExportOptions, export_review
    from cqc_tui.report.final_gate import NotFinal

    ws = Workspace(tmp_path / "home")
    _, review_id = import_review(ws, TRUST)
    session = ws.open_id(review_id)
    try:
        unit = next(u for u in session.scope_units() if u.label.startswith("Community health serv"))
        rating = next(
            r
            for r in session.ratings(sources=None, location=None)
            if r.scope_unit == unit.id and r.key_question == "effective"
        )
        session.delete("ratings", rating.id)
        out = export_review(session, tmp_path / "draft.docx", ExportOptions(draft=True))
        with pytest.raises(NotFinal):
            export_review(session, tmp_path / "final.docx", ExportOptions(final=True))
    finally:
        session.close()
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    row = next(r for r in grid_rows(out) if r[0] == unit.label)
    assert row[2] == "DRAFT: not rated yet"  # the grid's Effective cell, not a bare '-'
    at = texts.index("Mandated contacts not delivered")
    assert texts[at - 2 : at] == [
        "Effective",
        f"DRAFT: no rating is agreed yet for {unit.label}, Effective",
    ]


def test_clas_management_section_prints_the_teams_findings_on_leadership(tmp_path):
    """The CLAS report's Management section holds the team's findings on leadership and governance,
    training and supervision, and partnership (no framework 'Well-led' heading), and the appendix
    lists every one of the fifteen notes they rest on under 'Management'."""
    clas = next(p for p in SAMPLES if p.stem == "leicester-clas-review-2016")
    paragraphs = docx.Document(str(export_sample(clas, tmp_path).path)).paragraphs
    texts = [p.text for p in paragraphs]
    at = next(
        i
        for i, p in enumerate(paragraphs)
        if p.text == "Management" and p.style.name == "Heading 1"
    )
    assert texts[at + 1 : at + 7 : 2] == [
        "Leadership and governance",
        "Training and supervision",
        "Partnership and learning",
    ]
    assert "Well-led" not in texts
    appendix = len(texts) - 1 - texts[::-1].index("Management")  # its place in the appendix
    assert appendix > at
    assert len(set(re.findall(r"\(no\. (\d+)\)", "".join(texts[appendix : appendix + 4])))) == 15


def test_each_system_well_led_finding_rests_on_its_own_notes(tmp_path):
    """The local system review's six well-led findings each cite the notes of their own line of
    enquiry, so the appendix lists them one by one instead of six headings over the same notes."""
    lsr = next(p for p in SAMPLES if p.stem == "birmingham-local-system-review-2018")
    texts = [p.text for p in docx.Document(str(export_sample(lsr, tmp_path).path)).paragraphs]
    at = len(texts) - 1 - texts[::-1].index("Is the system well led?")  # its place in the appendix
    cited = texts[at + 1 : at + 7]
    assert [text.split("\n")[0] for text in cited] == [
        "Vision and strategy",
        "Interagency collaboration",
        "Governance and risk",
        "Commissioning and the care market",
        "Workforce",
        "Information sharing",
    ]
    numbers = [set(re.findall(r"\(no\. (\d+)\)", text)) for text in cited]
    assert all(numbers) and all(
        a.isdisjoint(b) for i, a in enumerate(numbers) for b in numbers[i + 1 :]
    )


def test_a_rating_and_its_finding_on_the_same_notes_are_named_together_in_words(tmp_path):
    """The evidence appendix lists notes a rating and the finding under it both rest on once,
    called 'Rating and finding: <heading>', not two labels glued with a semicolon."""
    reinspection = next(p for p in SAMPLES if p.stem == "forward-thinking-birmingham-reinspection")
    texts = [
        p.text for p in docx.Document(str(export_sample(reinspection, tmp_path).path)).paragraphs
    ]
    assert any(
        t.startswith("Rating and finding: Risk management improved but actions were not always")
        for t in texts
    )
    assert not any(t.startswith("Rating; ") for t in texts)
