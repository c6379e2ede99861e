"""What the review screen's mixins may use of the screen they are mixed into, declared once.

ReviewScreen (screens/review.py) is put together from mixins beside it, one concern each
(review_notes, review_actions, review_moves, review_loading, review_unit_choice, review_team). A
mixin reads the screen's state — the open session, where the inspector is — and calls its
widgets. `ReviewScreenHost` declares that for the type checker, so a mixin subclasses it instead of
repeating the declarations; at run time it is `object`, and the screen provides all of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen

    from cqc_tui.core.framework import Framework, Line
    from cqc_tui.core.model import ScopeUnit
    from cqc_tui.core.review_types import ReviewType
    from cqc_tui.core.search import NoteIndex
    from cqc_tui.core.workspace import ReviewPreview, ReviewSession
    from cqc_tui.tui.widgets.evidence_pane import EvidencePane
    from cqc_tui.tui.widgets.line_panel import LinePanel
    from cqc_tui.tui.widgets.navigator import Navigator

    class ReviewScreenHost(Screen[Any]):
        """The review screen as its mixins see it (see the module docstring)."""

        app: Any  # the CqcApp (tui/app.py: it imports the review screen, so not named here)

        session: ReviewSession | None  # None while a large review is still being read
        preview: ReviewPreview | None
        framework: Framework
        review_type: ReviewType | None
        review_title: str
        index: NoteIndex
        units: dict[str, ScopeUnit]

        @property
        def line(self) -> Line | None: ...
        @property
        def key_question(self) -> str: ...
        @property
        def scope_unit(self) -> str: ...
        @property
        def unit_for_records(self) -> str: ...
        @property
        def navigator(self) -> Navigator: ...
        @property
        def line_panel(self) -> LinePanel: ...
        @property
        def evidence(self) -> EvidencePane: ...

        def move_to(self, key_question: str, line: Line | None) -> None: ...
        def set_unit(self, unit: str) -> None: ...
        def _guard_writable(self) -> bool: ...
        def _show_header(self) -> None: ...
        def _drop_editor(self) -> None: ...

else:
    ReviewScreenHost = object
