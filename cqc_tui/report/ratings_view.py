"""The ratings the report shows, from the ratings engine (cqc_tui.core.ratings).

A GridView has one row per scope unit plus the provider row, one column per key question plus
overall; each cell holds the rating to print (code, label, colour), whether it was carried forward,
the date it was set, and the previous rating for focused inspections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cqc_tui.core import ratings as ratings_engine
from cqc_tui.core.model import CARRIED_FORWARD
from cqc_tui.core.ratings import RatingsResult
from cqc_tui.core.workspace import ReviewSession


@dataclass
class CellView:
    """One cell of the printed grid: the rating that stands there and what the report says about it."""

    code: str = ""
    label: str = ""
    colour: str | None = None
    carried: bool = False
    rated_on: str = ""
    previous: str = ""  # previous rating code (focused inspections)
    previous_label: str = ""
    previous_on: str = ""  # the date the previous rating was set (YYYY-MM-DD), when known
    rationale: str = ""
    departure_reason: str = ""
    proposed: str = ""  # the engine's proposed rating, when it differs
    proposed_label: str = ""
    unagreed: bool = False  # proposed by the aggregation rules, not (yet) agreed by the team
    percent: float | None = None  # scored frameworks: the key question's score as a percentage
    note_ids: tuple[str, ...] = ()  # the notes the agreed rating rests on


@dataclass
class RowView:
    """One row of the grid: a scope unit, a location ('location:ID') or the provider ('')."""

    key: str  # scope unit id, or "" for the provider row
    label: str
    cells: dict[str, CellView] = field(default_factory=dict)  # column code -> CellView


@dataclass
class GridView:
    """The ratings grid the report prints: key-question columns then overall, one row per level."""

    columns: list[tuple[str, str]]  # [(code, label)] key questions then ("overall", "Overall")
    rows: list[RowView]
    scoring_method: str | None = None

    def cell(self, unit_key: str, column: str) -> CellView | None:
        """The cell of row `unit_key` (a scope unit id, 'location:ID' or '') and `column`, if any."""
        for r in self.rows:
            if r.key == unit_key:
                return r.cells.get(column)
        return None


def _from_engine(session: ReviewSession, result: RatingsResult) -> GridView:
    """GridView from the ratings engine's RatingsResult (cqc_tui.core.ratings)."""
    scale = session.framework.rating_scale
    grid = result.grid()
    rows = []
    for grow in grid.rows:
        if grow.kind == "scope_unit":
            key, getargs = grow.scope_unit, {"scope_unit": grow.scope_unit}
        elif grow.kind == "location":
            key, getargs = f"location:{grow.location}", {"location": grow.location}
        else:
            key, getargs = "", {}
        row = RowView(key, grow.label or session.review.provider or "Provider")
        for code, _ in grid.columns:
            gc = grow.cells.get(code)
            if gc is None or (not gc.final and not gc.previous):
                continue
            item = result.get(key_question=code, **getargs)
            cell = CellView()
            if gc.final:
                cell.code = gc.final
                cell.label = gc.label or (scale.label(gc.final) if scale else gc.final)
                cell.colour = gc.colour
            cell.rated_on = gc.rated_on or ""
            if gc.previous:
                cell.previous = gc.previous
                cell.previous_label = scale.label(gc.previous) if scale else gc.previous
                previous = item.previous if item is not None else None
                cell.previous_on = (previous.rated_on or "") if previous is not None else ""
            agreed = item.agreed if item is not None else None
            cell.carried = bool(agreed is not None and agreed.source == CARRIED_FORWARD)
            cell.unagreed = agreed is None and bool(gc.final)
            if agreed is not None:
                cell.rationale = agreed.rationale
                cell.note_ids = tuple(agreed.note_ids)
            if item is not None and item.percent is not None:
                cell.percent = item.percent
            if item is not None and item.departure:
                cell.departure_reason = item.departure_reason or (
                    agreed.departure_reason if agreed else ""
                )
                if gc.proposed and gc.proposed != gc.final:
                    cell.proposed = gc.proposed
                    cell.proposed_label = scale.label(gc.proposed) if scale else gc.proposed
            row.cells[code] = cell
        rows.append(row)
    return GridView(list(grid.columns), rows, result.scoring_method)


def assessed_only(grid: GridView, on_scale: Callable[[str], bool] = bool) -> GridView:
    """The grid the report prints: a row above the scope units (a location or the provider) is kept
    only when the team agreed at least one rating on the scale there (`on_scale`: 'not rated' is
    not). A rating rolled up by the aggregation rules to a level the review did not assess (a trust
    row built from one core service) is left out."""
    rows = [
        row
        for row in grid.rows
        if not (row.key == "" or row.key.startswith("location:"))
        or any(
            cell.code and on_scale(cell.code) and not cell.unagreed for cell in row.cells.values()
        )
    ]
    return GridView(grid.columns, rows, grid.scoring_method)


def ratings_grid(session: ReviewSession) -> GridView:
    """The ratings grid of the review as the ratings engine works it out (every row)."""
    return _from_engine(session, ratings_engine.evaluate(session))
