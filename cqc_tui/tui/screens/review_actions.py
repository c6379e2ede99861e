"""The review screen's actions that open another screen or dialog: rate, score, the ratings grid,
findings, action plan, follow-up, readiness, export and the review's details. A mixin of
ReviewScreen (screens/review.py); what they come back with is told to the navigator (counts,
ratings) and the evidence pane."""

from __future__ import annotations

from cqc_tui.core.search import ALL
from cqc_tui.tui.screens.review_host import ReviewScreenHost


class OpenElsewhere(ReviewScreenHost):
    """Actions of the review screen that open other screens (mixed into ReviewScreen)."""

    def action_rate(self) -> None:
        if not self._guard_writable():
            return
        framework = self.framework
        if not framework.rated or framework.rating_scale is None:
            self.notify(
                f"{framework.title} is not rated: this review records findings instead (f).",
                markup=False,
            )
            return
        from cqc_tui.tui.dialogs.rating import rating_dialog

        assert self.session is not None
        key_question = self.key_question or framework.key_questions[0].code
        self.app.push_screen(
            rating_dialog(self.app, self.session, self.unit_for_records, key_question),
            self._after_rating,
        )

    def action_details(self) -> None:
        if not self._guard_writable():
            return
        from cqc_tui.tui.dialogs.review_details import ReviewDetailsDialog

        assert self.session is not None
        self.app.push_screen(ReviewDetailsDialog(self.session), self._after_details)

    def _after_details(self, saved: bool | None) -> None:
        """The review's details were saved: its title and scope units may have changed."""
        if not saved:
            return
        assert self.session is not None
        self.review_title = self.session.review.title
        self._show_header()
        self.units = {u.id: u for u in self.session.scope_units()}
        self.navigator.set_units(self.units)
        self._drop_editor()  # the editor lists the units: build it afresh next time
        if self.scope_unit not in self.units:
            self.set_unit(ALL)
        self.navigator.relabel()
        self.evidence.refresh_notes()

    def action_score(self) -> None:
        if not self._guard_writable():
            return
        framework = self.framework
        if framework.scoring is None:
            self.notify(
                f"{framework.title} does not score {framework.line_label}s; r rates the key question.",
                markup=False,
            )
            return
        if self.line is None:
            self.notify(f"Pick a {framework.line_label} to score.", markup=False)
            return
        from cqc_tui.tui.dialogs.score import ScoreDialog

        assert self.session is not None
        self.app.push_screen(
            ScoreDialog(self.session, self.unit_for_records, self.line.code), self._after_rating
        )

    def _after_rating(self, result: object) -> None:
        if result is not None:
            self.navigator.relabel()

    def action_grid(self) -> None:
        framework = self.framework
        if not framework.rated or framework.rating_scale is None:
            self.notify(
                f"{framework.title} is not rated: f lists findings and recommendations, R checks readiness.",
                markup=False,
            )
            return
        from cqc_tui.tui.screens.grid import ratings_grid

        assert self.session is not None
        self.app.push_screen(
            ratings_grid(self.app, self.session), lambda _=None: self.navigator.relabel()
        )

    def action_findings(self) -> None:
        from cqc_tui.tui.screens.findings import FindingsScreen

        assert self.session is not None
        self.app.push_screen(
            FindingsScreen(self.session, key_question=self.key_question, unit=self.unit_for_records)
        )

    def action_action_plan(self) -> None:
        from cqc_tui.tui.screens.action_plan import ActionPlanScreen

        assert self.session is not None
        self.app.push_screen(ActionPlanScreen(self.session))

    def action_follow_up(self) -> None:
        from cqc_tui.tui.screens.follow_up import FollowUpScreen

        assert self.session is not None
        self.app.push_screen(FollowUpScreen(self.session))

    def action_readiness(self) -> None:
        from cqc_tui.tui.screens.readiness import ReadinessScreen

        self.app.push_screen(ReadinessScreen(self.session))  # type: ignore[arg-type]

    def action_report_outline(self) -> None:
        from cqc_tui.tui.screens.report_outline import ReportOutlineScreen

        self.app.push_screen(ReportOutlineScreen(self.session))  # type: ignore[arg-type]

    def action_export(self) -> None:
        from cqc_tui.tui.dialogs.export import ExportDialog

        self.app.push_screen(ExportDialog(self.session))  # type: ignore[arg-type]
