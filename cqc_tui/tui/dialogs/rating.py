"""Rate one scope unit x key question (or overall), citing the notes the judgement rests on."""

from __future__ import annotations

import contextlib
import threading
import weakref
from bisect import bisect_left, insort
from operator import attrgetter
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult, ScreenStackError
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.selection_list import Selection

from cqc_tui.core.model import OVERALL, EvidenceNote, Rating
from cqc_tui.core.ratings import JUDGEMENT
from cqc_tui.core.search import note_key_questions
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.dialogs.common import SaveCancelButtons, saved_line
from cqc_tui.tui.dialogs.unsaved_changes import UnsavedChangesGuard
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.formatting import picker_line
from cqc_tui.tui.proposed_ratings import proposed_ratings
from cqc_tui.tui.screen_behaviour import FastResumeMixin, preset_breakpoints
from cqc_tui.tui.widgets.text_field import TextField
from cqc_tui.tui.widgets.tick_list import TickList

MAX_CHOICES = 300

_ORDER = attrgetter("created", "id")


class _PickerLine(Content):
    """A note's line in the evidence picker that remembers its height at more than one width.

    Opening the dialog, the list measures every option at its width without a scrollbar and again
    with one; Content keeps the height for one width only, so each opening measured (wrapped or
    truncated) every line twice. The key is Content's own height-cache key, kept for every width.
    """

    __slots__ = ("_heights",)

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._heights: dict[tuple, int] = {}

    def get_height(self, rules: Any, width: int) -> int:
        get_rule = rules.get
        key = (
            width,
            get_rule("line_pad", 0),
            get_rule("text_overflow", "fold"),
            get_rule("text_wrap", "wrap"),
        )
        height = self._heights.get(key)
        if height is None:
            height = self._heights[key] = super().get_height(rules, width)
        return height


class _NoteOrder:
    """A review's live notes in date order, per key question, kept for every rating dialog on it.

    Filtering and sorting all notes each time the dialog opened cost more the bigger the review. A
    key question's list is built the first time a dialog asks for it, then kept current from the
    store's save listener: a saved note moves into place (bisect), nothing is re-sorted. Saves the
    listener does not see (the store's save_many) show as a version it does not account for, and
    the lists are then rebuilt, as they are after MAX_PENDING notes saved with no dialog opened.
    Also keeps each note's line in the picker, made once per revision.
    """

    MAX_PENDING = (
        2000  # notes saved with no dialog opened since: past this, rebuild instead of replaying
    )

    def __init__(self, store: Any, line_key_questions: dict[str, str] | None = None) -> None:
        self.line_key_questions = dict(
            line_key_questions or {}
        )  # a note counts under each line's key question
        self._lock = threading.Lock()  # the listener runs on whichever thread saved
        self._saves = 0  # saves the listener saw since the last look ...
        self._pending: list[EvidenceNote] = []  # ... and the notes among them
        self._overflow = False
        self.labels: dict[
            str, tuple[EvidenceNote, Content]
        ] = {}  # note id -> (revision, its line in the picker)
        self._reset(store)
        store.add_listener(self._saved)

    def _reset(self, store: Any) -> None:
        self.version = store.version
        self.table = store.tables["notes"]
        self.known: dict[str, EvidenceNote] | None = None  # id -> the revision the lists hold
        self.by_kq: dict[
            str, list[EvidenceNote]
        ] = {}  # key question (or OVERALL) -> live notes, oldest first

    def _saved(self, record: Any) -> None:
        with self._lock:
            self._saves += 1
            if isinstance(record, EvidenceNote):
                if len(self._pending) < self.MAX_PENDING:
                    self._pending.append(record)
                else:
                    self._overflow = True

    def _catch_up(self, store: Any) -> None:
        with self._lock:
            saves, pending, overflow = self._saves, self._pending, self._overflow
            self._saves, self._pending, self._overflow = 0, [], False
        if (
            overflow
            or store.version != self.version + saves
            or store.tables["notes"] is not self.table
        ):
            self._reset(store)
            return
        self.version = store.version
        if self.known is not None:
            for note in pending:
                self._put(note)

    def _put(self, note: EvidenceNote) -> None:
        assert self.known is not None
        old = self.known.get(note.id)
        if old is note:
            return
        self.known[note.id] = note
        for key_question, oldest_first in self.by_kq.items():
            if (
                old is not None
                and not old.deleted
                and (key_question == OVERALL or key_question in self._kqs(old))
            ):
                i = bisect_left(oldest_first, _ORDER(old), key=_ORDER)
                while i < len(oldest_first) and oldest_first[i].id != old.id:
                    i += 1
                if i < len(oldest_first):
                    del oldest_first[i]
            if not note.deleted and (key_question == OVERALL or key_question in self._kqs(note)):
                insort(oldest_first, note, key=_ORDER)

    def _kqs(self, note: EvidenceNote) -> set[str]:
        return note_key_questions(note, self.line_key_questions)

    def oldest_first(self, store: Any, key_question: str) -> list[EvidenceNote]:
        """Live notes of a key question (OVERALL: every live note), oldest first."""
        self._catch_up(store)
        oldest_first = self.by_kq.get(key_question)
        if oldest_first is None:
            if self.known is None:
                self.known = dict(self.table)
            notes = self.known.values()
            if key_question == OVERALL:
                oldest_first = sorted([n for n in notes if not n.deleted], key=_ORDER)
            else:
                oldest_first = sorted(
                    [n for n in notes if not n.deleted and key_question in self._kqs(n)], key=_ORDER
                )
            self.by_kq[key_question] = oldest_first
        return oldest_first

    def label(self, n: EvidenceNote) -> Content:
        hit = self.labels.get(n.id)
        if hit is not None and hit[0] is n:
            return hit[1]
        content = _PickerLine(picker_line(n))
        self.labels[n.id] = (n, content)
        return content


