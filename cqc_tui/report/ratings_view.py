"""The ratings the report shows, from the ratings engine (cqc_tui.core.ratings) when it is
installed, else straight from the team's Rating records.

A GridView has one row per scope unit plus the provider row, one column per key question plus
overall; each cell holds the rating to print (code, label, colour), whether it was carried forward,
the date it was set, and the previous rating for focused inspections.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable

from cqc_tui.core.model import OVERALL


@dataclass
class CellView:
    code: str = ""
    label: str = ""
    colour: str | None = None
    carried: bool = False
    rated_on: str = ""
    previous: str = ""           # previous rating code (focused inspections)
    previous_label: str = ""
    previous_on: str = ""        # the date the previous rating was set (YYYY-MM-DD), when known
    rationale: str = ""
    departure_reason: str = ""
    proposed: str = ""           # the engine's proposed rating, when it differs
    proposed_label: str = ""
    unagreed: bool = False       # proposed by the aggregation rules, not (yet) agreed by the team
    percent: float | None = None  # scored frameworks: the key question's score as a percentage
    note_ids: tuple = ()         # the notes the agreed rating rests on


@dataclass
class RowView:
    key: str                     # scope unit id, or "" for the provider row
    label: str
    cells: dict = field(default_factory=dict)   # column code -> CellView


@dataclass
class GridView:
    columns: list                # [(code, label)] key questions then ("overall", "Overall")
    rows: list                   # [RowView]
    source: str = "records"      # "engine" or "records"
    scoring_method: str | None = None

    def cell(self, unit_key: str, column: str) -> CellView | None:
        for r in self.rows:
            if r.key == unit_key:
                return r.cells.get(column)
        return None


def _scale(session):
    return session.framework.rating_scale


def _from_records(session) -> GridView:
    fw = session.framework
    scale = _scale(session)
    columns = [(kq.code, kq.label) for kq in fw.key_questions] + [(OVERALL, "Overall")]
    units = session.scope_units()
    own: dict[tuple[str, str], Any] = {}
    carried: dict[tuple[str, str], Any] = {}
    previous: dict[tuple[str, str], Any] = {}
    for r in session.records("ratings"):
        if r.location:
            continue
        key = (r.scope_unit, r.key_question)
        target = {"this_review": own, "carried_forward": carried, "previous": previous}.get(r.source)
        if target is None:
            continue
        if key not in target or (r.rated_on, r.updated) > (target[key].rated_on, target[key].updated):
            target[key] = r
    rows = [RowView(u.id, u.label) for u in units]
    rows.append(RowView("", session.review.provider or "Provider"))
    for row in rows:
        for code, _ in columns:
            key = (row.key, code)
            rec = own.get(key) or carried.get(key)
            prev = previous.get(key)
            if rec is None and prev is None:
                continue
            cell = CellView()
            if rec is not None:
                cell.code = rec.rating
                cell.label = scale.label(rec.rating) if scale else rec.rating
                cell.colour = scale.colour(rec.rating) if scale else None
                cell.carried = rec.source == "carried_forward"
                cell.rated_on = rec.rated_on
                cell.rationale = rec.rationale
                cell.note_ids = tuple(rec.note_ids)
                cell.departure_reason = rec.departure_reason
            if prev is not None:
                cell.previous = prev.rating
                cell.previous_label = scale.label(prev.rating) if scale else prev.rating
                cell.previous_on = prev.rated_on
            row.cells[code] = cell
    return GridView(columns, rows, "records")


def _from_engine(session, result) -> GridView:
    """GridView from the ratings engine's RatingsResult (cqc_tui.core.ratings)."""
    scale = _scale(session)
    base = _from_records(session)
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
        old_row = next((b for b in base.rows if b.key == key), None)
        for code, _ in grid.columns:
            gc = grow.cells.get(code)
            if gc is None or (not gc.final and not gc.previous):
                continue
            item = result.get(key_question=code, **getargs)
            cell = CellView()
            old = old_row.cells.get(code) if old_row else None
            if old is not None:
                cell.rationale = old.rationale
            if gc.final:
                cell.code = gc.final
                cell.label = gc.label or (scale.label(gc.final) if scale else gc.final)
                cell.colour = gc.colour
            cell.rated_on = gc.rated_on or ""
            if gc.previous:
                cell.previous = gc.previous
                cell.previous_label = scale.label(gc.previous) if scale else gc.previous
                previous = getattr(item, "previous", None) if item is not None else None
                cell.previous_on = (getattr(previous, "rated_on", "") or "") if previous is not None else ""
            agreed = getattr(item, "agreed", None) if item is not None else None
            cell.carried = bool(agreed is not None and agreed.source == "carried_forward")
            cell.unagreed = agreed is None and bool(gc.final)
            if agreed is not None:
                cell.rationale = agreed.rationale or cell.rationale
                cell.note_ids = tuple(agreed.note_ids)
            if item is not None and getattr(item, "percent", None) is not None:
                cell.percent = item.percent
            if item is not None and item.departure:
                cell.departure_reason = item.departure_reason or (agreed.departure_reason if agreed else "")
                if gc.proposed and gc.proposed != gc.final:
                    cell.proposed = gc.proposed
                    cell.proposed_label = scale.label(gc.proposed) if scale else gc.proposed
            row.cells[code] = cell
        rows.append(row)
    return GridView(list(grid.columns), rows, "engine", getattr(result, "scoring_method", None))


def assessed_only(grid: GridView, on_scale: Callable[[str], bool] = bool) -> GridView:
    """The grid the report prints: a row above the scope units (a location or the provider) is kept
    only when the team agreed at least one rating on the scale there (`on_scale`: 'not rated' is
    not). A rating rolled up by the aggregation rules to a level the review did not assess (a trust
    row built from one core service) is left out."""
    rows = [row for row in grid.rows
            if not (row.key == "" or row.key.startswith("location:"))
            or any(cell.code and on_scale(cell.code) and not cell.unagreed for cell in row.cells.values())]
    return GridView(grid.columns, rows, grid.source, grid.scoring_method)


def ratings_grid(session) -> GridView:
    """The grid to print. Uses the ratings engine when available and its output is readable."""
    try:
        engine = importlib.import_module("cqc_tui.core.ratings")  # optional, written separately
    except ImportError:
        return _from_records(session)
    evaluate = getattr(engine, "evaluate", None)
    if evaluate is None:
        return _from_records(session)
    try:
        return _from_engine(session, evaluate(session))
    except Exception as exc:  # noqa: BLE001 - a fault in the engine must not stop the report
        view = _from_records(session)
        view.source = f"records (the ratings engine failed: {type(exc).__name__}: {exc})"
        return view
