"""Command line: a thin shell over the core. Every user error is one line on stderr and exit 1."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cqc_tui import __version__
from cqc_tui.cli.actions import actions_group, new_cmd
from cqc_tui.cli.team import (
    conflicts_cmd,
    member_cmd,
    receive_cmd,
    resolve_cmd,
    share_cmd,
    sync_cmd,
    team_cmd,
)
from cqc_tui.core.errors import CqcError, FileProblems, os_error_line
from cqc_tui.core.workspace import ReviewSession, Workspace, current_user

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class Ctx:
    def __init__(self, home: str | None, user: str | None, as_name: str | None = None):
        self.workspace = Workspace(home)
        self.as_name = as_name
        # Who a session writes as: --as NAME (a member of the review's team), else --user, else
        # None: the member chosen for the review on this device ('cqc-tui member'), else the login name.
        self.session_user = as_name or user
        self.user = self.session_user or current_user()


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    envvar="CQC_TUI_HOME",
    help="Workspace folder (default: your user data folder; or set CQC_TUI_HOME).",
)
@click.option(
    "--as",
    "as_name",
    metavar="NAME",
    help="Work as this member of the review's team (name, initials or id); the default is the "
    "member chosen on this device with 'cqc-tui member REVIEW NAME'.",
)
@click.option(
    "--user",
    envvar="CQC_TUI_USER",
    help="Author name for notes when no team member is chosen (default: login name); prefer --as.",
)
@click.version_option(__version__, prog_name="cqc-tui")
@click.pass_context
def cli(ctx: click.Context, home: str | None, as_name: str | None, user: str | None) -> None:
    """cqc-tui: capture inspection evidence, rate, and export the review report.

    Run without a command to open the app."""
    ctx.obj = Ctx(home, user, as_name)
    if ctx.invoked_subcommand is None:
        ctx.obj.workspace.ensure()
        from cqc_tui.tui.app import run_app  # imported late: the CLI commands never load Textual

        run_app(ctx.obj.workspace, user=ctx.obj.session_user, as_member=ctx.obj.as_name)


@cli.command("open")
@click.argument("review")
@click.pass_obj
def open_cmd(obj: Ctx, review: str) -> None:
    """Open the app straight on one review (id, id prefix or part of its title)."""
    summary = obj.workspace.resolve(
        review
    )  # a wrong name fails here, with one line, before the screen
    from cqc_tui.tui.app import run_app

    run_app(obj.workspace, user=obj.session_user, open_review=summary["id"], as_member=obj.as_name)


# ----------------------------------------------------------------------------- list


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--all", "show_all", is_flag=True, help="Include archived reviews.")
@click.pass_obj
def list_cmd(obj: Ctx, as_json: bool, show_all: bool) -> None:
    """List the reviews in the workspace."""
    reviews = obj.workspace.list_reviews(include_archived=show_all)
    if as_json:
        _emit_json([{k: v for k, v in r.items() if k != "folder"} for r in reviews])
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


# ----------------------------------------------------------------------------- import / dump


@cli.command("import")
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


@cli.command("dump")
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


# ----------------------------------------------------------------------------- status


def status_data(session: ReviewSession) -> dict:
    """What `status --json` prints for a review: the review, note counts per key question, line
    and scope unit, every rating recorded, then the ratings engine's levels and readiness."""
    framework = session.framework
    coverage = session.coverage()
    units = session.scope_units()
    review = session.review
    key_questions = []
    for key_question in framework.key_questions:
        lines: list[dict[str, Any]] = []
        for line in key_question.lines:
            total = coverage.get((line.code, "*"))
            per_unit = {}
            for unit in units:
                at_unit = coverage.get((line.code, unit.id))
                per_unit[unit.label] = at_unit.notes if at_unit else 0
            lines.append(
                {
                    "code": line.code,
                    "title": line.title,
                    "notes": total.notes if total else 0,
                    "sources": sorted(total.sources) if total else [],
                    "concerns": total.concerns if total else 0,
                    "by_scope_unit": per_unit,
                }
            )
        key_questions.append(
            {
                "code": key_question.code,
                "label": key_question.label,
                "level": key_question.level,
                "notes": sum(line["notes"] for line in lines),
                "lines": lines,
            }
        )
    data: dict[str, Any] = {
        "review": {
            "id": review.id,
            "title": review.title,
            "review_type": review.review_type,
            "framework": {
                "id": framework.id,
                "version": review.framework_version,
                "title": framework.title,
            },
            "provider": review.provider,
            "start_date": review.start_date,
            "end_date": review.end_date,
            "status": review.status,
        },
        "notes": len(session.notes()),
        "store_notices": list(session.store.report.notices),
        "scope_units": [{"id": unit.id, "code": unit.code, "label": unit.label} for unit in units],
        "coverage": key_questions,
        "ratings": [
            {
                "scope_unit": rating.scope_unit,
                "key_question": rating.key_question,
                "rating": rating.rating,
                "source": rating.source,
                "rated_on": rating.rated_on,
                "notes": len(rating.note_ids),
            }
            for rating in session.ratings(sources=None, location=None)
        ],
    }
    data.update(_engine_data(session))
    return data


