"""The `cqc-tui` command group and its workspace options (--home, --as, --user, --version): run
without a command it opens the app; `cqc-tui open REVIEW` opens the app on one review."""

from __future__ import annotations

import click

from cqc_tui import __version__
from cqc_tui.core.workspace import Workspace, current_user


class Ctx:
    """What every command receives as its `obj`: the workspace named by --home, and who its
    sessions write as (--as, else --user, else the member chosen on this device)."""

    def __init__(self, home: str | None, user: str | None, as_name: str | None = None):
        self.workspace = Workspace(home)
        self.as_name = as_name
        # Who a session writes as: --as NAME (a member of the review's team), else --user, else
        # None: the member chosen for the review on this device ('cqc-tui member'), else the login name.
        self.session_user = as_name or user
        self.user = self.session_user or current_user()


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


@click.command("open")
@click.argument("review")
@click.pass_obj
def open_cmd(obj: Ctx, review: str) -> None:
    """Open the app straight on one review (id, id prefix or part of its title)."""
    summary = obj.workspace.resolve(
        review
    )  # a wrong name fails here, with one line, before the screen
    from cqc_tui.tui.app import run_app

    run_app(obj.workspace, user=obj.session_user, open_review=summary["id"], as_member=obj.as_name)
