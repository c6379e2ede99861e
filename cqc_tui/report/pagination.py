"""How the printed report breaks across pages: what keeps with what.

- A table's header row repeats on every page (`w:tblHeader`) and keeps with the first row under
  it, so a header never stands alone at the foot of a page; no row splits across pages
  (`w:cantSplit`), and a row spanning the whole table (a section's label in an action plan)
  keeps with the row after it.
- A short table is kept on one page, judged by its estimated printed height rather than its
  number of rows: a table moved whole leaves at most a third of a page blank behind it, and one
  taller than that breaks between rows with its header repeated. (A row count was the old rule:
  fifteen tall rows made a chain longer than the page, which the renderer moved, leaving a
  half-empty page, and then split anyway.)
- A line introducing what follows (ending in ':') keeps with it; a paragraph keeps with the tag
  or citation line printed under it (the 'Citation' style).

`paginate` applies the rules that hold for the whole report once every section is written;
`keep_table_whole_if_short` is for a section writing a table.
"""

from __future__ import annotations

import math

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

from cqc_tui.report.ooxml import PPR_ORDER, insert_ordered

TWIPS_PER_POINT = 20
BODY_HEIGHT_POINTS = 723.0  # the text height of a portrait page of the base template
KEEP_WHOLE_POINTS = BODY_HEIGHT_POINTS / 3  # the most blank a table moved whole may leave
TABLE_LINE_POINTS = 11.0  # one line of 'Table Text' (9 point type, single spaced)
ROW_PADDING_POINTS = 3.0  # a row's borders and the space around its text
CHARACTER_WIDTH_EMS = 0.5  # the average width of a character, in ems of the type size
TABLE_TEXT_POINTS = 9.0
CELL_MARGIN_POINTS = 11.4  # left and right cell margins together (the template's 0.19 cm each)
CITATION_STYLE = "Citation"
SHORT_LINE_CHARACTERS = 200  # an introducing line this long or shorter is never split


def _text(element: BaseOxmlElement) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def set_keep_with_next(paragraph: BaseOxmlElement, lines_too: bool = False) -> None:
    """Mark a paragraph (its w:p) to stay on the page of what follows it; with `lines_too`, also
    never to split its own lines across pages."""
    ppr = paragraph.get_or_add_pPr()
    for tag, wanted in (("w:keepNext", True), ("w:keepLines", lines_too)):
        if not wanted:
            continue
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
        insert_ordered(ppr, OxmlElement(tag), PPR_ORDER)


def keep_with_text(paragraph: Paragraph) -> None:
    """A label (a finding's heading, a rating line) stays whole on the page of the text under it."""
    set_keep_with_next(paragraph._p, lines_too=True)


def _grid_widths(table: BaseOxmlElement) -> list[int]:
    return [
        int(column.get(qn("w:w"), "0") or 0)
        for column in table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    ]


def _cell_lines(cell: BaseOxmlElement, width_points: float) -> int:
    """How many printed lines a cell's text takes at `width_points`, estimated."""
    usable = max(width_points - CELL_MARGIN_POINTS, 12.0)
    per_line = max(int(usable / (TABLE_TEXT_POINTS * CHARACTER_WIDTH_EMS)), 1)
    lines = 0
    for paragraph in cell.findall(qn("w:p")):
        pieces = [""]
        for node in paragraph.iter(qn("w:t"), qn("w:br")):
            if node.tag == qn("w:br"):
                pieces.append("")
            else:
                pieces[-1] += node.text or ""
        lines += sum(max(1, math.ceil(len(piece) / per_line)) for piece in pieces)
    return max(lines, 1)


def estimated_height_points(table: BaseOxmlElement) -> float:
    """The printed height of a table, estimated from its text and its column widths."""
    widths = _grid_widths(table)
    total = 0.0
    for row in table.findall(qn("w:tr")):
        column = 0
        tallest = 1
        for cell in row.findall(qn("w:tc")):
            span_element = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            span = int(span_element.get(qn("w:val"), "1")) if span_element is not None else 1
            width = sum(widths[column : column + span]) / TWIPS_PER_POINT if widths else 100.0
            tallest = max(tallest, _cell_lines(cell, width))
            column += span
        total += tallest * TABLE_LINE_POINTS + ROW_PADDING_POINTS
    return total


def keep_table_whole_if_short(
    table: BaseOxmlElement, most_points: float = KEEP_WHOLE_POINTS
) -> bool:
    """Keep a table on one page when its estimated height is at most `most_points` (every row but
    the last keeps with the next). True when it is kept whole."""
    rows = table.findall(qn("w:tr"))
    if estimated_height_points(table) > most_points:
        return False
    for row in rows[:-1]:
        for paragraph in row.iter(qn("w:p")):
            set_keep_with_next(paragraph)
    return True


def _is_header_row(row: BaseOxmlElement) -> bool:
    return row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def _spans_whole_table(row: BaseOxmlElement, columns: int) -> bool:
    first = row.find(qn("w:tc"))
    if first is None or columns < 2 or first.getnext() is not None:
        return False  # not one cell alone (looked at cheaply: a log has thousands of rows)
    span = first.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    return span is not None and int(span.get(qn("w:val"), "1")) == columns


def _no_split(row: BaseOxmlElement) -> None:
    tr_pr = row.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.insert(0, OxmlElement("w:cantSplit"))  # cantSplit comes before tblHeader


def paginate_table(table: BaseOxmlElement) -> None:
    """A table's header rows and the rows spanning it keep with the row after them; no row
    splits across pages."""
    columns = len(_grid_widths(table))
    rows = table.findall(qn("w:tr"))
    in_header = True  # header rows are the table's first rows
    for index, row in enumerate(rows):
        _no_split(row)
        in_header = in_header and _is_header_row(row)
        if index < len(rows) - 1 and (in_header or _spans_whole_table(row, columns)):
            for paragraph in row.iter(qn("w:p")):
                set_keep_with_next(paragraph)


def _style_id(paragraph: BaseOxmlElement) -> str:
    ppr = paragraph.pPr
    return (ppr.pStyle.val or "") if ppr is not None and ppr.pStyle is not None else ""


def paginate(document: Document) -> None:
    """Apply the rules of this module to a written report: every table (see `paginate_table`);
    a line ending in ':' keeps with what it introduces; a paragraph keeps with the tag or
    citation line under it."""
    citation = document.styles[CITATION_STYLE].style_id  # a required style (output.py)
    body = [c for c in document.element.body if c.tag in (qn("w:p"), qn("w:tbl"))]
    for index, element in enumerate(body):
        if element.tag == qn("w:tbl"):
            paginate_table(element)
            continue
        following = body[index + 1] if index + 1 < len(body) else None
        if following is None:
            continue
        text = _text(element).strip()
        if not text:
            continue
        introduces = text.endswith(":")
        tagged = (
            following.tag == qn("w:p")
            and _style_id(following) == citation
            and _style_id(element) != citation
            and bool(_text(following).strip())
        )
        if introduces or tagged:
            # a short introducing line is also kept whole; a long paragraph may still split
            set_keep_with_next(element, lines_too=introduces and len(text) <= SHORT_LINE_CHARACTERS)
