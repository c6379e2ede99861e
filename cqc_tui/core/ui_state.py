"""What this laptop's app remembers between runs that is not review data: the scope unit the
inspector was working on in each review. One small JSON file in the workspace, `ui-state.json`.

Losing it loses a convenience, never evidence. It is read once (`UiState.read`); changes are kept
in memory and written together (`UiState.save`), whole: a temporary file renamed over the old one,
so a crash leaves the old file or the new one, never half of one. A damaged or unreadable file
gives one line saying so (`UiState.problem`) and reads as empty; the next save replaces it.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from cqc_tui.core.errors import StoreError, display_path, os_error_line
from cqc_tui.core.store import atomic_write_bytes

STATE_FILE = "ui-state.json"


def _units_of(data: object) -> dict[str, str]:
    """The review id -> scope unit id pairs of a parsed file, leaving out anything else."""
    units = data.get("units") if isinstance(data, dict) else None
    if not isinstance(units, dict):
        return {}
    return {
        key: value
        for key, value in units.items()
        if isinstance(key, str) and isinstance(value, str)
    }


def _load(path: Path) -> tuple[dict, str]:
    """(the file's content, '') or ({}, one line saying why it could not be used)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, ""
    except OSError as exc:
        return {}, f"{os_error_line(exc, path, 'read')}; {_FORGOTTEN}"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}, f"{display_path(path)} is damaged (not JSON); {_FORGOTTEN}"
    if not isinstance(data, dict):
        return {}, f"{display_path(path)} is damaged (not a JSON object); {_FORGOTTEN}"
    return data, ""


_FORGOTTEN = "the scope unit each review was left on is forgotten, and the file is written afresh"


class UiState:
    """The app's remembered state for one workspace (see the module docstring). Thread-safe: the
    app changes it on its UI thread and may save it from a worker."""

    def __init__(self, path: Path, data: dict, problem: str = "") -> None:
        self.path = Path(path)
        self.problem = problem  # one line when the file could not be used, else ''
        self._data = data
        self._units = _units_of(data)
        self._changed: dict[str, str] = {}  # set here since the last save
        self._lock = threading.Lock()  # the fields above
        self._saving = threading.Lock()  # one save at a time

    @classmethod
    def read(cls, home: Path) -> UiState:
        """The state kept in workspace `home` (empty, with `problem` set, when the file is
        damaged or unreadable; empty without one when there is no file yet)."""
        path = Path(home) / STATE_FILE
        data, problem = _load(path)
        return cls(path, data, problem)

    def unit(self, review_id: str) -> str | None:
        """The scope unit last chosen in review `review_id` (a unit id, '' for the review as a
        whole, or the search module's ALL), or None if none was ever chosen on this laptop."""
        with self._lock:
            return self._units.get(review_id)

    def set_unit(self, review_id: str, unit_id: str) -> bool:
        """Remember `unit_id` for `review_id` (in memory: `save` writes it). True if it changed."""
        with self._lock:
            if self._units.get(review_id) == unit_id:
                return False
            self._units[review_id] = unit_id
            self._changed[review_id] = unit_id
            return True

    @property
    def unsaved(self) -> bool:
        """Whether something was remembered since the last save."""
        with self._lock:
            return bool(self._changed)

    def save(self) -> str:
        """Write what changed since the last save, whole ('' when written or nothing changed, else
        one line saying why not; the changes are then kept for the next save). What another app
        window wrote meanwhile is kept: the file is read again and only this one's changes are put
        over it. The UI thread is never held up by a save running in a worker."""
        with self._saving:
            with self._lock:
                changed = dict(self._changed)
                kept = dict(self._data)
            if not changed:
                return ""
            on_disk, problem = _load(self.path)
            data = on_disk if not problem else kept
            units = _units_of(data)
            units.update(changed)
            data["units"] = units
            try:
                atomic_write_bytes(
                    self.path,
                    json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8"),
                )
            except StoreError as exc:  # the OS error in one line, naming the file
                return str(exc)
            with self._lock:
                for review_id, unit_id in changed.items():
                    if self._changed.get(review_id) == unit_id:
                        del self._changed[review_id]
                self._data = data
                self._units = {**units, **self._changed}
            return ""
