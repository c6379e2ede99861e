"""A change set's JSON read and written in steps (while the app syncs in a worker) gives exactly
what json gives: the same bytes, the same value, the same refusals."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_tui.core.cooperative import heavy_work_running, responsive_workers
from cqc_tui.core.team import wire

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=5,
)


@pytest.fixture(autouse=True)
def stepped(monkeypatch):
    monkeypatch.setattr(wire, "STEPPED_ABOVE", 0)  # small examples go the stepped way too
    monkeypatch.setattr(wire, "STEPPED_ITEMS", 0)
    with responsive_workers():
        assert heavy_work_running()
        yield


@settings(max_examples=120, deadline=None)
@given(st.dictionaries(st.text(), JSON), st.lists(JSON, max_size=6), st.text())
def test_stepped_json_is_exactly_json(head, items, key):
    body = {**head, key: 1, "revisions": items}
    compact = json.dumps(body, ensure_ascii=True, separators=(",", ":"))
    assert wire.dump_object(body, "revisions") == compact.encode("ascii")
    assert wire.load_object(compact.encode(), "revisions") == json.loads(compact)
    spaced = json.dumps(body, indent=2)
    assert wire.load_object(spaced.encode(), "revisions") == json.loads(spaced)


@pytest.mark.parametrize(
    "bad",
    [
        b"",
        b"{",
        b'{"a":1',
        b'{"a":1}x',
        b'{"a":1,}',
        b"{a:1}",
        b'{"revisions":[1,2}',
        b'{"revisions":[1 2]}',
        b'{"revisions":[1,]}',
        b'{"revisions":[1,2]',
        b'{"a" 1}',
        b"\xff\xfe",
    ],
)
def test_stepped_json_refuses_what_json_refuses(bad):
    with pytest.raises(ValueError):
        json.loads(bad)
    with pytest.raises(ValueError):
        wire.load_object(bad, "revisions")


def test_a_change_set_read_in_steps_is_the_same_change_set():
    from cqc_tui.core.model import EvidenceNote
    from cqc_tui.core.team.changelog import build_set, parse_set
    from cqc_tui.core.team.revisions import make_revision

    notes = [EvidenceNote(author="Ann Ford", lines=("S1",), text=f"note {i}") for i in range(100)]
    change_set = build_set(
        "review-1", "device01", 1, [make_revision(n, [], "device01") for n in notes]
    )
    again = parse_set(change_set.data, "review-1", change_set.digest)
    assert again.revisions == change_set.revisions and again.digest == change_set.digest


def test_heavy_work_pauses_for_the_screen_only_inside_the_block(monkeypatch):
    import threading

    from cqc_tui.core import cooperative

    slept: list[float] = []
    monkeypatch.setattr(cooperative.time, "sleep", slept.append)
    monkeypatch.setattr(cooperative, "WORK_SECONDS", 0.0)
    cooperative.breathe()
    assert slept == [cooperative.PAUSE_SECONDS]  # this test runs inside responsive_workers()

    def elsewhere() -> None:  # another thread, not in a block: never pauses
        cooperative.breathe()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert slept == [cooperative.PAUSE_SECONDS]
