"""`cqc-tui list`: the reviews in the workspace, as a table or as JSON."""

from __future__ import annotations

import click
from rich import box
from rich.table import Table
from rich.text import Text

from cqc_tui.cli.console import emit_json, out
from cqc_tui.cli.main_group import Ctx
from cqc_tui.report.dates import short_date, short_range


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
    # The review's title with its type under it takes what the other columns leave: they hold
    # short values that stay on one line, so the table reads at 80 columns.
    table = Table(
        title=f"Reviews in {obj.workspace.home}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        expand=True,
    )
    table.add_column("id", no_wrap=True)
    table.add_column("review", overflow="fold", ratio=1)
    table.add_column("dates", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("notes", justify="right", no_wrap=True)
    table.add_column("changed", no_wrap=True)
    with_time = out.width >= 100  # the time of the last change where there is room for it
    for review in reviews:
        review_type = types.get(review.get("review_type", ""))
        kind = review_type.label if review_type else review.get("review_type", "")
        title = Text(review.get("title", ""))
        if kind:
            title.append(f"\n{kind}", style="dim")
        last_change = review.get("last_change") or ""
        table.add_row(
            review["id"][:8],
            title,
            short_range(review.get("start_date") or "", review.get("end_date") or ""),
            review.get("status", ""),
            str(review.get("notes", 0)),
            f"{short_date(last_change)} {last_change[11:16] if with_time else ''}".strip(),
        )
    out.print(table)
