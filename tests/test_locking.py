"""One writer per review: a second writer is refused with the holder's name, readers still work, and a
lock left by a killed process is noticed and cleared safely."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cqc_tui.core.errors import ReviewLocked, StoreError
from cqc_tui.core.model import EvidenceNote, Review
from cqc_tui.core.recovery import recover
from cqc_tui.core.store import LOCK, ReviewStore

HOLDER = r"""
import sys, time
from cqc_tui.core.store import ReviewStore
from cqc_tui.core.model import EvidenceNote
st = ReviewStore.open(sys.argv[1], title="Locked review")
n = st.save(EvidenceNote(text="saved by the holder", key_question="safe"))
print(n.id, flush=True)
time.sleep(60)
"""

TRY_OPEN = r"""
import sys
from cqc_tui.core.errors import ReviewLocked, StoreError
from cqc_tui.core.store import ReviewStore
try:
    ReviewStore.open(sys.argv[1], title="Locked review")
except ReviewLocked as exc:
    print("LOCKED:", exc)
    sys.exit(3)
print("opened")
"""


def _env(user: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = (
        str(Path(__file__).resolve().parent.parent) + os.pathsep + env.get("PYTHONPATH", "")
    )
    env["CQC_TUI_USER"] = user
    return env


def _review(tmp_path: Path) -> Path:
    st = ReviewStore.create(
        tmp_path / "review", Review(title="Locked review", framework_id="mini-test")
    )
    st.close()
    return st.folder


def _start_holder(folder: Path, user: str = "holly") -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(user),
        text=True,
    )
    line = proc.stdout.readline().strip()
    if not line:
        proc.kill()
        raise AssertionError(proc.communicate()[1])
    return proc, line


@pytest.mark.skipif(os.name != "posix", reason="uses POSIX signals")
def test_second_writer_refused_naming_the_holder_and_readers_work(tmp_path):
    folder = _review(tmp_path)
    proc, note_id = _start_holder(folder)
    try:
        # Another process: refused, with who has it.
        other = subprocess.run(
            [sys.executable, "-c", TRY_OPEN, str(folder)],
            capture_output=True,
            text=True,
            env=_env("ben"),
            timeout=30,
        )
        assert other.returncode == 3, other.stderr
        assert "holly@" in other.stdout and f"process {proc.pid}" in other.stdout
        assert "Locked review" in other.stdout and "read-only" in other.stdout
        # This process too (a second window of the app).
        with pytest.raises(ReviewLocked) as info:
            ReviewStore.open(folder)
        assert socket.gethostname() in str(info.value)
        # recover() never runs under a writer.
        with pytest.raises(ReviewLocked):
            recover(folder)
        # Read-only access works meanwhile and sees the holder's saved note.
        ro = ReviewStore.open(folder, readonly=True)
        assert note_id in ro.tables["notes"]
        with pytest.raises(Exception, match="read-only"):
            ro.save(EvidenceNote(text="nope", key_question="safe"))
    finally:
        proc.kill()
        proc.communicate()


@pytest.mark.skipif(os.name != "posix", reason="uses POSIX signals")
def test_stale_lock_from_killed_process_is_cleared_and_reported(tmp_path):
    folder = _review(tmp_path)
    proc, note_id = _start_holder(folder, user="kim")
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert "kim" in (folder / LOCK).read_text()  # the holder's details are still in the file
    st = ReviewStore.open(folder)
    assert note_id in st.tables["notes"]
    assert any("stale lock" in n and "kim@" in n and str(proc.pid) in n for n in st.report.notices)
    st.close()
    # A clean close leaves no holder behind: the next open has nothing to report.
    again = ReviewStore.open(folder)
    assert not any("stale" in n for n in again.report.notices)
    again.close()


def test_lock_released_on_close_and_on_failed_open(tmp_path):
    folder = _review(tmp_path)
    st = ReviewStore.open(folder)
    st.close()
    ReviewStore.open(folder).close()
    (folder / "review.json").write_bytes(b"junk")
    with pytest.raises(StoreError):  # the snapshot is unreadable
        ReviewStore.open(folder)
    recover(folder)  # would be refused if the failed open had kept the lock
    ReviewStore.open(folder).close()


def test_garbled_lock_file_is_not_a_problem(tmp_path):
    folder = _review(tmp_path)
    (folder / LOCK).write_bytes(b"\x00\x01 not json")
    st = ReviewStore.open(folder)
    assert not any("stale" in n for n in st.report.notices)
    st.close()


COMPACTING_WRITER = r"""
import sys
from cqc_tui.core.store import ReviewStore
from cqc_tui.core.model import EvidenceNote
st = ReviewStore.open(sys.argv[1])
i = 0
while True:
    n = st.save(EvidenceNote(text=f"racing note {i}", key_question="safe"))
    print(n.id, flush=True)
    i += 1
    if i % 2 == 0:
        st.compact()
"""


@pytest.mark.skipif(os.name != "posix", reason="uses POSIX signals")
def test_reader_racing_a_compacting_writer_process_misses_nothing(tmp_path, monkeypatch):
    import threading
    import time

    st = ReviewStore.create(tmp_path / "review", Review(title="Racing", framework_id="mini-test"))
    st.save_many([EvidenceNote(text=f"prefill {i}", key_question="safe") for i in range(300)])
    st.close()
    folder = st.folder
    proc = subprocess.Popen(
        [sys.executable, "-c", COMPACTING_WRITER, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env("wendy"),
        text=True,
    )
    acknowledged: list[str] = []
    threading.Thread(
        target=lambda: [acknowledged.append(line.strip()) for line in proc.stdout], daemon=True
    ).start()
    # Make each reader's first pass slow between reading review.json and reading the journals, so the
    # writer certainly compacts (replacing review.json, deleting old segments) in between.
    real = ReviewStore._replay_journals
    loads = []

    def slow_replay(self):
        loads.append(1)
        if self.readonly and len(loads) % 2 == 1:
            time.sleep(0.3)
        return real(self)

    monkeypatch.setattr(ReviewStore, "_replay_journals", slow_replay)
    try:
        while len(acknowledged) < 20:
            time.sleep(0.01)
        opens = 0
        for _ in range(4):
            known = set(acknowledged)
            ro = ReviewStore.open(folder, readonly=True)
            opens += 1
            missing = known - set(ro.tables["notes"])
            assert not missing, (
                f"a reader racing a compacting writer missed {len(missing)} saved note(s)"
            )
        assert len(loads) > opens  # the slow first passes were noticed and read again
    finally:
        proc.kill()
        proc.communicate()
