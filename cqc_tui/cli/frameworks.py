"""`cqc-tui frameworks list` and `cqc-tui frameworks check`: the installed inspection frameworks,
and validation of framework files with one line per problem."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from cqc_tui.cli.console import emit_json, err, out
from cqc_tui.cli.main_group import Ctx
from cqc_tui.core.errors import CqcError, FileProblems


@click.group("frameworks")
def frameworks_group() -> None:
    """List and check inspection frameworks."""


@frameworks_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def frameworks_list(obj: Ctx, as_json: bool) -> None:
    """List installed frameworks, and any that are unusable with the reason."""
    installed = obj.workspace.frameworks
    if as_json:
        emit_json(
            {
                "frameworks": [
                    {
                        "id": framework.id,
                        "version": framework.version,
                        "title": framework.title,
                        "kind": framework.kind,
                        "rated": framework.rated,
                        "review_types": list(framework.review_types),
                        "lines": len(framework.lines()),
                        "path": framework.path,
                    }
                    for framework in installed.all()
                ],
                "unusable": [
                    {"path": unusable.path, "reason": unusable.reason}
                    for unusable in installed.unusable
                ],
            }
        )
        return
    table = Table(title="Frameworks", title_justify="left")
    for column in ("id", "version", "title", "lines", "rated", "review types"):
        table.add_column(column, overflow="fold")
    for framework in installed.all():
        table.add_row(
            framework.id,
            framework.version,
            Text(framework.title),
            str(len(framework.lines())),
            "yes" if framework.rated else "no",
            ", ".join(framework.review_types),
        )
    out.print(table)
    for unusable in installed.unusable:
        out.print(Text(f"unusable: {unusable.reason}", style="red"))


@frameworks_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.pass_obj
def frameworks_check(obj: Ctx, paths: tuple[str, ...]) -> None:
    """Validate framework files (default: every installed one). Exit 1 if any has problems."""
    from cqc_tui.core.framework import framework_files, parse_framework
    from cqc_tui.core.paths import frameworks_dir

    targets = [Path(p) for p in paths] or [frameworks_dir(), obj.workspace.home / "frameworks"]
    for p in paths:
        if not Path(p).exists():
            raise CqcError(f"{p}: no such file or folder")
    files = framework_files(targets)
    if not files:
        raise CqcError("no framework files found (*.yaml)")
    problems = 0
    if not paths:  # checking the installation: review types are data too
        types = obj.workspace.review_types
        for problem in types.unusable:
            err.print(Text(str(problem)))
        problems += len(types.unusable)
        out.print(f"ok: {len(types.types)} review types ({', '.join(sorted(types.types))})")
    for file in files:
        try:
            framework = parse_framework(file)
        except FileProblems as exc:
            for problem in exc.problems:
                err.print(Text(str(problem)))
            problems += len(exc.problems)
            continue
        out.print(
            Text(f"ok: {file} ({framework.id} {framework.version}, {len(framework.lines())} lines)")
        )
    if problems:
        raise click.exceptions.Exit(1)
