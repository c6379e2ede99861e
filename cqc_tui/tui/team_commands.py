"""Command palette (ctrl+p) entries for team work on the open review: who you are, syncing, the
team folder, conflicts and the team view. Each runs the review screen's own action."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from cqc_tui.core.search import fold

# (action, what the palette shows, help)
TEAM_COMMANDS = (
    ("who_am_i", "Who am I: choose who you are on this review", "team member for this laptop (w)"),
    ("sync_now", "Sync with the team folder now", "y"),
    ("team_folder", "Team folder: set or change it", "Y"),
    ("conflicts", "Conflicts: records changed on two laptops at once", "C"),
    ("team", "Team: members, laptops, last syncs, notes per member", "t"),
)


class TeamCommands(Provider):
    """Team actions of the review screen (only while it is the active screen)."""

    def _review_screen(self) -> Any:
        from cqc_tui.tui.screens.review import ReviewScreen

        screen = self.screen
        return screen if isinstance(screen, ReviewScreen) and not screen.loading else None

    async def discover(self) -> Hits:
        screen = self._review_screen()
        if screen is None:
            return
        for action, text, help_text in TEAM_COMMANDS:
            yield DiscoveryHit(
                Content(text), partial(screen.run_action, action), text=text, help=help_text
            )

    async def search(self, query: str) -> Hits:
        screen = self._review_screen()
        if screen is None:
            return
        words = fold(query).split()
        for action, text, help_text in TEAM_COMMANDS:
            folded = fold(text)
            if words and all(word in folded for word in words):
                yield Hit(
                    90.0,
                    Content(text),
                    partial(screen.run_action, action),
                    text=text,
                    help=help_text,
                )
