"""Findings per key question / area, and recommendations (must do, should do, areas for improvement)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from cqc_tui.core.errors import CqcError
from cqc_tui.core.model import ACTION_STATUSES, FINDING_KINDS, FOLLOW_UP_STATUSES, RECOMMENDATION_KINDS
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.formatting import one_line
from cqc_tui.tui.widgets.header import SafeHeader
from cqc_tui.tui.widgets.key_bar import KeyBar
from cqc_tui.tui.widgets.lists import RowTable

KIND_ORDER = {k: i for i, k in enumerate(RECOMMENDATION_KINDS)}


class FindingsScreen(Screen):
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="findings.back"),
        Binding("a", "add", "Add", id="findings.add"),
        Binding("e,enter", "edit", "Edit", id="findings.edit"),
        Binding("d", "delete", "Delete", id="findings.delete"),
        Binding("u", "restore", "Restore", id="findings.restore"),
        Binding("D", "toggle_deleted", "Show deleted", id="findings.toggle_deleted"),
        Binding("1", "tab('findings')", "Findings", show=False, id="findings.tab_findings"),
        Binding("2", "tab('recommendations')", "Recommendations", show=False, id="findings.tab_recs"),
    ]

    def __init__(self, session: ReviewSession, kq: str = "", unit: str = "") -> None:
        super().__init__(id="findings")
        self.session = session
        self.kq = kq
        self.unit = unit
        self.show_deleted = False
        self.findings: list = []
        self.recs: list = []

    def compose(self) -> ComposeResult:
        yield SafeHeader(icon="✚")
        with TabbedContent(id="findings-tabs"):
            # Labelled with their keys (1, 2) and how many each holds (set in reload).
            with TabPane("1 Findings", id="findings"):
                yield RowTable(id="findings-table", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Recommendations", id="recommendations"):
                yield RowTable(id="recs-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="findings-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.review.title}: findings and recommendations"
        ft = self.query_one("#findings-table", DataTable)
        for label, key, width in (("Kind", "kind", 14), ("Key question", "kq", 12), ("Area", "unit", 22),
                                  ("Heading", "heading", 30), ("Status", "status", 12), ("Text", "text", None)):
            ft.add_column(label, key=key, width=width)
        rt = self.query_one("#recs-table", DataTable)
        for label, key, width in (("Kind", "kind", 14), ("Owner", "owner", 18), ("Key question", "kq", 12),
                                  ("Area", "unit", 20), ("Status", "status", 11), ("Due", "due", 10),
                                  ("What", "text", None)):
            rt.add_column(label, key=key, width=width)
        self.reload()
        ft.focus()

    def _unit(self, uid: str) -> str:
        if not uid:
            return "Whole review"
        u = self.session.scope_unit(uid)
        return u.label if u else "?"

    def _kq(self, code: str) -> str:
        kq = self.session.framework.key_question(code) if code else None
        return kq.label if kq else (code or "–")

    def reload(self) -> None:
        kq_order = {kq.code: i for i, kq in enumerate(self.session.framework.key_questions)}
        self.findings = sorted(self.session.records("findings", include_deleted=self.show_deleted),
                               key=lambda f: (kq_order.get(f.key_question, 99), f.order, f.created))
        self.recs = sorted(self.session.records("recommendations", include_deleted=self.show_deleted),
                           key=lambda r: (KIND_ORDER.get(r.kind, 99), r.order, r.created))
        ft = self.query_one("#findings-table", DataTable)
        ft.clear()
        for f in self.findings:
            style = "strike dim" if f.deleted else ""
            ft.add_row(Text(FINDING_KINDS.get(f.kind, f.kind), style=style), Text(self._kq(f.key_question), style=style),
                       Text(self._unit(f.scope_unit), style=style), Text(f.heading, style=style),
                       Text(FOLLOW_UP_STATUSES.get(f.status, f.status), style=style),
                       Text(one_line(f.text, 200), style=style), key=f.id)
        rt = self.query_one("#recs-table", DataTable)
        rt.clear()
        for r in self.recs:
            style = "strike dim" if r.deleted else ("bold" if r.kind == "must_do" else "")
            rt.add_row(Text(RECOMMENDATION_KINDS.get(r.kind, r.kind), style=style), Text(r.owner, style=style),
                       Text(self._kq(r.key_question), style=style), Text(self._unit(r.scope_unit), style=style),
                       Text(ACTION_STATUSES.get(r.status, r.status), style=style), Text(r.due, style=style),
                       Text(one_line(r.text, 200), style=style), key=r.id)
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("findings").label = Content(f"1 Findings: {len(self.findings)}")
        tabs.get_tab("recommendations").label = Content(f"2 Recommendations: {len(self.recs)}")
        self._show_detail()

    def _active(self) -> str:
        return self.query_one(TabbedContent).active or "findings"

    def _current(self):
        if self._active() == "findings":
            table, items = self.query_one("#findings-table", DataTable), self.findings
        else:
            table, items = self.query_one("#recs-table", DataTable), self.recs
        if not items or table.cursor_row is None or table.cursor_row >= len(items):
            return None
        return items[table.cursor_row]

    def _show_detail(self) -> None:
        rec = self._current()
        detail = self.query_one("#findings-detail", Static)
        if rec is None:
            detail.update(Text("a adds one here.", style="dim"))
            return
        t = Text()
        heading = getattr(rec, "heading", "") or RECOMMENDATION_KINDS.get(getattr(rec, "kind", ""), "")
        t.append(heading + "\n", style="bold")
        t.append(rec.text)
        if rec.deleted:
            t.append("\nDELETED (u restores)", style="bold red")
        detail.update(t)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._show_detail()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one("#findings-table" if tab == "findings" else "#recs-table", DataTable).focus()

    def _editor(self, record=None):
        from cqc_tui.tui.dialogs.findings import FindingEditor, RecommendationEditor

        if self._active() == "findings":
            return FindingEditor(self.session, record, kq=self.kq, unit=self.unit)
        return RecommendationEditor(self.session, record, kq=self.kq, unit=self.unit)

    def action_add(self) -> None:
        if self.session.readonly:
            self.notify("This review is open read-only.", markup=False)
            return
        self.app.push_screen(self._editor(), lambda r: self.reload() if r else None)

    def action_edit(self) -> None:
        rec = self._current()
        if rec is None or self.session.readonly:
            return
        self.app.push_screen(self._editor(rec), lambda r: self.reload() if r else None)

    def _set_deleted(self, deleted: bool) -> None:
        rec = self._current()
        if rec is None or rec.deleted == deleted:
            return
        try:
            if deleted:
                self.session.delete(rec.TABLE, rec.id)
            else:
                self.session.restore(rec.TABLE, rec.id)
        except CqcError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify("Deleted (u restores; D shows deleted)." if deleted else "Restored.", markup=False)
        self.reload()

    def action_delete(self) -> None:
        self._set_deleted(True)

    def action_restore(self) -> None:
        self._set_deleted(False)

    def action_toggle_deleted(self) -> None:
        self.show_deleted = not self.show_deleted
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)
