"""Ratings engine: aggregation principles from DOMAIN.md, levels, limiters, scoring, departures.

The rule tables, limiters and bands come from the bundled framework YAML; these tests check that
the engine applied to that data gives the published principles' results.
"""

from __future__ import annotations

import json

import pytest

from cqc_tui.core.framework import RatingDef, RatingScale, Rule, RuleSet
from cqc_tui.core.model import OVERALL, Enforcement, Rating, Review, ScopeUnit, Score, TeamMember
from cqc_tui.core.ratings import (
    LEVEL_LOCATION_KQ,
    LEVEL_LOCATION_OVERALL,
    LEVEL_PROVIDER_KQ,
    LEVEL_PROVIDER_OVERALL,
    LEVEL_UNIT_KQ,
    LEVEL_UNIT_OVERALL,
    aggregate,
    band_for,
    cap,
    choose_scoring_method,
    evaluate,
    evaluate_tables,
    rating_counts,
)
from cqc_tui.core.workspace import Workspace
from tests.bundled import ASC, FRAMEWORKS, HEALTH, KQS, RI, SAF, G, I, O

NHS = HEALTH.aggregation.rule_sets["nhs_trust"]
ASC_RULES = ASC.aggregation.rule_sets["asc_location"]


def test_bundled_frameworks_load():
    assert not FRAMEWORKS.unusable, [u.reason for u in FRAMEWORKS.unusable]
    assert HEALTH and ASC and SAF


# ----------------------------------------------------------------------------- helpers


def unit(label: str, order: int = 0, **kw) -> ScopeUnit:
    return ScopeUnit(code=label.lower().replace(" ", "_"), label=label, order=order, **kw)


def rating(scope_unit: str, kq: str, value: str, **kw) -> Rating:
    kw.setdefault("rated_on", "2018-05-01")
    return Rating(scope_unit=scope_unit, key_question=kq, rating=value, **kw)


def unit_ratings(u: ScopeUnit, values, **kw) -> list[Rating]:
    return [rating(u.id, kq, v, **kw) for kq, v in zip(KQS, values, strict=True) if v is not None]


def tables(review: Review | None = None, units=(), ratings=(), enforcement=(), scores=()) -> dict:
    review = review or Review(
        title="Test review", review_type="comprehensive", provider="Test provider"
    )
    return {
        "review": [review],
        "scope_units": list(units),
        "ratings": list(ratings),
        "enforcement": list(enforcement),
        "scores": list(scores),
    }


def finals(result, level=LEVEL_PROVIDER_KQ, scope_unit="", location=""):
    return {kq: result.get(scope_unit, kq, location, level=level).final for kq in KQS}


# ----------------------------------------------------------------------------- aggregate()


NHS_CASES = [
    # single ratings carry through
    ([O], O, "single-rating"),
    ([I], I, "single-rating"),
    # X-table: 1-3 ratings need 1 outstanding, the rest good
    ([O, G], O, "outstanding-1-3"),
    ([O, G, G], O, "outstanding-1-3"),
    ([G, G, G], G, "good-otherwise"),
    # 4-8 ratings need 2
    ([O, G, G, G], G, "good-otherwise"),
    ([O, O, G, G], O, "outstanding-4-8"),
    ([O] + [G] * 7, G, "good-otherwise"),
    ([O, O] + [G] * 6, O, "outstanding-4-8"),
    # 9+ ratings need 3
    ([O, O] + [G] * 7, G, "good-otherwise"),
    ([O, O, O] + [G] * 6, O, "outstanding-9-plus"),
    ([O] * 3 + [G] * 9, O, "outstanding-9-plus"),
    # outstanding needs the rest good
    ([O, O, O, RI], G, "good-otherwise"),
    # rule of two among 4-8
    ([RI, RI, G, G], RI, "ri-rule-of-two"),
    ([RI, G, G, G], G, "good-otherwise"),
    ([RI, RI] + [O] * 6, RI, "ri-rule-of-two"),
    ([RI] + [G] * 7, G, "good-otherwise"),
    # seed 000: trust safe RI, effective good, caring good, responsive good, well-led RI
    ([RI, G, G, G, RI], RI, "ri-rule-of-two"),
    # unverified rows kept in data: 1-3 and 9+
    ([RI, G], RI, "ri-1-3"),
    ([RI, RI] + [G] * 7, G, "good-otherwise"),
    ([RI, RI, RI] + [G] * 6, RI, "ri-9-plus"),
    ([I, G, G, G, G], RI, "ri-any-inadequate"),
    ([I, I, G, G], I, "inadequate-4-8"),
    ([I, I, G], I, "inadequate-1-3"),
    ([I, I] + [G] * 7, RI, "ri-any-inadequate"),
    ([I, I, I] + [G] * 6, I, "inadequate-9-plus"),
]


@pytest.mark.parametrize("ratings,expected,rule_id", NHS_CASES)
def test_nhs_trust_rules(ratings, expected, rule_id):
    result, rule = aggregate(ratings, NHS, HEALTH.rating_scale)
    assert (result, rule.id) == (expected, rule_id)


