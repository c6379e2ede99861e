"""The review screen: the navigator (key questions and lines), the line panel and the evidence pane.

The screen holds where the inspector is — `place`, a reactive (key question, line, scope unit) —
and the review's records (session, note index, coverage counts); its watcher hands the place to
the three widgets, each of which shows it and keeps its own state. The widgets tell the screen
what the inspector did by messages (Navigator.Moved, Navigator.UnitChosen, NoteList.Chosen ...).
The actions (new note, rate, grid, export ...) are here, and open the dialogs and screens.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass
from typing import Any, Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Select

from cqc_tui.core.attachments import open_in_viewer
from cqc_tui.core.coverage import CoverageCounter
from cqc_tui.core.errors import CqcError
from cqc_tui.core.framework import Line
from cqc_tui.core.model import EvidenceNote, Record
from cqc_tui.core.search import ALL, NoteIndex
from cqc_tui.core.ui_state import remember_unit, remembered_unit
from cqc_tui.core.workspace import ReviewPreview, ReviewSession
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.messages import JumpTo
from cqc_tui.tui.screen_behaviour import FastResumeMixin, preset_breakpoints
from cqc_tui.tui.widgets.evidence_pane import EvidencePane
from cqc_tui.tui.widgets.header import SafeHeader
from cqc_tui.tui.widgets.key_bar import KeyBar
from cqc_tui.tui.widgets.line_panel import LinePanel, PanelSubject
from cqc_tui.tui.widgets.navigator import Navigator
from cqc_tui.tui.widgets.note_list import NoteList


def note_index(session: ReviewSession) -> NoteIndex:
    """Every note of the review (deleted ones too), indexed; a note filed under lines of several
    key questions counts under each."""
    lines = {line.code: line.key_question for line in session.framework.lines()}
    return NoteIndex(session.notes(include_deleted=True), line_key_questions=lines)


@dataclass(frozen=True)
class Place:
    """Where the inspector is: a key question, a line of it (None: the key question as a whole),
    and a scope unit (ALL: every unit and the review as a whole; '': the review as a whole)."""

    key_question: str = ""
    line: Line | None = None
    scope_unit: str = ALL


class ReviewScreen(FastResumeMixin, Screen):
    """Walk the lines of enquiry, capture and review evidence, rate."""

    BINDINGS = [
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
        Binding("O", "open_attachments", "Open attached files", show=False, id="review.open_attachments"),
        Binding("i", "details", "Review details", show=False, id="review.details"),
        Binding("c", "characteristics", "Characteristics", show=False, id="review.characteristics"),
        Binding("p", "prompts", "Prompts", show=False, id="review.prompts"),
        Binding("s", "choose_unit", "Scope unit", show=False, id="review.choose_unit"),
        Binding("left_square_bracket", "unit(-1)", "Previous unit", show=False, id="review.prev_unit"),
        Binding("right_square_bracket", "unit(1)", "Next unit", show=False, id="review.next_unit"),
        Binding("l,left", "focus_lines", "Lines", show=False, id="review.focus_lines"),
        Binding("v,right", "focus_notes", "Evidence", show=False, id="review.focus_notes"),
        Binding("escape", "back", "Back", id="review.back"),
    ]

    # While a large review is still being read (see CqcApp.open_review) only these work: moving
    # about the navigator and the prompts, and leaving.
    WHILE_LOADING = frozenset({"back", "focus_lines", "focus_notes", "prompts", "characteristics", "search",
                               "choose_unit", "unit", "help"})

    place: reactive[Place] = reactive(Place(), init=False)
    """Where the inspector is; the watcher shows it in the navigator, line panel and evidence."""

    def __init__(self, session: ReviewSession | None = None, *, preview: ReviewPreview | None = None,
                 readonly: bool = False) -> None:
        """Either an open `session`, or the `preview` of a review to open (read-only or not) once
        the screen has painted: the records are read in a thread worker, with the navigator on
        screen, and the evidence appears when they are in (`loading` until then)."""
        super().__init__(id="review")
        preset_breakpoints(self)
        if session is not None:
            framework, review_type, title = session.framework, session.review_type, session.review.title
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
        self.units: dict = {}
        self._gone = False  # unmounted: a review still being read is closed, not shown
        self._handoff = threading.Lock()
        self._pending: tuple[ReviewSession, NoteIndex, CoverageCounter] | None = None
        self._last_deleted: str | None = None  # the note d deleted last: u restores it
        self._editor: Any = None
        self._editor_name = f"note-editor-{id(self)}"
        if session is not None:
            self._take(session, note_index(session))

    @property
    def loading(self) -> bool:
        """True while the review's records are still being read."""
        return self.session is None

    @property
    def line(self) -> Line | None:
        """The line the inspector is on (None: a key question as a whole)."""
        return self.place.line

    @property
    def kq(self) -> str:
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

    def _take(self, session: ReviewSession, index: NoteIndex, coverage: CoverageCounter | None = None) -> None:
        self.session = session
        self.framework = session.framework
        self.review_type = session.review_type
        self.review_title = session.review.title
        self.index = index
        self.coverage = coverage if coverage is not None else CoverageCounter(index.notes.values())
        self.units = {u.id: u for u in session.scope_units()}
        session.store.add_listener(self._on_record)

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        unit_word = self.review_type.scope_unit_label if self.review_type else "Scope unit"
        yield SafeHeader(icon="✚")
        with Horizontal(id="review-body"):
            yield Navigator(self.framework, self.review_title, unit_word, reading=self.loading, id="nav")
            with Vertical(id="centre"):
                yield LinePanel(id="line-panel")
                yield EvidencePane(self.framework, self._unit_label, self.index, reading=self.loading,
                                   notes_expected=self.preview.notes if self.preview else 0, id="evidence")
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

    def _unit_label(self, unit_id: str) -> str:
        if not unit_id:
            return "Whole review"
        unit = self.units.get(unit_id)
        return unit.label if unit else "?"

    def on_mount(self) -> None:
        navigator = self.navigator
        first = navigator.build()
        navigator.tree.focus()
        if first is not None:
            self.place = Place(first.key_question, first, self.scope_unit)
        if self.session is not None:
            self._show_records()
            self._opened()
        else:
            # Read the records once the navigator is on screen (started earlier, the worker's
            # thread would slow the first paint down: they share the interpreter).
            self.call_after_refresh(self._load, self.app)

    def _show_records(self) -> None:
        """Hand the review's records to the widgets."""
        session = self.session
        assert session is not None
        self.navigator.show_review(self.coverage, self.units, lambda: session.rated_pairs(location=None),
                                   session.team_rating)
        self._show_place(self.place)
        self.evidence.show_review(self.index)

    def _opened(self) -> None:
        """The records are in: what follows opening a review."""
        assert self.session is not None
        unit = remembered_unit(self.app.workspace.home, self.session.review.id)  # type: ignore[attr-defined]
        if unit is not None and unit != self.scope_unit and (unit == ALL or unit in self.units):
            self.call_after_refresh(self.set_unit, unit)  # back on the unit the inspector was working on
        if self.session.readonly:
            self.notify("Opened read-only.", markup=False)
        self.call_after_refresh(self._offer_drafts)
        # The review's records live as long as the session: keep the garbage collector from walking
        # them again and again (full collections over 20,000 notes showed as 100 ms stalls).
        gc.freeze()
        if gc.get_threshold()[0] < 20_000:
            gc.set_threshold(20_000, 20, 20)  # fewer, cheaper young collections while typing and moving

    class Loaded(Message):
        """The worker has read the review (what it read waits in ReviewScreen._pending)."""

    class LoadFailed(Message):
        """The worker could not open or read the review."""

        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    @work(thread=True, exclusive=True, group="open-review")
    def _load(self, app: Any) -> None:
        """Open the review (lock, snapshot, journals) and index its notes, off the event loop.

        What it read is handed over under a lock: if the screen has gone meanwhile (Escape, or the
        app quitting), the session is closed here or by on_unmount, never left holding the lock."""
        preview = self.preview
        assert preview is not None
        try:
            session = app.workspace.open_id(preview.id, user=app.user, readonly=self._open_readonly,
                                            title=preview.title)
        except Exception as exc:  # noqa: BLE001 - told on the review list (never a worker traceback)
            self.post_message(self.LoadFailed(exc))
            return
        try:
            index = note_index(session).warm()  # the first search then finds its words ready
            coverage = CoverageCounter(index.notes.values())
        except Exception as exc:  # noqa: BLE001 - records that cannot be shown: let go of the review
            session.close(compact=False)
            self.post_message(self.LoadFailed(exc))
            return
        except BaseException:
            session.close(compact=False)
            raise
        with self._handoff:
            if not self._gone:
                self._pending = (session, index, coverage)
                self.post_message(self.Loaded())
                return
        session.close(compact=False)

    def on_review_screen_load_failed(self, message: LoadFailed) -> None:
        # Handled by the app, not in this screen's handler: a dialog pushed from here would answer
        # this screen, which is closed by then.
        app = self.app
        app.call_later(app.review_failed, message.error, self.preview.id if self.preview else "", self)  # type: ignore[attr-defined]

    def on_review_screen_loaded(self, _message: Loaded) -> None:
        with self._handoff:
            pending, self._pending = self._pending, None
        if pending is None:
            return
        session, index, coverage = pending
        framework = self.framework
        self._take(session, index, coverage)
        self.app.review_opened(session)  # type: ignore[attr-defined]
        if session.framework is not framework:  # the summary named another version: build afresh
            self.evidence.framework = session.framework
            first = self.navigator.build(session.framework)
            self.place = Place(first.key_question if first else "", first, self.scope_unit)
        self._show_records()
        self.refresh_bindings()
        self._opened()

    def abandon(self) -> None:
        """The screen is going (or the app is): a review read but never shown is closed, and one
        still being read is closed by the worker when it is done."""
        with self._handoff:
            self._gone = True
            pending, self._pending = self._pending, None
        if pending is not None:
            pending[0].close(compact=False)

    def on_unmount(self) -> None:
        self.abandon()
        self._drop_editor()
        if self.session is not None:
            self.session.store.remove_listener(self._on_record)

    # -- where the inspector is ------------------------------------------------------------

    def watch_place(self, old: Place, new: Place) -> None:
        if new.scope_unit != old.scope_unit and self.session is not None:
            remember_unit(self.app.workspace.home, self.session.review.id, new.scope_unit)  # type: ignore[attr-defined]
        self._show_place(new)

    def _show_place(self, place: Place) -> None:
        self.navigator.scope_unit = place.scope_unit
        self.line_panel.subject = PanelSubject(self.framework, place.key_question, place.line,
                                               self._service_types(place.scope_unit))
        self.evidence.show_place(place.line.code if place.line else None, place.key_question, place.scope_unit)

    def _service_types(self, scope_unit: str) -> tuple[str, ...]:
        unit = self.units.get(scope_unit)
        if unit is not None and unit.service_types:
            return tuple(unit.service_types)
        return tuple(self.session.review.service_types) if self.session is not None else ()

    @on(Navigator.Moved)
    def _moved(self, message: Navigator.Moved) -> None:
        self.place = Place(message.key_question, message.line, self.scope_unit)

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
        self.place = Place(self.kq, self.line, unit)

    def jump_to_line(self, code: str) -> None:
        """Go to line `code` (nothing happens if the framework has no such line)."""
        line = self.navigator.go_to_line(code)
        if line is not None:
            self.place = Place(line.key_question, line, self.scope_unit)

    def jump_to_kq(self, code: str) -> None:
        """Go to key question `code` as a whole."""
        if self.navigator.go_to_key_question(code):
            self.place = Place(code, None, self.scope_unit)

    def jump_to_note(self, note_id: str) -> None:
        """Go to note `note_id`: its first line, every unit if another one is chosen, filters off."""
        note = self.index.notes.get(note_id)
        if note is None:
            return
        if self.scope_unit not in (ALL, note.scope_unit):
            self.set_unit(ALL)
        if note.lines:
            self.jump_to_line(note.lines[0])
        self.evidence.reveal(note)

    def on_jump_to(self, message: JumpTo) -> None:
        message.stop()  # handled here, not again by the app
        if message.scope_unit is not None:
            self.set_unit(message.scope_unit)
        if message.line:
            self.jump_to_line(message.line)
        elif message.key_question:
            self.jump_to_kq(message.key_question)
        if message.note_id:
            self.jump_to_note(message.note_id)

    # -- store changes ---------------------------------------------------------------------

    def _on_record(self, record: Record) -> None:
        self.index.on_record(record)
        if record.TABLE == "notes":
            self.coverage.put(record)  # type: ignore[arg-type]
        if record.TABLE in ("notes", "ratings"):
            self.navigator.counts_changed()

    # -- evidence --------------------------------------------------------------------------

    def _guard_writable(self) -> bool:
        if self.session is None:
            return False
        if self.session.readonly:
            self.notify("This review is open read-only.", severity="warning", markup=False)
            return False
        return True

    @on(NoteList.Chosen, "#notes")
    def _note_chosen(self, _message: NoteList.Chosen) -> None:
        self.action_edit_note()

    def action_new_note(self) -> None:
        if not self._guard_writable():
            return
        line = self.line.code if self.line else None
        if line is None and self.kq:
            kq = self.framework.key_question(self.kq)
            line = kq.lines[0].code if kq and kq.lines else None
        self.open_editor(line, self.unit_for_records)

    def editor(self) -> Any:
        """The note editor, built once per open review and reused (opening it is then instant)."""
        from cqc_tui.tui.dialogs.note_editor import NoteEditor

        if self._editor is None:
            self._editor = NoteEditor(self.session, None, "", autosave_seconds=self.app.autosave_seconds)  # type: ignore[attr-defined]
            self.app.install_screen(self._editor, name=self._editor_name)
        return self._editor

    def _drop_editor(self) -> None:
        if self._editor is not None:
            try:
                self.app.uninstall_screen(self._editor_name)
            except Exception:  # noqa: BLE001 - already gone with the app
                pass
            self._editor = None

    def open_editor(self, line: str | None, unit: str, note: EvidenceNote | None = None, draft: Any = None,
                    callback: Callable[[EvidenceNote | None], None] | None = None) -> None:
        """Open the note editor on a new note of `line` and `unit`, or on `note`, or on `draft`."""
        editor = self.editor().prepare(line, unit, note=note, draft=draft)
        self.app.push_screen(editor, callback or self._after_edit)

    def _after_edit(self, note: EvidenceNote | None) -> None:
        if note is None:
            return
        self.evidence.refresh_authors()
        self.evidence.refresh_notes(keep=note.id)  # focus returns to where it was: arrows keep walking the lines

    def action_edit_note(self) -> None:
        if not self._guard_writable():
            return
        note = self.evidence.current
        if note is None:
            self.notify("No note selected.", markup=False)
            return
        self.open_editor(None, "", note=note)

    def action_delete_note(self) -> None:
        if not self._guard_writable():
            return
        note = self.evidence.current
        if note is None or note.deleted:
            return
        try:
            self.session.delete("notes", note.id)  # type: ignore[union-attr]
        except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
            self.notify(failure_line(exc, "save"), severity="error", markup=False)
            return
        self._last_deleted = note.id
        self.notify("Note deleted (u restores it; D shows deleted notes).", markup=False)
        self.evidence.refresh_notes()

    def action_restore_note(self) -> None:
        if not self._guard_writable():
            return
        note = self.evidence.current
        if note is None or not note.deleted:
            last = self.index.notes.get(self._last_deleted or "")
            if last is None or not last.deleted:
                self.notify("Nothing to restore here: D shows deleted notes, then u on one restores it.",
                            markup=False)
                return
            note = last  # u straight after d: the note just deleted
        self._last_deleted = None
        try:
            self.session.restore("notes", note.id)  # type: ignore[union-attr]
        except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
            self.notify(failure_line(exc, "save"), severity="error", markup=False)
            return
        self.notify("Note restored.", markup=False)
        self.evidence.refresh_notes(keep=note.id)

    def action_open_attachments(self) -> None:
        """Open the selected note's attached files with the system's viewer."""
        note = self.evidence.current
        if note is None or not note.attachments:
            self.notify("The selected note has no attached files.", markup=False)
            return
        assert self.session is not None
        opened = []
        for item in note.attachments:
            try:
                open_in_viewer(self.session.store.folder, item)
            except CqcError as exc:
                self.notify(str(exc), severity="error", markup=False, timeout=10)
                continue
            opened.append(str(item.get("name", "")))
        if opened:
            self.notify("Opened " + ", ".join(opened) + ".", markup=False)

    def action_toggle_deleted(self) -> None:
        self.evidence.toggle_deleted()

    def action_search(self) -> None:
        self.evidence.focus_search()

    def action_back(self) -> None:
        if self.evidence.leave_search():
            return
        tree = self.navigator.tree
        if self.focused is not None and self.focused is not tree and isinstance(self.focused, (Select, Input)):
            tree.focus()
            return
        self.app.close_review()  # type: ignore[attr-defined]

    def action_characteristics(self) -> None:
        self.line_panel.show_characteristics = not self.line_panel.show_characteristics

    def action_prompts(self) -> None:
        self.line_panel.show_prompts = not self.line_panel.show_prompts

    def action_choose_unit(self) -> None:
        self.navigator.open_unit_chooser()

    def action_unit(self, step: int) -> None:
        order = [ALL, *self.units]
        i = order.index(self.scope_unit) if self.scope_unit in order else 0
        self.set_unit(order[(i + step) % len(order)])

    def action_focus_lines(self) -> None:
        self.navigator.tree.focus()

    def action_focus_notes(self) -> None:
        self.evidence.note_list.focus()

    # -- ratings, findings, export ---------------------------------------------------------

    def action_rate(self) -> None:
        if not self._guard_writable():
            return
        framework = self.framework
        if not framework.rated or framework.rating_scale is None:
            self.notify(f"{framework.title} is not rated: this review records findings instead (f).", markup=False)
            return
        from cqc_tui.tui.dialogs.rating import RatingDialog

        kq = self.kq or framework.key_questions[0].code
        self.app.push_screen(RatingDialog(self.session, self.unit_for_records, kq), self._after_rating)  # type: ignore[arg-type]

    def action_details(self) -> None:
        if not self._guard_writable():
            return
        from cqc_tui.tui.dialogs.review_details import ReviewDetailsDialog

        self.app.push_screen(ReviewDetailsDialog(self.session), self._after_details)  # type: ignore[arg-type]

    def _after_details(self, saved: bool | None) -> None:
        if not saved:
            return
        assert self.session is not None
        self.review_title = self.session.review.title
        self.sub_title = self.review_title
        self.units = {u.id: u for u in self.session.scope_units()}
        self.navigator.set_units(self.units)
        self._drop_editor()  # the editor lists the units: build it afresh next time
        if self.scope_unit not in self.units:
            self.set_unit(ALL)
        self.navigator.relabel()
        self.evidence.refresh_notes()

    def action_score(self) -> None:
        if not self._guard_writable():
            return
        framework = self.framework
        if framework.scoring is None:
            self.notify(f"{framework.title} does not score {framework.line_label}s; r rates the key question.",
                        markup=False)
            return
        if self.line is None:
            self.notify(f"Pick a {framework.line_label} to score.", markup=False)
            return
        from cqc_tui.tui.dialogs.score import ScoreDialog

        self.app.push_screen(ScoreDialog(self.session, self.unit_for_records, self.line.code), self._after_rating)  # type: ignore[arg-type]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show Score only for frameworks that score (single assessment framework); while the review
        is being read, only moving about works (the rest shows dimmed)."""
        if self.loading and action not in self.WHILE_LOADING:
            return None
        if action == "score":
            return self.framework.scoring is not None
        return True

    def _after_rating(self, result: object) -> None:
        if result is not None:
            self.navigator.relabel()

    def action_grid(self) -> None:
        framework = self.framework
        if not framework.rated or framework.rating_scale is None:
            self.notify(f"{framework.title} is not rated: f lists findings and recommendations, R checks readiness.",
                        markup=False)
            return
        from cqc_tui.tui.screens.grid import RatingsGridScreen

        self.app.push_screen(RatingsGridScreen(self.session), lambda _=None: self.navigator.relabel())  # type: ignore[arg-type]

    def action_findings(self) -> None:
        from cqc_tui.tui.screens.findings import FindingsScreen

        self.app.push_screen(FindingsScreen(self.session, kq=self.kq, unit=self.unit_for_records))

    def action_action_plan(self) -> None:
        from cqc_tui.tui.screens.action_plan import ActionPlanScreen

        self.app.push_screen(ActionPlanScreen(self.session))

    def action_follow_up(self) -> None:
        from cqc_tui.tui.screens.follow_up import FollowUpScreen

        self.app.push_screen(FollowUpScreen(self.session))

    def action_readiness(self) -> None:
        from cqc_tui.tui.screens.readiness import ReadinessScreen

        self.app.push_screen(ReadinessScreen(self.session))  # type: ignore[arg-type]

    def action_report_outline(self) -> None:
        from cqc_tui.tui.screens.report_outline import ReportOutlineScreen

        self.app.push_screen(ReportOutlineScreen(self.session))

    def action_export(self) -> None:
        from cqc_tui.tui.dialogs.export import ExportDialog

        self.app.push_screen(ExportDialog(self.session))  # type: ignore[arg-type]

    # -- drafts after a crash --------------------------------------------------------------

    @work(exclusive=True, group="drafts")
    async def _offer_drafts(self) -> None:
        assert self.session is not None
        drafts = [d for d in self.session.open_drafts() if (d.fields or {}).get("text", "").strip()]
        if not drafts or self.session.readonly:
            return
        from cqc_tui.tui.dialogs.common import ConfirmDialog

        if not await self.app.push_screen_wait(ConfirmDialog(
                f"{len(drafts)} note(s) you were typing were not saved last time (the app closed before ctrl+s). "
                "Open them now to finish and save?", yes="Open", no="Later", title="Unsaved notes recovered")):
            self.notify("The drafts are kept; they are offered again next time you open this review.",
                        markup=False)
            return
        for draft in drafts:
            note = await self.app.push_screen_wait(self.editor().prepare(None, "", draft=draft))
            if note is not None:
                self.evidence.refresh_notes(keep=note.id)
