"""Properties of the ratings engine over every rule set of every bundled framework.

If one of these fails on a framework file, the YAML table is wrong (for example not monotone):
report the counterexample, do not weaken the test.
"""

from __future__ import annotations

from itertools import combinations_with_replacement

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqc_tui.core.model import OVERALL, Enforcement, Rating, Review, ScopeUnit, Score
from cqc_tui.core.ratings import aggregate, band_for, cap, evaluate_tables
from tests.bundled import FRAMEWORKS

AGGREGATING = [
    fw for fw in FRAMEWORKS.all() if fw.aggregation is not None and fw.rating_scale is not None
]
RULE_SETS = [(fw, rs) for fw in AGGREGATING for rs in fw.aggregation.rule_sets.values()]
IDS = [f"{fw.id}:{rs.id}" for fw, rs in RULE_SETS]
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_there_are_rule_sets_to_check():
    assert {fw.id for fw, _ in RULE_SETS} >= {"kloe-healthcare", "kloe-adult-social-care"}


def rank_of(fw, ratings, rs):
    got = aggregate(list(ratings), rs, fw.rating_scale)
    return fw.rating_scale.rank(got[0])


@pytest.mark.parametrize("fw,rs", RULE_SETS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_raising_one_rating_never_lowers_the_aggregate(fw, rs, data):
    scale = fw.rating_scale
    ratings = data.draw(
        st.lists(st.sampled_from(scale.codes), min_size=1, max_size=12), label="ratings"
    )
    noise = data.draw(
        st.lists(st.sampled_from([r.code for r in scale.other] or scale.codes), max_size=2)
    )
    raisable = [i for i, r in enumerate(ratings) if scale.rank(r) < len(scale.codes)]
    if not raisable:
        return
    i = data.draw(st.sampled_from(raisable), label="index")
    steps = data.draw(st.integers(1, len(scale.codes) - scale.rank(ratings[i])), label="steps")
    raised = list(ratings)
    raised[i] = scale.by_rank(scale.rank(ratings[i]) + steps)
    before = rank_of(fw, ratings + noise, rs)
    after = rank_of(fw, raised + noise, rs)
    assert after >= before, (
        f"{fw.id} rule set {rs.id}: {ratings} -> {aggregate(ratings, rs, scale)[0]}, but raising item {i} to "
        f"{raised[i]} gives {aggregate(raised, rs, scale)[0]}"
    )


@pytest.mark.parametrize("fw,rs", RULE_SETS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_every_rating_weighs_the_same(fw, rs, data):
    """Key questions (and core services) weigh equally: the order of the ratings never matters."""
    ratings = data.draw(
        st.lists(st.sampled_from(fw.rating_scale.all_codes), min_size=1, max_size=12)
    )
    shuffled = data.draw(st.permutations(ratings))
    assert aggregate(ratings, rs, fw.rating_scale) == aggregate(list(shuffled), rs, fw.rating_scale)


@pytest.mark.parametrize("fw,rs", RULE_SETS, ids=IDS)
def test_monotone_exhaustively_up_to_twelve_ratings(fw, rs):
    """Rules only count ratings, so every multiset of 1-12 ratings covers every case."""
    scale = fw.rating_scale
    top = len(scale.codes)
    for n in range(1, 13):
        for combo in combinations_with_replacement(scale.codes, n):
            base = rank_of(fw, combo, rs)
            for i, code in enumerate(combo):
                if scale.rank(code) == top or (i and combo[i - 1] == code):
                    continue
                raised = list(combo)
                raised[i] = scale.by_rank(scale.rank(code) + 1)
                assert rank_of(fw, raised, rs) >= base, f"{fw.id}:{rs.id} {list(combo)} -> {raised}"


@pytest.mark.parametrize("fw,rs", RULE_SETS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_identical_ratings_aggregate_to_that_rating(fw, rs, data):
    code = data.draw(st.sampled_from(fw.rating_scale.codes))
    n = data.draw(st.integers(1, 12))
    assert aggregate([code] * n, rs, fw.rating_scale)[0] == code


@pytest.mark.parametrize("fw", AGGREGATING, ids=[fw.id for fw in AGGREGATING])
@SETTINGS
@given(data=st.data())
def test_cap_only_ever_lowers(fw, data):
    scale = fw.rating_scale
    code = data.draw(st.sampled_from(scale.all_codes))
    ceiling = data.draw(st.sampled_from(scale.codes))
    got = cap(code, ceiling, scale)
    if scale.rank(code) is None:
        assert got == code
    else:
        assert scale.rank(got) <= scale.rank(code)
        assert scale.rank(got) <= scale.rank(ceiling)


KLOE_RATED = [fw for fw in AGGREGATING if fw.scoring is None]


@pytest.mark.parametrize("fw", KLOE_RATED, ids=[fw.id for fw in KLOE_RATED])
@SETTINGS
@given(data=st.data())
def test_limiters_only_ever_lower_at_every_level(fw, data):
    scale = fw.rating_scale
    kqs = [kq.code for kq in fw.key_questions]
    n_units = data.draw(st.integers(0, 4), label="units")
    units = [ScopeUnit(code=f"u{i}", label=f"Unit {i}", order=i) for i in range(n_units)]
    ratings = []
    for u in units:
        for kq in kqs:
            value = data.draw(st.sampled_from((*scale.all_codes, "")))
            if value:
                ratings.append(Rating(scope_unit=u.id, key_question=kq, rating=value))
    for kq in kqs:
        value = data.draw(st.sampled_from((*scale.codes, "")))
        if value:
            ratings.append(Rating(scope_unit="", key_question=kq, rating=value))
    enforcement = []
    for _ in range(data.draw(st.integers(1, 4), label="limiters")):
        lim = data.draw(st.sampled_from(fw.aggregation.limiters))
        enforcement.append(
            Enforcement(
                kind=lim.id,
                scope_unit=data.draw(st.sampled_from([""] + [u.id for u in units])),
                key_question=data.draw(st.sampled_from(["", *kqs])),
            )
        )
    base = {"review": [Review(title="x")], "scope_units": units, "ratings": ratings}
    without = evaluate_tables(fw, base)
    with_limits = evaluate_tables(fw, dict(base, enforcement=enforcement))
    assert len(without.items) == len(with_limits.items)
    for a, b in zip(without.items, with_limits.items, strict=True):
        assert (a.level, a.scope_unit, a.key_question) == (b.level, b.scope_unit, b.key_question)
        if b.proposed is not None and scale.rank(b.proposed) is not None:
            assert scale.rank(b.proposed) <= scale.rank(b.before_limiters)
            assert scale.rank(b.proposed) <= scale.rank(a.proposed), (
                b.level,
                b.key_question,
                a.proposed,
                b.proposed,
            )
            for lim in b.limiters_applied:
                assert scale.rank(b.proposed) <= scale.rank(
                    lim.cap
                )  # every limiter that applied holds
        else:
            assert b.proposed == a.proposed


SCORED = [fw for fw in FRAMEWORKS.all() if fw.scoring is not None and fw.rating_scale is not None]


@pytest.mark.parametrize("fw", SCORED, ids=[fw.id for fw in SCORED])
@SETTINGS
@given(data=st.data())
def test_raising_a_statement_score_never_lowers_the_key_question(fw, data):
    values = sorted(v for v, _ in fw.scoring.scores)
    kq = data.draw(st.sampled_from(fw.key_questions))
    lines = [ln.code for ln in kq.lines]
    scores = data.draw(st.lists(st.sampled_from(values), min_size=len(lines), max_size=len(lines)))
    raisable = [i for i, s in enumerate(scores) if s < values[-1]]
    if not raisable:
        return
    i = data.draw(st.sampled_from(raisable))
    raised = list(scores)
    raised[i] = values[values.index(scores[i]) + 1]
    review = Review(title="x", scoring_method="per_quality_statement")
    scale = fw.rating_scale

    def proposed(ss):
        recs = [Score(line=ln, score=s) for ln, s in zip(lines, ss, strict=True)]
        return evaluate_tables(fw, {"review": [review], "scores": recs}).get("", kq.code).proposed

    assert scale.rank(proposed(raised)) >= scale.rank(proposed(scores))


@pytest.mark.parametrize("fw", SCORED, ids=[fw.id for fw in SCORED])
def test_bands_are_monotone_in_the_percentage(fw):
    scale = fw.rating_scale
    ranks = [scale.rank(band_for(fw.scoring, p / 10)) for p in range(0, 1001)]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize("fw", SCORED, ids=[fw.id for fw in SCORED])
@SETTINGS
@given(data=st.data())
def test_saf_overall_is_monotone_in_key_question_ratings(fw, data):
    scale = fw.rating_scale
    kqs = [kq.code for kq in fw.key_questions]
    values = data.draw(st.lists(st.sampled_from(scale.codes), min_size=len(kqs), max_size=len(kqs)))
    raisable = [i for i, r in enumerate(values) if scale.rank(r) < len(scale.codes)]
    if not raisable:
        return
    i = data.draw(st.sampled_from(raisable))
    raised = list(values)
    raised[i] = scale.by_rank(scale.rank(values[i]) + 1)

    def overall(vs):
        ratings = [
            Rating(scope_unit="", key_question=kq, rating=v) for kq, v in zip(kqs, vs, strict=True)
        ]
        return (
            evaluate_tables(fw, {"review": [Review(title="x")], "ratings": ratings})
            .get("", OVERALL)
            .proposed
        )

    assert scale.rank(overall(raised)) >= scale.rank(overall(values))
