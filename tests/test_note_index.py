"""The note index: filters, newest-first order, incremental search, live updates."""

from __future__ import annotations

import dataclasses

from cqc_tui.core.model import EvidenceNote
from cqc_tui.core.search import ALL, NoteFilter, NoteIndex


def note(i: int, **kw) -> EvidenceNote:
    fields = dict(
        id=f"n{i}",
        created=f"2018-01-22T09:{i:02d}:00.000Z",
        author="ann",
        key_question="safe",
        lines=("S1",),
        scope_unit="u1",
        text=f"note {i}",
    )
    fields.update(kw)
    return EvidenceNote(**fields)


def test_query_filters_and_orders_newest_first():
    idx = NoteIndex(
        [
            note(1),
            note(2, polarity="concern"),
            note(3, lines=("S2",)),
            note(4, scope_unit="u2"),
            note(5, source="staff", author="ben"),
            note(6, deleted=True),
        ]
    )
    ids = lambda f: [n.id for n in idx.query(f)]  # noqa: E731
    assert ids(NoteFilter(line="S1")) == ["n5", "n4", "n2", "n1"]
    assert ids(NoteFilter(line="S1", scope_unit="u2")) == ["n4"]
    assert ids(NoteFilter(line="S1", polarity="concern")) == ["n2"]
    assert ids(NoteFilter(line="S1", source="staff")) == ["n5"]
    assert ids(NoteFilter(line="S1", author="ben")) == ["n5"]
    assert ids(NoteFilter(line="S1", deleted=True)) == ["n6", "n5", "n4", "n2", "n1"]
    assert ids(NoteFilter(line=None, key_question="safe", scope_unit=ALL)) == [
        "n5",
        "n4",
        "n3",
        "n2",
        "n1",
    ]
    assert idx.authors() == ["ann", "ben"]


def test_search_narrows_and_sees_changes():
    idx = NoteIndex(
        [
            note(1, text="Ward [bold] policy"),
            note(2, text="Staff rota"),
            note(3, text="policy & ward"),
        ]
    )
    f = NoteFilter(line=None)
    assert [n.id for n in idx.query(f.with_(text="pol"))] == ["n3", "n1"]
    assert [n.id for n in idx.query(f.with_(text="policy [bold"))] == ["n1"]
    # a new note after a search is found by the next keystroke
    idx.on_record(note(4, text="policy again"))
    assert [n.id for n in idx.query(f.with_(text="policy"))] == ["n4", "n3", "n1"]
    # editing a note moves it between lines
    idx.on_record(dataclasses.replace(note(4, text="policy again"), lines=("S2",), rev=2))
    assert [n.id for n in idx.query(NoteFilter(line="S2"))] == ["n4"]
    assert "n4" not in [n.id for n in idx.query(NoteFilter(line="S1"))]


def test_coverage_counter_matches_the_core(session):
    from cqc_tui.core.coverage import CoverageCounter

    units = [u.id for u in session.scope_units()]
    counter = CoverageCounter()
    session.store.add_listener(lambda r: counter.put(r) if isinstance(r, EvidenceNote) else None)
    a = session.add_note(
        lines=["T1"], scope_unit=units[0], text="a", source="staff", polarity="concern"
    )
    session.add_note(lines=["T1"], scope_unit=units[1], text="b", source="observation")
    c = session.add_note(
        lines=["T2"], scope_unit="", text="c", source="document", polarity="negative"
    )
    session.update("notes", a.id, scope_unit=units[1], polarity="positive")
    session.delete("notes", c.id)
    core = session.coverage()
    mine = {key: counter.get(*key) for key in counter.slots}
    assert mine == {key: (cov.notes, cov.sources, cov.concerns) for key, cov in core.items()}
    session.restore("notes", c.id)
    assert counter.get("T2", "*") == (1, frozenset({"document"}), 1)


def test_whole_review_order_kept_by_insertion():
    import random

    rng = random.Random(3)
    notes = [note(i, created=f"2018-01-22T09:{rng.randint(0, 59):02d}:00.000Z") for i in range(60)]
    idx = NoteIndex(notes)
    assert [n.id for n in idx.query(NoteFilter(line=None))]  # builds the sorted list
    for i in range(40):
        n = rng.choice(list(idx.notes.values()))
        idx.on_record(
            dataclasses.replace(
                n, created=f"2018-01-22T10:{rng.randint(0, 59):02d}:00.000Z", rev=n.rev + 1
            )
        )
        idx.on_record(note(100 + i, created=f"2018-01-22T08:{rng.randint(0, 59):02d}:00.000Z"))
        got = [x.id for x in idx.query(NoteFilter(line=None))]
        want = [
            x.id for x in sorted(idx.notes.values(), key=lambda x: (x.created, x.id), reverse=True)
        ]
        assert got == want


def test_search_folds_accents_and_case_both_ways():
    from cqc_tui.core.search import fold

    idx = NoteIndex(
        [
            note(1, text="Siân said the rota was short"),
            note(2, text="Dr Łukasiewicz, Straße 5"),
            note(3, text="SIAN again", author="Zoë"),
            note(4, text="nothing here"),
        ]
    )
    ids = lambda text: [n.id for n in idx.query(NoteFilter(line=None, text=text))]  # noqa: E731
    assert ids("Sian") == ["n3", "n1"]
    assert ids("siân") == ["n3", "n1"]
    assert ids("lukasiewicz") == ["n2"]
    assert ids("STRASSE") == ["n2"]
    assert ids("zoe") == ["n3"]
    assert ids("xyzzy") == []
    assert fold("Ærø Øst") == "aero ost"