ASC_CASES = [
    ([O, O, G, G, G], O, "outstanding-two-rest-good"),  # >= 2 outstanding, rest good
    ([O, O, O, O, O], O, "outstanding-two-rest-good"),
    ([O, G, G, G, G], G, "good-otherwise"),
    ([O, O, O, G, RI], G, "good-otherwise"),  # outstanding needs the other three good
    ([RI, G, G, G, G], G, "good-otherwise"),  # at most one RI and no inadequate
    ([RI, RI, G, G, O], RI, "ri-two"),  # two RI -> RI
    ([RI, RI, RI, RI, RI], RI, "ri-two"),
    ([I, G, G, G, G], RI, "ri-any-inadequate"),
    ([I, O, O, O, O], RI, "ri-any-inadequate"),
    ([I, I, G, G, G], I, "inadequate-two"),  # two inadequate -> inadequate
    ([I, I, O, O, O], I, "inadequate-two"),
]


@pytest.mark.parametrize("ratings,expected,rule_id", ASC_CASES)
def test_asc_location_rules(ratings, expected, rule_id):
    result, rule = aggregate(ratings, ASC_RULES, ASC.rating_scale)
    assert (result, rule.id) == (expected, rule_id)


def test_ratings_off_the_scale_are_ignored():
    scale = HEALTH.rating_scale
    assert aggregate([], NHS, scale) is None
    assert aggregate(["not_rated"], NHS, scale) is None
    assert aggregate([O, "not_rated", G], NHS, scale)[0] == O  # counts as n = 2
    assert aggregate([RI, "not_rated"], NHS, scale)[1].id == "single-rating"


def test_counts_below_good_is_below_the_second_best_rating():
    scale = RatingScale(
        tuple(RatingDef(c, c.upper()) for c in ("a", "b", "c", "d", "e")), (RatingDef("x", "X"),)
    )
    counts = rating_counts(["a", "b", "c", "d", "e", "e", "x"], scale)
    assert counts["n"] == 6
    assert counts["below_good"] == 4
    assert counts["e"] == 2


def test_conditions_exact_and_ranges():
    scale = HEALTH.rating_scale
    rs = RuleSet(
        "t",
        "T",
        (
            Rule("exactly-two-good", {"good": 2}, O, "x"),
            Rule("range", {"n": {"min": 3, "max": 4}}, I, "x"),
            Rule("max-only", {"inadequate": {"max": 0}}, RI, "x"),
            Rule("rest", {}, G, "x"),
        ),
    )
    assert aggregate([G, G], rs, scale)[1].id == "exactly-two-good"
    assert aggregate([G, G, G], rs, scale)[1].id == "range"
    assert aggregate([G, G, G, G, G], rs, scale)[1].id == "max-only"
    assert aggregate([G, G, G, G, I], rs, scale)[1].id == "rest"


def test_a_table_with_no_catch_all_is_reported():
    rs = RuleSet("t", "T", (Rule("only", {"outstanding": {"min": 5}}, O, "x"),))
    with pytest.raises(ValueError, match="catch-all"):
        aggregate([G, G], rs, HEALTH.rating_scale)


def test_cap_only_lowers():
    scale = HEALTH.rating_scale
    assert cap(O, RI, scale) == RI
    assert cap(I, RI, scale) == I
    assert cap(RI, RI, scale) == RI
    assert cap("not_rated", RI, scale) == "not_rated"
    assert cap(None, RI, scale) is None


# ----------------------------------------------------------------------------- levels (NHS trust)


def seed_000():
    """Birmingham Community Healthcare (seed 000): two core services inspected, three carried forward
    from 2014, well-led assessed at trust level."""
    cyp = unit("Community health services for children and young people", 1)
    inpatients = unit("Community health inpatient services", 2)
    others = [
        unit(name, 3 + i, inspected=False)
        for i, name in enumerate(
            [
                "End of life care",
                "Community dental services",
                "Community health services for adults",
            ]
        )
    ]
    ratings = unit_ratings(cyp, [I, RI, G, RI, I]) + unit_ratings(inpatients, [G, G, G, G, G])
    for u in others:
        ratings += unit_ratings(u, [G] * 5, source="carried_forward", rated_on="2014-10-01")
    ratings.append(rating("", "well-led", RI))
    review = Review(
        title="Community trust",
        review_type="comprehensive",
        provider="Community NHS Trust",
        rule_set="nhs_trust",
    )
    return review, [cyp, inpatients, *others], ratings


def test_seed_000_trust_overall_requires_improvement():
    review, units, ratings = seed_000()
    result = evaluate_tables(HEALTH, tables(review, units, ratings))
    assert result.rule_set == "nhs_trust"
    assert finals(result) == {
        "safe": RI,
        "effective": G,
        "caring": G,
        "responsive": G,
        "well-led": RI,
    }
    overall = result.get("", OVERALL)
    assert overall.level == LEVEL_PROVIDER_OVERALL
    assert (overall.proposed, overall.rule_id) == (RI, "ri-rule-of-two")
    assert overall.rule_verified is True
    cyp = result.get(units[0].id, OVERALL)
    assert (cyp.level, cyp.proposed, cyp.rule_id) == (LEVEL_UNIT_OVERALL, I, "inadequate-4-8")


def test_well_led_is_assessed_at_provider_level_not_aggregated():
    review, units, ratings = seed_000()
    result = evaluate_tables(HEALTH, tables(review, units, ratings))
    wl = result.get("", "well-led")
    assert wl.assessed_at_provider_level
    assert wl.inputs == []
    assert wl.rule_id == "assessed-at-provider-level"
    assert wl.agreed is not None and wl.agreed.scope_unit == ""
    # without the trust-level rating it stays unrated, even though every core service has well-led
    ratings = [r for r in ratings if r.scope_unit]
    result = evaluate_tables(HEALTH, tables(review, units, ratings))
    assert result.get("", "well-led").final is None
    assert result.get("", "safe").final == RI


