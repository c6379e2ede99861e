"""Enforcement records carry the regulated activity and how the regulation was not met: both
optional (older reviews read as before), held to the sizes a save allows, the activity one line."""

from __future__ import annotations

import pytest

from cqc_tui.core.errors import ValidationError
from cqc_tui.core.model import Enforcement, Review
from cqc_tui.core.validate import MAX_SHORT_CHARS, MAX_TEXT_CHARS, shape_problems
from cqc_tui.core.workspace import Workspace


@pytest.fixture
def session(tmp_path):
    ws = Workspace(tmp_path / "home")
    s = ws.create(
        Review(title="Trust", review_type="comprehensive", framework_id="kloe-healthcare"),
        user="ann",
    )
    yield s
    s.close()


def test_the_detail_is_saved_and_read_back(session):
    saved = session.add(
        Enforcement,
        kind="requirement_notice",
        regulation="Regulation 12 Safe care and treatment",
        regulated_activity="Treatment of disease, disorder or injury",
        how_not_met="Risk assessments were not completed for 4 of 10 children.\nNo audit.",
    )
    again = session.store.get("enforcement", saved.id)
    assert again.regulated_activity == "Treatment of disease, disorder or injury"
    assert again.how_not_met.endswith("No audit.")


def test_older_records_without_the_detail_read_as_empty():
    old = Enforcement.from_dict(
        {"id": "e1", "kind": "requirement_notice", "regulation": "Regulation 17"}
    )
    assert old.regulated_activity == "" and old.how_not_met == ""


def test_the_activity_is_one_line(session):
    with pytest.raises(ValidationError, match="regulated_activity is one line"):
        session.add(
            Enforcement, kind="requirement_notice", regulated_activity="Personal care\nNursing care"
        )


def test_sizes():
    assert shape_problems(Enforcement(how_not_met="x" * MAX_TEXT_CHARS)) == []
    assert shape_problems(Enforcement(how_not_met="x" * (MAX_TEXT_CHARS + 1)))
    assert shape_problems(Enforcement(regulated_activity="x" * (MAX_SHORT_CHARS + 1)))
