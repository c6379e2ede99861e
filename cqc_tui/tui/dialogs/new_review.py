"""The form for a new review: title, type, framework, provider, dates, team and scope units."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from cqc_tui.core.model import Review, ScopeUnit, TeamMember
from cqc_tui.core.start_from import EarlierReview, create_started, read_earlier, start_from_form
from cqc_tui.core.validate import dates_problem
from cqc_tui.core.workspace import Workspace
from cqc_tui.tui.dialogs.common import date_fields
from cqc_tui.tui.dialogs.unsaved_changes import UnsavedChangesGuard
from cqc_tui.tui.failures import failure_line

NO_EARLIER = "__none__"


def parse_team(text: str) -> list[TeamMember]:
    """One member per line, 'Name - Role' (also 'Name – Role' or 'Name: Role')."""
    members = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        name, role = line, ""
        for sep in (" - ", " – ", " — ", ": ", "\t"):
            if sep in line:
                name, role = (p.strip() for p in line.split(sep, 1))
                break
        members.append(TeamMember(name=name, role=role))
    return members


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:40] or "unit"


def parse_units(text: str, known: dict[str, str]) -> list[ScopeUnit]:
    """One scope unit per line; labels the framework lists keep the framework's code."""
    by_label = {label.casefold(): code for code, label in known.items()}
    units: list[ScopeUnit] = []
    seen: set[str] = set()
    for raw in text.splitlines():
        label = raw.strip()
        if not label:
            continue
        code = by_label.get(label.casefold()) or slug(label)
        base, n = code, 2
        while code in seen:
            code, n = f"{base}-{n}", n + 1
        seen.add(code)
        units.append(ScopeUnit(code=code, label=label, order=len(units) + 1))
    return units


class AppendingTextArea(TextArea):
    """A text area that puts the cursor after its text when it gets focus, ready to add a line.

    Done in the widget's own Focus handler: the keys typed right behind Tab are queued for the
    widget after its Focus event, so they land after the pre-filled text, never inside it."""

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        if self.text:
            self.move_cursor(self.document.end)


