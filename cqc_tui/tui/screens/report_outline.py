"""The report outline: the review's report, section by section in report order for its review
type, with each piece of prose the team writes, its state (empty, draft or agreed; 'unsaved' while
typing is kept from an editor left unsaved), who last edited it and when, and how many words; and
the sections built from the review's records with where their content comes from. Under each
findings section, each key question the review looked at (per scope unit, for the provider as a
whole, or for the review) with the state of the findings written there. Enter opens the section
editor (a multi-line editor with autosaved drafts and note citations) or the finding editor; `a`
marks the highlighted section, or the findings of the highlighted key question, agreed by the
team, or takes them back to draft. The pane below says where the text goes in the report and
shows the start of it."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cqc_tui.core.finding_agreement import set_findings_agreed, written
from cqc_tui.core.model import Draft
from cqc_tui.core.report_sections import section_states, set_agreed
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.report.citations import CITATION
from cqc_tui.report.dates import short_date
from cqc_tui.report.outline import (
    AGREED,
    BUILT,
    DRAFT,
    EMPTY,
    FindingSlotEntry,
    OutlineEntry,
    finding_slots,
    report_outline,
    word_count,
)
from cqc_tui.tui.dialogs.draft_autosave import AUTOSAVE_SECONDS
from cqc_tui.tui.dialogs.section_editor import BODY_FIELD, SectionEditor, section_drafts
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.formatting import local_time, one_line, short_time
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
    "enforcement": "the regulatory action: requirement and warning notices (f, then 3)",
    "action_plan": "the action plan and its reporting rounds (a)",
    "follow_up": "the earlier findings and whether each was put right (k)",
    "evidence_references": "the notes each finding, rating and citation rests on",
    "evidence_log": "every evidence note (n adds one)",
}
UNSAVED = "unsaved"  # typing kept from an editor left without saving (a Draft record)
STATE_STYLE = {
    EMPTY: "bold red",
    DRAFT: "yellow",
    AGREED: "green",
    UNSAVED: "bold yellow",
    BUILT: "dim",
}
PREVIEW_CHARACTERS = 600


def edited_line(entry: OutlineEntry, with_time: bool = True, width: int = 0) -> str:
    """Who last edited the section and when ('Ann Ford, 30 Nov 2026 14:02'; without the time and
    this year's year for the table: 'Ann Ford, 30 Nov', fitted to `width` as who_and_day does);
    '' when nobody has in the app (text imported from a file)."""
    status = entry.status
    if status is None or not status.edited_by:
        return ""
    if not status.edited:
        return status.edited_by
    if with_time:
        return f"{status.edited_by}, {short_time(status.edited)}"
    return who_and_day(status.edited_by, status.edited, width)


def who_and_day(who: str, stamp: str, width: int = 0) -> str:
    """'Ann Ford, 30 Nov' (the year too when it is not this year); '' when nobody. Longer than
    `width` (when given), the name gives way first ('R Thornley, 13 Oct 2023'), then the day of
    another year's month ('R Thornley, Oct 2023'), then the name's end."""
    if not who:
        return ""
    if not stamp:
        return who
    day = short_date(local_time(stamp)[:10]).removesuffix(f" {datetime.now().year}")
    line = f"{who}, {day}"
    if not width or len(line) <= width:
        return line
    names = who.split()
    if len(names) > 1:
        short = f"{names[0][0]} {names[-1]}"
        if len(short) + len(day) + 2 <= width:
            return f"{short}, {day}"
        who = short
    parts = day.split()
    if len(parts) == 3 and len(who) + len(day) - len(parts[0]) + 1 <= width:
        return f"{who}, {parts[1]} {parts[2]}"  # another year: its month will do in a table
    room = width - len(day) - 3
    return f"{who[:room]}…, {day}" if room >= 2 else line


def fitted_label(entry: OutlineEntry, width: int) -> str:
    """The entry's label in `width` characters. A section printing two pieces of prose keeps the
    end that tells them apart ('Background and scope of…: Scope'), not two identical starts."""
    label = entry.label
    if len(label) <= width or label == entry.title or not label.startswith(entry.title):
        return label
    suffix = label[len(entry.title) :]
    room = width - len(suffix) - 1
    if room < 4:
        return label
    return entry.title[:room].rstrip() + "…" + suffix


def _row_key(row: OutlineEntry | FindingSlotEntry) -> str:
    """What keeps the cursor on a row across reloads: a section's key, or a slot's place."""
    if isinstance(row, FindingSlotEntry):
        unit = row.slot.unit.id if row.slot.unit is not None else ""
        return f"finding-slot/{unit}/{row.slot.key_question.code}"
    return row.key


class ReportOutlineScreen(Screen[None]):
    """The outline of the review's report; enter writes the highlighted section."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="report_outline.back"),
        Binding("enter,e", "edit", "Write", id="report_outline.edit"),
        Binding("a", "agree", "Agree / back to draft", id="report_outline.agree"),
    ]
    DEFAULT_CSS = """
    #outline-summary { height: auto; max-height: 2; }
    #outline-table { height: 1fr; }
    #outline-detail { height: auto; max-height: 10; padding: 0 1; border-top: hkey $primary 30%; }
    """

    def __init__(self, session: ReviewSession) -> None:
        super().__init__(id="report-outline")
        self.session = session
        self.entries: list[OutlineEntry] = []
        self.slots: list[FindingSlotEntry] = []  # the key question slots of the findings sections
        self.rows: list[OutlineEntry | FindingSlotEntry] = []  # the table's rows, in order
        self.drafts: dict[str, Draft] = {}
        self.label_width = 44
        self.edited_width = 30

    def compose(self) -> ComposeResult:
        yield SafeHeader(icon="✚")
        yield Static("", id="outline-summary", classes="panel-title")
        yield RowTable(id="outline-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="outline-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.review.title}: report outline"
        table = self.query_one("#outline-table", DataTable)
        width = self.app.size.width
        edited_width = self.edited_width = max(16, min(30, width - 60))
        table.add_column("No.", key="position", width=3)
        self.label_width = max(18, min(44, width - 27 - edited_width))
        table.add_column("Section", key="label", width=self.label_width)
        table.add_column("State", key="state", width=7)
        table.add_column("Last edited", key="edited", width=edited_width)
        table.add_column("Words", key="words", width=5)
        self.reload()
        table.focus()

    def reload(self, keep: str | None = None) -> None:
        """Read the outline, the drafts and the state again; keep the cursor on `keep` (a key)."""
        table = self.query_one("#outline-table", DataTable)
        current = keep or self._current_key()
        with self.session.reading():
            self.entries = report_outline(
                self.session.review, self.session.review_type, section_states(self.session)
            )
            slots_of = finding_slots(self.session, self.entries)
            self.slots = [slot for slots in slots_of.values() for slot in slots]
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
        self.rows = []
        for entry in self.entries:
            self.rows.append(entry)
            self.rows.extend(slots_of.get(entry.section_id, []))
        for index, row in enumerate(self.rows):
            if isinstance(row, FindingSlotEntry):
                who, when = row.last_edit
                table.add_row(
                    Text(""),
                    Text(row.label),
                    Text(row.state, style=STATE_STYLE[row.state]),
                    Text(who_and_day(who, when, self.edited_width)),
                    Text(str(row.words) if row.findings else "", justify="right"),
                    key=str(index),
                )
                continue
            state = self.state_of(row)
            words = self.words_of(row)
            table.add_row(
                Text(str(row.position)),
                Text(fitted_label(row, self.label_width)),
                Text(state, style=STATE_STYLE[state]),
                Text(edited_line(row, with_time=False, width=self.edited_width)),
                Text(str(words) if row.writable else "", justify="right"),
                key=str(index),
            )
        for index, row in enumerate(self.rows):
            if current and _row_key(row) == current:
                table.move_cursor(row=index)
                break
        self._summarise()
        self._show_detail()

    def state_of(self, entry: OutlineEntry) -> str:
        """'unsaved' (typing kept from an editor left unsaved), else the section's own state:
        'empty', 'draft', 'agreed', or 'built' for a section built from records."""
        if entry.writable and entry.key in self.drafts:
            return UNSAVED
        return entry.state

    def words_of(self, entry: OutlineEntry) -> int:
        """Words written: the draft's when there is one, else the saved text's."""
        draft = self.drafts.get(entry.key) if entry.writable else None
        if draft is not None:
            return word_count(str((draft.fields or {}).get(BODY_FIELD, "")))
        return entry.words

    def _summarise(self) -> None:
        prose = [e for e in self.entries if e.writable]
        states = [self.state_of(e) for e in prose]
        text = Text(f"{len(prose)} sections to write: {states.count(AGREED)} agreed")
        if states.count(DRAFT):
            text.append(f", {states.count(DRAFT)} draft", style="yellow")
        if states.count(UNSAVED):
            text.append(f", {states.count(UNSAVED)} with unsaved typing", style="bold yellow")
        if states.count(EMPTY):
            text.append(f", {states.count(EMPTY)} empty", style="bold red")
        if self.slots:
            slot_states = [slot.state for slot in self.slots]
            agreed = slot_states.count(AGREED)
            text.append(f"; findings for {len(self.slots)} key questions: {agreed} agreed")
            if slot_states.count(DRAFT):
                text.append(f", {slot_states.count(DRAFT)} draft", style="yellow")
            if slot_states.count(EMPTY):
                text.append(f", {slot_states.count(EMPTY)} missing", style="bold red")
        self.query_one("#outline-summary", Static).update(text)

    def _current_row(self) -> OutlineEntry | FindingSlotEntry | None:
        table = self.query_one("#outline-table", DataTable)
        row = table.cursor_row
        if row is None or not 0 <= row < len(self.rows):
            return None
        return self.rows[row]

    def _current(self) -> OutlineEntry | None:
        row = self._current_row()
        return row if isinstance(row, OutlineEntry) else None

    def _current_key(self) -> str | None:
        row = self._current_row() if self.rows else None
        return _row_key(row) if row is not None else None

    def _show_detail(self) -> None:
        row = self._current_row()
        detail = self.query_one("#outline-detail", Static)
        if isinstance(row, FindingSlotEntry):
            detail.update(self._slot_detail(row))
            return
        entry = row
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
            text.append(self._state_words(entry) + "\n")
            if state == UNSAVED:
                body = str((self.drafts[entry.key].fields or {}).get(BODY_FIELD, ""))
                text.append(
                    "Unsaved typing is kept: enter opens it to finish and save.\n", style="yellow"
                )
            if body.strip():
                text.append(one_line(CITATION.sub("(a cited note)", body), PREVIEW_CHARACTERS))
            else:
                text.append(
                    "Nothing written yet: enter to write it. A final report is refused while it is empty.",
                    style="dim",
                )
        detail.update(text)

    @staticmethod
    def _slot_detail(row: FindingSlotEntry) -> Text:
        """Where a scope unit x key question's findings go, what is written there, and how to
        write it."""
        text = Text()
        text.append(f"Printed under '{row.section_title}', {row.slot.where}.\n", style="bold")
        cell = row.slot.cell
        if cell is not None and cell.code:
            text.append(f"Rating: {cell.label}. ")
        text.append(f"{row.slot.notes} evidence note{'s' if row.slot.notes != 1 else ''}. ")
        if row.state == AGREED and row.findings:
            by, at = row.agreed_by
            text.append(f"Agreed by {by or 'the team'}, {short_time(at)}. ")
        elif row.state == DRAFT:
            text.append("Draft: not agreed yet (a agrees it). ")
        who, when = row.last_edit
        if who:
            text.append(f"Last edited by {who}, {short_time(when)}.")
        text.append("\n")
        if row.findings:
            for finding in row.findings:
                heading = finding.heading.strip()
                body = CITATION.sub("(a cited note)", finding.text)
                text.append(f"{heading}: " if heading else "", style="bold")
                text.append(one_line(body, PREVIEW_CHARACTERS // max(len(row.findings), 1)) + "\n")
        elif row.slot.written:
            text.append(
                "The rating's rationale is printed here; enter adds a finding.", style="dim"
            )
        else:
            text.append(
                "No finding written: enter writes one. A final report is refused while the "
                "review looked at this key question here and wrote nothing.",
                style="dim",
            )
        return text

    @staticmethod
    def _state_words(entry: OutlineEntry) -> str:
        """The section's state in a sentence: agreed by whom and when, or a draft; who edited it."""
        status = entry.status
        if status is None or status.state == EMPTY:
            said = "Empty."
        elif status.agreed:
            said = f"Agreed by {status.agreed_by or 'the team'}, {short_time(status.agreed_at)}."
        else:
            said = "Draft: not agreed yet (a agrees it)."
        if status is not None and status.edited_by:
            said += f" Last edited by {edited_line(entry)}."
        return said

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        """Write the highlighted section (its draft, when one is kept), or the finding of the
        highlighted scope unit x key question (its first finding, or a new one there)."""
        row = self._current_row()
        if isinstance(row, FindingSlotEntry):
            self._edit_finding(row)
            return
        entry = row
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

    def _edit_finding(self, row: FindingSlotEntry) -> None:
        from cqc_tui.tui.dialogs.findings import FindingEditor, finding_drafts

        if self.session.readonly:
            self.notify("This review is open read-only.", markup=False)
            return
        finding = row.findings[0] if row.findings else None
        unit = row.slot.unit.id if row.slot.unit is not None else ""
        self.app.push_screen(
            FindingEditor(
                self.session,
                finding,
                key_question=row.slot.key_question.code,
                unit=unit,
                draft=finding_drafts(self.session).get(finding.id if finding else ""),
                autosave_seconds=getattr(self.app, "autosave_seconds", AUTOSAVE_SECONDS),
            ),
            lambda _saved: self.reload(keep=_row_key(row)),
        )

    def action_agree(self) -> None:
        """Mark the highlighted section agreed by the team as it stands, or take an agreed one
        back to draft (as the member this session acts as)."""
        row = self._current_row()
        if isinstance(row, FindingSlotEntry):
            self._agree_slot(row)
            return
        entry = self._current()
        if entry is None or not entry.writable:
            return
        if self.session.readonly:
            self.notify("This review is open read-only.", markup=False)
            return
        state = self.state_of(entry)
        if state == UNSAVED:
            self.notify(
                f"'{entry.label}' has unsaved typing: enter opens it to save or discard it first.",
                markup=False,
            )
            return
        if state == EMPTY:
            self.notify(f"'{entry.label}' is empty: write it first (enter).", markup=False)
            return
        try:
            status = set_agreed(self.session, entry.key, state != AGREED)
        except Exception as exc:  # noqa: BLE001 - one line for the user; nothing is lost
            self.notify(f"Not changed: {failure_line(exc, 'save')}", severity="error", markup=False)
            return
        if status.agreed:
            self.notify(f"'{entry.label}' agreed by {status.agreed_by}.", markup=False, timeout=3)
        else:
            self.notify(f"'{entry.label}' is a draft again.", markup=False, timeout=3)
        self.reload(keep=entry.key)

    def _agree_slot(self, row: FindingSlotEntry) -> None:
        """Mark every finding written for the highlighted key question agreed, or take them back
        to draft when all are agreed already."""
        from cqc_tui.tui.dialogs.findings import finding_drafts

        where = row.label.strip()
        if self.session.readonly:
            self.notify("This review is open read-only.", markup=False)
            return
        if row.state == EMPTY:
            self.notify(f"'{where}' has no finding written: write one first (enter).", markup=False)
            return
        if not any(written(finding) for finding in row.findings):
            self.notify(
                f"'{where}' prints the rating's rationale, agreed with the rating (r); a finding "
                "written here is agreed here.",
                markup=False,
            )
            return
        drafts = finding_drafts(self.session)
        if any(finding.id in drafts for finding in row.findings):
            self.notify(
                f"'{where}' has unsaved typing in a finding: enter opens it to save or discard "
                "it first.",
                markup=False,
            )
            return
        agree = row.state != AGREED
        try:
            set_findings_agreed(self.session, row.findings, agree)
        except Exception as exc:  # noqa: BLE001 - one line for the user; nothing is lost
            self.notify(f"Not changed: {failure_line(exc, 'save')}", severity="error", markup=False)
            return
        if agree:
            self.notify(f"'{where}' agreed by {self.session.user}.", markup=False, timeout=3)
        else:
            self.notify(f"'{where}' is a draft again.", markup=False, timeout=3)
        self.reload(keep=_row_key(row))

    def action_close(self) -> None:
        self.dismiss(None)
