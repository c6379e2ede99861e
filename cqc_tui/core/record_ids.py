"""Ids that are the same on every laptop for records that stand for one thing in the review (the
team's rating of one cell), so the same thing recorded on two laptops is one record: merged like
any other, a conflict when both change it, never two records one of which goes unseen.

(A report section's state record has such an id too: core.report_sections.section_state_id.)"""

from __future__ import annotations

import uuid

_RATING_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://cqc-tui.invalid/team-ratings")


def team_rating_id(review_id: str, scope_unit: str, location: str, key_question: str) -> str:
    """The id of the team's own rating of scope unit x location x key question in a review."""
    return str(uuid.uuid5(_RATING_NAMESPACE, f"{review_id}/{scope_unit}/{location}/{key_question}"))
