"""Quick capture: the evidence note editor.

Pre-filled with the current line and scope unit; the text area has focus so typing starts at once.
ctrl+s saves durably (the session returns after fsync) and only then says "saved". While typing,
a draft is autosaved about every second, so a crash or a dropped laptop loses at most a second
(tui/dialogs/draft_autosave.py, shared with the report section editor).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from cqc_tui.core.attachments import attach, size_text
from cqc_tui.core.edits import save_edit
from cqc_tui.core.errors import CqcError
from cqc_tui.core.model import POLARITIES, SOURCE_TYPES, Draft, EvidenceNote
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.dialogs.common import ARRIVED_WHILE_EDITING
from cqc_tui.tui.dialogs.draft_autosave import AUTOSAVE_SECONDS, DraftAutosave
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.formatting import local_time
from cqc_tui.tui.screen_behaviour import FastResumeMixin
from cqc_tui.tui.widgets.text_field import TextField

SEEN_FORMAT = "%Y-%m-%d %H:%M"


def observed_now() -> str:
    """Now, to the minute, as a stored UTC stamp: a new note's time of observation."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:00.000Z")


def local_minute(stamp: str) -> str:
    """A stored UTC stamp as local 'YYYY-MM-DD HH:MM' for the Seen field."""
    return local_time(stamp) if stamp else ""


def utc_from_local(text: str) -> str:
    """'YYYY-MM-DD HH:MM' in local time -> stored UTC stamp, or '' when it cannot be read."""
    try:
        moment = datetime.strptime(text.strip(), SEEN_FORMAT)
    except ValueError:
        return ""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:00.000Z")


WHOLE_REVIEW = "__review__"  # Select value for "the review as a whole" (scope_unit '')
NO_LINE = "__none__"
NO_CATEGORY = "__none__"


