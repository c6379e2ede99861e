"""`cqc-tui list`: the reviews in the workspace, as a table or as JSON."""

from __future__ import annotations

import click
from rich.table import Table
from rich.text import Text

from cqc_tui.cli.console import emit_json, out
from cqc_tui.cli.main_group import Ctx


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--all", "show_all", is_flag=True, help="Include archived reviews.")
@click.pass_obj
def list_cmd(obj: Ctx, as_json: bool, show_all: bool) -> None:
    """List the reviews in the workspace."""
    reviews = obj.workspace.list_reviews(include_archived=show_all)
    if as_json:
        emit_json([{k: v for k, v in r.items() if k != "folder"} for r in reviews])
        return
    if not reviews:
        out.print(f"No reviews in {obj.workspace.home}. Import one with: cqc-tui import FILE.yaml")
        return
    types = obj.workspace.review_types
    table = Table(title=f"Reviews in {obj.workspace.home}", title_justify="left")
    for col in ("id", "title", "type", "dates", "status", "notes", "last change"):
        table.add_column(col, overflow="fold")
    for r in reviews:
        rt = types.get(r.get("review_type", ""))
        dates = " to ".join(d for d in (r.get("start_date"), r.get("end_date")) if d)
        table.add_row(
            r["id"][:8],
            Text(r.get("title", "")),
            rt.label if rt else r.get("review_type", ""),
            dates,
            r.get("status", ""),
            str(r.get("notes", 0)),
            (r.get("last_change") or "")[:16].replace("T", " "),
        )
    out.print(table)
