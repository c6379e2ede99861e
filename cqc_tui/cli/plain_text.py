"""Text typed on the command line is plain text: an argument or option holding a control
character (a tab, a newline, an escape ...) is refused with one line, as it would reach a title,
a file name or a document unseen."""

from __future__ import annotations

import unicodedata
from typing import Any

import click


def plain_text(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
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


def refuse_control_characters(command: click.Command) -> None:
    """Every text argument and option of every command refuses control characters (an escape
    sequence, a newline, a bell...): they would reach a title, a file name or a document unseen.
    Parameters that already check their value keep their own check, run after this one."""
    for param in command.params:
        if param.type not in (click.STRING,) and not isinstance(param.type, click.Path):
            continue
        if getattr(param, "is_flag", False) or param.callback is plain_text:
            continue
        own = param.callback

        def check(ctx: click.Context, par: click.Parameter, value: Any, own: Any = own) -> Any:
            values = value if isinstance(value, (tuple, list)) else (value,)
            for item in values:
                if isinstance(item, str):
                    plain_text(ctx, par, item)
            return own(ctx, par, value) if own is not None else value

        param.callback = check
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            refuse_control_characters(sub)
