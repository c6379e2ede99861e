"""The revision graph: heads, the shown version and conflicts are a function of the set of
revisions, whatever order they arrive in; the change log keeps every save of a team review."""

from __future__ import annotations

import dataclasses
import itertools
import json

import pytest

from cqc_tui.core.model import EvidenceNote
from cqc_tui.core.team.changelog import ChangeLog
from cqc_tui.core.team.identity import choose_member, chosen_member, device_id, find_member
from cqc_tui.core.team.layout import log_path
from cqc_tui.core.team.merge import load, reconcile, start_team
from cqc_tui.core.team.revisions import Graph, make_revision, record_revision_id, revision_from_json


def _chain():
    base = EvidenceNote(text="Call bells answered late", key_question="safe", author="Ann")
    a = base.revise(author="Ann", text="Call bells answered late on ward 3")
    b = base.revise(author="Ben", polarity="negative")
    r0 = make_revision(base, [], "deva")
    ra = make_revision(a, [r0.id], "deva")
    rb = make_revision(b, [r0.id], "devb")
    return r0, ra, rb


def test_one_head_is_the_value_and_two_heads_are_a_conflict():
    r0, ra, rb = _chain()
    assert Graph([r0, ra]).heads(r0.key) == [ra]
    assert Graph([r0, ra]).conflict_heads(r0.key) == []
    graph = Graph([r0, ra, rb])
    assert {h.id for h in graph.conflict_heads(r0.key)} == {ra.id, rb.id}
    assert graph.shown(r0.key) == max((ra, rb), key=lambda r: r.order())


def test_any_order_and_duplicates_give_the_same_state():
    revisions = list(_chain())
    resolved = dataclasses.replace(revisions[1].record, rev=3, text="combined", updated_by="Lead")
    revisions.append(make_revision(resolved, [revisions[1].id, revisions[2].id], "devl"))
    states = set()
    for order in itertools.permutations(revisions + revisions[:2]):
        graph = Graph(order)
        key = revisions[0].key
        states.add((graph.shown(key).id, tuple(h.id for h in graph.heads(key)), len(graph)))
    assert len(states) == 1
    shown_id, heads, count = states.pop()
    assert shown_id == revisions[-1].id and heads == (revisions[-1].id,) and count == 4


def test_same_content_on_two_heads_is_not_a_conflict():
    base = EvidenceNote(text="x", key_question="safe")
    one = make_revision(base, [], "deva")
    two = make_revision(dataclasses.replace(base, updated="2030-01-01T00:00:00.000Z"), [], "devb")
    assert len(Graph([one, two]).heads(one.key)) == 2
    assert Graph([one, two]).conflict_heads(one.key) == []


def test_a_revision_that_was_changed_on_the_way_is_refused():
    r0, _, _ = _chain()
    data = r0.to_json()
    assert revision_from_json(json.loads(json.dumps(data))) == r0
    data["r"]["text"] = "something else"
    with pytest.raises(ValueError, match="not the hash"):
        revision_from_json(data)
    data = r0.to_json()
    data["t"] = "drafts"
    with pytest.raises(ValueError, match="not exchanged"):
        revision_from_json(data)


def test_revision_id_is_the_same_for_text_with_surrogates_either_way():
    paired = EvidenceNote(
        id="n1", text="\ud83d\ude00", key_question="safe", created="2020-01-01T00:00:00.000Z"
    )
    joined = dataclasses.replace(paired, text="\U0001f600")
    assert record_revision_id(paired) == record_revision_id(joined)


def test_device_id_is_made_once(tmp_path):
    first = device_id(tmp_path)
    assert first == device_id(tmp_path)
    assert json.loads((tmp_path / "device.json").read_text())["device"] == first


def test_choosing_a_member_names_the_author_of_later_saves(session):
    with pytest.raises(Exception, match="not one member"):
        choose_member(session, "Nobody")
    member = choose_member(session, "ann")
    assert member.name == "Ann Ford" and session.user == "Ann Ford"
    new = choose_member(session, "Zoe Quinn", add=True, role="Inspector")
    assert find_member(session, "ZQ") == new
    assert chosen_member(session) == new
    note = session.add_note(text="seen", lines=("T1",))
    assert note.author == "Zoe Quinn"


def test_a_team_review_logs_every_save_with_its_base(session):
    start_team(session)
    note = session.add_note(text="first", lines=("T1",))
    edited = session.update("notes", note.id, text="second")
    session.delete("notes", note.id)
    device = device_id(session.workspace.home)
    revisions = ChangeLog(session.store.folder, device).read()
    assert [r.record.text for r in revisions] == ["first", "second", "second"]
    assert revisions[0].bases == ()
    assert revisions[1].bases == (record_revision_id(note),)
    assert revisions[2].bases == (record_revision_id(edited),) and revisions[2].record.deleted
    assert all(r.device == device for r in revisions)


def test_a_save_whose_log_line_was_lost_is_logged_at_the_next_exchange(session, workspace):
    start_team(session)
    view = load(session)
    assert reconcile(view) >= 3  # the review, its member and scope units: from before team work
    note = session.add_note(text="kept", lines=("T1",))
    review_id = session.review.id
    session.close()
    path = log_path(workspace.folder(review_id), device_id(workspace.home))
    data = path.read_bytes()
    path.write_bytes(
        data[: data.rstrip(b"\n").rfind(b"\n") + 1] + b'{"id": "torn'
    )  # killed: last line lost
    with workspace.open_id(review_id) as session:
        view = load(session)
        assert not view.graph.knows(("notes", note.id), record_revision_id(note))
        assert reconcile(view) == 1
        assert load(session).graph.shown(("notes", note.id)).record == note
        session.update("notes", note.id, text="after")  # appending first cuts the torn line away
    assert all(line.startswith(b"{") for line in path.read_bytes().splitlines())
    with workspace.open_id(review_id) as session:
        assert [getattr(r.record, "text", r.table) for r in load(session).log_revisions][-2:] == [
            "kept",
            "after",
        ]
