"""A day's capture at 80x24: what the evidence list keeps in sight on a small screen."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import DataTable, Select, Static

from cqc_tui.core.attachments import attach
from cqc_tui.core.model import Finding, Review, ScopeUnit
from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.dialogs.rating import RatingDialog
from cqc_tui.tui.screens.readiness import ReadinessScreen
from cqc_tui.tui.widgets.key_bar import KeyBar
from tests.tui.app_factory import AUTHOR, REVIEW_ID, UNIT_IDS, make_workspace, workspace

SMALL = (80, 24)


def _add_filed_note(home, tmp_path) -> str:
    """A note seen the day before it was written, under S1 and E1, with a photo attached."""
    photo = tmp_path / "fridge log.png"
    photo.write_bytes(b"\x89PNG a photo of the fridge log")
    session = workspace(home).open_id(REVIEW_ID)
    try:
        note = session.add_note(
            lines=["S1", "E1"],
            scope_unit=UNIT_IDS[0],
            source="observation",
            polarity="concern",
            text="Fridge temperatures out of range twice, not escalated.",
            author="Zoë Brontë",
            created="2018-01-23T16:40:00.000Z",
            observed="2018-01-22T07:05:00.000Z",
            attachments=(attach(session.store.folder, photo),),
        )
    finally:
        session.close()
    return note.id


async def test_the_evidence_list_keeps_lines_and_files_in_sight_at_80_columns(home, tmp_path):
    make_workspace(home)
    note_id = _add_filed_note(home, tmp_path)
    app = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.set_unit(UNIT_IDS[0])
        screen.jump_to_line("S1")
        await pilot.pause()
        notes = screen.evidence.note_list
        row = notes.notes.index(next(n for n in notes.notes if n.id == note_id))
        notes.cursor = row
        await pilot.pause()
        meta = notes.render_line(row * 2 - int(notes.scroll_offset.y)).text
        assert len(meta) <= notes.scrollable_content_region.width
        # the time the evidence was seen (not when it was typed up), then where it is filed and
        # that a file is attached, before who wrote it
        assert meta.index("2018-01-22 07:05") < meta.index("S1,E1") < meta.index("+1 file")
        assert "2018-01-23" not in meta
        # at 120 columns everything fits in the usual order: who, source, polarity, then lines
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        meta = notes.render_line(row * 2 - int(notes.scroll_offset.y)).text
        assert meta.index("Zoë Brontë") < meta.index("S1,E1") < meta.index("+1 file")


async def test_readiness_shows_the_whole_message_of_the_highlighted_check_at_80x24(home):
    make_workspace(home)
    app = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.screen.action_readiness()
        await app.workers.wait_for_complete()
        for _ in range(100):
            if isinstance(app.screen, ReadinessScreen) and app.screen.findings:
                break
            await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, ReadinessScreen)
        table = screen.query_one(DataTable)
        await pilot.pause()
        detail = screen.query_one("#readiness-detail", Static)
        for row in (0, 3):
            table.move_cursor(row=row)
            await pilot.pause()
            message = screen.findings[row].message
            assert len(message) > table.size.width - 32  # too long for its column at 80x24
            shown = " ".join(detail.render().plain.split())
            assert shown == " ".join(message.split())
            key_bar = screen.query_one(KeyBar)
            assert detail.region.y + detail.region.height <= key_bar.region.y


async def test_the_rating_dialog_wraps_its_labels_at_80x24_rather_than_cutting_them(home):
    make_workspace(home)
    app = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.screen.set_unit(UNIT_IDS[0])
        app.screen.jump_to_line("S1")
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RatingDialog)
        body = dialog.query_one("#rating-dialog").content_region
        for label in dialog.query("#rating-dialog > Label"):
            text = label.render().plain
            assert label.region.right <= body.right, text
            assert label.region.width * label.region.height >= len(text), text


async def test_the_findings_detail_stays_in_sight_under_a_long_list_at_80x24(home):
    ws, rid = make_workspace(home)
    with ws.open_id(rid, user=AUTHOR) as session:
        for n in range(30):
            session.add(
                Finding,
                kind="finding",
                key_question="safe",
                scope_unit=UNIT_IDS[n % 2],
                heading=f"Finding number {n}",
                text=f"What the team found, number {n}, in the words of the report.",
            )
    app = CqcApp(workspace(home), user=AUTHOR, open_review=REVIEW_ID)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        await pilot.press("down", "down")
        await pilot.pause()
        detail = screen.query_one("#findings-detail", Static)
        key_bar = screen.query_one(KeyBar)
        assert detail.region.height >= 2
        assert detail.region.y + detail.region.height <= key_bar.region.y
        table = screen.query_one("#findings-table", DataTable)
        assert table.cursor_row == 2
        shown = screen.findings[2]
        said = detail.render().plain
        assert said.startswith(f"{shown.heading}\nDraft: not agreed by the team yet (A agrees it).")
        assert said.endswith(shown.text)
        # A agrees the highlighted finding, A again takes it back; the cursor stays on it
        await pilot.press("A")
        await pilot.pause()
        assert table.cursor_row == 2
        agreed = screen.findings[2]
        assert agreed.id == shown.id and agreed.agreed and agreed.agreed_by == AUTHOR
        assert f"Agreed by {AUTHOR}" in detail.render().plain
        assert table.get_row_at(2)[4].plain == "agreed"
        await pilot.press("A")
        await pilot.pause()
        assert not screen.findings[2].agreed and table.get_row_at(2)[4].plain == "draft"


async def test_the_unit_chosen_can_be_told_from_units_whose_names_look_alike_at_80x24(home):
    ws = workspace(home)
    labels = {
        "cyp": "Community health services for children, young people and families",
        "adults": "Community health services for adults",
        "ld": "Community health services for people with a learning disability",
        "eolc": "End of life care",
    }
    units = [
        ScopeUnit(code=code, label=label, order=n)
        for n, (code, label) in enumerate(labels.items(), start=1)
    ]
    review = Review(
        title="Alike units", review_type="comprehensive", framework_id="kloe-healthcare"
    )
    session = ws.create(review, [], units, user=AUTHOR)
    rid, adults = session.review.id, units[1].id
    session.close()
    app = CqcApp(workspace(home), user=AUTHOR, open_review=rid)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        select = screen.query_one("#unit", Select)
        shown = {}
        for unit in units:
            screen.set_unit(unit.id)
            await pilot.pause()
            label = select.query_one("SelectCurrent #label", Static)
            # what the screen shows of the name: one line, cut to the drop-down's width
            shown[unit.id] = label.render_lines(Region(0, 0, label.size.width, 1))[0].text
        assert label.size.width <= 26
        assert shown[adults].startswith("ADULTS Community")
        assert len({text.strip() for text in shown.values()}) == len(units)
    # names that differ where they are cut stay as they are (no abbreviations)
    make_workspace(home / "other")
    app = CqcApp(workspace(home / "other"), user=AUTHOR, open_review=REVIEW_ID)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.screen.set_unit(UNIT_IDS[1])
        await pilot.pause()
        assert app.screen.query_one("#unit", Select).selection is not None
        assert str(app.screen.query_one("#unit", Select)._options[2][0]) == (
            "Community inpatient services"
        )
