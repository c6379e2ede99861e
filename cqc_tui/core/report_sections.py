"""The team's prose for the report, one record per section, and where the team is with each piece
of it: empty, draft or agreed, and who last edited it and when.

Each section's text lives in its own `SectionState` record, whose id comes from the review and the
key (`section_state_id`), so it is the same record on every laptop and merges like every other
record: two inspectors writing different sections on two laptops, or one writing a section while
another edits the review's details, merge with no conflict; the same section changed on two
laptops from the same version is a conflict with both texts kept (docs/team.md, "Conflicts").

Where a section's text is (`section_text`, the one function every reader goes through): the
section's record once it holds the text (`holds_text`); until then `Review.sections[key]`, where a
review file (YAML import, the samples) and reviews, bundles and change sets from before sections
had their own records keep it. Nothing is rewritten to move it: any save of the section in the app
(its text, or agreeing it) takes the text into the record from then on, and the review record is
never written for a section, so the text in `Review.sections` is only ever read as the starting
point. A YAML dump writes every section's text back in `review.sections` (core.exchange.dump),
the form every version of cqc-tui imports, so a round trip neither loses nor doubles a text.

Every change goes through here so the state is always true to the text: saving a section's text
makes it a draft again (edited by the member the session acts as, now); agreeing marks the text as
it stands agreed; taking it back makes it a draft. Text and state are one record, saved in one
save by the store (durable before this returns), so they can never disagree after a crash."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cqc_tui.core.errors import ValidationError
from cqc_tui.core.model import Record, Review, SectionState, now_iso
from cqc_tui.core.team.revisions import record_revision_id

if TYPE_CHECKING:
    from cqc_tui.core.session import ReviewSession

EMPTY = "empty"
DRAFT = "draft"
AGREED = "agreed"
SECTION_STATES = (EMPTY, DRAFT, AGREED)
_STATE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://cqc-tui.invalid/section-states")


def section_state_id(review_id: str, key: str) -> str:
    """The id of the record of section `key` in review `review_id` (the same on every laptop)."""
    return str(uuid.uuid5(_STATE_NAMESPACE, f"{review_id}/{key}"))


def _file_text(review: Review, key: str) -> str:
    """review.sections[key] as text ('' when absent; numbers and lists from YAML made text)."""
    value = (review.sections or {}).get(key) if isinstance(review.sections, dict) else None
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(f"- {item}" for item in value)
    return str(value)


def section_text(review: Review, states: Mapping[str, SectionState], key: str) -> str:
    """The text of section `key` ('' when none): the text of its record in `states` (the review's
    SectionState records by key, `section_states`) once that record holds it, even when the team
    emptied it; otherwise the review's `sections[key]` (text imported from a file, or saved before
    sections had records of their own). Every reader of a section's text goes through here."""
    record = states.get(key)
    if record is not None and record.holds_text:
        return record.text
    return _file_text(review, key)


def section_texts(review: Review, states: Mapping[str, SectionState]) -> dict[str, str]:
    """Every section that has text, key -> text (`section_text` of each): the review's keys in
    their order, then the keys only a record holds, in key order."""
    keys = list((review.sections or {}) if isinstance(review.sections, dict) else {})
    keys += sorted(key for key in states if key not in keys)
    texts = {key: section_text(review, states, key) for key in keys}
    return {key: text for key, text in texts.items() if text.strip()}


@dataclass(frozen=True)
class SectionStatus:
    """One section's state as the outline, the final gate and `status` show it."""

    key: str
    state: str  # EMPTY, DRAFT or AGREED
    edited_by: str = ""  # '' when nobody has edited it in the app (text imported from a file)
    edited: str = ""
    agreed_by: str = ""
    agreed_at: str = ""
    # this save stands beside a teammate's version received while it was written (a conflict)
    conflict: bool = False

    @property
    def agreed(self) -> bool:
        """The team agreed the text as it stands."""
        return self.state == AGREED


def section_status(review: Review, states: Mapping[str, SectionState], key: str) -> SectionStatus:
    """The state of section `key`: empty when it has no text (whatever was agreed before), agreed
    when its state record says so, else draft (text imported or typed and not agreed yet)."""
    record = states.get(key)
    edited_by = record.edited_by if record is not None else ""
    edited = record.edited if record is not None else ""
    if not section_text(review, states, key).strip():
        return SectionStatus(key, EMPTY, edited_by, edited)
    if record is not None and record.agreed:
        return SectionStatus(key, AGREED, edited_by, edited, record.agreed_by, record.agreed_at)
    return SectionStatus(key, DRAFT, edited_by, edited)


def states_by_key(records: Iterable[Record]) -> dict[str, SectionState]:
    """The live (not deleted) section records among `records`, by key."""
    out: dict[str, SectionState] = {}
    for record in records:
        if isinstance(record, SectionState) and record.key and not record.deleted:
            out[record.key] = record
    return out


