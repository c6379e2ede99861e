"""Behaviour shared by screens and dialogs (Textual screens both), below both in the layers."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen
from textual.types import NoActiveAppError


class FastResumeMixin:
    """Skip Textual's full CSS pass when a screen comes back to the top of the stack unchanged.

    Textual re-applies every style on every node of a resumed screen in case the theme changed
    while it was covered. That pass is the largest cost of opening and closing a dialog over the
    review screen, so do it only when the theme did change.
    """

    _theme_seen: str | None = None

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        theme = self.app.theme  # type: ignore[attr-defined]
        if self._theme_seen == theme:
            event.refresh_styles = False
        self._theme_seen = theme
        # Textual then runs Screen._on_screen_resume itself (handlers are called for each class).


def preset_breakpoints(screen: Screen[Any]) -> None:
    """Give a new screen the app's breakpoint classes (-narrow / -wide, -short / -tall) before it is mounted.

    Textual adds it on the screen's first Resize, after the first layout, and the class change
    then restyles and lays out every widget again: on the review screen that is a fifth of the
    time to its first paint. With the class already right, that Resize changes nothing."""
    try:
        app = screen.app
    except NoActiveAppError:  # made outside a running app (tests): Textual sets it on Resize
        return
    horizontal = (
        app.HORIZONTAL_BREAKPOINTS
        if screen.HORIZONTAL_BREAKPOINTS is None
        else screen.HORIZONTAL_BREAKPOINTS
    ) or []
    vertical = (
        app.VERTICAL_BREAKPOINTS
        if screen.VERTICAL_BREAKPOINTS is None
        else screen.VERTICAL_BREAKPOINTS
    ) or []
    for breakpoints, size in ((horizontal, app.size.width), (vertical, app.size.height)):
        for edge, name in sorted(breakpoints, reverse=True):
            if size >= edge:
                screen.add_class(name)
                break
