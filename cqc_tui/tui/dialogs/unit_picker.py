"""Which scope unit are you working on? Asked the first time a review with scope units is opened
on a laptop, so the first note typed is filed against the core service (or area) the inspector is
in, not against the review as a whole. Enter takes the highlighted unit, a digit the unit with that
number, Escape the whole review; the review screen remembers the answer for next time."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from cqc_tui.core.model import ScopeUnit
from cqc_tui.core.search import ALL


class UnitPickerDialog(ModalScreen[str]):
    """Returns the chosen scope unit's id, or ALL (every unit and the review as a whole)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "whole_review", "Whole review", id="unit_picker.whole_review"),
        *[
            Binding(str(n), f"pick({n - 1})", f"Unit {n}", show=False, id=f"unit_picker.unit_{n}")
            for n in range(1, 10)
        ],
    ]

    def __init__(
        self, review_title: str, units: list[ScopeUnit], current: str, unit_word: str
    ) -> None:
        """`units`: the review's scope units in order; `current`: the unit to highlight (the one
        shown now, or the last one chosen); `unit_word`: what the review type calls a unit, e.g.
        "Core service"."""
        super().__init__(classes="dialog-screen")
        self.review_title = review_title
        self.units = list(units)
        self.current = current
        self.unit_word = unit_word

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="unit-picker"):
            yield Label(
                Content(f"Which {self.unit_word.lower()} are you working on?"),
                classes="dialog-title",
            )
            yield Static(
                Content(
                    f"'{self.review_title}': new notes are filed against the one you choose. "
                    "s changes it later; [ and ] step through them."
                ),
                classes="dialog-hint",
            )
            yield OptionList(
                *[
                    Option(
                        Content(f"{n}  {unit.label}" if n <= 9 else f"   {unit.label}"), id=unit.id
                    )
                    for n, unit in enumerate(self.units, start=1)
                ],
                id="unit-options",
            )
            yield Static(
                Content("enter works on it · 1-9 picks by number · esc: the whole review"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        options = self.query_one("#unit-options", OptionList)
        at = next((i for i, u in enumerate(self.units) if u.id == self.current), 0)
        options.highlighted = at
        options.focus()

    @on(OptionList.OptionSelected, "#unit-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self.units):
            self.dismiss(self.units[index].id)

    def action_whole_review(self) -> None:
        self.dismiss(ALL)