class NewReviewDialog(UnsavedChangesGuard, ModalScreen[str | None]):
    """Returns the new review's id, or None when cancelled."""

    UNSAVED_SUBJECT = "the new review"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="new_review.cancel"),
        Binding("ctrl+s", "create", "Create", id="new_review.create"),
    ]

    def __init__(self, workspace: Workspace, user: str) -> None:
        super().__init__(classes="dialog-screen")
        self.workspace = workspace
        self.user = user
        self._prefilled_units = ""
        self.earlier: EarlierReview | None = None

    def compose(self) -> ComposeResult:
        types = self.workspace.review_types.all()
        with Vertical(classes="dialog wide-dialog", id="new-review"):
            yield Label("New review", classes="dialog-title")
            with VerticalScroll(classes="form"):
                yield Label("Start from an earlier review (a re-inspection or follow-up)")
                yield Select(
                    [(Content("(no: a new, empty review)"), NO_EARLIER)]
                    + [
                        (Content(r.get("title") or r["id"]), r["id"])
                        for r in self.workspace.list_reviews()
                    ],
                    id="from-review",
                    allow_blank=False,
                    value=NO_EARLIER,
                )
                yield Label("Title")
                yield Input(placeholder="e.g. Anytown Community NHS Trust inspection", id="title")
                yield Label("Review type")
                yield Select(
                    [(Content(t.label), t.code) for t in types],
                    id="review-type",
                    allow_blank=False,
                    value=types[0].code if types else Select.NULL,
                )
                yield Label("Framework")
                yield Select([], id="framework", prompt="Choose a framework")
                yield Label("Provider or local system under review")
                yield Input(placeholder="e.g. Anytown Community NHS Trust", id="provider")
                with Horizontal(classes="two-col"):
                    today = date.today().isoformat()
                    yield from date_fields("start", "end", today, today)
                yield Label("Team: one per line, 'Name - Role'")
                yield AppendingTextArea(
                    "",
                    id="team",
                    classes="form-area",
                    placeholder="e.g. Ana Lopez - Inspection lead",
                )
                yield Label("Scope units (core services or areas): one per line", id="units-label")
                yield AppendingTextArea("", id="units", classes="form-area")
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create (ctrl+s)", id="create", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self._fill_frameworks()

    @on(Select.Changed, "#review-type")
    def _type_changed(self, event: Select.Changed) -> None:
        self._fill_frameworks()

    @on(Select.Changed, "#from-review")
    def _earlier_changed(self, event: Select.Changed) -> None:
        """Offer the earlier review's provider, team and scope units (each can be edited)."""
        self.earlier = None
        if not isinstance(event.value, str) or event.value == NO_EARLIER:
            return
        try:
            self.earlier = read_earlier(self.workspace, event.value)
        except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
            self._error(failure_line(exc, "read"))
            return
        earlier = self.earlier.review
        self.query_one("#provider", Input).value = earlier.provider
        team = [m for m in self.earlier.records if isinstance(m, TeamMember) and not m.deleted]
        self.query_one("#team", TextArea).text = "\n".join(
            f"{m.name} - {m.role}" if m.role else m.name for m in team
        )
        units = sorted(
            (u for u in self.earlier.records if isinstance(u, ScopeUnit) and not u.deleted),
            key=lambda u: u.order,
        )
        self._prefilled_units = "\n".join(u.label for u in units)
        self.query_one("#units", TextArea).text = self._prefilled_units
        self._fill_frameworks()  # the earlier review's framework first, where it serves the type

    @on(Select.Changed, "#framework")
    def _framework_changed(self, event: Select.Changed) -> None:
        self._prefill_units()

    def _fill_frameworks(self) -> None:
        rtype = self.query_one("#review-type", Select).value
        frameworks = (
            self.workspace.frameworks.for_review_type(rtype) if isinstance(rtype, str) else []
        )
        sel = self.query_one("#framework", Select)
        sel.set_options(
            [
                (
                    Content(f"{framework.title} ({framework.version})"),
                    f"{framework.id}@{framework.version}",
                )
                for framework in frameworks
            ]
        )
        chosen_type = self.workspace.review_types.get(rtype) if isinstance(rtype, str) else None
        preferred = [
            framework
            for framework in frameworks
            if self.earlier is not None and framework.id == self.earlier.review.framework_id
        ] or [
            framework
            for framework in frameworks
            if chosen_type is not None and framework.id == chosen_type.default_framework
        ]
        if frameworks:
            first = (preferred or frameworks)[0]
            sel.value = f"{first.id}@{first.version}"
        if chosen_type is not None:
            self.query_one("#units-label", Label).update(
                Content(f"{chosen_type.scope_unit_plural}: one per line")
            )
        self._prefill_units()

    def _framework(self):
        value = self.query_one("#framework", Select).value
        if value is Select.NULL or not isinstance(value, str):
            return None
        fid, _, version = value.partition("@")
        return self.workspace.frameworks.get(fid, version)

    def _prefill_units(self) -> None:
        framework = self._framework()
        area = self.query_one("#units", TextArea)
        if framework is None or self.earlier is not None:  # the earlier review's units stay offered
            return
        text = "\n".join(label for _, label in framework.scope_units)
        if area.text.strip() in ("", self._prefilled_units.strip()):
            area.text = text
            self._prefilled_units = text

    def _error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Content(message))
        self.notify(message, severity="error", markup=False)

    def action_create(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        rtype = self.query_one("#review-type", Select).value
        framework = self._framework()
        start = self.query_one("#start", Input).value.strip()
        end = self.query_one("#end", Input).value.strip()
        if not title:
            self._error("Give the review a title.")
            self.query_one("#title", Input).focus()
            return
        if framework is None or not isinstance(rtype, str):
            self._error("Choose a review type and a framework.")
            return
        problem = dates_problem(start, end)
        if problem:
            which, message = problem
            self._error(message)
            self.query_one(f"#{which}", Input).focus()
            return
        members = parse_team(self.query_one("#team", TextArea).text)
        units = parse_units(self.query_one("#units", TextArea).text, dict(framework.scope_units))
        review = Review(
            title=title,
            review_type=rtype,
            framework_id=framework.id,
            framework_version=framework.version,
            provider=self.query_one("#provider", Input).value.strip(),
            start_date=start,
            end_date=end,
            status="fieldwork",
            author=self.user,
        )
        try:
            if self.earlier is not None:  # earlier ratings, must-dos and findings come along
                started = start_from_form(
                    self.workspace, self.earlier, review, members, units, self.user
                )
                session = create_started(self.workspace, started, self.user)
            else:
                session = self.workspace.create(
                    review,
                    [replace(m, author=self.user) for m in members],
                    [replace(u, author=self.user) for u in units],
                    user=self.user,
                )
        except Exception as exc:  # noqa: BLE001 - one line for the user; the typing stays
            self._error(failure_line(exc, "create"))
            return
        created = session.review.id  # a start from an earlier review makes its own record
        try:
            session.close()
        except Exception as exc:  # noqa: BLE001 - the review is created and saved; say what else failed
            self.notify(
                failure_line(exc, "close"),
                title="Closing the new review",
                severity="error",
                markup=False,
                timeout=15,
            )
        self.dismiss(created)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_cancel()
