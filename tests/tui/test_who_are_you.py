"""Who are you on this review: the person picks themself from the team, or adds themself, and a
failure to keep the choice says why in one line with the dialog and its typing kept."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, OptionList, Static

from cqc_tui.core.errors import StoreError
from cqc_tui.core.model import TeamMember
from cqc_tui.tui.dialogs.who_are_you import MemberChoice, WhoAreYouDialog

TEAM = [
    TeamMember(name="Ann Ford", role="Lead inspector", initials="AF"),
    TeamMember(name="Bob Lee", role="Inspector"),
    TeamMember(name="Cat Jones [b]x[/b]", role="Specialist advisor"),
]


class Host(App):
    """Pushes the dialog once and keeps what it returned and what it was asked to keep."""

    def __init__(self, members: list[TeamMember], current: str = "", fail: bool = False) -> None:
        super().__init__()
        self.members = members
        self.current = current
        self.fail = fail
        self.asked: list[MemberChoice] = []
        self.result: object = "not yet"

    def choose(self, choice: MemberChoice) -> TeamMember:
        self.asked.append(choice)
        if self.fail:
            raise StoreError("cannot write /ws/reviews/x/team/me.json: the disk is full")
        found = [m for m in self.members if m.name == choice.name]
        return found[0] if found else TeamMember(name=choice.name, role=choice.role)

    def on_mount(self) -> None:
        def done(member: TeamMember | None) -> None:
            self.result = member

        self.push_screen(
            WhoAreYouDialog(
                "Anytown review", self.members, self.current, self.choose, first_time=True
            ),
            done,
        )


async def test_enter_chooses_the_highlighted_member_starting_on_the_current_one():
    app = Host(TEAM, current="bob lee")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#who-members", OptionList)
        assert options.has_focus and options.highlighted == 1  # Bob Lee, sorted by name
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.asked == [MemberChoice("Cat Jones [b]x[/b]")]
    assert isinstance(app.result, TeamMember) and app.result.name == "Cat Jones [b]x[/b]"


async def test_a_new_member_adds_themself_with_a_role():
    app = Host(TEAM)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#who-name")
        await pilot.press(*"Dee Shah", "tab", *"Inspector", "ctrl+s")
        await pilot.pause()
    assert app.asked == [MemberChoice("Dee Shah", add=True, role="Inspector")]
    assert app.result.name == "Dee Shah"


async def test_typing_a_name_already_in_the_team_chooses_that_member():
    app = Host(TEAM)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#who-name", Input).value = "ann ford"
        app.screen.query_one("#who-name", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
    assert app.asked == [MemberChoice("Ann Ford")]


async def test_an_empty_team_starts_on_the_name_and_refuses_an_empty_name():
    app = Host([])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#who-name", Input).has_focus
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(app.screen.query_one("#who-error", Static).render())
        assert "Type your name" in error
        assert isinstance(app.screen, WhoAreYouDialog)
    assert app.asked == []


async def test_a_choice_that_cannot_be_kept_says_why_and_keeps_the_dialog_and_typing():
    app = Host(TEAM, fail=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#who-name")
        await pilot.press(*"Dee Shah", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WhoAreYouDialog)
        assert "the disk is full" in str(app.screen.query_one("#who-error", Static).render())
        assert app.screen.query_one("#who-name", Input).value == "Dee Shah"
    assert app.result == "not yet"


async def test_later_closes_without_choosing():
    app = Host(TEAM)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.asked == [] and app.result is None
