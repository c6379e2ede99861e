"""The scope unit the inspector was working on in each review, remembered on this laptop for the
app (core.ui_state holds the file). Read once, when a review is first opened; a change is written
a moment later in a thread worker, so stepping through units with [ and ] writes the file once,
not once a key, and never on the UI thread; anything still waiting is written when the review
closes. A damaged or unwritable file is one warning line, given once; the app goes on without it.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.timer import Timer

from cqc_tui.core.ui_state import UiState

SAVE_DELAY = 1.0  # seconds after the last change before the file is written


class RememberedUnits:
    """One per app: `unit` and `remember` for the review screen, `flush` when a review closes."""

    def __init__(self, app: App, home: Path, save_delay: float = SAVE_DELAY) -> None:
        self.app = app
        self.home = Path(home)
        self.save_delay = save_delay
        self._state: UiState | None = None
        self._timer: Timer | None = None
        self._told: set[str] = set()  # problems already shown (each once)

    @property
    def state(self) -> UiState:
        """The file's state, read the first time it is needed (its problem, if any, told once)."""
        if self._state is None:
            self._state = UiState.read(self.home)
            self._tell(self._state.problem)
        return self._state

    def unit(self, review_id: str) -> str | None:
        """The unit last chosen in the review on this laptop, or None if none ever was."""
        return self.state.unit(review_id)

    def remember(self, review_id: str, unit_id: str) -> None:
        """Remember the unit now shown in the review; written to the file a moment later."""
        if not self.state.set_unit(review_id, unit_id):
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(self.save_delay, self._save_in_background)

    def flush(self) -> None:
        """Write now whatever waits to be written (the review is closing, or the app quitting)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._state is not None and self._state.unsaved:
            self._tell(self._state.save())

    def _save_in_background(self) -> None:
        self._timer = None
        self.app.run_worker(
            self._save, thread=True, group="remembered-units", exclusive=False, exit_on_error=False
        )

    def _save(self) -> None:
        problem = self.state.save()
        if problem:
            self.app.call_from_thread(self._tell, problem)

    def _tell(self, problem: str) -> None:
        if problem and problem not in self._told:
            self._told.add(problem)
            self.app.notify(
                problem,
                title="Remembered scope units",
                severity="warning",
                markup=False,
                timeout=15,
            )
