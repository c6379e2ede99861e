"""Action plan rules (cqc_tui.core.action_plan): statuses per round carried forward, overdue and
behind flags, and summaries whose totals agree per section and per organisation."""

from __future__ import annotations

import functools
import operator
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_tui.core.action_plan import (
    CLOSED_STATUSES,
    STATUS_ORDER,
    ActionPlan,
    new_round,
    record_status,
    update_id,
)
from cqc_tui.core.errors import ValidationError
from cqc_tui.core.exchange import parse_review_file
from cqc_tui.core.framework import load_frameworks
from cqc_tui.core.model import (
    ACTION_STATUSES,
    ActionItem,
    ActionUpdate,
    Recommendation,
    ReportingRound,
)

REPO = Path(__file__).resolve().parent.parent
CLAS = REPO / "sample_reviews" / "leicester-clas-review-2016.yaml"


class Records:
    """Anything with records(table), as ActionPlan.of expects."""

    def __init__(self, records):
        self.all = list(records)

    def records(self, table):
        return [r for r in self.all if table == r.TABLE]


@pytest.fixture(scope="module")
def clas_plan() -> ActionPlan:
    parsed = parse_review_file(CLAS, load_frameworks([REPO / "templates" / "frameworks"]))
    return ActionPlan.of(Records(parsed.records))


def test_clas_march_2017_summary_is_computed(clas_plan):
    summary = clas_plan.summary()
    assert summary.round.label == "Quarter 4 2016/17" and summary.round.as_at == "2017-03-31"
    assert summary.total.total == 172
    assert summary.total.counts == {"completed": 143, "on_track": 28, "behind": 1}
    assert len(summary.sections) == 11 and len(summary.organisations) == 8
    assert summary.recommendations == 59
    [behind] = summary.behind
    assert "Child Protection Information Sharing" in behind.note
    assert behind.overdue, "the behind action's due date has passed"
    assert summary.previous_round.label == "Quarter 3 2016/17"


def test_clas_earlier_rounds_keep_their_history(clas_plan):
    q3 = clas_plan.find_round("quarter 3")
    summary = clas_plan.summary(q3)
    assert summary.total.total == 172
    assert summary.total.counts.get("completed", 0) < 143
    action = summary.behind[0].action if summary.behind else clas_plan.summary().behind[0].action
    history = [u.status for _, u in clas_plan.history(action.id)]
    assert history[-1] == "behind" and "behind" not in history[:-1]
    as_agreed = clas_plan.summary(as_agreed=True)
    assert as_agreed.round is None and as_agreed.total.counts == {"not_started": 172}


def test_find_round_by_label_date_or_id_and_clear_refusal(clas_plan):
    q4 = clas_plan.current_round
    assert clas_plan.find_round("2017-03-31") is q4
    assert clas_plan.find_round(q4.id[:8]) is q4
    assert clas_plan.find_round("QUARTER 4 2016/17") is q4
    with pytest.raises(ValidationError, match=r"no reporting round 'Quarter 9'.*Quarter 2 2016/17"):
        clas_plan.find_round("Quarter 9")
    with pytest.raises(ValidationError, match="matches 3 rounds"):
        clas_plan.find_round("2016/17")


def _plan(statuses, dues, owners, sections, round_specs, updates):
    rec = Recommendation(id="rec-1", text="r", section="")
    actions = [
        ActionItem(
            id=f"a{i}",
            recommendation="rec-1",
            text=f"action {i}",
            owner=owners[i],
            section=sections[i],
            status=statuses[i],
            due=dues[i],
            order=i,
        )
        for i in range(len(statuses))
    ]
    rounds = [
        ReportingRound(
            id=f"r{k}", label=f"R{k}", as_at=as_at, created=f"2017-01-0{k + 1}T00:00:00.000Z"
        )
        for k, as_at in enumerate(round_specs)
    ]
    ups = [
        ActionUpdate(id=update_id(f"r{k}", f"a{i}"), round=f"r{k}", action=f"a{i}", status=status)
        for (k, i, status) in updates
        if k < len(rounds) and i < len(actions)
    ]
    return ActionPlan([rec], actions, rounds, ups), actions, rounds, ups


statuses = st.sampled_from(list(ACTION_STATUSES))
dates = st.sampled_from(["", "2016-10-31", "2016-12-31", "2017-03-31", "2017-06-30"])


@st.composite
def plans(draw):
    n = draw(st.integers(1, 12))
    plan_statuses = draw(st.lists(statuses, min_size=n, max_size=n))
    dues = draw(st.lists(dates, min_size=n, max_size=n))
    owners = draw(
        st.lists(st.sampled_from(["", "CCG", "Trust", "Council"]), min_size=n, max_size=n)
    )
    sections = draw(
        st.lists(st.sampled_from(["", "1. One", "2. Two", "10. Ten"]), min_size=n, max_size=n)
    )
    round_dates = sorted(
        draw(
            st.sets(
                st.sampled_from(["2016-09-30", "2016-12-31", "2017-03-31", "2017-06-30"]),
                max_size=4,
            )
        )
    )
    updates = draw(
        st.lists(
            st.tuples(st.integers(0, 3), st.integers(0, n - 1), statuses),
            max_size=30,
            unique_by=lambda u: (u[0], u[1]),
        )
    )
    return _plan(plan_statuses, dues, owners, sections, round_dates, updates)


