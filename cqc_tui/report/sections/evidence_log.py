"""Appendix: the evidence log, in a landscape section: every live note, one fact a column, each
named by its header: its number, the day observed, the author, the key question and lines of
enquiry, the scope unit (core service, area ...), where it was gathered, the source, the polarity
and the note itself. Built as XML directly for speed (`fast_table.FastTable`): a 20,000-note
review exports in about 1.5 s."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import nsdecls

from cqc_tui.core.model import POLARITIES, SOURCE_TYPES, EvidenceNote
from cqc_tui.report.dates import short_date
from cqc_tui.report.fast_table import FastTable
from cqc_tui.report.ooxml import bookmark_name, parse_xml

if TYPE_CHECKING:
    from cqc_tui.report.report_data import ReportData
    from cqc_tui.report.writer_base import ReportWriterBase

EMU_PER_TWIP = 635
# No., date, author, key question and lines, scope unit, where gathered, source, polarity; the
# note's own column takes the rest of the page's width.
FIXED_COLUMNS_TWIPS = [600, 1000, 1400, 1300, 2000, 1700, 1400, 950]
MIN_TEXT_COLUMN_TWIPS = 2500
WHOLE_REVIEW = "Whole review"  # a note for no scope unit (the app's word for it)
# A line-free paragraph that closes the log: one point high, so a full last page of the table
# does not push it onto a blank page of its own.
CLOSING_PARAGRAPH_PROPERTIES = (
    '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
    '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>'
)


def key_question_heading(report: ReportData) -> str:
    """'Key question and KLOE', 'Key question and line of enquiry': what that column holds."""
    label = report.framework.line_label
    return f"Key question and {label if label.isupper() else label.lower()}"


def evidence_header(report: ReportData) -> list[str]:
    """The evidence log's column headings, each saying what its column holds."""
    return [
        "No.",
        "Date",
        "Author",
        key_question_heading(report),
        report.review_type.scope_unit_label if report.review_type else "Scope unit",
        "Where gathered",
        "Source",
        "Polarity",
        "Note",
    ]


def evidence_rows(report: ReportData, notes: Iterable[EvidenceNote]) -> Iterator[tuple[str, ...]]:
    """One tuple of cell texts per note (the benchmark builds its baseline from the same rows)."""
    unit_label = {u.id: u.label for u in report.units}
    key_question_label = report.key_question_label
    redact = report.redact
    author = report.author
    number = report.note_number
    for note in notes:
        source = SOURCE_TYPES.get(note.source, note.source)
        if note.quote:
            source += " (quote)"
        unit = unit_label.get(note.scope_unit, "") if note.scope_unit else WHOLE_REVIEW
        key_question = key_question_label.get(note.key_question, note.key_question)
        if note.lines:
            key_question = f"{key_question}: {', '.join(note.lines)}"
        text = redact(note.text)
        if note.attachments:
            text += "\nAttached: " + ", ".join(
                f"{redact(str(a.get('name', '')))} ({a.get('kind', '')})" for a in note.attachments
            )
        yield (
            str(number.get(note.id, "")),
            short_date(note.observed_at[:10]),
            author(note.author),
            key_question,
            unit,
            redact(note.place),
            source,
            POLARITIES.get(note.polarity, note.polarity),
            text,
        )


def write_evidence_log(report: ReportWriterBase, title: str, options: dict) -> None:
    """The log in a new landscape section (left out with no evidence appendix or no notes). The
    writer turns the page back to portrait if more sections follow (`report.landscape_open`)."""
    if not report.options.evidence_appendix or not report.notes:
        return
    new = report.doc.add_section(WD_SECTION.NEW_PAGE)
    new.orientation = WD_ORIENT.LANDSCAPE
    width, height = new.page_width, new.page_height
    if width < height:
        new.page_width, new.page_height = height, width
    report.landscape_open = True
    report.heading(title, 1)
    notes = sorted(report.notes, key=lambda n: (n.created, n.id))
    intro = (
        "The one evidence note, numbered as the evidence references cite it."
        if len(notes) == 1
        else f"All {len(notes)} evidence notes, oldest first, numbered as the evidence references "
        "cite them."
    )
    if report.options.redact:
        intro += " Names and personal details have been redacted; authors are shown by initials and role."
    report.para(intro).paragraph_format.keep_with_next = True
    styles = {s.name: s for s in report.doc.styles}
    usable = (new.page_width - new.left_margin - new.right_margin) // EMU_PER_TWIP
    widths = [
        *FIXED_COLUMNS_TWIPS,
        max(MIN_TEXT_COLUMN_TWIPS, int(usable) - sum(FIXED_COLUMNS_TWIPS)),
    ]
    table = FastTable(
        styles["Table Grid"].style_id,
        widths,
        styles["Table Text"].style_id,
        styles["Table Heading"].style_id,
    )
    anchor = report.doc.add_paragraph()
    anchor._p.insert(0, parse_xml(f"<w:pPr {nsdecls('w')}>{CLOSING_PARAGRAPH_PROPERTIES}</w:pPr>"))
    anchor._p.addprevious(table.element)
    table.header(evidence_header(report))
    total = len(notes)

    def step(done: int, _total: int) -> None:
        report.progress(0.3 + 0.55 * done / total, f"evidence log: {done} of {total} notes")

    table.rows(
        evidence_rows(report, notes), step, total, bookmarks=(bookmark_name(n.id) for n in notes)
    )
