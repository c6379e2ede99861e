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
        emit_json(
            [{key: value for key, value in review.items() if key != "folder"} for review in reviews]
        )
        return
    if not reviews:
        out.print(f"No reviews in {obj.workspace.home}. Import one with: cqc-tui import FILE.yaml")
        return
    types = obj.workspace.review_types
    table = Table(title=f"Reviews in {obj.workspace.home}", title_justify="left")
    for column in ("id", "title", "type", "dates", "status", "notes", "last change"):
        table.add_column(column, overflow="fold")
    for review in reviews:
        review_type = types.get(review.get("review_type", ""))
        dates = " to ".join(
            date for date in (review.get("start_date"), review.get("end_date")) if date
        )
        table.add_row(
            review["id"][:8],
            Text(review.get("title", "")),
            review_type.label if review_type else review.get("review_type", ""),
            dates,
            review.get("status", ""),
            str(review.get("notes", 0)),
            (review.get("last_change") or "")[:16].replace("T", " "),
        )
    out.print(table)
