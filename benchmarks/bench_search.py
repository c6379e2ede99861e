"""Filter and full-text search over a 20,000-note review (core level: cqc_tui.core.search).

Each query runs once cold (first search after opening: the folded-text cache is empty) and then
warm a number of times; the table shows the worst cold time and the median/worst warm times
across the queries, and each query's median. Target: 50 ms.

Usage: .venv/bin/python benchmarks/bench_search.py [--notes 20000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import at_most, cleanup, generated_review, info, median, report


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--notes", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args(argv)
    from cqc_tui.core.search import search_notes

    ws, rid = generated_review(args.notes, seed=1)
    label = f"{args.notes // 1000}k"
    try:
        session = ws.open_id(rid, readonly=True)
        notes = session.notes()
        unit = session.scope_units()[0].id
        line = notes[0].lines[0]
        author = notes[0].author
        queries = {
            "text 'call bells' (common)": dict(text="call bells"),
            "text 'STAFFING fell' (any case)": dict(text="STAFFING fell"),
            "text 'xyzzy' (no match)": dict(text="xyzzy"),
            "text '\"torn covers\"' (phrase)": dict(text='"torn covers"'),
            "filter line": dict(line=line),
            "filter scope unit": dict(scope_unit=unit),
            "filter source+polarity": dict(source="staff", polarity="concern"),
            "filter author": dict(author=author),
            "line+unit+text": dict(line=line, scope_unit=unit, text="staff"),
            "all notes (no filter)": dict(),
        }
        cold, warm_all, rows = [], [], []
        per_query = []
        for name, q in queries.items():
            q = dict(q)
            text = q.pop("text", "")
            t = time.perf_counter()
            hits = search_notes(session, text, **q)
            cold.append((time.perf_counter() - t) * 1000)
            samples = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                search_notes(session, text, **q)
                samples.append((time.perf_counter() - t) * 1000)
            warm_all += samples
            per_query.append(info(f"  {name}", median(samples), "ms", f"{len(hits)} hits"))
        rows.append(
            at_most(
                f"search/filter {label}: worst cold", max(cold), 50, "ms", "first query after open"
            )
        )
        rows.append(at_most(f"search/filter {label}: worst warm", max(warm_all), 50, "ms"))
        rows.append(info(f"search/filter {label}: median warm", median(warm_all), "ms"))
        rows += per_query
    finally:
        cleanup(ws)
    report("bench_search", f"Filter and search over {label} notes", rows)


if __name__ == "__main__":
    main()
