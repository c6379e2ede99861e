"""Textual's private names (modules or names starting with "_") may change in any release.

Each one the project imports says why on the same line, and has a test here that fails when the
name moves or changes in a way the code relies on. A new private import fails
`test_every_private_textual_import_says_why_and_is_guarded` until both are added.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import io
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED_FOLDERS = ("cqc_tui", "tests", "benchmarks", "tools")

# Private Textual imports the project keeps, as (module, name); each has a guard test below.
GUARDED = {
    ("textual.widgets._header", "HeaderTitle"),
}


@dataclass(frozen=True)
class PrivateImport:
    """One import of a private Textual module or name, and the comment on its line(s)."""

    path: str
    line: int
    module: str
    name: str
    comment: str


def _is_private_textual(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "textual" and any(part.startswith("_") for part in parts[1:])


def _comments_by_line(source: str) -> dict[int, str]:
    comments: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.string.lstrip("#").strip()
    return comments


def private_textual_imports(source: str, path: str = "<source>") -> list[PrivateImport]:
    """Every import in `source` of a private Textual module (`textual._x`, `textual.widgets._x`)
    or of a private name from Textual (`from textual.x import _name`), with the comment written
    on the import's own line(s) ("" when there is none)."""
    comments = _comments_by_line(source)
    found: list[PrivateImport] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        lines = range(node.lineno, (node.end_lineno or node.lineno) + 1)
        comment = " ".join(comments[line] for line in lines if line in comments)
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                if _is_private_textual(node.module) or (
                    node.module.split(".")[0] == "textual" and alias.name.startswith("_")
                ):
                    found.append(PrivateImport(path, node.lineno, node.module, alias.name, comment))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _is_private_textual(alias.name):
                    found.append(PrivateImport(path, node.lineno, alias.name, "", comment))
    return found


def _project_private_imports() -> list[PrivateImport]:
    found: list[PrivateImport] = []
    for folder in CHECKED_FOLDERS:
        for file in sorted((ROOT / folder).rglob("*.py")):
            relative = str(file.relative_to(ROOT))
            found.extend(private_textual_imports(file.read_text(encoding="utf-8"), relative))
    return found


def _says_why(comment: str) -> bool:
    words = [word for word in comment.replace("noqa", "").split() if word.isalpha()]
    return len(words) >= 3


def test_the_finder_sees_private_imports_and_their_comments():
    source = (
        "from textual._context import active_app\n"
        "from textual.widgets._header import HeaderTitle  # Textual exports no name for it\n"
        "import textual._compositor\n"
        "from textual.app import _private_helper\n"
        "from textual.widgets import Header, Static\n"
        "import textual.app\n"
        "from textual.widgets._data_table import (  # the cursor type is not exported\n"
        "    CursorType,\n"
        ")\n"
    )
    found = private_textual_imports(source)
    assert [(item.module, item.name) for item in found] == [
        ("textual._context", "active_app"),
        ("textual.widgets._header", "HeaderTitle"),
        ("textual._compositor", ""),
        ("textual.app", "_private_helper"),
        ("textual.widgets._data_table", "CursorType"),
    ]
    assert [_says_why(item.comment) for item in found] == [False, True, False, False, True]


def test_every_private_textual_import_says_why_and_is_guarded():
    found = _project_private_imports()
    silent = [
        f"{item.path}:{item.line} {item.module}" for item in found if not _says_why(item.comment)
    ]
    assert not silent, "a private Textual import without a comment saying why: " + ", ".join(silent)
    unguarded = [
        f"{item.path}:{item.line} {item.module}.{item.name}"
        for item in found
        if (item.module, item.name) not in GUARDED
    ]
    assert not unguarded, (
        "a private Textual import with no guard test in tests/test_textual_private_names.py: "
        + ", ".join(unguarded)
    )
    stale = GUARDED - {(item.module, item.name) for item in found}
    assert not stale, f"guarded but no longer imported (remove from GUARDED): {sorted(stale)}"


# --- Guards: one for each kept private import ---------------------------------------------------


def test_header_title_is_still_the_widget_header_queries_for_its_title():
    """widgets/header.py (SafeHeader) turns Header's `query_one(HeaderTitle)` on a header whose
    children were removed into the NoScreen that Header's title callback already drops."""
    from textual.dom import NoScreen
    from textual.widgets import Header, Static
    from textual.widgets._header import HeaderTitle  # the name SafeHeader relies on (guard)

    assert issubclass(HeaderTitle, Static)
    title_callback = inspect.getsource(Header._on_mount)
    assert "self.query_one(HeaderTitle)" in title_callback
    assert "except NoScreen" in title_callback
    assert NoScreen.__module__ == "textual.dom"


def test_safe_header_drops_a_title_with_nowhere_to_go():
    from textual.app import App, ComposeResult
    from textual.dom import NoScreen
    from textual.widgets._header import HeaderTitle  # the name SafeHeader relies on (guard)

    from cqc_tui.tui.widgets.header import SafeHeader

    class HeaderApp(App[None]):
        def compose(self) -> ComposeResult:
            yield SafeHeader()

    async def run() -> None:
        app = HeaderApp()
        async with app.run_test() as pilot:
            header = app.query_one(SafeHeader)
            assert isinstance(header.query_one(HeaderTitle), HeaderTitle)
            await header.remove_children()
            await pilot.pause()
            with pytest.raises(NoScreen):
                header.query_one(HeaderTitle)
            app.title = "a title with nowhere to go"  # the title callback runs and drops it
            await pilot.pause()
        assert app.return_code in (0, None)

    asyncio.run(run())


# --- Private Textual names the project overrides (not imports, but they break the same way) -----


def test_screen_still_handles_resume_in_the_handler_fast_resume_extends():
    """screen_behaviour.FastResumeMixin defines `_on_screen_resume` to clear
    `ScreenResume.refresh_styles` before Screen's own handler reads it."""
    from textual import events
    from textual.screen import Screen

    handler = inspect.getsource(Screen._on_screen_resume)
    assert "event.refresh_styles" in handler
    assert events.ScreenResume().refresh_styles is True