def test_carried_forward_ratings_combine_and_keep_their_dates():
    review, units, ratings = seed_000()
    result = evaluate_tables(HEALTH, tables(review, units, ratings))
    dental = result.get(units[3].id, "safe")
    assert dental.source == "carried_forward"
    assert dental.rated_on == "2014-10-01"
    assert dental.rule_id == "carried-forward"
    assert result.get(units[0].id, "safe").rated_on == "2018-05-01"
    safe = result.get("", "safe")
    assert sorted(i["rating"] for i in safe.inputs) == sorted([I, G, G, G, G])
    assert {i["source"] for i in safe.inputs} == {"this_review", "carried_forward"}
    # a not-inspected unit's overall carried forward stands as agreed
    ratings.append(rating(units[4].id, OVERALL, G, source="carried_forward", rated_on="2014-10-01"))
    result = evaluate_tables(HEALTH, tables(review, units, ratings))
    assert result.get(units[4].id, OVERALL).agreed.source == "carried_forward"


def test_focused_inspection_new_key_question_combines_with_carried_forward():
    home = unit("Rose House")
    ratings = [
        rating(home.id, "safe", RI, rated_on="2019-02-01"),
        rating(home.id, "well-led", RI, rated_on="2019-02-01"),
    ]
    ratings += [
        rating(home.id, kq, G, source="carried_forward", rated_on="2017-06-01")
        for kq in ("effective", "caring", "responsive")
    ]
    result = evaluate_tables(ASC, tables(units=[home], ratings=ratings))
    assert finals(result, LEVEL_UNIT_KQ, home.id) == {
        "safe": RI,
        "effective": G,
        "caring": G,
        "responsive": G,
        "well-led": RI,
    }
    assert result.get(home.id, "caring").rated_on == "2017-06-01"
    assert result.get(home.id, OVERALL).proposed == RI
    assert result.get(home.id, OVERALL).rated_on == "2019-02-01"
    assert result.get("", OVERALL).proposed == RI


def test_location_level_for_acute_trusts():
    review = Review(
        title="Acute",
        review_type="comprehensive",
        provider="Acute trust",
        locations=(
            {"id": "north", "name": "North Hospital"},
            {"id": "south", "name": "South Hospital"},
        ),
    )
    n1, n2 = unit("North ED", 1, location="north"), unit("North surgery", 2, location="north")
    s1 = unit("South ED", 3, location="south")
    ratings = (
        unit_ratings(n1, [RI, G, G, G, G])
        + unit_ratings(n2, [RI, G, O, G, G])
        + unit_ratings(s1, [G, G, O, G, G])
        + [rating("", "well-led", G)]
    )
    result = evaluate_tables(HEALTH, tables(review, [n1, n2, s1], ratings))
    north_safe = result.get("", "safe", "north")
    assert north_safe.level == LEVEL_LOCATION_KQ
    assert (north_safe.proposed, north_safe.rule_id) == (RI, "ri-1-3")
    assert [i["scope_unit"] for i in north_safe.inputs] == [n1.id, n2.id]
    assert result.get("", "caring", "north").proposed == O
    assert result.get("", OVERALL, "north").level == LEVEL_LOCATION_OVERALL
    # north: safe RI, effective G, caring O, responsive G, well-led G -> one below good, one outstanding
    assert result.get("", OVERALL, "north").proposed == G
    # provider key questions aggregate the locations, not the core services
    safe = result.get("", "safe")
    assert [i["location"] for i in safe.inputs] == ["north", "south"]
    assert safe.proposed == RI  # [RI, G] -> 1-3 ratings, one below good
    assert result.locations == [("north", "North Hospital"), ("south", "South Hospital")]


def test_units_without_a_location_feed_the_provider_directly():
    review = Review(
        title="Acute", review_type="comprehensive", locations=({"id": "north", "name": "North"},)
    )
    n1 = unit("North ED", 1, location="north")
    trustwide = unit("Trust-wide community services", 2)
    ratings = unit_ratings(n1, [O, G, G, G, G]) + unit_ratings(trustwide, [O, G, G, G, G])
    result = evaluate_tables(HEALTH, tables(review, [n1, trustwide], ratings))
    safe = result.get("", "safe")
    assert [(i["level"], i["location"] or i["scope_unit"]) for i in safe.inputs] == [
        (LEVEL_LOCATION_KQ, "north"),
        (LEVEL_UNIT_KQ, trustwide.id),
    ]
    assert safe.proposed == O


def test_agreed_rating_feeds_the_next_level_and_departures_keep_their_reason():
    review = Review(
        title="Acute",
        review_type="comprehensive",
        locations=({"id": "north", "name": "North"}, {"id": "south", "name": "South"}),
    )
    n1, s1 = unit("North ED", 1, location="north"), unit("South ED", 2, location="south")
    ratings = unit_ratings(n1, [RI, G, G, G, G]) + unit_ratings(s1, [RI, G, G, G, G])
    result = evaluate_tables(HEALTH, tables(review, [n1, s1], ratings))
    assert result.get("", "safe").proposed == RI  # [RI, RI]
    ratings.append(
        rating("", "safe", G, location="north", departure_reason="Improvements seen since")
    )
    result = evaluate_tables(HEALTH, tables(review, [n1, s1], ratings))
    north = result.get("", "safe", "north")
    assert (north.proposed, north.final, north.departure, north.departure_reason) == (
        RI,
        G,
        True,
        "Improvements seen since",
    )
    provider = result.get("", "safe")
    assert sorted(i["rating"] for i in provider.inputs) == [G, RI]
    assert provider.proposed == RI  # [G, RI] -> one below good among 1-3
    # agreeing with the proposal is not a departure
    ratings.append(rating("", "safe", RI))
    assert not evaluate_tables(HEALTH, tables(review, [n1, s1], ratings)).get("", "safe").departure


