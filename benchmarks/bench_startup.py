"""Opening a 20,000-note review, and cold start of the app to the review screen.

1. Open ready to show: in a fresh process (nothing cached), `Workspace.open(id)` plus what the
   review screen needs (`session.coverage()`), timed inside the process after the imports.
   Broken down into frameworks (YAML templates), store (snapshot + journal) and coverage.
2. Cold start, headless: time from launching a subprocess that imports cqc_tui.tui.app and runs
   the app headless to the review screen's first paint, against a subprocess running a minimal
   Textual app headless to its first paint (same interpreter, same run). Target: at most 2x.
   A review of 2,000 notes or more opens in the background (CqcApp.background_open_from): its
   screen paints with the navigator while a worker reads the notes, so the time until the evidence
   is listed is printed too. The sample review is read before its screen is shown.

Usage: .venv/bin/python benchmarks/bench_startup.py [--notes 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, at_most, cleanup, generated_review, info, median, report, run_python

OPEN = r"""
import json, sys, time
t0 = time.perf_counter()
from cqc_tui.core.workspace import Workspace
t1 = time.perf_counter()
ws = Workspace(sys.argv[1])
a = time.perf_counter()
session = ws.open(sys.argv[2], readonly=sys.argv[3] == "ro")
b = time.perf_counter()
cov = session.coverage()
c = time.perf_counter()
# the same steps, split: frameworks (already loaded now) and the store alone
from cqc_tui.core.framework import load_frameworks
from cqc_tui.core.paths import frameworks_dir
f0 = time.perf_counter(); load_frameworks([frameworks_dir(), ws.home / "frameworks"]); f1 = time.perf_counter()
session.store.close(compact=False)
from cqc_tui.core.store import ReviewStore
s0 = time.perf_counter(); st = ReviewStore.open(ws.folder(session.review.id), readonly=True); s1 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "open": b - a, "coverage": c - b, "total": c - a,
                  "frameworks": f1 - f0, "store": s1 - s0, "notes": len(st.tables["notes"])}))
"""

TUI = r"""
import inspect, sys, time
t0 = time.perf_counter()
from cqc_tui.core.workspace import Workspace
from cqc_tui.tui import app as app_mod
from cqc_tui.tui.screens.review import ReviewScreen
from cqc_tui.tui.screens.review_loading import ReviewLoading
t1 = time.perf_counter()
cls = getattr(app_mod, "CqcApp", None)
if cls is None:
    from textual.app import App
    cls = next(v for v in vars(app_mod).values() if isinstance(v, type) and issubclass(v, App) and v is not App)

# Report the review screen's first paint, then the first paint with the evidence listed (the same
# moment for a review read before the screen is shown; later for a large one, read in the
# background), then exit. (Patched on the class: a subclass made here would have no source file,
# which Textual needs to find the app's CSS.)
original = ReviewScreen.__dict__.get("on_mount")
original_loaded = ReviewLoading.__dict__.get("on_review_loading_loaded")

def _stamp(app, what, then_exit):
    print(f"{what}={time.time():.6f}", flush=True)
    if then_exit:
        app.exit()

def _done(screen):
    # Queued on the screen, behind whatever its on_mount queued, so the stamp is taken in the same
    # batch of after-refresh callbacks: right after the first frame, before a worker's thread runs.
    loading = getattr(screen, "loading", False)
    screen.call_after_refresh(_stamp, screen.app, "painted", False)
    if not loading:
        screen.call_after_refresh(_stamp, screen.app, "loaded", True)

if original_loaded is not None:
    def on_review_loading_loaded(self, message):
        original_loaded(self, message)
        self.call_after_refresh(_stamp, self.app, "loaded", True)
    ReviewLoading.on_review_loading_loaded = on_review_loading_loaded

if original is not None and inspect.iscoroutinefunction(original):
    async def on_mount(self):
        await original(self)
        _done(self)
elif original is not None:
    def on_mount(self):
        original(self)
        _done(self)
else:
    def on_mount(self):
        _done(self)
ReviewScreen.on_mount = on_mount
app = cls(Workspace(sys.argv[1]), user="bench", open_review=sys.argv[2])
app.run(headless=True, size=(120, 40))
print(f"ok import={t1 - t0:.3f} run={time.perf_counter() - t1:.3f}")
"""

MINIMAL = r"""
import time
t0 = time.perf_counter()
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static
t1 = time.perf_counter()

class Minimal(App):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("hello")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self._painted)

    def _painted(self):
        print(f"painted={time.time():.6f}", flush=True)
        self.exit()

