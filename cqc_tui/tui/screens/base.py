"""Shared screen behaviour."""

from __future__ import annotations

from textual import events


class FastResumeMixin:
    """Skip Textual's full CSS pass when a screen comes back to the top of the stack unchanged.

    Textual re-applies every style on every node of a resumed screen in case the theme changed
    while it was covered. That pass is the largest cost of opening and closing a dialog over the
    review screen, so do it only when the theme did change.
    """

    _theme_seen: str | None = None

    def _on_screen_resume(self, event: events.ScreenResume) -> None:  # type: ignore[override]
        theme = self.app.theme  # type: ignore[attr-defined]
        if self._theme_seen == theme:
            event.refresh_styles = False
        self._theme_seen = theme
        # Textual then runs Screen._on_screen_resume itself (handlers are called for each class).
