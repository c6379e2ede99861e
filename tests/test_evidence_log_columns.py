"""The evidence log puts each fact in the column its header names, for every review type: the
key question with its lines, the scope unit alone (or 'Whole review'), where the note was
gathered, the note itself."""

from __future__ import annotations

import docx
import pytest

from cqc_tui.core.exchange import import_review
from cqc_tui.core.workspace import Workspace
from tests.report_samples import SAMPLE_IDS, SAMPLES, export_sample


def evidence_log(path):
    document = docx.Document(str(path))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "No.")
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_each_fact_is_in_the_column_its_header_names(sample, tmp_path):
    rows = evidence_log(export_sample(sample, tmp_path / "export").path)
    header, body = rows[0], rows[1:]
    workspace = Workspace(tmp_path / "home")
    _, review_id = import_review(workspace, sample)
    session = workspace.open_id(review_id, readonly=True)
    try:
        framework, review_type = session.framework, session.review_type
        unit_labels = {unit.label for unit in session.scope_units()}
        notes = sorted(session.notes(), key=lambda n: (n.created, n.id))
        key_questions = {kq.label for kq in framework.key_questions}
    finally:
        session.close()
    line_label = framework.line_label
    assert header == [
        "No.",
        "Date",
        "Author",
        f"Key question and {line_label if line_label.isupper() else line_label.lower()}",
        review_type.scope_unit_label,
        "Where gathered",
        "Source",
        "Polarity",
        "Note",
    ]
    assert len(body) == len(notes)
    for row, note in zip(body, notes, strict=True):
        key_question, _, lines = row[3].partition(": ")
        assert key_question in key_questions, row[3]
        assert lines.split(", ") == list(note.lines) if note.lines else not lines
        assert row[4] in unit_labels | {"Whole review"}, row[4]  # the unit, nothing else
        assert row[5] == note.place  # the place in its own column
        assert row[-1].startswith(note.text.split("\n")[0][:40])


def test_a_note_for_no_scope_unit_says_whole_review(tmp_path):
    sample = next(s for s in SAMPLES if s.stem == "birmingham-local-system-review-2018")
    workspace = Workspace(tmp_path / "home")
    _, review_id = import_review(workspace, sample)
    session = workspace.open_id(review_id, readonly=True)
    without_unit = sum(1 for note in session.notes() if not note.scope_unit)
    session.close()
    assert without_unit  # the sample has system-wide notes
    rows = evidence_log(export_sample(sample, tmp_path / "export").path)
    assert sum(1 for row in rows[1:] if row[4] == "Whole review") == without_unit
