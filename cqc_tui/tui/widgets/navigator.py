"""The review screen's navigator: the scope unit chooser over the tree of key questions and lines.

Each line shows its evidence coverage for the chosen scope unit (notes, source types, concerns `!`,
rated `✓`); each key question its note count and the team's rating. The navigator owns what it
shows: `scope_unit` is a reactive whose watcher relabels the tree; the counts come from the
`CoverageCounter` it is given, and `counts_changed()` relabels it a moment later (several saves in
a row relabel it once). What the inspector does in it is told to the screen by messages: `Moved`
(the cursor is on another line or key question), `LineChosen` (enter on a line) and `UnitChosen`
(a scope unit picked from the drop-down).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Select, Tree
from textual.widgets.tree import TreeNode

from cqc_tui.core.coverage import CoverageCounter
from cqc_tui.core.framework import Framework, Line
from cqc_tui.core.model import Rating, ScopeUnit
from cqc_tui.core.search import ALL
from cqc_tui.tui.formatting import contrast_text, source_initials
from cqc_tui.tui.unit_names import told_apart
from cqc_tui.tui.widgets.lists import CursorTree

NodeData = tuple[str, str]  # ("kq", key question code) or ("line", line code)
RatingLookup = Callable[
    [str, str], "Rating | None"
]  # (scope unit id or "", key question) -> rating

COUNTS_DELAY = 0.3  # seconds: saves in quick succession relabel the navigator once
# Characters of a unit's name the drop-down shows in an 80-column terminal (the narrow navigator).
UNIT_NAME_ROOM = 22


def relabel_nodes(tree: Tree[NodeData], labels: Sequence[tuple[TreeNode[NodeData], Text]]) -> None:
    """Give tree nodes new labels with one repaint of the tree.

    `TreeNode.set_label` schedules a repaint per node; relabelling every line of a framework that
    way, on every scope unit change, showed in the navigator's speed. This sets the node's label
    and bumps its update counter (what `set_label` does, without the callback), then clears the
    tree's line cache and repaints once. It relies on TreeNode._label, TreeNode._updates and
    Tree._clear_line_cache (Textual 8): tests/tui/test_navigator.py fails if they change."""
    changed = False
    for node, label in labels:
        if node._label != label:
            node._label = label
            node._updates += 1
            changed = True
    if changed:
        tree._clear_line_cache()
        tree.refresh()


class Navigator(Vertical):
    """Scope unit drop-down and the tree of key questions and lines, with coverage."""

    scope_unit: reactive[str] = reactive(ALL, init=False)
    """The scope unit the counts are for: ALL (every unit and the review as a whole), '' (the
    review as a whole) or a unit id. Setting it relabels the tree and moves the drop-down."""

    reading: reactive[bool] = reactive(False, init=False)
    """True while the review's records are still being read: counts are left out until then."""

    class Moved(Message):
        """The cursor is on `line` (None: on the key question `key_question` itself)."""

        def __init__(self, key_question: str, line: Line | None) -> None:
            super().__init__()
            self.key_question = key_question
            self.line = line

    class LineChosen(Message):
        """Enter on a line: the inspector wants its evidence."""

    class UnitChosen(Message):
        """A scope unit was picked from the drop-down (ALL for every unit)."""

        def __init__(self, scope_unit: str) -> None:
            super().__init__()
            self.scope_unit = scope_unit

    def __init__(
        self,
        framework: Framework,
        title: str,
        unit_word: str,
        *,
        reading: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.set_reactive(Navigator.reading, reading)
        self.framework = framework
        self.title = title
        self.unit_word = unit_word
        self.coverage = CoverageCounter(())
        self.units: dict[str, ScopeUnit] = {}
        self.rated_pairs: set[tuple[str, str]] = set()
        self.rating_of: RatingLookup = lambda _unit, _kq: None
        self.line_nodes: dict[str, TreeNode[NodeData]] = {}
        self.kq_nodes: dict[str, TreeNode[NodeData]] = {}
        self._counts_timer: Timer | None = None
        self._on_counts: Callable[[], set[tuple[str, str]]] = set

    def compose(self) -> ComposeResult:
        yield Select(
            self._unit_options(),
            value=ALL,
            allow_blank=False,
            id="unit",
            compact=True,
            tooltip=f"{self.unit_word} (s; [ and ] step through)",
        )
        tree: Tree[NodeData] = CursorTree(Text(self.title), id="lines")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree

    @property
    def line_tree(self) -> Tree[NodeData]:
        return self.query_one("#lines", Tree)

    def _unit_options(self) -> list[tuple[Content, str]]:
        """The drop-down's choices; units whose names look alike where an 80-column screen cuts
        them start with an abbreviation, so the one chosen can be told from the others."""
        units = list(self.units.values())
        names = told_apart([u.label for u in units], [u.code for u in units], UNIT_NAME_ROOM)
        return [(Content("All / whole review"), ALL)] + [
            (Content(name), u.id) for name, u in zip(names, units, strict=True)
        ]

    # -- what it shows -------------------------------------------------------------------------

    def show_review(
        self,
        coverage: CoverageCounter,
        units: dict[str, ScopeUnit],
        rated_pairs: Callable[[], set[tuple[str, str]]],
        rating_of: RatingLookup,
    ) -> None:
        """The review's records are in: count `coverage`, list `units`; `rated_pairs` answers the
        (unit, key question) pairs rated, `rating_of` the team's rating of one (both re-asked
        whenever the counts are refreshed)."""
        self.coverage = coverage
        self._on_counts = rated_pairs
        self.rating_of = rating_of
        self.set_units(units)
        self.reading = False
        self.relabel()

    def set_units(self, units: dict[str, ScopeUnit]) -> None:
        """List these scope units in the drop-down (the chosen one stays if it is still there)."""
        self.units = dict(units)
        select = self.query_one("#unit", Select)
        with self.prevent(Select.Changed):
            select.set_options(self._unit_options())
            select.value = self.scope_unit if self.scope_unit in self.units else ALL

    def build(self, framework: Framework | None = None) -> Line | None:
        """(Re)build the tree for `framework` (default: the one it has); returns the first line,
        where the cursor goes."""
        if framework is not None:
            self.framework = framework
        self.rated_pairs = self._on_counts()
        tree = self.line_tree
        tree.clear()
        self.line_nodes.clear()
        self.kq_nodes.clear()
        first: TreeNode[NodeData] | None = None
        for key_question in self.framework.key_questions:
            kq_node = tree.root.add(
                self._kq_label(key_question.code), data=("kq", key_question.code), expand=True
            )
            self.kq_nodes[key_question.code] = kq_node
            for line in key_question.lines:
                node = kq_node.add_leaf(self._line_label(line), data=("line", line.code))
                self.line_nodes[line.code] = node
                if first is None:
                    first = node
        tree.root.expand()
        if first is None or first.data is None:
            return None
        self.call_after_refresh(tree.move_cursor, first)
        return self.framework.line(first.data[1])

    def relabel(self) -> None:
        """Relabel every node from the counts and ratings as they are now."""
        self._counts_timer = None
        self.rated_pairs = self._on_counts()
        framework = self.framework
        labels: list[tuple[TreeNode[NodeData], Text]] = []
        for code, node in self.line_nodes.items():
            line = framework.line(code)
            if line is not None:
                labels.append((node, self._line_label(line)))
        labels += [(node, self._kq_label(code)) for code, node in self.kq_nodes.items()]
        relabel_nodes(self.line_tree, labels)

    def counts_changed(self) -> None:
        """A note or rating was saved: relabel in a moment (once for several saves)."""
        if self._counts_timer is None:
            self._counts_timer = self.set_timer(COUNTS_DELAY, self.relabel)

    def watch_scope_unit(self, unit: str) -> None:
        select = self.query_one("#unit", Select)
        if select.value != unit:
            with self.prevent(Select.Changed):
                select.value = unit if unit == ALL or unit in self.units else ALL
        self.relabel()

    def _unit_key(self) -> str:
        return "*" if self.scope_unit == ALL else self.scope_unit

    def _is_rated(self, key_question: str) -> bool:
        unit = self._unit_key()
        if unit == "*":
            return any(rated == key_question for _, rated in self.rated_pairs)
        return (unit, key_question) in self.rated_pairs

    def _line_label(self, line: Line) -> Text:
        label = Text()
        label.append(line.code, style="bold")
        coverage = self.coverage.get(line.code, self._unit_key())
        if self.reading:
            label.append(" ")
        elif coverage is None:
            label.append(" ·0 ", style="red")
        else:
            notes, sources, concerns = coverage
            label.append(f" {notes}", style="")
            label.append(f" {source_initials(sources)}", style="dim")
            if concerns:
                label.append(f" !{concerns}", style="bold red")
            if self._is_rated(line.key_question):
                label.append(" ✓", style="green")
            label.append(" ")
        label.append(line.title, style="")
        return label

    def _kq_label(self, kq_code: str) -> Text:
        key_question = self.framework.key_question(kq_code)
        label = Text(key_question.label if key_question else kq_code, style="bold")
        unit = self._unit_key()
        total = 0
        for line in key_question.lines if key_question else ():
            coverage = self.coverage.get(line.code, unit)
            total += coverage[0] if coverage else 0
        if not self.reading:
            label.append(f"  {total}", style="dim")
        rating = self.rating_of("" if self.scope_unit == ALL else self.scope_unit, kq_code)
        scale = self.framework.rating_scale
        if rating is not None and scale is not None:
            colour = scale.colour(rating.rating)
            style = f"{contrast_text(colour)} on #{colour}" if colour else "reverse"
            label.append("  ")
            label.append(f" {scale.label(rating.rating)} ", style=style)
        return label

    # -- moving --------------------------------------------------------------------------------

    def go_to_line(self, code: str) -> Line | None:
        """Put the cursor on line `code` (its key question opened); the line, or None if unknown."""
        node = self.line_nodes.get(code)
        if node is None:
            return None
        if node.parent is not None:
            node.parent.expand()
        self.line_tree.move_cursor(node)
        return self.framework.line(code)

    def go_to_key_question(self, code: str) -> bool:
        """Put the cursor on key question `code`; False if it is not in the framework."""
        node = self.kq_nodes.get(code)
        if node is None:
            return False
        self.line_tree.move_cursor(node)
        return True

    @on(Tree.NodeHighlighted, "#lines")
    def _highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        event.stop()
        if not event.node.data:
            return
        kind, code = event.node.data
        if kind == "line":
            line = self.framework.line(code)
            if line is not None:
                self.post_message(self.Moved(line.key_question, line))
        else:
            self.post_message(self.Moved(code, None))

    @on(Tree.NodeSelected, "#lines")
    def _selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        event.stop()
        if event.node.data and event.node.data[0] == "line":
            self.post_message(self.LineChosen())

    @on(Select.Changed, "#unit")
    def _unit_picked(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.UnitChosen(event.value if isinstance(event.value, str) else ALL))

    def open_unit_chooser(self) -> None:
        """Focus the scope unit drop-down and open it."""
        select = self.query_one("#unit", Select)
        select.focus()
        select.action_show_overlay()
