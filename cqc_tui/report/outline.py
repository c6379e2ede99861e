"""The report's outline: its sections in order for the review's type, which of them the team
writes as prose (and under which section key), what each holds now (core.report_sections), where the team is
with it (empty, draft or agreed, and who last edited it and when: core.report_sections) and where
its text goes in the report. The app's report outline screen shows this; the final gate and
`status` say which are empty or not agreed (`final_gate.final_problems`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from cqc_tui.core.finding_agreement import findings_state
from cqc_tui.core.model import FINDING, Finding, Review, SectionState
from cqc_tui.core.report_sections import (
    AGREED,
    DRAFT,
    EMPTY,
    SectionStatus,
    section_status,
    section_text,
)
from cqc_tui.core.review_types import ReviewType
from cqc_tui.report.citations import CITATION
from cqc_tui.report.content import Slot, narrative_keys, pretty_key, report_plan, unit_slots
from cqc_tui.report.final_gate import printed_grid

BUILT = "built"
__all__ = [
    "AGREED",
    "BUILT",
    "DRAFT",
    "EMPTY",
    "FINDING_SECTIONS",
    "FindingSlotEntry",
    "OutlineEntry",
    "empty_sections",
    "finding_slots",
    "report_outline",
    "unagreed_sections",
    "word_count",
]
HEADINGLESS = frozenset({"cover"})  # sections printed without a heading of their own
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")


def word_count(text: str) -> int:
    """The words of the team's text (a citation of a note counts as none)."""
    return len(_WORD.findall(CITATION.sub(" ", text or "")))


@dataclass(frozen=True)
class OutlineEntry:
    """One row of the outline: a piece of prose the team writes, or a section built from records."""

    section_id: str
    title: str  # the section's heading in the report
    key: str  # the section key the team writes; "" for a section built from records
    label: str  # what the outline calls it ("Background and scope: Scope")
    position: int  # the section's place in the report, from 1
    count: int  # how many sections the report has
    text: str  # the text saved for `key` ('' when none, or built)
    previous_title: str  # the heading before this section ('' for the first)
    next_title: str  # the heading after it ('' for the last)
    status: SectionStatus | None = None  # the team's state of the prose; None for a built section

    @property
    def writable(self) -> bool:
        """The team writes this in the app (it is prose, not built from records)."""
        return bool(self.key)

    @property
    def state(self) -> str:
        """EMPTY, DRAFT or AGREED for prose, BUILT for a section built from records."""
        if not self.key:
            return BUILT
        if self.status is not None:
            return self.status.state
        return DRAFT if self.text.strip() else EMPTY

    @property
    def words(self) -> int:
        """How many words are written (0 for a built section)."""
        return word_count(self.text) if self.key else 0

    def where(self) -> str:
        """Where the text goes, in words: the heading it is printed under and its neighbours."""
        if self.section_id in HEADINGLESS:
            heading = "the cover page"
        else:
            heading = f"under the heading '{self.title}'"
        if self.key and self.label != self.title:
            heading += f", sub-heading '{pretty_key(self.key)}'"
        around = []
        if self.previous_title:
            around.append(f"after '{self.previous_title}'")
        if self.next_title:
            around.append(f"before '{self.next_title}'")
        return (
            f"Printed as section {self.position} of {self.count}, {heading}"
            + (f" ({', '.join(around)})" if around else "")
            + "."
        )


def report_outline(
    review: Review,
    review_type: ReviewType | None,
    states: Mapping[str, SectionState],
) -> list[OutlineEntry]:
    """The outline of the review's report in report order: one entry per piece of prose the team
    writes (a section printing two keys, background and scope, gives two), each with its text and
    state from `states` (the review's SectionState records by key: section_states), and one entry
    per built section."""
    plan = [
        (sid, title or pretty_key(sid), options) for sid, title, options in report_plan(review_type)
    ]
    titles = [title for _, title, _ in plan]
    entries: list[OutlineEntry] = []
    for index, (section_id, title, _options) in enumerate(plan):
        previous_title = titles[index - 1] if index > 0 else ""
        next_title = titles[index + 1] if index + 1 < len(titles) else ""
        keys = narrative_keys(section_id)
        if not keys:
            entries.append(
                OutlineEntry(
                    section_id,
                    title,
                    "",
                    title,
                    index + 1,
                    len(plan),
                    "",
                    previous_title,
                    next_title,
                )
            )
            continue
        for key in keys:
            label = title if len(keys) == 1 else f"{title}: {pretty_key(key)}"
            entries.append(
                OutlineEntry(
                    section_id,
                    title,
                    key,
                    label,
                    index + 1,
                    len(plan),
                    section_text(review, states, key),
                    previous_title,
                    next_title,
                    section_status(review, states, key),
                )
            )
    return entries


