"""The `cqc-tui` entry point: every command registered on the main group, every text parameter
refusing control characters, and `main()`, which turns any failure into one line on stderr and
exit 1 (an unexpected one also into a crash log file), never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.text import Text

from cqc_tui import __version__
from cqc_tui.cli.actions import actions_group, new_cmd
from cqc_tui.cli.agree import agree_cmd
from cqc_tui.cli.console import err
from cqc_tui.cli.export import export_cmd
from cqc_tui.cli.frameworks import frameworks_group
from cqc_tui.cli.generate import generate_cmd
from cqc_tui.cli.import_dump import dump_cmd, import_cmd
from cqc_tui.cli.list_reviews import list_cmd
from cqc_tui.cli.main_group import cli, open_cmd
from cqc_tui.cli.plain_text import refuse_control_characters
from cqc_tui.cli.recover import recover_cmd
from cqc_tui.cli.status import status_cmd
from cqc_tui.cli.team import (
    conflicts_cmd,
    member_cmd,
    receive_cmd,
    resolve_cmd,
    share_cmd,
    sync_cmd,
    team_cmd,
)
from cqc_tui.core.errors import CqcError, os_error_line

for _command in (
    open_cmd,
    list_cmd,
    import_cmd,
    dump_cmd,
    status_cmd,
    export_cmd,
    agree_cmd,
    frameworks_group,
    generate_cmd,
    recover_cmd,
    actions_group,
    new_cmd,
    member_cmd,
    share_cmd,
    receive_cmd,
    sync_cmd,
    conflicts_cmd,
    resolve_cmd,
    team_cmd,
):
    cli.add_command(_command)

refuse_control_characters(cli)


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
    """Run the command line on `argv` (default: sys.argv) and exit with its status: 0 on success,
    1 with one line on stderr for any failure, 130 on ctrl+c."""
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
