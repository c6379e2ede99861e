"""The app's side of cqc_tui.core.cooperative: thread workers that do heavy work (a team sync)
run inside `responsive_workers()`; the note editor asks `heavy_work_running()` before it autosaves."""

from cqc_tui.core.cooperative import heavy_work_running, responsive_workers

__all__ = ["heavy_work_running", "responsive_workers"]
