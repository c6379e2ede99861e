"""kill -9 during share, receive and sync: no acknowledged save lost, no change set applied twice
or half, the review always opens and shows every change set it holds whole.

A child process works in a loop and prints what was acknowledged (a note id once `save` returned);
the parent SIGKILLs it at a random moment, then opens the review read-only (before anything
repairs it) and for writing, and checks. Heavy variants (`pytest --heavy`) do over 200 kills.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cqc_tui.core.model import Review, ScopeUnit, TeamMember
from cqc_tui.core.team.bundle import read_bundle
from cqc_tui.core.team.changelog import SET_NAME
from cqc_tui.core.team.folder_sync import sync_folder
from cqc_tui.core.team.identity import choose_member
from cqc_tui.core.team.merge import load
from cqc_tui.core.team.share import share
from cqc_tui.core.workspace import Workspace
from tests.test_team_bundle import new_workspace

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="SIGKILL crash tests need a POSIX system"
)

CHILD = r"""
import random, sys
from pathlib import Path
from cqc_tui.core.team.folder_sync import sync_folder
from cqc_tui.core.team.share import receive, share
from cqc_tui.core.workspace import Workspace
home, review_id, mode, other, seed = sys.argv[1:6]
rng = random.Random(int(seed))
ws = Workspace(home)
out = sys.stdout
if len(sys.argv) > 6:  # die at a chosen point: before saving received changes, or halfway through
    import os, signal
    from cqc_tui.core import store as store_module
    from cqc_tui.core.store import journal
    from cqc_tui.core.team import merge
    point = sys.argv[6]
    if point == "before-apply":
        real_apply = merge.apply
        def dying_apply(view, keys=None):
            if keys:
                os.kill(os.getpid(), signal.SIGKILL)
            return real_apply(view, keys)
        merge.apply = dying_apply
        import cqc_tui.core.team.share as share_module
        share_module.apply = dying_apply
    elif point == "half-written":
        def dying_save_many(self, records):
            records = list(records)
            lines = b"".join(journal.journal_line(r)[0] for r in records)
            self._append(lines[: len(lines) // 2])
            os.kill(os.getpid(), signal.SIGKILL)
        store_module.ReviewStore.save_many = dying_save_many
if mode == "receive":
    first, *bundles = sorted(Path(other).glob("*.cqcb"))  # b0 holds the review; the rest later
    rng.shuffle(bundles)
    bundles.insert(0, first)
    out.write("ready\n"); out.flush()
    for bundle in bundles:
        results, refused = receive(ws, [bundle])
        assert not refused, refused
    out.write("done\n"); out.flush()
    sys.exit(0)
session = ws.open_id(review_id)
out.write("ready\n"); out.flush()
i = 0
while True:
    for _ in range(rng.randint(1, 30)):
        text = f"kill note {seed}-{i} " + "words " * rng.randint(1, 80)
        note = session.add_note(text=text, lines=("T1",))
        out.write(note.id + "\n"); out.flush()
        i += 1
    if mode == "sync":
        result = sync_folder(session, Path(other))
        assert result.ok, result.errors
    else:
        share(session, Path(other) / "out.cqcb")
"""


def _env() -> dict:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _team(root: Path) -> tuple[Workspace, str]:
    lead = new_workspace(root, "lead")
    with lead.create(
        Review(title="Kill review", review_type="comprehensive", framework_id="mini-test"),
        [TeamMember(name="Lena Lead"), TeamMember(name="Ann Ford")],
        [ScopeUnit(code="u", label="Unit", order=1)],
    ) as session:
        choose_member(session, "Lena Lead")
        return lead, session.review.id


def _run_and_kill(args: list[str], rng: random.Random, env: dict, longest: float) -> list[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    if first != b"ready\n":
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"child failed to start: {first!r} {err.decode()[-2000:]}")
    time.sleep(rng.uniform(0.0, longest))
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    assert proc.returncode in (-signal.SIGKILL, 0), err.decode()[-2000:]
    return [ln.decode() for ln in out.split(b"\n")[:-1] if len(ln) == 36]


def _check_whole(ws: Workspace, review_id: str, acknowledged: set[str]) -> None:
    """The review opens read-only (nothing repaired yet) and for writing; either way it shows every
    note acknowledged and, for every record, the version its held change sets say."""
    for readonly in (True, False):
        session = ws.open_id(review_id, readonly=readonly)
        try:
            missing = acknowledged - set(session.store.tables["notes"])
            assert not missing, (
                f"{len(missing)} acknowledged note(s) lost "
                f"({'read-only' if readonly else 'writer'})"
            )
            view = load(session)
            names = [p.name for p in view.sets.held().values()]
            assert len(names) == len(set(names))
            for key in view.graph.records:
                shown = view.graph.shown(key)
                assert session.store.tables[key[0]].get(key[1]) == shown.record, (
                    f"{key} does not show its received version "
                    f"({'read-only' if readonly else 'writer'})"
                )
        finally:
            session.close(compact=False)


def _kill_sync_or_share(root: Path, mode: str, kills: int, seed: int) -> None:
    lead, review_id = _team(root)
    other = root / ("folder" if mode == "sync" else "out")
    other.mkdir()
    env = _env()
    rng = random.Random(seed)
    acknowledged: set[str] = set()
    for k in range(kills):
        acknowledged.update(
            _run_and_kill(
                [str(lead.home), review_id, mode, str(other), str(seed * 1000 + k)], rng, env, 0.6
            )
        )
        _check_whole(lead, review_id, acknowledged)
        if mode == "share" and (other / "out.cqcb").exists():
            read_bundle(other / "out.cqcb", review_id)  # a bundle is there whole or not at all
        if mode == "sync":
            for path in (other / review_id).rglob("*"):
                if path.is_file() and SET_NAME.match(path.name):
                    assert len(path.read_bytes()) > 0
    # Everything acknowledged reaches a laptop that syncs (or receives) afterwards.
    joiner = new_workspace(root, "joiner")
    with lead.open_id(review_id) as session:
        if mode == "sync":
            assert sync_folder(session, other).ok
        share(session, root / "all.cqcb")
    from cqc_tui.core.team.share import receive

    assert not receive(joiner, [root / "all.cqcb"])[1]
    with joiner.open_id(review_id, readonly=True) as session:
        assert acknowledged <= set(session.store.tables["notes"])


def _kill_receive(root: Path, kills: int, seed: int) -> None:
    lead, review_id = _team(root)
    bundles = root / "bundles"
    bundles.mkdir()
    with lead.open_id(review_id) as session:
        for b in range(8):
            for k in range(60):
                session.add_note(text=f"bundle {b} note {k} " + "evidence " * 30, lines=("T1",))
            share(session, bundles / f"b{b}.cqcb", since=bundles / f"b{b - 1}.cqcb" if b else None)
        expected = {n.id for n in session.notes()}
    env = _env()
    rng = random.Random(seed)
    target = None
    for k in range(kills):
        if k % 4 == 0:
            target = new_workspace(root, f"target-{k}")
        assert target is not None
        _run_and_kill(
            [str(target.home), review_id, "receive", str(bundles), str(seed * 1000 + k)],
            rng,
            env,
            1.5,
        )
        if target.folder(review_id).is_dir():
            _check_whole(target, review_id, set())
        if k % 4 == 3:
            from cqc_tui.core.team.share import receive

            receive(target, sorted(bundles.glob("*.cqcb")))
            _check_whole(target, review_id, expected)


@pytest.mark.parametrize("point", ["before-apply", "half-written"])
def test_killed_between_keeping_and_saving_received_changes(tmp_path, point):
    """Deterministic kill points: after the change sets are kept but before they are saved, and
    with only half of their journal lines written. Read-only, the review already shows them whole;
    the next writer saves the rest; receiving again changes nothing."""
    lead, review_id = _team(tmp_path)
    bundles = tmp_path / "bundles"
    bundles.mkdir()
    with lead.open_id(review_id) as session:
        share(session, bundles / "b0.cqcb")
        for k in range(40):
            session.add_note(text=f"late note {k}", lines=("T1",))
        share(session, bundles / "b1.cqcb", since=bundles / "b0.cqcb")
        expected = {n.id for n in session.notes()}
    target = new_workspace(tmp_path, "target")
    from cqc_tui.core.team.share import receive

    assert not receive(target, [bundles / "b0.cqcb"])[1]
    (bundles / "b0.cqcb").unlink()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(target.home),
            review_id,
            "receive",
            str(bundles),
            "1",
            point,
        ],
        env=_env(),
        capture_output=True,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]
    _check_whole(target, review_id, expected)
    results, refused = receive(target, [bundles / "b1.cqcb"])
    assert not refused and results[0].change_sets == 0 and results[0].saved == 0


def test_kill_during_sync(tmp_path):
    _kill_sync_or_share(tmp_path, "sync", kills=4, seed=1)


def test_kill_during_share(tmp_path):
    _kill_sync_or_share(tmp_path, "share", kills=3, seed=2)


def test_kill_during_receive(tmp_path):
    _kill_receive(tmp_path, kills=4, seed=3)


@pytest.mark.heavy
def test_kill_during_sync_many(tmp_path):
    _kill_sync_or_share(tmp_path, "sync", kills=80, seed=11)


@pytest.mark.heavy
def test_kill_during_share_many(tmp_path):
    _kill_sync_or_share(tmp_path, "share", kills=60, seed=12)


@pytest.mark.heavy
def test_kill_during_receive_many(tmp_path):
    _kill_receive(tmp_path, kills=80, seed=13)
