"""Single assessment framework: score a quality statement (1-4) for a scope unit, citing notes.

Depending on the review's scoring method the score is for the statement as a whole or for one
evidence category; the ratings engine turns the scores into key-question ratings.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, SelectionList, Static, TextArea
from textual.widgets.select import NoSelection
from textual.widgets.selection_list import Selection

from cqc_tui.core.model import Score
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.dialogs.common import SaveCancelButtons
from cqc_tui.tui.dialogs.unsaved_changes import UnsavedChangesGuard
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.formatting import picker_line
from cqc_tui.tui.widgets.tick_list import TickList

WHOLE = "__whole__"
MAX_CHOICES = 300


class ScoreDialog(UnsavedChangesGuard, SaveCancelButtons, ModalScreen[Score | None]):
    UNSAVED_SUBJECT = "the score"
    # Choosing another evidence category shows that category's score: moving, not editing (a
    # change to the score shown is asked about before it is replaced, see _category).
    IGNORED_FIELDS = frozenset({"score-category"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save score", id="score.save"),
        Binding("escape", "cancel", "Cancel", id="score.cancel"),
    ]

    def __init__(self, session: ReviewSession, scope_unit: str, line: str) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self.scope_unit = scope_unit
        self.line = line
        self._category_shown: object = WHOLE

    def _existing(self, category: str) -> Score | None:
        """The score recorded for this statement and unit, for `category` ('' the whole statement)."""
        return self.session.score(self.scope_unit, self.line, category)

    def compose(self) -> ComposeResult:
        framework = self.session.framework
        assert framework.scoring is not None
        framework_line = framework.line(self.line)
        unit = self.session.scope_unit(self.scope_unit) if self.scope_unit else None
        where = unit.label if unit else "the review as a whole"
        ex = self._existing("")
        notes = sorted(
            (
                n
                for n in self.session.notes()
                if self.line in n.lines and (not self.scope_unit or n.scope_unit == self.scope_unit)
            ),
            key=lambda n: (n.created, n.id),
            reverse=True,
        )
        chosen = set(ex.note_ids) if ex else set()
        shown = notes[:MAX_CHOICES] + [n for n in notes[MAX_CHOICES:] if n.id in chosen]
        with Vertical(classes="dialog wide-dialog", id="score-dialog"):
            yield Label(
                Content(
                    f"Score {self.line} {framework_line.title if framework_line else ''} — {where}"
                ),
                classes="dialog-title",
            )
            with Horizontal(classes="editor-row"):
                yield Select(
                    [(Content(f"{v} {label}"), v) for v, label in framework.scoring.scores],
                    value=ex.score if ex else Select.NULL,
                    prompt="Choose a score",
                    id="score-value",
                    compact=True,
                )
                yield Select(
                    [(Content("Whole quality statement"), WHOLE)]
                    + [(Content(label), code) for code, label in framework.evidence_categories],
                    value=WHOLE,
                    allow_blank=False,
                    id="score-category",
                    compact=True,
                )
            yield Label("Rationale")
            yield TextArea(
                ex.rationale if ex else "",
                id="score-rationale",
                soft_wrap=True,
                tab_behavior="focus",
            )
            yield Label(
                Content(
                    f"Evidence (space ticks; {len(notes)} note(s) for this statement"
                    f"{' and unit' if self.scope_unit else ''})"
                )
            )
            yield TickList(
                *[
                    Selection(Content(picker_line(n, with_lines=False)), n.id, n.id in chosen)
                    for n in shown
                ],
                id="score-notes",
            )
            yield Static("", id="score-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#score-value", Select).focus()

    @on(Select.Changed, "#score-category")
    def _category(self, event: Select.Changed) -> None:
        """Show the chosen category's score; what was typed for the one shown is not thrown away
        unasked (the choice goes back to it while the question is up)."""
        chosen = event.value
        if chosen == self._category_shown:
            return
        if not self.has_unsaved_changes():
            self._show_category(chosen)
            return
        select = self.query_one("#score-category", Select)
        with self.prevent(Select.Changed):
            select.value = self._category_shown
        from cqc_tui.tui.dialogs.common import ConfirmDialog

        def answer(discard: bool | None) -> None:
            if discard:
                with self.prevent(Select.Changed):
                    select.value = chosen
                self._show_category(chosen)

        self.app.push_screen(
            ConfirmDialog(
                "Show another evidence category and discard your changes to the score shown? "
                "What you typed will be lost.",
                yes="Discard",
                no="Keep editing",
                title="Unsaved changes",
                focus_yes=False,
            ),
            answer,
        )

    def _show_category(self, category: object) -> None:
        ex = self._existing("" if category == WHOLE else str(category))
        self.query_one("#score-value", Select).value = ex.score if ex else Select.NULL
        self.query_one("#score-rationale", TextArea).text = ex.rationale if ex else ""
        self._category_shown = category
        self.mark_unchanged()

    def action_save(self) -> None:
        value = self.query_one("#score-value", Select).value
        if isinstance(value, NoSelection):
            self.query_one("#score-error", Static).update(Content("Choose a score."))
            return
        category = self.query_one("#score-category", Select).value
        category = "" if category == WHOLE else str(category)
        fields = dict(
            score=int(value),
            rationale=self.query_one("#score-rationale", TextArea).text,
            note_ids=tuple(self.query_one("#score-notes", SelectionList).selected),
        )
        ex = self._existing(category)
        try:
            if ex is None:
                saved = self.session.add(
                    Score,
                    scope_unit=self.scope_unit,
                    line=self.line,
                    evidence_category=category,
                    **fields,
                )
            else:
                saved = self.session.update("scores", ex.id, **fields)
        except Exception as exc:  # noqa: BLE001 - one line for the user; the typing stays
            self.query_one("#score-error", Static).update(
                Content(f"Not saved: {failure_line(exc, 'save')}")
            )
            self.notify(f"Not saved: {failure_line(exc, 'save')}", severity="error", markup=False)
            return
        self.notify(f"Scored {self.line}: {value}.", markup=False)
        self.dismiss(saved)  # type: ignore[arg-type]
