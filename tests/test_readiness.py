"""Readiness checks: evidence gaps, weak or contradictory evidence, unrated slots, departures, personal data."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_tui.core.model import (
    OVERALL,
    Enforcement,
    EvidenceNote,
    Finding,
    Rating,
    Review,
    ScopeUnit,
    Score,
    TeamMember,
)
from cqc_tui.core.personal_data import (
    find_personal_data,
    find_personal_data_unfiltered,
    nhs_number_valid,
)
from cqc_tui.core.readiness import ReadinessFinding, check, check_tables, mask, to_json
from cqc_tui.core.workspace import Workspace
from tests.bundled import ASC, HEALTH, KQS, LSR, RI, SAF, G, I, O


def lines_of(fw, kq):
    return [ln.code for ln in fw.key_question(kq).lines]


def note(
    unit_id="",
    line=None,
    fw=HEALTH,
    author="ann",
    polarity="neutral",
    source="observation",
    text="Seen.",
):
    line = line or lines_of(fw, "safe")[0]
    return EvidenceNote(
        author=author,
        key_question=fw.key_question_of(line),
        lines=(line,),
        scope_unit=unit_id,
        source=source,
        polarity=polarity,
        text=text,
    )


def full_coverage(fw, units, author="ann", source="observation"):
    """One neutral note per line (per unit for unit-level key questions)."""
    notes = []
    for kq in fw.key_questions:
        for ln in kq.lines:
            targets = [""] if kq.level == "review" or not units else [u.id for u in units]
            notes += [note(t, ln.code, fw, author=author, source=source) for t in targets]
    return notes


def tables(
    review=None, units=(), notes=(), ratings=(), members=(), enforcement=(), scores=(), findings=()
):
    review = review or Review(title="Test", review_type="comprehensive", provider="Test Trust")
    return {
        "review": [review],
        "scope_units": list(units),
        "notes": list(notes),
        "ratings": list(ratings),
        "members": list(members),
        "enforcement": list(enforcement),
        "scores": list(scores),
        "findings": list(findings),
    }


def codes(findings, code=None):
    return [f for f in findings if f.code == code] if code else sorted({f.code for f in findings})


# ----------------------------------------------------------------------------- personal data


@pytest.mark.parametrize(
    "number,valid",
    [
        ("9434765919", True),
        ("943 476 5919", True),
        ("4010232137", True),
        ("9434765918", False),  # wrong check digit
        ("1000000010", False),  # check digit would be 10: never issued
        ("0000000000", False),  # repeated digits
        ("943476591", False),  # nine digits
    ],
)
def test_nhs_number_modulus_11(number, valid):
    assert nhs_number_valid(number) is valid


@pytest.mark.parametrize(
    "text,kind",
    [
        ("Patient NHS no 943 476 5919 on the board", "nhs_number"),
        ("ref 9434765919.", "nhs_number"),
        ("943-476-5919", "nhs_number"),
        ("DOB 12/03/1950, admitted Tuesday", "date_of_birth"),
        ("D.O.B: 12.03.50", "date_of_birth"),
        ("she was born on 3 March 1950 in Leeds", "date_of_birth"),
        ("date of birth 1950-03-12", "date_of_birth"),
        ("12/03/1950 (DOB)", "date_of_birth"),
        ("Birthday: March 3rd, 1950", "date_of_birth"),
        ("Ring the ward on 0121 496 0000", "phone"),
        ("mobile 07700 900123", "phone"),
        ("mobile 07700900123", "phone"),
        ("+44 20 7946 0000 is the switchboard", "phone"),
        ("+447700900123", "phone"),
        ("(0121) 496 0000", "phone"),
        ("email jane.doe@example.nhs.uk about it", "email"),
        ("lives at B15 2TT", "postcode"),
        ("SW1A 1AA", "postcode"),
        ("postcode B152TT", "postcode"),
        ("lives at 12 High Street, Leeds", "address"),
        ("Flat 3, 45 Park road", "address"),
        ("7a St Mary's Close", "address"),
        ("Mrs Patel told us", "titled_name"),
        ("Dr A. Khan and Dr A Khan", "titled_name"),
        ("Mr John Smith", "titled_name"),
        ("Dr \u0141ukasz Nowak", "titled_name"),
    ],
)
def test_personal_data_found(text, kind):
    assert kind in [k for k, _ in find_personal_data(text)]


@pytest.mark.parametrize(
    "text",
    [
        "NHS number 943 476 5918 (check digit wrong)",
        "Visited on 12/03/2018 with the matron",
        "Born out of frustration, staff set up a huddle on 12/03/2018 at the start of the week and more text",
        "36 per cent of 92 referrals within 18 weeks; 500 children per health visitor",
        "KLOE S1 and S2, W1 and E5: see R3",
        "Caseloads of 600 children; target 100; 2014 and 2018 ratings",
        "Meeting at 10:30, room 12, ward 7B",
        "COVID-19 and SW1 ward",
        "12345678901234 is a long reference",
        "We saw 12 people on the main road",
        "3 beds on Ward 7 and the Nurse Practitioner",
        "mrs smith and dr jones",
        "In 2018 Moseley Hall Hospital was rated good",
    ],
)
def test_ordinary_text_is_not_flagged(text):
    assert find_personal_data(text) == []


def test_nhs_number_is_not_also_reported_as_a_phone_number():
    assert [k for k, _ in find_personal_data("0121 496 0000 and 943 476 5919")] == [
        "nhs_number",
        "phone",
    ]


_PIECES = [
    "0",
    "1",
    "4",
    "9",
    "0121 496 0000",
    "943 476 5919",
    "+44 20 7946 0958",
    "B15 2TH",
    "GIR 0AA",
    "12/03/1950",
    "2020-1-1",
    "3rd March 1950",
    "March 3, 1950",
    "DOB",
    "born",
    "date of birth",
    "a@b.co",
    "x@",
    "@nhs.net",
    "ann.smith@example.org",
    " ",
    "-",
    "/",
    ".",
    "ward",
    "Mar",
    "٣",
    "Mr",
    "Mrs ",
    "Dr A. ",
    "Prof",
    "Khan",
    "smith",
    "12",
    "7a",
    "High",
    "Street",
    "road",
    "Flat 3,",
    ",",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), max_size=12).map("".join))
def test_personal_data_shortcuts_change_nothing(text):
    """Skipping patterns that cannot match (no digits, no '@', no date) finds exactly what running
    every pattern finds."""
    assert find_personal_data(text) == find_personal_data_unfiltered(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["12/03/1950", "3 March 1950", "DOB", "born", "birthday"])
        | st.text(alphabet=" x.", max_size=45),
        max_size=12,
    ).map("".join)
)
def test_dates_of_birth_pair_a_date_with_a_nearby_word(text):
    """The binary-search pairing finds the dates a plain double loop over dates and words finds."""
    from cqc_tui.core.personal_data import DATE, DOB_AFTER, DOB_BEFORE, DOB_WORDS

    words = list(DOB_WORDS.finditer(text))
    expected = [
        d.group(0)
        for d in DATE.finditer(text)
        if any(
            0 <= d.start() - w.end() <= DOB_AFTER or 0 <= w.start() - d.end() <= DOB_BEFORE
            for w in words
        )
    ]
    assert [t for k, t in find_personal_data(text) if k == "date_of_birth"] == expected


@pytest.mark.parametrize("gap", range(0, 50))
def test_date_of_birth_distance_limits(gap):
    from cqc_tui.core.personal_data import DOB_AFTER, DOB_BEFORE

    after = find_personal_data("DOB" + "-" * gap + " 12/03/1950")
    before = find_personal_data("12/03/1950 " + "-" * gap + "DOB")
    assert bool(after) == (gap + 1 <= DOB_AFTER)
    assert bool(before) == (gap + 1 <= DOB_BEFORE)


def test_mask_keeps_only_the_start():
    assert mask("943 476 5919") == "943 *** ****"
    assert mask("jane.doe@nhs.net") == "jan*.***@***.***"


def test_personal_data_findings_name_the_note_and_the_kind():
    u = ScopeUnit(code="ed", label="Emergency department")
    n = note(u.id, "S1", text="Patient 943 476 5919, DOB 01/02/1960, son on 07700 900123")
    f = Finding(heading="Waits", text="Write to j.smith@example.com")
    found = codes(check_tables(HEALTH, tables(units=[u], notes=[n], findings=[f])), "personal_data")
    kinds = sorted(x.refs["kind"] for x in found)
    assert kinds == ["date_of_birth", "email", "nhs_number", "phone"]
    nhs = next(x for x in found if x.refs["kind"] == "nhs_number")
    assert nhs.severity == "error"
    assert next(x for x in found if x.refs["kind"] == "date_of_birth").severity == "error"
    assert f"note {n.id[:8]}" in nhs.message.lower()
    assert "S1" in nhs.message and "Emergency department" in nhs.message
    assert "5919" not in nhs.message  # masked
    assert (nhs.refs["note_id"], nhs.refs["line"], nhs.refs["scope_unit"]) == (n.id, "S1", u.id)
    email = next(x for x in found if x.refs["kind"] == "email")
    assert email.refs == {"table": "findings", "record_id": f.id, "kind": "email"}
    assert email.severity == "warning"


# ----------------------------------------------------------------------------- evidence coverage


def test_lines_without_evidence_per_scope_unit():
    a, b = (
        ScopeUnit(code="a", label="Ward A", order=1),
        ScopeUnit(code="b", label="Ward B", order=2),
    )
    notes = [
        n
        for n in full_coverage(HEALTH, [a, b])
        if not (n.scope_unit == b.id and n.lines == ("S4",))
    ]
    found = codes(check_tables(HEALTH, tables(units=[a, b], notes=notes)), "no_evidence")
    assert len(found) == 1
    [f] = found
    assert f.refs == {"line": "S4", "key_question": "safe", "scope_unit": b.id}
    assert "S4" in f.message and "Ward B" in f.message
    assert f.severity == "warning"


def test_review_level_key_questions_are_checked_once_per_review():
    units = [ScopeUnit(code=c, label=lab, order=i) for i, (c, lab) in enumerate(LSR.scope_units)]
    notes = full_coverage(LSR, units)
    well_led = lines_of(LSR, "well-led")
    assert LSR.key_question("well-led").level == "review"
    notes = [n for n in notes if n.lines != (well_led[0],)]
    found = codes(check_tables(LSR, tables(units=units, notes=notes)), "no_evidence")
    assert [(f.refs["line"], f.refs.get("scope_unit")) for f in found] == [(well_led[0], None)]
    # evidence recorded against any unit counts for a review-level line
    notes.append(note(units[0].id, well_led[0], LSR))
    assert codes(check_tables(LSR, tables(units=units, notes=notes)), "no_evidence") == []


def test_no_scope_units_means_evidence_is_checked_for_the_review():
    notes = [n for n in full_coverage(ASC, []) if n.lines != ("S3",)]
    found = codes(check_tables(ASC, tables(notes=notes)), "no_evidence")
    assert [f.refs["line"] for f in found] == ["S3"]


def test_units_and_key_questions_not_inspected_are_not_asked_for_evidence():
    a = ScopeUnit(code="a", label="Ward A", order=1)
    dental = ScopeUnit(code="d", label="Dental", order=2, inspected=False)
    ratings = [
        Rating(scope_unit=a.id, key_question=kq, rating=G, source="carried_forward")
        for kq in KQS[1:]
    ]
    ratings.append(Rating(scope_unit=a.id, key_question="safe", rating=RI))
    notes = [n for n in full_coverage(HEALTH, [a]) if n.key_question == "safe"]
    found = codes(
        check_tables(HEALTH, tables(units=[a, dental], notes=notes, ratings=ratings)), "no_evidence"
    )
    assert found == []


# ----------------------------------------------------------------------------- ratings and their evidence


def rated_unit(fw=HEALTH, values=(G, G, G, G, G)):
    u = ScopeUnit(code="ed", label="Emergency department")
    ratings = [
        Rating(scope_unit=u.id, key_question=kq, rating=v)
        for kq, v in zip(KQS, values, strict=True)
    ]
    ratings.append(Rating(scope_unit="", key_question="well-led", rating=values[-1]))
    return u, ratings


def test_ratings_without_linked_notes():
    u, ratings = rated_unit()
    found = codes(check_tables(HEALTH, tables(units=[u], ratings=ratings)), "rating_no_notes")
    assert len(found) == 6
    assert any("Safe for Emergency department is rated Good" in f.message for f in found)
    assert any("Test Trust" in f.message for f in found)  # the provider-level well-led
    # an agreed rating at an aggregated level rests on the ratings below it, not on notes
    ratings.append(Rating(scope_unit="", key_question="safe", rating=G))
    ratings.append(Rating(scope_unit=u.id, key_question=OVERALL, rating=G))
    assert (
        len(codes(check_tables(HEALTH, tables(units=[u], ratings=ratings)), "rating_no_notes")) == 6
    )


def link(ratings, kq, notes, unit_id=None):
    out = []
    for r in ratings:
        if r.key_question == kq and (unit_id is None or r.scope_unit == unit_id):
            r = r.revise(note_ids=tuple(n.id for n in notes))
        out.append(r)
    return out


def test_single_source_and_single_inspector():
    u, ratings = rated_unit()
    members = [TeamMember(name="ann"), TeamMember(name="bob")]
    one_kind = [note(u.id, "S1", author="ann"), note(u.id, "S2", author="bob")]
    ratings = link(ratings, "safe", one_kind, u.id)
    found = check_tables(
        HEALTH, tables(units=[u], notes=one_kind, ratings=ratings, members=members)
    )
    [single] = codes(found, "single_source")
    assert "observation" in single.message and "Safe for Emergency department" in single.message
    assert codes(found, "single_inspector") == []
    one_author = [note(u.id, "S1", author="ann"), note(u.id, "S2", author="ann", source="staff")]
    ratings = link(ratings, "safe", one_author, u.id)
    found = check_tables(
        HEALTH, tables(units=[u], notes=one_author, ratings=ratings, members=members)
    )
    assert codes(found, "single_source") == []
    [solo] = codes(found, "single_inspector")
    assert solo.severity == "warning" and "ann" in solo.message
    # a team of one cannot do otherwise: information only
    found = check_tables(
        HEALTH, tables(units=[u], notes=one_author, ratings=ratings, members=members[:1])
    )
    assert codes(found, "single_inspector")[0].severity == "info"


@pytest.mark.parametrize(
    "value,polarities,flagged",
    [
        (G, ["negative", "concern", "positive"], True),
        (O, ["concern", "concern", "neutral"], True),
        (G, ["negative", "positive"], False),  # exactly half is not "mostly"
        (RI, ["negative", "negative", "negative"], False),
        (I, ["positive", "positive", "negative"], True),
        (I, ["positive", "neutral", "negative"], False),
        (
            RI,
            ["positive", "positive", "positive"],
            False,
        ),  # only the lowest rating is checked for positives
    ],
)
def test_rating_at_odds_with_its_evidence(value, polarities, flagged):
    u, ratings = rated_unit(values=(value, G, G, G, G))
    notes = [
        note(u.id, "S1", author=a, polarity=p, source=s)
        for p, a, s in zip(
            polarities, ["ann", "bob", "cat"], ["observation", "staff", "people"], strict=False
        )  # up to three notes, one per polarity given
    ]
    ratings = link(ratings, "safe", notes, u.id)
    found = codes(
        check_tables(HEALTH, tables(units=[u], notes=notes, ratings=ratings)), "rating_at_odds"
    )
    assert bool(found) is flagged
    if flagged:
        assert "Safe for Emergency department" in found[0].message
        assert found[0].refs["note_ids"] == [n.id for n in notes]


def test_inspectors_whose_notes_point_opposite_ways():
    u = ScopeUnit(code="ed", label="Emergency department")
    notes = [
        note(u.id, "S2", author="ann", polarity="positive"),
        note(u.id, "S2", author="ann", polarity="positive"),
        note(u.id, "S2", author="bob", polarity="concern"),
        note(u.id, "S2", author="bob", polarity="neutral"),
        note(u.id, "S2", author="bob", polarity="negative"),
        note(u.id, "S2", author="cat", polarity="neutral"),
        # same authors, different line or unit: no clash
        note(u.id, "S3", author="ann", polarity="positive"),
        note("", "S2", author="bob", polarity="concern"),
    ]
    [f] = codes(check_tables(HEALTH, tables(units=[u], notes=notes)), "inspectors_disagree")
    assert f.refs["line"] == "S2" and f.refs["scope_unit"] == u.id
    assert f.refs["authors"] == ["ann", "bob"]
    assert (
        "S2" in f.message
        and "Emergency department" in f.message
        and "ann" in f.message
        and "bob" in f.message
    )
    assert len(f.refs["note_ids"]) == 5


# ----------------------------------------------------------------------------- ratings engine findings


def test_unrated_slots_are_errors():
    a = ScopeUnit(code="a", label="Ward A", order=1)
    dental = ScopeUnit(code="d", label="Dental", order=2, inspected=False)
    ratings = [Rating(scope_unit=a.id, key_question=kq, rating=G) for kq in KQS if kq != "caring"]
    ratings += [
        Rating(scope_unit=dental.id, key_question=kq, rating=G, source="carried_forward")
        for kq in KQS[1:]
    ]
    found = codes(check_tables(HEALTH, tables(units=[a, dental], ratings=ratings)), "unrated")
    got = {(f.refs.get("scope_unit", ""), f.refs["key_question"]): f for f in found}
    assert set(got) == {(a.id, "caring"), (dental.id, "safe"), ("", "well-led")}
    assert all(f.severity == "error" for f in found)
    assert "Caring for Ward A" in got[(a.id, "caring")].message
    assert "carried forward" in got[(dental.id, "safe")].message
    assert "provider level" in got[("", "well-led")].message


def test_unrated_asc_without_scope_units_checks_provider_key_questions():
    ratings = [Rating(key_question=kq, rating=G) for kq in KQS[:3]]
    found = codes(check_tables(ASC, tables(ratings=ratings)), "unrated")
    assert sorted(f.refs["key_question"] for f in found) == ["responsive", "well-led"]


def test_departure_without_a_reason_is_an_error():
    u = ScopeUnit(code="ed", label="Emergency department")
    ratings = [
        Rating(scope_unit=u.id, key_question=kq, rating=v)
        for kq, v in zip(KQS, [I, I, G, G, G], strict=True)
    ]
    ratings.append(Rating(scope_unit=u.id, key_question=OVERALL, rating=RI))
    [f] = codes(check_tables(HEALTH, tables(units=[u], ratings=ratings)), "departure_no_reason")
    assert f.severity == "error"
    assert "Emergency department" in f.message
    assert "Requires improvement" in f.message and "Inadequate" in f.message
    assert "inadequate-1-3" in f.message or "inadequate-4-8" in f.message
    ratings[-1] = ratings[-1].revise(departure_reason="Urgent actions already completed")
    assert (
        codes(check_tables(HEALTH, tables(units=[u], ratings=ratings)), "departure_no_reason") == []
    )


def test_departure_from_a_limiter_names_the_limiter():
    u = ScopeUnit(code="ed", label="Emergency department")
    ratings = [Rating(scope_unit=u.id, key_question=kq, rating=G) for kq in KQS]
    rn = Enforcement(kind="requirement_notice", scope_unit=u.id, key_question="safe")
    [f] = codes(
        check_tables(HEALTH, tables(units=[u], ratings=ratings, enforcement=[rn])),
        "departure_no_reason",
    )
    assert "requirement notice" in f.message and "Safe for Emergency department" in f.message


def test_carried_forward_departures_are_not_this_teams_to_explain():
    dental = ScopeUnit(code="d", label="Dental", inspected=False)
    ratings = [
        Rating(scope_unit=dental.id, key_question=kq, rating=G, source="carried_forward")
        for kq in KQS
    ]
    ratings.append(
        Rating(scope_unit=dental.id, key_question=OVERALL, rating=O, source="carried_forward")
    )
    assert (
        codes(check_tables(HEALTH, tables(units=[dental], ratings=ratings)), "departure_no_reason")
        == []
    )


def test_unrated_frameworks_have_no_rating_findings():
    units = [ScopeUnit(code=c, label=lab) for c, lab in LSR.scope_units]
    found = check_tables(LSR, tables(units=units, notes=full_coverage(LSR, units)))
    assert found == []


# ----------------------------------------------------------------------------- single assessment framework


def test_saf_scores_findings():
    home = ScopeUnit(code="home", label="Rose House")
    review = Review(title="x", review_type="comprehensive", start_date="2025-02-01")
    safe_lines = lines_of(SAF, "safe")
    scores = [Score(scope_unit=home.id, line=ln, score=3) for ln in safe_lines]
    scores.append(
        Score(
            scope_unit=home.id,
            line=safe_lines[0],
            evidence_category=SAF.evidence_categories[0][0],
            score=2,
        )
    )
    found = check_tables(SAF, tables(review, [home], scores=scores))
    assert {f.refs["key_question"] for f in codes(found, "no_scores")} == {
        "effective",
        "caring",
        "responsive",
        "well-led",
    }
    [other] = codes(found, "scores_other_method")
    assert "1 score(s)" in other.message
    [assumed] = codes(found, "scoring_method_assumed")
    assert assumed.severity == "info" and assumed.refs["scoring_method"] == "per_quality_statement"
    pinned = Review(
        title="x",
        review_type="comprehensive",
        start_date="2025-02-01",
        scoring_method="per_quality_statement",
    )
    assert (
        codes(check_tables(SAF, tables(pinned, [home], scores=scores)), "scoring_method_assumed")
        == []
    )


# ----------------------------------------------------------------------------- output


def test_errors_come_first_and_json_is_plain():
    u = ScopeUnit(code="ed", label="Emergency department")
    notes = [note(u.id, "S1", text="DOB 01/02/1960"), note(u.id, "S1", text="9434765919")]
    found = check_tables(HEALTH, tables(units=[u], notes=notes))
    severities = [f.severity for f in found]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    data = json.loads(json.dumps(to_json(found)))
    assert data["ready"] is False
    assert data["errors"] == severities.count("error") > 0
    assert data["warnings"] == severities.count("warning")
    assert {"code", "severity", "message", "refs"} <= set(data["findings"][0])
    assert to_json([ReadinessFinding("x", "info", "fine")])["ready"] is True


def test_check_an_open_workspace_review(tmp_path):
    ws = Workspace(tmp_path)
    ed = ScopeUnit(code="ed", label="Emergency department")
    session = ws.create(
        Review(
            title="Acute trust",
            review_type="comprehensive",
            framework_id="kloe-healthcare",
            provider="Acute NHS Trust",
        ),
        [TeamMember(name="ann"), TeamMember(name="bob")],
        [ed],
        user="ann",
    )
    try:
        n1 = session.add_note(
            lines=["S1"],
            scope_unit=ed.id,
            text="Staff knew the safeguarding lead",
            polarity="positive",
        )
        session.set_rating(ed.id, "safe", "good", note_ids=[n1.id])
        session.add_note(lines=["S2"], scope_unit=ed.id, text="Call 07700 900123 for the rota")
        found = check(session)
        assert {
            "no_evidence",
            "unrated",
            "single_source",
            "single_inspector",
            "personal_data",
        } <= set(codes(found))
        single = codes(found, "single_inspector")[0]
        assert single.severity == "warning"
        json.dumps(to_json(found))
    finally:
        session.close()


def test_twenty_thousand_notes_are_checked_quickly():
    units = [ScopeUnit(code=f"u{i}", label=f"Unit {i}", order=i) for i in range(8)]
    lines = [ln.code for ln in HEALTH.lines()]
    notes = [
        note(
            units[i % 8].id,
            lines[i % len(lines)],
            author=f"inspector{i % 5}",
            polarity=("positive", "negative", "neutral", "concern")[i % 4],
            text=f"Observation {i}: staff on ward {i % 30} described the escalation process clearly.",
        )
        for i in range(20_000)
    ]
    start = time.perf_counter()
    check_tables(HEALTH, tables(units=units, notes=notes))
    assert time.perf_counter() - start < 5


def test_a_focused_inspection_rates_the_provider_level_only_where_the_team_recorded_it():
    """A focused inspection of one core service does not rate the trust as a whole: its
    provider-level well-led is asked for only once the team recorded a note, a finding or a
    rating there. A comprehensive inspection always asks for it."""
    u = ScopeUnit(code="acute", label="Acute wards")
    ratings = [Rating(scope_unit=u.id, key_question=kq, rating=G) for kq in KQS]
    ratings.append(Rating(scope_unit=u.id, key_question=OVERALL, rating=G))

    def unrated(provider_level_required, notes=(), findings=()):
        found = check_tables(
            HEALTH,
            tables(units=[u], ratings=ratings, notes=notes, findings=findings),
            provider_level_required=provider_level_required,
        )
        return [
            (f.refs.get("scope_unit", ""), f.refs["key_question"]) for f in codes(found, "unrated")
        ]

    assert unrated(True) == [("", "well-led")]
    assert unrated(False) == []
    well_led_line = lines_of(HEALTH, "well-led")[0]
    assert unrated(False, notes=[note(line=well_led_line)]) == [("", "well-led")]
    assert (
        unrated(False, notes=[note(u.id, line=well_led_line)]) == []
    )  # the unit's, not the trust's
    board = Finding(key_question="well-led", heading="The board")
    assert unrated(False, findings=[board]) == [("", "well-led")]


def test_the_focused_review_type_rates_the_provider_level_only_when_recorded():
    from cqc_tui.core.paths import review_types_dir
    from cqc_tui.core.review_types import PROVIDER_LEVEL_WHEN_RECORDED, load_review_types

    types = load_review_types([review_types_dir()])
    assert types.get("focused").provider_level == PROVIDER_LEVEL_WHEN_RECORDED
    assert types.get("comprehensive").provider_level == "required"


def test_every_check_code_has_words_for_people():
    """The app lists checks by name, not by code: every code the checks give has a label."""
    import re
    from pathlib import Path

    from cqc_tui.core.readiness import check_label
    from cqc_tui.core.readiness.finding import CHECK_LABELS

    source = "\n".join(
        path.read_text(encoding="utf-8") for path in Path("cqc_tui/core/readiness").rglob("*.py")
    )
    codes = set(re.findall(r'(?:finding|ReadinessFinding)\(\s*"([a-z_]+)"', source))
    assert codes and codes <= set(CHECK_LABELS), codes - set(CHECK_LABELS)
    assert check_label("no_evidence") == "No evidence"
    assert check_label("a_new_check") == "A new check"