def test_match_spans_point_into_the_original_text():
    from cqc_tui.core.search import match_spans, query_terms

    text = "Große Siân and siân; Łukasiewicz"
    spans = match_spans(text, query_terms("sian lukasiewicz grosse"))
    assert [text[a:b] for a, b in spans] == ["Große", "Siân", "siân", "Łukasiewicz"]
    assert match_spans("plain text", ["xt"]) == [(8, 10)]
    assert match_spans("aaaa", ["aa", "a"]) == [(0, 4)]


def test_date_range_and_inspector_filters():
    from cqc_tui.core.search import parse_query

    idx = NoteIndex(
        [
            note(1, created="2026-11-28T09:00:00.000Z", author="Siân Jones"),
            note(2, created="2026-11-29T09:00:00.000Z", author="Ben Ode"),
            note(3, created="2026-11-30T09:00:00.000Z", author="Siân Jones", text="ward visit"),
        ]
    )
    ids = lambda text: [n.id for n in idx.query(NoteFilter(line=None, text=text))]  # noqa: E731
    assert ids("from:2026-11-29") == ["n3", "n2"]
    assert ids("to:2026-11-29") == ["n2", "n1"]
    assert ids("from:2026-11-29 to:2026-11-29") == ["n2"]
    assert ids("by:sian") == ["n3", "n1"]
    assert ids("by:sian ward") == ["n3"]
    assert parse_query("from:29/11/2026").problem
    assert ids("from:29/11/2026") == [
        "n3",
        "n2",
        "n1",
    ]  # an unreadable date is ignored (and said so)


def test_first_matches_with_a_limit_are_the_newest():
    idx = NoteIndex([note(i, text=f"staff {i}" if i % 2 else "other") for i in range(1, 40)])
    got = [n.id for n in idx.query(NoteFilter(line=None, text="staff"), limit=3)]
    assert got == ["n39", "n37", "n35"]
    assert [n.id for n in idx.query(NoteFilter(line=None, text="staff"))][:3] == got


def test_multi_line_note_counts_under_each_key_question():
    idx = NoteIndex(
        [
            note(1, lines=("S2", "E1"), key_question="safe"),
            note(2, lines=("E2",), key_question="effective"),
        ],
        line_key_questions={"S2": "safe", "E1": "effective", "E2": "effective"},
    )
    assert [n.id for n in idx.for_key_question("effective")] == ["n2", "n1"]
    assert [n.id for n in idx.query(NoteFilter(line=None, key_question="effective"))] == [
        "n2",
        "n1",
    ]
    assert [n.id for n in idx.query(NoteFilter(line="E1"))] == ["n1"]


def test_corpus_kept_by_appending_equals_a_fresh_one():
    idx = NoteIndex([note(i, text=f"Note {i} Siân") for i in range(1, 5)]).warm()
    for i in range(5, 9):
        idx.on_record(note(i, text=f"new Łukasiewicz {i}", place="Ward 7"))
    kept = idx.corpus()
    fresh = NoteIndex(idx.notes.values()).corpus()
    assert (kept.text, kept.starts, [n.id for n in kept.notes]) == (
        fresh.text,
        fresh.starts,
        [n.id for n in fresh.notes],
    )
    assert [n.id for n in idx.query(NoteFilter(line=None, text="lukasiewicz ward"))] == [
        "n8",
        "n7",
        "n6",
        "n5",
    ]
    assert [kept.words(i) for i in (0, 7)] == ["note 1 sian  ann", "new lukasiewicz 8 ward 7 ann"]


def test_a_note_holding_the_corpus_separator_leaves_the_others_findable():
    """A NUL inside a note (the core saves one as it is) once shifted every later note with
    accents onto the wrong note: 'resume' no longer found 'résumé'."""
    notes = [note(1, text="café\x00menu"), note(2, text="résumé"), note(3, text="naïve\x00")]
    for idx in (NoteIndex(notes), NoteIndex(notes[:1]).warm()):
        if len(idx.notes) == 1:
            for later in notes[1:]:
                idx.on_record(later)
        assert [n.id for n in idx.query(NoteFilter(text="resume"))] == ["n2"]
        assert [n.id for n in idx.query(NoteFilter(text="cafe menu"))] == ["n1"]
        assert [n.id for n in idx.query(NoteFilter(text="naive"))] == ["n3"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cqc_tui.core.search import fold  # noqa: E402
from cqc_tui.core.search.corpus import searchable_words  # noqa: E402

_TEXTS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_TEXTS, _TEXTS), min_size=1, max_size=12))
def test_the_corpus_holds_each_note_folded_on_its_own(texts):
    """The corpus folds the notes with accents in one batch; each note's words must still be
    exactly that note's words folded alone, at that note's offset."""
    notes = [
        EvidenceNote(
            text=text, place=place, author="Siân", created=f"2026-01-01T00:00:{i:02d}.000Z"
        )
        for i, (text, place) in enumerate(texts)
    ]
    corpus = NoteIndex(notes).corpus()
    assert [corpus.words(i) for i in range(len(notes))] == [
        fold(searchable_words(n)) for n in corpus.notes
    ]
