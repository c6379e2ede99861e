"""The review screen's evidence pane: filters and search over the note list, a status line, and
the highlighted note in full below.

Its state is one reactive, `filter` (a core `NoteFilter`: where — line or key question and scope
unit, set by the screen through `show_place` — and how narrowed — source, polarity, author,
search words, deleted notes shown — set by its own controls); the watcher queries the note index
and lists what matches, keeping the cursor on the same note when it is still there. `reading`
is True while the review's records are still being read. Enter (or a double click) on a note
reaches the screen as the note list's own `NoteList.Chosen` message.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.lazy import Lazy
from textual.reactive import reactive
from textual.widgets import Input, Select, Static

from cqc_tui.core.attachments import size_text
from cqc_tui.core.framework import Framework
from cqc_tui.core.model import POLARITIES, SOURCE_TYPES, EvidenceNote
from cqc_tui.core.search import ALL, NoteFilter, NoteIndex, match_spans, parse_query
from cqc_tui.tui.formatting import local_time, polarity_label, source_label
from cqc_tui.tui.widgets.note_list import NoteList
from cqc_tui.tui.widgets.text_pane import TextPane

ANY = "__any__"  # the "any source / polarity / author" choice of a filter drop-down
MIN_SEARCH = 2  # characters typed before a search covers the whole review
FILTER_FIELDS = {"f-source": "source", "f-polarity": "polarity", "f-author": "author"}


class EvidencePane(Vertical):
    """Filter bar, status line, note list and note detail."""

    DEFAULT_CSS = """
    EvidencePane { height: 1fr; }
    """

    filter: reactive[NoteFilter] = reactive(NoteFilter(line=None), init=False)
    """Where the evidence is from and how it is narrowed (see the module's docstring)."""

    reading: reactive[bool] = reactive(False, init=False)
    """True while the review's records are still being read (the status line says so)."""

    def __init__(
        self,
        framework: Framework,
        unit_label: Callable[[str], str],
        index: NoteIndex,
        *,
        reading: bool = False,
        notes_expected: int = 0,
        id: str | None = None,
    ) -> None:
        """`unit_label` names a scope unit id ('' the review as a whole); `index` holds the notes
        (empty while `reading`; `show_review` brings them); `notes_expected` is how many notes the
        status line says are being read."""
        super().__init__(id=id)
        self.framework = framework
        self.unit_label = unit_label
        self.index = index
        self.authors: list[str] = index.authors()
        self.notes_expected = notes_expected
        self.match_terms: tuple[str, ...] = ()
        self.set_reactive(EvidencePane.reading, reading)

    def compose(self) -> ComposeResult:
        with Horizontal(id="filters"):
            # Mounted just after the first paint (Textual's Lazy): the three drop-downs cost more
            # to build than the rest of the screen, and nobody filters in the first 50 ms.
            yield Lazy(
                Select(
                    [(Content("Any source"), ANY)]
                    + [(Content(v), k) for k, v in SOURCE_TYPES.items()],
                    value=ANY,
                    allow_blank=False,
                    id="f-source",
                    compact=True,
                )
            )
            yield Lazy(
                Select(
                    [(Content("Any polarity"), ANY)]
                    + [(Content(v), k) for k, v in POLARITIES.items()],
                    value=ANY,
                    allow_blank=False,
                    id="f-polarity",
                    compact=True,
                )
            )
            yield Lazy(
                Select(
                    self._author_options(),
                    value=ANY,
                    allow_blank=False,
                    id="f-author",
                    compact=True,
                )
            )
            yield Input(
                placeholder="/ search (from:YYYY-MM-DD to: by:name)", id="search", compact=True
            )
        yield Static("", id="list-status")
        yield NoteList(
            unit_label=self.unit_label,
            empty_text="" if self.reading else "No evidence yet.",
            id="notes",
        )
        yield TextPane(id="note-detail")

    @property
    def note_list(self) -> NoteList:
        return self.query_one("#notes", NoteList)

    @property
    def current(self) -> EvidenceNote | None:
        """The note under the cursor, if any."""
        return self.note_list.current

    def _author_options(self) -> list[tuple[Content, str]]:
        return [(Content("Any author"), ANY)] + [(Content(a), a) for a in self.authors]

    # -- what it shows -------------------------------------------------------------------------

    def show_review(self, index: NoteIndex) -> None:
        """The review's records are in: list the notes of `index`."""
        self.index = index
        self.authors = index.authors()
        for select in self.query("#f-author").results(Select):  # mounted just after the first paint
            with self.prevent(Select.Changed):
                select.set_options(self._author_options())
        self.note_list.empty_text = "No evidence yet."
        self.reading = False
        self.refresh_notes()

    def show_place(self, line: str | None, key_question: str, scope_unit: str) -> None:
        """Show the evidence of `line` (None: of the whole key question) in `scope_unit`."""
        self.filter = self.filter.with_(
            line=line, key_question="" if line else key_question, scope_unit=scope_unit
        )

    def current_filter(self) -> NoteFilter:
        """The filter in force: a search (two characters or more) covers the whole review."""
        narrowed = self.filter
        if len(narrowed.text.strip()) >= MIN_SEARCH:
            return narrowed.with_(line=None, key_question="", scope_unit=ALL)
        return narrowed.with_(text="")

    def watch_filter(self) -> None:
        self.refresh_notes()

    def refresh_notes(self, keep: str | None = None) -> None:
        """List the notes the filter lets through, the cursor on note `keep` (default: the note it
        is on) when it is still listed."""
        notes_widget = self.note_list
        if keep is None and notes_widget.current is not None:
            keep = notes_widget.current.id
        shown = self.current_filter()
        notes = self.index.query(shown)
        notes_widget.show_unit = shown.scope_unit == ALL
        self.match_terms = parse_query(shown.text).terms
        notes_widget.match_terms = self.match_terms
        if not self.reading:
            narrowed = shown.text.strip() or shown.source or shown.polarity or shown.author
            notes_widget.empty_text = "No notes match." if narrowed else "No evidence yet."
        notes_widget.set_notes(notes, keep=keep)  # posts Highlighted, which shows the note below
        self._show_status(len(notes))

    def _show_status(self, count: int) -> None:
        status = Text()
        if self.reading:
            status.append(f"Reading the review: {self.notes_expected:,} note(s)…", style="dim")
            self.query_one("#list-status", Static).update(status, layout=False)
            return
        shown = self.current_filter()
        if self.filter.text.strip() and not shown.text:
            status.append("Type one more character to search the whole review. ", style="dim")
        if shown.text.strip():
            status.append(f"Search ‘{shown.text.strip()}’: ", style="bold")
            status.append(f"{count} note(s) across the whole review")
            problem = parse_query(shown.text).problem
            if problem:
                status.append(f" · {problem}", style="bold red")
        else:
            status.append(f"{count} note(s)", style="bold")
            status.append(f" · {self._where(shown)} · {self._unit_words(shown.scope_unit)}")
        extras = [
            x
            for x in (
                source_label(shown.source) if shown.source else "",
                polarity_label(shown.polarity) if shown.polarity else "",
                shown.author,
            )
            if x
        ]
        if extras:
            status.append(" · filtered: " + ", ".join(extras), style="yellow")
        if shown.deleted:
            status.append(" · showing deleted", style="red")
        self.query_one("#list-status", Static).update(status, layout=False)

    def _where(self, shown: NoteFilter) -> str:
        if shown.line:
            line = self.framework.line(shown.line)
            return f"{line.code} {line.title}" if line else shown.line
        key_question = (
            self.framework.key_question(shown.key_question) if shown.key_question else None
        )
        return key_question.label if key_question else ""

    def _unit_words(self, scope_unit: str) -> str:
        return (
            "all units and the whole review" if scope_unit == ALL else self.unit_label(scope_unit)
        )

    @on(NoteList.Highlighted, "#notes")
    def _highlighted(self, event: NoteList.Highlighted) -> None:
        self._show_detail(event.note)

    def _show_detail(self, note: EvidenceNote | None) -> None:
        detail = self.query_one("#note-detail", TextPane)
        if note is None:
            detail.update(Text("" if self.reading else "n adds a note here.", style="dim"))
            return
        text = Text()
        text.append(
            f"{local_time(note.created)} · {note.author} · {source_label(note.source, short=False)} · "
            f"{polarity_label(note.polarity)} · {self.unit_label(note.scope_unit)}",
            style="dim",
        )
        if note.lines:
            text.append(" · " + ", ".join(note.lines), style="dim")
        if note.place:
            text.append(f" · {note.place}", style="dim")
        if note.observed and note.observed[:16] != note.created[:16]:
            text.append(f" · seen {local_time(note.observed)}", style="dim")
        if note.rev > 1:
            text.append(
                f" · edited {local_time(note.updated)} by {note.updated_by} (rev {note.rev})",
                style="dim",
            )
        if note.deleted:
            text.append(" · DELETED (u restores)", style="bold red")
        if note.attachments:
            text.append(
                "\nAttached: "
                + " · ".join(
                    f"{a.get('name', '?')} ({a.get('kind', '')}, "
                    f"{size_text(int(a.get('size', 0)))})"
                    for a in note.attachments
                )
                + " · O opens",
                style="bold",
            )
        text.append("\n")
        start = len(text)
        text.append(("“" + note.text + "”") if note.quote else note.text)
        shift = start + (1 if note.quote else 0)
        for a, b in match_spans(note.text, self.match_terms):
            text.stylize("bold reverse", shift + a, shift + b)
        detail.update(text)

    # -- filters and search --------------------------------------------------------------------

    @on(Select.Changed, "#f-source")
    @on(Select.Changed, "#f-polarity")
    @on(Select.Changed, "#f-author")
    def _narrowed(self, event: Select.Changed) -> None:
        event.stop()
        value = "" if event.value in (ANY, Select.NULL) else str(event.value)
        self.filter = self.filter.with_(**{FILTER_FIELDS[event.select.id or ""]: value})

    @on(Input.Changed, "#search")
    def _search_typed(self, event: Input.Changed) -> None:
        self.filter = self.filter.with_(text=event.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, _event: Input.Submitted) -> None:
        self.note_list.focus()

    def focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def leave_search(self) -> bool:
        """Escape in or after a search: clear it and go back to the list. False if there was no
        search to leave."""
        search = self.query_one("#search", Input)
        if not (search.has_focus or self.filter.text):
            return False
        if self.filter.text:
            search.value = ""
            self.filter = self.filter.with_(text="")
        self.note_list.focus()
        return True

    def set_search(self, text: str) -> None:
        """Search the review for `text` (as if typed in the search box)."""
        self.query_one("#search", Input).value = text
        self.filter = self.filter.with_(text=text)

    def toggle_deleted(self) -> None:
        """Show deleted notes too, or stop showing them."""
        self.filter = self.filter.with_(deleted=not self.filter.deleted)

    def reveal(self, note: EvidenceNote) -> None:
        """Drop the search and the narrowing filters (showing deleted notes if `note` is one) and
        put the cursor on `note`, the list focused."""
        if self.filter.text:
            self.query_one("#search", Input).value = ""
        for select in self.query(Select):
            if select.id in FILTER_FIELDS:
                with self.prevent(Select.Changed):
                    select.value = ANY
        wanted = self.filter.with_(
            source="", polarity="", author="", text="", deleted=note.deleted or self.filter.deleted
        )
        self.set_reactive(EvidencePane.filter, wanted)  # listed once, below, on the note
        self.refresh_notes(keep=note.id)
        self.note_list.focus()

    def refresh_authors(self) -> None:
        """List the authors of the notes now in the index in the author filter."""
        authors = self.index.authors()
        if authors == self.authors:
            return
        self.authors = authors
        select = self.query_one("#f-author", Select)
        value = select.value
        with self.prevent(Select.Changed):
            select.set_options(self._author_options())
            select.value = value if value in authors else ANY
