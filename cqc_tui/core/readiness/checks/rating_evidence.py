"""Readiness checks on the evidence a rating rests on (rated review types only): ratings the team
judged from evidence (key question x scope unit, and provider-level key questions that are not
aggregated; aggregated levels rest on the ratings below them).

Codes: rating_no_notes, single_source, single_inspector, rating_at_odds (Good or better resting
mostly on negative or concern notes, or the lowest rating resting mostly on positive notes)."""

from __future__ import annotations

from collections.abc import Iterator

from cqc_tui.core.model import OVERALL, SOURCE_TYPES, THIS_REVIEW
from cqc_tui.core.ratings import LEVEL_PROVIDER_KQ, LEVEL_UNIT_KQ
from cqc_tui.core.readiness.check_model import ReadinessCheck
from cqc_tui.core.readiness.checks.ratings import JUDGEMENT_RULES
from cqc_tui.core.readiness.facts import NEGATIVE, POSITIVE, ReviewFacts
from cqc_tui.core.readiness.finding import ReadinessFinding, finding


def weak_rating_evidence(facts: ReviewFacts) -> Iterator[ReadinessFinding]:
    """rating_no_notes, single_source, single_inspector and rating_at_odds (warnings;
    single_inspector is info for a team of one) for each rating the team judged from evidence."""
    team_size = len({member.name for member in facts.members}) if facts.members else 0  # type: ignore[attr-defined]
    good_rank = (
        facts.scale.rank(facts.scale.codes[1])
        if facts.scale and len(facts.scale.codes) > 1
        else None
    )
    lowest = facts.scale.lowest() if facts.scale else None
    # ratings that rest on evidence directly, not on the ratings below them
    judged = {
        i.agreed.id
        for i in facts.result.items
        if i.agreed is not None
        and (
            i.level == LEVEL_UNIT_KQ
            or (i.level == LEVEL_PROVIDER_KQ and i.rule_id in JUDGEMENT_RULES)
        )
    }
    for agreed_rating in facts.ratings:
        if (
            agreed_rating.source != THIS_REVIEW
            or agreed_rating.key_question == OVERALL
            or agreed_rating.id not in judged
        ):
            continue
        if facts.scale is None or facts.scale.rank(agreed_rating.rating) is None:
            continue
        where = facts.where(
            agreed_rating.scope_unit, agreed_rating.key_question, agreed_rating.location
        )
        where_capitalised = where[0].upper() + where[1:]
        rating = facts.label(agreed_rating.rating)
        notes = [facts.note_by_id[i] for i in agreed_rating.note_ids if i in facts.note_by_id]
        if not notes:
            yield finding(
                "rating_no_notes",
                "warning",
                f"{where_capitalised} is rated {rating} but the rating links to no evidence notes.",
                rating_id=agreed_rating.id,
                scope_unit=agreed_rating.scope_unit,
                key_question=agreed_rating.key_question,
            )
            continue
        note_ids = [note.id for note in notes]
        sources = {note.source for note in notes}
        if len(sources) == 1:
            source = SOURCE_TYPES.get(next(iter(sources)), next(iter(sources))).lower()
            yield finding(
                "single_source",
                "warning",
                f"{where_capitalised} ({rating}) rests only on {source} ({len(notes)} note(s)); "
                "corroborate it with another kind of evidence.",
                rating_id=agreed_rating.id,
                scope_unit=agreed_rating.scope_unit,
                key_question=agreed_rating.key_question,
                note_ids=note_ids,
            )
        authors = {note.author for note in notes}
        if len(authors) == 1:
            who = next(iter(authors)) or "one inspector"
            yield finding(
                "single_inspector",
                "info" if team_size <= 1 else "warning",
                f"{where_capitalised} ({rating}) rests only on notes by {who}.",
                rating_id=agreed_rating.id,
                scope_unit=agreed_rating.scope_unit,
                key_question=agreed_rating.key_question,
                note_ids=note_ids,
            )
        negative_count = sum(1 for note in notes if note.polarity in NEGATIVE)
        positive_count = sum(1 for note in notes if note.polarity in POSITIVE)
        rank = facts.scale.rank(agreed_rating.rating)
        if (
            good_rank is not None
            and rank is not None
            and rank >= good_rank
            and negative_count * 2 > len(notes)
        ):
            yield finding(
                "rating_at_odds",
                "warning",
                f"{where_capitalised} is rated {rating} but {negative_count} of its {len(notes)} linked notes are negative or "
                "concerns.",
                rating_id=agreed_rating.id,
                scope_unit=agreed_rating.scope_unit,
                key_question=agreed_rating.key_question,
                note_ids=note_ids,
            )
        elif agreed_rating.rating == lowest and positive_count * 2 > len(notes):
            yield finding(
                "rating_at_odds",
                "warning",
                f"{where_capitalised} is rated {rating} but {positive_count} of its {len(notes)} linked notes are positive.",
                rating_id=agreed_rating.id,
                scope_unit=agreed_rating.scope_unit,
                key_question=agreed_rating.key_question,
                note_ids=note_ids,
            )


CHECKS = (ReadinessCheck(weak_rating_evidence, rated_only=True),)
