"""What the ratings engine returns: a `ProposedRating` per slot (level x scope unit / location x
key question) with the limiters that applied, gathered in a `RatingsResult` that also lays them
out as a `Grid` (scope units, locations and the provider by key question)."""

from __future__ import annotations

from dataclasses import dataclass, field

from cqc_tui.core.framework import RatingScale
from cqc_tui.core.model import OVERALL, Rating
from cqc_tui.core.ratings.rules import LOCATION_LEVELS, PROVIDER_LEVELS, UNIT_LEVELS


@dataclass
class LimiterApplied:
    """A limiter that applied to a slot: which, from which enforcement record, and whether it
    lowered the proposal."""

    limiter: str
    label: str
    cap: str
    applies: str
    enforcement_id: str
    text: str = ""
    lowered: bool = False

    def to_dict(self) -> dict:
        """The fields as a JSON-ready dict."""
        return {
            "limiter": self.limiter,
            "label": self.label,
            "cap": self.cap,
            "applies": self.applies,
            "enforcement_id": self.enforcement_id,
            "text": self.text,
            "lowered": self.lowered,
        }


@dataclass
class ProposedRating:
    """What the rules give for one slot, beside what the team agreed."""

    level: str
    scope_unit: str
    location: str
    key_question: str
    proposed: str | None
    rule_id: str | None = None
    rule_text: str = ""
    inputs: list = field(default_factory=list)
    limiters_applied: list = field(default_factory=list)
    agreed: Rating | None = None
    departure: bool = False
    departure_reason: str = ""
    rated_on: str | None = None
    previous: Rating | None = None
    change: str | None = None
    # extras
    rule_verified: bool | None = None
    before_limiters: str | None = None
    assessed_at_provider_level: bool = False
    percent: float | None = None
    exact_percent: float | None = None
    scoring_method: str | None = None
    scope_unit_label: str = ""
    location_name: str = ""

    @property
    def final(self) -> str | None:
        """The rating that stands: the team's agreed rating if any, else the proposed one."""
        if self.agreed is not None:
            return self.agreed.rating
        return self.proposed

    @property
    def source(self) -> str | None:
        """The source of the agreed rating (this review, carried forward ...); None when none is agreed."""
        return self.agreed.source if self.agreed is not None else None

    @property
    def is_overall(self) -> bool:
        """Whether this is an overall slot rather than a key question's."""
        return self.key_question == OVERALL

    def to_dict(self, scale: RatingScale | None = None) -> dict:
        """The slot as a JSON-ready dict, with rating labels from `scale` when given."""

        def label_of(code: str | None) -> str | None:
            return scale.label(code) if scale is not None and code else code

        return {
            "level": self.level,
            "scope_unit": self.scope_unit,
            "scope_unit_label": self.scope_unit_label,
            "location": self.location,
            "location_name": self.location_name,
            "key_question": self.key_question,
            "proposed": self.proposed,
            "proposed_label": label_of(self.proposed),
            "rule_id": self.rule_id,
            "rule_text": self.rule_text,
            "rule_verified": self.rule_verified,
            "before_limiters": self.before_limiters,
            "inputs": [dict(i) for i in self.inputs],
            "limiters_applied": [limiter.to_dict() for limiter in self.limiters_applied],
            "agreed": _rating_dict(self.agreed),
            "final": self.final,
            "final_label": label_of(self.final),
            "departure": self.departure,
            "departure_reason": self.departure_reason,
            "rated_on": self.rated_on,
            "previous": _rating_dict(self.previous),
            "change": self.change,
            "assessed_at_provider_level": self.assessed_at_provider_level,
            "percent": self.percent,
            "exact_percent": self.exact_percent,
            "scoring_method": self.scoring_method,
        }


def _rating_dict(rating: Rating | None) -> dict | None:
    if rating is None:
        return None
    return {
        "id": rating.id,
        "rating": rating.rating,
        "source": rating.source,
        "rated_on": rating.rated_on,
        "departure_reason": rating.departure_reason,
        "note_ids": list(rating.note_ids),
        "author": rating.author,
    }


@dataclass
class GridCell:
    """One cell of the ratings grid: the proposed, agreed and final rating of a slot, how to show
    it, and what changed since the previous rating."""

    key_question: str
    proposed: str | None
    agreed: str | None
    final: str | None
    colour: str | None
    label: str
    departure: bool = False
    change: str | None = None
    previous: str | None = None
    rated_on: str | None = None
    limiters: tuple = ()
    assessed_at_provider_level: bool = False

    def to_dict(self) -> dict:
        """The cell as a JSON-ready dict."""
        return {
            "key_question": self.key_question,
            "proposed": self.proposed,
            "agreed": self.agreed,
            "final": self.final,
            "colour": self.colour,
            "label": self.label,
            "departure": self.departure,
            "change": self.change,
            "previous": self.previous,
            "rated_on": self.rated_on,
            "limiters": list(self.limiters),
            "assessed_at_provider_level": self.assessed_at_provider_level,
        }


