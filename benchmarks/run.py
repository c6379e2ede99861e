"""Run every benchmarks/bench_*.py and print each figure beside its target (`make bench`).

Each bench script is run in its own process with this interpreter; its table is printed as it
comes. Scripts that use benchmarks/_common.report() also send their rows here, and a summary of
every figure with a target, and every ratio against a baseline, is printed at the end, after the
machine it ran on.

Usage: .venv/bin/python benchmarks/run.py [NAME ...]     e.g. run.py store search
Set CQC_BENCH_DIR to put the generated reviews on a particular disk.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import ROOT, Row, fmt_value, machine_info, table  # noqa: E402


def load_average() -> str:
    try:
        one, five, _ = os.getloadavg()
        return f"{one:.2f} (1 min), {five:.2f} (5 min)"
    except (OSError, AttributeError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    names = argv if argv is not None else sys.argv[1:]
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    info = machine_info()
    info["load before"] = load_average()
    print("cqc-tui benchmarks")
    print("==================")
    for k, v in info.items():
        print(f"{k:>12}: {v}")
    print()
    results = Path(tempfile.mkstemp(prefix="cqc-bench-", suffix=".jsonl")[1])
    env = dict(os.environ)
    env["CQC_BENCH_RESULTS"] = str(results)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    failed = []
    started = time.perf_counter()
    for script in scripts:
        print(f"### {script.name}", flush=True)
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, str(script)], env=env, cwd=str(ROOT))
        print(
            f"({script.name}: {time.perf_counter() - t:.0f} s, exit {proc.returncode})\n",
            flush=True,
        )
        if proc.returncode != 0:
            failed.append(script.name)
    rows = []
    try:
        for line in results.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            rows.append((d.pop("bench"), Row(**d)))
    finally:
        results.unlink(missing_ok=True)
    targeted = [
        Row(f"{bench}: {r.name}", r.value, r.unit, r.target, r.ok, r.note)
        for bench, r in rows
        if r.target
    ]
    ratios = [
        Row(f"{bench}: {r.name}", r.value, r.unit, r.target, r.ok, r.note)
        for bench, r in rows
        if r.unit == "x" and not r.target
    ]
    print(f"load after: {load_average()}; total {time.perf_counter() - started:.0f} s")
    print()
    if targeted:
        print(table("Summary: every figure with a target", targeted))
        print()
    if ratios:
        print(table("Baseline ratios (information)", ratios))
        print()
    missed = [r for r in targeted if r.ok is False]
    print(
        f"{len(targeted) - len(missed)} of {len(targeted)} targets met"
        + (
            f"; missed: {', '.join(r.name + ' ' + fmt_value(r.value, r.unit) for r in missed)}"
            if missed
            else ""
        )
    )
    if failed:
        print(f"bench scripts that failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
