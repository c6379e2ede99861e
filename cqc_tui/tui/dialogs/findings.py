"""Editors for findings (per key question / area) and recommendations (must do, should do ...)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from cqc_tui.core.model import (
    ACTION_STATUSES,
    FINDING,
    FINDING_KINDS,
    FOLLOW_UP_STATUSES,
    MUST_DO,
    RECOMMENDATION_KINDS,
    Finding,
    Recommendation,
    Record,
)
from cqc_tui.core.validate import date_problem
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.dialogs.common import SaveCancelButtons
from cqc_tui.tui.dialogs.unsaved_changes import UnsavedChangesGuard
from cqc_tui.tui.failures import failure_line

NONE = "__none__"


def kq_options(session: ReviewSession) -> list:
    return [(Content("(none: the review as a whole)"), NONE)] + [
        (Content(key_question.label), key_question.code)
        for key_question in session.framework.key_questions
    ]


def unit_options(session: ReviewSession) -> list:
    return [(Content("(none: the review as a whole)"), NONE)] + [
        (Content(u.label), u.id) for u in session.scope_units()
    ]


def _val(sel: Select) -> str:
    v = sel.value
    return "" if v in (NONE, Select.NULL) or not isinstance(v, str) else v


class _RecordEditor(UnsavedChangesGuard, SaveCancelButtons, ModalScreen[Record | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="record_editor.save"),
        Binding("escape", "cancel", "Cancel", id="record_editor.cancel"),
    ]

    def _fail(self, message: str) -> None:
        self.query_one(".form-error", Static).update(Content(message))
        self.notify(message, severity="error", markup=False)


class FindingEditor(_RecordEditor):
    UNSAVED_SUBJECT = "the finding"

    def __init__(
        self,
        session: ReviewSession,
        finding: Finding | None = None,
        key_question: str = "",
        unit: str = "",
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self.finding = finding
        self.key_question = finding.key_question if finding else key_question
        self.unit = finding.scope_unit if finding else unit

    def compose(self) -> ComposeResult:
        f = self.finding
        with Vertical(classes="dialog wide-dialog", id="finding-editor"):
            yield Label("Edit finding" if f else "New finding", classes="dialog-title")
            with VerticalScroll(classes="form"):
                with Horizontal(classes="two-col"):
                    with Vertical():
                        yield Label("Kind")
                        yield Select(
                            [(Content(v), k) for k, v in FINDING_KINDS.items()],
                            allow_blank=False,
                            value=f.kind if f else FINDING,
                            id="finding-kind",
                        )
                    with Vertical():
                        yield Label("Follow-up status (follow-up reviews)")
                        yield Select(
                            [(Content("(none)"), NONE)]
                            + [(Content(v), k) for k, v in FOLLOW_UP_STATUSES.items()],
                            allow_blank=False,
                            value=(f.status or NONE) if f else NONE,
                            id="finding-status",
                        )
                with Horizontal(classes="two-col"):
                    with Vertical():
                        yield Label("Key question")
                        yield Select(
                            kq_options(self.session),
                            allow_blank=False,
                            value=self.key_question or NONE,
                            id="finding-kq",
                        )
                    with Vertical():
                        yield Label("Scope unit / area")
                        yield Select(
                            unit_options(self.session),
                            allow_blank=False,
                            value=self.unit or NONE,
                            id="finding-unit",
                        )
                yield Label("Heading")
                yield Input(f.heading if f else "", id="finding-heading")
                yield Label("Finding")
                yield TextArea(
                    f.text if f else "",
                    id="finding-text",
                    soft_wrap=True,
                    tab_behavior="focus",
                    classes="form-area",
                )
            yield Static("", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#finding-heading", Input).focus()

    def action_save(self) -> None:
        fields = dict(
            kind=_val(self.query_one("#finding-kind", Select)) or FINDING,
            status=_val(self.query_one("#finding-status", Select)),
            key_question=_val(self.query_one("#finding-kq", Select)),
            scope_unit=_val(self.query_one("#finding-unit", Select)),
            heading=self.query_one("#finding-heading", Input).value.strip(),
            text=self.query_one("#finding-text", TextArea).text.strip(),
        )
        if not fields["heading"] and not fields["text"]:
            self._fail("A finding needs a heading or some text.")
            return
        try:
            if self.finding is None:
                order = self.session.next_order("findings")
                saved = self.session.add(Finding, order=order, **fields)
            else:
                saved = self.session.update("findings", self.finding.id, **fields)
        except Exception as exc:  # noqa: BLE001 - one line for the user; the typing stays
            self._fail(f"Not saved: {failure_line(exc, 'save')}")
            return
        self.notify("Finding saved.", markup=False)
        self.dismiss(saved)


class RecommendationEditor(_RecordEditor):
    UNSAVED_SUBJECT = "the recommendation"

    def __init__(
        self,
        session: ReviewSession,
        recommendation: Recommendation | None = None,
        key_question: str = "",
        unit: str = "",
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self.recommendation = recommendation
        self.key_question = recommendation.key_question if recommendation else key_question
        self.unit = recommendation.scope_unit if recommendation else unit

    def compose(self) -> ComposeResult:
        r = self.recommendation
        with Vertical(classes="dialog wide-dialog", id="recommendation-editor"):
            yield Label(
                "Edit recommendation" if r else "New recommendation", classes="dialog-title"
            )
            with VerticalScroll(classes="form"):
                with Horizontal(classes="two-col"):
                    with Vertical():
                        yield Label("Kind")
                        yield Select(
                            [(Content(v), k) for k, v in RECOMMENDATION_KINDS.items()],
                            allow_blank=False,
                            value=r.kind if r else MUST_DO,
                            id="rec-kind",
                        )
                    with Vertical():
                        yield Label("Status")
                        yield Select(
                            [(Content(v), k) for k, v in ACTION_STATUSES.items()],
                            allow_blank=False,
                            value=r.status if r else "not_started",
                            id="rec-status",
                        )
                yield Label("What must be done")
                yield TextArea(
                    r.text if r else "",
                    id="rec-text",
                    soft_wrap=True,
                    tab_behavior="focus",
                    classes="form-area",
                )
                with Horizontal(classes="two-col"):
                    with Vertical():
                        yield Label("Owner (organisation responsible)")
                        yield Input(
                            r.owner if r else (self.session.review.provider or ""), id="rec-owner"
                        )
                    with Vertical():
                        yield Label("Regulation (e.g. Regulation 12)")
                        yield Input(r.regulation if r else "", id="rec-regulation")
                with Horizontal(classes="two-col"):
                    with Vertical():
                        yield Label("Key question")
                        yield Select(
                            kq_options(self.session),
                            allow_blank=False,
                            value=self.key_question or NONE,
                            id="rec-kq",
                        )
                    with Vertical():
                        yield Label("Scope unit / area")
                        yield Select(
                            unit_options(self.session),
                            allow_blank=False,
                            value=self.unit or NONE,
                            id="rec-unit",
                        )
                yield Label("Due (YYYY-MM-DD, optional)")
                yield Input(r.due if r else "", id="rec-due", max_length=10)
            yield Static("", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#rec-text", TextArea).focus()

    def action_save(self) -> None:
        due = self.query_one("#rec-due", Input).value.strip()
        why = date_problem(due)
        if why:
            self._fail(f"The due date {due!r} {why} (e.g. 2018-06-30).")
            self.query_one("#rec-due", Input).focus()
            return
        fields = dict(
            kind=_val(self.query_one("#rec-kind", Select)) or MUST_DO,
            status=_val(self.query_one("#rec-status", Select)) or "not_started",
            text=self.query_one("#rec-text", TextArea).text.strip(),
            owner=self.query_one("#rec-owner", Input).value.strip(),
            regulation=self.query_one("#rec-regulation", Input).value.strip(),
            key_question=_val(self.query_one("#rec-kq", Select)),
            scope_unit=_val(self.query_one("#rec-unit", Select)),
            due=due,
        )
        if not fields["text"]:
            self._fail("Say what must be done.")
            return
        try:
            if self.recommendation is None:
                order = self.session.next_order("recommendations")
                saved = self.session.add(Recommendation, order=order, **fields)
            else:
                saved = self.session.update("recommendations", self.recommendation.id, **fields)
        except Exception as exc:  # noqa: BLE001 - one line for the user; the typing stays
            self._fail(f"Not saved: {failure_line(exc, 'save')}")
            return
        self.notify("Recommendation saved.", markup=False)
        self.dismiss(saved)
