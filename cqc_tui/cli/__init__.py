"""Command line: a thin shell over the core. Every user error is one line on stderr and exit 1.

The `cqc-tui` group and its workspace options are in main_group; each command (or group of
commands) has its module: list_reviews, import_dump, status, export, frameworks, generate,
recover, agree (sections and findings agreed by the team), actions (action plans), team
(team work). entry_point registers them all and holds
`main()`, the console script."""

from cqc_tui.cli.entry_point import cli, main

__all__ = ["cli", "main"]
