"""The review screen: navigator (key questions and lines), the line's prompts, the evidence list."""

from __future__ import annotations

import gc
import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.lazy import Lazy
from textual.message import Message
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Select, Static, Tree

from cqc_tui.core.attachments import open_in_viewer, size_text
from cqc_tui.core.coverage import CoverageCounter
from cqc_tui.core.errors import CqcError
from cqc_tui.core.framework import Line
from cqc_tui.core.model import POLARITIES, SOURCE_TYPES, EvidenceNote
from cqc_tui.core.search import ALL, NoteFilter, NoteIndex, match_spans, parse_query
from cqc_tui.core.ui_state import remember_unit, remembered_unit
from cqc_tui.core.workspace import ReviewPreview, ReviewSession
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.formatting import contrast_text, local_time, polarity_label, source_initials, source_label
from cqc_tui.tui.messages import JumpTo
from cqc_tui.tui.screen_behaviour import FastResumeMixin, preset_breakpoints
from cqc_tui.tui.widgets.header import SafeHeader
from cqc_tui.tui.widgets.key_bar import KeyBar
from cqc_tui.tui.widgets.lists import CursorTree
from cqc_tui.tui.widgets.note_list import NoteList
from cqc_tui.tui.widgets.text_pane import TextPane

ANY = "__any__"


