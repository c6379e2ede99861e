"""Starting a review from an earlier one (`cqc-tui new --from`): the re-inspection and follow-up
samples, rebuilt from their earlier reviews, get the earlier ratings (with their dates) and the
earlier failings to check."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_action_cli import run

from cqc_tui.core.errors import ValidationError
from cqc_tui.core.exchange import dump_text, parse_review_file
from cqc_tui.core.framework import load_frameworks
from cqc_tui.core.model import Finding, Rating, Recommendation, Review
from cqc_tui.core.start_from import Offer, start_from
from cqc_tui.core.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_reviews"
FRAMEWORKS = load_frameworks([REPO / "templates" / "frameworks"])


def _sample(name: str):
    return parse_review_file(SAMPLES / f"{name}.yaml", FRAMEWORKS)


def _write(path: Path, review: Review, records) -> Path:
    tables: dict = {"review": {review.id: review}}
    for r in records:
        tables.setdefault(r.TABLE, {})[r.id] = r
    path.write_text(dump_text(tables), encoding="utf-8")
    return path


def _earlier_ftb(tmp_path: Path) -> Path:
    """The 2022 inspection the re-inspection sample followed: its ratings are the sample's previous
    ratings; its must-do actions the failings the re-inspection looked at again."""
    sample = _sample("forward-thinking-birmingham-reinspection")
    review = dataclasses.replace(
        sample.review,
        id="00000000-0000-4000-8000-000000002022",
        title="Forward Thinking Birmingham inspection 2022",
        start_date="",
        end_date="",
        report_date="",
        sections={},
        counts={},
    )
    kept = [r for r in sample.records if r.TABLE in ("members", "scope_units")]
    ratings = [
        dataclasses.replace(r, source="this_review", rationale="2022 rating")
        for r in sample.records
        if isinstance(r, Rating) and r.source == "previous"
    ]
    unit = next(r.id for r in kept if r.TABLE == "scope_units")
    musts = [
        Recommendation(
            kind="must_do",
            text="Make sure every young person's risk is assessed and reviewed.",
            scope_unit=unit,
            key_question="safe",
            regulation="Regulation 12",
        ),
        Recommendation(
            kind="should_do",
            text="Reduce waiting times for assessment.",
            scope_unit=unit,
            key_question="responsive",
        ),
    ]
    return _write(tmp_path / "ftb-2022.yaml", review, [*kept, *ratings, *musts])


def test_reinspection_sample_from_its_earlier_inspection(tmp_path):
    earlier = _earlier_ftb(tmp_path)
    home = tmp_path / "ws"
    out = run(
        home,
        "new",
        "--from",
        str(earlier),
        "--type",
        "focused",
        "--title",
        "FTB re-inspection",
        "--start",
        "2023-07-11",
        "--end",
        "2023-07-13",
        "--carry-forward",
        "caring",
    )
    assert "6 previous ratings (1 carried forward), 2 earlier items to check" in out
    ws = Workspace(home)
    with ws.open("FTB re-inspection", readonly=True) as new:
        sample = _sample("forward-thinking-birmingham-reinspection")
        want_previous = {
            (r.key_question, r.rating, r.rated_on)
            for r in sample.records
            if isinstance(r, Rating) and r.source == "previous"
        }
        got = [r for r in new.records("ratings")]
        assert {
            (r.key_question, r.rating, r.rated_on) for r in got if r.source == "previous"
        } == want_previous
        carried = [r for r in got if r.source == "carried_forward"]
        sample_carried = [
            r for r in sample.records if isinstance(r, Rating) and r.source == "carried_forward"
        ]
        assert [(r.key_question, r.rating, r.rated_on) for r in carried] == [
            (r.key_question, r.rating, r.rated_on) for r in sample_carried
        ]
        [unit] = new.scope_units()
        assert unit.code == "camhs" and all(r.scope_unit == unit.id for r in got)
        items = sorted(new.records("findings"), key=lambda f: f.order)
        assert [f.heading for f in items] == [
            "Must do: Make sure every young person's risk is assessed and reviewed. (Regulation 12)",
            "Should do: Reduce waiting times for assessment.",
        ]
        assert all(f.kind == "earlier_finding" and f.status == "not_checked" for f in items)
        assert new.review.provider == sample.review.provider and len(new.members()) == 8
        assert (new.review.start_date, new.review.end_date) == ("2023-07-11", "2023-07-13")


def test_follow_up_sample_from_the_earlier_failings(tmp_path):
    sample = _sample("baby-p-follow-up-review-2009")
    earlier_items = sorted(
        (r for r in sample.records if isinstance(r, Finding) and r.kind == "earlier_finding"),
        key=lambda f: f.order,
    )
    review = dataclasses.replace(
        sample.review,
        id="00000000-0000-4000-8000-000000002008",
        title="Failings identified in 2008",
        sections={},
        counts={},
    )
    kept = [r for r in sample.records if r.TABLE in ("members", "scope_units")]
    failings = [
        Finding(
            kind="finding",
            heading=f.heading,
            key_question=f.key_question,
            scope_unit=f.scope_unit,
            order=f.order,
        )
        for f in earlier_items
    ]
    home = tmp_path / "ws"
    run(home, "import", str(_write(tmp_path / "earlier.yaml", review, [*kept, *failings])))
    out = run(
        home,
        "new",
        "--from",
        "Failings identified",
        "--type",
        "follow_up",
        "--title",
        "Baby P follow-up",
        "--no-team",
    )
    assert (
        f"0 team members, 3 scope units, 0 previous ratings (0 carried forward), {len(earlier_items)} earlier"
        in out
    )
    with Workspace(home).open("Baby P follow-up", readonly=True) as new:
        items = sorted(new.records("findings"), key=lambda f: f.order)
        units = {u.id: u.code for u in new.scope_units()}
        old_units = {r.id: r.code for r in kept if r.TABLE == "scope_units"}
        assert [(f.heading, units[f.scope_unit]) for f in items] == [
            (f.heading, old_units[f.scope_unit]) for f in earlier_items
        ]
        assert {f.status for f in items} == {"not_checked"}
        assert new.members() == []


def test_refusals_are_one_line(tmp_path):
    sample = _sample("forward-thinking-birmingham-reinspection")
    with pytest.raises(ValidationError, match=r"does not serve review type 'clas'.*clas-review"):
        start_from(
            sample.review, sample.records, FRAMEWORKS, title="x", review_type="clas", author="a"
        )
    with pytest.raises(ValidationError, match="cannot carry forward 'kindness'"):
        start_from(
            sample.review,
            sample.records,
            FRAMEWORKS,
            title="x",
            review_type="focused",
            author="a",
            offer=Offer(carry_forward=("kindness",)),
        )
    home = tmp_path / "ws"
    err = run(
        home,
        "new",
        "--from",
        str(tmp_path / "missing.yaml"),
        "--type",
        "focused",
        "--title",
        "x",
        ok=False,
    )
    assert "missing.yaml" in err and len(err.strip().splitlines()) == 1
    err = run(
        home,
        "new",
        "--from",
        str(SAMPLES / "forward-thinking-birmingham-reinspection.yaml"),
        "--type",
        "nonsense",
        "--title",
        "x",
        ok=False,
    )
    assert "review type 'nonsense' is not known" in err


def test_left_out_parts_are_left_out(tmp_path):
    sample = _sample("birmingham-community-trust-inspection")
    started = start_from(
        sample.review,
        sample.records,
        FRAMEWORKS,
        title="BCHC follow-up",
        review_type="follow_up",
        author="a",
        offer=Offer(team=False, provider=False, locations=False, scope_units=False),
    )
    assert started.members == [] and started.scope_units == [] and started.review.provider == ""
    assert started.review.locations == ()
    # With no scope units, only the review-level ratings can be kept, and items lose their unit.
    assert all(r.scope_unit == "" for r in started.records)
    assert started.items_to_check == sum(
        1
        for r in sample.records
        if isinstance(r, Recommendation)
        and r.kind in ("must_do", "should_do", "area_for_improvement", "recommendation")
    ) + sum(1 for r in sample.records if isinstance(r, Finding) and r.kind == "finding")
