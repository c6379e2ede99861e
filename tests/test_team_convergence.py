"""Convergence as a property: several simulated laptops add, edit, delete, restore and rate, and
exchange by team folder and by bundle in random orders; once every laptop has received every
change set, every laptop holds the same review, conflicts included."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from cqc_tui.core.model import Review, ScopeUnit, TeamMember
from cqc_tui.core.team.conflicts import conflicts
from cqc_tui.core.team.folder_sync import sync_folder
from cqc_tui.core.team.identity import choose_member
from cqc_tui.core.team.share import create_from_sets, receive_into, share
from tests.test_team_bundle import new_workspace

DEVICES = 3
MEMBERS = ("Lena Lead", "Ann Ford", "Ben Cole")
words = st.text(alphabet="abc [x]<&é", min_size=1, max_size=12)


class TeamDay(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="cqc-team-prop-"))
        self.folder = self.root / "folder"
        self.folder.mkdir()
        lead = new_workspace(self.root, "d0")
        session = lead.create(
            Review(title="Property review", review_type="comprehensive", framework_id="mini-test"),
            [TeamMember(name=m) for m in MEMBERS],
            [ScopeUnit(code="u", label="Unit", order=1)],
        )
        self.review_id = session.review.id
        choose_member(session, MEMBERS[0])
        sync_folder(session, self.folder)
        self.sessions = [session]
        self.bundles = 0
        for number in range(1, DEVICES):
            ws = new_workspace(self.root, f"d{number}")
            from cqc_tui.core.team.changelog import SetStore

            create_from_sets(
                ws, self.review_id, SetStore(lead.folder(self.review_id), self.review_id).read_all()
            )
            other = ws.open_id(self.review_id)
            choose_member(other, MEMBERS[number])
            self.sessions.append(other)

    def teardown(self) -> None:
        try:
            if hasattr(self, "sessions"):
                self._converge()
        finally:
            for session in getattr(self, "sessions", []):
                session.close(compact=False)
            if hasattr(self, "root"):
                shutil.rmtree(self.root, ignore_errors=True)

    def _converge(self) -> None:
        for _ in range(2):
            for session in self.sessions:
                result = sync_folder(session, self.folder)
                assert result.ok and not result.waiting, (result.errors, result.waiting)
        states = []
        for session in self.sessions:
            tables = {
                t: {i: r.to_dict() for i, r in recs.items()}
                for t, recs in session.store.tables.items()
                if t != "drafts"
            }
            found = [
                (c.table, c.record_id, tuple(v.revision for v in c.versions))
                for c in conflicts(session)
            ]
            states.append((tables, found))
        for other in states[1:]:
            assert other == states[0]

    def _notes(self, device: int, include_deleted: bool = True):
        return sorted(self.sessions[device].notes(include_deleted), key=lambda n: n.id)

    @rule(device=st.integers(0, DEVICES - 1), text=words)
    def add_note(self, device: int, text: str) -> None:
        self.sessions[device].add_note(text=f"note {text}", lines=("T1",))

    @rule(device=st.integers(0, DEVICES - 1), pick=st.integers(0, 50), text=words)
    def edit_note(self, device: int, pick: int, text: str) -> None:
        notes = self._notes(device)
        if notes:
            self.sessions[device].update("notes", notes[pick % len(notes)].id, text=f"edit {text}")

    @rule(device=st.integers(0, DEVICES - 1), pick=st.integers(0, 50))
    def delete_or_restore_note(self, device: int, pick: int) -> None:
        notes = self._notes(device)
        if notes:
            note = notes[pick % len(notes)]
            session = self.sessions[device]
            (session.restore if note.deleted else session.delete)("notes", note.id)

    @rule(
        device=st.integers(0, DEVICES - 1),
        rating=st.sampled_from(["good", "requires_improvement", "inadequate"]),
    )
    def rate(self, device: int, rating: str) -> None:
        session = self.sessions[device]
        session.set_rating(session.scope_units()[0].id, "safe", rating)

    @rule(device=st.integers(0, DEVICES - 1))
    def sync(self, device: int) -> None:
        assert sync_folder(self.sessions[device], self.folder).ok

    @rule(sender=st.integers(0, DEVICES - 1), receiver=st.integers(0, DEVICES - 1))
    def exchange_bundle(self, sender: int, receiver: int) -> None:
        self.bundles += 1
        path = self.root / f"bundle-{self.bundles}.cqcb"
        share(self.sessions[sender], path)
        result, refused = receive_into(self.sessions[receiver], [path])
        assert not refused and result is not None


TeamDay.TestCase.settings = settings(
    max_examples=8,
    stateful_step_count=14,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_every_laptop_ends_identical = TeamDay.TestCase
