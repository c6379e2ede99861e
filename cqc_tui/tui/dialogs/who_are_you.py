"""Who are you on this review? The person using this laptop picks themself from the review's team.

Shown the first time a review is opened on a device (and again from the review screen, `w`, or
the command palette), so every note, rating and finding saved here carries a team member's name
rather than the laptop's login. Someone not yet in the team adds themself on the spot (name and
role). The dialog does not save anything itself: it hands the choice to `choose`, the caller's
function that makes it stick (core.team.identity), and shows that function's failure in one line
while keeping the dialog and its typing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from cqc_tui.core.model import TeamMember
from cqc_tui.tui.dialogs.unsaved_changes import UnsavedChangesGuard
from cqc_tui.tui.failures import failure_line


@dataclass(frozen=True)
class MemberChoice:
    """Who the person said they are: a member's `name`, or (with `add`) a new member and role."""

    name: str
    add: bool = False
    role: str = ""


def member_label(member: TeamMember) -> str:
    """A member as the list shows them: name, then role and initials when known."""
    extras = [part for part in (member.role, member.initials) if part]
    return f"{member.name} ({', '.join(extras)})" if extras else member.name


class WhoAreYouDialog(UnsavedChangesGuard, ModalScreen["TeamMember | None"]):
    """Returns the member now working on the review on this device, or None (Later / Escape)."""

    UNSAVED_SUBJECT = "the new team member"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "add_member", "Add me", id="who_are_you.add"),
        Binding("escape", "cancel", "Later", id="who_are_you.cancel"),
    ]

    def __init__(
        self,
        title: str,
        members: list[TeamMember],
        current: str,
        choose: Callable[[MemberChoice], TeamMember],
        first_time: bool = False,
    ) -> None:
        """`members`: the review's team; `current`: the name the review shows for this device now;
        `choose`: makes a choice stick and returns the member (raising a one-line error if it
        cannot); `first_time`: nobody was chosen on this device yet (the wording says why it asks)."""
        super().__init__(classes="dialog-screen")
        self.review_title = title
        self.members = sorted(members, key=lambda m: m.name.casefold())
        self.current = current
        self.choose = choose
        self.first_time = first_time

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="who-are-you"):
            yield Label(Content("Who are you on this review?"), classes="dialog-title")
            why = (
                "First time on this laptop for " if self.first_time else "Working on "
            ) + f"'{self.review_title}'. Everything you save here carries the name you choose."
            yield Static(Content(why), classes="dialog-hint")
            yield Label(Content("Choose yourself from the team (enter):"))
            options = [Option(Content(member_label(m)), id=m.id) for m in self.members]
            yield OptionList(*options, id="who-members")
            yield Label(Content("Not in the list? Add yourself (ctrl+s):"))
            with Horizontal(classes="two-col"):
                with Vertical():
                    yield Input(placeholder="Your name", id="who-name")
                with Vertical():
                    yield Input(placeholder="Role, e.g. Inspector", id="who-role")
            yield Static("", id="who-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Choose (enter)", id="choose", variant="primary")
                yield Button("Add me (ctrl+s)", id="add")
                yield Button("Later (esc)", id="later")

    def on_mount(self) -> None:
        options = self.query_one("#who-members", OptionList)
        if not self.members:
            self.query_one("#who-name", Input).focus()
            return
        at = next(
            (i for i, m in enumerate(self.members) if m.name.casefold() == self.current.casefold()),
            0,
        )
        options.highlighted = at
        options.focus()

    # -- answers ---------------------------------------------------------------------------

    def _take(self, choice: MemberChoice) -> None:
        try:
            member = self.choose(choice)
        except Exception as exc:  # noqa: BLE001 - one line for the user; the dialog stays
            self._fail(failure_line(exc, "save"))
            return
        self.dismiss(member)

    def _fail(self, message: str) -> None:
        self.query_one("#who-error", Static).update(Content(message))

    @on(OptionList.OptionSelected, "#who-members")
    def _member_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose_highlighted()

    def _choose_highlighted(self) -> None:
        options = self.query_one("#who-members", OptionList)
        if options.highlighted is None or not self.members:
            self._fail("Nobody is in the team yet: type your name below and add yourself (ctrl+s).")
            return
        self._take(MemberChoice(self.members[options.highlighted].name))

    def action_add_member(self) -> None:
        name = self.query_one("#who-name", Input).value.strip()
        role = self.query_one("#who-role", Input).value.strip()
        if not name:
            self._fail("Type your name to add yourself to the team.")
            self.query_one("#who-name", Input).focus()
            return
        existing = next((m for m in self.members if m.name.casefold() == name.casefold()), None)
        if existing is not None:  # already in the team: that is who they are
            self._take(MemberChoice(existing.name))
            return
        self._take(MemberChoice(name, add=True, role=role))

    @on(Input.Submitted, "#who-name")
    @on(Input.Submitted, "#who-role")
    def _typed_name(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_add_member()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "choose":
            self._choose_highlighted()
        elif event.button.id == "add":
            self.action_add_member()
        else:
            self.action_cancel()