def test_not_rated_units_are_left_out_of_aggregation():
    a, b = unit("A", 1), unit("B", 2)
    ratings = unit_ratings(a, [O, G, G, G, G]) + unit_ratings(b, ["not_rated", G, G, G, G])
    result = evaluate_tables(HEALTH, tables(units=[a, b], ratings=ratings))
    safe = result.get("", "safe")
    assert (safe.proposed, safe.rule_id) == (O, "single-rating")
    assert result.get(b.id, "safe").final == "not_rated"


def test_unrated_unit_key_question_has_no_proposal():
    a = unit("A")
    result = evaluate_tables(HEALTH, tables(units=[a], ratings=unit_ratings(a, [G, G, None, G, G])))
    caring = result.get(a.id, "caring")
    assert caring.proposed is None and caring.final is None and caring.agreed is None
    assert result.get(a.id, OVERALL).inputs[2]["rating"] is None
    assert result.get(a.id, OVERALL).proposed == G  # the four that are rated


# ----------------------------------------------------------------------------- limiters


def test_requirement_notice_caps_the_linked_rating():
    a, b = unit("A", 1), unit("B", 2)
    ratings = unit_ratings(a, [G] * 5) + unit_ratings(b, [O] * 5)
    rn = Enforcement(
        kind="requirement_notice", scope_unit=a.id, key_question="safe", regulation="12"
    )
    result = evaluate_tables(HEALTH, tables(units=[a, b], ratings=ratings, enforcement=[rn]))
    safe = result.get(a.id, "safe")
    assert (safe.before_limiters, safe.proposed, safe.final) == (G, RI, G)
    assert safe.departure and not safe.departure_reason
    [applied] = safe.limiters_applied
    assert (applied.limiter, applied.cap, applied.lowered, applied.enforcement_id) == (
        "requirement_notice",
        RI,
        True,
        rn.id,
    )
    assert result.get(a.id, "effective").limiters_applied == []
    assert result.get(b.id, "safe").limiters_applied == []
    # the team accepts the cap: no departure
    ratings = [r for r in ratings if not (r.scope_unit == a.id and r.key_question == "safe")]
    ratings.append(rating(a.id, "safe", RI))
    result = evaluate_tables(HEALTH, tables(units=[a, b], ratings=ratings, enforcement=[rn]))
    assert not result.get(a.id, "safe").departure
    assert result.get(a.id, "safe").limiters_applied[0].lowered is False


@pytest.mark.parametrize("kind", ["warning_notice", "condition_imposed"])
def test_warning_notice_or_new_condition_makes_the_linked_rating_inadequate(kind):
    a = unit("A")
    wn = Enforcement(kind=kind, scope_unit=a.id, key_question="responsive")
    result = evaluate_tables(
        HEALTH, tables(units=[a], ratings=unit_ratings(a, [G] * 5), enforcement=[wn])
    )
    assert result.get(a.id, "responsive").proposed == I
    assert result.get(a.id, "responsive").limiters_applied[0].limiter == kind


def test_limiters_never_raise():
    a = unit("A")
    rn = Enforcement(kind="requirement_notice", scope_unit=a.id, key_question="safe")
    result = evaluate_tables(
        HEALTH, tables(units=[a], ratings=unit_ratings(a, [I, G, G, G, G]), enforcement=[rn])
    )
    safe = result.get(a.id, "safe")
    assert safe.proposed == I
    assert safe.limiters_applied[0].lowered is False
    assert not safe.departure


def test_asc_breach_caps_the_overall_at_requires_improvement():
    # an ASC location rated at provider level (no scope units)
    ratings = [rating("", kq, v) for kq, v in zip(KQS, [O, O, G, G, G], strict=True)]
    breach = Enforcement(kind="regulation_breach", regulation="17")
    result = evaluate_tables(ASC, tables(ratings=ratings))
    assert result.get("", OVERALL).proposed == O
    result = evaluate_tables(ASC, tables(ratings=ratings, enforcement=[breach]))
    overall = result.get("", OVERALL)
    assert (overall.before_limiters, overall.proposed, overall.rule_id) == (
        O,
        RI,
        "outstanding-two-rest-good",
    )
    assert [lim.limiter for lim in overall.limiters_applied] == ["regulation_breach"]
    # key questions are not touched by an overall limiter
    assert finals(result) == dict(zip(KQS, [O, O, G, G, G], strict=True))


def test_asc_breach_against_a_unit_caps_that_unit_and_the_overall():
    home = unit("Rose House")
    breach = Enforcement(kind="regulation_breach", scope_unit=home.id)
    result = evaluate_tables(
        ASC, tables(units=[home], ratings=unit_ratings(home, [O, O, G, G, G]), enforcement=[breach])
    )
    assert result.get(home.id, OVERALL).proposed == RI
    assert result.get("", OVERALL).proposed == RI