def _engine_data(session: ReviewSession) -> dict:
    """Proposed/agreed ratings and readiness findings from the ratings engine."""
    # Imported here, as the other commands do not need them: start-up stays quick.
    from cqc_tui.core import ratings as ratings_engine
    from cqc_tui.core import readiness

    return {
        "ratings_by_level": ratings_engine.evaluate(session).to_json(),
        "readiness": readiness.to_json(readiness.check(session)),
    }


@cli.command("status")
@click.argument("review")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def status_cmd(obj: Ctx, review: str, as_json: bool) -> None:
    """Coverage per key question and KLOE, ratings and readiness for one review."""
    session = obj.workspace.open(review, readonly=True)
    try:
        data = status_data(session)
        from cqc_tui.report.final_gate import final_problems

        data["report_gaps"] = final_problems(session, with_readiness=False)
    finally:
        session.close()
    if as_json:
        _emit_json(data)
        return
    r = data["review"]
    out.print(
        Text(f"{r['title']}  ({r['framework']['title']} {r['framework']['version']})", style="bold")
    )
    out.print(f"{data['notes']} notes, {len(data['scope_units'])} scope units")
    for notice in data.get("store_notices", []):
        out.print(Text(f"storage: {notice}", style="yellow"))
    table = Table(show_lines=False)
    table.add_column("key question")
    table.add_column("code")
    table.add_column("line", overflow="fold")
    table.add_column("notes", justify="right")
    table.add_column("concerns", justify="right")
    table.add_column("sources", overflow="fold")
    for kq in data["coverage"]:
        for i, ln in enumerate(kq["lines"]):
            style = "red" if ln["notes"] == 0 else ""
            table.add_row(
                kq["label"] if i == 0 else "",
                ln["code"],
                Text(ln["title"]),
                str(ln["notes"]),
                str(ln["concerns"]),
                ", ".join(ln["sources"]),
                style=style,
            )
    out.print(table)
    readiness = data.get("readiness") or {}
    findings = readiness.get("findings", [])
    if findings:
        out.print(
            Text(
                f"Readiness: {readiness.get('errors', 0)} error(s), {readiness.get('warnings', 0)} "
                f"warning(s)",
                style="bold",
            )
        )
    for finding in findings[:40]:
        out.print(Text(f"  {finding.get('severity', '')}: {finding.get('message', '')}"))
    if len(findings) > 40:
        out.print(f"  ... and {len(findings) - 40} more (use --json for all)")
    gaps = data["report_gaps"]
    out.print(
        Text(
            f"Report: {len(gaps)} empty section(s) or unagreed rating(s)"
            if gaps
            else "Report: every section is written and every rating agreed",
            style="bold",
        )
    )
    for gap in gaps:
        out.print(Text(f"  {gap}"))


# ----------------------------------------------------------------------------- export


