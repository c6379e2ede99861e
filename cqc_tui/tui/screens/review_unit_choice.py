"""The scope unit the inspector works on, as a review opens: put back the one last worked on in this
review on this laptop, or, the first time a review with scope units is opened here, ask
(dialogs/unit_picker.py) so the first note is not filed against the review as a whole by mistake.
Every change of unit is remembered (tui/remembered_units.py). A mixin of ReviewScreen
(screens/review.py), which holds where the inspector is and changes the unit through `set_unit`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cqc_tui.core.search import ALL
from cqc_tui.tui.dialogs.unit_picker import UnitPickerDialog

if TYPE_CHECKING:
    from textual.screen import Screen

    from cqc_tui.core.model import ScopeUnit
    from cqc_tui.core.review_types import ReviewType
    from cqc_tui.core.workspace import ReviewSession

    _ScreenBase = Screen  # what the mixin is mixed into, for the type checker
else:
    _ScreenBase = object


class UnitChoice(_ScreenBase):
    """Asking for and remembering the scope unit (see the module docstring)."""

    session: ReviewSession | None
    units: dict[str, ScopeUnit]
    review_title: str
    review_type: ReviewType | None

    if TYPE_CHECKING:

        @property
        def scope_unit(self) -> str: ...
        def set_unit(self, unit: str) -> None: ...

    def restore_or_ask_unit(self) -> None:
        """Once the review's records are in: back on the unit last worked on here, or, the first
        time a review with scope units is opened on this laptop (not read-only), ask which."""
        session = self.session
        assert session is not None
        remembered = self.app.remembered_units.unit(session.review.id)  # type: ignore[attr-defined]
        if remembered is not None:
            if remembered != self.scope_unit and (remembered == ALL or remembered in self.units):
                self.call_after_refresh(self.set_unit, remembered)
            return
        if self.units and not session.readonly and self.app.ASK_SCOPE_UNIT:  # type: ignore[attr-defined]
            # Asked after the first paint; a who-are-you question asked meanwhile comes on top,
            # so it is answered first and this one after it.
            self.call_after_refresh(self._ask_unit)

    def _ask_unit(self) -> None:
        if not self.is_attached or self.session is None:
            return
        unit_word = self.review_type.scope_unit_label if self.review_type else "Scope unit"
        units = sorted(self.units.values(), key=lambda u: (u.order, u.label.casefold()))
        dialog = UnitPickerDialog(self.review_title, units, self.scope_unit, unit_word)
        self.app.push_screen(dialog, self._unit_answered)

    def _unit_answered(self, unit: str | None) -> None:
        if unit is None or self.session is None:
            return
        self.set_unit(unit)
        self.remember_unit()  # Escape on every unit shown changes nothing, yet is an answer

    def remember_unit(self) -> None:
        """Remember the unit shown now for this review on this laptop."""
        if self.session is not None:
            self.app.remembered_units.remember(self.session.review.id, self.scope_unit)  # type: ignore[attr-defined]