def test_asc_well_led_limiter_caps_well_led():
    ratings = [rating("", kq, v) for kq, v in zip(KQS, [G, G, G, G, O], strict=True)]
    no_manager = Enforcement(kind="no_registered_manager")
    result = evaluate_tables(ASC, tables(ratings=ratings, enforcement=[no_manager]))
    wl = result.get("", "well-led")
    assert (wl.proposed, wl.final, wl.departure) == (RI, O, True)
    assert result.get("", "safe").limiters_applied == []
    # the team's agreed well-led (outstanding) still feeds the overall: one outstanding -> good
    assert result.get("", OVERALL).proposed == G


def test_key_question_limiter_with_a_scope_unit_caps_the_unit_too():
    home = unit("Rose House")
    lim = Enforcement(kind="notifications_not_sent", scope_unit=home.id)
    result = evaluate_tables(
        ASC, tables(units=[home], ratings=unit_ratings(home, [G] * 5), enforcement=[lim])
    )
    assert result.get(home.id, "well-led").proposed == RI
    assert result.get(home.id, "safe").proposed == G
    assert result.get("", "well-led").proposed == RI  # aggregated G, then capped


def test_linked_limiter_without_a_scope_unit_caps_the_provider_key_question():
    a = unit("A")
    rn = Enforcement(kind="requirement_notice", key_question="effective")
    result = evaluate_tables(
        HEALTH, tables(units=[a], ratings=unit_ratings(a, [O] * 5), enforcement=[rn])
    )
    assert result.get(a.id, "effective").proposed == O
    assert result.get("", "effective").proposed == RI


def test_enforcement_at_a_location_caps_that_location_only():
    """A warning notice served on one hospital of a trust limits that location's rating (and, as
    the location feeds the trust, what follows from it), not the other hospital's."""
    review = Review(
        title="Acute",
        review_type="comprehensive",
        locations=(
            {"id": "north", "name": "North Hospital"},
            {"id": "south", "name": "South Hospital"},
        ),
    )
    n1, s1 = unit("North ED", 1, location="north"), unit("South ED", 2, location="south")
    ratings = unit_ratings(n1, [G] * 5) + unit_ratings(s1, [G] * 5) + [rating("", "well-led", G)]
    wn = Enforcement(kind="warning_notice", location="north", key_question="safe")
    result = evaluate_tables(HEALTH, tables(review, [n1, s1], ratings, enforcement=[wn]))
    north, south = result.get("", "safe", "north"), result.get("", "safe", "south")
    assert (north.before_limiters, north.proposed) == (G, I)
    assert [a.enforcement_id for a in north.limiters_applied] == [wn.id]
    assert (south.proposed, south.limiters_applied) == (G, [])
    assert result.get(n1.id, "safe").limiters_applied == []  # the core service is not capped itself
    assert result.get("", "safe").limiters_applied == []  # nor the trust directly ...
    assert result.get("", "safe").proposed != G  # ... but an inadequate location pulls it down
    # a breach recorded at a location caps the location's overall and the provider overall
    breach = Enforcement(kind="regulation_breach", location="south")
    result = evaluate_tables(HEALTH, tables(review, [n1, s1], ratings, enforcement=[breach]))
    assert result.get("", OVERALL, "south").proposed == RI
    assert result.get("", OVERALL, "north").proposed == G
    assert result.get("", OVERALL).proposed == RI


def test_enforcement_location_must_be_one_of_the_review_locations(tmp_path):
    from cqc_tui.core.errors import ValidationError

    ws = Workspace(tmp_path / "home")
    review = Review(
        title="Acute",
        review_type="comprehensive",
        framework_id="kloe-healthcare",
        locations=({"id": "north", "name": "North Hospital"},),
    )
    s = ws.create(review, user="ann")
    assert (
        s.add(Enforcement, kind="warning_notice", location="north", key_question="safe").location
        == "north"
    )
    with pytest.raises(
        ValidationError, match="location 'east' is not one of the review's locations"
    ):
        s.add(Enforcement, kind="warning_notice", location="east")
    home = s.add(ScopeUnit, label="North ED", location="north")
    with pytest.raises(ValidationError, match="a scope unit or a location, not both"):
        s.add(Enforcement, kind="requirement_notice", location="north", scope_unit=home.id)
    s.close()


# ----------------------------------------------------------------------------- previous ratings


def test_previous_rating_and_change():
    a = unit("Children's mental health")
    ratings = unit_ratings(a, [RI, RI, G, RI, RI])
    ratings += [
        rating("", OVERALL, I, source="previous", rated_on="2016-01-01"),
        rating(a.id, "caring", G, source="previous", rated_on="2016-01-01"),
        rating(a.id, "safe", G, source="previous", rated_on="2016-01-01"),
    ]
    result = evaluate_tables(HEALTH, tables(units=[a], ratings=ratings))
    overall = result.get("", OVERALL)
    assert (overall.final, overall.previous.rating, overall.change) == (RI, I, "up")
    assert result.get(a.id, "caring").change == "same"
    assert result.get(a.id, "safe").change == "down"
    assert result.get(a.id, "effective").change is None
    # previous ratings never feed aggregation
    assert result.get(a.id, "safe").final == RI


# ----------------------------------------------------------------------------- results


def test_unrated_frameworks_give_an_empty_result():
    for fid in ("clas-review", "local-system-review"):
        fw = FRAMEWORKS.get(fid)
        result = evaluate_tables(fw, tables(units=[unit("Crisis")]))
        assert not result.rated and result.items == []
        assert result.to_json()["items"] == []
        assert result.grid().rows == []


