"""What each part of the report prints, decided once for the section writers and the final gate.

The report prints only the team's words. A narrative section prints the text the team wrote for it
(core.report_sections.section_text); a scope unit's key question prints the team's findings and
the rationale of its agreed rating. These helpers say where that text is and whether it is there, so the section writers know
what to print (or, in a draft, to mark) and the final gate knows what is missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from cqc_tui.core.framework import KeyQuestion
from cqc_tui.core.key_labels import pretty_key
from cqc_tui.core.model import EARLIER_FINDING, FINDING, Review, ScopeUnit, SectionState
from cqc_tui.core.report_sections import section_text
from cqc_tui.report.ratings_view import CellView, GridView

DEFAULT_TITLES: dict[str, str] = {
    "contents": "Contents",
    "summary": "Summary of findings",
    "ratings": "Ratings",
    "background": "Background and scope",
    "team": "The review team",
    "method": "How we carried out the review",
    "context": "Context",
    "units": "Findings",
    "review_level": "Findings across the system",
    "provider_level": "Findings for the provider as a whole",
    "changes": "What has changed since the last inspection",
    "outstanding_practice": "Outstanding practice",
    "improvement": "Areas for improvement",
    "enforcement": "Regulatory action",
    "action_plan": "Action plan",
    "follow_up": "Earlier findings and what has changed",
    "maturity": "Maturity of the system",
    "evidence_references": "Appendix: evidence behind the findings",
    "evidence_log": "Appendix: evidence log",
}
# Used when the review's type is not installed: every section, those with nothing to say left out.
DEFAULT_PLAN: tuple[str, ...] = (
    "cover",
    "contents",
    "summary",
    "ratings",
    "background",
    "team",
    "method",
    "context",
    "units",
    "review_level",
    "provider_level",
    "outstanding_practice",
    "improvement",
    "enforcement",
    "action_plan",
    "follow_up",
    "maturity",
    "evidence_references",
    "evidence_log",
)


def report_plan(review_type) -> list[tuple[str, str, dict]]:
    """The report's sections in order, (id, title, options), from the review type; the default
    list when the review type is not installed."""
    if review_type is not None and review_type.sections:
        return [
            (
                section.id,
                section.title or DEFAULT_TITLES.get(section.id, pretty_key(section.id)),
                dict(section.options),
            )
            for section in review_type.sections
        ]
    return [(section_id, DEFAULT_TITLES.get(section_id, ""), {}) for section_id in DEFAULT_PLAN]


# Section id -> the section keys whose text it prints. Any other section id the review type lists
# and no writer is registered for prints the text of key `id` (a narrative section too).
NARRATIVE: dict[str, tuple[str, ...]] = {
    "background": ("background", "scope"),
    "method": ("method",),
    "context": ("context",),
    "summary": ("summary",),
    "maturity": ("maturity",),
}
# Sections built from records (ratings, findings, recommendations ...), never from the team's prose.
BUILT: frozenset[str] = frozenset(
    {
        "cover",
        "contents",
        "ratings",
        "team",
        "units",
        "review_level",
        "provider_level",
        "changes",
        "outstanding_practice",
        "improvement",
        "enforcement",
        "action_plan",
        "follow_up",
        "evidence_references",
        "evidence_log",
    }
)


def narrative_keys(section_id: str) -> tuple[str, ...]:
    """The section keys a narrative section prints; () for a section built from records."""
    if section_id in NARRATIVE:
        return NARRATIVE[section_id]
    if section_id in BUILT:
        return ()
    return (section_id,)


def narrative_written(review: Review, states: Mapping[str, SectionState], section_id: str) -> bool:
    """True when the team wrote some text for a narrative section (any of its keys; `states`: the
    review's section records by key)."""
    return any(section_text(review, states, key).strip() for key in narrative_keys(section_id))


@dataclass
class Slot:
    """One scope unit x key question of the findings: what the team wrote and agreed there."""

    unit: ScopeUnit | None  # None for the review as a whole
    key_question: KeyQuestion
    findings: list = field(default_factory=list)
    cell: CellView | None = None
    notes: int = 0  # evidence notes recorded here
    followed_up: bool = False  # an earlier finding here is reported in the follow-up table

    @property
    def written(self) -> bool:
        """The team wrote something to print here: a finding, or the rationale of its rating."""
        return any(
            finding.text.strip() or finding.heading.strip() for finding in self.findings
        ) or bool(self.cell is not None and self.cell.rationale.strip())

    @property
    def missing(self) -> bool:
        """The review looked at this key question here but nothing the team wrote reports on it."""
        return self.looked_at and not self.written and not self.followed_up

    @property
    def looked_at(self) -> bool:
        """The review looked at this key question here: notes, findings or a rating of its own."""
        return bool(
            self.notes
            or self.findings
            or (self.cell is not None and self.cell.code and not self.cell.carried)
        )

    @property
    def where(self) -> str:
        unit = self.unit.label if self.unit is not None else ""
        return f"{unit}, {self.key_question.label}" if unit else self.key_question.label


def unit_slots(units, key_questions, findings, notes, grid: GridView | None) -> list[Slot]:
    """The slots of the findings section in report order: each inspected scope unit (or the review,
    when it has no units) by each unit-level key question."""
    by_key: dict[tuple[str, str], list] = defaultdict(list)
    earlier: set[tuple[str, str]] = set()
    for finding in findings:
        if finding.kind == FINDING:
            by_key[(finding.scope_unit, finding.key_question)].append(finding)
        elif finding.kind == EARLIER_FINDING and (finding.text.strip() or finding.heading.strip()):
            earlier.add((finding.scope_unit, finding.key_question))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for note in notes:
        counts[(note.scope_unit, note.key_question)] += 1
    out: list[Slot] = []
    for unit in units or [None]:
        unit_id = unit.id if unit is not None else ""
        for key_question in key_questions:
            cell = grid.cell(unit_id, key_question.code) if grid is not None else None
            out.append(
                Slot(
                    unit,
                    key_question,
                    by_key.get((unit_id, key_question.code), []),
                    cell,
                    counts.get((unit_id, key_question.code), 0),
                    (unit_id, key_question.code) in earlier,
                )
            )
    return out
