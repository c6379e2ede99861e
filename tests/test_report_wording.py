"""The five samples' reports carry only the team's words: no generated summaries of notes, no
placeholder sentences, no internal ids, no data keys as labels, dates as people write them, and a
final report marks nothing as draft."""

from __future__ import annotations

import re
from collections import Counter

import docx
import pytest
from docx.oxml.ns import qn

from tests.report_samples import INCOMPLETE, SAMPLE_IDS, SAMPLES, ExportedSample, export_sample

MACHINE_PHRASES = (
    "the team recorded",  # "For safe in this area the team recorded 4 evidence notes ..."
    "evidence notes (",
    "No finding has been written",
    "Nothing was recorded",
    "Nothing is recorded",
    "is recorded in this review",  # "No enforcement action ... is recorded in this review."
    "is recorded for this review",
    "not yet agreed",
    "given by the aggregation rules",
    "From the evidence recorded by the team",
    "As stated by the team",
    "Evidence (",
)
HEX_ID = re.compile(r"\[[0-9a-f]{8}\]|\b[0-9a-f]{8}-[0-9a-f]{4}-")
ISO_DATE = re.compile(r"\b(19|20)\d\d-[01]\d-[0-3]\d\b")
DATA_KEY = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")


@pytest.fixture(scope="module", params=SAMPLES, ids=SAMPLE_IDS)
def exported(request, tmp_path_factory) -> ExportedSample:
    return export_sample(request.param, tmp_path_factory.mktemp(request.param.stem))


