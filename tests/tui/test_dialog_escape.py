"""No dialog loses typed text: Escape with changes asks (keep editing / discard); without changes it
closes at once. Driven by keyboard with Textual's Pilot; what is stored is checked from disk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.widgets import Input, Select, SelectionList, Static, TextArea

from cqc_tui.core.model import Review, ScopeUnit
from cqc_tui.core.workspace import Workspace
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.dialogs.common import ConfirmDialog
from cqc_tui.tui.dialogs.findings import FindingEditor, RecommendationEditor
from cqc_tui.tui.dialogs.new_review import NewReviewDialog
from cqc_tui.tui.dialogs.note_editor import NoteEditor
from cqc_tui.tui.dialogs.prompt import PromptDialog
from cqc_tui.tui.dialogs.rating import RatingDialog
from cqc_tui.tui.dialogs.review_details import ReviewDetailsDialog
from cqc_tui.tui.dialogs.score import ScoreDialog
from tests.tui.app_factory import AUTHOR, REVIEW_ID, make_workspace, workspace

SIZE = (120, 40)
TYPED = "Staff [b]could[/b] not say"


def review_app(home: Path) -> CqcApp:
    make_workspace(home)
    return CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)


def home_app(home: Path) -> CqcApp:
    make_workspace(home)
    return CqcApp(workspace(home), user=AUTHOR)


def single_assessment_app(home: Path) -> CqcApp:
    ws = workspace(home)
    with ws.create(
        Review(
            title="SAF review",
            review_type="comprehensive",
            framework_id="single-assessment",
            start_date="2024-03-04",
        ),
        [],
        [ScopeUnit(code="ward", label="Ward A", order=1)],
        user=AUTHOR,
    ) as session:
        review_id = session.review.id
    return CqcApp(workspace(home), user=AUTHOR, open_review=review_id)


def stored_records(home: Path) -> dict:
    """Everything a dialog could have saved, as another process reads it from disk."""
    ws = Workspace(home)
    out: dict = {"reviews": sorted(r["id"] for r in ws.list_reviews(include_archived=True))}
    for summary in ws.list_reviews(include_archived=True):
        with ws.open_id(summary["id"], readonly=True, user=AUTHOR) as s:
            out[summary["id"]] = {
                "review": s.review,
                "members": s.members(),
                "units": s.scope_units(include_deleted=True),
                "drafts": s.open_drafts(),
                **{
                    table: s.records(table, include_deleted=True)
                    for table in ("notes", "ratings", "scores", "findings", "recommendations")
                },
            }
    return out


@dataclass
class Case:
    name: str
    build: Callable[[Path], CqcApp]
    keys: tuple[str, ...]  # pressed on the starting screen to open the dialog
    dialog: type
    field: str  # the field typed into


CASES = [
    Case("note", review_app, ("n",), NoteEditor, "#note-text"),
    Case("note place", review_app, ("n",), NoteEditor, "#note-place"),
    Case("rating", review_app, ("right_square_bracket", "r"), RatingDialog, "#rating-rationale"),
    Case(
        "rating departure",
        review_app,
        ("right_square_bracket", "r"),
        RatingDialog,
        "#rating-departure",
    ),
    Case(
        "score",
        single_assessment_app,
        ("right_square_bracket", "S"),
        ScoreDialog,
        "#score-rationale",
    ),
    Case("finding", review_app, ("f", "a"), FindingEditor, "#finding-heading"),
    Case("finding text", review_app, ("f", "a"), FindingEditor, "#finding-text"),
    Case("recommendation", review_app, ("f", "2", "a"), RecommendationEditor, "#rec-text"),
    Case(
        "recommendation regulation",
        review_app,
        ("f", "2", "a"),
        RecommendationEditor,
        "#rec-regulation",
    ),
    Case("review details", review_app, ("i",), ReviewDetailsDialog, "#details-team"),
    Case("review details title", review_app, ("i",), ReviewDetailsDialog, "#details-title"),
    Case("new review", home_app, ("n",), NewReviewDialog, "#title"),
    Case("new review team", home_app, ("n",), NewReviewDialog, "#team"),
    Case("import path", home_app, ("i",), PromptDialog, "#prompt-input"),
]


def field_text(dialog, selector: str) -> str:
    widget = dialog.query_one(selector)
    return widget.text if isinstance(widget, TextArea) else widget.value


async def open_dialog(pilot, case: Case, first: bool = False):
    """The first time by every key (to the screen it opens from), then by the last one alone."""
    await pilot.press(*(case.keys if first else case.keys[-1:]))
    await pilot.pause()
    assert isinstance(pilot.app.screen, case.dialog), pilot.app.screen
    return pilot.app.screen


async def type_into(pilot, dialog, selector: str, text: str) -> None:
    widget = dialog.query_one(selector)
    widget.focus()
    await pilot.pause()
    await pilot.press("end" if isinstance(widget, Input) else "ctrl+end")
    await pilot.press(*text)


def question_text(screen) -> str:
    return " ".join(str(w.render()) for w in screen.query(Static))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_escape_with_typing_asks_and_keeps_or_discards(home, case: Case):
    app = case.build(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        before = stored_records(home)

        # Nothing typed: Escape closes at once.
        await open_dialog(pilot, case, first=True)
        start = app.screen_stack[-2]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is start

        # Typed: Escape asks; "n" (keep editing) goes back to the text as it was.
        dialog = await open_dialog(pilot, case)
        await type_into(pilot, dialog, case.field, TYPED)
        typed = field_text(dialog, case.field)
        assert TYPED in typed
        await pilot.press("escape")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmDialog)
        assert "Discard your changes" in question_text(question)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog and field_text(dialog, case.field) == typed

        # Enter on the question keeps editing too (the safe answer has the focus); so does Escape.
        for key in ("enter", "escape"):
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is dialog and field_text(dialog, case.field) == typed

        # "y" (discard): the dialog closes and nothing is saved.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is start
        assert stored_records(home) == before

        # The Cancel button asks the same way.
        dialog = await open_dialog(pilot, case)
        await type_into(pilot, dialog, case.field, "x")
        await pilot.click("#cancel")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is start
    assert stored_records(home) == before


async def test_changing_a_choice_alone_asks(home):
    """Not only typing: a rating chosen or a note ticked as evidence is a change too."""
    app = review_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = app.screen
        await pilot.press("right_square_bracket", "r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RatingDialog)
        dialog.query_one("#rating-notes", SelectionList).focus()
        await pilot.press("space")
        await pilot.pause()
        assert dialog.chosen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        # Un-ticking it again: nothing left to lose, Escape closes at once.
        await pilot.press("space")
        await pilot.pause()
        assert not dialog.chosen
        dialog.query_one("#rating-find", Input).value = "safeguarding"  # a search is not a change
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is start

        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#rating-value", Select).value = "good"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)


async def test_score_category_switch_does_not_drop_typing(home):
    """Choosing another evidence category reloads the score shown: with typing, it asks first."""
    app = single_assessment_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket", "S")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ScoreDialog)
        category = dialog.query_one("#score-category", Select)
        area = dialog.query_one("#score-rationale", TextArea)

        category.value = "processes"  # nothing typed: switches at once
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert dialog._category_shown == "processes"

        await type_into(pilot, dialog, "#score-rationale", TYPED)
        category.value = "staff_feedback"
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert category.value == "processes" and area.text == TYPED  # back where it was meanwhile
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog and area.text == TYPED and category.value == "processes"

        category.value = "staff_feedback"
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is dialog and category.value == "staff_feedback" and area.text == ""
        await pilot.press("escape")  # the new category's values are the starting point
        await pilot.pause()
        assert not isinstance(app.screen, (ScoreDialog, ConfirmDialog))


async def test_reused_note_editor_compares_with_the_note_it_shows(home):
    """The note editor is built once and reused: each note it opens is its own starting point."""
    app = review_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = app.screen
        await pilot.press("v", "e")  # edit the selected note, unchanged: closes at once
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor) and editor.query_one("#note-text", TextArea).text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is start
        await pilot.press("n")  # a new note, typed in, then discarded
        await pilot.pause()
        assert app.screen is editor
        await pilot.press(*"abc", "escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is start
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is editor
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is start
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("f3", "escape")  # a changed polarity alone is a change
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)


async def test_quit_with_typing_in_a_dialog_asks_first(home):
    """ctrl+q over a dialog holding typing: Keep editing keeps it; Quit (or ctrl+q again) quits."""
    app = review_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket", "r")
        await pilot.pause()
        dialog = app.screen
        await type_into(pilot, dialog, "#rating-rationale", TYPED)
        await pilot.press("ctrl+q")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmDialog) and app.return_code is None
        assert "changes to the rating are not saved" in question_text(question)
        await pilot.press("enter")  # Keep editing has the focus
        await pilot.pause()
        assert (
            app.screen is dialog and dialog.query_one("#rating-rationale", TextArea).text == TYPED
        )
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("ctrl+q")  # twice: quit anyway
        await pilot.pause()
        assert app.return_code == 0


async def test_quit_keeps_note_typing_as_draft_or_asks_when_it_cannot(home, monkeypatch):
    from cqc_tui.core.errors import StoreError
    from cqc_tui.core.workspace import ReviewSession

    app = review_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", *"unsaved words")

        def full_disk(*args, **kwargs):
            raise StoreError(
                "could not save to journal-000001.jsonl: the disk is full; free some space and try again"
            )

        monkeypatch.setattr(ReviewSession, "save_draft", full_disk)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and app.return_code is None
        assert "this note" in question_text(app.screen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#note-text", TextArea).text == "unsaved words"
        monkeypatch.undo()  # the disk has room again: the draft is kept and the app quits at once
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0
    ws = Workspace(home)
    with ws.open_id(REVIEW_ID, readonly=True, user=AUTHOR) as s:
        assert [d.fields["text"] for d in s.open_drafts()] == ["unsaved words"]
