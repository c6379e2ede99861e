"""The team's findings: per scope unit and key question (with the rating, its rationale and any
departure), for the provider as a whole, for review-level key questions (a local system's
well-led), and outstanding practice. Nothing the team did not write is printed; a draft marks the
gaps. The notes each finding and rating rests on go to the evidence appendix (`report.refer`)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from cqc_tui.core.framework import KeyQuestion
from cqc_tui.core.model import EARLIER_FINDING, FINDING, OUTSTANDING_PRACTICE, OVERALL, Finding
from cqc_tui.report.content import Slot, unit_slots
from cqc_tui.report.dates import month_year
from cqc_tui.report.document import text_colour
from cqc_tui.report.ooxml import add_text, clean, set_run_shading
from cqc_tui.report.pagination import keep_with_text

if TYPE_CHECKING:
    from cqc_tui.report.writer_base import ReportWriterBase


NOT_AGREED = "finding not agreed by the team yet"


def write_finding(
    report: ReportWriterBase, finding: Finding, show_where: bool = False, where: str = ""
) -> None:
    """One of the team's findings: its heading, its text; the notes it rests on go to the
    evidence appendix under `where` (the unit and key question, by default) and the heading."""
    context = where or ", ".join(
        b
        for b in (
            report.unit_label(finding.scope_unit),
            report.key_question_label.get(finding.key_question, ""),
        )
        if b
    )
    heading = clean(report.redact(finding.heading)).strip()
    place = ""
    if show_where:
        bits = [
            report.unit_label(finding.scope_unit),
            report.key_question_label.get(finding.key_question, ""),
        ]
        place = " - ".join(b for b in bits if b)
    # The heading (or the place) stays on the page of the text under it, whole. A draft marks a
    # finding the team has not agreed there (a final report is refused while there is one).
    unagreed = report.is_draft and not finding.agreed
    if heading:
        paragraph = report.para()
        add_text(paragraph, heading, bold=True)
        if place:
            add_text(paragraph, clean(f" ({place})"), italic=True)
        if unagreed:
            report.draft_mark(NOT_AGREED, paragraph)
        keep_with_text(paragraph)
    elif place:
        paragraph = report.para(place, italic=True)
        if unagreed:
            report.draft_mark(NOT_AGREED, paragraph)
        keep_with_text(paragraph)
    elif unagreed:
        keep_with_text(report.draft_mark(NOT_AGREED))
    label = ": ".join(b for b in (context, heading) if b) or "Summary of findings"
    if finding.text.strip():
        with report.citing_as(label):
            report.text_blocks(finding.text)
    report.refer(label, finding.note_ids)


def write_rating_line(
    report: ReportWriterBase,
    unit_id: str,
    key_question: str,
    where: str = "",
    said: set[str] | None = None,
) -> None:
    """'Rating: Good (previously ...)' with the team's rationale; its notes go to the appendix.
    `said` holds the rationales already printed for this scope unit: the same words again (one
    rationale given for every key question) are not printed a second time."""
    if not report.rated:
        return
    cell = report.grid.cell(unit_id, key_question)
    if cell is None or not cell.code:
        return
    paragraph = report.para()
    keep_with_text(paragraph)  # the rating line stays on the page of its rationale
    paragraph.add_run("Rating: ").bold = True
    badge = paragraph.add_run(clean(f"\u00a0{cell.label}\u00a0"))
    badge.bold = True
    if cell.colour:
        badge.font.color.rgb = text_colour(cell.colour)
        set_run_shading(badge, cell.colour)
    extra = []
    if cell.carried:
        extra.append(
            "carried forward" + (f" from {month_year(cell.rated_on)}" if cell.rated_on else "")
        )
    if cell.previous_label and cell.previous != cell.code:
        extra.append(
            f"previously {cell.previous_label}"
            + (f", {month_year(cell.previous_on)}" if cell.previous_on else "")
        )
    if extra:
        paragraph.add_run(clean(" (" + "; ".join(extra) + ")"))
    if cell.unagreed:
        report.draft_mark("proposed by the aggregation rules, not agreed by the team", paragraph)
    rationale = " ".join(cell.rationale.split()).casefold()
    label = f"{where or report.unit_label(unit_id)}: Rating"
    # A rating carried forward was reasoned in the report that set it; the line above says it was
    # carried forward and from when, so its rationale ("not inspected; the 2022 rating stands") is
    # not said again here.
    if rationale and not cell.carried and (said is None or rationale not in said):
        with report.citing_as(label):
            report.text_blocks(cell.rationale)
        if said is not None:
            said.add(rationale)
    report.refer(label, cell.note_ids)
    if cell.departure_reason.strip():
        report.para(
            "Departure from the usual aggregation: " + report.redact(cell.departure_reason),
            italic=True,
        )


def unit_key_questions(report: ReportWriterBase) -> list[KeyQuestion]:
    """The key questions asked of each scope unit (level `unit`)."""
    return [kq for kq in report.framework.key_questions if kq.level == "unit"]


def write_units(report: ReportWriterBase, title: str, options: dict) -> None:
    """For each scope unit, each key question the review looked at: the rating, its rationale and
    the team's findings; then the units not inspected this time with their carried-forward ratings."""
    report.heading(title, 1)
    key_questions = unit_key_questions(report)
    inspected = [u for u in report.units if u.inspected]
    slots = unit_slots(
        inspected,
        key_questions,
        report.findings,
        report.notes,
        report.grid if report.rated else None,
    )
    whole = [
        f for f in report.findings if f.kind == FINDING and f.scope_unit and not f.key_question
    ]
    for unit in report.units:
        if not unit.inspected:
            continue
        own = [slot for slot in slots if slot.unit is unit and (slot.written or slot.missing)]
        general = [f for f in whole if f.scope_unit == unit.id]
        if not own and not general:
            continue
        report.heading(unit.label, 2)
        for finding in general:
            write_finding(report, finding, where=unit.label)
        said: set[str] = set()  # one rationale given for several key questions is printed once
        for slot in own:
            write_slot(report, slot, 3, said)
    if not report.units:
        for slot in slots:
            if slot.written or slot.missing:
                write_slot(report, slot, 2)
    carried = [u for u in report.units if not u.inspected]
    if carried and report.rated:
        plural = report.review_type.scope_unit_plural if report.review_type else "Scope units"
        report.heading(f"{plural} not inspected this time", 2)
        same_of = {unit.id: same_carried_rating(report, unit.id, key_questions) for unit in carried}
        sharing = Counter(same for same in same_of.values() if same)
        listed: set[str] = set()
        for unit in carried:
            same = same_of[unit.id]
            if same and sharing[same] > 1:
                # several units carry one rating from one time: said once, the units listed under it
                if same not in listed:
                    listed.add(same)
                    report.para(f"{same}:").paragraph_format.keep_with_next = True
                    for other in carried:
                        if same_of[other.id] == same:
                            report.para(other.label, "List Bullet")
                continue
            report.para(unit.label, bold=True).paragraph_format.keep_with_next = True
            if same:
                report.para(same, "List Bullet")
                continue
            for key_question in key_questions:
                write_rating_line_compact(report, unit.id, key_question)
            overall = report.grid.cell(unit.id, OVERALL)
            if overall is not None and overall.code:
                report.para(
                    f"Overall: {overall.label}"
                    + (f" ({month_year(overall.rated_on)})" if overall.rated_on else ""),
                    "List Bullet",
                )
    has_provider_section = any(
        s.id == "provider_level"
        for s in (report.review_type.sections if report.review_type else ())
    )
    if not has_provider_section:
        across = [
            (
                kq,
                [
                    f
                    for f in report.findings
                    if f.kind == FINDING and not f.scope_unit and f.key_question == kq.code
                ],
            )
            for kq in key_questions
        ]
        if any(found for _, found in across):
            report.heading(f"Across {report.review.provider or 'the whole review'}", 2)
            for key_question, found in across:
                if found:
                    report.heading(key_question.label, 3)
                    for finding in found:
                        write_finding(report, finding)
    if (
        not any(slot.looked_at or slot.written for slot in slots)
        and not carried
        and not any(f.kind == EARLIER_FINDING for f in report.findings)
    ):
        report.draft_or_gap("no findings are written yet")


