"""Shared helpers for benchmarks/bench_*.py: generated reviews, timing statistics, result tables.

Each bench script prints its own table. When run by benchmarks/run.py, `report()` also appends
its rows as JSON lines to the file named by $CQC_BENCH_RESULTS, so run.py can print one summary
of every figure beside its target.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass
class Row:
    name: str
    value: float
    unit: str
    target: str = ""  # e.g. "<= 1 ms"; empty: information only
    ok: bool | None = None  # None: no target
    note: str = ""


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def at_most(name: str, value: float, limit: float, unit: str, note: str = "") -> Row:
    return Row(name, value, unit, f"<= {limit:g} {unit}", value <= limit, note)


def at_least(name: str, value: float, limit: float, unit: str, note: str = "") -> Row:
    return Row(name, value, unit, f">= {limit:g} {unit}", value >= limit, note)


def info(name: str, value: float, unit: str, note: str = "") -> Row:
    return Row(name, value, unit, "", None, note)


def fmt_value(value: float, unit: str) -> str:
    if value != value:  # NaN
        return "n/a"
    if unit in ("x",):
        return f"{value:.1f}x"
    if abs(value) >= 100:
        return f"{value:.0f} {unit}"
    if abs(value) >= 10:
        return f"{value:.1f} {unit}"
    return f"{value:.3g} {unit}"


def table(title: str, rows: list[Row]) -> str:
    head = ("figure", "measured", "target", "", "note")
    body = [
        (
            r.name,
            fmt_value(r.value, r.unit),
            r.target or "-",
            "" if r.ok is None else ("ok" if r.ok else "MISSED"),
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(str(x[i])) for x in [head, *body]) for i in range(5)]

    def line(cells: Sequence[object]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [title, "-" * len(title), line(head), line(["-" * w for w in widths])]
    out += [line(b) for b in body]
    return "\n".join(out)


def report(bench: str, title: str, rows: list[Row]) -> None:
    print(table(title, rows))
    print()
    dest = os.environ.get("CQC_BENCH_RESULTS")
    if dest:
        with open(dest, "a", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({"bench": bench, **asdict(r)}) + "\n")


# ----------------------------------------------------------------------------- reviews


def bench_dir() -> Path:
    """Where generated workspaces go: $CQC_BENCH_DIR (to measure a particular disk) or the temp folder."""
    base = os.environ.get("CQC_BENCH_DIR")
    if base:
        Path(base).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="cqc-bench-", dir=base or None))


def generated_review(notes: int, seed: int = 1, home: Path | None = None):
    """(workspace, review id) of a freshly generated review with `notes` notes."""
    from cqc_tui.core.generate import generate_review
    from cqc_tui.core.workspace import Workspace

    ws = Workspace(home or bench_dir())
    rid = generate_review(ws, notes=notes, seed=seed)
    return ws, rid


def cleanup(ws) -> None:
    shutil.rmtree(ws.home, ignore_errors=True)


def run_python(code: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=str(ROOT),
    )


# ----------------------------------------------------------------------------- machine


def machine_info(where: Path | None = None) -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        text = Path("/proc/cpuinfo").read_text()
        m = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
        if m:
            cpu = m.group(1).strip()
    except OSError:
        pass
    mem = ""
    try:
        m = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        if m:
            mem = f"{int(m.group(1)) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    where = where or Path(os.environ.get("CQC_BENCH_DIR") or tempfile.gettempdir())
    disk = _disk(where)
    versions = []
    for mod in ("textual", "tinydb", "yaml"):
        try:
            m = __import__(mod)
            versions.append(f"{mod} {getattr(m, '__version__', '?')}")
        except ImportError:
            pass
    return {
        "CPU": cpu,
        "cores": f"{os.cpu_count()} logical"
        + (f" ({len(os.sched_getaffinity(0))} usable)" if hasattr(os, "sched_getaffinity") else ""),
        "memory": mem,
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": platform.platform(),
        "disk": disk,
        "libraries": ", ".join(versions),
    }


def _disk(path: Path) -> str:
    try:
        out = subprocess.run(
            ["df", "-PT", str(path)], capture_output=True, text=True, timeout=10
        ).stdout
        fields = out.strip().splitlines()[-1].split()
        dev, fstype, mount = fields[0], fields[1], fields[-1]
    except (OSError, IndexError, subprocess.SubprocessError):
        return f"{path} (filesystem unknown)"
    kind = ""
    name = Path(dev).name
    base = (
        re.sub(r"p?\d+$", "", name) if not name.startswith("nvme") else re.sub(r"p\d+$", "", name)
    )
    for cand in (name, base):
        rot = Path(f"/sys/block/{cand}/queue/rotational")
        if rot.exists():
            kind = (
                "reports rotational=1 (virtual disks often do)"
                if rot.read_text().strip() == "1"
                else "reports non-rotational (SSD)"
            )
            break
    return f"{path} on {dev} ({fstype}{', ' + kind if kind else ''}, mounted at {mount})"
