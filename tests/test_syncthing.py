"""Syncthing integration: two real daemons on the loopback interface copy a team folder.

These tests start `syncthing` itself (Debian package `syncthing`) and skip, naming the package,
on a machine without it. They use only 127.0.0.1: discovery, relays and NAT are off.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cqc_tui.core.model import Review, ScopeUnit, TeamMember
from cqc_tui.core.workspace import Workspace
from tests import syncthing_harness
from tests.conftest import FIXTURES
from tests.syncthing_harness import syncthing_pair

pytestmark = pytest.mark.timeout(90)


def test_a_file_written_on_one_side_appears_on_the_other(tmp_path: Path):
    with syncthing_pair(tmp_path) as pair:
        sent = pair.first.folder / "hello.txt"
        sent.write_text("notes from the first laptop\n")
        received = pair.second.folder / "hello.txt"

        took = pair.wait_for(
            lambda: received.exists() and received.read_text() == sent.read_text(),
            timeout=30,
            what="hello.txt to reach the second folder",
        )

        assert took < 30
    # Both daemons are gone once the block ends.
    assert not pair.first.running() and not pair.second.running()


def test_the_daemons_stop_when_the_test_inside_fails(tmp_path: Path):
    seen: list = []
    with pytest.raises(RuntimeError, match="inside"), syncthing_pair(tmp_path) as pair:
        seen.append(pair)
        raise RuntimeError("a failure inside the block")
    pair = seen[0]
    for daemon in (pair.first, pair.second):
        assert daemon.process is not None
        assert daemon.process.poll() is not None, f"syncthing {daemon.name} left running"


def test_a_machine_without_syncthing_skips_naming_the_debian_package(monkeypatch):
    monkeypatch.setattr(syncthing_harness, "syncthing_program", lambda: None)
    with pytest.raises(pytest.skip.Exception, match="Debian package 'syncthing'"):
        syncthing_harness.require_syncthing()


def cqc(home: Path, *args: str) -> str:
    """Run the cqc-tui command line on the workspace at `home`; its output (fails on exit 1)."""
    done = subprocess.run(
        [sys.executable, "-m", "cqc_tui", "--home", str(home), *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, f"cqc-tui {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def change_sets(folder: Path, review_id: str) -> set[str]:
    """The names of the complete change-set files in a team folder for one review."""
    return {p.name for p in (folder / review_id).glob("*/*.cqcs")}


def test_an_inspectors_notes_reach_the_leads_review_through_syncthing(tmp_path: Path):
    lead_home, inspector_home = tmp_path / "lead-ws", tmp_path / "inspector-ws"
    (lead_home / "frameworks").mkdir(parents=True)
    shutil.copy(FIXTURES / "mini-framework.yaml", lead_home / "frameworks")
    (inspector_home / "frameworks").mkdir(parents=True)
    shutil.copy(FIXTURES / "mini-framework.yaml", inspector_home / "frameworks")
    with Workspace(lead_home).create(
        Review(
            title="Riverside trust",
            review_type="comprehensive",
            framework_id="mini-test",
            provider="Riverside NHS Trust",
            start_date="2026-11-30",
        ),
        [
            TeamMember(name="Lena Lead", role="Lead inspector"),
            TeamMember(name="Ann Ford", role="Inspector"),
        ],
        [ScopeUnit(code="cyp", label="Children and young people", order=1)],
    ) as session:
        review_id = session.review.id
        line = session.framework.lines()[0].code

    with syncthing_pair(tmp_path / "syncthing") as pair:
        lead_folder, inspector_folder = pair.first.folder, pair.second.folder
        started = time.monotonic()
        cqc(lead_home, "--as", "Lena Lead", "sync", review_id, "--folder", str(lead_folder))
        published = change_sets(lead_folder, review_id)
        assert published
        pair.wait_for(
            lambda: change_sets(inspector_folder, review_id) >= published,
            30,
            "the lead's change sets to reach the inspector's folder",
        )

        # The inspector joins from their own Syncthing folder, captures notes and syncs.
        cqc(inspector_home, "sync", review_id, "--folder", str(inspector_folder))
        cqc(inspector_home, "member", review_id, "Ann Ford")
        with Workspace(inspector_home).open_id(review_id) as session:
            assert session.user == "Ann Ford"
            for text in ("Ward [B] fridge log missing 3 days", "Staff knew the escalation route"):
                session.add_note(lines=[line], text=text, source="observation")
        cqc(inspector_home, "sync", review_id)
        sent = change_sets(inspector_folder, review_id) - published
        assert sent
        pair.wait_for(
            lambda: change_sets(lead_folder, review_id) >= sent,
            30,
            "the inspector's change sets to reach the lead's folder",
        )
        cqc(lead_home, "sync", review_id)
        took = time.monotonic() - started

    lead_status = json.loads(cqc(lead_home, "status", review_id, "--json"))
    inspector_status = json.loads(cqc(inspector_home, "status", review_id, "--json"))
    assert lead_status == inspector_status
    assert lead_status["notes"] == 2
    with Workspace(lead_home).open_id(review_id, readonly=True) as session:
        assert {n.author for n in session.notes()} == {"Ann Ford"}
    assert took < 60
