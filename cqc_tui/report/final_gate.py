"""The final gate: a report goes out as FINAL only when everything it would print is agreed and
written. The rules live here, for the command line and the app alike.

A final export refuses, listing one reason a line, while
- a rating it would print is only proposed by the aggregation rules, not agreed by the team;
- a narrative section of the review type's report (background, method, context, summary ...) has
  no text, or text the team has not agreed (core.report_sections), or a key question the review
  looked at in a scope unit has no finding written, or a finding it prints is not agreed
  (core.finding_agreement);
- the readiness checks report an error (personal data is left to its own gate).
A draft export prints the same places marked as draft instead (the section writers do that).
"""

from __future__ import annotations

from collections import Counter

from cqc_tui.core import readiness
from cqc_tui.core.errors import CqcError
from cqc_tui.core.finding_agreement import finding_place, unagreed
from cqc_tui.core.model import EARLIER_FINDING, FINDING, FINDING_KINDS
from cqc_tui.core.report_sections import DRAFT, section_states, section_status, section_text
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.report.citations import missing_citations
from cqc_tui.report.content import (
    narrative_keys,
    narrative_written,
    pretty_key,
    report_plan,
    unit_slots,
)
from cqc_tui.report.ratings_view import GridView, assessed_only, ratings_grid

FINAL_STATUSES = ("final", "archived")
# Readiness codes a final export does not refuse on: personal data has a gate of its own.
NOT_GATED = frozenset({"personal_data"})


