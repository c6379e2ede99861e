"""The navigator relabels its tree in one repaint through three Textual internals; these tests fail
if Textual renames them, and check the labels it shows."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from cqc_tui.tui.screens.review import ReviewScreen
from cqc_tui.tui.widgets.navigator import Navigator, relabel_nodes
from tests.tui.app_factory import UNIT_IDS, make_app

SIZE = (120, 40)


def test_the_textual_internals_the_navigator_relies_on_are_there():
    assert callable(getattr(Tree, "_clear_line_cache", None))
    tree: Tree[None] = Tree("root")
    node = tree.root.add("child")
    assert isinstance(node, TreeNode)
    assert isinstance(node._label, Text) and isinstance(node._updates, int)


async def test_relabel_nodes_shows_the_new_labels(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        navigator = app.screen.query_one(Navigator)
        node = navigator.line_nodes["S1"]
        before = node._updates
        relabel_nodes(navigator.line_tree, [(node, Text("S1 relabelled"))])
        assert node._updates == before + 1  # the tree's line cache knows the node changed
        await pilot.pause()
        assert str(node.label) == "S1 relabelled"


async def test_the_counts_follow_the_scope_unit(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        navigator = screen.query_one(Navigator)
        assert str(navigator.line_nodes["S1"].label).startswith("S1 3 ")  # every unit
        screen.set_unit(UNIT_IDS[0])
        await pilot.pause()
        assert navigator.scope_unit == UNIT_IDS[0]
        assert str(navigator.line_nodes["S1"].label).startswith("S1 2 ")
        assert str(navigator.line_nodes["E1"].label).startswith("E1 ·0")
