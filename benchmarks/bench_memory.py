"""Peak memory (RSS) with a 20,000-note review open, measured in subprocesses.

- core: a process that opens the review for writing, computes coverage and runs a search;
- app: the app headless with the review screen mounted (when cqc_tui/tui is there);
- baseline: the same interpreter with only the imports, for scale.
Peak RSS is the process's ru_maxrss. Target: 250 MB.

Usage: .venv/bin/python benchmarks/bench_memory.py [--notes 20000]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import at_most, cleanup, generated_review, info, report, run_python
from bench_startup import TUI, tui_available

PEAK = r"""
import resource, sys
def peak_mb():
    # VmHWM: this process's own peak (ru_maxrss on Linux starts from the parent's at fork).
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024 / 1024 if sys.platform == "darwin" else r / 1024
"""

CORE = (
    PEAK
    + r"""
from cqc_tui.core.workspace import Workspace
from cqc_tui.core.search import search_notes
if sys.argv[3] == "open":
    ws = Workspace(sys.argv[1])
    s = ws.open(sys.argv[2])
    s.coverage()
    search_notes(s, "staff")
    n = s.notes()[0]
    s.add_note(lines=list(n.lines), scope_unit=n.scope_unit, text="memory benchmark note")
print(f"{peak_mb():.1f}")
"""
)

APP = PEAK + TUI.replace('print(f"ok import', 'print(f"{peak_mb():.1f} ok import')


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--notes", type=int, default=20000)
    args = ap.parse_args(argv)
    ws, rid = generated_review(args.notes, seed=1)
    label = f"{args.notes // 1000}k"
    rows = []
    try:
        base = run_python(CORE, str(ws.home), rid, "imports-only")
        core = run_python(CORE, str(ws.home), rid, "open")
        for proc in (base, core):
            if proc.returncode != 0:
                raise RuntimeError(proc.stderr[-1500:])
        rows.append(
            at_most(
                f"peak RSS, core with {label} review open",
                float(core.stdout.split()[-1]),
                250,
                "MB",
                "open + coverage + search + one save",
            )
        )
        rows.append(info("peak RSS, imports only", float(base.stdout.split()[-1]), "MB"))
        why = tui_available()
        if why:
            rows.append(info("peak RSS, app with review screen (skipped)", float("nan"), "MB", why))
        else:
            app = run_python(APP, str(ws.home), rid, timeout=180)
            if app.returncode != 0:
                rows.append(
                    info(
                        "peak RSS, app with review screen (failed)",
                        float("nan"),
                        "MB",
                        app.stderr.strip().splitlines()[-1][:80] if app.stderr.strip() else "",
                    )
                )
            else:
                peak = re.search(r"([0-9.]+) ok import", app.stdout)
                if peak is None:
                    raise RuntimeError(
                        f"the app did not report its peak memory: {app.stdout[-500:]}"
                    )
                rows.append(
                    at_most(
                        f"peak RSS, app with {label} review on screen",
                        float(peak.group(1)),
                        250,
                        "MB",
                        "headless, 120x40, after the evidence is listed",
                    )
                )
    finally:
        cleanup(ws)
    report("bench_memory", f"Peak memory with a {label}-note review open", rows)


if __name__ == "__main__":
    main()
