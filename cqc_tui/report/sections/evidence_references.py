"""Appendix: the evidence behind the findings. While the sections write a finding or a rating they
record the notes it rests on (`ReportData.refer`); this appendix lists them under each place as
short, human references (the member's initials, the date, the source, and the note's number in the
evidence log, a link), then the notes by source type. `--no-evidence-appendix` leaves it out."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

from cqc_tui.core.model import SOURCE_TYPES, EvidenceNote
from cqc_tui.report.dates import short_date
from cqc_tui.report.ooxml import add_text, bookmark_name, clean, parse_xml, run_xml

if TYPE_CHECKING:
    from cqc_tui.report.report_data import ReportData
    from cqc_tui.report.writer_base import ReportWriterBase

LINK_RUN_PROPERTIES = '<w:rPr><w:color w:val="1F4E79"/><w:u w:val="single"/></w:rPr>'


def note_reference(report: ReportData, note: EvidenceNote) -> str:
    """'GP, 11 Jul 2023, care record review': initials, the day the evidence was observed, source."""
    source = SOURCE_TYPES.get(note.source, note.source)
    source = source[:1].lower() + source[1:]
    when = note.observed_at or note.created
    return ", ".join(
        p for p in (report.member_initials(note.author), short_date(when[:10]), source) if p
    )


def write_evidence_references(report: ReportWriterBase, title: str, options: dict) -> None:
    """The appendix (left out with no evidence appendix, or with no notes and no references)."""
    if not report.options.evidence_appendix or not (report.references or report.notes):
        return
    report.heading(title, 1)
    if report.references:
        what = "each finding and rating" if report.rated else "each finding"  # unrated: no rating
        report.para(
            f"The evidence notes {what} rests on: the team member's initials, the date and the "
            "source" + (", with the note's number in the evidence log." if report.has_log else ".")
        )
    last_place = None
    for place, what, ids in report.references:
        if place != last_place:
            report.para(place, bold=True).paragraph_format.keep_with_next = True
            last_place = place
        # What the notes support starts the paragraph of references (a line of its own kept with
        # them would make a chain of three that LibreOffice leaves at the foot of a page).
        paragraph = report.para(style="Citation")
        if what:
            add_text(paragraph, clean(what), italic=True)
            paragraph.add_run().add_break()
        for k, note_id in enumerate(ids):
            if k:
                paragraph.add_run("; ")
            write_reference_runs(report, paragraph, report.note_by_id[note_id])
    by_source = Counter(n.source for n in report.notes)
    if by_source:
        report.heading("Evidence notes by source type", 2)
        report.para(
            "How many evidence notes were written for each way of gathering evidence. These count "
            "notes, not people or records; the figures in the method are the team's own."
        )
        rows = [
            [label, str(by_source[code])]
            for code, label in SOURCE_TYPES.items()
            if by_source.get(code)
        ]
        rows += [[c, str(v)] for c, v in by_source.items() if c not in SOURCE_TYPES]
        rows.append(["All notes", str(len(report.notes))])
        report.table(["Source type", "Notes"], rows, [11.0, 6.0])


def write_reference_runs(
    report: ReportWriterBase, paragraph: Paragraph, note: EvidenceNote
) -> None:
    """One note's reference at the end of `paragraph`, with a link to its row of the evidence log."""
    paragraph._p.append(
        parse_xml(f"<w:p {nsdecls('w')}>{run_xml(clean(note_reference(report, note)))}</w:p>")[0]
    )
    if not report.has_log:
        return
    number = report.note_number.get(note.id)
    link = (
        f'<w:hyperlink {nsdecls("w")} w:anchor="{bookmark_name(note.id)}" w:history="1">'
        + run_xml(f"no. {number}", LINK_RUN_PROPERTIES)
        + "</w:hyperlink>"
    )
    paragraph._p.append(parse_xml(f"<w:p {nsdecls('w')}>{run_xml(' (')}</w:p>")[0])
    paragraph._p.append(parse_xml(link))
    paragraph._p.append(parse_xml(f"<w:p {nsdecls('w')}>{run_xml(')')}</w:p>")[0])


def write_inline_citation(
    report: ReportWriterBase, paragraph: Paragraph, note_id: str, where: str
) -> None:
    """A note cited in the team's text, printed in place as "(AF, 11 Jul 2023, observation; no. 12)"
    (the number a link to the note's row of the evidence log) and listed under `where` in the
    evidence appendix. A note no longer in the review is marked in a draft (a final report is
    refused first)."""
    note = report.cited_note(note_id)
    if note is None:
        if report.is_draft:
            report.draft_mark("a note cited here has been deleted", paragraph)
        return
    report.refer(where, (note.id,))
    paragraph._p.append(
        parse_xml(
            f"<w:p {nsdecls('w')}>{run_xml(clean('(' + note_reference(report, note)))}</w:p>"
        )[0]
    )
    if report.has_log:
        number = report.note_number.get(note.id)
        link = (
            f'<w:hyperlink {nsdecls("w")} w:anchor="{bookmark_name(note.id)}" w:history="1">'
            + run_xml(f"no. {number}", LINK_RUN_PROPERTIES)
            + "</w:hyperlink>"
        )
        paragraph._p.append(parse_xml(f"<w:p {nsdecls('w')}>{run_xml('; ')}</w:p>")[0])
        paragraph._p.append(parse_xml(link))
    paragraph._p.append(parse_xml(f"<w:p {nsdecls('w')}>{run_xml(')')}</w:p>")[0])