def _plain_text(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse an option or argument holding a control character (a tab, a newline, an escape ...):
    it would reach the document or a file name unseen."""
    if value is None:
        return value
    for position, character in enumerate(value, start=1):
        if unicodedata.category(character) in ("Cc", "Cs"):
            raise click.BadParameter(
                f"it holds a control character (U+{ord(character):04X} at character "
                f"{position}); type it as plain text",
                ctx=ctx,
                param=param,
            )
    return value


REDACT_HELP = (
    "Replace with [redacted]: names of team members and note authors (whole or in part), names after "
    "a title (Mr Smith, Dr A. Khan), addresses with a house number, NHS numbers, dates of birth, phone "
    "numbers, email addresses and postcodes; authors and the team by initials. Other names are not "
    "found: read the report before it leaves the team."
)


@cli.command("export")
@click.argument("review", callback=_plain_text)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    callback=_plain_text,
    help="Word file to write (.docx).",
)
@click.option("--no-evidence-appendix", is_flag=True, help="Leave out the evidence log appendix.")
@click.option("--redact", is_flag=True, help=REDACT_HELP)
@click.option(
    "--allow-personal-data",
    is_flag=True,
    help="Export even though notes hold NHS numbers or dates of birth (without --redact the export "
    "stops and lists them).",
)
@click.option(
    "--draft",
    is_flag=True,
    help="A draft: unagreed ratings and unwritten sections marked DRAFT (the "
    "default until the review's status is final).",
)
@click.option(
    "--final",
    "final",
    is_flag=True,
    help="A final report: refused, one reason a line, while anything it "
    "would print is unagreed or unwritten (the default once the review is final).",
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False),
    callback=_plain_text,
    help="Your own base .docx with the house styles.",
)
@click.option(
    "--marking",
    callback=_plain_text,
    help="Protective marking (default: the review's, e.g. OFFICIAL-SENSITIVE).",
)
@click.pass_obj
def export_cmd(
    obj: Ctx,
    review: str,
    output: str,
    no_evidence_appendix: bool,
    redact: bool,
    allow_personal_data: bool,
    draft: bool,
    final: bool,
    template: str | None,
    marking: str | None,
) -> None:
    """Write the review report as a Word document (docs/report.md).

    Stops (exit 1) when the report would print an NHS number or a date of birth, unless --redact
    or --allow-personal-data is given; a final report stops (exit 1, one reason a line) while
    anything it would print is unagreed or unwritten."""
    from cqc_tui.report import ExportOptions, check_output_path, export_review, readiness_summary
    from cqc_tui.report.gate import personal_data_to_confirm

    if draft and final:
        raise click.UsageError("--draft and --final ask for different reports; give one")
    options = ExportOptions(
        evidence_appendix=not no_evidence_appendix,
        redact=redact,
        draft=draft,
        final=final,
        template=Path(template) if template else None,
        marking=marking,
    )
    session = obj.workspace.open(review, readonly=True)
    try:
        check_output_path(
            Path(output).expanduser()
        )  # a path that cannot be written is named before anything else
        lines = readiness_summary(session)
        out.print(Text(f"Readiness of '{session.review.title}':", style="bold"))
        for line in lines or ["nothing missing"]:
            out.print(Text(f"  {line}"))
        if not redact and not allow_personal_data:
            found = personal_data_to_confirm(session)
            if found:
                for kind in found:
                    err.print(Text(f"error: personal data: {kind.line()}"))
                err.print(
                    Text(
                        "hint: export with --redact to remove it, or with --allow-personal-data to print it as "
                        f"it is; 'cqc-tui status {review}' shows where each is. Nothing was written."
                    )
                )
                raise click.exceptions.Exit(1)
        big = len(session.store.tables["notes"]) > 2000
        last = [-1]

        def progress(fraction: float, message: str) -> None:
            step = int(fraction * 10)
            if big and step != last[0]:
                last[0] = step
                err.print(Text(f"{int(fraction * 100):3d}% {message}"))

        path = export_review(session, Path(output), options, progress=progress)
    finally:
        session.close()
    out.print(Text(f"wrote {path}"))


# ----------------------------------------------------------------------------- frameworks


@cli.group("frameworks")
def frameworks_group() -> None:
    """List and check inspection frameworks."""


@frameworks_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def frameworks_list(obj: Ctx, as_json: bool) -> None:
    """List installed frameworks, and any that are unusable with the reason."""
    fs = obj.workspace.frameworks
    if as_json:
        _emit_json(
            {
                "frameworks": [
                    {
                        "id": f.id,
                        "version": f.version,
                        "title": f.title,
                        "kind": f.kind,
                        "rated": f.rated,
                        "review_types": list(f.review_types),
                        "lines": len(f.lines()),
                        "path": f.path,
                    }
                    for f in fs.all()
                ],
                "unusable": [{"path": u.path, "reason": u.reason} for u in fs.unusable],
            }
        )
        return
    table = Table(title="Frameworks", title_justify="left")
    for col in ("id", "version", "title", "lines", "rated", "review types"):
        table.add_column(col, overflow="fold")
    for f in fs.all():
        table.add_row(
            f.id,
            f.version,
            Text(f.title),
            str(len(f.lines())),
            "yes" if f.rated else "no",
            ", ".join(f.review_types),
        )
    out.print(table)
    for u in fs.unusable:
        out.print(Text(f"unusable: {u.reason}", style="red"))


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
    for f in files:
        try:
            fw = parse_framework(f)
        except FileProblems as exc:
            for problem in exc.problems:
                err.print(Text(str(problem)))
            problems += len(exc.problems)
            continue
        out.print(Text(f"ok: {f} ({fw.id} {fw.version}, {len(fw.lines())} lines)"))
    if problems:
        raise click.exceptions.Exit(1)


# ----------------------------------------------------------------------------- generate


@cli.command("generate")
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


# ----------------------------------------------------------------------------- recover


@cli.command("recover")
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


# ----------------------------------------------------------------------------- entry point


# ----------------------------------------------------------------------------- action plans

cli.add_command(actions_group)
cli.add_command(new_cmd)
for _team_command in (
    member_cmd,
    share_cmd,
    receive_cmd,
    sync_cmd,
    conflicts_cmd,
    resolve_cmd,
    team_cmd,
):
    cli.add_command(_team_command)


def _refuse_control_characters(command: click.Command) -> None:
    """Every text argument and option of every command refuses control characters (an escape
    sequence, a newline, a bell...): they would reach a title, a file name or a document unseen.
    Parameters that already check their value keep their own check, run after this one."""
    for param in command.params:
        if param.type not in (click.STRING,) and not isinstance(param.type, click.Path):
            continue
        if getattr(param, "is_flag", False) or param.callback is _plain_text:
            continue
        own = param.callback

        def check(ctx: click.Context, par: click.Parameter, value: Any, own: Any = own) -> Any:
            values = value if isinstance(value, (tuple, list)) else (value,)
            for item in values:
                if isinstance(item, str):
                    _plain_text(ctx, par, item)
            return own(ctx, par, value) if own is not None else value

        param.callback = check
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _refuse_control_characters(sub)


_refuse_control_characters(cli)


def _write_crash_log(exc: BaseException) -> str:
    import tempfile
    import time
    import traceback

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    folder = Path(tempfile.gettempdir()) / "cqc-tui-logs"
    try:
        folder.mkdir(exist_ok=True)
        path = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}.txt"
        path.write_text(f"cqc-tui {__version__}\n{' '.join(sys.argv)}\n\n{text}", encoding="utf-8")
        return str(path)
    except OSError:
        return "(could not write a log file)"


def main(argv: list[str] | None = None) -> None:
    try:
        rv = cli.main(args=argv, prog_name="cqc-tui", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(1)
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        err.print(Text(f"error: {exc.format_message()}{hint}"))
        sys.exit(1)
    except click.ClickException as exc:
        err.print(Text(f"error: {exc.format_message()}"))
        sys.exit(1)
    except CqcError as exc:
        err.print(Text(f"error: {exc}"))
        sys.exit(1)
    except OSError as exc:
        # A failure of the disk or of permissions that no command caught nearer to its cause:
        # still one line naming the file and what to do, never a traceback.
        err.print(Text(f"error: {os_error_line(exc)}"))
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort: one line for the user, details in a file
        log = _write_crash_log(exc)
        err.print(
            Text(
                f"error: unexpected problem ({type(exc).__name__}: {exc}); your data was not changed by "
                f"this failure. Details: {log}. Please report it."
            )
        )
        sys.exit(1)
    if isinstance(rv, int) and rv:
        sys.exit(rv)
