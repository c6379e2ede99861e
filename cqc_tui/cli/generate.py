"""`cqc-tui generate`: a large, realistic review for trying the app at scale and for benchmarks."""

from __future__ import annotations

import click

from cqc_tui.cli.console import out
from cqc_tui.cli.main_group import Ctx


@click.command("generate")
@click.option(
    "--notes",
    default=20000,
    show_default=True,
    type=click.IntRange(1, 200000),
    help="How many evidence notes.",
)
@click.option("--seed", default=1, show_default=True, type=int, help="Same seed, same review.")
@click.option(
    "--framework",
    "framework_id",
    default="kloe-healthcare",
    show_default=True,
    help="Framework id ('cqc-tui frameworks list').",
)
@click.option("--title", default=None, help="Review title (default names the size and seed).")
@click.pass_obj
def generate_cmd(obj: Ctx, notes: int, seed: int, framework_id: str, title: str | None) -> None:
    """Create a large, realistic review for trying the app at scale and for benchmarks."""
    from cqc_tui.core.generate import generate_review

    obj.workspace.ensure()
    review_id = generate_review(
        obj.workspace, notes=notes, seed=seed, framework_id=framework_id, title=title
    )
    out.print(f"generated review {review_id[:8]} with {notes} notes in {obj.workspace.home}")
