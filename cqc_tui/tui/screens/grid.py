"""The ratings grid: scope units x key questions + overall, coloured like CQC's published charts.

Each cell shows the final rating (the team's agreed rating, else the proposed one) on its colour, and
underneath the proposed and agreed ratings side by side; '≠' marks a departure from the rules. The
panel below explains the highlighted cell (rule, rationale, departure reason, evidence cited), and
the readiness checks run before export are listed at the bottom.
"""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, ScreenStackError
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Static

from cqc_tui.core.ratings import RatingsResult
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui import readiness_job
from cqc_tui.tui.formatting import contrast_text
from cqc_tui.tui.proposed_ratings import proposed_ratings
from cqc_tui.tui.screen_behaviour import FastResumeMixin, preset_breakpoints
from cqc_tui.tui.unit_names import row_names
from cqc_tui.tui.widgets.header import SafeHeader
from cqc_tui.tui.widgets.key_bar import KeyBar
from cqc_tui.tui.widgets.lists import RowTable
from cqc_tui.tui.widgets.text_pane import TextPane

SHORT = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Req. improvement",
    "inadequate": "Inadequate",
    "not_rated": "Not rated",
    "insufficient_evidence": "Insufficient",
}
TINY = {
    "outstanding": "Outst.",
    "good": "Good",
    "requires_improvement": "RI",
    "inadequate": "Inad.",
    "not_rated": "NR",
    "insufficient_evidence": "Insuf.",
}
LETTER = {
    "outstanding": "O",
    "good": "G",
    "requires_improvement": "RI",
    "inadequate": "I",
    "not_rated": "NR",
    "insufficient_evidence": "IE",
}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def short(code: str | None, scale, tiny: bool = False) -> str:
    if not code:
        return "–"
    return (TINY if tiny else SHORT).get(code) or (scale.label(code) if scale else code)


