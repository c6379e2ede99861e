"""What this laptop's app remembers between runs that is not review data: the scope unit the
inspector was working on in each review. One small JSON file in the workspace, `ui-state.json`;
losing it loses a convenience, never evidence, so it is written whole (temp file and rename) but
not fsynced, and a damaged or unreadable file is read as empty."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

STATE_FILE = "ui-state.json"


def _read(home: Path) -> dict:
    try:
        data = json.loads((Path(home) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered_unit(home: Path, review_id: str) -> str | None:
    """The scope unit id last chosen in review `review_id` ('' = the review as a whole), or None."""
    units = _read(home).get("units")
    value = units.get(review_id) if isinstance(units, dict) else None
    return value if isinstance(value, str) else None


def remember_unit(home: Path, review_id: str, unit_id: str) -> bool:
    """Remember the scope unit chosen in a review; False if the file could not be written."""
    data = _read(home)
    kept = data.get("units")
    units: dict[str, str] = kept if isinstance(kept, dict) else {}
    if units.get(review_id) == unit_id:
        return True
    units[review_id] = unit_id
    data["units"] = units
    path = Path(home) / STATE_FILE
    tmp = path.with_name(f".{STATE_FILE}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    return True
