"""Typing while the app syncs: note-editor keystrokes during a sync that takes in 5,000 revisions.

The lead's review (a generated one) has a team folder holding another laptop's change set of
5,000 new notes. The app opens the review, the note editor is opened, and a sync starts in the
background (the review screen's `y`); a character is typed into the note's text every few
milliseconds until the sync has finished, each timed from the key event until every message it
caused has been handled and the next frame composed (as benchmarks/bench_tui.py times keys).
Target: keystroke p95 <= 50 ms.

Usage: .venv/bin/python benchmarks/bench_team_tui.py [--notes 5000] [--revisions 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import at_most, bench_dir, cleanup, generated_review, info, pct, report

TARGET_MS = 50.0
ROW = "note-editor keystroke p95 while a sync takes in {n:,} revisions"


def folder_with_revisions(session, folder: Path, count: int, device: str) -> None:
    """Another laptop's change set of `count` new notes, published into the team folder."""
    import dataclasses

    from cqc_tui.core.model import EvidenceNote, new_id
    from cqc_tui.core.team.changelog import build_set, write_sealed
    from cqc_tui.core.team.revisions import make_revision

    line = session.framework.lines()[0].code
    template = EvidenceNote(author="Bench Colleague", lines=(line,), text="")
    notes = [
        dataclasses.replace(template, id=new_id(), text=f"colleague's note {i} about the ward rota")
        for i in range(count)
    ]
    change_set = build_set(
        session.review.id, device, 1, [make_revision(n, [], device) for n in notes]
    )
    target = folder / session.review.id / device
    target.mkdir(parents=True, exist_ok=True)
    write_sealed(target / change_set.name, change_set.data)


async def run(notes: int, revisions: int, rounds: int) -> tuple[list[float], list[float], float]:
    """(keystroke ms while syncing, keystroke ms with no sync, seconds the longest sync took);
    `rounds` syncs, each taking in a new colleague's change set of `revisions` notes."""
    from textual import events

    from cqc_tui.core.team.folder_sync import sync_folder
    from cqc_tui.tui.app import CqcApp
    from cqc_tui.tui.dialogs.note_editor import NoteEditor
    from cqc_tui.tui.screens.review import ReviewScreen

    ws, rid = generated_review(notes, seed=5)
    folder = bench_dir() / "team-folder"
    folder.mkdir(parents=True, exist_ok=True)
    with ws.open_id(rid) as session:
        result = sync_folder(session, folder)  # the review's first exchange: logs what it holds
        assert result.ok, result.errors
    CqcApp.ASK_SCOPE_UNIT = False  # which scope unit? is asked once in real use; not timed here
    app = CqcApp(ws, user="Bench Lead", team_sync_seconds=0, background_open_from=None)
    wall: list[float] = []
    quiet: list[float] = []

    async def settle(pilot) -> None:
        for _ in range(4):
            while app._message_queue.qsize():
                await asyncio.sleep(0)
            await pilot._wait_for_screen()
            await asyncio.sleep(0)

    try:
        async with app.run_test(size=(120, 40)) as pilot:
            app.open_review(rid)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen), screen
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, NoteEditor), app.screen
            app.screen.query_one("#note-text").focus()

            async def keystroke(into: list[float]) -> None:
                await settle(pilot)
                start = time.perf_counter()
                app.post_message(events.Key("a", "a"))
                await settle(pilot)
                app.screen._on_timer_update()
                into.append((time.perf_counter() - start) * 1000)
                await asyncio.sleep(0.01)

            for _ in range(30):  # the same keys with no sync running: what this machine gives now
                await keystroke(quiet)
            took = 0.0
            for round_number in range(rounds):
                assert screen.session is not None
                folder_with_revisions(
                    screen.session, folder, revisions, f"colleague{round_number:04d}"
                )
                started = time.perf_counter()
                screen.action_sync_now()
                while screen._sync_running:
                    await keystroke(wall)
                took = max(took, time.perf_counter() - started)
                last = screen._last_sync
                assert last is not None and last.result is not None and not last.error, last
                assert last.result.revisions == revisions, last.result
    finally:
        cleanup(ws)
    return wall, quiet, took


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--notes", type=int, default=5000, help="notes in the lead's review")
    parser.add_argument("--revisions", type=int, default=5000, help="revisions each sync takes in")
    parser.add_argument("--rounds", type=int, default=4, help="syncs to type through")
    args = parser.parse_args()
    wall, quiet, took = asyncio.run(run(args.notes, args.revisions, args.rounds))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    p95, quiet_p95 = pct(wall, 95), pct(quiet, 95)
    print(
        f"{args.rounds} syncs of {args.revisions:,} revisions each into a {args.notes:,}-note review "
        f"(longest {took:.2f} s); "
        f"{len(wall)} keystrokes typed meanwhile: median {pct(wall, 50):.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(wall):.1f} ms; with no sync: median {pct(quiet, 50):.1f} ms, p95 {quiet_p95:.1f} ms; "
        f"load average {load:.1f}"
    )
    name = ROW.format(n=args.revisions)
    report(
        "bench_team_tui",
        "Typing while syncing",
        [
            at_most(
                name, p95, TARGET_MS, "ms", f"{len(wall)} keys; wall clock, load average {load:.1f}"
            ),
            info(
                "note-editor keystroke p95 with no sync (same run)",
                quiet_p95,
                "ms",
                "what this machine gives under its present load",
            ),
            info(
                f"longest of {args.rounds} syncs of {args.revisions:,} revisions (background)",
                took,
                "s",
                f"{args.notes:,}-note review",
            ),
        ],
    )


if __name__ == "__main__":
    main()
