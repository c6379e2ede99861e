"""Failures the app shows to the user: one line each (a notification or a dialog's message).

Nothing that goes wrong while opening, saving or closing a review reaches Textual as a traceback
(which would end the app and lose what is typed in a dialog): the screen or dialog doing it
catches the exception and shows `failure_line`, and a dialog stays open with its typing.
"""

from __future__ import annotations

from cqc_tui.core.errors import CqcError, os_error_line


def failure_line(exc: BaseException, action: str = "use") -> str:
    """One line saying what failed and what to do, for any exception.

    A CqcError already is that line; an OSError gets the file it concerns and the advice for its
    errno ("cannot save …/journal-000002.jsonl: the disk is full; free some space and try again"),
    `action` being the verb for it; anything else is a fault of the program, said as such.
    """
    if isinstance(exc, CqcError):
        return str(exc)
    if isinstance(exc, OSError):
        return os_error_line(exc, action=action)
    return f"unexpected problem ({type(exc).__name__}: {exc}); please report it"
