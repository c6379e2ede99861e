"""Team review exchange (cqc_tui.core.team): receiving bundles, syncing a team folder, bundle size.

- Receive 30 bundles of 700 notes each (21,000 notes, with the generated review's ratings and
  findings) into an empty workspace, in one `receive`: target 2 s.
- Incremental sync: 5 devices have each published 20 new revisions (new notes and edits) into the
  team folder; one `sync_folder` on the open 21,000-note review takes them in: target 200 ms.
- A bundle is no larger than the journal lines of the revisions it carries.

The bundles are built from a generated review (cqc_tui.core.generate): the lead's change set holds
the review, team, scope units, ratings and findings; each of 30 inspectors' change sets holds 700
of its notes.

Usage: .venv/bin/python benchmarks/bench_team.py [--inspectors 30] [--notes-each 700]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import at_most, bench_dir, cleanup, generated_review, info, report


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--inspectors", type=int, default=30)
    ap.add_argument("--notes-each", type=int, default=700)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    from cqc_tui.core.model import Finding
    from cqc_tui.core.store.journal import journal_line
    from cqc_tui.core.team.bundle import write_bundle
    from cqc_tui.core.team.changelog import build_set, write_sealed
    from cqc_tui.core.team.folder_sync import sync_folder
    from cqc_tui.core.team.revisions import SHARED_TABLES, make_revision
    from cqc_tui.core.team.share import receive
    from cqc_tui.core.workspace import Workspace

    total = args.inspectors * args.notes_each
    source, rid = generated_review(total, seed=3)
    root = bench_dir()
    rows = []
    try:
        with source.open_id(rid, readonly=True) as session:
            tables = {t: list(session.store.tables[t].values()) for t in SHARED_TABLES}
            review = session.review
        notes = tables["notes"]
        kqs = sorted({n.key_question for n in notes})
        tables["findings"] += [
            Finding(
                heading=f"Finding {k}",
                text=f"What the team found, {k}",
                key_question=kqs[k % len(kqs)],
                author="Lead",
                note_ids=tuple(n.id for n in notes[k * 7 : k * 7 + 5]),
            )
            for k in range(100)
        ]
        lead_records = [r for t in SHARED_TABLES if t != "notes" for r in tables[t]]
        lead_set = build_set(
            rid, "leaddevice", 1, [make_revision(r, [], "leaddevice") for r in lead_records]
        )
        header = {
            "review_id": rid,
            "title": review.title,
            "framework_id": review.framework_id,
            "framework_version": review.framework_version,
            "member": "Inspector",
        }
        bundles, sizes, journal = [], [], []
        for i in range(args.inspectors):
            device = f"inspector{i:04d}"
            part = notes[i * args.notes_each : (i + 1) * args.notes_each]
            own = build_set(rid, device, 1, [make_revision(n, [], device) for n in part])
            path = root / f"{device}.cqcb"
            sizes.append(
                write_bundle(
                    path,
                    dict(header, device=device),
                    [lead_set, own],
                    [lead_set.digest, own.digest],
                )
            )
            journal.append(
                sum(len(journal_line(r.record)[0]) for cs in (lead_set, own) for r in cs.revisions)
            )
            bundles.append(path)
        ratings = len(tables["ratings"])
        findings = len(tables["findings"])

        times = []
        for attempt in range(max(1, args.repeat // 2)):
            target = Workspace(root / f"receiver-{attempt}")
            target.frameworks  # noqa: B018 - loaded before the clock starts, as in a running app
            start = time.perf_counter()
            results, refused = receive(target, bundles)
            times.append(time.perf_counter() - start)
            assert not refused and results[0].created, refused
        with target.open_id(rid, readonly=True) as check:
            assert len(check.notes(include_deleted=True)) == total
        rows.append(
            at_most(
                f"receive {args.inspectors} bundles of {args.notes_each} notes ({total:,} notes, "
                f"{ratings} ratings, {findings} findings) into an empty workspace",
                statistics.median(times),
                2.0,
                "s",
                f"median of {len(times)}; worst {max(times):.2f} s",
            )
        )

        folder = root / "team-folder"
        folder.mkdir()
        session = target.open_id(rid)
        try:
            sync_folder(session, folder)  # publishes nothing of its own; remembers the folder
            live = sorted(session.notes(), key=lambda n: n.id)
            sync_times = []
            for round_number in range(args.repeat):
                for d in range(5):
                    device = f"syncdevice{d}"
                    revisions = []
                    for k in range(10):
                        new = dataclasses.replace(
                            live[k], id=f"new-{round_number}-{d}-{k}", text=f"new note {k}"
                        )
                        revisions.append(make_revision(new, [], device))
                        old = live[(round_number * 50 + d * 10 + k) % len(live)]
                        edited = old.revise(
                            author=f"Member {d}", text=old.text + f" (checked {round_number})"
                        )
                        revisions.append(
                            make_revision(edited, [make_revision(old, [], "x").id], device)
                        )
                    change_set = build_set(rid, device, round_number + 1, revisions)
                    write_sealed(folder / rid / device / change_set.name, change_set.data)
                start = time.perf_counter()
                result = sync_folder(session)
                sync_times.append(time.perf_counter() - start)
                assert result.ok and result.revisions == 100, (result.errors, result.revisions)
                live = sorted(session.notes(), key=lambda n: n.id)
        finally:
            session.close(compact=False)
        rows.append(
            at_most(
                f"incremental sync: 100 new revisions from 5 devices into the open {total:,}-note "
                "review",
                statistics.median(sync_times) * 1000,
                200,
                "ms",
                f"median of {len(sync_times)}; worst {max(sync_times) * 1000:.0f} ms",
            )
        )
        ratio = max(s / j for s, j in zip(sizes, journal, strict=True))
        rows.append(
            at_most(
                "bundle size / journal lines it carries (largest of the bundles)",
                ratio,
                1.0,
                "x",
                f"{sizes[0]:,} bytes for {journal[0]:,} bytes of journal lines",
            )
        )
        rows.append(info("bundle size, one inspector's", sizes[0] / 1024, "KB"))
    finally:
        cleanup(source)
        import shutil

        shutil.rmtree(root, ignore_errors=True)
    report("team", "Team review exchange", rows)


if __name__ == "__main__":
    main()
