"""Durable note save with 1k, 5k and 20k notes in the review, against stock TinyDB.

A save returns only once the note is on disk (one append + fdatasync of the journal). Figures:
- store.save: the storage call the app makes (p50, p99 over 1,000 new notes);
- session.add_note: the same plus validation against the review (what a keypress costs in the TUI);
- edit: session.update of an existing note (a new revision);
- save while a background compaction of the whole review runs (worst case, every 2,000 saves);
- stock TinyDB (JSONStorage, default settings, which does NOT fsync) inserting one note into a
  database holding the same notes, measured in the same run: the ratio is the speed-up.

Usage: .venv/bin/python benchmarks/bench_store.py [--sizes 1000,5000,20000] [--saves 1000]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import at_least, at_most, cleanup, generated_review, info, median, pct, report

from cqc_tui.core.model import EvidenceNote


def time_saves(session, count: int) -> tuple[list[float], list[float], list[float]]:
    store = session.store
    notes = session.notes()
    unit = notes[0].scope_unit
    line = notes[0].lines[0]
    kq = notes[0].key_question
    raw, full, edits = [], [], []
    for i in range(20):  # warm-up
        store.save(
            EvidenceNote(text=f"warm-up {i}", key_question=kq, lines=(line,), author="bench")
        )
    gc.collect()  # start from a clean heap: generating the review left garbage behind
    time.sleep(0.5)  # and let the disk finish writing the generated review
    for i in range(count):
        note = EvidenceNote(
            text=f"Benchmark note {i}: the ward manager explained the escalation plan.",
            key_question=kq,
            lines=(line,),
            scope_unit=unit,
            author="bench",
            source="staff",
        )
        t = time.perf_counter()
        store.save(note)
        raw.append((time.perf_counter() - t) * 1000)
    for i in range(count // 2):
        t = time.perf_counter()
        session.add_note(
            lines=[line],
            scope_unit=unit,
            text=f"Added through the session {i}.",
            source="observation",
            polarity="positive",
        )
        full.append((time.perf_counter() - t) * 1000)
    for i, n in enumerate(notes[: count // 4]):
        t = time.perf_counter()
        session.update("notes", n.id, text=n.text + f" (edited {i})")
        edits.append((time.perf_counter() - t) * 1000)
    return raw, full, edits


def time_saves_during_compaction(session) -> tuple[list[float], float]:
    store = session.store
    notes = session.notes()
    kq, line = notes[0].key_question, notes[0].lines[0]
    samples = []
    t0 = time.perf_counter()
    store.compact_in_background()
    compactor = store._compactor
    i = 0
    while compactor is not None and compactor.is_alive():
        t = time.perf_counter()
        store.save(
            EvidenceNote(
                text=f"during compaction {i}", key_question=kq, lines=(line,), author="bench"
            )
        )
        samples.append((time.perf_counter() - t) * 1000)
        i += 1
        time.sleep(0.002)  # a fast typist's pace is far slower; keep some spacing
    return samples, (time.perf_counter() - t0) * 1000


def time_tinydb(docs: list[dict], inserts: int) -> list[float]:
    from tinydb import TinyDB

    with tempfile.TemporaryDirectory(prefix="cqc-tinydb-") as d:
        db = TinyDB(Path(d) / "db.json")  # stock JSONStorage, stock settings
        db.table("notes").insert_multiple(docs)
        table = db.table("notes")
        out = []
        for i in range(inserts):
            doc = dict(docs[i % len(docs)], id=f"tinydb-{i}")
            t = time.perf_counter()
            table.insert(doc)
            out.append((time.perf_counter() - t) * 1000)
        db.close()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--saves", type=int, default=1000)
    ap.add_argument("--tinydb-inserts", type=int, default=15)
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for size in sizes:
        ws, rid = generated_review(size, seed=1)
        try:
            session = ws.open_id(rid, user="bench")
            raw, full, edits = time_saves(session, args.saves)
            docs = [n.to_dict() for n in session.notes()]  # for TinyDB, made after the timing above
            label = f"{size // 1000}k"
            if size == max(sizes):
                rows.append(at_most(f"store.save p50 @{label}", pct(raw, 50), 1, "ms"))
                rows.append(at_most(f"store.save p99 @{label}", pct(raw, 99), 5, "ms"))
                rows.append(
                    at_most(
                        f"session.add_note p50 @{label}", pct(full, 50), 1, "ms", "incl. validation"
                    )
                )
                rows.append(
                    at_most(
                        f"session.add_note p99 @{label}", pct(full, 99), 5, "ms", "incl. validation"
                    )
                )
            else:
                rows.append(info(f"store.save p50 @{label}", pct(raw, 50), "ms"))
                rows.append(info(f"store.save p99 @{label}", pct(raw, 99), "ms"))
                rows.append(
                    info(f"session.add_note p50 @{label}", pct(full, 50), "ms", "incl. validation")
                )
                rows.append(
                    info(f"session.add_note p99 @{label}", pct(full, 99), "ms", "incl. validation")
                )
            rows.append(info(f"edit (session.update) p50 @{label}", pct(edits, 50), "ms"))
            if size == max(sizes):
                during, took = time_saves_during_compaction(session)
                rows.append(
                    info(
                        f"save during compaction max @{label}",
                        max(during) if during else float("nan"),
                        "ms",
                        f"{len(during)} saves while a {took:.0f} ms background compaction ran",
                    )
                )
                rows.append(info(f"save during compaction p99 @{label}", pct(during, 99), "ms"))
            t = time.perf_counter()
            session.close()
            rows.append(
                info(f"close (compaction) @{label}", (time.perf_counter() - t) * 1000, "ms")
            )
            tiny = time_tinydb(
                docs, args.tinydb_inserts if size >= 20000 else args.tinydb_inserts * 2
            )
            tiny_p50 = median(tiny)
            rows.append(
                info(f"stock TinyDB insert p50 @{label}", tiny_p50, "ms", "JSONStorage, no fsync")
            )
            ratio = tiny_p50 / pct(raw, 50)
            if size == max(sizes):
                rows.append(
                    at_least(
                        f"speed-up vs TinyDB @{label}",
                        ratio,
                        20,
                        "x",
                        "store.save p50 vs TinyDB p50",
                    )
                )
                rows.append(
                    info(
                        f"speed-up vs TinyDB @{label} (session)",
                        tiny_p50 / pct(full, 50),
                        "x",
                        "session.add_note p50 vs TinyDB p50",
                    )
                )
            else:
                rows.append(info(f"speed-up vs TinyDB @{label}", ratio, "x"))
        finally:
            cleanup(ws)
    report("bench_store", "Durable note save (on disk before it returns)", rows)


if __name__ == "__main__":
    main()
