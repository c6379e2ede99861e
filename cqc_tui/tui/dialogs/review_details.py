"""Review details: title, provider, dates (fieldwork, and the report date: when the report is
published or signed off, printed on its cover), status; add team members and scope units later on."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from cqc_tui.core.model import REVIEW_STATUSES, ScopeUnit, TeamMember
from cqc_tui.core.validate import date_problem, dates_problem
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.dialogs.common import SaveCancelButtons, date_fields
from cqc_tui.tui.dialogs.new_review import parse_team, parse_units
from cqc_tui.tui.dialogs.unsaved_changes import UnsavedChangesGuard
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.widgets.text_field import TextField


def report_date_problem(report_date: str, start: str, end: str) -> str:
    """Why a report date typed in the form cannot be saved ('' when it can): not a date written
    YYYY-MM-DD, or before the fieldwork began."""
    why = date_problem(report_date)
    if why:
        return f"The report date {report_date!r} {why} (e.g. 2018-05-09)."
    if report_date and start and report_date < start:
        return f"The report date {report_date} is before the fieldwork began ({start})."
    return ""


class ReviewDetailsDialog(UnsavedChangesGuard, SaveCancelButtons, ModalScreen[bool]):
    """Returns True when something was saved."""

    CANCELLED = False
    UNSAVED_SUBJECT = "the review details"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="review_details.save"),
        Binding("escape", "cancel", "Cancel", id="review_details.cancel"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session

    def compose(self) -> ComposeResult:
        r = self.session.review
        rt = self.session.review_type
        unit_word = rt.scope_unit_plural if rt else "Scope units"
        members = ", ".join(
            f"{m.name} ({m.role})" if m.role else m.name for m in self.session.members()
        )
        units = ", ".join(u.label for u in self.session.scope_units())
        with Vertical(classes="dialog wide-dialog", id="review-details"):
            yield Label(
                Content(
                    f"Review details ({rt.label if rt else r.review_type}; "
                    f"{self.session.framework.title} {self.session.framework.version})"
                ),
                classes="dialog-title",
            )
            with VerticalScroll(classes="form"):
                yield Label("Title")
                yield TextField(r.title, id="details-title")
                yield Label("Provider or local system under review")
                yield TextField(r.provider, id="details-provider")
                with Horizontal(classes="two-col"):
                    yield from date_fields("details-start", "details-end", r.start_date, r.end_date)
                with Horizontal(classes="two-col"):
                    with Vertical():
                        yield Label("Report date (YYYY-MM-DD): published or signed off")
                        yield TextField(
                            r.report_date,
                            placeholder="not set yet",
                            id="details-report-date",
                            max_length=10,
                        )
                    with Vertical():
                        yield Label("Status")
                        yield Select(
                            [(Content(v), k) for k, v in REVIEW_STATUSES.items()],
                            value=r.status,
                            allow_blank=False,
                            id="details-status",
                        )
                yield Static(Content(f"Team: {members or 'nobody yet'}"), classes="dialog-hint")
                yield Label("Add team members: one per line, 'Name - Role'")
                yield TextArea("", id="details-team", classes="form-area")
                yield Static(Content(f"{unit_word}: {units or 'none yet'}"), classes="dialog-hint")
                yield Label(Content(f"Add {unit_word.lower()}: one per line"))
                yield TextArea("", id="details-units", classes="form-area")
            yield Static("", id="details-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#details-title", Input).focus()

    def _fail(self, message: str) -> None:
        self.query_one("#details-error", Static).update(Content(message))
        self.notify(message, severity="error", markup=False)

    def action_save(self) -> None:
        r = self.session.review
        title = self.query_one("#details-title", Input).value.strip()
        start = self.query_one("#details-start", Input).value.strip()
        end = self.query_one("#details-end", Input).value.strip()
        if not title:
            self._fail("Give the review a title.")
            return
        problem = dates_problem(start, end)
        if problem:
            which, message = problem
            self._fail(message)
            self.query_one(f"#details-{which}", Input).focus()
            return
        report_date = self.query_one("#details-report-date", Input).value.strip()
        problem_line = report_date_problem(report_date, start, end)
        if problem_line:
            self._fail(problem_line)
            self.query_one("#details-report-date", Input).focus()
            return
        status = self.query_one("#details-status", Select).value
        changes = {
            "title": title,
            "provider": self.query_one("#details-provider", Input).value.strip(),
            "start_date": start,
            "end_date": end,
            "report_date": report_date,
            "status": status,
        }
        changes = {k: v for k, v in changes.items() if getattr(r, k) != v}
        known = {u.label.casefold() for u in self.session.scope_units()}
        taken = {u.code for u in self.session.scope_units(include_deleted=True)}
        new_units = [
            u
            for u in parse_units(
                self.query_one("#details-units", TextArea).text,
                dict(self.session.framework.scope_units),
            )
            if u.label.casefold() not in known
        ]
        order = len(self.session.scope_units(include_deleted=True))
        new_members = parse_team(self.query_one("#details-team", TextArea).text)
        try:
            if changes:
                self.session.update("review", r.id, **changes)
            for m in new_members:
                self.session.add(TeamMember, name=m.name, role=m.role)
            for i, u in enumerate(new_units, 1):
                code, n = u.code, 2
                while code in taken:
                    code, n = f"{u.code}-{n}", n + 1
                taken.add(code)
                self.session.add(ScopeUnit, code=code, label=u.label, order=order + i)
        except Exception as exc:  # noqa: BLE001 - one line for the user; the typing stays
            self._fail(f"Not saved: {failure_line(exc, 'save')}")
            return
        saved = bool(changes or new_members or new_units)
        if saved:
            self.notify("Review details saved.", markup=False)
        self.dismiss(saved)
