"""Benchmark the Word export on a large review.

    .venv/bin/python benchmarks/bench_export.py [--notes 20000] [--keep DIR]

1. Generates a review with N evidence notes (default 20,000) through the session/store API
   (tests.synthetic_review.make_review: notes saved with ReviewStore.save_many), then closes it.
2. In a fresh child process: opens the review read-only and times export_review (whole report:
   every section, the evidence log appendix, the save), with the progress callback counted.
   Peak memory is that process's ru_maxrss (open + export).
3. In other fresh child processes: builds the same evidence log (same rows, same base document)
   with python-docx's per-cell API and saves it: the baseline. Two variants: rows made up front
   and cell.text per cell (the fair one, used for the ratio), and the naive add_row + row.cells
   (quadratic; skip it with --skip-naive).
4. Prints the figures beside the targets: export <= 5 s, >= 3x faster than the baseline,
   peak RSS <= 500 MB. Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TARGET_SECONDS = 5.0
TARGET_RATIO = 3.0
TARGET_MB = 500.0


def _peak_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (
        rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024
    )  # bytes on macOS, KiB on Linux


def generate(home: Path, notes: int) -> str:
    from cqc_tui.core.workspace import Workspace
    from tests.synthetic_review import make_review

    ws = Workspace(home)
    t = time.perf_counter()
    session = make_review(ws, notes=notes, seed=7)
    review_id = session.review.id
    session.close()
    print(
        f"generated a review with {notes:,} notes in {time.perf_counter() - t:.1f} s",
        file=sys.stderr,
    )
    return review_id


def child_export(home: str, review_id: str, out: str) -> dict:
    from cqc_tui.core.workspace import Workspace
    from cqc_tui.report import ExportOptions, export_review

    t0 = time.perf_counter()
    session = Workspace(home).open_id(review_id, readonly=True)
    opened = time.perf_counter() - t0
    calls = []
    t = time.perf_counter()
    export_review(session, Path(out), ExportOptions(), progress=lambda f, m: calls.append(f))
    seconds = time.perf_counter() - t
    session.close()
    return {
        "open_s": opened,
        "export_s": seconds,
        "progress_calls": len(calls),
        "peak_mb": _peak_mb(),
        "bytes": Path(out).stat().st_size,
    }


def child_baseline(home: str, review_id: str, out: str, variant: str = "fast") -> dict:
    """The same evidence log, built with python-docx's per-cell API.

    variant "naive": table.add_row() and row.cells for each note, the way the python-docx docs show
    it (row.cells re-reads the whole table, so it grows quadratically).
    variant "fast": every row created up front, table._cells read once, then cell.text per cell:
    the quickest use of the per-cell API we know, and the baseline the ratio is taken against."""
    import docx
    from docx.enum.section import WD_ORIENT, WD_SECTION

    from cqc_tui.core.workspace import Workspace
    from cqc_tui.report.options import ExportOptions
    from cqc_tui.report.output import template_path
    from cqc_tui.report.sections.evidence_log import evidence_header, evidence_rows
    from cqc_tui.report.writer import ReportWriter

    session = Workspace(home).open_id(review_id, readonly=True)
    doc = docx.Document(str(template_path(ExportOptions())))
    builder = ReportWriter(session, doc, ExportOptions(), None)
    notes = sorted(builder.notes, key=lambda n: (n.created, n.id))
    rows = list(
        evidence_rows(builder, notes)
    )  # computed outside the timing, as are the export's inputs
    t = time.perf_counter()
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    header = evidence_header(builder)
    if variant == "naive":
        table = doc.add_table(rows=1, cols=len(header))
        table.style = doc.styles["Table Grid"]
        for cell, name in zip(table.rows[0].cells, header, strict=True):
            cell.text = name
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
    else:
        table = doc.add_table(rows=len(rows) + 1, cols=len(header))
        table.style = doc.styles["Table Grid"]
        cells = table._cells
        width = len(header)
        for j, name in enumerate(header):
            cells[j].text = name
        for i, values in enumerate(rows, start=1):
            base = i * width
            for j, value in enumerate(values):
                cells[base + j].text = value
    doc.save(out)
    seconds = time.perf_counter() - t
    session.close()
    return {"baseline_s": seconds, "peak_mb": _peak_mb(), "rows": len(rows)}


def run_child(kind: str, home: Path, review_id: str, out: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(home), review_id, str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"{kind} child failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--notes", type=int, default=20000)
    ap.add_argument("--keep", help="keep the workspace and the .docx files in this folder")
    ap.add_argument(
        "--skip-naive",
        action="store_true",
        help="skip the naive add_row baseline (quadratic: about a minute at 20,000 notes)",
    )
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, home, review_id, out = args.child
        if kind == "export":
            result = child_export(home, review_id, out)
        else:
            result = child_baseline(home, review_id, out, variant=kind.split("-")[1])
        print(json.dumps(result))
        return 0

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cqc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        review_id = generate(work / "home", args.notes)
        exp = run_child("export", work / "home", review_id, work / "report.docx")
        base = run_child("baseline-fast", work / "home", review_id, work / "baseline.docx")
        naive = (
            None
            if args.skip_naive
            else run_child("baseline-naive", work / "home", review_id, work / "baseline-naive.docx")
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    ratio = base["baseline_s"] / exp["export_s"]
    ok_time = exp["export_s"] <= TARGET_SECONDS
    ok_ratio = ratio >= TARGET_RATIO
    ok_mem = exp["peak_mb"] <= TARGET_MB

    def mark(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"notes in the review:                 {args.notes:,}")
    print(f"open the review (read-only):         {exp['open_s']:.2f} s")
    print(
        f"export (whole report, saved):        {exp['export_s']:.2f} s   target <= {TARGET_SECONDS:.0f} s   "
        f"{mark(ok_time)}"
    )
    print(
        f"baseline, per-cell API (cell.text):  {base['baseline_s']:.2f} s   ({base['rows']:,} rows, saved; "
        "rows made up front)"
    )
    if naive is not None:
        print(
            f"baseline, naive add_row + row.cells: {naive['baseline_s']:.2f} s   "
            f"({naive['baseline_s'] / exp['export_s']:.0f}x the export)"
        )
    print(
        f"speed-up over the per-cell baseline: {ratio:.1f}x     target >= {TARGET_RATIO:.0f}x     {mark(ok_ratio)}"
    )
    print(
        f"peak RSS, open + export:             {exp['peak_mb']:.0f} MB   target <= {TARGET_MB:.0f} MB  "
        f"{mark(ok_mem)}"
    )
    print(f"peak RSS, baseline:                  {base['peak_mb']:.0f} MB")
    print(f"progress callbacks during export:    {exp['progress_calls']}")
    print(f"report size:                         {exp['bytes'] / 1e6:.1f} MB")
    return 0 if (ok_time and ok_ratio and ok_mem) else 1


if __name__ == "__main__":
    sys.exit(main())
