"""The samples' final reports as a CQC report editor reads them: what they would otherwise delete or
rewrite is said once, and dates read as people write them."""

from __future__ import annotations

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
    carried = trust_text[at + 1 : at + 9]
    assert carried == [
        "Community health services for adults",
        "Good for every key question and overall (November 2014)",
        "End of life care",
        "Good for every key question and overall (November 2014)",
        "Community dental services",
        "Good for every key question and overall (November 2014)",
        "Community health services for people with a learning disability",
        "Good for every key question and overall (November 2014)",
    ]
    assert "Safe: Good (November 2014)" not in trust_text


def test_fieldwork_over_two_months_writes_the_year_once(trust_text, tmp_path):
    assert "Fieldwork: 24 April to 16 May 2018" in trust_text
    exported = export_sample(BABY_P, tmp_path)
    texts = [p.text for p in docx.Document(str(exported.path)).paragraphs]
    assert "Fieldwork: 20 January to 4 March 2009" in texts


def test_a_recommendations_key_question_is_labelled_not_left_like_a_heading(trust_text):
    assert "Key question: effective" in trust_text
    assert "Regulation 18 Staffing \u00b7 key question: safe" in trust_text
    should = len(trust_text) - 1 - trust_text[::-1].index("Action the provider SHOULD take")
    assert "Effective" not in trust_text[should : should + 12]  # the should-do list
