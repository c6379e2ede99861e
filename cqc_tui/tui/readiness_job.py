"""Run the readiness checks off the UI thread, and only when something changed.

`readiness.check` reads every note (it looks for personal data, single-source ratings ...), which
takes over a second at 20,000 notes. The records are copied on the UI thread (they are immutable
values, so copies of the lists are a consistent snapshot) and checked in a worker thread. Results
are cached per open review and reused until a record is saved.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cqc_tui.core.workspace import ReviewSession

if TYPE_CHECKING:
    from cqc_tui.core.ratings import RatingsResult
    from cqc_tui.core.readiness import ReadinessFinding

TABLES = ("notes", "ratings", "enforcement", "scores", "members", "findings", "recommendations")

_revision: weakref.WeakKeyDictionary[Any, list[int]] = weakref.WeakKeyDictionary()
_cache: weakref.WeakKeyDictionary[Any, tuple[int, list[ReadinessFinding]]] = (
    weakref.WeakKeyDictionary()
)


def revision(session: ReviewSession) -> int:
    """A counter bumped on every record saved in this session's store."""
    store = session.store
    counter = _revision.get(store)
    if counter is None:
        counter = [0]
        _revision[store] = counter
        store.add_listener(lambda _record: counter.__setitem__(0, counter[0] + 1))
    return counter[0]


def cached(session: ReviewSession) -> list[ReadinessFinding] | None:
    """The findings of the last check of this review, if nothing was saved since."""
    hit = _cache.get(session.store)
    if hit is not None and hit[0] == revision(session):
        return hit[1]
    return None


def snapshot(session: ReviewSession) -> Callable[[RatingsResult | None], list[ReadinessFinding]]:
    """Copy what the checks need now; return a function that runs them (call it in a thread)."""
    # Imported here, when the checks first run (the grid starts them after its first paint):
    # the checks and personal-data patterns take about 40 ms to import.
    from cqc_tui.core import readiness

    rev = revision(session)
    tables = {name: session.records(name) for name in TABLES}
    tables["review"] = [session.review]
    framework = session.framework
    units = session.scope_units()
    store = session.store
    options = readiness.review_type_options(session)  # rated? provider level always rated?

    def run(ratings: RatingsResult | None = None) -> list[ReadinessFinding]:
        findings = readiness.check_tables(framework, tables, ratings, scope_units=units, **options)
        _cache[store] = (rev, findings)
        return findings

    return run
