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
import time
from collections.abc import Iterator
from contextlib import contextmanager

FAST_SWITCH_SECONDS = 0.0005
WORK_SECONDS = 0.003  # a heavy worker's loops work this long ...
PAUSE_SECONDS = 0.003  # ... then leave the interpreter to the screen's thread this long

_local = threading.local()  # slice_started: when this thread's current stretch of work began

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
    outer = getattr(_local, "slice_started", None)
    _local.slice_started = time.perf_counter()
    try:
        yield
    finally:
        _local.slice_started = outer
        with _lock:
            _running -= 1
            if _running == 0:
                sys.setswitchinterval(_saved)


def breathe() -> None:
    """Called in the loops of heavy work (reading a change set, saving what a sync brought in):
    on a thread inside `responsive_workers()`, after every WORK_SECONDS of work it sleeps for
    PAUSE_SECONDS, so the screen's thread gets whole stretches of time to handle keys instead of
    waiting for the interpreter at every step. Elsewhere it returns at once."""
    started = getattr(_local, "slice_started", None)
    if started is None:
        return
    if time.perf_counter() - started >= WORK_SECONDS:
        time.sleep(PAUSE_SECONDS)
        _local.slice_started = time.perf_counter()


def heavy_work_running() -> bool:
    """True while a block of `responsive_workers()` runs in some thread."""
    return _running > 0