def test_grid_rows_columns_and_cells():
    review, units, ratings = seed_000()
    result = evaluate_tables(HEALTH, tables(review, units, ratings))
    grid = result.grid()
    assert [c for c, _ in grid.columns] == [*list(KQS), OVERALL]
    assert [r.kind for r in grid.rows] == ["scope_unit"] * 5 + ["provider"]
    assert grid.rows[0].label == units[0].label
    assert grid.rows[-1].label == "Community NHS Trust"
    cell = grid.rows[0].cells["safe"]
    assert (cell.final, cell.label, cell.colour) == (I, "Inadequate", "C8102E")
    trust = grid.rows[-1].cells
    assert (trust[OVERALL].proposed, trust[OVERALL].agreed, trust[OVERALL].final) == (RI, None, RI)
    assert trust["well-led"].assessed_at_provider_level
    assert trust[OVERALL].label == "Requires improvement"


def test_to_json_is_plain_data():
    review, units, ratings = seed_000()
    rn = Enforcement(kind="requirement_notice", scope_unit=units[1].id, key_question="safe")
    result = evaluate_tables(HEALTH, tables(review, units, ratings, [rn]))
    data = json.loads(json.dumps(result.to_json()))
    assert data["framework"] == {"id": "kloe-healthcare", "version": HEALTH.version}
    assert data["rule_set"] == "nhs_trust"
    overall = next(i for i in data["items"] if i["level"] == LEVEL_PROVIDER_OVERALL)
    assert overall["final"] == RI and overall["final_label"] == "Requires improvement"
    limited = next(i for i in data["items"] if i["limiters_applied"])
    assert limited["limiters_applied"][0]["limiter"] == "requirement_notice"
    assert limited["agreed"]["rating"] == G
    assert data["grid"]["rows"][-1]["cells"]["overall"]["final"] == RI


def test_get_looks_up_each_level():
    review, units, ratings = seed_000()
    result = evaluate_tables(HEALTH, tables(review, units, ratings))
    assert result.get(units[0].id, "safe").level == LEVEL_UNIT_KQ
    assert result.get(units[0].id, OVERALL).level == LEVEL_UNIT_OVERALL
    assert result.get("", "safe").level == LEVEL_PROVIDER_KQ
    assert result.get().level == LEVEL_PROVIDER_OVERALL
    assert result.get("nope", "safe") is None
    assert result.get(units[0].id, "safe", level=LEVEL_PROVIDER_KQ) is None
    assert result.get("", "safe", "elsewhere") is None


def test_tables_as_store_dicts_and_deleted_records_are_ignored():
    a = unit("A")
    rs = unit_ratings(a, [O, O, G, G, G])
    gone = Rating(
        scope_unit=a.id,
        key_question="safe",
        rating=I,
        deleted=True,
        updated="9999-01-01T00:00:00.000Z",
    )
    t = {
        "review": {"r": Review(title="x")},
        "scope_units": {a.id: a.to_dict()},
        "ratings": {r.id: r for r in [*rs, gone]},
    }
    result = evaluate_tables(ASC, t)
    assert result.get(a.id, "safe").final == O
    assert result.get(a.id, OVERALL).proposed == O


def test_rule_set_from_the_review_or_the_framework_default():
    a = unit("A")
    ratings = unit_ratings(a, [O, G, G, G, G])
    assert evaluate_tables(HEALTH, tables(units=[a], ratings=ratings)).rule_set == "nhs_trust"
    review = Review(title="x", rule_set="asc_location")
    result = evaluate_tables(HEALTH, tables(review, [a], ratings))
    assert result.rule_set == "asc_location"
    assert result.get(a.id, OVERALL).proposed == G  # asc: one outstanding is not enough
    assert (
        evaluate_tables(HEALTH, tables(Review(title="x", rule_set="nhs_trust"), [a], ratings))
        .get(a.id, OVERALL)
        .proposed
        == G
    )  # nhs: 5 ratings need 2 outstanding


# ----------------------------------------------------------------------------- single assessment framework


def saf_lines(kq: str) -> list[str]:
    return [ln.code for ln in SAF.key_question(kq).lines]


def saf_categories() -> list[str]:
    return [c for c, _ in SAF.evidence_categories]


@pytest.mark.parametrize(
    "percent,band",
    [
        (0, I),
        (38, I),
        (38.4, I),
        (38.5, RI),
        (39, RI),
        (62, RI),
        (62.5, G),
        (63, G),
        (87, G),
        (87.5, O),
        (88, O),
        (100, O),
    ],
)
def test_score_bands(percent, band):
    assert band_for(SAF.scoring, percent) == band


def test_scoring_method_by_review_date_or_recorded():
    sc = SAF.scoring
    assert (
        choose_scoring_method(sc, Review(title="x", start_date="2024-06-01"))
        == "per_evidence_category"
    )
    assert (
        choose_scoring_method(sc, Review(title="x", start_date="2024-12-01"))
        == "per_quality_statement"
    )
    assert (
        choose_scoring_method(sc, Review(title="x", start_date="2025-03-01"))
        == "per_quality_statement"
    )
    assert choose_scoring_method(sc, Review(title="x")) == "per_quality_statement"  # the latest
    assert (
        choose_scoring_method(
            sc, Review(title="x", start_date="2025-03-01", scoring_method="per_evidence_category")
        )
        == "per_evidence_category"
    )


