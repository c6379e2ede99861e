"""Capturing evidence: a note filed under several lines, its time of observation, attachments."""

from __future__ import annotations

from textual.widgets import Input, Static

from cqc_tui.core.attachments import read_attachment
from cqc_tui.tui.dialogs.note_editor import NoteEditor
from cqc_tui.tui.dialogs.rating import RatingDialog
from tests.tui.app_factory import REVIEW_ID, UNIT_IDS, make_app, workspace

SIZE = (120, 40)


async def test_note_under_several_lines_with_time_and_files(home, tmp_path):
    photo = tmp_path / "sluice room.jpg"
    photo.write_bytes(b"\xff\xd8 a photo of the sluice room")
    policy = tmp_path / "ipc-policy.pdf"
    policy.write_bytes(b"%PDF infection control policy")
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.set_unit(UNIT_IDS[0])
        screen.jump_to_line("S2")
        before_e1 = screen.coverage.get("E1", "*")[0]
        await pilot.press("n")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        await pilot.press(*"Sluice door propped open")
        editor.query_one("#note-also", Input).value = "e1, W5"
        editor.query_one("#note-seen", Input).value = "2026-11-30 08:15"
        attach = editor.query_one("#note-attach", Input)
        attach.focus()
        attach.value = str(tmp_path / "missing.png")
        await pilot.press("enter")
        await pilot.pause()
        assert "Not attached" in str(editor.query_one("#note-error", Static).render())
        for path in (photo, policy):
            attach.value = str(path)
            await pilot.press("enter")
            await pilot.pause()
        assert "sluice room.jpg (photo" in str(editor.query_one("#note-files", Static).render())
        editor.query_one("#note-also", Input).value = "e1 X9"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "X9 is not a KLOE" in str(editor.query_one("#note-error", Static).render())
        editor.query_one("#note-also", Input).value = "e1, W5"
        editor.query_one("#note-seen", Input).value = "30/11 8am"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Seen: write when" in str(editor.query_one("#note-error", Static).render())
        editor.query_one("#note-seen", Input).value = "2026-11-30 08:15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "Saved under S2, E1, W5 · Children and young people." in [
            n.message for n in app._notifications
        ]
        await pilot.pause(0.4)
        assert screen.coverage.get("E1", "*")[0] == before_e1 + 1
        # the note is evidence for effective too: the rating dialog lists it there
        screen.jump_to_line("E1")
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RatingDialog)
        assert any("Sluice door" in n.text for n in dialog.candidates)
        await pilot.press("escape")
        await pilot.pause()
    s = workspace(home).open_id(REVIEW_ID, readonly=True)
    try:
        note = next(n for n in s.notes() if n.text == "Sluice door propped open")
        assert note.lines == ("S2", "E1", "W5") and note.key_question == "safe"
        assert note.scope_unit == UNIT_IDS[0]
        assert note.observed == "2026-11-30T08:15:00.000Z"
        assert [a["name"] for a in note.attachments] == ["sluice room.jpg", "ipc-policy.pdf"]
        assert read_attachment(s.store.folder, note.attachments[1]) == policy.read_bytes()
    finally:
        s.close()


async def test_o_opens_the_attached_files(home, tmp_path, monkeypatch):
    from cqc_tui.core import attachments

    opened = []
    monkeypatch.setattr(
        attachments.subprocess, "Popen", lambda command, **_: opened.append(command)
    )
    monkeypatch.setattr(attachments.shutil, "which", lambda name: "/usr/bin/" + name)
    photo = tmp_path / "ward.png"
    photo.write_bytes(b"png")
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        described = attachments.attach(screen.session.store.folder, photo)
        note = screen.session.add_note(lines=["S1"], text="Ward photo", attachments=(described,))
        await pilot.pause()
        screen.jump_to_note(note.id)
        await pilot.pause()
        assert "Attached: ward.png" in screen.query_one("#note-detail").text.plain
        await pilot.press("O")
        await pilot.pause()
        assert opened and opened[0][-1].endswith(described["sha256"] + ".png")


async def test_a_teammates_edit_arriving_while_a_note_is_edited_is_kept_beside_it(home):
    """A note open in the editor while a sync saves a teammate's edit of it: saving keeps both
    versions as a conflict (nothing typed on either laptop lost) and the app says so."""
    from cqc_tui.core.team.conflicts import conflicts
    from cqc_tui.core.team.merge import start_team
    from cqc_tui.tui.screens.review import ReviewScreen
    from cqc_tui.tui.widgets.note_list import NoteList

    app = make_app(home, open_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        if not isinstance(app.screen, ReviewScreen):  # the scope unit picker on first open
            await pilot.press("escape")
            await pilot.pause(0.2)
        screen = app.screen
        session = app.session
        start_team(session)
        note = screen.query_one(NoteList).current
        assert note is not None
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*" (checked again on Tuesday)")
        me = session.user
        session.user = "Ben Cole"  # a teammate's edit of the same note, as a sync saves it
        session.update("notes", note.id, text="Ben: " + note.text)
        session.user = me
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert app.screen is screen
        messages = [n.message for n in app._notifications]
        assert any("arrived while you edited" in m for m in messages), messages
        [conflict] = conflicts(session)
        texts = {version.fields["text"] for version in conflict.versions}
        assert "Ben: " + note.text in texts
        assert any(text.endswith("(checked again on Tuesday)") for text in texts)
