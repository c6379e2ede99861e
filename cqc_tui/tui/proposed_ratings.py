"""The ratings the rules propose for an open review, worked out once per saved state.

The rating dialog shows the proposed rating of its cell and the ratings grid every cell's; both
ask `proposed_ratings(session)`, which runs the ratings engine (cqc_tui.core.ratings.evaluate)
only when a record was saved since it last ran (the store's version moved)."""

from __future__ import annotations

import weakref
from typing import Any

from cqc_tui.core.ratings import RatingsResult, evaluate
from cqc_tui.core.workspace import ReviewSession

_cache: weakref.WeakKeyDictionary[Any, tuple[int, RatingsResult]] = weakref.WeakKeyDictionary()


def proposed_ratings(session: ReviewSession) -> RatingsResult:
    """What the rules propose for the review as it is now (the same object until a save)."""
    store = session.store
    hit = _cache.get(store)
    if hit is not None and hit[0] == store.version:
        return hit[1]
    result = evaluate(session)
    _cache[store] = (store.version, result)
    return result
