"""Writing into the Word document: paragraphs, headings (remembered for the contents), the team's
free text as paragraphs and bullets, draft marks, plain tables, the header and footer.

`DocumentWriter` holds the python-docx document being written; the report's sections call these
helpers rather than python-docx directly, so every piece of text is cleaned for XML and styled the
same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from cqc_tui.report.citations import has_citation, split_citations
from cqc_tui.report.ooxml import (
    add_field,
    add_text,
    clean,
    set_cant_split,
    set_cell_shading,
    set_column_widths,
    set_repeat_header,
)
from cqc_tui.report.pagination import keep_table_whole_if_short

HEADER_FILL = "E7E3EF"  # the shading of a table's header row
TWIPS_PER_CM = 567
PAGE_WIDTH_CM = 17.0  # the text width of a portrait page of the base template
_BULLET = re.compile(r"^\s*[-*\u2022]\s+")


def text_colour(fill: str | None) -> RGBColor:
    """Black or white, whichever reads on the background colour `fill` (RRGGBB)."""
    if not fill or len(fill) != 6:
        return RGBColor(0, 0, 0)
    r, g, b = (int(fill[i : i + 2], 16) for i in (0, 2, 4))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return RGBColor(0, 0, 0) if luminance > 150 else RGBColor(0xFF, 0xFF, 0xFF)


class DocumentWriter:
    """The document being written, with the helpers every section uses."""

    def __init__(self, doc: Document, is_draft: bool, redact: Callable[[str], str]) -> None:
        self.doc = doc
        self.is_draft = is_draft
        self.redact = redact
        self.toc: list[
            tuple[int, str]
        ] = []  # (level, text) of every heading 1 and 2, for the contents
        self._styles: dict[str, BaseStyle] = {}

    def style(self, name: str) -> BaseStyle:
        """The template's style called `name` (looked up once)."""
        found = self._styles.get(name)
        if found is None:
            found = self._styles[name] = self.doc.styles[name]
        return found

    def set_style(self, paragraph: Paragraph, name: str) -> None:
        """paragraph.style = name, without python-docx's slow lookup of the default style."""
        paragraph._p.get_or_add_pPr().style = self.style(name).style_id

    def para(
        self, text: str = "", style: str | None = None, bold: bool = False, italic: bool = False
    ) -> Paragraph:
        """A new paragraph at the end of the document holding `text` (cleaned), in `style`."""
        paragraph = self.doc.add_paragraph()
        if style:
            self.set_style(paragraph, style)
        if text:
            add_text(paragraph, clean(text), bold=bold, italic=italic)
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        """A heading; levels 1 and 2 are listed in the contents."""
        paragraph = self.doc.add_paragraph()
        add_text(paragraph, clean(text))
        self.set_style(paragraph, f"Heading {level}")
        if level <= 2:
            self.toc.append((level, clean(text)))
        return paragraph

    def text_blocks(self, text: str, redact: bool = True) -> None:
        """Free text as paragraphs: each line is a paragraph (blank lines are just spacing); lines
        starting '- ', '* ' or a bullet become bulleted items. A citation of a note
        (`[note:ID]`, cqc_tui.report.citations) is printed by `write_citation`, never as written."""
        if has_citation(text):
            self._cited_blocks(text, redact)
            return
        text = self.redact(text) if redact else text
        for line in clean(text).split("\n"):
            if not line.strip():
                continue
            if _BULLET.match(line):
                self.para(_BULLET.sub("", line), "List Bullet")
            else:
                self.para(line.strip())

    def _cited_blocks(self, text: str, redact: bool) -> None:
        """`text_blocks` for text that cites notes: the words between citations are redacted on
        their own, so a redaction never reaches into a citation."""
        for line in clean(text).split("\n"):
            if not line.strip():
                continue
            style: str | None = None
            if _BULLET.match(line):
                line, style = _BULLET.sub("", line), "List Bullet"
            else:
                line = line.strip()
            paragraph = self.para(style=style)
            for kind, value in split_citations(line):
                if kind == "note":
                    self.write_citation(paragraph, value)
                elif value:
                    add_text(paragraph, clean(self.redact(value) if redact else value))

    def write_citation(self, paragraph: Paragraph, note_id: str) -> None:
        """Print the citation of note `note_id` at the end of `paragraph` (the report's writer
        prints a short reference; a bare document prints nothing)."""

    def nothing(self, text: str) -> None:
        """An italic line saying there is nothing to show."""
        self.para(text, italic=True)

    def draft_mark(self, text: str, paragraph: Paragraph | None = None) -> Paragraph:
        """A place a final report could not print, marked in a draft: 'DRAFT: ...' in bold on
        yellow, as a paragraph of its own or at the end of `paragraph`."""
        target = paragraph if paragraph is not None else self.para()
        run = target.add_run(clean(("DRAFT: " if paragraph is None else " DRAFT: ") + text))
        run.bold = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return target

    def draft_or_gap(self, text: str) -> None:
        """Mark a gap in a draft. A final export never reaches one (the final gate refuses first)."""
        if self.is_draft:
            self.draft_mark(text)

    def table(
        self,
        header: list[str],
        rows: list[list[str]],
        widths_cm: list[float] | None = None,
        fills: dict[tuple[int, int], str] | None = None,
    ) -> Table:
        """A plain table: a repeated header row, rows that do not split across pages, a short table
        (by its estimated height, pagination.py) kept on one page; `fills` shades cells by
        (row, column) of `rows`. A blank line follows."""
        self.keep_intro_with_next()
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.style("Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        header_row = table.rows[0]
        set_repeat_header(header_row)
        for i, name in enumerate(header):
            cell = header_row.cells[i]
            self.set_style(cell.paragraphs[0], "Table Heading")
            cell.paragraphs[0].add_run(clean(name))
            set_cell_shading(cell, HEADER_FILL)
        for row_index, row in enumerate(rows):
            new_row = table.add_row()
            set_cant_split(new_row)
            cells = new_row.cells
            for column, value in enumerate(row):
                cell = cells[column]
                self.set_style(cell.paragraphs[0], "Table Text")
                value = clean(value)
                if value:
                    add_text(cell.paragraphs[0], value)
                if fills and (row_index, column) in fills:
                    set_cell_shading(cell, fills[(row_index, column)])
        if not widths_cm:
            widths_cm = [PAGE_WIDTH_CM / len(header)] * len(header)
        table.autofit = False
        set_column_widths(table, [int(w * TWIPS_PER_CM) for w in widths_cm])
        keep_table_whole_if_short(table._tbl)  # after the widths: the estimate reads them
        self.doc.add_paragraph()
        return table

    def keep_intro_with_next(self) -> None:
        """The paragraph just before a table (an intro line or a heading) stays on its page."""
        body = self.doc.element.body
        last = body[-1] if len(body) else None
        if last is not None and last.tag == qn("w:sectPr"):
            last = last.getprevious()
        if last is not None and last.tag == qn("w:p"):
            last.get_or_add_pPr().keepNext_val = True

    def header_footer(self, title: str, marking: str) -> None:
        """The running header (title | marking | DRAFT or FINAL) and footer (marking, page X of Y)
        of the first section, replacing the template's."""
        section = self.doc.sections[0]
        state = "DRAFT" if self.is_draft else "FINAL"
        header = section.header
        paragraphs = header.paragraphs
        for extra in paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        header_paragraph = paragraphs[0] if paragraphs else header.add_paragraph()
        for run in list(header_paragraph.runs):
            run._r.getparent().remove(run._r)
        header_paragraph.style = self.style("Header")
        add_text(header_paragraph, clean(f"{title} | {marking} | {state}"))
        footer = section.footer
        footer_paragraphs = footer.paragraphs
        for extra in footer_paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        footer_paragraph = footer_paragraphs[0] if footer_paragraphs else footer.add_paragraph()
        for child in list(footer_paragraph._p):
            if child is not footer_paragraph._p.pPr:
                footer_paragraph._p.remove(child)
        footer_paragraph.style = self.style("Footer")
        footer_paragraph.add_run(clean(f"{marking}    Page "))
        add_field(footer_paragraph, "PAGE", "1")
        footer_paragraph.add_run(" of ")
        add_field(footer_paragraph, "NUMPAGES", "1")
