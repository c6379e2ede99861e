"""The rating dialog's evidence picker: the notes it offers, in what order, with what text, as the
review changes underneath it (the lists are kept between dialogs and follow saves)."""

from __future__ import annotations

import threading

import pytest

from cqc_tui.core.model import OVERALL, EvidenceNote
from cqc_tui.tui.dialogs import rating as rating_module
from cqc_tui.tui.dialogs.rating import RatingDialog
from cqc_tui.tui.formatting import POLARITY_MARK, local_time, one_line, source_label
from tests.tui.app_factory import AUTHOR, UNIT_IDS, make_workspace

SLOTS = [(unit, kq) for unit in ("", *UNIT_IDS) for kq in ("safe", "effective", OVERALL)]


def reference_candidates(session, unit: str, kq: str) -> list:
    """What the dialog listed before it kept its lists: every live note filtered, then sorted."""
    notes = [
        n
        for n in session.notes()
        if (kq == OVERALL or n.key_question == kq) and (not unit or n.scope_unit == unit)
    ]
    notes.sort(key=lambda n: (n.created, n.id), reverse=True)
    return notes


def reference_label(n: EvidenceNote) -> str:
    return (
        f"{POLARITY_MARK.get(n.polarity, '?')} {local_time(n.created)} {n.author} · "
        f"{source_label(n.source)} · {','.join(n.lines)} · {one_line(n.text, 160)}"
    )


def check(session) -> None:
    for unit, kq in SLOTS:
        dialog = RatingDialog(session, unit, kq)
        dialog.chosen = set()
        got = dialog._candidate_notes()
        assert [n.id for n in got] == [n.id for n in reference_candidates(session, unit, kq)], (
            unit,
            kq,
        )
        assert all(
            a is b for a, b in zip(got, reference_candidates(session, unit, kq), strict=True)
        ), "stale revision"
        for n in got:
            assert dialog._selection(n).prompt.plain == reference_label(n)


@pytest.fixture
def session(home):
    ws, rid = make_workspace(home)
    with ws.open_id(rid, user=AUTHOR) as s:
        yield s


def test_candidates_follow_every_kind_of_save(session):
    s = session
    check(s)
    same_time = "2018-01-22T10:00:00.000Z"  # ties are broken by id, newest first
    for i, (line, unit) in enumerate(
        [("S1", UNIT_IDS[0]), ("S2", UNIT_IDS[1]), ("E1", ""), ("S1", UNIT_IDS[1])]
    ):
        s.add_note(
            id=f"00000000-0000-4000-8000-0000000003{i:02d}",
            created=same_time,
            lines=[line],
            scope_unit=unit,
            text=f"tied note {i}",
            author=AUTHOR,
        )
    check(s)
    first = s.notes()[0]
    s.update("notes", first.id, text="Edited: the policy was updated the same week.")
    check(s)  # the new text, not the cached line of the old revision
    s.update(
        "notes", first.id, lines=("E1",), key_question="effective"
    )  # moves to another key question
    check(s)
    s.update("notes", first.id, scope_unit=UNIT_IDS[1])
    check(s)
    s.delete("notes", first.id)
    check(s)
    s.restore("notes", first.id)
    check(s)
    s.set_rating(UNIT_IDS[0], "safe", "good")  # a save that is not a note
    check(s)
    # a bulk save (imports) does not go through the listener: the lists are rebuilt
    bulk = [
        EvidenceNote(
            id=f"00000000-0000-4000-8000-0000000004{i:02d}",
            author=AUTHOR,
            key_question="safe",
            lines=("S1",),
            scope_unit=UNIT_IDS[i % 2],
            created=f"2018-01-22T11:{i:02d}:00.000Z",
            text=f"imported {i}",
        )
        for i in range(5)
    ]
    s.store.save_many(bulk)
    check(s)
    s.update("notes", bulk[0].id, text="imported, then edited")
    check(s)


def test_a_saved_note_is_moved_into_place_not_everything_sorted_again(session):
    s = session
    order = rating_module._note_order(s.store)
    kept = order.oldest_first(s.store, "safe")
    note = s.add_note(
        lines=["S2"],
        scope_unit=UNIT_IDS[1],
        text="Call bells answered within a minute.",
        author=AUTHOR,
    )
    s.set_rating("", "safe", "good")
    assert order.oldest_first(s.store, "safe") is kept  # the same list, brought up to date
    assert kept[-1] is note
    check(s)


