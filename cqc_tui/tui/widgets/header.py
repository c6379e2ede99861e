"""Textual's Header, safe to remove straight after it is mounted."""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widgets import Header
from textual.widgets._header import HeaderTitle  # not exported; the title SafeHeader guards


class SafeHeader(Header):
    """Header updates its title in callbacks queued when the app's or screen's title changes, and
    those can run after its children were removed (a review screen closed as soon as it opened,
    because the review could not be read): the lookup then raised NoMatches and took the app down.
    A title with nowhere to go is dropped instead, as Header already does when it has no screen."""

    def query_one(self, selector: Any, expect_type: Any = None) -> Any:
        try:
            if expect_type is None:
                return super().query_one(selector)
            return super().query_one(selector, expect_type)
        except NoMatches:
            if selector is HeaderTitle:
                raise NoScreen("the header's title has been removed") from None
            raise
