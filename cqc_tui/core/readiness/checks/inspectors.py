"""Readiness check on the team's notes: inspectors who read one line and scope unit differently.

Code: inspectors_disagree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from cqc_tui.core.model import EvidenceNote
from cqc_tui.core.readiness.check_model import ReadinessCheck
from cqc_tui.core.readiness.facts import NEGATIVE, POSITIVE, ReviewFacts
from cqc_tui.core.readiness.finding import ReadinessFinding, finding


def disagreeing_inspectors(facts: ReviewFacts) -> Iterator[ReadinessFinding]:
    """inspectors_disagree (warning): on one line and scope unit, one inspector's notes are mostly
    positive and another's mostly negative or concern."""
    groups: dict[tuple[str, str], dict[str, list[EvidenceNote]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for note in facts.notes:
        for code in note.lines:
            groups[(code, note.scope_unit)][note.author].append(note)
    for (code, unit), by_author in groups.items():
        if len(by_author) < 2:
            continue
        positive, negative = [], []
        for author, notes in sorted(by_author.items()):
            positive_count = sum(1 for note in notes if note.polarity in POSITIVE)
            negative_count = sum(1 for note in notes if note.polarity in NEGATIVE)
            if positive_count * 2 > len(notes):
                positive.append(author)
            elif negative_count * 2 > len(notes):
                negative.append(author)
        if positive and negative:
            place = f" for {facts.unit_label.get(unit, unit[:8])}" if unit else ""
            note_ids = [note.id for author in positive + negative for note in by_author[author]]
            yield finding(
                "inspectors_disagree",
                "warning",
                f"{facts.framework.line_label} {code}{place}: notes by {', '.join(author or 'unknown' for author in positive)} "
                f"are mostly positive but notes by {', '.join(author or 'unknown' for author in negative)} are mostly "
                "negative or concerns; discuss before rating.",
                line=code,
                scope_unit=unit,
                authors=positive + negative,
                note_ids=note_ids,
            )


CHECKS = (ReadinessCheck(disagreeing_inspectors),)
