"""Where the command line writes: `out` (stdout) and `err` (stderr) consoles that print user text
as it is (no highlighting, no markup in Text), and JSON for scripts."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def emit_json(data: Any) -> None:
    """Print `data` as indented JSON on stdout, non-ASCII characters kept as they are."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
