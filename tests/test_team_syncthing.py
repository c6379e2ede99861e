"""Two workspaces converge through real Syncthing daemons on the loopback interface.

The lead's team folder and an inspector's are two folders that Syncthing keeps identical (tests/
syncthing_harness.py). Each laptop only ever runs `sync_folder` on its own copy; the engine copies
the sealed change sets between them, half-copied files included, and both reviews end identical.
Skips, naming the Debian package, where `syncthing` is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cqc_tui.core.model import Finding, Review, ScopeUnit, TeamMember
from cqc_tui.core.team.folder_sync import join_from_folder, sync_folder
from cqc_tui.core.team.identity import choose_member
from tests.syncthing_harness import syncthing_pair
from tests.test_team_bundle import new_workspace, state

pytestmark = pytest.mark.timeout(120)


def test_two_workspaces_converge_through_syncthing(tmp_path: Path):
    with syncthing_pair(tmp_path / "st") as pair:
        lead = new_workspace(tmp_path, "lead")
        with lead.create(
            Review(title="Syncthing review", review_type="comprehensive", framework_id="mini-test"),
            [TeamMember(name="Lena Lead"), TeamMember(name="Ann Ford")],
            [ScopeUnit(code="u", label="Unit", order=1)],
        ) as session:
            choose_member(session, "Lena Lead")
            session.add(Finding, heading="Staffing", text="Night staffing below plan")
            review_id = session.review.id
            assert sync_folder(session, pair.first.folder).ok
        pair.first.rescan()
        arrived = pair.second.folder / review_id
        pair.wait_for(
            lambda: any(arrived.rglob("*.cqcs")), timeout=45, what="the lead's change set to arrive"
        )
        ann = new_workspace(tmp_path, "ann")
        join_from_folder(ann, pair.second.folder, review_id)
        with ann.open_id(review_id) as session:
            choose_member(session, "Ann Ford")
            session.add_note(text="Seen on the night shift", lines=("T1",))
            assert sync_folder(session).ok
        pair.second.rescan()

        def lead_has_it() -> bool:
            with lead.open_id(review_id) as session:
                result = sync_folder(session)
                return result.ok and len(session.notes()) == 1

        pair.wait_for(lead_has_it, timeout=45, what="Ann's note to reach the lead")
        assert state(lead, review_id) == state(ann, review_id)
