"""The figures a team states in its method (review.counts, e.g. 'Care records reviewed: 34') beside
what its evidence notes show. The report prints the team's figures only; these checks warn, before
an export, where the two tell different stories, so the team can correct one or the other."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass


def normalised(label: str) -> str:
    """'Care_records reviewed' -> 'care records reviewed' (for matching a figure's label)."""
    return re.sub(r"[^a-z0-9]+", " ", str(label).lower()).strip()


@dataclass(frozen=True)
class FigureCheck:
    """How to check a figure the provider states against the evidence: which labels, what is
    counted, how."""

    words: tuple[str, ...]  # a stated figure whose label contains one of these is checked
    what: str  # what the evidence count is, in words
    count: Callable[[list], int]  # the count from the live notes


def _record_notes(notes: list) -> int:
    return sum(1 for note in notes if note.source == "record_review")


def _observed_places(notes: list) -> int:
    return len({note.place for note in notes if note.source == "observation" and note.place})


CHECKS: tuple[FigureCheck, ...] = (
    FigureCheck(
        ("care records reviewed", "records reviewed", "care records"),
        "care record review notes",
        _record_notes,
    ),
    FigureCheck(
        (
            "services visited",
            "sites visited",
            "locations visited",
            "settings visited",
            "places visited",
        ),
        "places named in observation notes",
        _observed_places,
    ),
)


def figure_warnings(counts: dict, notes: Iterable) -> list[str]:
    """One line per stated figure that the evidence does not bear out: the evidence holds more
    than the team states (more record-review notes than records reviewed), or none at all."""
    notes = list(notes)
    out: list[str] = []
    for label, value in (counts or {}).items():
        key = normalised(label)
        check = next(
            (candidate for candidate in CHECKS if any(word in key for word in candidate.words)),
            None,
        )
        if check is None:
            continue
        try:
            stated = int(value)
        except (TypeError, ValueError):
            continue
        found = check.count(notes)
        if found != stated:
            out.append(
                f"the method states {label.replace('_', ' ')} {stated}, but the evidence holds {found} "
                f"{check.what}; check the figure (the report prints the team's figure)"
            )
    return out