class RatingsGridScreen(FastResumeMixin, Screen):
    """The ratings grid of an open review. Built once per review and reused (see `ratings_grid`):
    `prepare` shows the ratings as they are now, which is much faster than building it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="grid.back"),
        Binding("enter,r", "rate", "Rate cell", id="grid.rate"),
        Binding("R", "readiness", "Readiness", id="grid.readiness"),
        Binding("ctrl+r", "reload", "Refresh", show=False, id="grid.refresh"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__(id="grid")
        self.session = session
        self.result: RatingsResult | None = None
        self.engine_error = ""
        self.rows: list = []
        self.columns: list = []
        self.legend: list[
            str
        ] = []  # what each row's abbreviation stands for, when rows are abbreviated
        self._built_for: int | None = None  # the width the table's columns were laid out for
        self._check_timer: Timer | None = None  # the readiness check waiting to start
        self._checking = False  # a readiness check is running (its result updates the panel)
        preset_breakpoints(
            self
        )  # not a restyle and second layout of every widget on the first Resize

    def compose(self) -> ComposeResult:
        yield SafeHeader(icon="✚")
        yield Static(
            "Final rating on its colour; p proposed by the rules, a agreed by the team (O G RI I), "
            "≠ departure, ↑↓ change since last time. enter rates a cell.",
            classes="panel-title",
        )
        yield RowTable(id="grid-table", cursor_type="cell", zebra_stripes=False)
        yield Static("", id="grid-legend")
        yield Static("", id="grid-detail")
        yield TextPane(id="grid-readiness")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.review.title}: ratings"
        self.reload()
        self.query_one(DataTable).focus()

    def prepare(self) -> RatingsGridScreen:
        """Show the ratings as they are now (a grid shown before is filled again)."""
        if self.is_mounted:
            self.sub_title = f"{self.session.review.title}: ratings"
            self.reload()
            self.query_one(DataTable).focus()
        return self

    # -- data ------------------------------------------------------------------------------

    def _evaluate(self) -> RatingsResult | None:
        try:
            return proposed_ratings(self.session)
        except Exception as exc:  # noqa: BLE001 - show, don't crash
            self.engine_error = f"Proposed ratings could not be worked out: {exc}"
            return None

    def reload(self, force: bool = False) -> None:
        """Show the ratings as they are now. The table is built again only when they changed (or
        the width did, or `force`): reopening the grid after nothing was saved keeps it."""
        previous = self.result
        self.engine_error = ""
        self.result = self._evaluate()
        if (
            not force
            and self.result is not None
            and self.result is previous
            and self._built_for == self._table_width()
        ):
            self._show_detail()
            self._show_readiness()
            return
        self.columns, self.rows = [], []
        if self.result is not None and self.result.rated:
            grid = self.result.grid()
            self.columns = list(grid.columns)
            self.rows = [(r.kind, r.scope_unit, r.location, r.label, r.cells) for r in grid.rows]
        table = self.query_one(DataTable)
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        width = self._table_width()
        self._built_for = width
        n = max(1, len(self.columns))
        label_w = max(14, min(30, width - 14 * n - 2 * (n + 1) - 1))
        col_w = max(8, (width - label_w - 2 * (n + 1) - 1) // n)
        self.tiny = col_w < 19
        if not self.tiny:
            col_w = min(col_w, 24)
        table.add_column(Text("Scope unit", style="bold"), key="__label__", width=label_w)
        for code, label in self.columns:
            table.add_column(Text(label, style="bold"), key=code, width=col_w)
        scale = self.session.framework.rating_scale
        units = {u.id: u for u in self.session.scope_units()}
        names, self.legend = row_names(
            [r[3] for r in self.rows],
            [units[r[1]].code if r[0] == "scope_unit" and r[1] in units else "" for r in self.rows],
            label_w,
        )
        self._show_legend()
        for i, (kind, _uid, _loc, _label, cells) in enumerate(self.rows):
            row = [Text(names[i], style="bold" if kind == "provider" else "")]
            for code, _ in self.columns:
                row.append(self._cell_text(cells.get(code), scale))
            table.add_row(*row, height=2, key=str(i))
        try:
            table.cursor_coordinate = cursor
        except Exception:  # noqa: BLE001
            pass
        if table.cursor_column == 0 and len(self.columns):
            table.cursor_coordinate = table.cursor_coordinate._replace(column=1)
        self._show_detail()
        self._show_readiness()

    def _show_legend(self) -> None:
        legend = self.query_one("#grid-legend", Static)
        legend.update(Text("Rows: " + " · ".join(self.legend), style="dim") if self.legend else "")
        legend.display = bool(self.legend)

    def _table_width(self) -> int:
        return max(60, self.app.size.width - 2)

    def _cell_text(self, cell, scale) -> Text:
        t = Text()
        if cell is None:
            return t
        final = cell.final
        colour = cell.colour
        tiny = getattr(self, "tiny", False)
        if final:
            style = f"bold {contrast_text(colour)} on #{colour}" if colour else "reverse"
            t.append(f" {short(final, scale, tiny)} ", style=style)
        else:
            t.append(" – ", style="dim")
        t.append("\n")
        if tiny:
            t.append(
                f"p {LETTER.get(cell.proposed or '', cell.proposed or '–')} "
                f"a {LETTER.get(cell.agreed or '', cell.agreed or '–')}",
                style="dim",
            )
        else:
            t.append(
                f"p {short(cell.proposed, scale, True) if cell.proposed else '–'} · "
                f"a {short(cell.agreed, scale, True) if cell.agreed else '–'}",
                style="dim",
            )
        if cell.departure:
            t.append(" ≠", style="bold magenta")
        if cell.change in ("up", "down"):
            t.append(" ↑" if cell.change == "up" else " ↓", style="bold")
        return t

    def _current(self):
        table = self.query_one(DataTable)
        row, col = table.cursor_coordinate
        if not (0 <= row < len(self.rows)) or col < 1 or col > len(self.columns):
            return None, None
        return self.rows[row], self.columns[col - 1][0]

    def _show_detail(self) -> None:
        detail = self.query_one("#grid-detail", Static)
        row, key_question = self._current()
        t = Text()
        if self.engine_error:
            t.append(self.engine_error + "\n", style="yellow")
        if row is None:
            detail.update(t)
            return
        _kind, uid, loc, label, cells = row
        scale = self.session.framework.rating_scale
        kq_label = dict(self.columns).get(key_question, key_question)
        t.append(f"{label} — {kq_label}\n", style="bold")
        item = (
            self.result.get(uid, key_question, loc)
            if self.result is not None and self.result.rated
            else None
        )
        cell = cells.get(key_question)
        if item is not None:
            t.append("Proposed: ", style="bold")
            t.append(scale.label(item.proposed) if item.proposed and scale else "–")
            if item.rule_text:
                t.append(f"  ({item.rule_text})", style="dim")
            if item.rule_verified is False:
                t.append("  [rule unverified]", style="yellow")
            t.append("\n")
        elif cell is not None and cell.proposed:
            t.append(f"Proposed: {scale.label(cell.proposed) if scale else cell.proposed}\n")
        rating = self.session.team_rating(uid, key_question, loc or "")
        t.append("Agreed: ", style="bold")
        if rating is not None:
            t.append(scale.label(rating.rating) if scale else rating.rating)
            t.append(
                f"  on {rating.rated_on} by {rating.updated_by or rating.author}; "
                f"{len(rating.note_ids)} note(s) cited",
                style="dim",
            )
            if rating.rationale:
                t.append("\nRationale: ", style="bold")
                t.append(rating.rationale)
        else:
            t.append("not yet", style="dim")
        reason = (item.departure_reason if item is not None else "") or (
            rating.departure_reason if rating else ""
        )
        if (item is not None and item.departure) or reason:
            t.append("\nDeparture from the proposed rating: ", style="bold magenta")
            t.append(
                reason or "no reason recorded yet (r to add one)", style="" if reason else "yellow"
            )
        if item is not None and item.limiters_applied:
            t.append("\nLimiters: ", style="bold")
            t.append(
                "; ".join(
                    f"{lim.label} caps at {scale.label(lim.cap) if scale else lim.cap}"
                    for lim in item.limiters_applied
                )
            )
        if item is not None and item.previous is not None:
            t.append(
                f"\nPrevious: {scale.label(item.previous.rating) if scale else item.previous.rating}",
                style="dim",
            )
        detail.update(t)

    def _show_readiness(self) -> None:
        out = self.query_one("#grid-readiness", TextPane)
        hit = readiness_job.cached(self.session)
        if hit is not None:
            out.update(readiness_text(hit))
            return
        out.update(Text.assemble(("Readiness\n", "bold"), ("checking ...", "dim")))
        # Draw the grid and let the first keys through before the check competes for the interpreter.
        # Copying the records for it (every note) and, the first time, importing the checks wait too.
        if self._check_timer is not None:  # the grid is reused: one check waiting at a time
            self._check_timer.stop()
        self._check_timer = self.set_timer(0.3, self._start_check)

    def _start_check(self) -> None:
        self._check_timer = None
        if not self.is_current or self._checking:  # left already, or a check is on its way
            return
        self._checking = True
        self._check(readiness_job.snapshot(self.session), self.result)

    @work(thread=True, exclusive=True, group="readiness")
    def _check(self, run, result) -> None:
        try:
            findings = run(result)
        except Exception as exc:  # noqa: BLE001 - show, don't crash
            self.app.call_from_thread(self._readiness_done, None, f"Readiness checks failed: {exc}")
            return
        self.app.call_from_thread(self._readiness_done, findings, "")

    def _readiness_done(self, findings, error: str) -> None:
        self._checking = False
        if self.is_mounted:
            self.query_one("#grid-readiness", TextPane).update(
                readiness_text(findings, error=error)
            )

    # -- events ----------------------------------------------------------------------------

    def on_resize(self) -> None:
        # A new screen gets a Resize straight after its first layout, at the size the table was just
        # built for: rebuilding it then only drew the same grid twice. Rebuild when the width changed.
        if self.is_mounted and self.columns and self._table_width() != self._built_for:
            self.reload()

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._show_detail()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_rate()

    def action_rate(self) -> None:
        row, key_question = self._current()
        if row is None:
            return
        kind, uid, _loc, _label, _cells = row
        if kind == "location":
            self.notify(
                "Location ratings are aggregated from the core services; rate those instead.",
                markup=False,
            )
            return
        if self.session.readonly:
            self.notify("This review is open read-only.", markup=False)
            return
        from cqc_tui.tui.dialogs.rating import rating_dialog

        self.app.push_screen(
            rating_dialog(self.app, self.session, uid, key_question),
            lambda r: self.reload() if r else None,
        )

    def action_readiness(self) -> None:
        from cqc_tui.tui.screens.readiness import ReadinessScreen

        self.app.push_screen(ReadinessScreen(self.session))

    def action_reload(self) -> None:
        self.reload(force=True)

    def action_close(self) -> None:
        self.dismiss(None)


def _grid_name(session: ReviewSession) -> str:
    return f"ratings-grid-{id(session)}"


def ratings_grid(app: App[Any], session: ReviewSession) -> RatingsGridScreen:
    """The ratings grid of `session`, built and installed in `app` the first time and prepared
    again after (`forget_ratings_grid` lets it go with the review)."""
    name = _grid_name(session)
    if app.is_screen_installed(name):
        grid = app.get_screen(name)
        assert isinstance(grid, RatingsGridScreen)
        return grid.prepare()
    grid = RatingsGridScreen(session)
    app.install_screen(grid, name=name)
    return grid


def forget_ratings_grid(app: App[Any], session: ReviewSession) -> None:
    """Uninstall the ratings grid of `session`, if one was built (the review is closing)."""
    name = _grid_name(session)
    if app.is_screen_installed(name):
        with contextlib.suppress(ScreenStackError):  # still open while the app closes: goes with it
            app.uninstall_screen(name)


def readiness_text(findings: list | None, error: str = "", limit: int = 50) -> Text:
    t = Text()
    t.append("Readiness (R lists them; enter there goes to the place)\n", style="bold")
    if error or findings is None:
        t.append(error or "not checked", style="red" if error else "dim")
        return t
    if not findings:
        t.append("No problems found: ready to export.", style="green")
        return t
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    t.append(
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} note(s)\n",
        style="dim",
    )
    for f in findings[:limit]:
        t.append(f"{f.severity:>7} ", style=SEVERITY_STYLE.get(f.severity, ""))
        t.append(f.message + "\n")
    if len(findings) > limit:
        t.append(f"... and {len(findings) - limit} more (R lists them all)", style="dim")
    return t
