"""`cqc-tui status`: a review's coverage per key question and line, its ratings, readiness and
what the report still lacks, as a table or as JSON (`status_data`)."""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table
from rich.text import Text

from cqc_tui.cli.console import emit_json, out
from cqc_tui.cli.main_group import Ctx
from cqc_tui.core.workspace import ReviewSession


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


@click.command("status")
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
        emit_json(data)
        return
    shown_review = data["review"]
    framework = shown_review["framework"]
    out.print(
        Text(
            f"{shown_review['title']}  ({framework['title']} {framework['version']})", style="bold"
        )
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
    for key_question in data["coverage"]:
        for index, line in enumerate(key_question["lines"]):
            style = "red" if line["notes"] == 0 else ""
            table.add_row(
                key_question["label"] if index == 0 else "",
                line["code"],
                Text(line["title"]),
                str(line["notes"]),
                str(line["concerns"]),
                ", ".join(line["sources"]),
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
            f"Report: {len(gaps)} thing(s) stop a final report (empty or unagreed sections, "
            "unagreed ratings, missing findings)"
            if gaps
            else "Report: every section is written and agreed, and every rating agreed",
            style="bold",
        )
    )
    for gap in gaps:
        out.print(Text(f"  {gap}"))
