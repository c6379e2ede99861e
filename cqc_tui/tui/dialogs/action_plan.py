"""Dialogs of the action plan screen: edit an action, start a reporting round, and send or read an
organisation's returns spreadsheet. Each does its work through cqc_tui.core.action_plan /
action_sheet and dismisses with a short message for the screen (None when cancelled)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from cqc_tui.core.action_plan import ActionPlan, new_round, record_status, save_changes
from cqc_tui.core.errors import CqcError, FileProblems, display_path, os_error_line
from cqc_tui.core.model import ACTION_STATUSES, ActionItem, Recommendation, ReportingRound
from cqc_tui.core.validate import date_problem
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.dialogs.common import DATE_PLACEHOLDER, SaveCancelButtons
from cqc_tui.tui.dialogs.export import exports_folder, file_slug
from cqc_tui.tui.widgets.text_field import TextField


class _Dialog(SaveCancelButtons, ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="action_plan_dialog.save"),
        Binding("escape", "cancel", "Cancel", id="action_plan_dialog.cancel"),
    ]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _fail(self, message: str) -> None:
        self.query_one(".form-error", Static).update(Content(message))

    def _buttons(self, save: str) -> ComposeResult:
        yield Static("", classes="form-error")
        with Horizontal(classes="dialog-buttons"):
            yield Button(f"{save} (ctrl+s)", id="save", variant="primary")
            yield Button("Cancel (esc)", id="cancel")


class ActionEditor(_Dialog):
    """An action's status and note in the round shown (or as agreed), its owner, due date and
    evidence of progress."""

    def __init__(
        self,
        session: ReviewSession,
        plan: ActionPlan,
        action: ActionItem,
        rnd: ReportingRound | None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.session, self.plan, self.action, self.round = session, plan, action, rnd

    def compose(self) -> ComposeResult:
        a = self.action
        state = self.plan.state(a, self.round)
        where = (
            f"in {self.round.label} (as at {self.round.as_at})"
            if self.round
            else "as agreed (no round yet)"
        )
        with Vertical(classes="dialog wide-dialog", id="action-editor"):
            yield Label(Content("Edit action"), classes="dialog-title")
            yield Static(Content(a.text), classes="dialog-text")
            with VerticalScroll(classes="form"):
                with Horizontal(classes="two-col"):
                    with Vertical():
                        yield Label(Content(f"Status {where}"))
                        yield Select(
                            [(Content(v), k) for k, v in ACTION_STATUSES.items()],
                            allow_blank=False,
                            value=state.status,
                            id="action-status",
                        )
                    with Vertical():
                        yield Label("Due (YYYY-MM-DD)")
                        yield TextField(
                            a.due, placeholder="no due date", max_length=10, id="action-due"
                        )
                if self.round is not None:
                    yield Label(Content(f"Note for {self.round.label}"))
                    yield TextField(state.note, id="action-note")
                yield Label("Owner organisation")
                yield TextField(a.owner, id="action-owner")
                yield Label("Evidence of progress")
                yield TextArea(
                    a.progress,
                    id="action-progress",
                    soft_wrap=True,
                    tab_behavior="focus",
                    classes="form-area",
                )
            yield from self._buttons("Save")

    def on_mount(self) -> None:
        self.query_one("#action-status", Select).focus()

    def action_save(self) -> None:
        status = self.query_one("#action-status", Select).value
        if not isinstance(status, str):
            self._fail("Choose a status.")
            return
        due = self.query_one("#action-due", Input).value.strip()
        why = date_problem(due)
        if why:
            self._fail(f"The due date {due!r} {why}.")
            return
        owner = self.query_one("#action-owner", Input).value.strip()
        progress = self.query_one("#action-progress", TextArea).text.strip()
        user = self.session.user
        records = []
        a = self.action
        plan_changes = {
            k: v
            for k, v in (("due", due), ("owner", owner), ("progress", progress))
            if getattr(a, k) != v
        }
        if self.round is None and status != a.status:
            plan_changes["status"] = status
        if plan_changes:
            records.append(a.revise(author=user, **plan_changes))
        if self.round is not None:
            note = self.query_one("#action-note", Input).value.strip()
            state = self.plan.state(a, self.round)
            if status != state.status or note != state.note or not state.returned:
                update = record_status(
                    self.plan, self.round, a.id, str(status), note, user, returned=True
                )
                if update is not None:
                    records.append(update)
        if not records:
            self.dismiss(None)
            return
        try:
            save_changes(self.session, records)
        except CqcError as exc:
            self._fail(str(exc))
            return
        self.dismiss("Saved.")


class NewRoundDialog(_Dialog):
    """Start a reporting round: label, as-at date, returns due."""

    def __init__(self, session: ReviewSession, plan: ActionPlan) -> None:
        super().__init__(classes="dialog-screen")
        self.session, self.plan = session, plan

    def compose(self) -> ComposeResult:
        current = self.plan.current_round
        with Vertical(classes="dialog", id="new-round-dialog"):
            yield Label("Start a reporting round", classes="dialog-title")
            yield Static(
                Content(
                    f"The current round is {current.label}, as at {current.as_at}. "
                    if current
                    else ""
                )
                + Content(
                    "Every action's status is carried from the round before; returns then "
                    "update them."
                ),
                classes="dialog-text",
            )
            yield Label("Label")
            yield TextField(placeholder="e.g. Quarter 1 2017/18", id="round-label")
            with Horizontal(classes="two-col"):
                with Vertical():
                    yield Label("As at (YYYY-MM-DD)")
                    yield TextField(placeholder=DATE_PLACEHOLDER, max_length=10, id="round-as-at")
                with Vertical():
                    yield Label("Returns due (YYYY-MM-DD)")
                    yield TextField(placeholder=DATE_PLACEHOLDER, max_length=10, id="round-due")
            yield from self._buttons("Start round")

    def on_mount(self) -> None:
        self.query_one("#round-label", Input).focus()

    def action_save(self) -> None:
        label, as_at, returns_due = (
            self.query_one(f"#{name}", Input).value.strip()
            for name in ("round-label", "round-as-at", "round-due")
        )
        try:
            records = new_round(self.plan, label, as_at, returns_due, author=self.session.user)
            save_changes(self.session, records)
        except CqcError as exc:
            self._fail(str(exc))
            return
        self.dismiss(f"Started {label} with {len(records) - 1} actions.")


def default_returns_path(session: ReviewSession, organisation: str, rnd: ReportingRound) -> Path:
    slug = file_slug(f"{organisation} {rnd.label}", 80, "returns")
    return exports_folder(session) / f"{slug}.xlsx"


class ExportReturnsDialog(_Dialog):
    """Write one organisation's spreadsheet for the round shown."""

    def __init__(
        self, session: ReviewSession, plan: ActionPlan, rnd: ReportingRound, organisation: str = ""
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.session, self.plan, self.round = session, plan, rnd
        self.organisation = (
            organisation if organisation in plan.organisations() else plan.organisations()[0]
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-returns-dialog"):
            yield Label(Content(f"Spreadsheet for {self.round.label}"), classes="dialog-title")
            yield Label("Organisation")
            yield Select(
                [(Content(o), o) for o in self.plan.organisations()],
                allow_blank=False,
                value=self.organisation,
                id="returns-org",
            )
            yield Label("Save as (.xlsx)")
            yield TextField(
                display_path(default_returns_path(self.session, self.organisation, self.round)),
                id="returns-path",
            )
            yield from self._buttons("Export")

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            path = default_returns_path(self.session, event.value, self.round)
            self.query_one("#returns-path", Input).value = display_path(path)

    def action_save(self) -> None:
        from cqc_tui.core.action_sheet import export_returns

        organisation = str(self.query_one("#returns-org", Select).value)
        path = Path(self.query_one("#returns-path", Input).value.strip()).expanduser()
        if not path.name:
            self._fail("Name the file to write.")
            return
        exports = self.session.workspace.home / "exports"
        if (
            path.absolute().parent == exports.absolute()
        ):  # the workspace's own folder for files sent out
            try:
                exports.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self._fail(os_error_line(exc))
                return
        try:
            count = export_returns(self.plan, self.session.review, organisation, self.round, path)
        except CqcError as exc:
            self._fail(str(exc))
            return
        self.dismiss(f"Wrote {display_path(path)}: {count} actions of {organisation}.")


class ImportReturnsDialog(_Dialog):
    """Read a returned spreadsheet into the round shown: all of it, or nothing."""

    def __init__(self, session: ReviewSession, plan: ActionPlan, rnd: ReportingRound) -> None:
        super().__init__(classes="dialog-screen")
        self.session, self.plan, self.round = session, plan, rnd

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="import-returns-dialog"):
            yield Label(Content(f"Import returns into {self.round.label}"), classes="dialog-title")
            yield Label("Returned spreadsheet (.xlsx)")
            yield TextField(
                display_path(self.session.workspace.home / "exports") + "/", id="returns-file"
            )
            yield from self._buttons("Import")

    def on_mount(self) -> None:
        field = self.query_one("#returns-file", Input)
        field.focus()
        field.cursor_position = len(field.value)

    def action_save(self) -> None:
        from cqc_tui.core.action_sheet import read_returns

        path = Path(self.query_one("#returns-file", Input).value.strip()).expanduser()
        try:
            returns = read_returns(
                path, self.plan, self.session.review, self.round, author=self.session.user
            )
            saved = save_changes(self.session, list(returns.updates))
        except FileProblems as exc:
            lines = [str(p) for p in exc.problems]
            self._fail(
                "Nothing was imported:\n"
                + "\n".join(lines[:8])
                + (f"\n... and {len(lines) - 8} more" if len(lines) > 8 else "")
            )
            return
        except CqcError as exc:
            self._fail(str(exc))
            return
        self.dismiss(
            f"{returns.organisation}: {returns.rows} actions read, {saved} returns recorded in "
            f"{self.round.label} ({returns.status_changes} changed status)."
        )


class NewActionDialog(_Dialog):
    """Add a planned action under a recommendation (in its section, owned by its owner unless changed)."""

    def __init__(
        self, session: ReviewSession, plan: ActionPlan, recommendation: Recommendation
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.session, self.plan, self.recommendation = session, plan, recommendation

    def compose(self) -> ComposeResult:
        rec = self.recommendation
        with Vertical(classes="dialog wide-dialog", id="new-action-dialog"):
            yield Label("Add an action", classes="dialog-title")
            yield Static(Content(f"For: {rec.text}"), classes="dialog-text")
            yield Label("Action")
            yield TextField(id="new-action-text")
            with Horizontal(classes="two-col"):
                with Vertical():
                    yield Label("Owner organisation")
                    yield TextField(rec.owner, id="new-action-owner")
                with Vertical():
                    yield Label("Due (YYYY-MM-DD)")
                    yield TextField(
                        rec.due, placeholder="no due date", max_length=10, id="new-action-due"
                    )
            yield from self._buttons("Add")

    def on_mount(self) -> None:
        self.query_one("#new-action-text", Input).focus()

    def action_save(self) -> None:
        text = self.query_one("#new-action-text", Input).value.strip()
        owner = self.query_one("#new-action-owner", Input).value.strip()
        due = self.query_one("#new-action-due", Input).value.strip()
        if not text:
            self._fail("Write the action.")
            return
        why = date_problem(due)
        if why:
            self._fail(f"The due date {due!r} {why}.")
            return
        rec = self.recommendation
        order = max((a.order for a in self.plan.actions_of(rec.id)), default=0) + 1
        action = ActionItem(
            author=self.session.user,
            recommendation=rec.id,
            section=rec.section,
            text=text,
            owner=owner,
            due=due,
            order=order,
        )
        try:  # with no update in any round it counts as not started until a return says otherwise
            save_changes(self.session, [action])
        except CqcError as exc:
            self._fail(str(exc))
            return
        self.dismiss(f"Added: {text}")