_ORDERS: weakref.WeakKeyDictionary[Any, _NoteOrder] = weakref.WeakKeyDictionary()


def _note_order(store: Any, line_key_questions: dict[str, str] | None = None) -> _NoteOrder:
    order = _ORDERS.get(store)
    if order is None:
        order = _ORDERS[store] = _NoteOrder(store, line_key_questions)
    return order


class RatingDialog(
    UnsavedChangesGuard, SaveCancelButtons, FastResumeMixin, ModalScreen[Rating | None]
):
    """Rate a scope unit x key question. Built once per open review and reused (see
    `rating_dialog`): `prepare` fills it for another cell, which is much faster than building it."""

    UNSAVED_SUBJECT = "the rating"
    IGNORED_FIELDS = frozenset({"rating-find", "rating-notes"})  # the ticks are in self.chosen

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save rating", id="rating.save"),
        Binding("escape", "cancel", "Cancel", id="rating.cancel"),
    ]

    def __init__(self, session: ReviewSession, scope_unit: str, key_question: str) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self._order = _note_order(
            session.store, {line.code: line.key_question for line in session.framework.lines()}
        )
        self._setup(scope_unit, key_question)
        preset_breakpoints(
            self
        )  # not a restyle and second layout of every widget on the first Resize

    def _setup(self, scope_unit: str, key_question: str) -> None:
        self.scope_unit = scope_unit
        self.key_question = key_question
        self.existing = self.session.team_rating(scope_unit, key_question)
        self.chosen: set[str] = set(self.existing.note_ids) if self.existing else set()
        self.candidates = self._candidate_notes()

    def prepare(self, scope_unit: str, key_question: str) -> RatingDialog:
        """Fill the dialog for scope unit x key question (its agreed rating, if any, to revise)."""
        self._setup(scope_unit, key_question)
        if self.is_mounted:
            self._load()
        return self

    def _unit_label(self) -> str:
        if not self.scope_unit:
            return self.session.review.provider or "The review as a whole"
        u = self.session.scope_unit(self.scope_unit)
        return u.label if u else "?"

    def _kq_label(self) -> str:
        if self.key_question == OVERALL:
            return "Overall"
        key_question = self.session.framework.key_question(self.key_question)
        return key_question.label if key_question else self.key_question

    def _title(self) -> Content:
        return Content(f"Rate {self._kq_label()} — {self._unit_label()}")

    def _notes_label(self) -> Content:
        total = len(self.candidates)
        return Content(
            f"Evidence it rests on: space ticks a note ({total} for this key question"
            f"{' and unit' if self.scope_unit else ''}"
            f"{f'; newest {MAX_CHOICES} listed, type below to find others' if total > MAX_CHOICES else ''})"
        )

    def _candidate_notes(self) -> list[EvidenceNote]:
        """The live notes of this key question (and unit), newest first."""
        oldest_first = self._order.oldest_first(self.session.store, self.key_question)
        unit = self.scope_unit
        if not unit:
            return oldest_first[::-1]
        return [n for n in reversed(oldest_first) if n.scope_unit == unit]

    def _selection(self, n: EvidenceNote) -> Selection:
        return Selection(self._order.label(n), n.id, n.id in self.chosen)

    def _shown(self, words: list[str]) -> list:
        """The newest matching notes (at most MAX_CHOICES), plus every cited note."""
        if not words:
            out = self.candidates[:MAX_CHOICES]
            if self.chosen:
                out += [n for n in self.candidates[MAX_CHOICES:] if n.id in self.chosen]
            return out
        out = []
        for n in self.candidates:
            hay = f"{n.text} {n.place} {n.author} {' '.join(n.lines)}".casefold()
            if not all(w in hay for w in words):
                continue
            if len(out) >= MAX_CHOICES and n.id not in self.chosen:
                continue
            out.append(n)
        return out

    def _rating_value(self) -> str | object:
        scale = self.session.framework.rating_scale
        ex = self.existing
        return (
            ex.rating if ex and scale is not None and ex.rating in scale.all_codes else Select.NULL
        )

    def compose(self) -> ComposeResult:
        scale = self.session.framework.rating_scale
        assert scale is not None
        options = [(Content(scale.label(c)), c) for c in scale.all_codes]
        ex = self.existing
        with Vertical(classes="dialog wide-dialog", id="rating-dialog"):
            yield Label(self._title(), classes="dialog-title", id="rating-title")
            with Horizontal(classes="editor-row", id="rating-row"):
                yield Select(
                    options,
                    value=self._rating_value(),
                    prompt="Choose a rating",
                    id="rating-value",
                    compact=True,
                )
            yield Static(self._proposed_text(), id="rating-proposed")
            yield Label("Rationale")
            yield TextArea(
                ex.rationale if ex else "",
                id="rating-rationale",
                soft_wrap=True,
                tab_behavior="focus",
            )
            yield Label(self._notes_label(), id="rating-notes-label")
            yield Input(placeholder="find notes by their words", id="rating-find", compact=True)
            yield TickList(*[self._selection(n) for n in self._shown([])], id="rating-notes")
            yield Label("Departure reason (when the agreed rating differs from the proposed one)")
            yield TextField(ex.departure_reason if ex else "", id="rating-departure")
            yield Static("", id="rating-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def _load(self) -> None:
        """Put the cell's rating (or nothing) into the widgets of a dialog built before."""
        ex = self.existing
        with self.prevent(Select.Changed, Input.Changed, TextArea.Changed):
            self.query_one("#rating-title", Label).update(self._title())
            select = self.query_one("#rating-value", Select)
            value = self._rating_value()
            if value is Select.NULL:
                select.clear()
            else:
                select.value = value
            self.query_one("#rating-proposed", Static).update(self._proposed_text())
            self.query_one("#rating-rationale", TextArea).load_text(ex.rationale if ex else "")
            self.query_one("#rating-notes-label", Label).update(self._notes_label())
            self.query_one("#rating-find", Input).value = ""
            self._list(self._shown([]))
            self.query_one("#rating-departure", Input).value = ex.departure_reason if ex else ""
            self.query_one("#rating-error", Static).update("")
        self.mark_unchanged()
        select.focus()

    def _list(self, notes: list[EvidenceNote]) -> None:
        ticks = self.query_one("#rating-notes", SelectionList)
        ticks.clear_options()
        ticks.add_options([self._selection(n) for n in notes])
        if ticks.option_count:
            ticks.highlighted = 0

    @on(SelectionList.SelectionToggled, "#rating-notes")
    def _toggled(self, event: SelectionList.SelectionToggled) -> None:
        value = event.selection.value
        if value in event.selection_list.selected:
            self.chosen.add(value)
        else:
            self.chosen.discard(value)

    @on(Input.Changed, "#rating-find")
    def _find(self, event: Input.Changed) -> None:
        self._list(self._shown(event.value.casefold().split()))

    def _proposed_text(self) -> Content:
        try:
            item = proposed_ratings(self.session).get(self.scope_unit, self.key_question)
        except Exception as exc:  # noqa: BLE001 - the panel must not take the dialog down
            return Content(f"Proposed rating: could not be worked out ({exc}).")
        scale = self.session.framework.rating_scale
        if (
            item is not None
            and item.rule_id == JUDGEMENT
            and not any(limit.lowered for limit in item.limiters_applied)
        ):
            item = None  # its "proposal" is the team's own rating: no rule proposed it
        if item is None or not item.proposed:
            if self.key_question == OVERALL or not self.scope_unit:
                return Content(
                    "Proposed rating: none yet (rate the underlying key questions first)."
                )
            return Content(
                "Proposed rating: this is a judgement; the rules propose ratings for aggregated levels."
            )
        text = f"Proposed by the rules: {scale.label(item.proposed) if scale else item.proposed}"
        if item.rule_text:
            text += f" ({item.rule_text})"
        return Content(text)

    def on_mount(self) -> None:
        self.query_one("#rating-value", Select).focus()

    def action_save(self) -> None:
        value = self.query_one("#rating-value", Select).value
        error = self.query_one("#rating-error", Static)
        if value is Select.NULL or not isinstance(value, str):
            error.update(Content("Choose a rating."))
            self.query_one("#rating-value", Select).focus()
            return
        note_ids = [n.id for n in self.candidates if n.id in self.chosen]
        try:
            rating, beside = self.session.rate(
                self.scope_unit,
                self.key_question,
                value,
                rationale=self.query_one("#rating-rationale", TextArea).text,
                note_ids=note_ids,
                departure_reason=self.query_one("#rating-departure", Input).value.strip(),
                started=self.existing,  # a teammate's rating arriving meanwhile is kept beside
            )
        except Exception as exc:  # noqa: BLE001 - one line for the user; the typing stays
            error.update(Content(f"Not saved: {failure_line(exc, 'save')}"))
            self.notify(f"Not saved: {failure_line(exc, 'save')}", severity="error", markup=False)
            return
        scale = self.session.framework.rating_scale
        saved_line(
            self,
            f"Rated {self._kq_label()} {scale.label(value) if scale else value} "
            f"({len(note_ids)} note(s) cited).",
            beside,
        )
        self.dismiss(rating)

    def edited_values(self) -> dict[str, object]:
        # The tick list shows only the notes the find box matches; the ticks chosen are all here.
        return {**super().edited_values(), "evidence": frozenset(self.chosen)}


def _dialog_name(session: ReviewSession) -> str:
    return f"rating-dialog-{id(session)}"


def rating_dialog(
    app: App[Any], session: ReviewSession, scope_unit: str, key_question: str
) -> RatingDialog:
    """The rating dialog of `session`, prepared for scope unit x key question: built and installed
    in `app` the first time, reused after (`forget_rating_dialog` lets it go with the review)."""
    name = _dialog_name(session)
    if app.is_screen_installed(name):
        dialog = app.get_screen(name)
        assert isinstance(dialog, RatingDialog)
        return dialog.prepare(scope_unit, key_question)
    dialog = RatingDialog(session, scope_unit, key_question)
    app.install_screen(dialog, name=name)
    return dialog


def forget_rating_dialog(app: App[Any], session: ReviewSession) -> None:
    """Uninstall the rating dialog of `session`, if one was built (the review is closing)."""
    name = _dialog_name(session)
    if app.is_screen_installed(name):
        with contextlib.suppress(ScreenStackError):  # still open while the app closes: goes with it
            app.uninstall_screen(name)
