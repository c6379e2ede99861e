"""Readiness: the checks run before export, one per row (severity, check, message), and the
highlighted check's whole message under the table (a long one is cut in its column at 80x24)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cqc_tui.core.search import ALL
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui import readiness_job
from cqc_tui.tui.messages import JumpTo
from cqc_tui.tui.widgets.header import SafeHeader
from cqc_tui.tui.widgets.key_bar import KeyBar
from cqc_tui.tui.widgets.lists import RowTable

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


class ReadinessScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="readiness.back"),
        Binding("ctrl+r", "reload", "Refresh", id="readiness.refresh"),
        Binding("enter", "go", "Go to", id="readiness.go"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__(id="readiness")
        self.session = session
        self.findings: list = []

    def compose(self) -> ComposeResult:
        yield SafeHeader(icon="✚")
        yield Static("", id="readiness-summary", classes="panel-title")
        yield RowTable(id="readiness-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="readiness-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.review.title}: readiness"
        table = self.query_one(DataTable)
        table.add_column("Severity", key="severity", width=8)
        table.add_column("Check", key="code", width=22)
        table.add_column("Message", key="message")
        self.reload()
        table.focus()

    def reload(self) -> None:
        summary = self.query_one("#readiness-summary", Static)
        hit = readiness_job.cached(self.session)
        if hit is not None:
            self._show(hit, "")  # at once (on_mount runs before is_mounted is true)
            return
        notes = len(self.session.store.tables["notes"])
        summary.update(Text(f"Checking the review ({notes:,} notes) …", style="dim"))
        table = self.query_one(DataTable)
        table.loading = True  # a busy indicator over the table, never an empty table
        run = readiness_job.snapshot(self.session)
        # Started now, not after the next refresh: on an idle screen that refresh may not come
        # until a key is pressed, which left the table empty for seconds.
        self._check(run)

    @work(thread=True, exclusive=True, group="readiness")
    def _check(self, run) -> None:
        try:
            findings = run()
        except Exception as exc:  # noqa: BLE001 - show, don't crash
            self.app.call_from_thread(self._done, None, str(exc))
            return
        self.app.call_from_thread(self._done, findings, "")

    def _done(self, findings, error: str) -> None:
        """The worker's result: shown if the screen is still there."""
        if self.is_mounted:
            self._show(findings, error)

    def _show(self, findings, error: str) -> None:
        summary = self.query_one("#readiness-summary", Static)
        table = self.query_one(DataTable)
        table.loading = False
        if findings is None:
            summary.update(Text(f"Readiness checks failed: {error}"))
            return
        from cqc_tui.core.readiness import check_label  # loaded with the checks, not at start-up

        self.findings = findings
        table.clear()
        for i, f in enumerate(self.findings):
            table.add_row(
                Text(f.severity, style=SEVERITY_STYLE.get(f.severity, "")),
                Text(check_label(f.code)),
                Text(f.message),
                key=str(i),
            )
        row = table.cursor_row if 0 <= table.cursor_row < len(self.findings) else 0
        self.query_one("#readiness-detail", Static).update(
            Text(self.findings[row].message) if self.findings else ""
        )
        errors = sum(1 for finding in self.findings if finding.severity == "error")
        warnings = sum(1 for finding in self.findings if finding.severity == "warning")
        if not self.findings:
            summary.update(Text("No problems found: ready to export (x).", style="green"))
        else:
            summary.update(
                Text(
                    f"{errors} error(s), {warnings} warning(s), "
                    f"{len(self.findings) - errors - warnings} note(s). Enter goes to the line or note."
                )
            )

    def action_reload(self) -> None:
        self.reload()

    def action_go(self) -> None:
        """Go to the place the highlighted check is about: the app takes the inspector back to
        the review screen, which goes to the scope unit, line (or key question) and note."""
        table = self.query_one(DataTable)
        if not self.findings or table.cursor_row is None or table.cursor_row >= len(self.findings):
            return
        refs = self.findings[table.cursor_row].refs or {}
        note_ids = refs.get("note_ids") or ()
        note = refs.get("note_id") or (
            note_ids[0] if isinstance(note_ids, (list, tuple)) and note_ids else None
        )
        line, key_question = refs.get("line"), refs.get("key_question")
        unit = refs.get("scope_unit")
        self.post_message(
            JumpTo(
                scope_unit=unit if isinstance(unit, str) and unit else ALL,
                line=line if isinstance(line, str) and line else None,
                key_question=(
                    key_question if isinstance(key_question, str) and key_question else None
                ),
                note_id=note if isinstance(note, str) and note else None,
            )
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the highlighted check's whole message (user text: never markup)."""
        event.stop()
        row = event.cursor_row
        finding = self.findings[row] if 0 <= row < len(self.findings) else None
        self.query_one("#readiness-detail", Static).update(
            Text(finding.message) if finding is not None else ""
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_go()

    def action_close(self) -> None:
        self.dismiss(None)
