"""The editor of one regulatory action (a requirement notice, a warning notice, a new condition, a
breach ...): what it is and where (scope unit or site, key question), the date issued, the
regulation, the regulated activity, how the regulation was not met and what is required. A final
report needs the regulated activity and how the regulation was not met (the readiness checks say
so); Escape with changes asks before discarding them."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from cqc_tui.core.edits import save_edit
from cqc_tui.core.model import Enforcement
from cqc_tui.core.validate import date_problem
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.dialogs.common import SaveCancelButtons, saved_line
from cqc_tui.tui.dialogs.unsaved_changes import UnsavedChangesGuard
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.widgets.text_field import TextField

NONE = "__none__"


def _chosen(select: Select) -> str:
    value = select.value
    return "" if value in (NONE, Select.NULL) or not isinstance(value, str) else value


def kind_choices(session: ReviewSession) -> list[tuple[str, str]]:
    """(id, label) of the kinds of regulatory action the review's framework knows ([] when it
    names none: then the kind is typed)."""
    aggregation = session.framework.aggregation
    return [(lim.id, lim.label) for lim in aggregation.limiters] if aggregation else []


class EnforcementEditor(UnsavedChangesGuard, SaveCancelButtons, ModalScreen[Enforcement | None]):
    """Add (record=None) or edit one regulatory action; returns the saved record, or None."""

    UNSAVED_SUBJECT = "the regulatory action"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="enforcement_editor.save"),
        Binding("escape", "cancel", "Cancel", id="enforcement_editor.cancel"),
    ]

    def __init__(
        self,
        session: ReviewSession,
        record: Enforcement | None = None,
        key_question: str = "",
        unit: str = "",
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self.record = record
        self.key_question = record.key_question if record else key_question
        self.unit = record.scope_unit if record else unit

    def compose(self) -> ComposeResult:
        record = self.record
        kinds = kind_choices(self.session)
        locations = [
            (str(loc.get("id")), str(loc.get("name") or loc.get("id")))
            for loc in self.session.review.locations
            if isinstance(loc, dict) and loc.get("id")
        ]
        with Vertical(classes="dialog wide-dialog", id="enforcement-editor"):
            yield Label(
                "Edit regulatory action" if record else "New regulatory action",
                classes="dialog-title",
            )
            with VerticalScroll(classes="form"):
                with Horizontal(classes="two-col"):
                    with Vertical():
                        yield Label("Kind")
                        if kinds:
                            known = record is not None and record.kind in dict(kinds)
                            yield Select(
                                [(Content(label), kind) for kind, label in kinds],
                                allow_blank=False,
                                value=record.kind if known and record else kinds[0][0],
                                id="enforcement-kind",
                            )
                        else:
                            yield TextField(
                                record.kind if record else "",
                                placeholder="e.g. requirement notice",
                                id="enforcement-kind-text",
                            )
                    with Vertical():
                        yield Label("Date issued (YYYY-MM-DD)")
                        yield TextField(
                            record.date if record else "", id="enforcement-date", max_length=10
                        )
                with Horizontal(classes="two-col"):
                    with Vertical():
                        yield Label("Scope unit / area")
                        yield Select(
                            [(Content("(none: the provider as a whole)"), NONE)]
                            + [(Content(u.label), u.id) for u in self.session.scope_units()],
                            allow_blank=False,
                            value=self.unit or NONE,
                            id="enforcement-unit",
                        )
                    with Vertical():
                        yield Label("Key question")
                        yield Select(
                            [(Content("(none)"), NONE)]
                            + [
                                (Content(key_question.label), key_question.code)
                                for key_question in self.session.framework.key_questions
                            ],
                            allow_blank=False,
                            value=self.key_question or NONE,
                            id="enforcement-kq",
                        )
                if locations:
                    yield Label("Site (instead of a scope unit)")
                    yield Select(
                        [(Content("(none)"), NONE)]
                        + [(Content(name), loc_id) for loc_id, name in locations],
                        allow_blank=False,
                        value=(record.location or NONE) if record else NONE,
                        id="enforcement-location",
                    )
                yield Label("Regulation (e.g. Regulation 12 HSCA RA Regulations 2014 Safe care)")
                yield TextField(record.regulation if record else "", id="enforcement-regulation")
                yield Label("Regulated activity (e.g. Treatment of disease, disorder or injury)")
                yield TextField(
                    record.regulated_activity if record else "", id="enforcement-activity"
                )
                yield Label("How the regulation was not met")
                yield TextArea(
                    record.how_not_met if record else "",
                    id="enforcement-how",
                    soft_wrap=True,
                    tab_behavior="focus",
                    classes="form-area",
                )
                yield Label("What is required")
                yield TextArea(
                    record.text if record else "",
                    id="enforcement-text",
                    soft_wrap=True,
                    tab_behavior="focus",
                    classes="form-area",
                )
            yield Static("", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        # after the first layout, so the form scrolls to the field at 80x24
        self.call_after_refresh(self.query_one("#enforcement-regulation", Input).focus)

    def _fail(self, message: str, where: str = "") -> None:
        self.query_one(".form-error", Static).update(Content(message))
        self.notify(message, severity="error", markup=False)
        if where:
            self.query_one(where).focus()

    def fields(self) -> dict[str, str]:
        """The values typed and chosen, as the record's fields."""
        if self.query("#enforcement-kind"):
            kind = _chosen(self.query_one("#enforcement-kind", Select))
        else:
            kind = self.query_one("#enforcement-kind-text", Input).value.strip()
        location = (
            _chosen(self.query_one("#enforcement-location", Select))
            if self.query("#enforcement-location")
            else ""
        )
        return {
            "kind": kind,
            "date": self.query_one("#enforcement-date", Input).value.strip(),
            "scope_unit": _chosen(self.query_one("#enforcement-unit", Select)),
            "key_question": _chosen(self.query_one("#enforcement-kq", Select)),
            "location": location,
            "regulation": self.query_one("#enforcement-regulation", Input).value.strip(),
            "regulated_activity": " ".join(
                self.query_one("#enforcement-activity", Input).value.split()
            ),
            "how_not_met": self.query_one("#enforcement-how", TextArea).text.strip(),
            "text": self.query_one("#enforcement-text", TextArea).text.strip(),
        }

    def action_save(self) -> None:
        """Check and save the action; the reason stays on screen when it cannot be saved."""
        fields = self.fields()
        why = date_problem(fields["date"])
        if why:
            self._fail(
                f"The date issued {fields['date']!r} {why} (e.g. 2018-06-30).", "#enforcement-date"
            )
            return
        if not fields["kind"]:
            self._fail("Say what kind of regulatory action this is.")
            return
        if fields["location"] and fields["scope_unit"]:
            self._fail(
                "Give a scope unit or a site, not both (a scope unit already belongs to its site).",
                "#enforcement-unit",
            )
            return
        if not fields["regulation"] and not fields["text"]:
            self._fail("Give the regulation, or what is required.", "#enforcement-regulation")
            return
        beside = False
        try:
            if self.record is None:
                saved = self.session.add(Enforcement, **fields)
            else:
                saved, beside = save_edit(self.session, self.record, **fields)
        except Exception as exc:  # noqa: BLE001 - one line for the user; the typing stays
            self._fail(f"Not saved: {failure_line(exc, 'save')}")
            return
        assert isinstance(saved, Enforcement)  # the enforcement table holds enforcement records
        saved_line(self, "Regulatory action saved.", beside)
        self.dismiss(saved)
