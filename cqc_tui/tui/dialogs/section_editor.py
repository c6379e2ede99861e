"""Write one narrative section of the report (summary, background, method, context ...) in a
multi-line editor, with the note editor's guarantees: the typing is kept as a draft about every
second (a crash loses at most that), Escape with changes asks before discarding, ctrl+q keeps the
draft, and the draft is offered back when the section is next opened. F2 cites an evidence note
at the cursor (the report prints a short reference in its place, never the note's id).

Section drafts are Draft records whose fields are {"report_section": key, "body": text}: they have
no "text" field, so the review screen's offer of unsaved *notes* after a crash leaves them alone.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from cqc_tui.core.model import Draft
from cqc_tui.core.report_sections import AGREED, edit_start, save_section_text
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.report.outline import OutlineEntry, word_count
from cqc_tui.tui.dialogs.cite_note import cite_into
from cqc_tui.tui.dialogs.draft_autosave import AUTOSAVE_SECONDS, DraftAutosave
from cqc_tui.tui.failures import failure_line

SECTION_FIELD = "report_section"  # the Draft field naming the key of the section being written
BODY_FIELD = "body"  # the Draft field holding the text


def section_drafts(session: ReviewSession) -> dict[str, Draft]:
    """This user's unsaved section drafts, by section key (the newest when several)."""
    drafts: dict[str, Draft] = {}
    for draft in sorted(session.open_drafts(), key=lambda d: d.updated):
        key = (draft.fields or {}).get(SECTION_FIELD)
        if isinstance(key, str) and key:
            drafts[key] = draft
    return drafts


class SectionEditor(DraftAutosave, ModalScreen[bool]):
    """Edit the text of `entry` (a piece of the report's prose); `draft` reopens autosaved typing.
    Returns True when the text was saved."""

    UNSAVED_SUBJECT = "this section"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="section_editor.save"),
        Binding("escape", "cancel", "Cancel", id="section_editor.cancel"),
        Binding("f2", "cite", "Cite a note", id="section_editor.cite"),
    ]
    DEFAULT_CSS = """
    SectionEditor.dialog-screen { background: $background; }
    #section-editor { height: 95%; }
    #section-text { height: 1fr; }
    #section-where { color: $text-muted; height: auto; }
    #section-words { color: $text-muted; height: 1; }
    """

    def __init__(
        self,
        session: ReviewSession,
        entry: OutlineEntry,
        draft: Draft | None = None,
        autosave_seconds: float = AUTOSAVE_SECONDS,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self.entry = entry
        self.draft_id: str | None = draft.id if draft is not None else None
        # the section as it is now (a sync may have brought a teammate's text since the outline
        # was read); saving from it keeps a version received while typing beside this one
        self.started = edit_start(session, entry.key)
        body = (draft.fields or {}).get(BODY_FIELD) if draft is not None else None
        self.initial_text = body if isinstance(body, str) else self.started.text
        self.autosave_seconds = autosave_seconds
        self._ready = False

    def compose(self) -> ComposeResult:
        title = f"Write: {self.entry.label}" + (" (recovered draft)" if self.draft_id else "")
        with Vertical(classes="dialog wide-dialog", id="section-editor"):
            yield Label(Content(title), classes="dialog-title")
            yield Static(Content(self.entry.where()), id="section-where")
            yield TextArea(
                self.initial_text, id="section-text", soft_wrap=True, tab_behavior="focus"
            )
            yield Static("", id="section-words")
            yield Static("", id="section-error", classes="form-error")
            yield Static(
                Content(
                    "ctrl+s save · F2 cite a note · esc cancel · each line is a paragraph; "
                    "'- ' starts a bullet"
                ),
                classes="dialog-hint",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cite (F2)", id="cite")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one("#section-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self._show_words()
        self.call_after_refresh(self._set_ready)

    def _set_ready(self) -> None:
        self._ready = True

    @property
    def text(self) -> str:
        """The text as typed."""
        return self.query_one("#section-text", TextArea).text

    def _show_words(self) -> None:
        words = word_count(self.text)
        self.query_one("#section-words", Static).update(
            Content(f"{words} word{'s' if words != 1 else ''}")
        )

    # -- autosave --------------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._show_words()
        if self._ready:
            self.schedule_autosave()

    def draft_fields(self) -> dict[str, Any] | None:
        """The section's key and the text as typed; None while it is the saved text, untouched."""
        if self.draft_id is None and self.text == self.started.text:
            return None
        return {SECTION_FIELD: self.entry.key, BODY_FIELD: self.text}

    # -- actions ---------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save the text into the section (an empty text removes the section's text), as the member
        the session acts as: the section becomes a draft again (core.report_sections). A teammate's
        version received while typing is kept beside it as a conflict, and the user is told."""
        text = self.text.strip("\n")
        self.stop_autosave()
        try:
            status = save_section_text(self.session, self.entry.key, text, self.started)
        except Exception as exc:  # noqa: BLE001 - one line for the user; the typing stays
            line = f"Not saved: {failure_line(exc, 'save')}"
            self.query_one("#section-error", Static).update(Content(line))
            self.notify(line, severity="error", markup=False)
            return
        self.discard_draft()
        words = word_count(text)
        again = (
            " It is a draft again: a in the outline agrees it."
            if self.entry.state == AGREED
            else ""
        )
        if status.conflict:
            self.notify(
                f"Saved '{self.entry.label}'. A teammate's version of it arrived while you wrote: "
                "both are kept as a conflict (C on the review screen keeps one or combines them).",
                severity="warning",
                markup=False,
                timeout=10,
            )
        else:
            self.notify(
                f"Saved '{self.entry.label}' ({words} word{'s' if words != 1 else ''}).{again}",
                markup=False,
                timeout=3,
            )
        self.dismiss(True)

    def discard_and_close(self) -> None:
        self.stop_autosave()
        self.discard_draft()
        self.dismiss(False)

    def action_cite(self) -> None:
        """Choose a note and put its citation at the cursor."""
        cite_into(
            self.query_one("#section-text", TextArea),
            self.session.notes(),
            f"'{self.entry.label}'",
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cite":
            self.action_cite()
        else:
            self.action_cancel()