@settings(max_examples=150, deadline=None)
@given(plans())
def test_summary_totals_agree_per_section_and_organisation(built):
    plan, actions, rounds, _ = built
    for rnd in [None, *rounds]:
        summary = plan.summary(rnd, as_agreed=rnd is None)
        assert summary.total.total == len(actions) == sum(summary.total.counts.values())
        for groups in (summary.sections, summary.organisations):
            assert sum(g.total for g in groups) == summary.total.total
            assert sum(g.overdue for g in groups) == summary.total.overdue
            for status in STATUS_ORDER:
                assert sum(g.counts.get(status, 0) for g in groups) == summary.total.counts.get(
                    status, 0
                )
        assert summary.total.behind == summary.total.counts.get("behind", 0)


@settings(max_examples=150, deadline=None)
@given(plans())
def test_status_is_the_latest_recorded_up_to_the_round(built):
    plan, actions, rounds, ups = built
    recorded = {(u.round, u.action): u.status for u in ups}
    for k, rnd in enumerate(rounds):
        for action in actions:
            expected = action.status
            for earlier in range(k, -1, -1):
                if (f"r{earlier}", action.id) in recorded:
                    expected = recorded[(f"r{earlier}", action.id)]
                    break
            state = plan.state(action, rnd)
            assert state.status == expected
            assert state.overdue == (
                bool(action.due) and action.due < rnd.as_at and expected not in CLOSED_STATUSES
            )


@settings(max_examples=100, deadline=None)
@given(plans(), statuses)
def test_one_update_changes_only_its_action(built, status):
    plan, actions, rounds, ups = built
    if not rounds:
        return
    rnd = rounds[-1]
    before = plan.summary(rnd)
    changed = record_status(plan, rnd, actions[0].id, status, "new note", author="kd")
    after_plan = ActionPlan(
        plan.recommendations.values(),
        actions,
        rounds,
        [u for u in ups if u.id != (changed.id if changed else "")]
        + ([changed] if changed else []),
    )
    after = after_plan.summary(rnd)
    old_status = before.states[[s.action.id for s in before.states].index(actions[0].id)].status
    diff = Counter(after.total.counts)
    diff.subtract(before.total.counts)
    expected = Counter()
    if old_status != status:
        expected[status] += 1
        expected[old_status] -= 1
    assert {k: v for k, v in diff.items() if v} == {k: v for k, v in expected.items() if v}


def test_new_round_carries_statuses_forward_and_refuses_bad_rounds(clas_plan):
    records = new_round(clas_plan, "Quarter 1 2017/18", "2017-06-30", "2017-07-21", author="kd")
    rnd, updates = records[0], records[1:]
    assert isinstance(rnd, ReportingRound) and len(updates) == 172
    assert all(
        u.id == update_id(rnd.id, u.action) and not u.returned and u.note == "" for u in updates
    )
    plan = ActionPlan(
        clas_plan.recommendations.values(),
        clas_plan.actions,
        [*clas_plan.rounds, rnd],
        [
            *(
                u
                for _, u in functools.reduce(
                    operator.iadd, (clas_plan.history(a.id) for a in clas_plan.actions), []
                )
            ),
            *updates,
        ],
    )
    summary = plan.summary()
    assert summary.round.id == rnd.id
    assert summary.total.counts == {"completed": 143, "on_track": 28, "behind": 1}
    assert summary.returns_received == 0 and summary.changed_since_previous == 0
    assert summary.total.overdue > 0  # on-track actions due by June 2017 are now overdue
    for label, as_at, due, message in [
        ("Quarter 4 again", "2017-03-31", "2017-04-30", "after the current round"),
        ("Quarter 4 2016/17", "2017-06-30", "2017-07-30", "already a round called"),
        ("Q1", "2017-06-31", "2017-07-30", "not a real date"),
        ("Q1", "2017-06-30", "2017-06-01", "before the as-at date"),
        ("  ", "2017-06-30", "2017-07-30", "needs a label"),
    ]:
        with pytest.raises(ValidationError, match=message):
            new_round(clas_plan, label, as_at, due, author="kd")


def test_record_status_revises_the_round_update(clas_plan):
    rnd = clas_plan.current_round
    state = clas_plan.summary().behind[0]
    same = record_status(clas_plan, rnd, state.action.id, "behind", state.note, "kd")
    assert same is None
    revised = record_status(clas_plan, rnd, state.action.id, "completed", "done", "kd")
    held = clas_plan.update(rnd.id, state.action.id)
    assert revised.id == held.id and revised.rev == held.rev + 1 and revised.status == "completed"
    with pytest.raises(ValidationError, match="not an action status"):
        record_status(clas_plan, rnd, state.action.id, "done", "", "kd")
