"""kill -9 at random moments: every review still opens and every acknowledged save is present.

A child process saves notes in a loop and prints each id (flushed) only after `save()` returned,
i.e. after the note was on disk. The parent SIGKILLs it at random moments, then opens the review
and checks that every printed id is there. Variants kill during background compactions and during
explicit compactions of a review big enough that writing the snapshot takes a while.

Heavy variants (`pytest --heavy tests/test_crash.py`) do hundreds of kills.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cqc_tui.core.model import EvidenceNote, Review
from cqc_tui.core.store import SNAPSHOT, ReviewStore, journal_data

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="SIGKILL crash tests need a POSIX system"
)

CHILD = r"""
import os, random, sys
from cqc_tui.core import store as store_mod
from cqc_tui.core.model import EvidenceNote
from cqc_tui.core.store import layout
layout.COMPACT_EVERY = int(os.environ.get("CRASH_COMPACT_EVERY", "5000"))
folder, mode, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
st = store_mod.ReviewStore.open(folder)
out = sys.stdout
out.write("ready\n"); out.flush()
i = 0
while True:
    size = rng.choices((20, 200, 2000, 20000), (40, 40, 18, 2))[0] if mode != "compact" else 50
    text = f"crash note {seed}-{i} " + "evidence \u00e9\U0001F600 " * (size // 12)
    n = st.save(EvidenceNote(text=text, key_question="safe", author="child"))
    out.write(n.id + "\n"); out.flush()
    i += 1
    if mode == "compact" and i % 3 == 0:
        st.compact()
    if mode == "many" and i % 7 == 0:
        recs = [EvidenceNote(text=f"batch {seed}-{i}-{k}", key_question="safe") for k in range(50)]
        st.save_many(recs)
        out.write("".join(r.id + "\n" for r in recs)); out.flush()
"""


def _env() -> dict:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _create(tmp_path: Path, prefill: int = 0) -> Path:
    st = ReviewStore.create(
        tmp_path / "review", Review(title="Crash test", framework_id="mini-test")
    )
    if prefill:
        st.save_many(
            [
                EvidenceNote(text=f"prefill {i} " + "words " * 40, key_question="safe")
                for i in range(prefill)
            ]
        )
    st.close()
    return st.folder


def _run_and_kill(folder: Path, mode: str, seed: int, rng: random.Random, env: dict) -> list[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), mode, str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    if first != b"ready\n":
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"child failed to open the review: {first!r} {err.decode()[-2000:]}")
    time.sleep(rng.uniform(0.0, 0.25))
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, err.decode()[-2000:]
    lines = out.split(b"\n")
    # Only complete lines count: the last one may have been cut by the kill before it was printed whole.
    return [ln.decode() for ln in lines[:-1] if len(ln) == 36]


def _check(folder: Path, acknowledged: set[str], readonly: bool, compact: bool = False) -> None:
    st = ReviewStore.open(folder, readonly=readonly)
    try:
        missing = acknowledged - set(st.tables["notes"])
        assert not missing, (
            f"{len(missing)} acknowledged note(s) lost, e.g. {sorted(missing)[:3]}; "
            f"notices: {st.report.notices}"
        )
        assert st.review.title == "Crash test"
    finally:
        if not readonly:
            st.close(compact=compact)


def _crash_loop(
    tmp_path: Path,
    kills: int,
    mode: str,
    prefill: int = 0,
    compact_every: int = 5000,
    seed: int = 1,
    per_review: int = 25,
) -> int:
    """`kills` runs of the child, each SIGKILLed; a fresh review every `per_review` kills keeps
    the reviews (and the time to check them) small. Returns the number of acknowledged saves."""
    total = 0
    for start in range(0, kills, per_review):
        total += _crash_review(
            tmp_path / f"round-{start}",
            min(per_review, kills - start),
            mode,
            prefill,
            compact_every,
            seed * 1000 + start,
        )
    return total


def _crash_review(
    tmp_path: Path, kills: int, mode: str, prefill: int, compact_every: int, seed: int
) -> int:
    tmp_path.mkdir(parents=True, exist_ok=True)
    folder = _create(tmp_path, prefill)
    env = _env()
    env["CRASH_COMPACT_EVERY"] = str(compact_every)
    rng = random.Random(seed)
    acknowledged: set[str] = set()
    for k in range(kills):
        ids = _run_and_kill(folder, mode, seed * 100000 + k, rng, env)
        acknowledged.update(ids)
        # Alternate: a reader first (sees the torn tail, changes nothing), then a writer (cuts it).
        _check(folder, acknowledged, readonly=(k % 2 == 0), compact=(k % 4 == 1))
    _check(folder, acknowledged, readonly=False)
    final = ReviewStore.open(folder)
    final.close()  # a full compaction after all that
    _check(folder, acknowledged, readonly=True)
    assert (folder / SNAPSHOT).exists()
    shutil.rmtree(tmp_path, ignore_errors=True)
    return len(acknowledged)


def test_kill_while_saving(tmp_path):
    saved = _crash_loop(tmp_path, kills=20, mode="save")
    assert saved > 50


def test_kill_while_saving_with_background_compactions_and_batches(tmp_path):
    saved = _crash_loop(tmp_path, kills=8, mode="many", compact_every=40, seed=2)
    assert saved > 50


def test_kill_during_compaction(tmp_path):
    # 2,000 notes already in the review: each compaction writes a ~1 MB snapshot, so kills land in it.
    saved = _crash_loop(tmp_path, kills=8, mode="compact", prefill=2000, seed=3)
    assert saved > 10


def test_torn_tail_is_cut_and_kept_aside(tmp_path):
    folder = _create(tmp_path)
    st = ReviewStore.open(folder)
    n = st.save(EvidenceNote(text="confirmed", key_question="safe"))
    st.close(compact=False)
    journal = sorted(folder.glob("journal-*.jsonl"))[-1]
    end = len(journal_data(journal))
    with open(journal, "r+b") as fh:  # where the next save would have gone, over the zero padding
        fh.seek(end)
        fh.write(b'{"v":1,"t":"notes","r":{"id":"half-writ')
    ro = ReviewStore.open(folder, readonly=True)
    assert n.id in ro.tables["notes"] and any("unfinished save" in x for x in ro.report.notices)
    assert journal_data(journal).endswith(b"half-writ")  # a reader changes nothing
    rw = ReviewStore.open(folder)
    assert n.id in rw.tables["notes"]
    rw.close(compact=False)
    assert journal_data(journal).endswith(b"\n")
    kept = list((folder / "quarantine").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == b'{"v":1,"t":"notes","r":{"id":"half-writ'


@pytest.mark.heavy
def test_heavy_kill_while_saving(tmp_path):
    _crash_loop(tmp_path, kills=200, mode="save", seed=11)


@pytest.mark.heavy
def test_heavy_kill_with_background_compactions(tmp_path):
    _crash_loop(tmp_path, kills=60, mode="many", compact_every=25, seed=12)


@pytest.mark.heavy
def test_heavy_kill_during_compaction(tmp_path):
    _crash_loop(tmp_path, kills=60, mode="compact", prefill=5000, seed=13)


RECOVER_CHILD = r"""
import sys
from cqc_tui.core.recovery import recover
folder = sys.argv[1]
print("ready", flush=True)
while True:
    with open(folder + "/review.json", "wb") as fh:
        fh.write(b"{ damaged")
    recover(folder)
"""


def test_kill_during_recover(tmp_path):
    from cqc_tui.core.recovery import recover
    from cqc_tui.core.store import CorruptReview

    folder = _create(tmp_path, prefill=2000)
    st = ReviewStore.open(folder)
    ids = {
        st.save(EvidenceNote(text=f"after prefill {i}", key_question="safe")).id for i in range(20)
    }
    st.close(compact=False)
    ids |= set(ReviewStore.open(folder, readonly=True).tables["notes"])
    rng = random.Random(5)
    for k in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", RECOVER_CHILD, str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(),
        )
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.02, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        try:
            got = ReviewStore.open(folder, readonly=True)
        except CorruptReview:  # killed right after damaging it: recovering again must work
            recover(folder)
            got = ReviewStore.open(folder, readonly=True)
        assert ids <= set(got.tables["notes"]), f"kill {k}: recover lost notes"


RECOVER_OPENABLE_CHILD = r"""
import sys
from pathlib import Path
from cqc_tui.core.recovery import recover
from cqc_tui.core.store import journal_data
folder = Path(sys.argv[1])
print("ready", flush=True)
while True:
    journal = sorted(folder.glob("journal-*.jsonl"))[-1]
    end = len(journal_data(journal))
    with open(journal, "r+b") as fh:  # an unreadable line: the review opens, and recover has work to do
        fh.seek(end)
        fh.write(b"GARBAGE\n")
    recover(folder)
"""


def _kill_recover_of_an_openable_review(
    tmp_path: Path, kills: int, seed: int, per_review: int = 15
) -> None:
    """A review that opens is recovered again and again and killed at random moments: after every
    kill it opens at once (no second recover needed) with every acknowledged note; between kills a
    writer saves more notes, which must survive the next recoveries too."""
    rng = random.Random(seed)
    for start in range(0, kills, per_review):
        folder = _create(tmp_path / f"round-{start}", prefill=300)
        acknowledged = set(ReviewStore.open(folder, readonly=True).tables["notes"])
        for k in range(min(per_review, kills - start)):
            proc = subprocess.Popen(
                [sys.executable, "-c", RECOVER_OPENABLE_CHILD, str(folder)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_env(),
            )
            assert proc.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0.0, 0.5))
            proc.send_signal(signal.SIGKILL)
            _, err = proc.communicate()
            assert proc.returncode == -signal.SIGKILL, err.decode()[-2000:]
            got = ReviewStore.open(folder, readonly=True)  # never CorruptReview: it opened before
            missing = acknowledged - set(got.tables["notes"])
            assert not missing, (
                f"kill {k}: recover lost {len(missing)} acknowledged note(s); {got.report.notices}"
            )
            st = ReviewStore.open(folder)
            acknowledged |= {
                st.save(EvidenceNote(text=f"between kills {k}-{i}", key_question="safe")).id
                for i in range(5)
            }
            st.close(compact=(k % 3 == 0))
        _check(folder, acknowledged, readonly=True)
        shutil.rmtree(tmp_path / f"round-{start}", ignore_errors=True)


def test_kill_during_recover_of_a_review_that_opens(tmp_path):
    _kill_recover_of_an_openable_review(tmp_path, kills=6, seed=21)


@pytest.mark.heavy
def test_heavy_kill_during_recover(tmp_path):
    _kill_recover_of_an_openable_review(tmp_path, kills=60, seed=22)
