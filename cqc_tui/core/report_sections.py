"""The team's prose for the report (`Review.sections`) and where the team is with each piece of it:
empty, draft or agreed, and who last edited it and when (a `SectionState` record per key).

Every change goes through here so the state is always true to the text: saving a section's text
makes it a draft again (edited by the member the session acts as, now); agreeing marks the text as
it stands agreed; taking it back makes it a draft. The state is saved before the text, so a crash
between the two leaves an agreed section marked draft, never unagreed text marked agreed.

A SectionState's id comes from the review and the key, so the state of one section made on two
laptops is one record, merged like every other record: two changes made from the same version
(one agrees while another edits) are both kept as a conflict, never silently dropped."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cqc_tui.core.errors import ValidationError
from cqc_tui.core.model import Review, SectionState, now_iso

if TYPE_CHECKING:
    from cqc_tui.core.session import ReviewSession

EMPTY = "empty"
DRAFT = "draft"
AGREED = "agreed"
SECTION_STATES = (EMPTY, DRAFT, AGREED)
_STATE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://cqc-tui.invalid/section-states")


def section_state_id(review_id: str, key: str) -> str:
    """The id of the state of section `key` in review `review_id` (the same on every laptop)."""
    return str(uuid.uuid5(_STATE_NAMESPACE, f"{review_id}/{key}"))


def stored_text(review: Review, key: str) -> str:
    """review.sections[key] as text ('' when absent; numbers and lists from YAML made text)."""
    value = (review.sections or {}).get(key) if isinstance(review.sections, dict) else None
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(f"- {item}" for item in value)
    return str(value)


@dataclass(frozen=True)
class SectionStatus:
    """One section's state as the outline, the final gate and `status` show it."""

    key: str
    state: str  # EMPTY, DRAFT or AGREED
    edited_by: str = ""  # '' when nobody has edited it in the app (text imported from a file)
    edited: str = ""
    agreed_by: str = ""
    agreed_at: str = ""

    @property
    def agreed(self) -> bool:
        """The team agreed the text as it stands."""
        return self.state == AGREED


def section_status(review: Review, states: dict[str, SectionState], key: str) -> SectionStatus:
    """The state of section `key`: empty when it has no text (whatever was agreed before), agreed
    when its state record says so, else draft (text imported or typed and not agreed yet)."""
    record = states.get(key)
    edited_by = record.edited_by if record is not None else ""
    edited = record.edited if record is not None else ""
    if not stored_text(review, key).strip():
        return SectionStatus(key, EMPTY, edited_by, edited)
    if record is not None and record.agreed:
        return SectionStatus(key, AGREED, edited_by, edited, record.agreed_by, record.agreed_at)
    return SectionStatus(key, DRAFT, edited_by, edited)


def section_states(session: ReviewSession) -> dict[str, SectionState]:
    """The live state records of the review's sections, by key."""
    out: dict[str, SectionState] = {}
    for record in session.records("section_states"):
        if isinstance(record, SectionState) and record.key:
            out[record.key] = record
    return out


def _save_state(session: ReviewSession, key: str, **changes: object) -> SectionState:
    state_id = section_state_id(session.review.id, key)
    current = session.store.get("section_states", state_id)
    if current is None:
        saved = session.add(SectionState, id=state_id, key=key, **changes)
    else:
        saved = session.update("section_states", state_id, deleted=False, **changes)
    assert isinstance(saved, SectionState)  # the section_states table holds section states
    return saved


def save_section_text(session: ReviewSession, key: str, text: str) -> SectionStatus:
    """Save the text of section `key` (an empty text removes it) as the member the session acts as:
    the section becomes a draft, edited by them now. Returns its new state."""
    if not key:
        raise ValidationError("a report section needs a key")
    text = text.strip("\n")
    state = _save_state(
        session,
        key,
        agreed=False,
        agreed_by="",
        agreed_at="",
        edited_by=session.user,
        edited=now_iso(),
    )
    review = session.review
    sections = {
        section_key: section_text
        for section_key, section_text in (review.sections or {}).items()
        if section_key != key
    }
    if text.strip():
        sections[key] = text
    saved = session.update("review", review.id, sections=sections)
    assert isinstance(saved, Review)
    return section_status(saved, {key: state}, key)


def set_agreed(session: ReviewSession, key: str, agreed: bool) -> SectionStatus:
    """Mark section `key` agreed by the team (as the member the session acts as, now), or take it
    back to draft. ValidationError when asked to agree a section with no text."""
    review = session.review
    if agreed and not stored_text(review, key).strip():
        raise ValidationError("an empty section cannot be agreed: write it first")
    current = section_states(session).get(key)
    if agreed:
        state = _save_state(session, key, agreed=True, agreed_by=session.user, agreed_at=now_iso())
    elif current is not None and current.agreed:
        state = _save_state(session, key, agreed=False, agreed_by="", agreed_at="")
    else:
        return section_status(review, section_states(session), key)  # already a draft
    return section_status(session.review, {key: state}, key)
