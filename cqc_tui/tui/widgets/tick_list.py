"""A SelectionList that ticks the option space was pressed on, however fast the keys come."""

from __future__ import annotations

from textual.widgets import OptionList, SelectionList


class TickList(SelectionList):
    """Textual's SelectionList turns space into an OptionSelected message and, when that arrives,
    toggles whatever is highlighted *then*. Typed in a burst (space, down, space, down, space),
    the downs are handled first and every toggle lands on the last option: the evidence ticked
    is not the evidence the inspector chose. This toggles the option the message names."""

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        event.prevent_default()  # not SelectionList's handler too (it would toggle the highlighted one)
        if 0 <= event.option_index < self.option_count:
            self.toggle(self.get_option_at_index(event.option_index))
