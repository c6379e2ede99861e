"""Schema migrations of stored records: `MIGRATIONS[v]` turns a record dict of schema v into v + 1.

Applied by the store per record as it reads an older review (the original file is kept aside).
"""

from __future__ import annotations

from collections.abc import Callable


def notes_gain_observed_and_attachments(table: str, doc: dict) -> dict:
    """Schema 1 -> 2: an evidence note records when the evidence was observed (until now, the time
    the note was written is the best we know) and may carry attachments (none before)."""
    if table != "notes" or not isinstance(doc, dict):
        return doc
    out = dict(doc)
    if not out.get("observed"):
        out["observed"] = out.get("created", "")
    out.setdefault("attachments", [])
    return out


MIGRATIONS: dict[int, Callable[[str, dict], dict]] = {1: notes_gain_observed_and_attachments}
