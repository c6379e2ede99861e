"""CoverageCounter: the first count over a whole review and the note-by-note updates agree."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_tui.core.coverage import CoverageCounter
from cqc_tui.core.model import EvidenceNote

notes = st.builds(
    lambda i, lines, unit, source, polarity, deleted: EvidenceNote(
        id=f"n{i}",
        created="2018-01-22T09:00:00.000Z",
        author="ann",
        key_question="safe",
        lines=lines,
        scope_unit=unit,
        text="t",
        source=source,
        polarity=polarity,
        deleted=deleted,
    ),
    st.integers(0, 12),
    st.lists(st.sampled_from(["S1", "S2", "E1"]), max_size=3, unique=True).map(tuple),
    st.sampled_from(["", "u1", "u2"]),
    st.sampled_from(["observation", "staff", "document"]),
    st.sampled_from(["neutral", "positive", "negative", "concern"]),
    st.booleans(),
)


def expected(history: list[EvidenceNote]) -> dict:
    """Counted the slow, obvious way from the last version of each note."""
    last = {n.id: n for n in history}
    out: dict = {}
    for n in last.values():
        if n.deleted:
            continue
        for code in n.lines:
            for key in ((code, n.scope_unit), (code, "*")):
                count, sources, concerns = out.get(key, (0, set(), 0))
                out[key] = (
                    count + 1,
                    sources | {n.source},
                    concerns + (n.polarity in ("negative", "concern")),
                )
    return {k: (c, frozenset(s), x) for k, (c, s, x) in out.items()}


@settings(max_examples=200, deadline=None)
@given(st.lists(notes, max_size=30))
def test_first_count_and_updates_agree_with_a_recount(history):
    whole = CoverageCounter(history)  # as a review opens (later versions of a note replace earlier)
    stepwise = CoverageCounter()
    for n in history:  # as saves arrive through the store listener
        stepwise.put(n)
    want = expected(history)
    for counter in (whole, stepwise):
        assert {k: counter.get(*k) for k in counter.slots} == want
