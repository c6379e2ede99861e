"""The review screen's actions that move the inspector about without changing the review: jump to
a line, a key question or a note (also asked for by other screens with a `JumpTo` message), step
through the scope units, move the focus between the navigator and the evidence, search, show
deleted notes, the line panel's characteristics and prompts, and Escape. A mixin of ReviewScreen
(screens/review.py), which holds where the inspector is (`place`) and changes it through
`move_to` and `set_unit`.
"""

from __future__ import annotations

from textual.widgets import Input, Select

from cqc_tui.core.search import ALL
from cqc_tui.tui.messages import JumpTo
from cqc_tui.tui.screens.review_host import ReviewScreenHost


class ReviewMoves(ReviewScreenHost):
    """Moving about the review screen (see the module docstring)."""

    def jump_to_line(self, code: str) -> None:
        """Go to line `code` (nothing happens if the framework has no such line)."""
        line = self.navigator.go_to_line(code)
        if line is not None:
            self.move_to(line.key_question, line)

    def jump_to_kq(self, code: str) -> None:
        """Go to key question `code` as a whole."""
        if self.navigator.go_to_key_question(code):
            self.move_to(code, None)

    def jump_to_note(self, note_id: str) -> None:
        """Go to note `note_id`: its first line, every unit if another one is chosen, filters off."""
        note = self.index.notes.get(note_id)
        if note is None:
            return
        if self.scope_unit not in (ALL, note.scope_unit):
            self.set_unit(ALL)
        if note.lines:
            self.jump_to_line(note.lines[0])
        self.evidence.reveal(note)

    def on_jump_to(self, message: JumpTo) -> None:
        message.stop()  # handled here, not again by the app
        if message.scope_unit is not None:
            self.set_unit(message.scope_unit)
        if message.line:
            self.jump_to_line(message.line)
        elif message.key_question:
            self.jump_to_kq(message.key_question)
        if message.note_id:
            self.jump_to_note(message.note_id)

    def action_unit(self, step: int) -> None:
        order = [ALL, *self.units]
        position = order.index(self.scope_unit) if self.scope_unit in order else 0
        self.set_unit(order[(position + step) % len(order)])

    def action_choose_unit(self) -> None:
        self.navigator.open_unit_chooser()

    def action_focus_lines(self) -> None:
        self.navigator.line_tree.focus()

    def action_focus_notes(self) -> None:
        self.evidence.note_list.focus()

    def action_toggle_deleted(self) -> None:
        self.evidence.toggle_deleted()

    def action_search(self) -> None:
        self.evidence.focus_search()

    def action_characteristics(self) -> None:
        self.line_panel.show_characteristics = not self.line_panel.show_characteristics

    def action_prompts(self) -> None:
        self.line_panel.show_prompts = not self.line_panel.show_prompts

    def action_back(self) -> None:
        """Escape: leave the search, else go back to the navigator from a filter, else close the
        review."""
        if self.evidence.leave_search():
            return
        tree = self.navigator.line_tree
        if (
            self.focused is not None
            and self.focused is not tree
            and isinstance(self.focused, (Select, Input))
        ):
            tree.focus()
            return
        self.app.close_review()