def note_index(session: ReviewSession) -> NoteIndex:
    """Every note of the review (deleted ones too), indexed; a note filed under lines of several
    key questions counts under each."""
    lines = {ln.code: ln.key_question for ln in session.framework.lines()}
    return NoteIndex(session.notes(include_deleted=True), line_key_questions=lines)


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

    def __init__(self, session: ReviewSession | None = None, *, preview: ReviewPreview | None = None,
                 readonly: bool = False) -> None:
        """Either an open `session`, or the `preview` of a review to open (read-only or not) once
        the screen has painted: the records are read in a thread worker, with the navigator on
        screen, and the evidence appears when they are in (`loading` until then)."""
        super().__init__(id="review")
        preset_breakpoints(self)
        if session is None and preview is None:
            raise ValueError("ReviewScreen needs a session or a preview")
        self.session: ReviewSession | None = None
        self.preview = preview
        self._open_readonly = readonly
        self.framework = session.framework if session is not None else preview.framework  # type: ignore[union-attr]
        self.review_type = session.review_type if session is not None else preview.review_type  # type: ignore[union-attr]
        self.review_title = session.review.title if session is not None else preview.title  # type: ignore[union-attr]
        # Titles are set before the Header mounts: changed later, the Header updates itself in a
        # callback that fails if the screen is closed first (a review that fails to open at once).
        self.title = "cqc-tui"
        self.sub_title = self.review_title
        self.index = NoteIndex(())
        self.coverage = CoverageCounter(())
        self.units: dict = {}
        self.unit_ids: list[str] = []
        self._authors: list[str] = []
        self._panel_key: tuple | None = None  # what the line panel shows (see _show_line_panel)
        self._gone = False  # unmounted: a review still being read is closed, not shown
        self._handoff = threading.Lock()
        self._pending: tuple | None = None
        self.filter = NoteFilter(line=None)
        self._match_terms: tuple[str, ...] = ()
        self._last_deleted: str | None = None  # the note d deleted last: u restores it
        self.line: Line | None = None
        self.kq: str = ""
        self._rated: set = set()
        self._coverage_timer: Timer | None = None
        self.show_characteristics = False
        self.show_prompts = True
        self.line_nodes: dict = {}
        self._editor = None
        self._editor_name = f"note-editor-{id(self)}"
        self.kq_nodes: dict = {}
        if session is not None:
            self._take(session, note_index(session))

    @property
    def loading(self) -> bool:
        """True while the review's records are still being read."""
        return self.session is None

    def _take(self, session: ReviewSession, index: NoteIndex, coverage: CoverageCounter | None = None) -> None:
        self.session = session
        self.framework = session.framework
        self.review_type = session.review_type
        self.review_title = session.review.title
        self.index = index
        self.coverage = coverage if coverage is not None else CoverageCounter(index.notes.values())
        self.units = {u.id: u for u in session.scope_units()}
        self.unit_ids = list(self.units)
        self._authors = index.authors()
        session.store.add_listener(self._on_record)

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        rt = self.review_type
        unit_word = rt.scope_unit_label if rt else "Scope unit"
        yield SafeHeader(icon="✚")
        with Horizontal(id="review-body"):
            with Vertical(id="nav"):
                yield Select(self._unit_options(), value=ALL, allow_blank=False, id="unit", compact=True,
                             tooltip=f"{unit_word} (s; [ and ] step through)")
                tree: Tree = CursorTree(Text(self.review_title), id="lines")
                tree.show_root = False
                tree.guide_depth = 2
                yield tree
            with Vertical(id="centre"):
                yield TextPane(id="line-panel")
                with Horizontal(id="filters"):
                    # Mounted just after the first paint (Textual's Lazy): the three drop-downs cost
                    # more to build than the rest of the screen, and nobody filters in the first 50 ms.
                    yield Lazy(Select([(Content("Any source"), ANY)] + [(Content(v), k) for k, v in SOURCE_TYPES.items()],
                                      value=ANY, allow_blank=False, id="f-source", compact=True))
                    yield Lazy(Select([(Content("Any polarity"), ANY)] + [(Content(v), k) for k, v in POLARITIES.items()],
                                      value=ANY, allow_blank=False, id="f-polarity", compact=True))
                    yield Lazy(Select(self._author_options(), value=ANY, allow_blank=False, id="f-author", compact=True))
                    yield Input(placeholder="/ search (from:YYYY-MM-DD to: by:name)", id="search", compact=True)
                yield Static("", id="list-status")
                yield NoteList(unit_label=self._unit_label, empty_text="" if self.loading else "No evidence yet.",
                               id="notes")
                yield TextPane(id="note-detail")
        yield KeyBar()

    def _author_options(self) -> list:
        return [(Content("Any author"), ANY)] + [(Content(a), a) for a in self._authors]

    def _unit_options(self) -> list:
        return [(Content("All / whole review"), ALL)] + [(Content(u.label), u.id) for u in self.units.values()]

    def _unit_label(self, unit_id: str) -> str:
        if not unit_id:
            return "Whole review"
        u = self.units.get(unit_id)
        return u.label if u else "?"

    def on_mount(self) -> None:
        self._build_tree()
        tree = self.query_one(Tree)
        tree.focus()
        if self.session is not None:
            self._opened()
        else:
            # Read the records once the navigator is on screen (started earlier, the worker's
            # thread would slow the first paint down: they share the interpreter).
            self.call_after_refresh(self._load, self.app)

    def _opened(self) -> None:
        """The records are in: what follows opening a review."""
        assert self.session is not None
        unit = remembered_unit(self.app.workspace.home, self.session.review.id)  # type: ignore[attr-defined]
        if unit is not None and unit != self.filter.scope_unit and (unit == ALL or unit in self.units):
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
        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    @work(thread=True, exclusive=True, group="open-review")
    def _load(self, app) -> None:
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
        self.query_one(NoteList).empty_text = "No evidence yet."
        self.app.review_opened(session)  # type: ignore[attr-defined]
        with self.prevent(Select.Changed):
            self.query_one("#unit", Select).set_options(self._unit_options())
            self.query_one("#f-author", Select).set_options(self._author_options())
        if session.framework is not framework:  # the summary named another version: build afresh
            self.query_one(Tree).clear()
            self.line_nodes.clear()
            self.kq_nodes.clear()
            self._build_tree()
        else:
            self.refresh_coverage()
            self._show_line_panel()
            self.refresh_notes()
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
        if self._editor is not None:
            try:
                self.app.uninstall_screen(self._editor_name)
            except Exception:  # noqa: BLE001 - already gone
                pass
        if self.session is not None:
            self.session.store.remove_listener(self._on_record)

    # -- navigator -------------------------------------------------------------------------

    def _build_tree(self) -> None:
        self._load_rated()
        tree = self.query_one(Tree)
        tree.clear()
        first = None
        for kq in self.framework.key_questions:
            kq_node = tree.root.add(self._kq_label(kq.code), data=("kq", kq.code), expand=True)
            self.kq_nodes[kq.code] = kq_node
            for ln in kq.lines:
                node = kq_node.add_leaf(self._line_label(ln), data=("line", ln.code))
                self.line_nodes[ln.code] = node
                if first is None:
                    first = node
        tree.root.expand()
        if first is not None:
            self._select_line(self.framework.line(first.data[1]))
            self.call_after_refresh(tree.move_cursor, first)

    def _unit_key(self) -> str:
        return "*" if self.filter.scope_unit == ALL else self.filter.scope_unit

    def _line_label(self, ln: Line) -> Text:
        cov = self.coverage.get(ln.code, self._unit_key())
        label = Text()
        label.append(ln.code, style="bold")
        if self.loading:
            label.append(" ")
        elif cov is None:
            label.append(" ·0 ", style="red")
        else:
            notes, sources, concerns = cov
            label.append(f" {notes}", style="")
            label.append(f" {source_initials(sources)}", style="dim")
            if concerns:
                label.append(f" !{concerns}", style="bold red")
            if self._is_rated(ln.key_question):
                label.append(" ✓", style="green")
            label.append(" ")
        label.append(ln.title, style="")
        return label

    def _kq_label(self, kq_code: str) -> Text:
        kq = self.framework.key_question(kq_code)
        label = Text(kq.label if kq else kq_code, style="bold")
        unit = self._unit_key()
        total = 0
        for ln in (kq.lines if kq else ()):
            cov = self.coverage.get(ln.code, unit)
            total += cov[0] if cov else 0
        if not self.loading:
            label.append(f"  {total}", style="dim")
        rating = self._rating_for(kq_code)
        scale = self.framework.rating_scale
        if rating and scale:
            colour = scale.colour(rating.rating)
            style = f"{contrast_text(colour)} on #{colour}" if colour else "reverse"
            label.append("  ")
            label.append(f" {scale.label(rating.rating)} ", style=style)
        return label

    def _rating_for(self, kq_code: str, unit: str | None = None):
        unit = self.filter.scope_unit if unit is None else unit
        unit = "" if unit == ALL else unit
        if self.session is None:
            return None
        return self.session.team_rating(unit, kq_code)

    def _load_rated(self) -> None:
        """(scope unit, key question) pairs the team has rated in this review."""
        self._rated = self.session.rated_pairs(location=None) if self.session is not None else set()

    def _is_rated(self, kq: str) -> bool:
        unit = self._unit_key()
        if unit == "*":
            return any(k == kq for _, k in self._rated)
        return (unit, kq) in self._rated

    def _relabel_tree(self) -> None:
        fw = self.framework
        labels = []
        for code, node in self.line_nodes.items():
            ln = fw.line(code)
            if ln is not None:
                labels.append((node, self._line_label(ln)))
        labels += [(node, self._kq_label(code)) for code, node in self.kq_nodes.items()]
        tree = self.query_one(Tree)
        try:
            # One repaint for the whole navigator (set_label schedules a refresh per node).
            changed = False
            for node, label in labels:
                if node._label != label:
                    node._label = label
                    node._updates += 1
                    changed = True
            if changed:
                tree._clear_line_cache()
                tree.refresh()
        except AttributeError:  # Textual internals moved: use the public API
            for node, label in labels:
                node.set_label(label)

    def refresh_coverage(self) -> None:
        """Relabel the navigator (counts are kept current note by note; ratings are re-read)."""
        self._coverage_timer = None
        self._load_rated()
        self._relabel_tree()

    def _schedule_coverage(self) -> None:
        if self._coverage_timer is None:
            self._coverage_timer = self.set_timer(0.3, self.refresh_coverage)

    @on(Tree.NodeHighlighted, "#lines")
    def _node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        data = event.node.data
        if not data:
            return
        kind, code = data
        if kind == "line":
            self._select_line(self.framework.line(code))
        else:
            self._select_kq(code)

    @on(Tree.NodeSelected, "#lines")
    def _node_selected(self, event: Tree.NodeSelected) -> None:
        data = event.node.data
        if data and data[0] == "line":
            self.query_one(NoteList).focus()

    def _select_line(self, ln: Line | None) -> None:
        if ln is None:
            return
        self.line = ln
        self.kq = ln.key_question
        self.filter = self.filter.with_(line=ln.code, key_question="")
        self._show_line_panel()
        self.refresh_notes()

    def _select_kq(self, code: str) -> None:
        self.line = None
        self.kq = code
        self.filter = self.filter.with_(line=None, key_question=code)
        self._show_line_panel()
        self.refresh_notes()

    # -- line panel ------------------------------------------------------------------------

    def _service_types(self) -> tuple:
        if self.filter.scope_unit not in (ALL, ""):
            u = self.units.get(self.filter.scope_unit)
            if u is not None and u.service_types:
                return tuple(u.service_types)
        return tuple(self.session.review.service_types) if self.session is not None else ()

    def _show_line_panel(self) -> None:
        # Unchanged (the same line, prompts and service types): skip re-wrapping it. Stepping
        # through scope units usually leaves it as it is.
        key = (self.framework, self.line, self.kq, self.show_prompts, self.show_characteristics,
               self._service_types())
        if key == self._panel_key:
            return
        self._panel_key = key
        self.query_one("#line-panel", TextPane).update(self.line_panel_text())

    def line_panel_text(self) -> Text:
        fw = self.framework
        t = Text()
        if self.line is None:
            kq = fw.key_question(self.kq)
            t.append(kq.label if kq else self.kq, style="bold")
            if kq:
                t.append(f"  {kq.question}")
                t.append(f"\nAll evidence for this key question. Pick a {fw.line_label} on the left to capture notes "
                         "against it; r rates the key question.", style="dim")
            return t
        ln = self.line
        t.append(f"{ln.code} ", style="bold")
        t.append(ln.title, style="bold")
        t.append("\n")
        t.append(ln.question, style="italic")
        service_types = self._service_types()
        labels = fw.service_types or {}
        if self.show_prompts and ln.prompts:
            t.append("\n")
            for pr in ln.prompts:
                applies = pr.applies(service_types)
                t.append("\n")
                t.append(f"{pr.code} ", style="bold" if applies else "bold dim")
                t.append(pr.text, style="" if applies else "dim")
                if pr.applies_to:
                    names = ", ".join(labels.get(c, c) if isinstance(labels, dict) else c for c in pr.applies_to)
                    t.append(f"  ({names} only" + ("; does not apply here)" if not applies else ")"),
                             style="dim italic")
        elif ln.prompts:
            t.append(f"\n{len(ln.prompts)} prompts hidden (p shows them)", style="dim")
        if self.show_characteristics:
            scale = fw.rating_scale
            chars_map = ln.characteristics or {}
            t.append("\n")
            if not chars_map:
                t.append("\nThis line has no rating characteristics.", style="dim")
            for code, text in chars_map.items():
                colour = scale.colour(code) if scale else None
                style = f"{contrast_text(colour)} on #{colour}" if colour else "reverse"
                t.append("\n")
                t.append(f" {scale.label(code) if scale else code} ", style=style)
                t.append(f" {text}")
        elif ln.characteristics:
            t.append("\nc shows the rating characteristics", style="dim")
        return t

    # -- evidence list ---------------------------------------------------------------------

    def current_filter(self) -> NoteFilter:
        """The filter in force: a search (two characters or more) covers the whole review."""
        f = self.filter
        if len(f.text.strip()) >= 2:
            return f.with_(line=None, key_question="", scope_unit=ALL)
        return f.with_(text="")

    def refresh_notes(self, keep: str | None = None) -> None:
        notes_widget = self.query_one(NoteList)
        if keep is None and notes_widget.current is not None:
            keep = notes_widget.current.id
        f = self.current_filter()
        notes = self.index.query(f)
        notes_widget.show_unit = f.scope_unit == ALL
        self._match_terms = parse_query(f.text).terms
        notes_widget.match_terms = self._match_terms
        if not self.loading:
            narrowed = f.text.strip() or f.source or f.polarity or f.author
            notes_widget.empty_text = "No notes match." if narrowed else "No evidence yet."
        notes_widget.set_notes(notes, keep=keep)  # posts Highlighted, which shows the note below
        self._update_status(len(notes))

    def _update_status(self, count: int) -> None:
        f = self.current_filter()
        status = Text()
        if self.loading:
            n = self.preview.notes if self.preview is not None else 0
            status.append(f"Reading the review: {n:,} note(s)…", style="dim")
            self.query_one("#list-status", Static).update(status, layout=False)
            return
        if self.filter.text.strip() and not f.text:
            status.append("Type one more character to search the whole review. ", style="dim")
        if f.text.strip():
            status.append(f"Search ‘{f.text.strip()}’: ", style="bold")
            status.append(f"{count} note(s) across the whole review")
            problem = parse_query(f.text).problem
            if problem:
                status.append(f" · {problem}", style="bold red")
        else:
            where = (f"{self.line.code} {self.line.title}" if self.line else
                     (self.framework.key_question(self.kq).label if self.kq else ""))
            unit = "all units and the whole review" if f.scope_unit == ALL else self._unit_label(f.scope_unit)
            status.append(f"{count} note(s)", style="bold")
            status.append(f" · {where} · {unit}")
        extras = [x for x in (source_label(f.source) if f.source else "", polarity_label(f.polarity) if f.polarity
                              else "", f.author) if x]
        if extras:
            status.append(" · filtered: " + ", ".join(extras), style="yellow")
        if f.deleted:
            status.append(" · showing deleted", style="red")
        self.query_one("#list-status", Static).update(status, layout=False)

    def _show_detail(self, note: EvidenceNote | None) -> None:
        detail = self.query_one("#note-detail", TextPane)
        if note is None:
            detail.update(Text("" if self.loading else "n adds a note here.", style="dim"))
            return
        t = Text()
        t.append(f"{local_time(note.created)} · {note.author} · {source_label(note.source, short=False)} · "
                 f"{polarity_label(note.polarity)} · {self._unit_label(note.scope_unit)}", style="dim")
        if note.lines:
            t.append(" · " + ", ".join(note.lines), style="dim")
        if note.place:
            t.append(f" · {note.place}", style="dim")
        if note.observed and note.observed[:16] != note.created[:16]:
            t.append(f" · seen {local_time(note.observed)}", style="dim")
        if note.rev > 1:
            t.append(f" · edited {local_time(note.updated)} by {note.updated_by} (rev {note.rev})", style="dim")
        if note.deleted:
            t.append(" · DELETED (u restores)", style="bold red")
        if note.attachments:
            t.append("\nAttached: " + " · ".join(f"{a.get('name', '?')} ({a.get('kind', '')}, "
                                                  f"{size_text(int(a.get('size', 0)))})" for a in note.attachments)
                     + " · O opens", style="bold")
        t.append("\n")
        start = len(t)
        t.append(("“" + note.text + "”") if note.quote else note.text)
        shift = start + (1 if note.quote else 0)
        for a, b in match_spans(note.text, self._match_terms):
            t.stylize("bold reverse", shift + a, shift + b)
        detail.update(t)

    @on(NoteList.Highlighted, "#notes")
    def _note_highlighted(self, event: NoteList.Highlighted) -> None:
        self._show_detail(event.note)

    @on(NoteList.Chosen, "#notes")
    def _note_chosen(self, event: NoteList.Chosen) -> None:
        self.action_edit_note()

    # -- filters ---------------------------------------------------------------------------

    @on(Select.Changed, "#unit")
    def _unit_changed(self, event: Select.Changed) -> None:
        self._apply_unit(event.value if isinstance(event.value, str) else ALL)

    def _apply_unit(self, value: str) -> None:
        if value == self.filter.scope_unit:
            return
        self.filter = self.filter.with_(scope_unit=value)
        if self.session is not None:
            remember_unit(self.app.workspace.home, self.session.review.id, value)  # type: ignore[attr-defined]
        self._relabel_tree()
        self._show_line_panel()
        self.refresh_notes()

    @on(Select.Changed, "#f-source")
    @on(Select.Changed, "#f-polarity")
    @on(Select.Changed, "#f-author")
    def _filter_changed(self, event: Select.Changed) -> None:
        value = "" if event.value in (ANY, Select.NULL) else str(event.value)
        name = {"f-source": "source", "f-polarity": "polarity", "f-author": "author"}[event.select.id or ""]
        if getattr(self.filter, name) == value:
            return
        self.filter = self.filter.with_(**{name: value})
        self.refresh_notes()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.filter = self.filter.with_(text=event.value)
        self.refresh_notes()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.query_one(NoteList).focus()

    def set_search(self, text: str) -> None:
        self.query_one("#search", Input).value = text
        self.filter = self.filter.with_(text=text)
        self.refresh_notes()

    # -- store changes ---------------------------------------------------------------------

    def _on_record(self, record) -> None:
        self.index.on_record(record)
        if record.TABLE == "notes":
            self.coverage.put(record)
        if record.TABLE in ("notes", "ratings"):
            self._schedule_coverage()

    # -- actions ---------------------------------------------------------------------------

    def _guard_writable(self) -> bool:
        if self.session is None:
            return False
        if self.session.readonly:
            self.notify("This review is open read-only.", severity="warning", markup=False)
            return False
        return True

    def action_new_note(self) -> None:
        if not self._guard_writable():
            return
        from cqc_tui.tui.dialogs.note_editor import NoteEditor

        line = self.line.code if self.line else None
        if line is None and self.kq:
            kq = self.framework.key_question(self.kq)
            line = kq.lines[0].code if kq and kq.lines else None
        unit = "" if self.filter.scope_unit == ALL else self.filter.scope_unit
        self.open_editor(line, unit)

    def editor(self):
        """The note editor, built once per open review and reused (opening it is then instant)."""
        from cqc_tui.tui.dialogs.note_editor import NoteEditor

        if self._editor is None:
            self._editor = NoteEditor(self.session, None, "", autosave_seconds=self.app.autosave_seconds)
            self.app.install_screen(self._editor, name=self._editor_name)
        return self._editor

    def open_editor(self, line: str | None, unit: str, note: EvidenceNote | None = None, draft=None,
                    callback=None) -> None:
        editor = self.editor().prepare(line, unit, note=note, draft=draft)
        self.app.push_screen(editor, callback or self._after_edit)

    def _after_edit(self, note: EvidenceNote | None) -> None:
        if note is None:
            return
        self._refresh_author_options()
        self.refresh_notes(keep=note.id)  # focus returns to where it was: arrows keep walking the lines

    def _refresh_author_options(self) -> None:
        authors = self.index.authors()
        if authors == self._authors:
            return
        self._authors = authors
        sel = self.query_one("#f-author", Select)
        value = sel.value
        with self.prevent(Select.Changed):
            sel.set_options(self._author_options())
            sel.value = value if value in authors else ANY

    def action_edit_note(self) -> None:
        if not self._guard_writable():
            return
        note = self.query_one(NoteList).current
        if note is None:
            self.notify("No note selected.", markup=False)
            return
        from cqc_tui.tui.dialogs.note_editor import NoteEditor

        self.open_editor(None, "", note=note)

    def action_delete_note(self) -> None:
        if not self._guard_writable():
            return
        note = self.query_one(NoteList).current
        if note is None or note.deleted:
            return
        try:
            self.session.delete("notes", note.id)
        except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
            self.notify(failure_line(exc, "save"), severity="error", markup=False)
            return
        self._last_deleted = note.id
        self.notify("Note deleted (u restores it; D shows deleted notes).", markup=False)
        self.refresh_notes()

    def action_restore_note(self) -> None:
        if not self._guard_writable():
            return
        note = self.query_one(NoteList).current
        if note is None or not note.deleted:
            last = self.index.notes.get(self._last_deleted or "")
            if last is None or not last.deleted:
                self.notify("Nothing to restore here: D shows deleted notes, then u on one restores it.",
                            markup=False)
                return
            note = last  # u straight after d: the note just deleted
        self._last_deleted = None
        try:
            self.session.restore("notes", note.id)
        except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
            self.notify(failure_line(exc, "save"), severity="error", markup=False)
            return
        self.notify("Note restored.", markup=False)
        self.refresh_notes(keep=note.id)

    def action_open_attachments(self) -> None:
        """Open the selected note's attached files with the system's viewer."""
        note = self.query_one(NoteList).current
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
        self.filter = self.filter.with_(deleted=not self.filter.deleted)
        self.refresh_notes()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus or self.filter.text:
            if self.filter.text:
                search.value = ""
                self.filter = self.filter.with_(text="")
                self.refresh_notes()
            self.query_one(NoteList).focus()
            return
        if self.focused is not None and self.focused is not self.query_one(Tree) and \
                isinstance(self.focused, (Select, Input)):
            self.query_one(Tree).focus()
            return
        self.app.close_review()  # type: ignore[attr-defined]

    def action_characteristics(self) -> None:
        self.show_characteristics = not self.show_characteristics
        self._show_line_panel()

    def action_prompts(self) -> None:
        self.show_prompts = not self.show_prompts
        self._show_line_panel()

    def action_choose_unit(self) -> None:
        sel = self.query_one("#unit", Select)
        sel.focus()
        sel.action_show_overlay()

    def action_unit(self, step: int) -> None:
        order = [ALL] + self.unit_ids
        i = order.index(self.filter.scope_unit) if self.filter.scope_unit in order else 0
        self.set_unit(order[(i + step) % len(order)])

    def set_unit(self, unit: str) -> None:
        if unit != ALL and unit not in self.units:
            unit = ALL
        with self.prevent(Select.Changed):
            self.query_one("#unit", Select).value = unit
        self._apply_unit(unit)

    def action_focus_lines(self) -> None:
        self.query_one(Tree).focus()

    def action_focus_notes(self) -> None:
        self.query_one(NoteList).focus()

    def jump_to_line(self, code: str) -> None:
        node = self.line_nodes.get(code)
        if node is None:
            return
        tree = self.query_one(Tree)
        if node.parent is not None:
            node.parent.expand()
        tree.move_cursor(node)
        self._select_line(self.framework.line(code))

    def jump_to_kq(self, code: str) -> None:
        node = self.kq_nodes.get(code)
        if node is None:
            return
        self.query_one(Tree).move_cursor(node)
        self._select_kq(code)

    def jump_to_note(self, note_id: str) -> None:
        note = self.index.notes.get(note_id)
        if note is None:
            return
        if self.filter.text:
            self.set_search("")
        self.filter = self.filter.with_(source="", polarity="", author="", deleted=note.deleted or self.filter.deleted)
        for sel_id in ("#f-source", "#f-polarity", "#f-author"):
            with self.prevent(Select.Changed):
                self.query_one(sel_id, Select).value = ANY
        if self.filter.scope_unit not in (ALL, note.scope_unit):
            with self.prevent(Select.Changed):
                self.query_one("#unit", Select).value = ALL
            self.filter = self.filter.with_(scope_unit=ALL)
            self._relabel_tree()
        if note.lines:
            self.jump_to_line(note.lines[0])
        self.refresh_notes(keep=note.id)
        self.query_one(NoteList).focus()

    def on_jump_to(self, message: JumpTo) -> None:
        if message.scope_unit is not None:
            self.set_unit(message.scope_unit)
        if message.line:
            self.jump_to_line(message.line)
        if message.note_id:
            self.jump_to_note(message.note_id)

    # -- ratings, findings, export ---------------------------------------------------------

    def action_rate(self) -> None:
        if not self._guard_writable():
            return
        fw = self.framework
        if not fw.rated or fw.rating_scale is None:
            self.notify(f"{fw.title} is not rated: this review records findings instead (f).", markup=False)
            return
        from cqc_tui.tui.dialogs.rating import RatingDialog

        unit = "" if self.filter.scope_unit == ALL else self.filter.scope_unit
        kq = self.kq or fw.key_questions[0].code
        self.app.push_screen(RatingDialog(self.session, unit, kq), self._after_rating)

    def action_details(self) -> None:
        if not self._guard_writable():
            return
        from cqc_tui.tui.dialogs.review_details import ReviewDetailsDialog

        self.app.push_screen(ReviewDetailsDialog(self.session), self._after_details)

    def _after_details(self, saved: bool | None) -> None:
        if not saved:
            return
        assert self.session is not None
        self.review_title = self.session.review.title
        self.sub_title = self.review_title
        self.units = {u.id: u for u in self.session.scope_units()}
        self.unit_ids = list(self.units)
        sel = self.query_one("#unit", Select)
        with self.prevent(Select.Changed):
            sel.set_options(self._unit_options())
            sel.value = self.filter.scope_unit if self.filter.scope_unit in self.units else ALL
        if self.filter.scope_unit not in self.units:
            self.filter = self.filter.with_(scope_unit=ALL)
        if self._editor is not None:  # the editor lists the units: build it afresh next time
            try:
                self.app.uninstall_screen(self._editor_name)
            except Exception:  # noqa: BLE001
                pass
            self._editor = None
        self._relabel_tree()
        self.refresh_notes()

    def action_score(self) -> None:
        if not self._guard_writable():
            return
        fw = self.framework
        if fw.scoring is None:
            self.notify(f"{fw.title} does not score {fw.line_label}s; r rates the key question.", markup=False)
            return
        if self.line is None:
            self.notify(f"Pick a {fw.line_label} to score.", markup=False)
            return
        from cqc_tui.tui.dialogs.score import ScoreDialog

        unit = "" if self.filter.scope_unit == ALL else self.filter.scope_unit
        self.app.push_screen(ScoreDialog(self.session, unit, self.line.code), self._after_rating)

    def check_action(self, action: str, parameters) -> bool | None:
        """Show Score only for frameworks that score (single assessment framework); while the review
        is being read, only moving about works (the rest shows dimmed)."""
        if self.loading and action not in self.WHILE_LOADING:
            return None
        if action == "score":
            return self.framework.scoring is not None
        return True

    def _after_rating(self, result) -> None:
        if result is not None:
            self.refresh_coverage()

    def action_grid(self) -> None:
        from cqc_tui.tui.screens.grid import RatingsGridScreen

        fw = self.framework
        if not fw.rated or fw.rating_scale is None:
            self.notify(f"{fw.title} is not rated: f lists findings and recommendations, R checks readiness.",
                        markup=False)
            return
        self.app.push_screen(RatingsGridScreen(self.session), lambda _=None: self.refresh_coverage())

    def action_findings(self) -> None:
        from cqc_tui.tui.screens.findings import FindingsScreen

        self.app.push_screen(FindingsScreen(self.session, kq=self.kq,
                                            unit="" if self.filter.scope_unit == ALL else self.filter.scope_unit))

    def action_action_plan(self) -> None:
        from cqc_tui.tui.screens.action_plan import ActionPlanScreen

        self.app.push_screen(ActionPlanScreen(self.session))

    def action_follow_up(self) -> None:
        from cqc_tui.tui.screens.follow_up import FollowUpScreen

        self.app.push_screen(FollowUpScreen(self.session))

    def action_readiness(self) -> None:
        from cqc_tui.tui.screens.readiness import ReadinessScreen

        self.app.push_screen(ReadinessScreen(self.session))

    def action_report_outline(self) -> None:
        from cqc_tui.tui.screens.report_outline import ReportOutlineScreen

        self.app.push_screen(ReportOutlineScreen(self.session))

    def action_export(self) -> None:
        from cqc_tui.tui.dialogs.export import ExportDialog

        self.app.push_screen(ExportDialog(self.session))

    # -- drafts after a crash --------------------------------------------------------------

    @work(exclusive=True, group="drafts")
    async def _offer_drafts(self) -> None:
        drafts = [d for d in self.session.open_drafts() if (d.fields or {}).get("text", "").strip()]
        if not drafts or self.session.readonly:
            return
        from cqc_tui.tui.dialogs.common import ConfirmDialog

        n = len(drafts)
        if not await self.app.push_screen_wait(ConfirmDialog(
                f"{n} note(s) you were typing were not saved last time (the app closed before ctrl+s). "
                "Open them now to finish and save?", yes="Open", no="Later", title="Unsaved notes recovered")):
            self.notify("The drafts are kept; they are offered again next time you open this review.",
                        markup=False)
            return
        for draft in drafts:
            note = await self.app.push_screen_wait(self.editor().prepare(None, "", draft=draft))
            if note is not None:
                self.refresh_notes(keep=note.id)
