"""The cqc-tui Textual application: a thin shell over cqc_tui.core."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from cqc_tui.core.errors import ReviewLocked
from cqc_tui.core.workspace import ReviewSession, Workspace, current_user
from cqc_tui.tui.commands import ReviewCommands
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.keymap import check_keymap, normalized, read_keymap
from cqc_tui.tui.messages import JumpTo
from cqc_tui.tui.remembered_units import RememberedUnits
from cqc_tui.tui.team_commands import TeamCommands


class CqcApp(App):
    """Inspection evidence capture, rating and reporting."""

    CSS_PATH = "app.tcss"
    TITLE = "cqc-tui"
    SUB_TITLE = "reviews"
    COMMANDS = App.COMMANDS | {ReviewCommands, TeamCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 - Textual declares it an instance variable
    # -short: an 80x24 terminal; a dialog's form then scrolls inside the space its title and
    # buttons leave (app.tcss), so the field with focus is never hidden behind the buttons.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012 - Textual declares it an instance variable
    # The first time a review with scope units is opened on this laptop, ask which unit the
    # inspector is working on (the review screen remembers the answer). Tests that drive the
    # review screen straight after opening it turn this off (tests/tui/conftest.py).
    ASK_SCOPE_UNIT: ClassVar[bool] = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
        Binding("f1,question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+t", "change_theme", "Theme", show=False, id="app.theme"),
        # Priority: focus moves as soon as Tab arrives, so keys typed (or pasted) right behind it go to
        # the next field; keys typed before it are already queued for the field being left.
        Binding("tab", "focus_next", "Next field", show=False, priority=True, id="app.focus_next"),
        Binding(
            "shift+tab",
            "focus_previous",
            "Previous field",
            show=False,
            priority=True,
            id="app.focus_previous",
        ),
    ]

    def __init__(
        self,
        workspace: Workspace,
        user: str | None = None,
        open_review: str | None = None,
        autosave_seconds: float = 1.0,
        background_open_from: int | None = 2000,
        team_sync_seconds: float = 180.0,
        as_member: str | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        # Who saves: `user` (--as / --user) when given; otherwise, per review, the team member chosen
        # on this device (asked the first time a review is opened here), else the login name.
        self.chosen_user = user
        self.user = user or current_user()
        # --as NAME: the team member (name, initials or id) to work as on every review opened.
        self.as_member = as_member
        # A review with a team folder syncs with it this often (seconds) while open; 0: never by itself.
        self.team_sync_seconds = team_sync_seconds
        self.autosave_seconds = autosave_seconds
        # Reviews with at least this many notes open in the background: the review screen (its
        # navigator) is on screen at once and the evidence follows. None: always read first.
        self.background_open_from = background_open_from
        self._open_review = open_review
        self._reading: list = []  # review screens opened in the background (see open_review)
        self.session: ReviewSession | None = None
        self._quit_question: Screen | None = None  # the "quit anyway?" question while it is up
        self.keymap_file = read_keymap(
            workspace.home
        )  # keys remapped in the workspace's config.yaml
        self.keymap_keys = normalized(self.keymap_file.keys)
        # The scope unit last worked on in each review, remembered on this laptop (ui-state.json).
        self.remembered_units = RememberedUnits(self, workspace.home)

    def on_mount(self) -> None:
        self.set_keymap(self.keymap_file.keys)
        for problem in self.keymap_file.problems:
            self.notify(problem, title="Keys", severity="warning", markup=False, timeout=20)
        if self.keymap_file.keys:
            self._check_keymap()
        # Opening straight into a review: the review list is composed only when the user goes back
        # to it (close_review), not while they wait for the review screen.
        if self._open_review:
            self.open_review(self._open_review)
        else:
            self._show_home()

    @work(thread=True, exclusive=True, group="keymap")
    def _check_keymap(self) -> None:
        """Find the keymap's unknown ids and clashes off the UI thread (it imports every screen and
        dialog to know their keys) and tell each in one line."""
        for problem in check_keymap(self.keymap_file.keys, type(self), self.keymap_file.path):
            self.call_from_thread(
                self.notify, problem, title="Keys", severity="warning", markup=False, timeout=20
            )

    def _show_home(self) -> None:
        from cqc_tui.tui.screens.home import HomeScreen

        if not any(isinstance(s, HomeScreen) for s in self.screen_stack):
            self.push_screen(HomeScreen())

    # -- reviews ---------------------------------------------------------------------------

    def open_review(self, review_id: str, readonly: bool = False) -> bool:
        """Open a review on the review screen. False if it could not be opened (the user is told
        why, on the review list). A large review opens in the background: True then means the
        screen is up and reading it; a failure is reported the same way when the read ends."""
        from cqc_tui.tui.screens.review import ReviewScreen

        if self.session is not None:
            self.close_review()
        threshold = self.background_open_from
        try:
            preview = self.workspace.preview(review_id) if threshold is not None else None
        except Exception:  # noqa: BLE001 - an unreadable summary: the ordinary open says what is wrong
            preview = None
        if preview is not None and threshold is not None and preview.notes >= threshold:
            self.sub_title = preview.title
            screen = ReviewScreen(preview=preview, readonly=readonly)
            self._reading = [s for s in self._reading if s.loading] + [screen]
            self.push_screen(screen)
            return True
        try:
            session = self.workspace.open_id(review_id, user=self.chosen_user, readonly=readonly)
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, the user is told and stays on the list
            self.review_failed(exc, review_id)
            return False
        try:
            screen = ReviewScreen(session)
        except Exception as exc:  # noqa: BLE001 - records the screen cannot show: let go of the review
            session.close(compact=False)
            self.review_failed(exc, review_id)
            return False
        self.review_opened(session)
        self.sub_title = session.review.title
        self.push_screen(screen)
        return True

    def review_opened(self, session: ReviewSession) -> None:
        """A review is open (read at once, or by a review screen's worker)."""
        self.session = session
        notices = list(
            session.store.report.notices
        )  # what the store set aside or repaired on opening
        if notices:  # over the review screen, once it is up
            self.call_later(self._show_open_notices, session, notices)
        if session.framework_mismatch:
            self.notify(
                f"This review was started with {session.review.framework_id} "
                f"{session.review.framework_version}; using installed version {session.framework.version}.",
                severity="warning",
                markup=False,
            )

    def _show_open_notices(self, session: ReviewSession, notices: list[str]) -> None:
        from cqc_tui.tui.dialogs.open_notices import OpenNoticesDialog

        if self.session is session:  # not if the review was closed meanwhile
            self.push_screen(OpenNoticesDialog(session.review.title, session.review.id, notices))

    def review_failed(self, exc: BaseException, review_id: str, screen=None) -> None:
        """Opening failed: back to the review list (from `screen`, if it was still reading), with
        the reason in one line (never a traceback); a review open elsewhere offers read-only instead."""
        if screen is not None and screen in self.screen_stack:
            while self.screen is not screen:
                self.pop_screen()
            self.pop_screen()
        self.sub_title = "reviews"
        self._show_home()  # under the question, so Cancel lands on the review list
        if isinstance(exc, ReviewLocked):
            from cqc_tui.tui.dialogs.common import ConfirmDialog

            def answer(yes: bool | None) -> None:
                if yes:
                    self.open_review(review_id, readonly=True)

            self.push_screen(
                ConfirmDialog(
                    f"{exc}\n\nOpen it read-only to look at the evidence?",
                    yes="Read-only",
                    no="Cancel",
                    title="The review is open elsewhere",
                ),
                answer,
            )
            return
        self.notify(
            failure_line(exc, "open"),
            title="Cannot open the review",
            severity="error",
            markup=False,
            timeout=15,
        )

    def on_jump_to(self, message: JumpTo) -> None:
        """A screen over the review screen (readiness) asks to go to a place in the review: close
        the screens above the review screen and hand the review screen the same request."""
        from cqc_tui.tui.screens.review import ReviewScreen

        target = next((s for s in reversed(self.screen_stack) if isinstance(s, ReviewScreen)), None)
        if target is None:
            return
        while self.screen is not target:
            self.pop_screen()
        target.post_message(
            JumpTo(
                line=message.line,
                scope_unit=message.scope_unit,
                note_id=message.note_id,
                key_question=message.key_question,
            )
        )

    def close_review(self) -> None:
        from cqc_tui.tui.screens.review import ReviewScreen

        while isinstance(self.screen, ReviewScreen) or (
            len(self.screen_stack) > 2 and self.session is not None
        ):
            self.pop_screen()
        if self.session is not None:
            try:
                self.session.close()
            except Exception as exc:  # noqa: BLE001 - every save is on disk already; say what failed
                self.notify(
                    failure_line(exc, "close"),
                    title="Closing the review",
                    severity="error",
                    markup=False,
                    timeout=15,
                )
            self.session = None
        self.sub_title = "reviews"
        self._show_home()

    async def action_quit(self) -> None:
        """Quit. Typing in an open note editor is kept as a draft first (offered back next time);
        changes in any other dialog (or a draft that could not be written) are asked about first:
        Quit, or ctrl+q again, quits; Keep editing goes back to them."""
        from cqc_tui.tui.dialogs.common import ConfirmDialog
        from cqc_tui.tui.dialogs.unsaved_changes import unsaved_dialogs

        if self._quit_question is not None and self.screen is self._quit_question:
            self.exit()  # ctrl+q twice
            return
        at_risk = [
            dialog for dialog in unsaved_dialogs(self.screen_stack) if not dialog.keep_as_draft()
        ]
        if not at_risk:
            self.exit()
            return
        subjects = ", ".join(dialog.unsaved_subject() for dialog in at_risk)

        def answer(quit_anyway: bool | None) -> None:
            self._quit_question = None
            if quit_anyway:
                self.exit()

        self._quit_question = ConfirmDialog(
            f"Your changes to {subjects} are not saved. Quit anyway and lose them?",
            yes="Quit",
            no="Keep editing",
            title="Unsaved changes",
            focus_yes=False,
        )
        self.push_screen(self._quit_question, answer)

    def action_help(self) -> None:
        from cqc_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def on_unmount(self) -> None:
        self.remembered_units.flush()
        for screen in self._reading:  # quitting while a review is still being read
            screen.abandon()
        if self.session is not None:
            try:
                self.session.close()
            except Exception:  # noqa: BLE001 - quitting: every save is on disk already, nobody to tell
                pass
            self.session = None


def run_app(
    workspace: Workspace,
    user: str | None = None,
    open_review: str | None = None,
    as_member: str | None = None,
) -> None:
    """Entry point used by the command line: `user` is --user or --as (None: the member chosen on
    this device for each review), `as_member` is --as."""
    CqcApp(workspace, user=user, open_review=open_review, as_member=as_member).run()


__all__ = ["CqcApp", "run_app"]
