"""Editors for findings (per key question / area) and recommendations (must do, should do ...).

A finding is report prose, so its editor has the section editor's guarantees: the typing is kept
as a draft about every second (a crash loses at most that), Escape with changes asks before
discarding, quitting keeps the draft, and the draft is offered back when the finding (or, for a
new one, the next new finding) is opened. F2 cites an evidence note at the cursor.

Finding drafts are Draft records whose fields hold FINDING_FIELD (the finding's id, '' for a new
one) and the form's values, the text under "body": with no "text" field, the review screen's offer
of unsaved *notes* after a crash leaves them alone.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from cqc_tui.core.edits import save_edit
from cqc_tui.core.model import (
    ACTION_STATUSES,
    FINDING,
    FINDING_KINDS,
    FOLLOW_UP_STATUSES,
    MUST_DO,
    RECOMMENDATION_KINDS,
    Draft,
    Finding,
    Recommendation,
    Record,
)
from cqc_tui.core.validate import date_problem
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.dialogs.cite_note import cite_into
from cqc_tui.tui.dialogs.common import SaveCancelButtons, saved_line
from cqc_tui.tui.dialogs.draft_autosave import AUTOSAVE_SECONDS, DraftAutosave
from cqc_tui.tui.dialogs.unsaved_changes import UnsavedChangesGuard
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.widgets.text_field import TextField

NONE = "__none__"
FINDING_FIELD = "finding"  # the Draft field naming the finding being written ('' for a new one)
BODY_FIELD = "body"  # the Draft field holding the finding's text
_FORM_FIELDS = ("kind", "status", "key_question", "scope_unit", "heading")


def finding_drafts(session: ReviewSession) -> dict[str, Draft]:
    """This user's unsaved finding drafts by the finding's id ('' for a new finding; the newest
    when several)."""
    drafts: dict[str, Draft] = {}
    for draft in sorted(session.open_drafts(), key=lambda d: d.updated):
        finding_id = (draft.fields or {}).get(FINDING_FIELD)
        if isinstance(finding_id, str):
            drafts[finding_id] = draft
    return drafts


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


class FindingEditor(DraftAutosave, _RecordEditor):
    """Write a finding: its kind, key question, scope unit, heading and text. `draft` reopens
    autosaved typing (see the module docstring). Returns the saved finding, or None."""

    UNSAVED_SUBJECT = "the finding"
    BINDINGS: ClassVar[list[BindingType]] = [
        *_RecordEditor.BINDINGS,
        Binding("f2", "cite", "Cite a note", id="finding_editor.cite"),
    ]

    def __init__(
        self,
        session: ReviewSession,
        finding: Finding | None = None,
        key_question: str = "",
        unit: str = "",
        draft: Draft | None = None,
        autosave_seconds: float = AUTOSAVE_SECONDS,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self.finding = finding
        self.key_question = finding.key_question if finding else key_question
        self.unit = finding.scope_unit if finding else unit
        self.draft_id = draft.id if draft is not None else None
        self.autosave_seconds = autosave_seconds
        kept = dict(draft.fields or {}) if draft is not None else {}
        self.start: dict[str, str] = {
            name: str(kept.get(name, getattr(finding, name, "") if finding else ""))
            for name in _FORM_FIELDS
        }
        if not self.start["kind"]:
            self.start["kind"] = FINDING
        if "key_question" not in kept:
            self.start["key_question"] = self.key_question
        if "scope_unit" not in kept:
            self.start["scope_unit"] = self.unit
        body = kept.get(BODY_FIELD)
        self.start_text = body if isinstance(body, str) else (finding.text if finding else "")
        self._ready = False

    def compose(self) -> ComposeResult:
        start = self.start
        title = "Edit finding" if self.finding else "New finding"
        if self.draft_id:
            title += " (recovered draft)"
        if self.finding is not None and self.finding.agreed:
            # the title says so: a saved change makes it a draft for the team to agree again
            title += (
                f" (agreed by {self.finding.agreed_by or 'the team'}: a change makes it a draft)"
            )
        units = {u.id for u in self.session.scope_units()}
        key_questions = {key_question.code for key_question in self.session.framework.key_questions}
        with Vertical(classes="dialog wide-dialog", id="finding-editor"):
            yield Label(title, classes="dialog-title")
            with VerticalScroll(classes="form"):
                yield Label("Heading")
                yield TextField(start["heading"], id="finding-heading")
                yield Label("Finding")
                yield TextArea(
                    self.start_text,
                    id="finding-text",
                    soft_wrap=True,
                    tab_behavior="focus",
                    classes="form-area",
                )
                with Horizontal(classes="two-col"):
                    with Vertical():
                        yield Label("Kind")
                        yield Select(
                            [(Content(v), k) for k, v in FINDING_KINDS.items()],
                            allow_blank=False,
                            value=start["kind"] if start["kind"] in FINDING_KINDS else FINDING,
                            id="finding-kind",
                        )
                    with Vertical():
                        yield Label("Follow-up status (follow-up reviews)")
                        yield Select(
                            [(Content("(none)"), NONE)]
                            + [(Content(v), k) for k, v in FOLLOW_UP_STATUSES.items()],
                            allow_blank=False,
                            value=start["status"]
                            if start["status"] in FOLLOW_UP_STATUSES
                            else NONE,
                            id="finding-status",
                        )
                with Horizontal(classes="two-col"):
                    with Vertical():
                        yield Label("Key question")
                        yield Select(
                            kq_options(self.session),
                            allow_blank=False,
                            value=(
                                start["key_question"]
                                if start["key_question"] in key_questions
                                else NONE
                            ),
                            id="finding-kq",
                        )
                    with Vertical():
                        yield Label("Scope unit / area")
                        yield Select(
                            unit_options(self.session),
                            allow_blank=False,
                            value=start["scope_unit"] if start["scope_unit"] in units else NONE,
                            id="finding-unit",
                        )
            yield Static("", classes="form-error")
            yield Static(
                Content("ctrl+s save · F2 cite a note · esc cancel"), classes="dialog-hint"
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cite (F2)", id="cite")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#finding-heading", Input).focus()
        self.call_after_refresh(self._set_ready)

    def _set_ready(self) -> None:
        self._ready = True

    def _fields(self) -> dict[str, str]:
        return dict(
            kind=_val(self.query_one("#finding-kind", Select)) or FINDING,
            status=_val(self.query_one("#finding-status", Select)),
            key_question=_val(self.query_one("#finding-kq", Select)),
            scope_unit=_val(self.query_one("#finding-unit", Select)),
            heading=self.query_one("#finding-heading", Input).value.strip(),
            text=self.query_one("#finding-text", TextArea).text.strip(),
        )

    # -- autosave --------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._ready:
            self.schedule_autosave()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._ready:
            self.schedule_autosave()

    def on_select_changed(self, event: Select.Changed) -> None:
        if self._ready:
            self.schedule_autosave()

    def draft_fields(self) -> dict[str, Any] | None:
        """The finding's id and the form as typed; None while nothing was changed."""
        if self.draft_id is None and not UnsavedChangesGuard.has_unsaved_changes(self):
            return None
        fields: dict[str, Any] = self._fields()
        fields[BODY_FIELD] = self.query_one("#finding-text", TextArea).text
        del fields["text"]
        fields[FINDING_FIELD] = self.finding.id if self.finding is not None else ""
        return fields

    def discard_and_close(self) -> None:
        self.stop_autosave()
        self.discard_draft()
        self.dismiss(None)

    # -- actions ---------------------------------------------------------------------------

    def action_cite(self) -> None:
        """Choose a note and put its citation at the cursor (the report prints a short
        reference in its place)."""
        cite_into(self.query_one("#finding-text", TextArea), self.session.notes(), "the finding")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        event.prevent_default()  # SaveCancelButtons' handler would act on the press a second time
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cite":
            self.action_cite()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        fields = self._fields()
        if not fields["heading"] and not fields["text"]:
            self._fail("A finding needs a heading or some text.")
            return
        self.stop_autosave()
        beside = False
        try:
            if self.finding is None:
                order = self.session.next_order("findings")
                saved = self.session.add(Finding, order=order, **fields)
            else:
                saved, beside = save_edit(self.session, self.finding, **fields)
        except Exception as exc:  # noqa: BLE001 - one line for the user; the typing stays
            self._fail(f"Not saved: {failure_line(exc, 'save')}")
            return
        self.discard_draft()
        saved_line(self, "Finding saved.", beside)
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
                        yield TextField(
                            r.owner if r else (self.session.review.provider or ""), id="rec-owner"
                        )
                    with Vertical():
                        yield Label("Regulation (e.g. Regulation 12)")
                        yield TextField(r.regulation if r else "", id="rec-regulation")
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
                yield TextField(r.due if r else "", id="rec-due", max_length=10)
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
        beside = False
        try:
            if self.recommendation is None:
                order = self.session.next_order("recommendations")
                saved = self.session.add(Recommendation, order=order, **fields)
            else:
                saved, beside = save_edit(self.session, self.recommendation, **fields)
        except Exception as exc:  # noqa: BLE001 - one line for the user; the typing stays
            self._fail(f"Not saved: {failure_line(exc, 'save')}")
            return
        saved_line(self, "Recommendation saved.", beside)
        self.dismiss(saved)
