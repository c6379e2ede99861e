"""Saving an edit begun from an earlier version of a record (core.edits.save_edit): a version a
sync brought in while the editor was open is kept beside the edit as a conflict, never silently
replaced; with no other version, or outside a team review, it is an ordinary update."""

from __future__ import annotations

import pytest

from cqc_tui.core.edits import save_edit
from cqc_tui.core.errors import ValidationError
from cqc_tui.core.model import FINDING, EvidenceNote, Finding
from cqc_tui.core.team.conflicts import conflicts
from cqc_tui.core.team.merge import start_team


def _line(session) -> str:
    return session.framework.key_questions[0].lines[0].code


def _note(session):
    return session.add_note(lines=[_line(session)], text="Call bells answered quickly.")


def test_an_edit_of_the_version_still_held_is_an_update(session):
    start_team(session)
    started = _note(session)
    saved, beside = save_edit(session, started, text="Call bells answered within a minute.")
    assert not beside and saved.rev == started.rev + 1
    assert conflicts(session) == []


def test_a_version_received_while_editing_is_kept_beside_the_edit(session):
    start_team(session)
    started = _note(session)
    me = session.user
    session.user = "Ben Cole"  # a teammate's edit, as a sync saves it
    session.update("notes", started.id, text="Ben: bells took four minutes on nights.")
    session.user = me
    _saved, beside = save_edit(session, started, text="Ann: bells answered within a minute.")
    assert beside
    [conflict] = conflicts(session)
    assert conflict.record_id == started.id
    texts = {version.fields["text"] for version in conflict.versions}
    assert texts == {
        "Ben: bells took four minutes on nights.",
        "Ann: bells answered within a minute.",
    }


def test_outside_a_team_review_the_edit_is_an_update(session):
    started = _note(session)
    session.update("notes", started.id, text="Changed in another dialog.")
    _saved, beside = save_edit(session, started, text="And again.")
    assert not beside and session.store.get("notes", started.id).text == "And again."


def test_a_finding_edited_on_two_laptops_is_a_conflict_too(session):
    start_team(session)
    safe = session.framework.key_questions[0].code
    started = session.add(Finding, kind=FINDING, key_question=safe, heading="Staffing")
    me = session.user
    session.user = "Ben Cole"
    session.update("findings", started.id, text="Nights ran short.")
    session.user = me
    _saved, beside = save_edit(session, started, text="Days were fully staffed.")
    assert beside and [c.record_id for c in conflicts(session)] == [started.id]


def test_a_record_no_longer_there_is_refused(session):
    stranger = EvidenceNote(text="never saved", lines=(_line(session),))
    with pytest.raises(ValidationError):
        save_edit(session, stranger, text="x")


def test_a_cell_rated_again_after_its_rating_was_deleted_keeps_its_one_record(session):
    """The team's rating of a cell has one id on every laptop (core.record_ids): rated again after
    the rating was deleted, the same record comes back with the new rating."""
    unit = session.scope_units()[0].id if session.scope_units() else ""
    safe = session.framework.key_questions[0].code
    first = session.set_rating(unit, safe, "good", rationale="Staffing met plan.")
    session.delete("ratings", first.id)
    again = session.set_rating(unit, safe, "inadequate", rationale="Nights ran short.")
    assert again.id == first.id and not again.deleted and again.rating == "inadequate"
    assert [r.id for r in session.team_ratings() if r.key_question == safe] == [first.id]


def test_a_teammates_rating_arriving_while_the_rating_dialog_is_open_is_kept_beside(session):
    """The rating dialog saves with what the cell held when it opened: a teammate's rating that a
    sync brought in meanwhile (first rating, or a revision) is kept beside it as a conflict."""
    start_team(session)
    unit = session.scope_units()[0].id if session.scope_units() else ""
    safe = session.framework.key_questions[0].code
    me = session.user

    def teammate_rates(value: str) -> None:
        session.user = "Ben Cole"
        session.set_rating(unit, safe, value, rationale=f"Ben: {value}")
        session.user = me

    # the cell was unrated when the dialog opened
    teammate_rates("good")
    rating, beside = session.rate(unit, safe, "inadequate", rationale="Ann", started=None)
    assert beside and [c.record_id for c in conflicts(session)] == [rating.id]
    # opened on the rating it still holds: an ordinary revision
    current = session.team_rating(unit, safe)
    _again, beside = session.rate(unit, safe, "requires_improvement", started=current)
    assert not beside
