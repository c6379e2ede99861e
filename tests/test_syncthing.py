"""Syncthing integration: two real daemons on the loopback interface copy a team folder.

These tests start `syncthing` itself (Debian package `syncthing`) and skip, naming the package,
on a machine without it. They use only 127.0.0.1: discovery, relays and NAT are off.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import syncthing_harness
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
