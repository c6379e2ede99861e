"""Enforcement records carry the regulated activity and how the regulation was not met: both
optional (older reviews read as before), held to the sizes a save allows, the activity one line."""

from __future__ import annotations

import pytest

from cqc_tui.core.errors import ValidationError
from cqc_tui.core.model import Enforcement, Review
from cqc_tui.core.record_shape import MAX_SHORT_CHARS, MAX_TEXT_CHARS, shape_problems
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


def test_readiness_and_the_final_gate_refuse_an_action_without_its_detail(session):
    from cqc_tui.core import readiness
    from cqc_tui.report.final_gate import final_problems

    record = session.add(
        Enforcement,
        kind="requirement_notice",
        regulation="Regulation 17 Good governance",
        regulated_activity="Treatment of disease, disorder or injury",
    )
    expected = (
        "Requirement notice (the provider, Regulation 17 Good governance): give how the regulation "
        "was not met (f, then 3 on the review screen)"
    )
    found = [f for f in readiness.check(session) if f.code == "enforcement_incomplete"]
    assert [(f.severity, f.message) for f in found] == [("error", expected)]
    assert found[0].refs["enforcement_id"] == record.id
    assert f"readiness: {expected}" in final_problems(session)
    session.update("enforcement", record.id, regulated_activity="", how_not_met="")
    found = [f for f in readiness.check(session) if f.code == "enforcement_incomplete"]
    assert found[0].message.endswith(
        "give the regulated activity and how the regulation was not met (f, then 3 on the review "
        "screen)"
    )
    session.update(
        "enforcement",
        record.id,
        regulated_activity="Treatment of disease, disorder or injury",
        how_not_met="Audits found the same gaps three months running.",
    )
    assert not [f for f in readiness.check(session) if f.code == "enforcement_incomplete"]
    assert not any("Requirement notice" in p for p in final_problems(session))
