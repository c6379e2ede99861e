"""`cqc-tui recover`: rebuild a damaged review from its last good state."""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from cqc_tui.cli.console import out
from cqc_tui.cli.main_group import Ctx


@click.command("recover")
@click.argument("review")
@click.pass_obj
def recover_cmd(obj: Ctx, review: str) -> None:
    """Rebuild a damaged review from its last good state (damaged files are kept aside)."""
    from cqc_tui.core.paths import review_id_problem
    from cqc_tui.core.recovery import recover

    ws = obj.workspace
    is_id = review_id_problem(review) is None
    folder = (
        ws.folder(review)
        if is_id and ws.folder(review).is_dir()
        else Path(ws.resolve(review)["folder"])
    )
    for line in recover(folder):
        out.print(Text(line))
