"""The action plan: sections -> recommendations -> actions, each action's status in a reporting
round, and the round's summary per section and organisation, overdue and behind actions in red.
All the rules are in cqc_tui.core.action_plan; this screen shows them and edits through dialogs."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, TabbedContent, TabPane, Tree
from textual.widgets.tree import TreeNode

from cqc_tui.core.action_plan import (
    NO_SECTION,
    STATUS_ORDER,
    ActionPlan,
    ActionState,
    GroupSummary,
    PlanSummary,
    section_key,
)
from cqc_tui.core.model import ACTION_STATUSES, ActionItem, Recommendation, ReportingRound
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.screens.record_list import RecordListScreen

STATUS_STYLE = {
    "completed": "green",
    "on_track": "cyan",
    "behind": "bold red",
    "not_started": "yellow",
    "superseded": "dim",
}
STATUS_MARK = {
    "completed": "✓",
    "on_track": "→",
    "behind": "!",
    "not_started": "·",
    "superseded": "×",
}


def counts_text(group: GroupSummary) -> Text:
    """'143 completed, 28 on track, 1 behind' with each status in its colour; overdue in red."""
    text = Text()
    parts = [
        (f"{group.counts[s]} {ACTION_STATUSES[s].lower()}", STATUS_STYLE[s])
        for s in STATUS_ORDER
        if group.counts.get(s)
    ]
    for i, (part, style) in enumerate(parts):
        if i:
            text.append(", ")
        text.append(part, style=style)
    if group.overdue:
        text.append(f"; {group.overdue} overdue", style="bold red")
    return text


class ActionPlanScreen(RecordListScreen):
    """The action plan of a review: a tree of sections, recommendations and actions, and the
    reporting round's summary by section and by organisation."""

    SUMMARY_ID = "plan-summary"
    LIST_ID = "plan-tree"
    DETAIL_ID = "plan-detail"
    SUBJECT = "action plan"
    DEFAULT_CSS = """
    #plan-tabs { height: 1fr; }
    #plan-tabs ContentSwitcher, #plan-tabs TabPane { height: 1fr; }
    #plan-tree, #plan-sections, #plan-orgs { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="action_plan.back"),
        Binding("e,enter", "edit", "Edit action", id="action_plan.edit"),
        Binding("a", "add_action", "Add action", id="action_plan.add_action"),
        Binding("n", "new_round", "New round", id="action_plan.new_round"),
        Binding("left_square_bracket", "round(-1)", "Earlier round", id="action_plan.prev_round"),
        Binding("right_square_bracket", "round(1)", "Later round", id="action_plan.next_round"),
        Binding("x", "export", "Export sheet", id="action_plan.export"),
        Binding("i", "import_returns", "Import returns", id="action_plan.import"),
        Binding("1", "tab('plan')", "Plan", show=False, id="action_plan.tab_plan"),
        Binding("2", "tab('sections')", "Sections", show=False, id="action_plan.tab_sections"),
        Binding(
            "3", "tab('organisations')", "Organisations", show=False, id="action_plan.tab_orgs"
        ),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__(session, id="action-plan")
        self.plan = ActionPlan.of(session)
        self.round_index = len(self.plan.rounds) - 1  # -1: as agreed (no round)
        self.summary: PlanSummary | None = None
        self.action_nodes: dict[str, TreeNode] = {}
        self.rec_nodes: dict[str, TreeNode] = {}
        self.section_nodes: dict[str, TreeNode] = {}

    def compose_list(self) -> ComposeResult:
        with TabbedContent(id="plan-tabs"):
            with TabPane("1 Plan", id="plan"):
                yield Tree(Text("Action plan"), id=self.LIST_ID)
            with TabPane("2 By section", id="sections"):
                yield DataTable(id="plan-sections", cursor_type="row", zebra_stripes=True)
            with TabPane("3 By organisation", id="organisations"):
                yield DataTable(id="plan-orgs", cursor_type="row", zebra_stripes=True)

    def set_up(self) -> None:
        for table_id, first in (("#plan-sections", "Section"), ("#plan-orgs", "Organisation")):
            table = self.query_one(table_id, DataTable)
            table.add_column(first, key="name")
            for status in STATUS_ORDER:
                table.add_column(ACTION_STATUSES[status], key=status)
            table.add_column("Total", key="total")
            table.add_column("Overdue", key="overdue")
        self._build_tree()

    # -- building and refreshing ----------------------------------------------------------

    @property
    def round(self) -> ReportingRound | None:
        return self.plan.rounds[self.round_index] if self.round_index >= 0 else None

    def _build_tree(self, focus_recommendation: str = "") -> None:
        """Sections -> recommendations (also those with no action yet) -> actions."""
        tree = self.query_one("#plan-tree", Tree)
        tree.clear()
        self.action_nodes.clear()
        self.rec_nodes.clear()
        self.section_nodes.clear()
        tree.show_root = False
        tree.root.expand()
        recs = sorted(self.plan.recommendations.values(), key=lambda r: (r.order, r.created, r.id))
        sections = sorted(
            {self.plan.section_of(a) for a in self.plan.actions}
            | {r.section or NO_SECTION for r in recs},
            key=section_key,
        )
        for section in sections:
            node = tree.root.add(Text(section), data=("section", section), expand=False)
            self.section_nodes[section] = node
            loose = [
                a
                for a in self.plan.actions
                if a.recommendation not in self.plan.recommendations
                and self.plan.section_of(a) == section
            ]
            for rec in recs:
                acts = self.plan.actions_of(rec.id)
                if (
                    self.plan.section_of(acts[0]) if acts else (rec.section or NO_SECTION)
                ) != section:
                    continue
                parent = node.add(
                    Text(rec.text),
                    data=("recommendation", rec.id),
                    expand=rec.id == focus_recommendation,
                )
                self.rec_nodes[rec.id] = parent
                for action in acts:
                    self.action_nodes[action.id] = parent.add_leaf(
                        Text(action.text), data=("action", action.id)
                    )
                if rec.id == focus_recommendation:
                    node.expand()
            for action in loose:
                self.action_nodes[action.id] = node.add_leaf(
                    Text(action.text), data=("action", action.id)
                )
        if tree.root.children and not focus_recommendation:
            tree.root.children[0].expand()

    def _action_label(self, state: ActionState) -> Text:
        a = state.action
        text = Text()
        text.append(
            f"{STATUS_MARK[state.status]} {ACTION_STATUSES[state.status]:<11} ",
            style=STATUS_STYLE.get(state.status, ""),
        )
        text.append(a.text)
        text.append(f"  · {a.owner or 'no owner'}", style="dim")
        if a.due:
            text.append(f" · due {a.due}", style="bold red" if state.overdue else "dim")
        if state.overdue:
            text.append(" OVERDUE", style="bold red")
        return text

    def reload(self) -> None:
        """Read the plan again and redraw the summary, the tree's labels and the tables."""
        self.plan = ActionPlan.of(self.session)
        self.round_index = min(self.round_index, len(self.plan.rounds) - 1)
        summary = self.summary = self.plan.summary(self.round, as_agreed=self.round is None)
        states = {s.action.id: s for s in summary.states}
        for action_id, node in self.action_nodes.items():
            if action_id in states:
                node.set_label(self._action_label(states[action_id]))
        by_rec: dict[str, list[ActionState]] = {}
        for s in summary.states:
            by_rec.setdefault(s.action.recommendation, []).append(s)
        for rec_id, node in self.rec_nodes.items():
            rec: Recommendation | None = self.plan.recommendations.get(rec_id)
            items = by_rec.get(rec_id, [])
            label = Text(
                f"[{sum(s.status == 'completed' for s in items)}/{len(items)}] ", style="bold"
            )
            if any(s.overdue or s.behind for s in items):
                label.stylize("red")
            label.append(rec.text if rec else "")
            node.set_label(label)
        for group in summary.sections:
            section_node = self.section_nodes.get(group.name)
            if section_node is not None:
                label = Text(group.name + "  ", style="bold")
                label.append_text(counts_text(group))
                section_node.set_label(label)
        for table_id, groups in (
            ("#plan-sections", summary.sections),
            ("#plan-orgs", summary.organisations),
        ):
            table = self.query_one(table_id, DataTable)
            table.clear()
            for g in [*groups, summary.total]:
                table.add_row(
                    Text(g.name, style="bold" if g is summary.total else ""),
                    *(
                        Text(
                            str(g.counts.get(s, 0)),
                            style=STATUS_STYLE[s] if g.counts.get(s) else "dim",
                        )
                        for s in STATUS_ORDER
                    ),
                    Text(str(g.total)),
                    Text(str(g.overdue), style="bold red" if g.overdue else "dim"),
                )
        self._show_summary()
        self.show_detail()

    def _show_summary(self) -> None:
        summary = self.summary
        assert summary is not None
        text = Text()
        rnd = summary.round
        if rnd is None:
            text.append("As agreed", style="bold")
            text.append(" (no reporting round yet: n starts one)")
        else:
            text.append(rnd.label, style="bold")
            text.append(f" · as at {rnd.as_at} · returns due {rnd.returns_due or 'not set'}")
            text.append(
                f" · round {self.round_index + 1} of {len(self.plan.rounds)} ([ ] to change)",
                style="dim",
            )
        text.append("\n")
        if summary.total.total == 0:
            text.append("No actions yet: choose a recommendation and press a to add one.")
            self.show_summary(text)
            return
        text.append(
            ", ".join(
                f"{n} {word}{'' if n == 1 else 's'}"
                for n, word in (
                    (summary.total.total, "action"),
                    (summary.recommendations, "recommendation"),
                    (len(summary.sections), "section"),
                    (len(summary.organisations), "organisation"),
                )
            )
            + ": "
        )
        text.append_text(counts_text(summary.total))
        if rnd is not None:
            text.append(f"; returns received {summary.returns_received} of {summary.total.total}")
            if summary.previous_round is not None:
                text.append(
                    f"; {summary.changed_since_previous} changed since {summary.previous_round.label}"
                )
        self.show_summary(text)

    def _selected_action(self) -> ActionItem | None:
        node = self.query_one("#plan-tree", Tree).cursor_node
        if node is None or not node.data or node.data[0] != "action":
            return None
        return self.plan.action_by_id.get(node.data[1])

    def detail(self) -> Text | str:
        action = self._selected_action()
        if action is None:
            return Text(
                "Choose an action (enter edits it); n starts a round; x / i send and read "
                "an organisation's spreadsheet.",
                style="dim",
            )
        state = self.plan.state(action, self.round)
        text = Text(action.text + "\n", style="bold")
        text.append(f"Owner {action.owner or '-'} · due {action.due or '-'} · ")
        text.append(ACTION_STATUSES[state.status], style=STATUS_STYLE.get(state.status, ""))
        if state.overdue:
            text.append(" · overdue", style="bold red")
        if state.note:
            text.append(f"\nThis round: {state.note}")
        if action.progress:
            text.append(f"\nEvidence: {action.progress}")
        history = self.plan.history(action.id)
        if history:
            text.append(
                "\nHistory: "
                + "; ".join(
                    f"{r.label} {ACTION_STATUSES.get(u.status, u.status).lower()}"
                    for r, u in history
                ),
                style="dim",
            )
        return text

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        self.show_detail()

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data and event.node.data[0] == "action":
            event.stop()
            self.action_edit()

    # -- actions -----------------------------------------------------------------------------

    def _after(self, message: str | None) -> None:
        if message:
            self.reload()
            self.notify(message, markup=False)

    def action_edit(self) -> None:
        from cqc_tui.tui.dialogs.action_plan import ActionEditor

        action = self._selected_action()
        if action is None or not self.writable():
            return
        self.app.push_screen(ActionEditor(self.session, self.plan, action, self.round), self._after)

    def _selected_recommendation(self) -> str:
        node = self.query_one("#plan-tree", Tree).cursor_node
        if node is None or not node.data:
            return ""
        if node.data[0] == "recommendation":
            return node.data[1]
        if node.data[0] == "action":
            action = self.plan.action_by_id.get(node.data[1])
            return action.recommendation if action else ""
        return ""

    def action_add_action(self) -> None:
        from cqc_tui.tui.dialogs.action_plan import NewActionDialog

        rec_id = self._selected_recommendation()
        if not self.writable():
            return
        if not rec_id:
            self.notify(
                "Choose the recommendation the action delivers (or one of its actions), then press a.",
                markup=False,
            )
            return

        def added(message: str | None) -> None:
            if message:
                self.plan = ActionPlan.of(self.session)
                self._build_tree(focus_recommendation=rec_id)
            self._after(message)

        self.app.push_screen(
            NewActionDialog(self.session, self.plan, self.plan.recommendations[rec_id]), added
        )

    def action_new_round(self) -> None:
        from cqc_tui.tui.dialogs.action_plan import NewRoundDialog

        if not self.writable():
            return
        if not self.plan.actions:
            self.notify("This review has no actions to report on.", markup=False)
            return

        def started(message: str | None) -> None:
            if message:
                self.round_index = len(ActionPlan.of(self.session).rounds) - 1
            self._after(message)

        self.app.push_screen(NewRoundDialog(self.session, self.plan), started)

    def action_round(self, step: int) -> None:
        index = max(
            -1 if not self.plan.rounds else 0,
            min(len(self.plan.rounds) - 1, self.round_index + step),
        )
        if index != self.round_index:
            self.round_index = index
            self.reload()

    def _round_or_say(self) -> ReportingRound | None:
        """The reporting round in progress; None, after telling the user to start one, if none is."""
        if self.round is None:
            self.notify("Start a reporting round first (n).", markup=False)
        return self.round

    def action_export(self) -> None:
        from cqc_tui.tui.dialogs.action_plan import ExportReturnsDialog

        current = self._round_or_say()
        if current is None or not self.plan.actions:
            return
        action = self._selected_action()
        self.app.push_screen(
            ExportReturnsDialog(self.session, self.plan, current, action.owner if action else ""),
            self._after,
        )

    def action_import_returns(self) -> None:
        from cqc_tui.tui.dialogs.action_plan import ImportReturnsDialog

        current = self._round_or_say()
        if current is None or not self.writable():
            return
        self.app.push_screen(ImportReturnsDialog(self.session, self.plan, current), self._after)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        target = {
            "plan": "#plan-tree",
            "sections": "#plan-sections",
            "organisations": "#plan-orgs",
        }[tab]
        self.query_one(target).focus()