class NotFinal(CqcError):
    """A final export was refused; `reasons` lists what stands in the way, one line each."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        lines = "\n".join(f"  - {reason}" for reason in self.reasons)
        super().__init__(
            f"the report cannot be exported as final ({len(self.reasons)} "
            f"reason{'s' if len(self.reasons) != 1 else ''}; export a draft to see them marked):\n"
            f"{lines}"
        )


def wants_final(review_status: str, draft: bool, final: bool) -> bool:
    """Whether an export is final: asked for (--final), else not asked to be a draft and the review's
    status is final or archived."""
    if final:
        return True
    return not draft and review_status in FINAL_STATUSES


def rated(session) -> bool:
    """The review prints ratings: its framework and review type are rated and there is a scale."""
    review_type = session.review_type
    framework = session.framework
    return bool(
        framework.rated and framework.rating_scale and (review_type is None or review_type.rated)
    )


def printed_grid(session) -> GridView | None:
    """The ratings grid as the report prints it (rows the review did not assess left out)."""
    if not rated(session):
        return None
    scale = session.framework.rating_scale
    return assessed_only(ratings_grid(session), lambda code: scale.rank(code) is not None)


def final_problems(
    session, grid: GridView | None = None, explicit: bool = False, with_readiness: bool = True
) -> list[str]:
    """Everything that stops the review's report going out as final, one line each (empty: it may).
    `explicit`: final was asked for, so a review whose status is not yet final is a reason too.
    `with_readiness=False` leaves out the readiness errors (for a list of the report's own gaps)."""
    with session.reading():
        review = session.review
        framework = session.framework
        review_type = session.review_type
        all_units = session.scope_units()
        units = [unit for unit in all_units if unit.inspected]
        not_inspected = [unit for unit in all_units if not unit.inspected]
        findings = [finding for finding in session.records("findings") if not finding.deleted]
        notes = session.notes()
        if grid is None:
            grid = printed_grid(session)
        states = section_states(session)
        readiness = _readiness_errors(session) if with_readiness else []
    out: list[str] = []
    if explicit and review.status not in FINAL_STATUSES:
        out.append(
            f"the review's status is '{review.status}': set it to final in the review details first"
        )
    unit_key_questions = [
        key_question for key_question in framework.key_questions if key_question.level == "unit"
    ]
    live_notes = {note.id for note in notes}
    for section_id, title, _ in report_plan(review_type):
        keys = narrative_keys(section_id)
        for key in keys:
            if missing_citations(section_text(review, states, key), live_notes):
                out.append(
                    f"'{title}' cites a note that is no longer in the review (remove the citation "
                    "or restore the note)"
                )
        if (
            keys
            and not narrative_written(review, states, section_id)
            and not (section_id == "summary" and _general_findings(findings))
        ):
            out.append(
                f"'{title}' has no text yet (write it in the report outline: o on the review screen)"
            )
        elif keys:
            for key in keys:
                if section_status(review, states, key).state == DRAFT:
                    label = title if len(keys) == 1 else f"{title}: {pretty_key(key)}"
                    out.append(
                        f"'{label}' is a draft the team has not agreed (agree it in the report "
                        "outline: o on the review screen, then a)"
                    )
        elif section_id == "units":
            slots = unit_slots(units, unit_key_questions, findings, notes, grid)
            for slot in slots:
                if slot.missing:
                    out.append(
                        f"'{title}': {slot.where} has evidence or a rating but no finding written"
                    )
            if not (
                any(slot.looked_at or slot.written for slot in slots)
                or not_inspected
                or any(finding.kind == EARLIER_FINDING for finding in findings)
                or any(
                    finding.kind == FINDING and finding.scope_unit and not finding.key_question
                    for finding in findings
                )
            ):  # the section would print its heading and nothing under it
                out.append(f"'{title}' has no finding written yet (f on the review screen)")
        elif section_id == "review_level":
            for key_question in (
                candidate for candidate in framework.key_questions if candidate.level == "review"
            ):
                has_notes = any(note.key_question == key_question.code for note in notes)
                written = any(
                    finding.kind == FINDING
                    and finding.key_question == key_question.code
                    and (finding.text.strip() or finding.heading.strip())
                    for finding in findings
                )
                if has_notes and not written:
                    out.append(
                        f"'{title}': {key_question.label} has evidence but no finding written"
                    )
    out.extend(_unagreed_findings(findings, all_units, framework))
    if grid is not None:
        for row in grid.rows:
            for code, label in grid.columns:
                cell = row.cells.get(code)
                if cell is not None and cell.code and cell.unagreed:
                    out.append(
                        f"rating {row.label}, {label}: {cell.label} is only proposed by the aggregation "
                        "rules; the team has not agreed it"
                    )
    out.extend(readiness)
    return out


def _unagreed_findings(findings, units, framework) -> list[str]:
    """One line per place with findings the report prints that the team has not agreed (findings
    for a scope unit not inspected this time are not printed, so not asked for)."""
    labels = {unit.id: unit.label for unit in units}
    not_inspected = {unit.id for unit in units if not unit.inspected}
    counts: Counter[tuple[str, bool]] = Counter()
    for finding in unagreed(findings):
        if finding.kind == FINDING and finding.scope_unit in not_inspected:
            continue
        place = finding_place(finding, labels, framework)
        kind = FINDING_KINDS.get(finding.kind, "Finding")
        # the outline lists the findings of each key question (per unit, provider or review)
        in_outline = finding.kind == FINDING and bool(finding.key_question)
        counts[(f"{kind} ({place})" if place else kind, in_outline)] += 1
    out = []
    for (what, in_outline), count in counts.items():
        where = "o on the review screen, then a" if in_outline else "f on the review screen, then A"
        out.append(
            f"{what}: {count} written but not agreed by the team (agree "
            f"{'it' if count == 1 else 'them'}: {where})"
        )
    return out


def _general_findings(findings) -> bool:
    return any(
        finding.kind == FINDING
        and not finding.key_question
        and not finding.scope_unit
        and finding.text.strip()
        for finding in findings
    )


def _readiness_errors(session: ReviewSession) -> list[str]:
    try:
        findings = readiness.check(session)
    except Exception as exc:  # noqa: BLE001 - a fault in the checks is a reason, not a crash
        return [
            f"readiness: the checks could not run ({type(exc).__name__}: {exc}); a final report needs them"
        ]
    return [
        f"readiness: {finding.message}"
        for finding in findings
        if finding.severity == "error" and finding.code not in NOT_GATED
    ]


__all__ = ["NotFinal", "final_problems", "printed_grid", "wants_final"]