Minimal().run(headless=True, size=(120, 40))
print(f"ok import={t1 - t0:.3f} run={time.perf_counter() - t1:.3f}")
"""


def timed_subprocess(code: str, *args: str) -> tuple[float, str]:
    """Wall time of a fresh interpreter running `code` (ms), and its output."""
    t = time.perf_counter()
    proc = run_python(code, *args, timeout=120)
    took = (time.perf_counter() - t) * 1000
    if proc.returncode != 0 or ("ok" not in proc.stdout and not proc.stdout.startswith("{")):
        raise RuntimeError(f"subprocess failed ({proc.returncode}): {proc.stderr.strip()[-1500:]}")
    return took, proc.stdout.strip()


def time_to_paint(code: str, *args: str) -> tuple[float, float, float]:
    """(ms from launching the interpreter to the screen's first paint, ms to the first paint with
    the evidence listed, ms wall time to exit).

    The first figure is when the user sees the review screen; the second when its evidence list is
    filled (the same for a review read before the screen is shown); the third adds tearing the
    process down again (freeing every record of a 20,000-note review), which nobody waits for."""
    start = time.time()
    wall, out = timed_subprocess(code, *args)
    stamps = {
        k: (float(v) - start) * 1000 for k, v in re.findall(r"(painted|loaded)=([0-9.]+)", out)
    }
    if "painted" not in stamps:
        raise RuntimeError(f"the app never reported its first paint: {out[-500:]}")
    return stamps["painted"], stamps.get("loaded", stamps["painted"]), wall


def tui_available() -> str | None:
    app = ROOT / "cqc_tui" / "tui" / "app.py"
    if not app.exists():
        return "cqc_tui/tui/app.py is not there yet"
    if not (ROOT / "cqc_tui" / "tui" / "screens" / "review.py").exists():
        return "cqc_tui/tui/screens/review.py (ReviewScreen) is not there yet"
    return None


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--notes", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args(argv)
    # Every process below starts from bytecode, as every start after the first does on a user's
    # machine (pip compiles an installed package; Python caches the rest on first import). Textual
    # already is; this checkout may not be where PYTHONDONTWRITEBYTECODE is set (some sandboxes).
    import compileall

    compileall.compile_dir(str(ROOT / "cqc_tui"), quiet=1)
    rows = []
    ws, rid = generated_review(args.notes, seed=1)
    label = f"{args.notes // 1000}k"
    try:
        runs = []
        for i in range(args.repeat):
            _, out = timed_subprocess(OPEN, str(ws.home), rid, "rw" if i % 2 == 0 else "ro")
            runs.append(json.loads(out))
        ms = lambda key: median([r[key] for r in runs]) * 1000  # noqa: E731
        rows.append(
            at_most(
                f"open {label} review ready to show",
                ms("total"),
                300,
                "ms",
                "Workspace.open + session.coverage(), fresh process",
            )
        )
        rows.append(
            info(
                "  of which frameworks (YAML)",
                ms("frameworks"),
                "ms",
                "parsing templates/frameworks",
            )
        )
        rows.append(
            info(
                "  of which store (snapshot+journal)",
                ms("store"),
                "ms",
                f"{runs[0]['notes']} notes",
            )
        )
        rows.append(info("  of which coverage()", ms("coverage"), "ms"))
        rows.append(info("import cqc_tui.core.workspace", ms("import"), "ms"))

        # Worst case: opened after a crash, with a journal of COMPACT_EVERY - 1 edits not yet compacted.
        from cqc_tui.core.store import COMPACT_EVERY, ReviewStore

        st = ReviewStore.open(ws.folder(rid))
        edits = [
            n.revise(text=n.text + " (edited)")
            for n in list(st.tables["notes"].values())[: COMPACT_EVERY - 1]
        ]
        st.save_many(edits)
        st.close(compact=False)
        crash = [
            json.loads(timed_subprocess(OPEN, str(ws.home), rid, "ro")[1])
            for _ in range(args.repeat)
        ]
        rows.append(
            info(
                f"open {label} + {COMPACT_EVERY - 1} journal lines",
                median([r["total"] for r in crash]) * 1000,
                "ms",
                "as after a crash (worst case before a compaction)",
            )
        )
        ReviewStore.open(ws.folder(rid)).close()  # compact again for the cold-start runs

        why = tui_available()
        if why:
            print(f"cold start of the app: skipped ({why})")
            rows.append(info("cold start to review screen (skipped)", float("nan"), "ms", why))
        else:
            # A review of ordinary size too: the bundled sample trust inspection (dozens of notes).
            from cqc_tui.core.exchange import import_review

            sample = ROOT / "sample_reviews" / "birmingham-community-trust-inspection.yaml"
            _, sample_id = import_review(ws, sample)
            tui, listed, small, minimal, walls = [], [], [], [], []
            for _ in range(
                args.repeat
            ):  # interleaved, so a busy moment on the machine hits all three
                minimal.append(time_to_paint(MINIMAL)[0])
                paint, loaded, wall = time_to_paint(TUI, str(ws.home), rid)
                tui.append(paint)
                listed.append(loaded)
                walls.append(wall)
                small.append(time_to_paint(TUI, str(ws.home), sample_id)[1])
            t, s, m = median(tui), median(small), median(minimal)
            # Ratios of runs made back to back (a busy spell on the machine slows both alike), then
            # the median of those: steadier than a ratio of two medians taken over the whole run.
            ratio_big = median([a / b for a, b in zip(tui, minimal, strict=True)])
            ratio_small = median([a / b for a, b in zip(small, minimal, strict=True)])
            rows.append(
                info("cold start: minimal Textual app", m, "ms", "launch to first paint, headless")
            )
            rows.append(
                info(
                    f"cold start: app to review screen ({label})",
                    t,
                    "ms",
                    "launch to the review screen's first paint (navigator; notes being read)",
                )
            )
            rows.append(
                info(
                    f"  same, until the evidence is listed ({label})",
                    median(listed),
                    "ms",
                    f"{median(listed) / m:.1f}x minimal; the notes are read in a worker",
                )
            )
            rows.append(
                info(
                    f"  same, until the process has exited ({label})",
                    median(walls),
                    "ms",
                    "wall time including tear-down",
                )
            )
            rows.append(
                at_most(
                    f"cold start ratio app / minimal ({label} notes)",
                    ratio_big,
                    2,
                    "x",
                    f"median of {len(tui)} back-to-back pairs",
                )
            )
            rows.append(
                info(
                    "cold start: app to review screen (sample)",
                    s,
                    "ms",
                    "the sample trust inspection, evidence listed, headless",
                )
            )
            rows.append(
                at_most(
                    "cold start ratio app / minimal (sample review)",
                    ratio_small,
                    2,
                    "x",
                    f"median of {len(small)} back-to-back pairs",
                )
            )
    finally:
        cleanup(ws)
    report("bench_startup", f"Opening a {label}-note review; cold start", rows)


if __name__ == "__main__":
    main()