def test_evidence_category_scores_3_2_3_3_give_69_percent_good():
    home = unit("Rose House")
    line = saf_lines("safe")[0]
    scores = [
        Score(scope_unit=home.id, line=line, evidence_category=c, score=s)
        for c, s in zip(saf_categories(), [3, 2, 3, 3], strict=False)  # the first four categories
    ]
    review = Review(title="Old review", start_date="2024-03-04")
    result = evaluate_tables(SAF, tables(review, [home], scores=scores))
    assert result.scoring_method == "per_evidence_category"
    safe = result.get(home.id, "safe")
    [stmt] = safe.inputs
    assert stmt["percent"] == pytest.approx(68.75)  # 11 / 16
    assert round(stmt["percent"]) == 69
    assert stmt["score"] == 3  # mean 2.75 rounded half up
    assert safe.exact_percent == pytest.approx(68.75)
    assert safe.proposed == G
    assert band_for(SAF.scoring, stmt["percent"]) == G
    assert safe.scoring_method == "per_evidence_category"


def test_per_statement_scores_are_ignored_by_the_category_method_and_vice_versa():
    home = unit("Rose House")
    line = saf_lines("safe")[0]
    cat = [
        Score(scope_unit=home.id, line=line, evidence_category=c, score=1)
        for c in saf_categories()[:2]
    ]
    whole = [Score(scope_unit=home.id, line=line, score=4)]
    old = evaluate_tables(
        SAF, tables(Review(title="x", start_date="2024-01-10"), [home], scores=cat + whole)
    )
    new = evaluate_tables(
        SAF, tables(Review(title="x", start_date="2025-01-10"), [home], scores=cat + whole)
    )
    assert old.get(home.id, "safe").proposed == I
    assert new.get(home.id, "safe").proposed == O
    # the method recorded on the review wins over its dates: an old review reads as it did
    pinned = Review(title="x", start_date="2025-01-10", scoring_method="per_evidence_category")
    assert (
        evaluate_tables(SAF, tables(pinned, [home], scores=cat + whole))
        .get(home.id, "safe")
        .proposed
        == I
    )


@pytest.mark.parametrize(
    "scores,band",
    [
        ([3] * 8, G),  # 24/32 = 75%
        ([1, 1, 1, 1, 2, 2, 2, 2], I),  # 12/32 = 37.5% -> 38
        ([1, 1, 1, 2, 2, 2, 2, 2], RI),  # 13/32 = 40.6%
        ([2, 2, 2, 2, 3, 3, 3, 3], G),  # 20/32 = 62.5% -> 63
        ([2, 2, 2, 3, 3, 3, 3, 1], RI),  # 19/32 = 59.4%
        ([4, 4, 4, 4, 3, 3, 3, 3], O),  # 28/32 = 87.5% -> 88
        ([4, 4, 4, 3, 3, 3, 3, 3], G),  # 27/32 = 84.4%
    ],
)
def test_key_question_percentage_and_band(scores, band):
    home = unit("Rose House")
    lines = saf_lines("safe")
    assert len(lines) == len(scores)
    recs = [
        Score(scope_unit=home.id, line=ln, score=s) for ln, s in zip(lines, scores, strict=True)
    ]
    result = evaluate_tables(
        SAF, tables(Review(title="x", start_date="2025-02-01"), [home], scores=recs)
    )
    safe = result.get(home.id, "safe")
    assert safe.percent == pytest.approx(sum(scores) / 32 * 100)
    assert safe.proposed == band
    assert safe.rule_id == "score-bands"
    assert len(safe.inputs) == 8


def saf_review_scores(unit_id: str, per_kq: dict) -> list[Score]:
    out = []
    for kq, value in per_kq.items():
        out += [Score(scope_unit=unit_id, line=ln, score=value) for ln in saf_lines(kq)]
    return out


@pytest.mark.parametrize(
    "kq_scores,kq_ratings,overall",
    [
        (
            {"safe": 3, "effective": 3, "caring": 3, "responsive": 2, "well-led": 3},
            [G, G, G, RI, G],
            G,
        ),  # 14/20
        (
            {"safe": 4, "effective": 4, "caring": 4, "responsive": 4, "well-led": 3},
            [O, O, O, O, G],
            O,
        ),  # 19/20
        (
            {"safe": 2, "effective": 2, "caring": 3, "responsive": 3, "well-led": 3},
            [RI, RI, G, G, G],
            G,
        ),  # 13/20
        (
            {"safe": 1, "effective": 1, "caring": 2, "responsive": 2, "well-led": 2},
            [I, I, RI, RI, RI],
            RI,
        ),  # 8/20
        (
            {"safe": 1, "effective": 1, "caring": 1, "responsive": 2, "well-led": 2},
            [I, I, I, RI, RI],
            I,
        ),  # 7/20
    ],
)
def test_overall_from_key_question_ratings_by_score_bands(kq_scores, kq_ratings, overall):
    home = unit("Rose House")
    result = evaluate_tables(
        SAF,
        tables(
            Review(title="x", start_date="2025-02-01"),
            [home],
            scores=saf_review_scores(home.id, kq_scores),
        ),
    )
    assert finals(result, LEVEL_UNIT_KQ, home.id) == dict(zip(KQS, kq_ratings, strict=True))
    assert result.get(home.id, OVERALL).proposed == overall
    assert result.get(home.id, OVERALL).rule_id == "score-bands"
    assert result.get("", OVERALL).proposed == overall


