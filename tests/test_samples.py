"""The bundled sample reviews: they import, round-trip byte for byte, match the seeds' figures, and
are rebuilt identically by tools/build_samples.py."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cqc_tui.cli import cli

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_reviews"
FILES = sorted(SAMPLES.glob("*.yaml"))
EXPECTED = {
    "birmingham-local-system-review-2018": "local_system",
    "birmingham-community-trust-inspection": "comprehensive",
    "forward-thinking-birmingham-reinspection": "focused",
    "leicester-clas-review-2016": "clas",
    "baby-p-follow-up-review-2009": "follow_up",
}


def run(home: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def load(name: str) -> dict:
    return yaml.safe_load((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("samples-home")
    run(home, "import", *[str(f) for f in FILES])
    return home


def test_every_expected_sample_is_bundled():
    assert {f.stem for f in FILES} >= set(EXPECTED)
    for name, review_type in EXPECTED.items():
        assert load(name)["review"]["review_type"] == review_type


def test_list_json_shows_every_sample(home):
    listed = json.loads(run(home, "list", "--json"))
    titles = {r["title"] for r in listed}
    for f in FILES:
        assert yaml.safe_load(f.read_text(encoding="utf-8"))["review"]["title"] in titles
    assert len(listed) == len(FILES)


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_dump_after_import_is_byte_identical(home, tmp_path, path):
    review_id = yaml.safe_load(path.read_text(encoding="utf-8"))["review"]["id"]
    out = tmp_path / "dump.yaml"
    run(home, "dump", review_id, "-o", str(out))
    assert out.read_bytes() == path.read_bytes()
    # and a second generation stays identical
    home2 = tmp_path / "home2"
    run(home2, "import", str(out))
    out2 = tmp_path / "dump2.yaml"
    run(home2, "dump", review_id, "-o", str(out2))
    assert out2.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_status_json_and_realistic_content(home, path):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    status = json.loads(run(home, "status", doc["review"]["id"], "--json"))
    assert status["review"]["title"] == doc["review"]["title"]
    assert status["notes"] == len(doc["notes"]) >= 40
    notes = doc["notes"]
    assert len({n["text"] for n in notes}) == len(notes), "note texts must not repeat"
    assert any(n["quote"] for n in notes)
    assert len({n["source"] for n in notes}) >= 4
    assert len({n["polarity"] for n in notes}) >= 3
    assert all(n["place"] for n in notes)
    assert doc["review"]["status"] == "final" and doc["review"]["marking"] == "OFFICIAL"


@pytest.mark.parametrize(
    "part",
    [
        "local system review",
        "Community Healthcare",
        "Forward Thinking",
        "looked-after children",
        "Baby P",
    ],
)
def test_status_by_title_part(home, part):
    status = json.loads(run(home, "status", part, "--json"))
    assert part.lower() in status["review"]["title"].lower()
    assert status["notes"] > 0


def test_local_system_review_matches_seed():
    doc = load("birmingham-local-system-review-2018")
    review = doc["review"]
    assert (review["start_date"], review["end_date"]) == ("2018-01-22", "2018-01-26")
    assert review["framework_id"] == "local-system-review"
    assert review["counts"]["care_records_reviewed"] == 34
    assert review["counts"]["services_visited"] == 17
    assert {u["code"] for u in doc["scope_units"]} == {"wellbeing", "crisis", "step_down"}
    for key in ("background", "scope", "context", "summary", "maturity"):
        assert review["sections"][key].strip()
    assert "1.1 million" in review["sections"]["summary"]
    recs = doc["recommendations"]
    assert len(recs) == 17 and {r["kind"] for r in recs} == {"area_for_improvement"}
    roles = " ".join(m["role"] for m in doc["members"]).lower()
    for role in (
        "delivery lead",
        "lead reviewer",
        "system reviewer",
        "inspector",
        "analyst",
        "specialist advisor",
    ):
        assert role in roles
    # notes fall on fieldwork days
    assert all("2018-01-22" <= n["created"][:10] <= "2018-01-26" for n in doc["notes"])


def test_trust_ratings_aggregate_to_published_result():
    doc = load("birmingham-community-trust-inspection")
    units = {u["id"]: u for u in doc["scope_units"]}
    trust = {
        r["key_question"]: r["rating"]
        for r in doc["ratings"]
        if r["scope_unit"] == "" and r["source"] == "this_review"
    }
    assert trust == {
        "safe": "requires_improvement",
        "effective": "good",
        "caring": "good",
        "responsive": "good",
        "well-led": "requires_improvement",
        "overall": "requires_improvement",
    }
    overall = {
        units[r["scope_unit"]]["code"]: (r["rating"], r["source"])
        for r in doc["ratings"]
        if r["scope_unit"] and r["key_question"] == "overall"
    }
    assert overall["cyp"] == ("inadequate", "this_review")
    assert overall["inpatients"] == ("good", "this_review")
    carried = [u for u in doc["scope_units"] if not u["inspected"]]
    assert len(carried) == 4
    for u in carried:
        assert overall[u["code"]] == ("good", "carried_forward")
    assert all(
        r["rated_on"].startswith("2014") for r in doc["ratings"] if r["source"] == "carried_forward"
    )
    warn = [e for e in doc["enforcement"] if e["kind"] == "warning_notice"]
    assert (
        len(warn) == 1
        and units[warn[0]["scope_unit"]]["code"] == "cyp"
        and warn[0]["key_question"] == "safe"
    )
    kinds = Counter(r["kind"] for r in doc["recommendations"])
    assert kinds["must_do"] and kinds["should_do"]
    text = " ".join(n["text"] for n in doc["notes"])
    for figure in ("500", "250", "600", "100", "36%", "92%"):
        assert figure in text


def test_trust_status_aggregation_agrees(home):
    doc = load("birmingham-community-trust-inspection")
    status = json.loads(run(home, "status", doc["review"]["id"], "--json"))
    provider = {
        it["key_question"]: it["final"]
        for it in status["ratings_by_level"]["items"]
        if it["level"] in ("provider_kq", "provider_overall")
    }
    assert provider == {
        "safe": "requires_improvement",
        "effective": "good",
        "caring": "good",
        "responsive": "good",
        "well-led": "requires_improvement",
        "overall": "requires_improvement",
    }


def _needs(name: str) -> dict:
    if not (SAMPLES / f"{name}.yaml").exists():
        pytest.fail(f"sample {name}.yaml is missing")
    return load(name)


def test_forward_thinking_birmingham_matches_seed():
    doc = _needs("forward-thinking-birmingham-reinspection")
    recs = doc["recommendations"]
    assert len(recs) == 9
    assert {r["kind"] for r in recs} <= {"should_do", "area_for_improvement"}
    people = [n for n in doc["notes"] if n["source"] == "people"]
    assert doc["review"]["counts"]["young_people_spoken_with"] == 13
    assert len(people) >= 13
    overall = {(r["source"], r["rating"]) for r in doc["ratings"] if r["key_question"] == "overall"}
    assert ("previous", "inadequate") in overall and (
        "this_review",
        "requires_improvement",
    ) in overall
    assert all(
        r["rated_on"].startswith("2022") for r in doc["ratings"] if r["source"] == "previous"
    )


def test_leicester_clas_matches_seed():
    doc = _needs("leicester-clas-review-2016")
    review = doc["review"]
    assert (review["start_date"], review["end_date"], review["report_date"]) == (
        "2016-02-08",
        "2016-02-12",
        "2016-08-05",
    )
    assert len(doc["recommendations"]) == 59
    assert len({r["owner"] for r in doc["recommendations"]}) == 8
    actions = doc["actions"]
    assert len(actions) == 172
    assert len({a["section"] for a in actions}) == 11
    # The March 2017 position is what the last reporting round's updates say (tests/test_action_plan.py
    # computes the summary); the actions themselves hold the plan as agreed.
    assert Counter(a["status"] for a in actions) == {"not_started": 172}
    last = max(doc["reporting_rounds"], key=lambda r: r["as_at"])
    assert (last["as_at"], last["returns_due"][:7]) == ("2017-03-31", "2017-04")
    march = [u for u in doc["action_updates"] if u["round"] == last["id"]]
    assert Counter(u["status"] for u in march) == {"completed": 143, "on_track": 28, "behind": 1}
    behind = next(u for u in march if u["status"] == "behind")
    assert "Child Protection Information Sharing" in behind["note"]
    rec_ids = {r["id"] for r in doc["recommendations"]}
    assert all(a["recommendation"] in rec_ids for a in actions)
    assert len(doc["notes"]) >= 40


def test_baby_p_follow_up_matches_seed():
    doc = _needs("baby-p-follow-up-review-2009")
    assert len(doc["scope_units"]) == 3
    earlier = [f for f in doc["findings"] if f["kind"] == "earlier_finding"]
    assert earlier and {f["status"] for f in earlier} <= {
        "put_right",
        "partly_put_right",
        "not_put_right",
    }
    assert doc["review"]["counts"]["contacts_with_child"] == 34


def test_build_script_is_deterministic(tmp_path):
    for out in (tmp_path / "a", tmp_path / "b"):
        out.mkdir()
        subprocess.run(
            [sys.executable, str(REPO / "tools" / "build_samples.py"), "--out", str(out)],
            check=True,
            capture_output=True,
        )
    built = sorted(p.name for p in (tmp_path / "a").glob("*.yaml"))
    assert built == sorted(f.name for f in FILES)
    for name in built:
        a = (tmp_path / "a" / name).read_bytes()
        assert a == (tmp_path / "b" / name).read_bytes()
        assert a == (SAMPLES / name).read_bytes(), f"{name} is stale: run tools/build_samples.py"


def test_unrated_review_type_gets_no_rating_checks(tmp_path):
    """A follow-up review uses a rated framework but publishes no ratings: no 'unrated' errors."""
    from cqc_tui.core import readiness
    from cqc_tui.core.exchange import import_review
    from cqc_tui.core.workspace import Workspace

    ws = Workspace(tmp_path / "home")
    _, rid = import_review(ws, SAMPLES / "baby-p-follow-up-review-2009.yaml")
    session = ws.open_id(rid, readonly=True)
    try:
        assert session.review_type is not None and not session.review_type.rated
        codes = {f.code for f in readiness.check(session)}
    finally:
        session.close()
    assert not codes & {"unrated", "departure_no_reason", "rating_no_notes", "no_scores"}
