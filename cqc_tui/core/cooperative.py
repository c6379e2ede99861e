"""Keep a screen responsive while a thread worker does heavy Python work (no Textual here: the
app's workers enter `responsive_workers()`, and core code that can hold the interpreter for long in
one call, such as reading a change set of thousands of revisions, asks `heavy_work_running()` and
then works in small steps).

Python lets one thread run at a time; a thread waiting for its turn asks for it and gets it after
the switch interval (5 ms by default). The app's event loop waits for its turn after every
select(), so while a CPU-bound worker runs, handling one key (a dozen hops through the loop) can
take 100 ms or more. `responsive_workers()` shortens the switch interval to 0.5 ms while at least
one heavy worker (a team sync) runs, and puts it back when the last one ends.

`heavy_work_running()` says whether such a worker is running: the note editor then postpones its
draft autosave for a moment rather than wait on the screen's thread for the review's store, which
the sync holds while it saves what came in.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

FAST_SWITCH_SECONDS = 0.0005

_lock = threading.Lock()
_running = 0
_saved = 0.0


@contextmanager
def responsive_workers() -> Iterator[None]:
    """Shorten Python's thread switch interval for the duration of the block (nests, and works
    from several threads at once: the interval is restored when the last block ends)."""
    global _running, _saved
    with _lock:
        if _running == 0:
            _saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_saved, FAST_SWITCH_SECONDS))
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                sys.setswitchinterval(_saved)


def heavy_work_running() -> bool:
    """True while a block of `responsive_workers()` runs in some thread."""
    return _running > 0
