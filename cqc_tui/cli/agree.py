"""`cqc-tui agree`: mark report sections and findings agreed by the team as they stand (the report
outline's `a` and the findings screen's `A`), or take them back to draft. A final report prints
only what the team agreed (report.final_gate)."""

from __future__ import annotations

from typing import Any

import click
from rich.text import Text

from cqc_tui.cli.console import out
from cqc_tui.cli.team import open_review
from cqc_tui.core.errors import ValidationError
from cqc_tui.core.finding_agreement import finding_place, set_findings_agreed, written
from cqc_tui.core.model import FINDING_KINDS, Finding
from cqc_tui.core.report_sections import AGREED, DRAFT, EMPTY, section_states, set_agreed
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.report.outline import OutlineEntry, report_outline

MIN_ID = 4  # the fewest characters of a finding's id accepted


def _sections(session: ReviewSession) -> list[OutlineEntry]:
    """The pieces of prose the review type's report prints, in report order."""
    return [
        entry
        for entry in report_outline(session.review, session.review_type, section_states(session))
        if entry.writable
    ]


def _finding_label(session: ReviewSession, finding: Finding) -> str:
    units = {unit.id: unit.label for unit in session.scope_units()}
    place = finding_place(finding, units, session.framework)
    kind = FINDING_KINDS.get(finding.kind, "Finding").lower()
    heading = finding.heading.strip() or finding.text.strip()[:60]
    return f"{kind} {finding.id[:8]} '{heading}'" + (f" ({place})" if place else "")


def _chosen(
    session: ReviewSession, items: tuple[str, ...], everything: bool, back: bool
) -> tuple[list[OutlineEntry], list[Finding]]:
    """The sections and findings ITEMS (or --all) name; ValidationError for an item naming none."""
    sections = _sections(session)
    findings = [f for f in session.findings() if written(f)]
    if everything:
        wanted = AGREED if back else DRAFT
        return (
            [entry for entry in sections if entry.state == wanted],
            [f for f in findings if f.agreed == back],
        )
    chosen_sections: list[OutlineEntry] = []
    chosen_findings: list[Finding] = []
    for item in items:
        name = item.strip().lower()
        section = next(
            (e for e in sections if name in (e.key.lower(), e.label.lower(), e.title.lower())),
            None,
        )
        if section is not None:
            chosen_sections.append(section)
            continue
        matches = [f for f in findings if len(name) >= MIN_ID and f.id.lower().startswith(name)]
        if len(matches) == 1:
            chosen_findings.append(matches[0])
            continue
        if len(matches) > 1:
            raise ValidationError(
                f"'{item}' is the start of {len(matches)} findings' ids: give more of it"
            )
        keys = ", ".join(entry.key for entry in sections) or "none"
        raise ValidationError(
            f"'{item}' is neither a report section of this review ({keys}) nor the id of a "
            f"written finding (its first {MIN_ID} characters or more; 'cqc-tui dump' lists them)"
        )
    return chosen_sections, chosen_findings


@click.command("agree")
@click.argument("review")
@click.argument("items", nargs=-1)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Every report section and finding with text that the team has not agreed yet "
    "(with --back: every one agreed).",
)
@click.option("--back", is_flag=True, help="Take them back to draft instead.")
@click.pass_obj
def agree_cmd(obj: Any, review: str, items: tuple[str, ...], everything: bool, back: bool) -> None:
    """Mark ITEMS of REVIEW agreed by the team as they stand, in the name of the member chosen on
    this laptop (or --as NAME): each a report section's key or title ('summary', 'Context') or a
    finding's id (its first 4 characters or more). A final report is exported only once every
    section and finding it prints is agreed; editing one makes it a draft again."""
    if not items and not everything:
        raise ValidationError("name the sections or findings to agree, or give --all")
    if items and everything:
        raise ValidationError("give the sections or findings to agree, or --all, not both")
    session = open_review(obj, review)
    try:
        sections, findings = _chosen(session, items, everything, back)
        done: list[str] = []
        for entry in sections:
            if entry.state == (DRAFT if back else AGREED) or (back and entry.state == EMPTY):
                continue  # already so
            if entry.state == EMPTY:
                raise ValidationError(
                    f"section '{entry.label}' is empty: write it first (o on the review screen)"
                )
            set_agreed(session, entry.key, not back)
            done.append(f"section '{entry.label}'")
        for finding in set_findings_agreed(session, findings, not back) if findings else []:
            done.append(_finding_label(session, finding))
        member = session.user
    finally:
        session.close()
    if not done:
        out.print(
            "nothing to take back: no section or finding named is agreed"
            if back
            else "nothing to agree: every section and finding named is agreed already"
        )
        return
    verb = "back to draft" if back else "agreed"
    for line in done:
        out.print(Text(f"{verb}: {line}"))
    out.print(
        Text(
            f"{len(done)} {'item' if len(done) == 1 else 'items'} {verb} as {member}; "
            "share or sync to pass it on"
        )
    )