def empty_sections(
    review: Review, review_type: ReviewType | None, states: Mapping[str, SectionState]
) -> list[OutlineEntry]:
    """The pieces of prose the report needs that have no text yet."""
    return [e for e in report_outline(review, review_type, states) if e.state == EMPTY]


def unagreed_sections(
    review: Review, review_type: ReviewType | None, states: Mapping[str, SectionState]
) -> list[OutlineEntry]:
    """The pieces of prose the report prints that have text the team has not agreed yet."""
    return [e for e in report_outline(review, review_type, states) if e.state == DRAFT]


@dataclass(frozen=True)
class FindingSlotEntry:
    """One scope unit x key question of the findings section that the review looked at (notes,
    findings or a rating of its own), as the outline lists it under that section: what the team
    wrote there, who last edited it, and whether the report has anything to print for it."""

    slot: Slot
    section_title: str  # the heading of the findings section it is printed under

    @property
    def label(self) -> str:
        """What the outline calls it, the key question first so that a narrow table still shows
        it: '  Safe: Acute wards'."""
        unit = self.slot.unit.label if self.slot.unit is not None else ""
        kq = self.slot.key_question.label
        return f"  {kq}: {unit}" if unit else f"  {kq}"

    @property
    def state(self) -> str:
        """EMPTY while the team has written nothing there (a final report is refused while it
        is); else AGREED when every finding written there is agreed (or, with none, the rating
        whose rationale is printed there is the team's), DRAFT when one is not."""
        if not self.slot.written:
            return EMPTY
        state = findings_state(self.findings)
        if state != EMPTY:
            return state
        cell = self.slot.cell
        return AGREED if cell is not None and cell.code and not cell.unagreed else DRAFT

    @property
    def agreed_by(self) -> tuple[str, str]:
        """(who, when) of the latest agreement of its findings, once all are agreed; ('', '')."""
        if self.state != AGREED or not self.findings:
            return "", ""
        latest = max(self.findings, key=lambda f: f.agreed_at)
        return latest.agreed_by, latest.agreed_at

    @property
    def findings(self) -> list[Finding]:
        """The team's findings there, in their order."""
        return sorted(
            (f for f in self.slot.findings if f.kind == FINDING),
            key=lambda f: (f.order, f.created, f.id),
        )

    @property
    def words(self) -> int:
        """Words written in its findings."""
        return sum(word_count(f"{f.heading} {f.text}") for f in self.findings)

    @property
    def last_edit(self) -> tuple[str, str]:
        """(who, when) of the latest edit of its findings (agreeing one is not an edit); ('', '')
        when there are none."""
        if not self.findings:
            return "", ""
        return max((f.last_edit for f in self.findings), key=lambda edit: edit[1])


# The sections of findings the team writes per key question, and the level of their key questions.
FINDING_SECTIONS = {"units": "unit", "provider_level": "unit", "review_level": "review"}


def finding_slots(session, entries: list[OutlineEntry]) -> dict[str, list[FindingSlotEntry]]:
    """The key question slots the review looked at of each findings section among `entries` (the
    outline), by section id, in report order: each inspected scope unit x key question for `units`
    (core services not inspected this time are left out: their ratings are carried), each key
    question of the provider as a whole for `provider_level`, each review-level key question for
    `review_level`. The review's findings, notes and ratings are read once for them all."""
    sections = [entry for entry in entries if entry.section_id in FINDING_SECTIONS]
    if not sections:
        return {}
    framework = session.framework
    inspected = [unit for unit in session.scope_units() if unit.inspected]
    findings = [f for f in session.records("findings") if not f.deleted]
    notes = session.notes()
    grid = printed_grid(session)
    out: dict[str, list[FindingSlotEntry]] = {}
    for entry in sections:
        level = FINDING_SECTIONS[entry.section_id]
        units = inspected if entry.section_id == "units" else []
        key_questions = [kq for kq in framework.key_questions if kq.level == level]
        slots = unit_slots(units, key_questions, findings, notes, grid)
        out[entry.section_id] = [
            FindingSlotEntry(slot, entry.title) for slot in slots if slot.looked_at or slot.written
        ]
    return out
