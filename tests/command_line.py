"""Run the command line in the test's own process, as a user would type it; and the CLAS sample
(an action plan of 172 actions in three reporting rounds) imported that way."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from cqc_tui.cli import main

REPO = Path(__file__).resolve().parent.parent
CLAS = REPO / "sample_reviews" / "leicester-clas-review-2016.yaml"
CLAS_USER = "kdrummond"  # who runs the action plan commands on the CLAS sample


def run_command_line(home: Path, *args: str, ok: bool = True) -> str:
    """`cqc-tui --home HOME ARGS...`: what it printed, stdout and stderr together. Fails the test
    on a traceback or an "unexpected problem", and when the exit code is not what `ok` expects
    (0 when ok, anything else when not)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            main(["--home", str(home), *args])
        except SystemExit as exc:
            code = exc.code or 0
    text = stdout.getvalue() + stderr.getvalue()
    assert "Traceback" not in text and "unexpected problem" not in text, text
    assert (code == 0) == ok, text
    return text


def import_clas(home: Path) -> Path:
    """Import the CLAS sample into the workspace `home` through the command line; returns `home`."""
    run_command_line(home, "--user", CLAS_USER, "import", str(CLAS))
    return home
