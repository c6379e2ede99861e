"""Redaction (--redact): removes exactly what its description says, and nothing the readiness check flags survives."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_tui.core.model import EvidenceNote, Finding, Review, SectionState, TeamMember
from cqc_tui.core.personal_data import find_personal_data, personal_data_spans
from cqc_tui.report.redact import (
    MARK,
    Redactor,
    free_texts,
    initials,
    people_names,
    review_redactor,
)

TEAM = ["Ann Ford", "Ben Osei", "kwilding"]


@pytest.fixture
def redact() -> Redactor:
    return Redactor(TEAM)


@pytest.mark.parametrize(
    "text,expected",
    [
        # names the review records as people, whole and by part, with and without a title
        ("Ann Ford and Ben Osei agreed", "[redacted] and [redacted] agreed"),
        ("Osei said Ann was on leave", "[redacted] said [redacted] was on leave"),
        ("Mrs Ford's report", "[redacted] report"),
        ("Ford's report", "[redacted]'s report"),
        ("note by kwilding", "note by [redacted]"),
        # names after a title, recorded or not
        ("Mr John Smith told us", "[redacted] told us"),
        ("Mrs Patel told Dr. A. Jones", "[redacted] told [redacted]"),
        ("Dr A. Khan and Dr A Khan", "[redacted] and [redacted]"),
        ("Prof. Ng and Sister Dora", "[redacted] and [redacted]"),
        ("Dr \u0141ukasz Nowak", "[redacted]"),
        # addresses with a house number
        ("lives at 12 High Street, Leeds", "lives at [redacted], Leeds"),
        ("Flat 3, 45 Park road", "[redacted]"),
        ("7a St Mary's Close", "[redacted]"),
        # the readiness check's kinds
        ("DOB 03/04/1941", "DOB [redacted]"),
        ("(12/03/1950 DOB)", "([redacted] DOB)"),
        ("born on 3 April 1941 in Leeds", "born on [redacted] in Leeds"),
        ("ring 0121 496 0000 or +44 7700 900123", "ring [redacted] or [redacted]"),
        ("NHS no 943-476-5919, B15 2TT, a.b@nhs.net", "NHS no [redacted], [redacted], [redacted]"),
        ("NHS no 943 476 5918 (check digit wrong)", "NHS no [redacted] (check digit wrong)"),
        ("postcode b15 2tt", "postcode [redacted]"),
    ],
)
def test_removes_what_the_description_says(redact, text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "visit on 03/04/2018 went well",  # a date that is not a date of birth
        "We saw 12 people on the main road",  # a number and a road, not an address
        "3 beds on Ward 7",
        "Moseley Hall Hospital and the Nurse Practitioner",
        "36 per cent of 92 referrals within 18 weeks",
        "mrs smith",  # no capital: not a titled name
        "<&> ]]> \U0001f600 \u0645\u0631\u062d\u0628\u0627",
        "Annual review by the Fordham team",  # parts of names only as whole words
    ],
)
def test_leaves_other_text_exactly(redact, text):
    assert redact(text) == text


def test_an_untitled_name_the_review_does_not_record_is_left(redact):
    """Stated in the help text and docs/report.md: such names are not found."""
    assert redact("John Smith said so") == "John Smith said so"
    assert Redactor(["John Smith"])("John Smith said so") == "[redacted] said so"


def test_a_name_written_after_a_title_anywhere_is_removed_everywhere():
    """The review records Mr Smith as a person in one note: 'John Smith' and 'Smith' go from the others."""
    review = Review(sections={"summary": "We spoke to Dr A. Khan.", "counts": 3})
    notes = [
        EvidenceNote(author="Ann Ford", text="Mr Smith was visited at home."),
        EvidenceNote(
            author="Ann Ford", text="John Smith told us Khan had not called; Smith agreed."
        ),
    ]
    finding = Finding(heading="Care of Mrs Ng", text="Ng's care plan")
    redact = review_redactor(review, [TeamMember(name="Ben Osei")], [*notes, finding])
    assert (
        redact(notes[1].text) == "[redacted] told us [redacted] had not called; [redacted] agreed."
    )
    assert (
        redact("Ng's care plan, Osei's note, Ann's rota")
        == "[redacted]'s care plan, [redacted]'s note, [redacted]'s rota"
    )
    assert redact("the Smith family") == "the [redacted] family"  # the word before is not a name
    assert redact("Smithfield market") == "Smithfield market"  # whole words only


def test_free_texts_are_sections_and_free_text_fields():
    # the sections' texts as the report prints them: a section record holding its text wins over
    # the review's, and an emptied one has none
    review = Review(sections={"summary": "S", "counts": 3, "context": "old", "method": "M0"})
    states = {
        "context": SectionState(key="context", text="C", holds_text=True),
        "method": SectionState(key="method", text="", holds_text=True),
        "people": SectionState(key="people", text="W", holds_text=True),
    }
    records = [EvidenceNote(text="T", place="P"), Finding(heading="H", text="F")]
    assert free_texts(review, records, states) == ["S", "3", "C", "W", "T", "P", "F", "H"]


def test_people_names_are_members_authors_and_editors():
    members = [TeamMember(name="Ann Ford"), TeamMember(name=" ")]
    notes = [
        EvidenceNote(author="kwilding", text="x"),
        EvidenceNote(author="Ann Ford", updated_by="Raj Shah"),
    ]
    assert people_names(members, notes) == ["Ann Ford", "kwilding", "Raj Shah"]


def test_initials():
    assert (
        initials("Ann Ford") == "AF"
        and initials("Jean-Paul Sartre") == "JPS"
        and initials("") == "?"
    )


_PIECES = [
    "0",
    "1",
    "4",
    "9",
    "0121 496 0000",
    "943 476 5919",
    "943 476 5918",
    "+44 20 7946 0958",
    "B15 2TH",
    "b15 2th",
    "GIR 0AA",
    "12/03/1950",
    "3rd March 1950",
    "DOB",
    "born",
    "a@b.co",
    "@nhs.net",
    "Mr",
    "Mrs ",
    "Dr A. ",
    "Khan",
    "Smith",
    "12",
    "High",
    "Street",
    "Flat 3,",
    " ",
    "-",
    ".",
    ",",
    "[",
    "]",
    "Ann",
    "Ford",
    "Osei",
    "redacted",
    "\u0141ukasz",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=5), max_size=14).map("".join))
def test_nothing_the_check_flags_survives_redaction(text):
    """Whatever the text, its redacted form holds nothing the readiness check or the redaction
    patterns find, and redacting again changes nothing."""
    redact = Redactor(TEAM)
    once = redact(text)
    assert find_personal_data(once) == []
    assert personal_data_spans(once, redacting=True) == []
    assert redact(once) == once


def test_text_without_personal_data_is_the_same_object_of_text(redact):
    text = "Medicines were stored securely and fridge temperatures were checked daily."
    assert redact(text) == text and MARK not in redact(text)


def test_a_one_megabyte_note_is_redacted_quickly(redact):
    """Linear in the text: a note at the size limit (about 1 MB) full of personal data."""
    chunk = (
        "Mrs Patel (DOB 03/04/1941, NHS 943 476 5919) at 12 High Street, B15 2TT, 07700 900123. "
    )
    text = chunk * (1_000_000 // len(chunk))
    started = time.perf_counter()
    out = redact(text)
    elapsed = time.perf_counter() - started
    assert find_personal_data(out) == []
    assert out.count(MARK) == 6 * (1_000_000 // len(chunk))
    assert elapsed < 10, f"{elapsed:.1f} s"


def test_phone_numbers_written_without_a_space_between_them_are_all_redacted(redact):
    """A '+44' number straight after another number is a number of its own: all of them go in one
    pass, and the readiness check finds each in the text as written."""
    glued = "0121 496 0000" + "+44 20 7946 0958" * 4
    assert redact(glued) == MARK
    assert [kind for kind, _ in find_personal_data(glued)] == ["phone"] * 5
