"""Readiness check on coverage: every line has evidence notes.

Code: no_evidence (per scope unit for unit-level key questions, per review for review-level ones;
skipped for scope units or key questions not inspected this time)."""

from __future__ import annotations

from collections.abc import Iterator

from cqc_tui.core.readiness.check_model import ReadinessCheck
from cqc_tui.core.readiness.facts import ReviewFacts
from cqc_tui.core.readiness.finding import ReadinessFinding, finding


def lines_without_evidence(facts: ReviewFacts) -> Iterator[ReadinessFinding]:
    """no_evidence (warning): a line with no evidence notes, per inspected scope unit (or per review
    for review-level key questions and reviews without scope units)."""
    covered_unit: set[tuple[str, str]] = set()
    covered_any: set[str] = set()
    for note in facts.notes:
        for code in note.lines:
            covered_unit.add((code, note.scope_unit))
            covered_any.add(code)
    label = facts.framework.line_label
    for key_question in facts.framework.key_questions:
        per_review = key_question.level == "review" or not facts.units
        if per_review:
            for line in key_question.lines:
                if line.code not in covered_any:
                    yield finding(
                        "no_evidence",
                        "warning",
                        f"{label} {line.code} ({line.title}) has no evidence notes yet.",
                        line=line.code,
                        key_question=key_question.code,
                    )
            continue
        for unit in facts.units:
            if not unit.inspected or facts.carried_only(unit.id, key_question.code):
                continue
            for line in key_question.lines:
                if (line.code, unit.id) not in covered_unit:
                    yield finding(
                        "no_evidence",
                        "warning",
                        f"{label} {line.code} ({line.title}) has no evidence notes for {unit.label}.",
                        line=line.code,
                        key_question=key_question.code,
                        scope_unit=unit.id,
                    )


CHECKS = (ReadinessCheck(lines_without_evidence),)
