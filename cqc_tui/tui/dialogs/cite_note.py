"""Choose an evidence note to cite in a report section: type words to narrow the list, enter on a
note to cite it. The report prints a short reference in its place (cqc_tui.report.citations)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from cqc_tui.core.model import EvidenceNote
from cqc_tui.core.search import fold
from cqc_tui.report.citations import citation
from cqc_tui.tui.formatting import picker_line

SHOWN_NOTES = 200  # notes listed at once; typing narrows the rest


class CiteNoteDialog(ModalScreen[str | None]):
    """Pick one of `notes` (newest first); returns its id, or None on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cite_note.cancel"),
        Binding("down", "to_list", "Notes", show=False, id="cite_note.to_list"),
    ]
    DEFAULT_CSS = """
    #cite-dialog { height: 90%; }
    #cite-notes { height: 1fr; }
    #cite-count { color: $text-muted; height: 1; }
    """

    def __init__(self, notes: list[EvidenceNote], where: str) -> None:
        super().__init__(classes="dialog-screen")
        self.notes = sorted(notes, key=lambda n: (n.observed_at, n.created, n.id), reverse=True)
        self.where = where
        self._folded = {
            n.id: fold(f"{n.text} {n.place} {n.author} {' '.join(n.lines)}") for n in self.notes
        }
        self._shown: list[EvidenceNote] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="cite-dialog"):
            yield Label(Content(f"Cite a note in {self.where}"), classes="dialog-title")
            yield Input(placeholder="find notes by their words", id="cite-find", compact=True)
            yield Static("", id="cite-count")
            yield OptionList(id="cite-notes")
            yield Static(
                Content("type to narrow · ↓ to the list · enter cites the note · esc cancel"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#cite-find", Input).focus()

    def _fill(self, query: str) -> None:
        words = fold(query).split()
        matching = [n for n in self.notes if all(w in self._folded[n.id] for w in words)]
        self._shown = matching[:SHOWN_NOTES]
        options = self.query_one("#cite-notes", OptionList)
        options.clear_options()
        options.add_options([Option(Content(picker_line(n)), id=n.id) for n in self._shown])
        if self._shown:
            options.highlighted = 0
        more = f" (the first {SHOWN_NOTES}; type to narrow)" if len(matching) > SHOWN_NOTES else ""
        self.query_one("#cite-count", Static).update(
            Content(
                f"{len(matching)} note{'s' if len(matching) != 1 else ''}{more}"
                if self.notes
                else "This review has no evidence notes yet."
            )
        )

    @on(Input.Changed, "#cite-find")
    def _narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#cite-find")
    def _submit_find(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#cite-notes", OptionList)
        if options.highlighted is not None and self._shown:
            self.dismiss(self._shown[options.highlighted].id)

    @on(OptionList.OptionSelected, "#cite-notes")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_to_list(self) -> None:
        self.query_one("#cite-notes", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


def cite_into(area: TextArea, notes: list[EvidenceNote], where: str) -> None:
    """Let the user choose one of `notes` and put its citation at `area`'s cursor (a space before
    it when the text there does not end in one); the area has the focus again after."""

    def chosen(note_id: str | None) -> None:
        area.focus()
        if note_id:
            before = area.document.get_text_range((0, 0), area.cursor_location)
            space = "" if not before or before[-1].isspace() else " "
            area.insert(space + citation(note_id))

    area.app.push_screen(CiteNoteDialog(notes, where), chosen)
