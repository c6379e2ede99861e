"""The `cqc-tui actions` commands: an action plan's progress summary, and organisations' returns
as spreadsheets (docs/action-plans.md). A thin shell over cqc_tui.core.action_plan and
cqc_tui.core.action_sheet; registered on the main command group in cqc_tui.cli."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cqc_tui.core.action_plan import (
    STATUS_ORDER,
    ActionPlan,
    GroupSummary,
    PlanSummary,
    new_round,
    save_changes,
)
from cqc_tui.core.errors import FileProblems, ValidationError
from cqc_tui.core.model import ACTION_STATUSES

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _long_date(value: str) -> str:
    from datetime import date

    try:
        d = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{d.day} {d.strftime('%B %Y')}"


class _SummaryByDefault(click.Group):
    """`cqc-tui actions REVIEW` means `cqc-tui actions summary REVIEW`; the subcommands keep their names."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["summary", *args]
        return super().parse_args(ctx, args)


@click.group("actions", cls=_SummaryByDefault)
def actions_group() -> None:
    """An action plan: progress summary (cqc-tui actions REVIEW), and organisations' returns as spreadsheets."""


def _table(title: str, groups: list[GroupSummary], total: GroupSummary) -> Table:
    statuses = [s for s in STATUS_ORDER if s != "superseded" or total.counts.get(s)]
    table = Table(title=title, title_justify="left")
    table.add_column(title.split(" ")[1].capitalize() if " " in title else title)
    for status in statuses:
        table.add_column(ACTION_STATUSES[status], justify="right")
    table.add_column("Total", justify="right")
    table.add_column("Overdue", justify="right")
    for g in [*groups, total]:
        name = Text("Total", style="bold") if g is total else Text(g.name)
        table.add_row(
            name,
            *(str(g.counts.get(s, 0)) for s in statuses),
            str(g.total),
            Text(str(g.overdue), style="bold red" if g.overdue else ""),
        )
    return table


def print_summary(title: str, summary: PlanSummary) -> None:
    """The summary as people read it: the round, the totals, per section and organisation, flags."""
    out.print(Text(f"Action plan of '{title}'", style="bold"))
    rnd = summary.round
    if rnd is None:
        out.print(Text("As agreed (no reporting round yet)"))
    else:
        previous = (
            f"; previous round: {summary.previous_round.label}" if summary.previous_round else ""
        )
        out.print(
            Text(
                f"Round: {rnd.label}, as at {_long_date(rnd.as_at)}; returns due "
                f"{_long_date(rnd.returns_due) or 'not set'}{previous}"
            )
        )
    total = summary.total
    out.print(
        Text(
            f"{total.total} actions for {summary.recommendations} recommendations in "
            f"{len(summary.sections)} sections, owned by {len(summary.organisations)} organisations"
        )
    )
    out.print(
        Text(
            ", ".join(
                f"{total.counts.get(s, 0)} {ACTION_STATUSES[s].lower()}" for s in STATUS_ORDER
            )
        )
    )
    extra = [f"{total.overdue} overdue", f"{total.behind} behind"]
    if rnd is not None:
        extra.append(f"returns received for {summary.returns_received} of {total.total}")
        if summary.previous_round is not None:
            extra.append(
                f"{summary.changed_since_previous} changed since {summary.previous_round.label}"
            )
    out.print(Text("; ".join(extra)))
    out.print(_table("By section", summary.sections, total))
    out.print(_table("By organisation", summary.organisations, total))
    flagged = [s for s in summary.states if s.overdue or s.behind]
    if flagged:
        table = Table(title="Overdue or behind", title_justify="left")
        for col in ("Action", "Owner", "Due", "Status", "Note"):
            table.add_column(col)
        for s in flagged:
            status = ACTION_STATUSES.get(s.status, s.status) + (" (overdue)" if s.overdue else "")
            table.add_row(
                Text(s.action.text),
                Text(s.action.owner),
                Text(s.action.due),
                Text(status, style="bold red"),
                Text(s.note),
            )
        out.print(table)


