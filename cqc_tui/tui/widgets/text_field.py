"""A one-line field for text the user is editing (a finding's heading, a note's source, a
regulation): unlike Textual's Input, focus selects nothing and leaves the cursor at the end, so
typing straight after an editor opens (or after focus comes back to it) adds to the text instead
of replacing all of it. Search and filter boxes keep Input's select-all, where replacing is meant."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class TextField(Input):
    """Input whose text is not selected on focus (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