def test_candidates_from_saves_on_another_thread(session):
    s = session
    check(s)

    def add(k: int) -> None:
        for i in range(5):
            s.add_note(
                lines=["S1"], scope_unit=UNIT_IDS[0], text=f"thread {k} note {i}", author=AUTHOR
            )

    threads = [threading.Thread(target=add, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(s)


def test_candidates_after_more_saves_than_are_replayed(session, monkeypatch):
    s = session
    check(s)
    monkeypatch.setattr(rating_module._NoteOrder, "MAX_PENDING", 3)
    notes = [
        s.add_note(lines=["S1"], scope_unit=UNIT_IDS[i % 2], text=f"burst {i}", author=AUTHOR)
        for i in range(5)
    ]
    s.delete("notes", notes[0].id)
    check(s)


def test_lists_are_shared_between_dialogs_and_not_handed_out(session):
    s = session
    a = RatingDialog(s, "", "safe")
    b = RatingDialog(s, "", "safe")
    assert a._order is b._order
    listed = a._candidate_notes()
    listed.clear()  # what one dialog does with its list does not reach the next
    assert [n.id for n in b._candidate_notes()] == [
        n.id for n in reference_candidates(s, "", "safe")
    ]


def test_shown_lists_the_newest_and_every_cited_note(session, monkeypatch):
    s = session
    for i in range(8):
        s.add_note(
            lines=["S1"],
            scope_unit=UNIT_IDS[0],
            text=f"extra note {i} about staffing",
            author=AUTHOR,
            created=f"2018-01-22T12:{i:02d}:00.000Z",
        )
    monkeypatch.setattr(rating_module, "MAX_CHOICES", 3)
    dialog = RatingDialog(s, UNIT_IDS[0], "safe")
    dialog.candidates = dialog._candidate_notes()
    oldest = dialog.candidates[-1]
    dialog.chosen = set()
    assert dialog._shown([]) == dialog.candidates[:3]
    dialog.chosen = {oldest.id}
    assert dialog._shown([]) == [*dialog.candidates[:3], oldest]
    assert [n.text for n in dialog._shown(["staffing"])] == [
        "extra note 7 about staffing",
        "extra note 6 about staffing",
        "extra note 5 about staffing",
    ]
    assert dialog._shown([oldest.text.split()[0].casefold()])[-1] is oldest


def test_picker_lines_measure_as_content_does_at_every_width():
    from textual.content import Content

    texts = [
        "",
        "short",
        "! 2018-01-22 09:05 ann · Staff · S1 · " + "word " * 40,
        "wide 😀 字符 " * 12,
        "tabs\tand\tmore " * 10,
        "x" * 300,
    ]
    rule_sets = [
        {},
        {"text_wrap": "nowrap", "text_overflow": "ellipsis"},
        {"text_wrap": "nowrap"},
        {"text_overflow": "clip"},
        {"line_pad": 1},
        {"line_pad": 2, "text_wrap": "nowrap"},
    ]
    for text in texts:
        line = rating_module._PickerLine(text)
        assert line.plain == Content(text).plain
        for _ in range(2):  # the second round is answered from the line's cache
            for rules in rule_sets:
                for width in (96, 98, 40, 7, 1):
                    assert line.get_height(rules, width) == Content(text).get_height(
                        rules, width
                    ), (text, rules, width)


def test_picker_line_keeps_both_widths_the_list_measures_at(monkeypatch):
    from textual.content import Content

    line = rating_module._PickerLine("! 2018-01-22 09:05 ann · Staff · S1 · " + "word " * 40)
    rules = {"text_wrap": "nowrap", "text_overflow": "ellipsis"}
    line.get_height(rules, 98)
    line.get_height(rules, 96)
    measured = []
    monkeypatch.setattr(Content, "get_height", lambda self, r, w: measured.append(w) or 1)
    assert [line.get_height(rules, w) for w in (98, 96, 98, 96)] == [1, 1, 1, 1]
    assert measured == []


async def test_the_dialog_is_built_once_and_shows_each_cell_afresh(home):
    """Reopened for another cell, the one dialog shows that cell's rating, rationale and ticks,
    nothing of the last one; Escape right after opening closes it (nothing typed)."""
    from textual.widgets import Input, Select, SelectionList, TextArea

    ws, rid = make_workspace(home)
    with ws.open_id(rid, user=AUTHOR) as s:
        cited = [n.id for n in s.notes() if n.scope_unit == UNIT_IDS[0] and n.lines == ("S1",)]
        s.set_rating(
            UNIT_IDS[0],
            "safe",
            "good",
            rationale="Policies followed.",
            note_ids=cited,
            departure_reason="",
        )
    from cqc_tui.tui.app import CqcApp

    app = CqcApp(ws, user=AUTHOR, open_review=rid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.set_unit(UNIT_IDS[0])
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, RatingDialog)
        assert first.query_one("#rating-value", Select).value == "good"
        assert first.query_one("#rating-rationale", TextArea).text == "Policies followed."
        assert set(first.query_one("#rating-notes", SelectionList).selected) == set(cited)
        first.query_one("#rating-find", Input).value = "pathway"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        screen.set_unit(UNIT_IDS[1])
        screen.jump_to_line("E1")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        again = app.screen
        assert again is first  # reused, not built again
        assert again.key_question == "effective" and again.scope_unit == UNIT_IDS[1]
        assert again.query_one("#rating-value", Select).value is Select.NULL
        assert again.query_one("#rating-rationale", TextArea).text == ""
        assert again.query_one("#rating-find", Input).value == ""
        assert list(again.query_one("#rating-notes", SelectionList).selected) == []
        assert "Effective" in str(again.query_one("#rating-title").render())
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert app.screen is screen


def test_a_rated_cell_is_not_said_to_be_proposed_by_the_rules(session):
    """A scope unit x key question is the team's judgement: once rated, the dialog must not
    present that rating as one the rules proposed; an aggregated cell still shows the rules'."""
    unit = UNIT_IDS[0]
    session.set_rating(unit, "safe", "inadequate", rationale="", note_ids=[], departure_reason="")
    judged = RatingDialog(session, unit, "safe")._proposed_text().plain
    assert "Proposed by the rules" not in judged and "judgement" in judged
    overall = RatingDialog(session, unit, OVERALL)._proposed_text().plain
    assert overall.startswith("Proposed by the rules: Inadequate")