def test_saf_provider_from_review_level_scores_or_from_the_units():
    a, b = unit("A", 1), unit("B", 2)
    review = Review(title="x", start_date="2025-02-01")
    lines = saf_lines("caring")
    scores = [Score(scope_unit=a.id, line=ln, score=4) for ln in lines]
    scores += [Score(scope_unit=b.id, line=ln, score=2) for ln in lines]
    result = evaluate_tables(SAF, tables(review, [a, b], scores=scores))
    assert result.get(a.id, "caring").proposed == O
    assert result.get(b.id, "caring").proposed == RI
    caring = result.get("", "caring")
    assert (caring.proposed, caring.rule_id) == (G, "good-otherwise")  # [O, RI] by the rule set
    assert [i["scope_unit"] for i in caring.inputs] == [a.id, b.id]
    # the units' agreed ratings feed the provider
    agreed = [rating(b.id, "caring", O, departure_reason="Scores understate recent change")]
    assert (
        evaluate_tables(SAF, tables(review, [a, b], agreed, scores=scores))
        .get("", "caring")
        .proposed
        == O
    )
    # scores for the review as a whole rate the provider directly
    whole = [Score(line=ln, score=3) for ln in lines]
    result = evaluate_tables(SAF, tables(review, [a, b], scores=scores + whole))
    assert (result.get("", "caring").proposed, result.get("", "caring").percent) == (G, 75.0)
    assert result.get("", "caring").rule_id == "score-bands"
    result = evaluate_tables(SAF, tables(review, scores=whole))
    assert result.get("", "caring").proposed == G
    assert result.get("", "safe").final is None


def test_saf_team_agreed_rating_and_breach_limiter():
    home = unit("Rose House")
    scores = saf_review_scores(home.id, {kq: 4 for kq in KQS})
    ratings = [
        rating(home.id, "safe", G, departure_reason="Recent incident not yet reflected in scores")
    ]
    breach = Enforcement(kind="regulation_breach")
    result = evaluate_tables(
        SAF, tables(Review(title="x", start_date="2025-02-01"), [home], ratings, [breach], scores)
    )
    safe = result.get(home.id, "safe")
    assert (safe.proposed, safe.final, safe.departure) == (O, G, True)
    overall = result.get("", OVERALL)
    assert overall.before_limiters == O  # 19/20 = 95%
    assert overall.proposed == RI
    assert overall.limiters_applied[0].limiter == "regulation_breach"


# ----------------------------------------------------------------------------- workspace integration


@pytest.fixture
def workspace(tmp_path):
    return Workspace(tmp_path)


def test_evaluate_a_workspace_review(workspace):
    cyp = ScopeUnit(code="cyp", label="Children and young people", order=1)
    inp = ScopeUnit(code="inp", label="Inpatients", order=2)
    dental = ScopeUnit(code="dental", label="Dental", order=3, inspected=False)
    adults = ScopeUnit(code="adults", label="Adults", order=4, inspected=False)
    session = workspace.create(
        Review(
            title="Community trust",
            review_type="comprehensive",
            framework_id="kloe-healthcare",
            provider="Community NHS Trust",
            start_date="2018-03-01",
        ),
        [TeamMember(name="Ann")],
        [cyp, inp, dental, adults],
        user="ann",
    )
    try:
        for kq, a, b in zip(KQS, [I, RI, G, RI, I], [G] * 5, strict=True):
            session.set_rating(cyp.id, kq, a)
            session.set_rating(inp.id, kq, b)
            for u in (dental, adults):
                session.add(
                    Rating,
                    scope_unit=u.id,
                    key_question=kq,
                    rating=G,
                    source="carried_forward",
                    rated_on="2014-10-01",
                )
        session.set_rating("", "well-led", RI)
        session.add(Enforcement, kind="warning_notice", scope_unit=cyp.id, key_question="safe")
        result = evaluate(session)
        assert finals(result) == {
            "safe": RI,
            "effective": G,
            "caring": G,
            "responsive": G,
            "well-led": RI,
        }
        assert result.get().final == RI
        assert result.get(cyp.id, "safe").limiters_applied[0].limiter == "warning_notice"
        assert result.get(dental.id, "safe").rated_on == "2014-10-01"
        # the team records an overall for the core service that differs from the rules
        session.set_rating(cyp.id, OVERALL, RI)
        item = evaluate(session).get(cyp.id, OVERALL)
        assert (item.proposed, item.final, item.departure, item.departure_reason) == (
            I,
            RI,
            True,
            "",
        )
        session.set_rating(
            cyp.id, OVERALL, RI, departure_reason="Leadership already acting on waits"
        )
        assert (
            evaluate(session).get(cyp.id, OVERALL).departure_reason
            == "Leadership already acting on waits"
        )
        json.dumps(evaluate(session).to_json())
    finally:
        session.close()


def test_evaluate_a_workspace_single_assessment_review(workspace):
    home = ScopeUnit(code="home", label="Rose House")
    session = workspace.create(
        Review(
            title="Care home",
            review_type="comprehensive",
            framework_id="single-assessment",
            start_date="2024-05-01",
        ),
        [],
        [home],
        user="ann",
    )
    try:
        line = saf_lines("safe")[0]
        for c, s in zip(saf_categories(), [3, 2, 3, 3], strict=False):  # the first four categories
            session.add(Score, scope_unit=home.id, line=line, evidence_category=c, score=s)
        result = evaluate(session)
        assert result.scoring_method == "per_evidence_category"
        assert result.get(home.id, "safe").proposed == G
        assert result.get(home.id, "effective").final is None
    finally:
        session.close()