@dataclass
class GridRow:
    """One row of the ratings grid: a scope unit, a location or the provider, by column."""

    kind: str  # "scope_unit", "location" or "provider"
    scope_unit: str
    location: str
    label: str
    cells: dict  # column code -> GridCell

    def to_dict(self) -> dict:
        """The row as a JSON-ready dict."""
        return {
            "kind": self.kind,
            "scope_unit": self.scope_unit,
            "location": self.location,
            "label": self.label,
            "cells": {code: cell.to_dict() for code, cell in self.cells.items()},
        }


@dataclass
class Grid:
    """The ratings grid: key question columns then overall; scope unit, location and provider rows."""

    columns: list  # (code, label): the key questions, then ("overall", "Overall")
    rows: list  # GridRow: scope units, then locations (if any), then the provider

    def to_dict(self) -> dict:
        """The grid as a JSON-ready dict."""
        return {
            "columns": [{"code": code, "label": label} for code, label in self.columns],
            "rows": [row.to_dict() for row in self.rows],
        }


@dataclass
class RatingsResult:
    """Every slot the engine evaluated for a review, with what is needed to show them (scale, key
    questions, scope units, locations). Empty, with `rated` false, for an unrated framework."""

    framework_id: str = ""
    framework_version: str = ""
    rated: bool = False
    rule_set: str | None = None
    scoring_method: str | None = None
    items: list = field(default_factory=list)
    scale: RatingScale | None = None
    key_questions: list = field(default_factory=list)  # (code, label)
    units: list = field(default_factory=list)  # (id, label, location id)
    locations: list = field(default_factory=list)  # (id, name) of locations used
    provider_label: str = "Provider"

    def get(
        self,
        scope_unit: str = "",
        key_question: str = OVERALL,
        location: str = "",
        level: str | None = None,
    ) -> ProposedRating | None:
        """The item for a slot, or None. Without `level`: scope unit given -> unit level; else location
        given -> location level; else provider level. A unit's items also match its own location."""
        levels: tuple[str, ...]
        if level is None:
            levels = UNIT_LEVELS if scope_unit else LOCATION_LEVELS if location else PROVIDER_LEVELS
        else:
            levels = (level,)
        for item in self.items:
            if item.level not in levels or item.key_question != key_question:
                continue
            if item.level in UNIT_LEVELS:
                if item.scope_unit != scope_unit or (location and item.location != location):
                    continue
            elif (
                scope_unit
                or (item.level in LOCATION_LEVELS and item.location != location)
                or (item.level in PROVIDER_LEVELS and location)
            ):
                continue
            return item
        return None

    def at_level(self, level: str) -> list[ProposedRating]:
        """The slots at `level` (one of rules.LEVELS), in evaluation order."""
        return [item for item in self.items if item.level == level]

    def departures(self) -> list[ProposedRating]:
        """The slots where the team's agreed rating departs from what the rules give."""
        return [item for item in self.items if item.departure]

    def grid(self) -> Grid:
        """The slots laid out by row (scope units, locations, provider) and key question column."""
        columns = [*self.key_questions, (OVERALL, "Overall")]
        rows: list[GridRow] = []
        for unit_id, label, _location in self.units:
            rows.append(
                GridRow("scope_unit", unit_id, "", label, self._cells(columns, scope_unit=unit_id))
            )
        for location_id, name in self.locations:
            rows.append(
                GridRow(
                    "location", "", location_id, name, self._cells(columns, location=location_id)
                )
            )
        if self.rated:
            rows.append(GridRow("provider", "", "", self.provider_label, self._cells(columns)))
        return Grid(columns, rows)

    def _cells(self, columns: list, scope_unit: str = "", location: str = "") -> dict:
        cells = {}
        for code, _ in columns:
            item = self.get(scope_unit, code, location)
            if item is None:
                cells[code] = GridCell(code, None, None, None, None, "")
                continue
            final = item.final
            scale = self.scale
            cells[code] = GridCell(
                code,
                item.proposed,
                item.agreed.rating if item.agreed else None,
                final,
                scale.colour(final) if scale else None,
                scale.label(final) if scale and final else "",
                item.departure,
                item.change,
                item.previous.rating if item.previous else None,
                item.rated_on,
                tuple(applied.limiter for applied in item.limiters_applied if applied.lowered),
                item.assessed_at_provider_level,
            )
        return cells

    def to_json(self) -> dict:
        """The result as a JSON-ready dict: framework, rule set, method, every slot and the grid."""
        return {
            "framework": {"id": self.framework_id, "version": self.framework_version},
            "rated": self.rated,
            "rule_set": self.rule_set,
            "scoring_method": self.scoring_method,
            "items": [item.to_dict(self.scale) for item in self.items],
            "grid": self.grid().to_dict(),
        }
