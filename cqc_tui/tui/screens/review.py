"""The review screen: the navigator (key questions and lines), the line panel and the evidence pane.

The screen holds where the inspector is — `place`, a reactive (key question, line, scope unit) —
and the review's records (session, note index, coverage counts); its watcher hands the place to
the three widgets, each of which shows it and keeps its own state. The widgets tell the screen
what the inspector did by messages (Navigator.Moved, Navigator.UnitChosen, NoteList.Chosen ...).

The screen's actions live in mixins beside it, by concern: the note actions in review_notes.py,
those that open other screens (rate, grid, export ...) in review_actions.py, moving about (jumps,
scope units, focus, search, Escape) in review_moves.py, which scope unit to open on (asked or
remembered) in review_unit_choice.py, team work in review_team.py, and the background read of a
large review in review_loading.py. This module keeps the layout, where the
inspector is, and what happens when a review is opened (`_opened`) and closed.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from cqc_tui.core.coverage import CoverageCounter
from cqc_tui.core.framework import Line
from cqc_tui.core.model import Record, ScopeUnit
from cqc_tui.core.search import ALL, NoteIndex
from cqc_tui.core.workspace import ReviewPreview, ReviewSession
from cqc_tui.tui.screen_behaviour import FastResumeMixin, preset_breakpoints
from cqc_tui.tui.screens.review_actions import OpenElsewhere
from cqc_tui.tui.screens.review_loading import ReviewLoading, note_index
from cqc_tui.tui.screens.review_moves import ReviewMoves
from cqc_tui.tui.screens.review_notes import NoteActions
from cqc_tui.tui.screens.review_team import TeamReviewMixin
from cqc_tui.tui.screens.review_unit_choice import UnitChoice
from cqc_tui.tui.widgets.evidence_pane import EvidencePane
from cqc_tui.tui.widgets.header import SafeHeader
from cqc_tui.tui.widgets.key_bar import KeyBar
from cqc_tui.tui.widgets.line_panel import LinePanel, PanelSubject
from cqc_tui.tui.widgets.navigator import Navigator
from cqc_tui.tui.widgets.note_list import NoteList


@dataclass(frozen=True)
class Place:
    """Where the inspector is: a key question, a line of it (None: the key question as a whole),
    and a scope unit (ALL: every unit and the review as a whole; '': the review as a whole)."""

    key_question: str = ""
    line: Line | None = None
    scope_unit: str = ALL


class ReviewScreen(
    TeamReviewMixin,
    NoteActions,
    OpenElsewhere,
    ReviewMoves,
    UnitChoice,
    ReviewLoading,
    FastResumeMixin,
    Screen,
):
    """Walk the lines of enquiry, capture and review evidence, rate."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_note", "New note", id="review.new_note"),
        Binding("e", "edit_note", "Edit", id="review.edit_note"),
        Binding("d", "delete_note", "Delete", id="review.delete_note"),
        Binding("u", "restore_note", "Restore", show=False, id="review.restore_note"),
        Binding("D", "toggle_deleted", "Show deleted", show=False, id="review.toggle_deleted"),
        Binding("slash", "search", "Search", id="review.search"),
        Binding("r", "rate", "Rate", id="review.rate"),
        Binding("S", "score", "Score", id="review.score"),
        Binding("g", "grid", "Grid", id="review.grid"),
        Binding("f", "findings", "Findings", id="review.findings"),
        Binding("a", "action_plan", "Action plan", show=False, id="review.action_plan"),
        Binding("k", "follow_up", "Follow-up", show=False, id="review.follow_up"),
        Binding("R", "readiness", "Readiness", show=False, id="review.readiness"),
        Binding("x", "export", "Export", id="review.export"),
        Binding("o", "report_outline", "Report outline", show=False, id="review.report_outline"),
        Binding(
            "O", "open_attachments", "Open attached files", show=False, id="review.open_attachments"
        ),
        Binding("i", "details", "Review details", show=False, id="review.details"),
        Binding("c", "characteristics", "Characteristics", show=False, id="review.characteristics"),
        Binding("p", "prompts", "Prompts", show=False, id="review.prompts"),
        Binding("s", "choose_unit", "Scope unit", show=False, id="review.choose_unit"),
        Binding(
            "left_square_bracket", "unit(-1)", "Previous unit", show=False, id="review.prev_unit"
        ),
        Binding("right_square_bracket", "unit(1)", "Next unit", show=False, id="review.next_unit"),
        Binding("l,left", "focus_lines", "Lines", show=False, id="review.focus_lines"),
        Binding("v,right", "focus_notes", "Evidence", show=False, id="review.focus_notes"),
        Binding("y", "sync_now", "Sync", show=False, id="review.sync_now"),
        Binding("Y", "team_folder", "Team folder", show=False, id="review.team_folder"),
        Binding("C", "conflicts", "Conflicts", show=False, id="review.conflicts"),
        Binding("t", "team", "Team", show=False, id="review.team"),
        Binding("w", "who_am_i", "Who am I", show=False, id="review.who_am_i"),
        Binding("escape", "back", "Back", id="review.back"),
    ]

    # While a large review is still being read (see CqcApp.open_review) only these work: moving
    # about the navigator and the prompts, and leaving.
    WHILE_LOADING = frozenset(
        {
            "back",
            "focus_lines",
            "focus_notes",
            "prompts",
            "characteristics",
            "search",
            "choose_unit",
            "unit",
            "help",
        }
    )

    place: reactive[Place] = reactive(Place(), init=False)
    """Where the inspector is; the watcher shows it in the navigator, line panel and evidence."""

    def __init__(
        self,
        session: ReviewSession | None = None,
        *,
        preview: ReviewPreview | None = None,
        readonly: bool = False,
    ) -> None:
        """Either an open `session`, or the `preview` of a review to open (read-only or not) once
        the screen has painted: the records are read in a thread worker, with the navigator on
        screen, and the evidence appears when they are in (`loading` until then)."""
        super().__init__(id="review")
        preset_breakpoints(self)
        if session is not None:
            framework, review_type, title = (
                session.framework,
                session.review_type,
                session.review.title,
            )
        elif preview is not None:
            framework, review_type, title = preview.framework, preview.review_type, preview.title
        else:
            raise ValueError("ReviewScreen needs a session or a preview")
        self.session: ReviewSession | None = None
        self.preview = preview
        self._open_readonly = readonly
        self.framework = framework
        self.review_type = review_type
        self.review_title = title
        # Titles are set before the Header mounts: changed later, the Header updates itself in a
        # callback that fails if the screen is closed first (a review that fails to open at once).
        self.title = "cqc-tui"
        self.sub_title = title
        self.index = NoteIndex(())
        self.coverage = CoverageCounter(())
        self.units: dict[str, ScopeUnit] = {}
        self._start_loading()
        self._last_deleted: str | None = None  # the note d deleted last: u restores it
        self._editor: Any = None
        self._editor_name = f"note-editor-{id(self)}"
        if session is not None:
            self._take(session, note_index(session))

    @property
    def loading(self) -> bool:  # type: ignore[override]  # not Widget.loading: the screen never shows a busy overlay
        """True while the review's records are still being read."""
        return self.session is None

    @property
    def line(self) -> Line | None:
        """The line the inspector is on (None: a key question as a whole)."""
        return self.place.line

    @property
    def key_question(self) -> str:
        """The key question the inspector is in."""
        return self.place.key_question

    @property
    def scope_unit(self) -> str:
        """The scope unit chosen: ALL, '' (the review as a whole) or a unit id."""
        return self.place.scope_unit

    @property
    def unit_for_records(self) -> str:
        """The scope unit a new note or rating is for ('' when every unit is shown)."""
        return "" if self.scope_unit == ALL else self.scope_unit

    def _take(
        self, session: ReviewSession, index: NoteIndex, coverage: CoverageCounter | None = None
    ) -> None:
        self.session = session
        self.framework = session.framework
        self.review_type = session.review_type
        self.review_title = session.review.title
        self.index = index
        self.coverage = coverage if coverage is not None else CoverageCounter(index.notes.values())
        self.units = {u.id: u for u in session.scope_units()}
        self.team_listen()
        session.store.add_listener(self._on_record)

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        unit_word = self.review_type.scope_unit_label if self.review_type else "Scope unit"
        yield SafeHeader(icon="✚")
        with Horizontal(id="review-body"):
            yield Navigator(
                self.framework, self.review_title, unit_word, reading=self.loading, id="nav"
            )
            with Vertical(id="centre"):
                yield LinePanel(id="line-panel")
                yield EvidencePane(
                    self.framework,
                    self.unit_label,
                    self.index,
                    reading=self.loading,
                    notes_expected=self.preview.notes if self.preview else 0,
                    id="evidence",
                )
                yield Static("", id="team-status")
        yield KeyBar()

    @property
    def navigator(self) -> Navigator:
        return self.query_one(Navigator)

    @property
    def line_panel(self) -> LinePanel:
        return self.query_one(LinePanel)

    @property
    def evidence(self) -> EvidencePane:
        return self.query_one(EvidencePane)

    def unit_label(self, unit_id: str) -> str:
        """A scope unit's name as lists show it ('Whole review' for '', '?' for an unknown id)."""
        if not unit_id:
            return "Whole review"
        unit = self.units.get(unit_id)
        return unit.label if unit else "?"

    def on_mount(self) -> None:
        navigator = self.navigator
        first = navigator.build()
        navigator.line_tree.focus()
        if first is not None:
            self.move_to(first.key_question, first)
        if self.session is not None:
            self._show_records()
            self._opened()
        else:
            # Read the records once the navigator is on screen (started earlier, the worker's
            # thread would slow the first paint down: they share the interpreter).
            self.call_after_refresh(self._load, self.app)

    def _records_read(
        self, session: ReviewSession, index: NoteIndex, coverage: CoverageCounter
    ) -> None:
        """The background read is done (see review_loading.py): show what it read."""
        framework = self.framework
        self._take(session, index, coverage)
        self.app.review_opened(session)
        if session.framework is not framework:  # the summary named another version: build afresh
            self.evidence.framework = session.framework
            first = self.navigator.build(session.framework)
            self.move_to(first.key_question if first else "", first)
        self._show_records()
        self.refresh_bindings()
        self._opened()

    def _show_records(self) -> None:
        """Hand the review's records to the widgets."""
        session = self.session
        assert session is not None
        self.navigator.show_review(
            self.coverage,
            self.units,
            lambda: session.rated_pairs(location=None),
            session.team_rating,
        )
        self._show_place(self.place)
        self.evidence.show_review(self.index)

    def _opened(self) -> None:
        """The records are in: what follows opening a review."""
        assert self.session is not None
        self.restore_or_ask_unit()  # the unit last worked on here, or ask (review_unit_choice.py)
        if self.session.readonly:
            self.notify("Opened read-only.", markup=False)
        self.call_after_refresh(self._offer_drafts)
        self.team_opened()
        # The review's records live as long as the session: keep the garbage collector from walking
        # them again and again (full collections over 20,000 notes showed as 100 ms stalls).
        gc.freeze()
        if gc.get_threshold()[0] < 20_000:
            gc.set_threshold(
                20_000, 20, 20
            )  # fewer, cheaper young collections while typing and moving

    def on_unmount(self) -> None:
        self.app.remembered_units.flush()  # the unit, if not yet written
        self.abandon()
        self.team_closing()
        self._drop_editor()
        if self.session is not None:
            from cqc_tui.tui.dialogs.rating import forget_rating_dialog
            from cqc_tui.tui.screens.grid import forget_ratings_grid

            forget_ratings_grid(self.app, self.session)
            forget_rating_dialog(self.app, self.session)
            self.session.store.remove_listener(self._on_record)

    # -- where the inspector is ------------------------------------------------------------

    def watch_place(self, old: Place, new: Place) -> None:
        if new.scope_unit != old.scope_unit:
            self.remember_unit()
        self._show_place(new)

    def _show_place(self, place: Place) -> None:
        self.navigator.scope_unit = place.scope_unit
        self.line_panel.subject = PanelSubject(
            self.framework, place.key_question, place.line, self._service_types(place.scope_unit)
        )
        self.evidence.show_place(
            place.line.code if place.line else None, place.key_question, place.scope_unit
        )

    def _service_types(self, scope_unit: str) -> tuple[str, ...]:
        unit = self.units.get(scope_unit)
        if unit is not None and unit.service_types:
            return tuple(unit.service_types)
        return tuple(self.session.review.service_types) if self.session is not None else ()

    def move_to(self, key_question: str, line: Line | None) -> None:
        """Go to `line` of `key_question` (None: the key question as a whole), same scope unit."""
        self.place = Place(key_question, line, self.scope_unit)

    @on(Navigator.Moved)
    def _moved(self, message: Navigator.Moved) -> None:
        self.move_to(message.key_question, message.line)

    @on(Navigator.LineChosen)
    def _line_chosen(self, _message: Navigator.LineChosen) -> None:
        self.evidence.note_list.focus()

    @on(Navigator.UnitChosen)
    def _unit_chosen(self, message: Navigator.UnitChosen) -> None:
        self.set_unit(message.scope_unit)

    def set_unit(self, unit: str) -> None:
        """Show the evidence and counts of scope unit `unit` (an unknown unit: every unit)."""
        if unit != ALL and unit not in self.units:
            unit = ALL
        self.place = Place(self.key_question, self.line, unit)

    # -- store changes ---------------------------------------------------------------------

    def _on_record(self, record: Record) -> None:
        if self.arrived_from_worker(record):  # saved by a sync: taken in on this thread
            return
        self.index.on_record(record)
        if record.TABLE == "notes":
            self.coverage.put(record)  # type: ignore[arg-type]
        if record.TABLE in ("notes", "ratings"):
            self.navigator.counts_changed()

    @on(NoteList.Chosen, "#notes")
    def _note_chosen(self, _message: NoteList.Chosen) -> None:
        self.action_edit_note()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show Score only for frameworks that score (single assessment framework); while the review
        is being read, only moving about works (the rest shows dimmed)."""
        if self.loading and action not in self.WHILE_LOADING:
            return None
        if action == "score":
            return self.framework.scoring is not None
        return True
