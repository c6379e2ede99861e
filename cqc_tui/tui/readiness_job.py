"""Run the readiness checks off the UI thread.

`readiness.check` reads every note (it looks for personal data, single-source ratings ...), which
takes over a second at 20,000 notes. The records are copied on the UI thread (they are immutable
values, so a copy of the lists is a consistent snapshot) and checked in a worker thread.
"""

from __future__ import annotations

from typing import Any, Callable

TABLES = ("notes", "ratings", "enforcement", "scores", "members", "findings", "recommendations")


def available() -> bool:
    try:
        from cqc_tui.core import readiness  # noqa: F401
    except ImportError:
        return False
    return True


def snapshot(session: Any) -> Callable[[Any], list]:
    """Copy what the checks need now; return a function that runs them (call it in a thread)."""
    from cqc_tui.core import readiness

    tables = {name: session.records(name) for name in TABLES}
    tables["review"] = [session.review]
    framework = session.framework
    units = session.scope_units()

    def run(ratings: Any = None) -> list:
        return readiness.check_tables(framework, tables, ratings, scope_units=units)

    return run
