"""Findings per key question / area, recommendations (must do, should do, areas for improvement) and
regulatory action (requirement and warning notices ...: the report's enforcement section)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from cqc_tui.core.finding_agreement import set_findings_agreed
from cqc_tui.core.model import (
    ACTION_STATUSES,
    FINDING_KINDS,
    FOLLOW_UP_STATUSES,
    MUST_DO,
    RECOMMENDATION_KINDS,
    Enforcement,
    Finding,
    Recommendation,
)
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.formatting import one_line, short_time
from cqc_tui.tui.widgets.header import SafeHeader
from cqc_tui.tui.widgets.key_bar import KeyBar
from cqc_tui.tui.widgets.lists import RowTable

# (title, key, width at 120 columns, width at 80 columns); the last column takes what is left.
FINDING_COLUMNS = (
    ("Kind", "kind", 14, 9),
    ("Key question", "kq", 12, 9),
    ("Area", "unit", 22, 10),
    ("Heading", "heading", 30, 16),
    ("Status", "status", 12, 10),
    ("Text", "text", 0, 0),
)
RECOMMENDATION_COLUMNS = (
    ("Kind", "kind", 14, 9),
    ("Owner", "owner", 18, 10),
    ("Key question", "kq", 12, 9),
    ("Area", "unit", 20, 0),
    ("Status", "status", 11, 10),
    ("Due", "due", 10, 10),
    ("What", "text", 0, 0),
)
ENFORCEMENT_COLUMNS = (
    ("Kind", "kind", 20, 12),
    ("Area", "unit", 20, 0),
    ("Issued", "date", 10, 10),
    ("Regulated activity", "activity", 24, 0),
    ("Regulation", "regulation", 0, 0),
)
MIN_TEXT = 14  # the text column never shrinks below this
TABLES = {
    "findings": "#findings-table",
    "recommendations": "#recs-table",
    "enforcement": "#enf-table",
}


def fit_columns(columns: tuple, width: int) -> list[tuple[str, str, int]]:
    """(title, key, width) of the columns that fit a terminal `width` wide: the wide widths when they
    leave room for the text, else the narrow ones (a narrow width of 0 leaves that column out, its
    value is in the detail pane); the last column takes the rest, at least MIN_TEXT."""
    usable = width - 4  # the table's scrollbar and edges
    for narrow in (False, True):
        chosen = [
            (title, key, n if narrow else w)
            for title, key, w, n in columns[:-1]
            if (n if narrow else w)
        ]
        used = sum(w + 2 for _, _, w in chosen) + 2
        if usable - used >= MIN_TEXT or narrow:
            title, key = columns[-1][:2]
            return [*chosen, (title, key, max(MIN_TEXT, usable - used))]
    raise AssertionError("unreachable")


def finding_status(finding: Finding) -> str:
    """A finding's status as the list shows it: whether the team agreed it ('agreed', 'draft'),
    after an earlier finding's follow-up status ('Put right', 'Put right, draft')."""
    if not finding.status:
        return "agreed" if finding.agreed else "draft"
    status = FOLLOW_UP_STATUSES.get(finding.status, finding.status)
    return status if finding.agreed else f"{status}, draft"


class FindingsScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="findings.back"),
        Binding("a", "add", "Add", id="findings.add"),
        Binding("e,enter", "edit", "Edit", id="findings.edit"),
        Binding("d", "delete", "Delete", id="findings.delete"),
        Binding("u", "restore", "Restore", id="findings.restore"),
        Binding("D", "toggle_deleted", "Show deleted", id="findings.toggle_deleted"),
        Binding("A", "agree", "Agree / back to draft", id="findings.agree"),
        Binding("1", "tab('findings')", "Findings", show=False, id="findings.tab_findings"),
        Binding(
            "2", "tab('recommendations')", "Recommendations", show=False, id="findings.tab_recs"
        ),
        Binding(
            "3",
            "tab('enforcement')",
            "Regulatory action",
            show=False,
            id="findings.tab_enforcement",
        ),
    ]

    def __init__(self, session: ReviewSession, key_question: str = "", unit: str = "") -> None:
        super().__init__(id="findings")
        self.session = session
        self.key_question = key_question
        self.unit = unit
        self.show_deleted = False
        self.findings: list[Finding] = []
        self.recs: list[Recommendation] = []
        self.enforcement: list[Enforcement] = []

    def compose(self) -> ComposeResult:
        yield SafeHeader(icon="✚")
        with TabbedContent(id="findings-tabs"):
            # Labelled with their keys (1, 2) and how many each holds (set in reload).
            with TabPane("1 Findings", id="findings"):
                yield RowTable(id="findings-table", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Recommendations", id="recommendations"):
                yield RowTable(id="recs-table", cursor_type="row", zebra_stripes=True)
            with TabPane("3 Regulatory action", id="enforcement"):
                yield RowTable(id="enf-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="findings-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = (
            f"{self.session.review.title}: findings, recommendations and regulatory action"
        )
        width = self.app.size.width
        findings_table = self.query_one("#findings-table", DataTable)
        for label, key, col_width in fit_columns(FINDING_COLUMNS, width):
            findings_table.add_column(label, key=key, width=col_width)
        recommendations_table = self.query_one("#recs-table", DataTable)
        for label, key, col_width in fit_columns(RECOMMENDATION_COLUMNS, width):
            recommendations_table.add_column(label, key=key, width=col_width)
        enforcement_table = self.query_one("#enf-table", DataTable)
        for label, key, col_width in fit_columns(ENFORCEMENT_COLUMNS, width):
            enforcement_table.add_column(label, key=key, width=col_width)
        self.reload()
        findings_table.focus()

    def _unit(self, uid: str) -> str:
        if not uid:
            return "Whole review"
        u = self.session.scope_unit(uid)
        return u.label if u else "?"

    def _kq(self, code: str) -> str:
        key_question = self.session.framework.key_question(code) if code else None
        return key_question.label if key_question else (code or "–")

    def reload(self) -> None:
        kq_order = {
            key_question.code: i
            for i, key_question in enumerate(self.session.framework.key_questions)
        }
        self.findings = sorted(  # by key question, each in the team's order
            self.session.findings(include_deleted=self.show_deleted),
            key=lambda finding: kq_order.get(finding.key_question, len(kq_order)),
        )
        self.recs = self.session.recommendations_by_kind(include_deleted=self.show_deleted)
        findings_table = self.query_one("#findings-table", DataTable)
        findings_table.clear()
        for f in self.findings:
            style = "strike dim" if f.deleted else ""
            cells = {
                "kind": FINDING_KINDS.get(f.kind, f.kind),
                "kq": self._kq(f.key_question),
                "unit": self._unit(f.scope_unit),
                "heading": f.heading,
                "status": finding_status(f),
                "text": one_line(f.text, 200),
            }
            status_style = style or ("green" if f.agreed else "yellow")
            findings_table.add_row(
                *[
                    Text(
                        cells[str(key.value)],
                        style=status_style if key.value == "status" else style,
                    )
                    for key in findings_table.columns
                ],
                key=f.id,
            )
        recommendations_table = self.query_one("#recs-table", DataTable)
        recommendations_table.clear()
        for r in self.recs:
            style = "strike dim" if r.deleted else ("bold" if r.kind == MUST_DO else "")
            cells = {
                "kind": RECOMMENDATION_KINDS.get(r.kind, r.kind),
                "owner": r.owner,
                "kq": self._kq(r.key_question),
                "unit": self._unit(r.scope_unit),
                "status": ACTION_STATUSES.get(r.status, r.status),
                "due": r.due,
                "text": one_line(r.text, 200),
            }
            recommendations_table.add_row(
                *[
                    Text(cells[str(key.value)], style=style)
                    for key in recommendations_table.columns
                ],
                key=r.id,
            )
        self._fill_enforcement()
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("findings").label = Content(f"1 Findings: {len(self.findings)}")
        tabs.get_tab("recommendations").label = Content(f"2 Recommendations: {len(self.recs)}")
        tabs.get_tab("enforcement").label = Content(f"3 Regulatory action: {len(self.enforcement)}")
        self._show_detail()

    def _fill_enforcement(self) -> None:
        self.enforcement = [
            e
            for e in self.session.records("enforcement", include_deleted=self.show_deleted)
            if isinstance(e, Enforcement)
        ]
        self.enforcement.sort(key=lambda e: (e.date, e.created, e.id))
        aggregation = self.session.framework.aggregation
        table = self.query_one("#enf-table", DataTable)
        table.clear()
        for e in self.enforcement:
            limiter = aggregation.limiter(e.kind) if aggregation else None
            place = self._unit(e.scope_unit) if e.scope_unit else self._location(e.location)
            cells = {
                "kind": limiter.label if limiter else e.kind,
                "unit": ", ".join(b for b in (place, self._kq(e.key_question)) if b != "–"),
                "date": e.date,
                "activity": e.regulated_activity or "(not given)",
                "regulation": one_line(e.regulation, 200),
            }
            style = "strike dim" if e.deleted else ""
            table.add_row(
                *[Text(cells[str(key.value)], style=style) for key in table.columns], key=e.id
            )

    def _location(self, location_id: str) -> str:
        for loc in self.session.review.locations:
            if isinstance(loc, dict) and loc.get("id") == location_id:
                return str(loc.get("name") or location_id)
        return "The provider as a whole"

    def _active(self) -> str:
        return self.query_one(TabbedContent).active or "findings"

    def _current(self) -> Finding | Recommendation | Enforcement | None:
        active = self._active()
        items: Sequence[Finding | Recommendation | Enforcement] = self.findings
        if active == "recommendations":
            items = self.recs
        elif active == "enforcement":
            items = self.enforcement
        table = self.query_one(TABLES[active], DataTable)
        if not items or table.cursor_row is None or table.cursor_row >= len(items):
            return None
        return items[table.cursor_row]

    def _show_detail(self) -> None:
        record = self._current()
        detail = self.query_one("#findings-detail", Static)
        if record is None:
            detail.update(Text("a adds one here.", style="dim"))
            return
        t = Text()
        if isinstance(record, Enforcement):
            self._enforcement_detail(t, record)
        else:
            heading = getattr(record, "heading", "") or RECOMMENDATION_KINDS.get(
                getattr(record, "kind", ""), ""
            )
            t.append(heading + "\n", style="bold")
            if isinstance(record, Finding):
                self._finding_state(t, record)
            t.append(record.text)
        if record.deleted:
            t.append("\nDELETED (u restores)", style="bold red")
        detail.update(t)

    @staticmethod
    def _finding_state(t: Text, finding: Finding) -> None:
        """The finding's follow-up status and whether the team agreed it, a line above its text."""
        if finding.status:
            t.append(f"{FOLLOW_UP_STATUSES.get(finding.status, finding.status)}. ")
        if finding.agreed:
            when = short_time(finding.agreed_at) if finding.agreed_at else ""
            t.append(
                f"Agreed by {finding.agreed_by or 'the team'}"
                + (f", {when}" if when else "")
                + ".\n",
                style="green",
            )
        else:
            t.append("Draft: not agreed by the team yet (A agrees it).\n", style="yellow")

    @staticmethod
    def _enforcement_detail(t: Text, record: Enforcement) -> None:
        t.append((record.regulation or "(no regulation given)") + "\n", style="bold")
        t.append("Regulated activity: ", style="bold")
        t.append(record.regulated_activity or "not given (a final report needs it)")
        t.append("\nHow the regulation was not met: ", style="bold")
        t.append(one_line(record.how_not_met, 300) or "not given (a final report needs it)")
        if record.text.strip():
            t.append("\nRequired: ", style="bold")
            t.append(one_line(record.text, 300))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._show_detail()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(TABLES[tab], DataTable).focus()

    def _editor(self, record=None):
        from cqc_tui.tui.dialogs.draft_autosave import AUTOSAVE_SECONDS
        from cqc_tui.tui.dialogs.enforcement import EnforcementEditor
        from cqc_tui.tui.dialogs.findings import (
            FindingEditor,
            RecommendationEditor,
            finding_drafts,
        )

        active = self._active()
        if active == "findings":
            draft = finding_drafts(self.session).get(record.id if record is not None else "")
            return FindingEditor(
                self.session,
                record,
                key_question=self.key_question,
                unit=self.unit,
                draft=draft,
                autosave_seconds=getattr(self.app, "autosave_seconds", AUTOSAVE_SECONDS),
            )
        if active == "enforcement":
            return EnforcementEditor(
                self.session, record, key_question=self.key_question, unit=self.unit
            )
        return RecommendationEditor(
            self.session, record, key_question=self.key_question, unit=self.unit
        )

    def action_add(self) -> None:
        if self.session.readonly:
            self.notify("This review is open read-only.", markup=False)
            return
        self.app.push_screen(self._editor(), lambda r: self.reload() if r else None)

    def action_edit(self) -> None:
        record = self._current()
        if record is None or self.session.readonly:
            return
        self.app.push_screen(self._editor(record), lambda r: self.reload() if r else None)

    def _set_deleted(self, deleted: bool) -> None:
        record = self._current()
        if record is None or record.deleted == deleted:
            return
        try:
            if deleted:
                self.session.delete(record.TABLE, record.id)
            else:
                self.session.restore(record.TABLE, record.id)
        except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
            self.notify(failure_line(exc, "save"), severity="error", markup=False)
            return
        self.notify(
            "Deleted (u restores; D shows deleted)." if deleted else "Restored.", markup=False
        )
        self.reload()

    def action_delete(self) -> None:
        self._set_deleted(True)

    def action_restore(self) -> None:
        self._set_deleted(False)

    def action_toggle_deleted(self) -> None:
        self.show_deleted = not self.show_deleted
        self.reload()

    def action_agree(self) -> None:
        """Mark the highlighted finding agreed by the team as it stands, or take it back to draft."""
        record = self._current()
        if not isinstance(record, Finding) or self._active() != "findings":
            self.notify("A agrees a finding: 1 shows the findings.", markup=False)
            return
        if self.session.readonly:
            self.notify("This review is open read-only.", markup=False)
            return
        if record.deleted:
            self.notify("A deleted finding is not in the report: u restores it.", markup=False)
            return
        try:
            set_findings_agreed(self.session, [record], not record.agreed)
        except Exception as exc:  # noqa: BLE001 - one line for the user; nothing is lost
            self.notify(f"Not changed: {failure_line(exc, 'save')}", severity="error", markup=False)
            return
        what = record.heading.strip() or "The finding"
        self.notify(
            f"{what}: {'a draft again' if record.agreed else 'agreed by ' + self.session.user}.",
            markup=False,
            timeout=3,
        )
        row = self.query_one("#findings-table", DataTable).cursor_row
        self.reload()
        self.query_one("#findings-table", DataTable).move_cursor(row=row)

    def action_close(self) -> None:
        self.dismiss(None)