def write_slot(
    report: ReportWriterBase, slot: Slot, level: int, said: set[str] | None = None
) -> None:
    """One scope unit x key question: heading, rating line, findings (or, in a draft, the gap).
    `said`: the rationales already printed for the unit (see write_rating_line)."""
    unit_id = slot.unit.id if slot.unit is not None else ""
    report.heading(slot.key_question.label, level)
    write_rating_line(report, unit_id, slot.key_question.code, where=slot.where, said=said)
    cell = slot.cell
    if report.rated and slot.unit is not None and (cell is None or not cell.code):
        # an inspected unit's key question with no rating: readiness refuses a final report
        report.draft_or_gap(f"no rating is agreed yet for {slot.where}")
    for finding in slot.findings:
        write_finding(report, finding, where=slot.where)
    if not slot.written:
        report.draft_or_gap(f"no finding is written yet for {slot.where}")


def same_carried_rating(
    report: ReportWriterBase, unit_id: str, key_questions: list[KeyQuestion]
) -> str:
    """'Good for every key question and overall (November 2014)' when a unit not inspected carries
    one rating set at one time for every key question and overall (said once, not six times);
    '' otherwise."""
    cells = [report.grid.cell(unit_id, kq.code) for kq in key_questions]
    cells.append(report.grid.cell(unit_id, OVERALL))
    shown = {(c.label, c.rated_on) if c is not None and c.code else None for c in cells}
    if len(cells) < 2 or len(shown) != 1 or None in shown:
        return ""
    label, rated_on = next(iter(shown))  # type: ignore[misc]
    when = f" ({month_year(rated_on)})" if rated_on else ""
    return f"{label} for every key question and overall{when}"


