"""Workspace.preview: what a review screen can show before the review is read, from its summary.
It must never describe a review wrongly: anything it cannot vouch for gives None (the caller then
reads the review the ordinary way)."""

from __future__ import annotations

import json
import os
import time

from cqc_tui.core.model import Review
from cqc_tui.core.workspace import Workspace

RID = "00000000-0000-4000-8000-00000000000f"


def make(tmp_path, notes: int = 3) -> Workspace:
    ws = Workspace(tmp_path / "home")
    review = Review(
        id=RID,
        author="ann",
        title="Anytown Trust",
        review_type="comprehensive",
        framework_id="kloe-healthcare",
        provider="Anytown Trust",
    )
    session = ws.create(review, user="ann")
    for i in range(notes):
        session.add_note(
            lines=["S1"], source="staff", polarity="neutral", text=f"note {i}", author="ann"
        )
    deleted = session.add_note(
        lines=["S2"], source="staff", polarity="neutral", text="gone", author="ann"
    )
    session.delete("notes", deleted.id)
    session.close()
    return ws


def test_preview_of_a_closed_review(tmp_path):
    ws = make(tmp_path)
    p = ws.preview(RID)
    assert p is not None
    assert (p.id, p.title, p.notes) == (RID, "Anytown Trust", 3)  # live notes, as the list shows
    assert p.framework.id == "kloe-healthcare" and p.framework is ws.frameworks.get(
        "kloe-healthcare", "2017.1"
    )
    assert p.review_type is not None and p.review_type.code == "comprehensive"


def test_no_preview_when_the_summary_cannot_be_trusted(tmp_path):
    ws = make(tmp_path)
    folder = ws.folder(RID)
    assert ws.preview("no-such-review") is None

    # changed since the summary was written (a crash before closing): journals are newer
    session = ws.open_id(RID, user="ann")
    session.add_note(lines=["S1"], source="staff", polarity="neutral", text="after", author="ann")
    earlier = time.time() - 10  # the summary is older than the journal now (file times are coarse)
    os.utime(folder / "summary.json", (earlier, earlier))
    assert ws.preview(RID) is None
    session.close()
    assert ws.preview(RID) is not None and ws.preview(RID).notes == 4

    summary = folder / "summary.json"
    good = summary.read_text(encoding="utf-8")
    for bad in (
        "",
        "{not json",
        "[]",
        json.dumps({**json.loads(good), "framework_id": "no-such-framework"}),
        json.dumps({**json.loads(good), "notes": "many"}),
        json.dumps({**json.loads(good), "id": "other"}),
    ):
        summary.write_text(bad, encoding="utf-8")
        os.utime(summary, (time.time() + 5, time.time() + 5))
        assert ws.preview(RID) is None, bad
    summary.unlink()
    assert ws.preview(RID) is None
    assert [r["id"] for r in ws.list_reviews()] == [RID]  # the list still reads the review itself
