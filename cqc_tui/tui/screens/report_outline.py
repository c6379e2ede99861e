"""The report outline: the review's report, section by section in report order for its review
type, with each piece of prose the team writes and its state (empty, draft, written and how many
words), and the sections built from the review's records with where their content comes from.
Enter opens the section editor (a multi-line editor with autosaved drafts and note citations);
the pane below says where the text goes in the report and shows the start of it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cqc_tui.core.model import Draft
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.report.citations import CITATION
from cqc_tui.report.outline import BUILT, EMPTY, OutlineEntry, report_outline, word_count
from cqc_tui.tui.dialogs.section_editor import (
    AUTOSAVE_SECONDS,
    BODY_FIELD,
    SectionEditor,
    section_drafts,
)
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.formatting import one_line
from cqc_tui.tui.widgets.header import SafeHeader
from cqc_tui.tui.widgets.key_bar import KeyBar
from cqc_tui.tui.widgets.lists import RowTable

# Where the content of a section built from records comes from (the review screen's keys).
BUILT_FROM: dict[str, str] = {
    "cover": "the review details (i): title, provider, dates; the overall rating",
    "contents": "the report's headings, when it is exported",
    "ratings": "the ratings the team agreed (r rates, g shows the grid)",
    "team": "the team in the review details (i)",
    "units": "the findings per area and key question (f) and the rationale of each rating (r)",
    "review_level": "the findings for the review-level key questions (f)",
    "provider_level": "the ratings and findings for the provider as a whole (f, g)",
    "changes": "the previous ratings against the ratings agreed now (g)",
    "outstanding_practice": "the findings of kind outstanding practice (f)",
    "improvement": "the recommendations: must do, should do, areas for improvement (f, then 2)",
    "enforcement": "the enforcement records (requirement and warning notices)",
    "action_plan": "the action plan and its reporting rounds (a)",
    "follow_up": "the earlier findings and whether each was put right (k)",
    "evidence_references": "the notes each finding, rating and citation rests on",
    "evidence_log": "every evidence note (n adds one)",
}
STATE_STYLE = {EMPTY: "bold red", "draft": "bold yellow", "written": "green", BUILT: "dim"}
PREVIEW_CHARACTERS = 600


class ReportOutlineScreen(Screen[None]):
    """The outline of the review's report; enter writes the highlighted section."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="report_outline.back"),
        Binding("enter,e", "edit", "Write", id="report_outline.edit"),
    ]
    DEFAULT_CSS = """
    #outline-summary { height: 1; }
    #outline-table { height: 1fr; }
    #outline-detail { height: auto; max-height: 10; padding: 0 1; border-top: hkey $primary 30%; }
    """

    def __init__(self, session: ReviewSession) -> None:
        super().__init__(id="report-outline")
        self.session = session
        self.entries: list[OutlineEntry] = []
        self.drafts: dict[str, Draft] = {}

    def compose(self) -> ComposeResult:
        yield SafeHeader(icon="✚")
        yield Static("", id="outline-summary", classes="panel-title")
        yield RowTable(id="outline-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="outline-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.review.title}: report outline"
        table = self.query_one("#outline-table", DataTable)
        table.add_column("No.", key="position", width=3)
        table.add_column("Section", key="label", width=max(20, min(44, self.app.size.width - 36)))
        table.add_column("State", key="state", width=9)
        table.add_column("Words", key="words", width=6)
        self.reload()
        table.focus()

    def reload(self, keep: str | None = None) -> None:
        """Read the outline, the drafts and the state again; keep the cursor on `keep` (a key)."""
        table = self.query_one("#outline-table", DataTable)
        current = keep or self._current_key()
        with self.session.reading():
            self.entries = report_outline(self.session.review, self.session.review_type)
            try:
                self.drafts = section_drafts(self.session)
            except Exception as exc:  # noqa: BLE001 - the outline still shows; drafts are kept
                self.drafts = {}
                self.notify(
                    f"Drafts could not be read: {failure_line(exc)}",
                    severity="warning",
                    markup=False,
                )
        table.clear()
        for index, entry in enumerate(self.entries):
            state = self.state_of(entry)
            words = self.words_of(entry)
            table.add_row(
                Text(str(entry.position)),
                Text(entry.label),
                Text(state, style=STATE_STYLE[state]),
                Text(str(words) if entry.writable else "", justify="right"),
                key=str(index),
            )
        for index, entry in enumerate(self.entries):
            if current and entry.key == current:
                table.move_cursor(row=index)
                break
        self._summarise()
        self._show_detail()

    def state_of(self, entry: OutlineEntry) -> str:
        """'empty', 'draft' (unsaved typing kept), 'written' or 'built'."""
        if entry.writable and entry.key in self.drafts:
            return "draft"
        return entry.state

    def words_of(self, entry: OutlineEntry) -> int:
        """Words written: the draft's when there is one, else the saved text's."""
        draft = self.drafts.get(entry.key) if entry.writable else None
        if draft is not None:
            return word_count(str((draft.fields or {}).get(BODY_FIELD, "")))
        return entry.words

    def _summarise(self) -> None:
        prose = [e for e in self.entries if e.writable]
        empty = [e for e in prose if self.state_of(e) == EMPTY]
        drafts = [e for e in prose if self.state_of(e) == "draft"]
        text = Text(
            f"{len(prose)} sections to write: {len(prose) - len(empty) - len(drafts)} written"
        )
        if drafts:
            text.append(f", {len(drafts)} with an unsaved draft", style="yellow")
        if empty:
            text.append(f", {len(empty)} empty", style="bold red")
        self.query_one("#outline-summary", Static).update(text)

    def _current(self) -> OutlineEntry | None:
        table = self.query_one("#outline-table", DataTable)
        row = table.cursor_row
        if row is None or not 0 <= row < len(self.entries):
            return None
        return self.entries[row]

    def _current_key(self) -> str | None:
        if not self.entries:
            return None
        entry = self._current()
        return entry.key if entry is not None else None

    def _show_detail(self) -> None:
        entry = self._current()
        detail = self.query_one("#outline-detail", Static)
        if entry is None:
            detail.update("")
            return
        text = Text()
        text.append(entry.where() + "\n", style="bold")
        if not entry.writable:
            text.append(
                f"Built from {BUILT_FROM.get(entry.section_id, 'the review records')}.", style="dim"
            )
        else:
            state = self.state_of(entry)
            body = entry.text
            if state == "draft":
                body = str((self.drafts[entry.key].fields or {}).get(BODY_FIELD, ""))
                text.append(
                    "An unsaved draft is kept: enter opens it to finish and save.\n", style="yellow"
                )
            if body.strip():
                text.append(one_line(CITATION.sub("(a cited note)", body), PREVIEW_CHARACTERS))
            else:
                text.append(
                    "Nothing written yet: enter to write it. A final report is refused while it is empty.",
                    style="dim",
                )
        detail.update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        """Write the highlighted section (its draft, when one is kept)."""
        entry = self._current()
        if entry is None:
            return
        if not entry.writable:
            self.notify(
                f"'{entry.label}' is built from {BUILT_FROM.get(entry.section_id, 'the review records')}.",
                markup=False,
            )
            return
        if self.session.readonly:
            self.notify("This review is open read-only.", markup=False)
            return
        self.app.push_screen(
            SectionEditor(
                self.session,
                entry,
                self.drafts.get(entry.key),
                autosave_seconds=getattr(self.app, "autosave_seconds", AUTOSAVE_SECONDS),
            ),
            lambda _saved: self.reload(keep=entry.key),
        )

    def action_close(self) -> None:
        self.dismiss(None)
