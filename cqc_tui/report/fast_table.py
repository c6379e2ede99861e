"""A table built as XML text and parsed in chunks (`FastTable`): several times faster than
python-docx's per-cell API for thousands of rows (the evidence log), with memory kept flat."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from docx.oxml.ns import nsdecls

from cqc_tui.report.ooxml import clean, parse_xml, run_xml
from cqc_tui.report.text_direction import is_rtl


class FastTable:
    """A table built as XML text and parsed in chunks: several times faster than python-docx's
    per-cell API for thousands of rows, and it keeps memory flat.

    Use: t = FastTable(style_id, widths_twips, text_style_id, header_style_id);
    anchor._p.addprevious(t.element)   # put the (empty) table in the document first: moving a
    t.header([...]); t.rows(rows, ...)  # finished 100k-element table between trees is slow"""

    def __init__(
        self,
        table_style_id: str | None,
        widths: Sequence[int],
        text_style_id: str | None,
        header_style_id: str | None = None,
        header_fill: str = "E7E3EF",
        font_half_points: int = 0,
        first_bookmark_id: int = 1000,
    ):
        self.widths = list(widths)
        self._next_bookmark = first_bookmark_id
        style = f'<w:tblStyle w:val="{table_style_id}"/>' if table_style_id else ""
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in self.widths)
        borders = (
            ""
            if table_style_id
            else (
                "<w:tblBorders>"
                + "".join(
                    f'<w:{b} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
                    for b in ("top", "left", "bottom", "right", "insideH", "insideV")
                )
                + "</w:tblBorders>"
            )
        )
        xml = (
            f'<w:tbl {nsdecls("w")}><w:tblPr>{style}<w:tblW w:w="{sum(self.widths)}" w:type="dxa"/>'
            f'{borders}<w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
            f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid></w:tbl>'
        )
        self.element = parse_xml(xml)
        self._ppr = (
            f'<w:pPr><w:pStyle w:val="{text_style_id}"/></w:pPr>'
            if text_style_id
            else '<w:pPr><w:spacing w:after="0"/></w:pPr>'
        )
        self._hppr = (
            f'<w:pPr><w:pStyle w:val="{header_style_id}"/></w:pPr>'
            if header_style_id
            else self._ppr
        )
        self._rpr = f'<w:rPr><w:sz w:val="{font_half_points}"/></w:rPr>' if font_half_points else ""
        self._header_fill = header_fill
        # Body cells carry no tcPr: the grid and the fixed layout give the widths (less XML, less memory).
        self._tcpr = [f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in self.widths]

    def _row_xml(self, values: Sequence[object], header: bool = False, bookmark: str = "") -> str:
        cells = []
        ppr = self._hppr if header else self._ppr
        rpr = self._rpr
        for i, v in enumerate(values):
            tcpr = ""
            if header:
                tcpr = self._tcpr[i].replace(
                    "</w:tcPr>",
                    f'<w:shd w:val="clear" w:color="auto" w:fill="{self._header_fill}"/></w:tcPr>',
                )
            text = clean(v)
            runs = run_xml(text, rpr)
            cell_ppr = ppr if not is_rtl(text) else _bidi_ppr(ppr)
            if i == 0 and bookmark:
                bid = self._next_bookmark
                self._next_bookmark += 1
                runs = f'<w:bookmarkStart w:id="{bid}" w:name="{bookmark}"/>{runs}<w:bookmarkEnd w:id="{bid}"/>'
            cells.append(f"<w:tc>{tcpr}<w:p>{cell_ppr}{runs}</w:p></w:tc>")
        trpr = (
            "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            if header
            else "<w:trPr><w:cantSplit/></w:trPr>"
        )
        return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"

    def header(self, names: Sequence[str]) -> None:
        self._append([self._row_xml(names, header=True)])

    def rows(
        self,
        rows: Iterable[Sequence[object]],
        progress=None,
        total: int = 0,
        chunk: int = 500,
        bookmarks: Iterable[str] | None = None,
    ) -> int:
        """Append rows; `bookmarks` (one name per row) puts a bookmark around the first cell's text."""
        buf: list[str] = []
        done = 0
        names = iter(bookmarks) if bookmarks is not None else None
        for values in rows:
            buf.append(self._row_xml(values, bookmark=next(names, "") if names is not None else ""))
            if len(buf) >= chunk:
                self._append(buf)
                done += len(buf)
                buf = []
                if progress:
                    progress(done, total)
        if buf:
            self._append(buf)
            done += len(buf)
            if progress:
                progress(done, total)
        return done

    def _append(self, rows_xml: list[str]) -> None:
        holder = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows_xml)}</w:tbl>")
        self.element.extend(list(holder))


def _bidi_ppr(ppr: str) -> str:
    """Paragraph properties text with w:bidi, after the style (its place in the schema order)."""
    if "<w:pStyle" in ppr:
        return re.sub(r"(<w:pStyle [^>]*/>)", r"\1<w:bidi/>", ppr, count=1)
    return ppr.replace("<w:pPr>", "<w:pPr><w:bidi/>", 1)
