"""Build workspaces and apps for the TUI tests and snapshots (fixed ids, times and author)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from cqc_tui.core.model import Review, ScopeUnit, TeamMember
from cqc_tui.core.workspace import Workspace
from cqc_tui.tui.app import CqcApp

os.environ["TZ"] = "UTC"
time.tzset()

AUTHOR = "ann"
REVIEW_ID = "00000000-0000-4000-8000-000000000001"
UNIT_IDS = ("00000000-0000-4000-8000-0000000000a1", "00000000-0000-4000-8000-0000000000a2")
TRICKY = 'Manager said [bold]not[/] <w:t> & "quotes" 😀 — مرحبا بالعالم שלום'


_SHARED: dict = {}


def workspace(home: Path) -> Workspace:
    """A Workspace whose (read-only) frameworks and review types are parsed once per test run."""
    ws = Workspace(home)
    if not _SHARED:
        _SHARED["frameworks"] = ws.frameworks
        _SHARED["review_types"] = ws.review_types
    ws.__dict__.update(_SHARED)
    return ws


def stamp(minute: int) -> str:
    return f"2018-01-22T09:{minute:02d}:00.000Z"


def make_workspace(
    home: Path, notes: bool = True, title: str = "Anytown Community NHS Trust"
) -> tuple[Workspace, str]:
    """A workspace with one healthcare review, two core services and a few notes; returns (ws, review id)."""
    ws = workspace(home)
    t0 = stamp(0)
    review = Review(
        id=REVIEW_ID,
        author=AUTHOR,
        created=t0,
        title=title,
        review_type="comprehensive",
        framework_id="kloe-healthcare",
        provider="Anytown Community NHS Trust",
        start_date="2018-01-22",
        end_date="2018-01-26",
        status="fieldwork",
        service_types=("community",),
    )
    members = [
        TeamMember(
            id="00000000-0000-4000-8000-0000000000m1",
            author=AUTHOR,
            created=t0,
            name="Ann Ford",
            role="Lead inspector",
        )
    ]
    units = [
        ScopeUnit(
            id=UNIT_IDS[0],
            author=AUTHOR,
            created=t0,
            code="cyp",
            label="Children and young people",
            order=1,
            service_types=("community",),
        ),
        ScopeUnit(
            id=UNIT_IDS[1],
            author=AUTHOR,
            created=t0,
            code="inpatient",
            label="Community inpatient services",
            order=2,
            service_types=("community",),
        ),
    ]
    session = ws.create(review, members, units, user=AUTHOR)
    try:
        if notes:
            samples = [
                (
                    "S1",
                    UNIT_IDS[0],
                    "staff",
                    "positive",
                    "Staff described the safeguarding referral route clearly.",
                ),
                (
                    "S1",
                    UNIT_IDS[0],
                    "observation",
                    "concern",
                    "Safeguarding policy on the ward was out of date.",
                ),
                (
                    "S1",
                    UNIT_IDS[1],
                    "record_review",
                    "neutral",
                    "Training records: 86% level 3 safeguarding.",
                ),
                (
                    "S2",
                    UNIT_IDS[0],
                    "people",
                    "negative",
                    "A parent waited four hours for a call back.",
                ),
                (
                    "E1",
                    UNIT_IDS[1],
                    "document",
                    "positive",
                    "Care pathways follow current NICE guidance.",
                ),
            ]
            for i, (line, unit, source, polarity, text) in enumerate(samples):
                nid = f"00000000-0000-4000-8000-0000000001{i:02d}"
                session.add_note(
                    id=nid,
                    created=stamp(10 + i),
                    lines=[line],
                    scope_unit=unit,
                    source=source,
                    polarity=polarity,
                    text=text,
                    author=AUTHOR,
                )
    finally:
        session.close()
    return ws, REVIEW_ID


def make_app(
    home: Path, notes: bool = True, open_review: bool = False, autosave_seconds: float = 1.0
) -> CqcApp:
    ws, rid = make_workspace(home, notes=notes)
    return CqcApp(
        ws, user=AUTHOR, open_review=rid if open_review else None, autosave_seconds=autosave_seconds
    )
