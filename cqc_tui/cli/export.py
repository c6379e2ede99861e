"""`cqc-tui export`: the review report as a Word document, after its readiness and a check for
personal data; a final report refused while anything it would print is unagreed or unwritten."""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from cqc_tui.cli.console import err, out
from cqc_tui.cli.main_group import Ctx
from cqc_tui.cli.plain_text import plain_text

REDACT_HELP = (
    "Replace with [redacted]: names of team members and note authors (whole or in part), names after "
    "a title (Mr Smith, Dr A. Khan), addresses with a house number, NHS numbers, dates of birth, phone "
    "numbers, email addresses and postcodes; authors and the team by initials. Other names are not "
    "found: read the report before it leaves the team."
)


@click.command("export")
@click.argument("review", callback=plain_text)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    callback=plain_text,
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
    callback=plain_text,
    help="Your own base .docx with the house styles.",
)
@click.option(
    "--marking",
    callback=plain_text,
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
