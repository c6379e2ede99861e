"""The typed queries of ReviewSession: findings, recommendations, actions, enforcement and scores
come back typed, filtered and in the order screens, the command line and the report show them."""

from __future__ import annotations

from cqc_tui.core.model import (
    AREA_FOR_IMPROVEMENT,
    EARLIER_FINDING,
    FINDING,
    MUST_DO,
    OUTSTANDING_PRACTICE,
    RECOMMENDATION,
    RECOMMENDATION_KINDS,
    SHOULD_DO,
    ActionItem,
    Enforcement,
    Finding,
    Recommendation,
    Score,
    recommendation_kind_order,
)


def test_findings_by_kind_in_the_teams_order(session):
    second = session.add(Finding, kind=FINDING, heading="Second", order=2)
    first = session.add(Finding, kind=FINDING, heading="First", order=1)
    earlier = session.add(Finding, kind=EARLIER_FINDING, heading="Earlier", order=3)
    practice = session.add(Finding, kind=OUTSTANDING_PRACTICE, heading="Practice", order=0)
    assert [f.id for f in session.findings()] == [practice.id, first.id, second.id, earlier.id]
    assert [f.id for f in session.findings(FINDING)] == [first.id, second.id]
    assert [f.id for f in session.findings(EARLIER_FINDING)] == [earlier.id]
    session.delete("findings", first.id)
    assert [f.id for f in session.findings(FINDING)] == [second.id]
    assert [f.id for f in session.findings(FINDING, include_deleted=True)] == [first.id, second.id]


def test_next_order_counts_deleted_ones_too(session):
    assert session.next_order("findings") == 1
    kept = session.add(Finding, heading="Kept", order=session.next_order("findings"))
    gone = session.add(Finding, heading="Gone", order=session.next_order("findings"))
    session.delete("findings", gone.id)
    assert (kept.order, gone.order) == (1, 2)
    assert session.next_order("findings") == 3
    assert session.next_order("recommendations") == 1


def test_recommendations_by_kind_in_the_teams_order(session):
    later = session.add(Recommendation, kind=MUST_DO, text="Later", order=2)
    sooner = session.add(Recommendation, kind=SHOULD_DO, text="Sooner", order=1)
    assert [r.id for r in session.recommendations()] == [sooner.id, later.id]
    assert [r.id for r in session.recommendations(MUST_DO)] == [later.id]
    assert session.recommendations(RECOMMENDATION) == []


def test_recommendations_by_kind_must_do_first_then_the_teams_order(session):
    advice = session.add(Recommendation, kind=RECOMMENDATION, text="Advice", order=1)
    should = session.add(Recommendation, kind=SHOULD_DO, text="Should", order=2)
    must_late = session.add(Recommendation, kind=MUST_DO, text="Must, later", order=5)
    area = session.add(Recommendation, kind=AREA_FOR_IMPROVEMENT, text="Area", order=3)
    must_soon = session.add(Recommendation, kind=MUST_DO, text="Must, sooner", order=4)
    odd = session.store.save(Recommendation(kind="zz_local_kind", text="Local", order=0))
    gone = session.add(Recommendation, kind=MUST_DO, text="Gone", order=6)
    session.delete("recommendations", gone.id)
    expected = [must_soon.id, must_late.id, should.id, area.id, advice.id, odd.id]
    assert [r.id for r in session.recommendations_by_kind()] == expected
    with_deleted = [r.id for r in session.recommendations_by_kind(include_deleted=True)]
    assert with_deleted == [must_soon.id, must_late.id, gone.id, *expected[2:]]


def test_recommendation_kind_order_puts_the_products_kinds_first():
    assert [*RECOMMENDATION_KINDS] == [MUST_DO, SHOULD_DO, AREA_FOR_IMPROVEMENT, RECOMMENDATION]
    kinds = ["zebra", RECOMMENDATION, "apple", SHOULD_DO, MUST_DO, AREA_FOR_IMPROVEMENT]
    assert sorted(kinds, key=recommendation_kind_order) == [
        MUST_DO,
        SHOULD_DO,
        AREA_FOR_IMPROVEMENT,
        RECOMMENDATION,
        "apple",
        "zebra",
    ]


def test_actions_enforcement_and_scores_are_typed_and_ordered(session):
    unit = session.scope_units()[0].id
    rec = session.add(Recommendation, kind=MUST_DO, text="Fix the call bells", section="B")
    b_action = session.add(ActionItem, recommendation=rec.id, section="B", text="Audit")
    a_action = session.add(ActionItem, recommendation=rec.id, section="A", text="Train")
    assert [a.id for a in session.actions()] == [a_action.id, b_action.id]
    late = session.store.save(Enforcement(kind="breach", date="2018-02-01", text="Late"))
    early = session.store.save(Enforcement(kind="breach", date="2018-01-01", text="Early"))
    assert [e.id for e in session.enforcement()] == [early.id, late.id]
    whole = session.store.save(Score(scope_unit=unit, line="S1", score=3))
    category = session.store.save(
        Score(scope_unit=unit, line="S1", evidence_category="feedback", score=2)
    )
    assert {s.id for s in session.scores()} == {whole.id, category.id}
    assert session.score(unit, "S1") == whole
    assert session.score(unit, "S1", "feedback") == category
    assert session.score("", "S1") is None
    assert session.score(unit, "S2") is None


def test_cited_notes_in_the_order_given_deleted_ones_too(session):
    first = session.add_note(lines=["T1"], text="First")
    second = session.add_note(lines=["T1"], text="Second")
    session.delete("notes", first.id)
    cited = session.cited_notes([second.id, "no-such-note", first.id])
    assert [(note.id, note.deleted) for note in cited] == [(second.id, False), (first.id, True)]
    assert session.cited_notes([]) == []