def section_states(session: ReviewSession) -> dict[str, SectionState]:
    """The live records of the review's sections, by key."""
    return states_by_key(session.records("section_states"))


def file_sections(review: Review, states: Mapping[str, SectionState]) -> dict[str, str]:
    """The review's `sections` as a review file writes them: every section's text as `section_text`
    reads it (so a section saved in the app is written with its text of now, and an emptied one is
    left out), the review's keys in their order and then the others; every other key of
    `review.sections` as it stands. Read back, with the section records written without their
    text, it gives every section the same text."""
    out: dict[str, str] = {}
    stored = review.sections if isinstance(review.sections, dict) else {}
    for key, value in stored.items():
        record = states.get(key)
        if record is None or not record.holds_text:
            out[key] = value
        elif record.text.strip():
            out[key] = record.text
    for key in sorted(states):
        record = states[key]
        if key not in stored and record.holds_text and record.text.strip():
            out[key] = record.text
    return out


def _save_state(
    session: ReviewSession, key: str, edited_from: EditStart | None = None, **changes: Any
) -> tuple[SectionState, bool]:
    """Save `changes` to the record of section `key` (created when there is none yet) in one save.
    A record that does not hold the text yet takes it from `Review.sections` unless `changes` sets
    it, so from this save on the record is where the section's text is. With `edited_from`, an
    edit begun from another version than the one now saved (a sync brought a teammate's version
    in meanwhile) is saved beside it as a conflict, based on the version it was begun from.
    Returns the record saved and whether it is such a conflict."""
    state_id = section_state_id(session.review.id, key)
    with session.store.reading():
        current = session.store.get("section_states", state_id)
        holds_text = isinstance(current, SectionState) and current.holds_text
        if "text" not in changes and not holds_text:
            changes["text"] = _file_text(session.review, key)
        changes["holds_text"] = True
        record = (
            SectionState(id=state_id, key=key, author=session.user, **changes)
            if current is None
            else current.revise(author=session.user, deleted=False, **changes)
        )
        bases = None
        if (
            edited_from is not None
            and session.team_log is not None
            and not _same_version(current, edited_from.record)
        ):
            start = edited_from.record
            bases = [record_revision_id(start)] if start is not None else []
        saved = session.save(record, bases)
    assert isinstance(saved, SectionState)  # the section_states table holds section states
    return saved, bases is not None


def _same_version(current: Record | None, start: SectionState | None) -> bool:
    if current is None or start is None:
        return current is start
    return current is start or record_revision_id(current) == record_revision_id(start)


@dataclass(frozen=True)
class EditStart:
    """Section `key` as an editor opened it: its record (None when it had none) and its text."""

    key: str
    record: SectionState | None
    text: str


def edit_start(session: ReviewSession, key: str) -> EditStart:
    """What section `key` is now, for an editor about to show it: pass it back to
    `save_section_text` so a teammate's version that arrives while the text is being written is
    kept beside it as a conflict, never silently replaced."""
    with session.reading():
        states = section_states(session)
        return EditStart(key, states.get(key), section_text(session.review, states, key))


def save_section_text(
    session: ReviewSession, key: str, text: str, edited_from: EditStart | None = None
) -> SectionStatus:
    """Save the text of section `key` (an empty text empties it) as the member the session acts as,
    in the section's own record (never the review's): the section becomes a draft, edited by them
    now. With `edited_from` (`edit_start` as the editor opened), a version of the section received
    since is kept beside this one as a conflict (the status says so). Returns its new state."""
    if not key:
        raise ValidationError("a report section needs a key")
    text = text.strip("\n")
    state, conflict = _save_state(
        session,
        key,
        edited_from,
        text=text if text.strip() else "",
        agreed=False,
        agreed_by="",
        agreed_at="",
        edited_by=session.user,
        edited=now_iso(),
    )
    return dataclasses.replace(section_status(session.review, {key: state}, key), conflict=conflict)


def set_agreed(session: ReviewSession, key: str, agreed: bool) -> SectionStatus:
    """Mark section `key` agreed by the team (as the member the session acts as, now), or take it
    back to draft. ValidationError when asked to agree a section with no text."""
    review = session.review
    states = section_states(session)
    if agreed and not section_text(review, states, key).strip():
        raise ValidationError("an empty section cannot be agreed: write it first")
    current = states.get(key)
    if agreed:
        state, _ = _save_state(
            session, key, agreed=True, agreed_by=session.user, agreed_at=now_iso()
        )
    elif current is not None and current.agreed:
        state, _ = _save_state(session, key, agreed=False, agreed_by="", agreed_at="")
    else:
        return section_status(review, states, key)  # already a draft
    return section_status(session.review, {key: state}, key)
