"""`cqc-tui import` (whole reviews from YAML files, or the bundled samples; --replace shows what
would change and asks first) and `cqc-tui dump` (a whole review to a YAML file)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.text import Text

from cqc_tui.cli.console import err, out
from cqc_tui.cli.main_group import Ctx
from cqc_tui.core.errors import CqcError


@click.command("import")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--samples", is_flag=True, help="Import the sample reviews bundled with cqc-tui.")
@click.option(
    "--replace",
    is_flag=True,
    help="Replace a review with the same id (the old copy goes to trash/); "
    "shows what would change and asks first.",
)
@click.option(
    "--skip-existing", is_flag=True, help="Leave reviews that are already in the workspace alone."
)
@click.option(
    "--yes", "-y", "assume_yes", is_flag=True, help="With --replace: replace without asking."
)
@click.pass_obj
def import_cmd(
    obj: Ctx,
    files: tuple[str, ...],
    samples: bool,
    replace: bool,
    skip_existing: bool,
    assume_yes: bool,
) -> None:
    """Import whole reviews from YAML files (or the bundled samples with --samples)."""
    from cqc_tui.core.exchange import import_review, parse_review_file, replace_summary
    from cqc_tui.core.paths import sample_reviews_dir

    files = tuple(files)
    if samples:
        files += tuple(str(p) for p in sorted(sample_reviews_dir().glob("*.yaml")))
    if not files:
        raise click.UsageError("name one or more review files, or use --samples")
    ws = obj.workspace
    ws.settle()
    for line in ws.settled:
        err.print(Text(f"workspace: {line}", style="yellow"))
    for f in files:
        parsed = parse_review_file(f, ws.frameworks)
        if replace and not assume_yes and not skip_existing:
            summary = replace_summary(ws, parsed)
            if summary is not None and not _confirm_replace(f, summary):
                out.print(Text(f"kept: review '{summary.title}' was not replaced"))
                continue
        status, review_id = import_review(
            ws, f, replace=replace, skip_existing=skip_existing, parsed=parsed
        )
        out.print(f"{status}: {f} -> review {review_id[:8]}")


def _stdin_is_interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _confirm_replace(path: str, summary: Any) -> bool:
    """Show what replacing a review would change and ask; without a terminal to ask on, refuse
    with one line (the caller must say --yes)."""
    changes = summary.lines()
    if not _stdin_is_interactive():
        raise CqcError(
            f"{path} would replace review '{summary.title}' ({'; '.join(changes) or 'no records'}); "
            "add --yes to replace it without asking"
        )
    out.print(
        Text(
            f"{path} would replace review '{summary.title}' (the old copy goes to the trash folder):"
        )
    )
    for line in changes:
        out.print(Text(f"  {line}"))
    if summary.loses_records:
        out.print(
            Text(
                "  the file holds fewer records than the review: those would no longer be in it",
                style="yellow",
            )
        )
    return click.confirm("Replace it?", default=False)


@click.command("dump")
@click.argument("review")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="YAML file to write."
)
@click.pass_obj
def dump_cmd(obj: Ctx, review: str, output: str) -> None:
    """Write a whole review to a YAML file (the exchange format, docs/exchange-format.md)."""
    from cqc_tui.core.exchange import write_dump

    session = obj.workspace.open(review, readonly=True)
    try:
        write_dump(session.store.tables, Path(output), session.store.folder)
    finally:
        session.close()
    out.print(f"wrote {output}")