EVIDENCE_LOG = "No.Date"  # how the first row of a table reads, run together
ACTION_PLAN = "RecommendationAction"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])|\n")  # not after "(no. 12"


def report_text(path, skip_user_tables: bool = True, skip: tuple[str, ...] = ()) -> str:
    """Every paragraph of the body, headers and tables, leaving out the tables that print the team's
    raw records as they typed them (the evidence log's note texts, the action plan's progress), and
    any table whose first row starts with one of `skip`."""
    d = docx.Document(str(path))
    parts: list[str] = []
    body = d.element.body
    for el in body:
        if el.tag == qn("w:p"):
            parts.append("".join(t.text or "" for t in el.iter(qn("w:t"))))
        elif el.tag == qn("w:tbl"):
            first = "".join(t.text or "" for t in next(el.iter(qn("w:tr"))).iter(qn("w:t")))
            if (skip_user_tables and first.startswith((EVIDENCE_LOG, ACTION_PLAN))) or (
                skip and first.startswith(skip)
            ):
                continue
            for para in el.iter(qn("w:p")):
                parts.append("".join(t.text or "" for t in para.iter(qn("w:t"))))
    for section in d.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def test_no_machine_phrases(exported):
    text = report_text(exported.path)
    found = [phrase for phrase in MACHINE_PHRASES if phrase in text]
    assert found == []


def test_no_internal_ids_anywhere(exported):
    text = report_text(exported.path, skip_user_tables=False)
    assert HEX_ID.findall(text) == []


def test_dates_read_as_people_write_them(exported):
    text = report_text(exported.path)
    assert ISO_DATE.findall(text) == []


def test_no_data_keys_as_labels(exported):
    text = report_text(exported.path)
    assert DATA_KEY.findall(text) == []


def repeated_sentences(text: str, most: int = 2) -> dict[str, int]:
    """Sentences of five words or more (ending in a full stop) printed more than `most` times."""
    counts = Counter(
        sentence.strip()
        for sentence in SENTENCE_END.split(text)
        if sentence.strip().endswith(".") and len(sentence.split()) >= 5
    )
    return {sentence: n for sentence, n in counts.items() if n > most}


def repeated_actions(cells: list[str], most: int = 2) -> dict[str, int]:
    """Actions (the first line of an action plan's Action cell; its evidence follows) printed more
    than `most` times, whatever their length and with or without a full stop."""
    counts = Counter(cell.split("\n")[0].strip() for cell in cells)
    return {action: n for action, n in counts.items() if action and n > most}


def test_boilerplate_is_written_once(exported):
    """No sentence is printed again and again (an action plan's rows each ending in the same
    template phrase), anywhere but the evidence log, which prints the notes as they were typed.
    The action plan names a recommendation again on each of its actions' rows on purpose (a row
    at the top of a page says what it is for): its actions, owners and progress are counted, and
    no action is printed more than twice (a template step such as "Audit progress on this
    recommendation and report the findings to the ..." added to every recommendation)."""
    text = report_text(exported.path, skip=(EVIDENCE_LOG,))
    d = docx.Document(str(exported.path))
    actions: list[str] = []
    for table in d.tables:
        header = [c.text for c in table.rows[0].cells]
        if "".join(header).startswith(ACTION_PLAN):
            text += "\n" + "\n".join(cell.text for row in table.rows[1:] for cell in row.cells[1:])
            column = header.index("Action")
            actions += [row.cells[column].text for row in table.rows[1:]]
    assert repeated_sentences(text) == {}
    assert repeated_actions(actions) == {}


def test_no_table_column_nobody_filled(exported):
    """No table has a column of nothing but zeros (an action plan's "Not started" column when
    every action has started)."""
    d = docx.Document(str(exported.path))
    empty = []
    for table in d.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if len(rows) < 2:
            continue
        for column, name in enumerate(rows[0]):
            values = {row[column] for row in rows[1:] if column < len(row)}
            if values == {"0"}:
                empty.append(name)
    assert empty == []


def test_headings_never_skip_a_level(exported):
    """A heading 3 always sits under a heading 2 (an organisation's recommendations straight under
    the section's heading 1 are a heading 2), as Word's navigation and a screen reader expect."""
    d = docx.Document(str(exported.path))
    skipped, level = [], 0
    for paragraph in d.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name.startswith("Heading ") and name[8:].isdigit():
            if int(name[8:]) > level + 1:
                skipped.append(paragraph.text)
            level = int(name[8:])
    assert skipped == []


def test_no_brackets_after_brackets(exported):
    """No ') (' in the report's own lines: 'Framework: ... (2017) (version 2017.1)' read as two
    afterthoughts; the version follows a comma."""
    text = report_text(exported.path, skip_user_tables=True)
    assert [line for line in text.splitlines() if ") (" in line] == []


def test_an_unrated_review_speaks_of_no_rating(exported):
    """A review type that publishes no ratings (follow-up, CLAS, local system) never mentions a
    rating: not even the evidence appendix's opening line."""
    if exported.review_type in ("comprehensive", "focused"):
        return
    text = report_text(exported.path, skip_user_tables=True)
    assert re.findall(r"[^\n]*\brating\b[^\n]*", text, flags=re.IGNORECASE) == []


def test_final_reports_mark_nothing_as_draft(exported):
    text = report_text(exported.path)
    if exported.name in INCOMPLETE:
        assert "DRAFT: no finding is written yet" in text  # a draft marks each gap
    else:
        assert "DRAFT" not in text and "| FINAL" in text


def test_the_checks_can_fail(tmp_path):
    """Each pattern finds what it is there to find."""
    assert HEX_ID.findall("Evidence: [7e533b90] 8 February 2016")
    assert ISO_DATE.findall("on track for 2017-02-28")
    assert DATA_KEY.findall("actions_completed_march_2017 143")
    assert any(
        p in "For safe in this area the team recorded 4 evidence notes (1 positive)"
        for p in MACHINE_PHRASES
    )
    row = "Audit report, checked by the CCG hosted safeguarding team and accepted."
    assert repeated_sentences(f"Do this\nEvidence: {row}\n" * 3) == {f"Evidence: {row}": 3}
    step = "Audit progress on this recommendation and report the findings to the SSOTP safeguarding group"
    cells = [f"{step}\nEvidence: Audit report", step, f"{step}\nEvidence: Training register"]
    assert repeated_sentences("\n".join(cells)) == {}  # no full stop: the sentence check misses it
    assert repeated_actions(cells) == {step: 3}
    assert repeated_actions([*cells[:2], "Record supervision attendance"]) == {}