def write_rating_line_compact(
    report: ReportWriterBase, unit_id: str, key_question: KeyQuestion
) -> None:
    """'Safe: Good (March 2019)' as a bullet: a carried-forward rating of a unit not inspected."""
    cell = report.grid.cell(unit_id, key_question.code) if report.rated else None
    if cell is not None and cell.code:
        when = f" ({month_year(cell.rated_on)})" if cell.rated_on else ""
        report.para(f"{key_question.label}: {cell.label}{when}", "List Bullet")


def write_review_level(report: ReportWriterBase, title: str, options: dict) -> None:
    """Review-level key questions (a local system's 'Is the system well led?'): the team's findings."""
    key_questions = [kq for kq in report.framework.key_questions if kq.level == "review"]
    if not key_questions:
        return
    report.heading(title, 1)
    for key_question in key_questions:
        if len(key_questions) > 1:
            report.heading(key_question.label, 2)
        found = [
            f for f in report.findings if f.kind == FINDING and f.key_question == key_question.code
        ]
        # the evidence appendix lists these under the section's own title ('Management'), not
        # under the framework's label for the key question
        where = title if len(key_questions) == 1 else f"{title}, {key_question.label}"
        for finding in found:
            write_finding(report, finding, show_where=bool(finding.scope_unit), where=where)
        if not any(f.text.strip() or f.heading.strip() for f in found):
            report.draft_or_gap(f"no finding is written yet for {key_question.label}")


def write_outstanding_practice(report: ReportWriterBase, title: str, options: dict) -> None:
    """Findings of kind outstanding practice, each with where it was seen."""
    items = [f for f in report.findings if f.kind == OUTSTANDING_PRACTICE]
    if not items:
        return
    report.heading(title, 1)
    for finding in items:
        write_finding(report, finding, show_where=True)


def write_provider_level(report: ReportWriterBase, title: str, options: dict) -> None:
    """The provider's own ratings (those the team agreed at the top level, e.g. a trust's well-led)
    with their rationale, and the findings written for the provider as a whole."""
    codes = [kq.code for kq in report.framework.key_questions] + [OVERALL]
    blocks = []
    for code in codes:
        cell = report.grid.cell("", code) if report.rated else None
        found = [
            f
            for f in report.findings
            if f.kind == FINDING and not f.scope_unit and f.key_question == code
        ]
        has_rationale = cell is not None and cell.code and cell.rationale.strip()
        if found or has_rationale:
            blocks.append((code, found))
    if not blocks:
        return
    report.heading(title, 1)
    provider = report.review.provider or "the provider"
    for code, found in blocks:
        label = report.key_question_label.get(code, code)
        report.heading(label, 2)
        write_rating_line(report, "", code, where=f"{provider}, {label}")
        for finding in found:
            write_finding(report, finding, where=f"{provider}, {label}")