@actions_group.command("summary")
@click.argument("review")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option(
    "--round",
    "round_name",
    help="A reporting round (label, as-at date or id); default: the latest.",
)
@click.pass_obj
def summary_cmd(obj: Any, review: str, as_json: bool, round_name: str | None) -> None:
    """Progress summary of the review's action plan in one reporting round."""
    session = obj.workspace.open(review, readonly=True)
    try:
        plan = ActionPlan.of(session)
        title = session.review.title
    finally:
        session.close(compact=False)
    if not plan.actions:
        raise ValidationError(
            f"'{title}' has no action plan (no actions); add actions in the app ('a' on the "
            "review screen)"
        )
    summary = plan.summary(plan.find_round(round_name) if round_name else None)
    if as_json:
        click.echo(json.dumps({"review": title, **summary.to_dict()}, ensure_ascii=False, indent=2))
        return
    print_summary(title, summary)


@actions_group.command("export")
@click.argument("review")
@click.option(
    "--org", "organisation", required=True, help="The owner organisation (its name or part of it)."
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Spreadsheet to write (.xlsx).",
)
@click.option("--round", "round_name", help="The reporting round (default: the latest).")
@click.pass_obj
def export_cmd(
    obj: Any, review: str, organisation: str, output: str, round_name: str | None
) -> None:
    """Write one organisation's actions for a round as a spreadsheet to fill in and return."""
    from cqc_tui.core.action_sheet import (
        export_returns,  # openpyxl loads only for the commands that use it
    )

    session = obj.workspace.open(review, readonly=True)
    try:
        plan = ActionPlan.of(session)
        review_rec = session.review
    finally:
        session.close(compact=False)
    rnd = plan.find_round(round_name) if round_name else plan.current_round
    if rnd is None:
        raise ValidationError(
            "this action plan has no reporting round yet; start one ('cqc-tui actions round "
            "REVIEW --label ... --as-at ... --due ...' or 'a' in the app)"
        )
    org = plan.organisation_named(organisation)
    count = export_returns(plan, review_rec, org, rnd, Path(output))
    out.print(
        Text(
            f"wrote {output}: {count} actions of {org} for {rnd.label} (returns due "
            f"{_long_date(rnd.returns_due) or 'not set'})"
        )
    )


@actions_group.command("import")
@click.argument("review")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--round", "round_name", required=True, help="The reporting round the returns are for."
)
@click.pass_obj
def import_cmd(obj: Any, review: str, file: str, round_name: str) -> None:
    """Apply an organisation's returned spreadsheet to a round: all of it, or nothing if any row is wrong."""
    from cqc_tui.core.action_sheet import read_returns

    session = obj.workspace.open(review, user=obj.session_user)
    try:
        plan = ActionPlan.of(session)
        rnd = plan.find_round(round_name)
        try:
            returns = read_returns(Path(file), plan, session.review, rnd, author=session.user)
        except FileProblems as problems:
            for problem in problems.problems:
                err.print(Text(f"error: {problem}"))
            err.print(
                Text(
                    f"nothing was imported: correct the {len(problems.problems)} row(s) above in the "
                    "spreadsheet (or export it again) and import it again"
                )
            )
            raise click.exceptions.Exit(1) from None
        saved = save_changes(session, list(returns.updates))
        title = session.review.title
        summary = ActionPlan.of(session).summary(rnd)
    finally:
        session.close()
    out.print(
        Text(
            f"{returns.organisation}: {returns.rows} actions read, {saved} returns recorded in {rnd.label} "
            f"({returns.status_changes} changed status)"
        )
    )
    counts = ", ".join(
        f"{summary.total.counts.get(s, 0)} {ACTION_STATUSES[s].lower()}"
        for s in STATUS_ORDER
        if summary.total.counts.get(s)
    )
    out.print(
        Text(
            f"'{title}' in {rnd.label}: {counts}; {summary.total.overdue} overdue; returns received for "
            f"{summary.returns_received} of {summary.total.total}"
        )
    )