class NoteEditor(DraftAutosave, FastResumeMixin, ModalScreen[EvidenceNote | None]):
    """Add a note (note=None) or edit one; `draft` reopens autosaved typing after a crash."""

    UNSAVED_SUBJECT = "this note"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note_editor.save"),
        Binding("escape", "cancel", "Cancel", id="note_editor.cancel"),
        Binding("f2", "cycle_source", "Next source", id="note_editor.cycle_source"),
        Binding("f3", "cycle_polarity", "Next polarity", id="note_editor.cycle_polarity"),
        Binding("f4", "toggle_quote", "Quote on/off", id="note_editor.toggle_quote"),
        Binding("f5", "drop_attachment", "Drop last file", id="note_editor.drop_attachment"),
    ]

    def __init__(
        self,
        session: ReviewSession,
        line: str | None,
        scope_unit: str,
        note: EvidenceNote | None = None,
        draft: Draft | None = None,
        autosave_seconds: float = AUTOSAVE_SECONDS,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self.autosave_seconds = autosave_seconds
        self._line_options = [
            (Content(f"{ln.code}  {ln.title}"), ln.code) for ln in session.framework.lines()
        ]
        self._unit_options = [(Content("Review as a whole"), WHOLE_REVIEW)] + [
            (Content(u.label), u.id) for u in session.scope_units()
        ]
        self._setup(line, scope_unit, note, draft)

    def _setup(
        self, line: str | None, scope_unit: str, note: EvidenceNote | None, draft: Draft | None
    ) -> None:
        session = self.session
        self.note = note
        self.draft_id: str | None = draft.id if draft else None
        fields: dict = {}
        if note is not None:
            fields = {
                "lines": list(note.lines),
                "scope_unit": note.scope_unit,
                "text": note.text,
                "source": note.source,
                "polarity": note.polarity,
                "quote": note.quote,
                "place": note.place,
                "evidence_category": note.evidence_category,
                "observed": note.observed_at,
                "attachments": [dict(a) for a in note.attachments],
            }
        if draft is not None:
            fields.update(draft.fields)
            if draft.note_id and note is None:
                self.note = session.store.get("notes", draft.note_id)  # type: ignore[assignment]
        self.initial = {
            "lines": list(fields.get("lines") or ([line] if line else [])),
            "scope_unit": fields.get("scope_unit", scope_unit if scope_unit not in ("*",) else ""),
            "text": fields.get("text", ""),
            "source": fields.get("source", "observation"),
            "polarity": fields.get("polarity", "neutral"),
            "quote": bool(fields.get("quote", False)),
            "place": fields.get("place", ""),
            "evidence_category": fields.get("evidence_category", ""),
            "observed": fields.get("observed") or observed_now(),
            "attachments": [dict(a) for a in fields.get("attachments") or ()],
        }
        self._attachments: list[dict] = list(self.initial["attachments"])
        self._ready = False

    def prepare(
        self,
        line: str | None,
        scope_unit: str,
        note: EvidenceNote | None = None,
        draft: Draft | None = None,
    ) -> NoteEditor:
        """Reuse this editor for another note (opening a prepared editor is much faster than a new one)."""
        self.stop_autosave()
        self._setup(line, scope_unit, note, draft)
        if self.is_mounted:
            self._load()
        return self

    def _title(self) -> str:
        title = "Edit note" if self.note is not None else "New note"
        return title + (" (recovered draft)" if self.draft_id else "")

    def _first_line(self) -> str:
        init = self.initial
        first_line = init["lines"][0] if init["lines"] else NO_LINE
        if first_line != NO_LINE and self.session.framework.line(first_line) is None:
            first_line = NO_LINE
        return first_line

    def _unit_value(self) -> str:
        unit_value = self.initial["scope_unit"] or WHOLE_REVIEW
        if unit_value not in {v for _, v in self._unit_options}:
            unit_value = WHOLE_REVIEW
        return unit_value

    def _load(self) -> None:
        """Put `self.initial` into the widgets without counting it as typing."""
        init = self.initial
        with self.prevent(TextArea.Changed, Input.Changed, Select.Changed, Checkbox.Changed):
            self.query_one(".dialog-title", Label).update(Content(self._title()))
            line_sel = self.query_one("#note-line", Select)
            first = self._first_line()
            if first == NO_LINE:
                line_sel.clear()
            else:
                line_sel.value = first
            self.query_one("#note-unit", Select).value = self._unit_value()
            area = self.query_one("#note-text", TextArea)
            area.load_text(init["text"])
            self.query_one("#note-source", Select).value = init["source"]
            self.query_one("#note-polarity", Select).value = init["polarity"]
            self.query_one("#note-quote", Checkbox).value = init["quote"]
            self.query_one("#note-place", Input).value = init["place"]
            self.query_one("#note-also", Input).value = " ".join(init["lines"][1:])
            self.query_one("#note-seen", Input).value = local_minute(init["observed"])
            self.query_one("#note-attach", Input).value = ""
            self._show_attachments()
            if self.session.framework.evidence_categories:
                self.query_one("#note-category", Select).value = (
                    init["evidence_category"] or NO_CATEGORY
                )
            self.query_one("#note-error", Static).update("")
        self.mark_unchanged()  # the note (or draft) as loaded: what Escape compares with
        self._ready = False
        self.call_after_refresh(self._set_ready)

    def on_screen_resume(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        fw = self.session.framework
        init = self.initial
        first_line = self._first_line()
        with Vertical(classes="dialog wide-dialog", id="note-editor"):
            yield Label(Content(self._title()), classes="dialog-title")
            with Horizontal(classes="editor-row"):
                yield Select(
                    self._line_options,
                    value=first_line if first_line != NO_LINE else Select.NULL,
                    prompt=f"Choose a {fw.line_label}",
                    id="note-line",
                    compact=True,
                )
                yield Select(
                    self._unit_options,
                    value=self._unit_value(),
                    allow_blank=False,
                    id="note-unit",
                    compact=True,
                )
            with Horizontal(classes="editor-row"):
                yield TextField(
                    " ".join(init["lines"][1:]),
                    placeholder=f"Also under: other {fw.line_label} codes",
                    id="note-also",
                    compact=True,
                )
                yield TextField(
                    local_minute(init["observed"]),
                    placeholder="Seen YYYY-MM-DD HH:MM",
                    id="note-seen",
                    compact=True,
                    max_length=16,
                    tooltip="When the evidence was seen or heard",
                )
                yield TextField(
                    "",
                    placeholder="Attach: path of a document or photo, enter",
                    id="note-attach",
                    compact=True,
                )
            yield Static(self._attachments_text(), id="note-files")
            yield TextArea(init["text"], id="note-text", soft_wrap=True, tab_behavior="focus")
            with Horizontal(classes="editor-row"):
                yield Select(
                    [(Content(v), k) for k, v in SOURCE_TYPES.items()],
                    value=init["source"],
                    allow_blank=False,
                    id="note-source",
                    compact=True,
                )
                yield Select(
                    [(Content(v), k) for k, v in POLARITIES.items()],
                    value=init["polarity"],
                    allow_blank=False,
                    id="note-polarity",
                    compact=True,
                )
                if self.session.framework.evidence_categories:
                    yield Select(
                        [(Content("Evidence category"), NO_CATEGORY)]
                        + [
                            (Content(label), code)
                            for code, label in self.session.framework.evidence_categories
                        ],
                        value=init["evidence_category"] or NO_CATEGORY,
                        allow_blank=False,
                        id="note-category",
                        compact=True,
                    )
                yield Checkbox("Quote", init["quote"], id="note-quote", compact=True)
                yield TextField(
                    init["place"],
                    placeholder="Place (ward, room ...)",
                    id="note-place",
                    compact=True,
                )
            yield Static("", id="note-error", classes="form-error")
            yield Static(
                Content(
                    "ctrl+s save · esc cancel · F2 source · F3 polarity · F4 quote · F5 drop last file"
                    " · tab next field"
                ),
                classes="dialog-hint",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self._show_attachments()
        self.call_after_refresh(self._set_ready)

    def _set_ready(self) -> None:
        self._ready = True

    def edited_values(self) -> dict[str, object]:
        return self.fields()

    # -- values ----------------------------------------------------------------------------

    def fields(self) -> dict:
        line = self.query_one("#note-line", Select).value
        lines = [str(line)] if isinstance(line, str) and line != NO_LINE else []
        for code in self._also_codes():
            if code not in lines:
                lines.append(code)
        seen = self.query_one("#note-seen", Input).value.strip()
        unit = self.query_one("#note-unit", Select).value
        return {
            "lines": lines,
            "scope_unit": "" if unit in (WHOLE_REVIEW, Select.NULL) else unit,
            "text": self.query_one("#note-text", TextArea).text,
            "source": self.query_one("#note-source", Select).value,
            "polarity": self.query_one("#note-polarity", Select).value,
            "quote": self.query_one("#note-quote", Checkbox).value,
            "place": self.query_one("#note-place", Input).value.strip(),
            **self._category_field(),
            "observed": utc_from_local(seen) or seen,
            "attachments": [dict(a) for a in self._attachments],
        }

    def _also_codes(self) -> list[str]:
        """The codes typed under 'Also under', spelled as the framework spells them where it knows them."""
        known = {ln.code.casefold(): ln.code for ln in self.session.framework.lines()}
        text = self.query_one("#note-also", Input).value.replace(",", " ").replace(";", " ")
        return [known.get(word.casefold(), word) for word in text.split()]

    def _fields_problem(self, fields: dict) -> tuple[str, str]:
        """(message, widget id) for what stops these fields being saved, or ('', '')."""
        fw = self.session.framework
        unknown = [c for c in fields["lines"][1:] if fw.line(c) is None]
        if unknown:
            return (
                f"Also under: {', '.join(unknown)} is not a {fw.line_label} of {fw.title}.",
                "#note-also",
            )
        if not utc_from_local(self.query_one("#note-seen", Input).value.strip()):
            return (
                "Seen: write when the evidence was seen as YYYY-MM-DD HH:MM (e.g. "
                f"{local_minute(observed_now())}).",
                "#note-seen",
            )
        return ("", "")

    # -- attachments -----------------------------------------------------------------------

    def _attachments_text(self) -> Content:
        if not self._attachments:
            return Content("")
        return Content(
            "Attached: "
            + " · ".join(
                f"{a['name']} ({a['kind']}, {size_text(int(a['size']))})" for a in self._attachments
            )
        )

    def _show_attachments(self) -> None:
        files = self.query_one("#note-files", Static)
        files.update(self._attachments_text())
        files.display = bool(self._attachments)

    @on(Input.Submitted, "#note-attach")
    def _attach_file(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if not path:
            return
        error = self.query_one("#note-error", Static)
        try:
            described = attach(self.session.store.folder, path)
        except CqcError as exc:
            error.update(Content(f"Not attached: {exc}"))
            return
        error.update("")
        if all(a["sha256"] != described["sha256"] for a in self._attachments):
            self._attachments.append(described)
        event.input.value = ""
        self._show_attachments()
        self._changed(event)

    def action_drop_attachment(self) -> None:
        if self._attachments:
            self._attachments.pop()
            self._show_attachments()

    def _category_field(self) -> dict:
        if not self.session.framework.evidence_categories:
            return {}
        value = self.query_one("#note-category", Select).value
        return {"evidence_category": "" if value in (NO_CATEGORY, Select.NULL) else value}

    # -- autosave --------------------------------------------------------------------------

    @on(TextArea.Changed)
    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event) -> None:
        if self._ready:
            self.schedule_autosave()

    def draft_fields(self) -> dict | None:
        """The fields as typed, or None for a new, empty note (nothing to keep yet)."""
        fields = self.fields()
        if not fields["text"].strip() and self.draft_id is None:
            return None
        return fields

    def draft_note_id(self) -> str:
        return self.note.id if self.note else ""

    # -- actions ---------------------------------------------------------------------------

    def action_save(self) -> None:
        fields = self.fields()
        error = self.query_one("#note-error", Static)
        if not fields["text"].strip():
            error.update(Content("The note is empty: type some text first."))
            self.query_one("#note-text", TextArea).focus()
            return
        if not fields["lines"]:
            error.update(
                Content(
                    f"Choose the {self.session.framework.line_label} this note is evidence for."
                )
            )
            self.query_one("#note-line", Select).focus()
            return
        problem, where = self._fields_problem(fields)
        if problem:
            error.update(Content(problem))
            self.query_one(where).focus()
            return
        fields["attachments"] = tuple(fields["attachments"])
        kq = self.session.framework.key_question_of(fields["lines"][0]) or ""
        self.stop_autosave()
        beside = False
        try:
            if self.note is not None:
                changes = {k: v for k, v in fields.items()}
                changes["lines"] = tuple(changes["lines"])
                changes["key_question"] = kq
                updated, beside = save_edit(self.session, self.note, **changes)
                assert isinstance(updated, EvidenceNote)  # the notes table holds notes
                saved = updated
            else:
                saved = self.session.add_note(key_question=kq, **fields)
        except Exception as exc:  # noqa: BLE001 - one line for the user; the typing stays
            error.update(Content(f"Not saved: {failure_line(exc, 'save')}"))
            self.notify(f"Not saved: {failure_line(exc, 'save')}", severity="error", markup=False)
            return
        self.discard_draft()
        if beside:
            self.notify(
                f"Saved under {self._filed_where(saved)}. {ARRIVED_WHILE_EDITING}",
                severity="warning",
                markup=False,
                timeout=10,
            )
        else:
            self.notify(f"Saved under {self._filed_where(saved)}.", markup=False, timeout=3)
        self.dismiss(saved)

    def discard_and_close(self) -> None:
        self.stop_autosave()
        self.discard_draft()
        self.dismiss(None)

    def _filed_where(self, note: EvidenceNote) -> str:
        """Where a saved note is filed, for the confirmation: its lines and scope unit."""
        unit = self.session.scope_unit(note.scope_unit) if note.scope_unit else None
        return f"{', '.join(note.lines)} · {unit.label if unit else 'the review as a whole'}"

    def _cycle(self, selector: str, options: list[str]) -> None:
        sel = self.query_one(selector, Select)
        value = sel.value
        i = options.index(value) if value in options else -1
        sel.value = options[(i + 1) % len(options)]

    def action_cycle_source(self) -> None:
        self._cycle("#note-source", list(SOURCE_TYPES))

    def action_cycle_polarity(self) -> None:
        self._cycle("#note-polarity", list(POLARITIES))

    def action_toggle_quote(self) -> None:
        box = self.query_one("#note-quote", Checkbox)
        box.value = not box.value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
