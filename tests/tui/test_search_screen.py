"""Searching the whole review from the review screen: accents folded, matches marked, 'No notes match'."""

from __future__ import annotations

from textual.widgets import Input

from cqc_tui.tui.widgets.note_list import NoteList
from tests.tui.app_factory import make_app

SIZE = (120, 40)


async def test_search_without_accents_highlights_and_says_no_match(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        note = screen.session.add_note(
            lines=["C1"], scope_unit="", text="Siân Łukasiewicz thanked the night staff."
        )
        await pilot.press("slash")
        await pilot.press(*"sian lukas")
        await pilot.pause()
        notes = screen.query_one(NoteList)
        assert [n.id for n in notes.notes] == [note.id]
        strip = notes.render_line(1)
        marked = [seg.text for seg in strip if seg.style and seg.style.reverse]
        assert marked == ["Siân", "Łukas"]
        detail = screen.query_one("#note-detail").text
        body = detail.plain.index("Siân")
        assert any(
            span.start == body and span.end == body + 4 and "reverse" in str(span.style)
            for span in detail.spans
        )
        screen.query_one("#search", Input).value = "xyzzy"
        await pilot.pause()
        assert notes.notes == []
        assert "No notes match." in notes.render_line(0).text
        screen.query_one("#search", Input).value = ""
        await pilot.pause()
        assert notes.notes