@actions_group.command("round")
@click.argument("review")
@click.option("--label", required=True, help="The round's name, e.g. 'Quarter 1 2017/18'.")
@click.option(
    "--as-at", "as_at", required=True, help="Progress is reported as at this date (YYYY-MM-DD)."
)
@click.option(
    "--due", "returns_due", required=True, help="Returns are due by this date (YYYY-MM-DD)."
)
@click.pass_obj
def round_cmd(obj: Any, review: str, label: str, as_at: str, returns_due: str) -> None:
    """Start a new reporting round: every action's status is carried from the round before."""
    session = obj.workspace.open(review, user=obj.session_user)
    try:
        plan = ActionPlan.of(session)
        records = new_round(plan, label, as_at, returns_due, author=session.user)
        save_changes(session, records)
    finally:
        session.close()
    out.print(
        Text(
            f"started {label.strip()} (as at {_long_date(as_at)}, returns due {_long_date(returns_due)}) "
            f"with {len(records) - 1} actions"
        )
    )


@click.command("new")
@click.option(
    "--from",
    "earlier",
    required=True,
    help="The earlier review: in the workspace (id or part of its title) or a YAML dump file.",
)
@click.option(
    "--type", "review_type", required=True, help="Review type, e.g. focused or follow_up."
)
@click.option("--title", required=True, help="Title of the new review.")
@click.option(
    "--framework", "framework_id", default="", help="Framework (default: the earlier review's)."
)
@click.option("--start", "start_date", default="", help="Start of fieldwork (YYYY-MM-DD).")
@click.option("--end", "end_date", default="", help="End of fieldwork (YYYY-MM-DD).")
@click.option(
    "--carry-forward",
    "carry_forward",
    multiple=True,
    help="A key question or scope unit code not inspected again: its ratings are carried forward. Repeatable.",
)
@click.option("--no-team", is_flag=True, help="Leave out the earlier team.")
@click.option("--no-provider", is_flag=True, help="Leave out the provider's name and kind.")
@click.option("--no-locations", is_flag=True, help="Leave out the locations.")
@click.option(
    "--no-scope-units",
    is_flag=True,
    help="Leave out the scope units (and so their ratings and items).",
)
@click.pass_obj
def new_cmd(
    obj: Any,
    earlier: str,
    review_type: str,
    title: str,
    framework_id: str,
    start_date: str,
    end_date: str,
    carry_forward: tuple[str, ...],
    no_team: bool,
    no_provider: bool,
    no_locations: bool,
    no_scope_units: bool,
) -> None:
    """Start a review from an earlier one: its ratings become previous ratings, its actions and findings
    the items to check, its team, provider, locations and scope units are copied (see docs/action-plans.md)."""
    from cqc_tui.core.start_from import Offer, create_started, read_earlier, start_from

    workspace = obj.workspace
    earlier_review = read_earlier(workspace, earlier)
    source, records = earlier_review.review, earlier_review.records
    if workspace.review_types.get(review_type) is None:
        known = ", ".join(t.code for t in workspace.review_types.all())
        raise ValidationError(f"review type {review_type!r} is not known; use one of: {known}")
    offer = Offer(
        team=not no_team,
        provider=not no_provider,
        locations=not no_locations,
        scope_units=not no_scope_units,
        carry_forward=tuple(carry_forward),
    )
    started = start_from(
        source,
        records,
        workspace.frameworks,
        title=title,
        review_type=review_type,
        author=obj.user,
        framework_id=framework_id,
        start_date=start_date,
        end_date=end_date,
        offer=offer,
    )
    create_started(workspace, started, obj.user).close()
    out.print(
        Text(
            f"created '{started.review.title}' ({started.review.id[:8]}) from '{source.title}': "
            f"{len(started.members)} team members, {len(started.scope_units)} scope units, "
            f"{started.previous_ratings} previous ratings ({started.carried_forward} carried forward), "
            f"{started.items_to_check} earlier items to check"
        )
    )
