"""Bundles: share and receive. A bundle verifies itself; receiving twice changes nothing; bundles
received in any order give the same review; a receiver without the review joins with it."""

from __future__ import annotations

import gzip
import itertools
import shutil
from pathlib import Path

import pytest

from cqc_tui.core.errors import CqcError
from cqc_tui.core.model import Finding, Review, ScopeUnit, TeamMember
from cqc_tui.core.store import journal_data
from cqc_tui.core.team.bundle import BundleError, read_bundle
from cqc_tui.core.team.identity import choose_member
from cqc_tui.core.team.share import receive, share
from cqc_tui.core.workspace import Workspace
from tests.conftest import FIXTURES


def new_workspace(root: Path, name: str) -> Workspace:
    home = root / name
    (home / "frameworks").mkdir(parents=True)
    shutil.copy(FIXTURES / "mini-framework.yaml", home / "frameworks")
    return Workspace(home)


def state(workspace: Workspace, review_id: str) -> dict:
    """Every shared record of the review as plain data (what must be identical across laptops)."""
    with workspace.open_id(review_id, readonly=True) as session:
        return {
            t: {i: r.to_dict() for i, r in recs.items()}
            for t, recs in session.store.tables.items()
            if t != "drafts"
        }


@pytest.fixture
def team(tmp_path):
    """A lead with a review, and two inspectors' empty workspaces."""
    lead = new_workspace(tmp_path, "lead")
    session = lead.create(
        Review(
            title="Team trust inspection",
            review_type="comprehensive",
            framework_id="mini-test",
            provider="Team Trust",
            start_date="2018-01-22",
        ),
        [
            TeamMember(name="Lena Lead", role="Lead inspector"),
            TeamMember(name="Ann Ford", role="Inspector"),
            TeamMember(name="Ben Cole", role="Inspector"),
        ],
        [ScopeUnit(code="cyp", label="Children", order=1)],
    )
    choose_member(session, "Lena Lead")
    session.add(Finding, heading="Staffing", text="Night staffing below plan")
    review_id = session.review.id
    share(session, tmp_path / "lead.cqcb")
    session.close()
    return tmp_path, lead, new_workspace(tmp_path, "a"), new_workspace(tmp_path, "b"), review_id


def test_an_inspector_joins_by_receiving_and_receiving_twice_changes_nothing(team):
    root, lead, a, _, review_id = team
    results, refused = receive(a, [root / "lead.cqcb"])
    assert not refused and results[0].created
    assert state(a, review_id) == state(lead, review_id)
    before = sorted(p.name for p in a.folder(review_id).rglob("*") if "team" in p.parts)
    results, refused = receive(a, [root / "lead.cqcb"])
    assert not refused and results[0].change_sets == 0 and results[0].saved == 0
    assert sorted(p.name for p in a.folder(review_id).rglob("*") if "team" in p.parts) == before


def test_bundles_received_in_any_order_give_the_same_review(team):
    root, _lead, a, b, review_id = team
    bundles = [root / "lead.cqcb"]
    for ws, name in ((a, "Ann Ford"), (b, "Ben Cole")):
        receive(ws, [root / "lead.cqcb"])
        with ws.open_id(review_id) as session:
            choose_member(session, name)
            session.add_note(text=f"{name} saw it", lines=("T1",))
            finding = next(f for f in session.records("findings"))
            session.update(
                "findings", finding.id, text=f"{name}: night staffing below plan on two wards"
            )
            out = root / f"{name.split()[0]}.cqcb"
            share(session, out)
            bundles.append(out)
    states = []
    for number, order in enumerate(itertools.permutations(bundles)):
        ws = new_workspace(root, f"order-{number}")
        for bundle in order:
            assert not receive(ws, [bundle])[1]
        states.append(state(ws, review_id))
    together = new_workspace(root, "together")
    results, _ = receive(together, bundles)
    assert results[0].conflicts == 1  # the finding was edited on both laptops from the same version
    states.append(state(together, review_id))
    assert all(s == states[0] for s in states)
    assert len(states[0]["notes"]) == 2


def test_cut_short_altered_and_other_review_bundles_are_refused_whole(team, tmp_path):
    root, _lead, a, _, review_id = team
    data = (root / "lead.cqcb").read_bytes()
    cut = root / "cut.cqcb"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(BundleError, match="cut short"):
        read_bundle(cut)
    raw = gzip.decompress(data)
    altered = root / "altered.cqcb"
    altered.write_bytes(gzip.compress(raw.replace(b"Night staffing", b"Night staffinG")))
    with pytest.raises(BundleError, match="does not match its hash"):
        read_bundle(altered)
    lines = raw.split(b"\n")
    dropped = root / "dropped.cqcb"
    dropped.write_bytes(gzip.compress(b"\n".join(lines[:1] + lines[2:])))
    with pytest.raises(BundleError):
        read_bundle(dropped)
    not_bundle = root / "notes.txt"
    not_bundle.write_text("hello")
    other = new_workspace(root, "other")
    with other.create(
        Review(title="Other review", review_type="comprehensive", framework_id="mini-test")
    ) as s:
        other_id = s.review.id
    results, refused = receive(a, [cut, altered, not_bundle, root / "lead.cqcb"], review=None)
    assert len(refused) == 3 and all(
        str(root) in line or "cut.cqcb" in line or "notes.txt" in line for line in refused
    )
    assert results and results[0].review_id == review_id
    with other.open_id(other_id) as session:
        share(session, root / "other.cqcb")
    results, refused = receive(a, [root / "other.cqcb"], review=review_id)
    assert not results and "another review" in refused[0]
    assert len(a.list_reviews()) == 1


def test_since_leaves_out_what_the_receiver_has_and_a_bundle_is_smaller_than_its_journal_lines(
    team,
):
    root, lead, a, _, review_id = team
    receive(a, [root / "lead.cqcb"])
    with a.open_id(review_id) as session:
        choose_member(session, "Ann Ford")
        for k in range(50):
            session.add_note(
                text=f"Observation {k}: call bells answered within two minutes on ward {k % 4}",
                lines=("T1",),
            )
        share(session, root / "ann.cqcb")
    with lead.open_id(review_id) as session:
        result = share(session, root / "lead-again.cqcb", since=root / "ann.cqcb")
    assert result.change_sets == 0
    receive(lead, [root / "ann.cqcb"])
    with lead.open_id(review_id) as session:
        session.add_note(text="Lead note", lines=("T1",))
        result = share(session, root / "lead-2.cqcb", since=root / "ann.cqcb")
    assert result.change_sets == 1 and result.revisions == 1
    journal = sum(len(journal_data(p)) for p in a.folder(review_id).glob("journal-*.jsonl"))
    assert (root / "ann.cqcb").stat().st_size < journal


def test_a_bundle_without_the_review_cannot_create_it(team):
    root, _lead, a, b, review_id = team
    receive(a, [root / "lead.cqcb"])
    with a.open_id(review_id) as session:
        session.add_note(text="x", lines=("T1",))
        share(session, root / "ann.cqcb", since=root / "lead.cqcb")
    results, refused = receive(b, [root / "ann.cqcb"])
    assert not results and "do not hold the review itself" in refused[0]
    assert b.list_reviews() == []
    with pytest.raises(CqcError):
        read_bundle(root / "ann.cqcb", review_id="someone-else")
