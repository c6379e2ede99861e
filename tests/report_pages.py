"""A report as printed: render an exported .docx with LibreOffice, read its pages back with
poppler's `pdftotext -bbox-layout` (every word with its place on the page), and find what a
reader of the printed report would trip over:

- a label left at the foot of a page while its text starts overleaf: a heading, a finding's
  heading, a 'Rating:' line, a line introducing a list or a table, a table's header row or a
  section row spanning a table (`stranded_at_the_foot`);
- a tag or citation line printed at the head of a page, away from the text it belongs to
  (`tags_at_the_head`);
- a table running onto a page without its header row (`headers_not_repeated`);
- a table continued on a page whose first row shows a blank, vertically merged cell
  (`blank_continued_cells`);
- a page left half empty although no page break was asked for (`half_empty_pages`).

What counts as a label, a tag or a table is read from the .docx itself (styles, bold runs, the
paragraph before a table), never from the keep-with-next marks the writer sets, so the checks
judge the writer rather than repeat it.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn

XHTML = "{http://www.w3.org/1999/xhtml}"
HEADER_BAND_POINTS = 50.0  # words above this line of a page are the running header
FOOTER_BAND_POINTS = 50.0  # words this close to the bottom edge are the running footer
HALF_EMPTY = 0.5  # a page whose body fills less than this fraction is half empty
HEADING_STYLES = ("Heading1", "Heading2", "Heading3")
CITATION_STYLE = "Citation"


def normalise(text: str) -> str:
    """Text as compared here: NFKC (ligatures apart), no soft hyphens, one space between words."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return " ".join(text.split())


def renderer_missing() -> str:
    """Why the report cannot be rendered and read here ('' when it can)."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        return (
            "LibreOffice (soffice) is not installed, so the report cannot be rendered: "
            "apt-get install libreoffice-writer-nogui"
        )
    if shutil.which("pdftotext") is None:
        return (
            "poppler's pdftotext is not installed, so the rendered pages cannot be read: "
            "apt-get install poppler-utils"
        )
    return ""


def render_pdf(document: Path, folder: Path) -> Path:
    """The PDF LibreOffice prints of `document`, written in `folder` (own profile there)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None, renderer_missing()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = folder / f"{document.stem}.pdf"
    assert pdf.exists(), f"LibreOffice wrote no PDF for {document.name}"
    return pdf


# ----------------------------------------------------------------------------- the printed pages


@dataclass
class Line:
    """One printed line of a page's body: its words left to right, and where it sits."""

    text: str
    top: float
    bottom: float


@dataclass
class Page:
    number: int
    height: float
    lines: list[Line]  # the body's lines, top to bottom (header and footer aside)
    text: str  # the body's words in reading order, normalised
    footer: str = ""  # the running footer's words, normalised

    @property
    def fill(self) -> float:
        """How far down the body's text reaches, as a fraction of the body's height."""
        if not self.lines:
            return 0.0
        top = HEADER_BAND_POINTS
        bottom = self.height - FOOTER_BAND_POINTS
        return (self.lines[-1].bottom - top) / (bottom - top)


def read_pages(pdf: Path) -> list[Page]:
    """Every page of `pdf` as `Page`s (poppler's bbox layout: each word with its box)."""
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return pages_from_bbox(html)


def pages_from_bbox(html: str) -> list[Page]:
    """Parse `pdftotext -bbox-layout` output into pages of printed lines."""
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", html, count=1))
    pages = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        height = float(page.get("height", "0"))
        words = []
        footer = []
        for word in page.iter(f"{XHTML}word"):
            top, bottom = float(word.get("yMin", "0")), float(word.get("yMax", "0"))
            if top > height - FOOTER_BAND_POINTS:
                footer.append(word.text or "")
            if bottom < HEADER_BAND_POINTS or top > height - FOOTER_BAND_POINTS:
                continue
            words.append((top, bottom, float(word.get("xMin", "0")), word.text or ""))
        reading_order = normalise(" ".join(w[3] for w in words))
        pages.append(
            Page(number, height, visual_lines(words), reading_order, normalise(" ".join(footer)))
        )
    return pages


def visual_lines(words: list[tuple[float, float, float, str]]) -> list[Line]:
    """Words grouped into the lines a reader sees: same top (within 2 points), left to right."""
    lines: list[list[tuple[float, float, float, str]]] = []
    for word in sorted(words):
        if lines and abs(lines[-1][0][0] - word[0]) <= 2.0:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [
        Line(
            normalise(" ".join(w[3] for w in sorted(line, key=lambda w: w[2]))),
            min(w[0] for w in line),
            max(w[1] for w in line),
        )
        for line in lines
    ]


# ----------------------------------------------------------------------------- the document


@dataclass
class TableFacts:
    """What the checks need of one table: its header, and each body row's marker and state."""

    header: list[str]  # the text of each header cell
    repeats_header: bool  # the first row is marked to repeat (w:tblHeader)
    markers: list[list[str]] = field(default_factory=list)  # per body row: each cell's first word
    labels: list[str] = field(default_factory=list)  # per body row: its first cell's text
    merged_on: list[bool] = field(default_factory=list)  # per body row: a cell continues a merge
    spanning: list[str] = field(default_factory=list)  # texts of rows spanning the whole table


@dataclass
class DocumentFacts:
    labels: dict[str, str]  # normalised text -> kind, of every paragraph that must keep with next
    tags: dict[str, str]  # normalised text -> kind, of every line that must keep with previous
    tables: list[TableFacts]
    after_breaks: list[str]  # the first words printed after each page or section break
    kept: set[str] = field(default_factory=set)  # labels the document marks to keep with next


def paragraph_text(element) -> str:
    return normalise("".join(t.text or "" for t in element.iter(qn("w:t"))))


def style_of(paragraph) -> str:
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val"), "") if style is not None else ""


def starts_bold(paragraph) -> bool:
    """The paragraph's first run with text is bold (a finding's heading, 'Rating:', a place)."""
    for run in paragraph.iter(qn("w:r")):
        if not "".join(t.text or "" for t in run.iter(qn("w:t"))).strip():
            continue
        rpr = run.find(qn("w:rPr"))
        bold = rpr.find(qn("w:b")) if rpr is not None else None
        highlight = rpr.find(qn("w:highlight")) if rpr is not None else None
        return (
            bold is not None
            and bold.get(qn("w:val"), "true") not in ("0", "false")
            and highlight is None  # a draft mark, not a label
        )
    return False


def marked_keep_with_next(paragraph) -> bool:
    """The paragraph is marked to keep with the next, directly or by its heading style."""
    ppr = paragraph.find(qn("w:pPr"))
    mark = ppr.find(qn("w:keepNext")) if ppr is not None else None
    if mark is not None:
        return mark.get(qn("w:val"), "true") not in ("0", "false")
    return style_of(paragraph) in HEADING_STYLES  # the template's heading styles keep with next


NUMBERED = re.compile(r"^\d+\.\s")  # '12. Ensure ...': a numbered item is text, not a label


def label_kind(paragraph, following) -> str:
    """Why `paragraph` must stay on the page of what follows it ('' when it need not)."""
    text = paragraph_text(paragraph)
    if not text or following is None:
        return ""
    style = style_of(paragraph)
    if style in HEADING_STYLES:
        return "heading"
    if text.startswith("Rating:"):
        return "rating line"
    if following.tag == qn("w:tbl"):
        return "table caption"
    if starts_bold(paragraph) and not NUMBERED.match(text) and len(text) <= 200:
        return "finding heading"
    if text.endswith(":"):
        return "introducing line"
    return ""


def tag_kind(paragraph, previous) -> str:
    """Why `paragraph` must stay on the page of the paragraph before it ('' when it need not):
    a tag line (regulation, area, due date) or a citation line under the text it belongs to."""
    if previous is None or previous.tag != qn("w:p"):
        return ""
    if style_of(paragraph) != CITATION_STYLE or not paragraph_text(paragraph):
        return ""
    if not paragraph_text(previous) or style_of(previous) in (CITATION_STYLE, *HEADING_STYLES):
        return ""
    return "tag line"


def table_facts(table) -> TableFacts:
    rows = table.findall(qn("w:tr"))
    header_row = rows[0] if rows else None
    header = [paragraph_text(tc) for tc in header_row.findall(qn("w:tc"))] if rows else []
    repeats = header_row is not None and header_row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    facts = TableFacts(header, repeats is not None)
    columns = len(table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
    for row in rows[1:]:
        cells = row.findall(qn("w:tc"))
        texts = [paragraph_text(tc) for tc in cells]
        facts.markers.append([text.split()[0] for text in texts if text])
        facts.labels.append(texts[0] if texts else "")
        facts.merged_on.append(
            any(
                merge.get(qn("w:val"), "continue") == "continue"
                for tc in cells
                for merge in tc.iter(qn("w:vMerge"))
            )
        )
        span = cells[0].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}") if len(cells) == 1 else None
        if span is not None and int(span.get(qn("w:val"), "1")) == columns and texts[0]:
            facts.spanning.append(texts[0])
    return facts


def read_document(path: Path) -> DocumentFacts:
    """The labels, tags, tables and page breaks of the report at `path`."""
    body = docx.Document(str(path)).element.body
    children = [c for c in body if c.tag in (qn("w:p"), qn("w:tbl"))]
    labels: dict[str, str] = {}
    tags: dict[str, str] = {}
    tables = []
    after_breaks: list[str] = []
    kept: set[str] = set()
    wants_break = False
    for index, element in enumerate(children):
        following = children[index + 1] if index + 1 < len(children) else None
        previous = children[index - 1] if index else None
        if element.tag == qn("w:tbl"):
            facts = table_facts(element)
            tables.append(facts)
            for text in facts.spanning:
                labels[text] = "section row of a table"
            if wants_break and facts.header:
                after_breaks.append(" ".join(facts.header))
                wants_break = False
            continue
        text = paragraph_text(element)
        if wants_break and text:
            after_breaks.append(text)
            wants_break = False
        breaks = element.findall(f".//{qn('w:br')}[@{qn('w:type')}='page']")
        if breaks or element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            wants_break = True
        kind = label_kind(element, following)
        if kind:
            labels.setdefault(text, kind)
            if marked_keep_with_next(element):
                kept.add(text)
        kind = tag_kind(element, previous)
        if kind:
            tags.setdefault(text, kind)
    return DocumentFacts(labels, tags, tables, after_breaks, kept)


# ----------------------------------------------------------------------------- the checks


def _ends_with(lines: list[Line], texts: dict[str, str], most: int = 4) -> tuple[str, str] | None:
    """(kind, text) when the page's last printed lines are, together, one of `texts`."""
    for count in range(1, min(most, len(lines)) + 1):
        joined = " ".join(line.text for line in lines[-count:])
        if joined in texts:
            return texts[joined], joined
    return None


def stranded_at_the_foot(
    pages: list[Page], facts: DocumentFacts, unmarked_only: bool = False
) -> list[str]:
    """Labels printed as the last lines of a page's body, their text overleaf; a table's header
    row printed at the foot of a page with its first row overleaf counts too. With
    `unmarked_only`, only the labels the document does not mark to keep with what follows (what
    the writer got wrong, as against where the renderer did not follow the marks)."""
    headers = {" ".join(t.header): "table header row" for t in facts.tables if t.header}
    found = []
    for page, following in itertools.pairwise(pages):
        if starts_after_a_break(following, facts):
            continue  # the contents page ends with the last heading's entry, and so on
        hit = _ends_with(page.lines, facts.labels) or _ends_with(page.lines, headers, most=1)
        if hit is not None and not (unmarked_only and hit[1] in facts.kept):
            found.append(f"page {page.number}: {hit[0]} '{hit[1][:70]}'")
    return found


def tags_at_the_head(pages: list[Page], facts: DocumentFacts) -> list[str]:
    """Tag and citation lines printed at the top of a page, their text on the page before."""
    found = []
    for page in pages[1:]:
        for count in range(1, min(3, len(page.lines)) + 1):
            joined = " ".join(line.text for line in page.lines[:count])
            if joined in facts.tags:
                found.append(f"page {page.number}: {facts.tags[joined]} '{joined[:70]}'")
                break
    return found


def first_words_in_order(words: list[str]) -> re.Pattern[str]:
    """A pattern for one printed line holding `words` in order, as whole words."""
    return re.compile(r"(?:^|\s)" + r"\s(?:.*\s)?".join(re.escape(w) for w in words) + r"(?:\s|$)")


def printed_on(page: Page, pattern: re.Pattern[str]) -> bool:
    return any(pattern.search(line.text) for line in page.lines)


def pages_of_rows(pages: list[Page], table: TableFacts) -> list[int]:
    """Per body row of `table`, the page it is printed on (0 when it cannot be told): a page with
    a printed line holding the first word of each of its cells, left to right (cells start at
    their row's top). A table is printed on consecutive pages, so each row is on its previous
    row's page or a later one close by; where the first row's words are printed on several
    pages, the start that places the most rows wins, the earliest of equals."""
    candidates = []
    for words in table.markers:
        pattern = first_words_in_order(words) if len(words) >= 2 else None
        candidates.append([page.number for page in pages if pattern and printed_on(page, pattern)])
    best: list[int] = [0] * len(candidates)
    best_placed = 0
    starts = next((found for found in candidates if found), [])
    for start in starts:
        placed: list[int] = []
        current, missed = start, 0
        for found in candidates:
            page = next((p for p in found if current <= p <= current + 1 + missed), 0)
            placed.append(page)
            current, missed = (page, 0) if page else (current, missed + 1)
        count = sum(1 for page in placed if page)
        if count > best_placed:
            best, best_placed = placed, count
    return best


def _header_shown(page: Page, header: list[str]) -> bool:
    """The header row is printed on `page`: one printed line holds each header cell's first word
    in order."""
    firsts = [cell.split()[0] for cell in header if cell.split()]
    return printed_on(page, first_words_in_order(firsts))


def table_pages(pages: list[Page], table: TableFacts) -> list[tuple[int, int]]:
    """(page number, index of the first body row printed there) for each page the table's body
    rows are printed on, in order."""
    first_row: dict[int, int] = {}
    for row, number in enumerate(pages_of_rows(pages, table)):
        if number:
            first_row.setdefault(number, row)
    return sorted(first_row.items())


def headers_not_repeated(pages: list[Page], facts: DocumentFacts) -> list[str]:
    """Pages on which a table's rows continue without its header row."""
    by_number = {p.number: p for p in pages}
    found = []
    for table in facts.tables:
        if len(table.header) < 2 or not any(table.header):
            continue
        for number, _row in table_pages(pages, table)[1:]:
            if not _header_shown(by_number[number], table.header):
                found.append(f"page {number}: rows of the table '{' | '.join(table.header)[:60]}'")
    return found


def blank_continued_cells(pages: list[Page], facts: DocumentFacts) -> list[str]:
    """Tables continued on a new page whose first row there shows a merged cell's blank
    continuation instead of the row's label."""
    found = []
    for table in facts.tables:
        for number, row in table_pages(pages, table)[1:]:
            if table.merged_on[row]:
                found.append(
                    f"page {number}: the table '{' | '.join(table.header)[:60]}' continues with "
                    "a blank merged cell"
                )
    return found


def starts_after_a_break(page: Page, facts: DocumentFacts) -> bool:
    """`page` is the first after a page or section break the report asked for."""
    return any(page.text.startswith(start[:60]) for start in facts.after_breaks if start)


def empty_pages(pages: list[Page], facts: DocumentFacts) -> list[str]:
    """Pages with nothing but the running header and footer (a blank paragraph pushed over)."""
    return [f"page {page.number}: blank" for page in pages if not page.lines]


def half_empty_pages(pages: list[Page], facts: DocumentFacts) -> list[str]:
    """Pages filled less than half way although the next page does not start after a page or
    section break the report asked for (the cover, the contents and the page before a landscape
    appendix end early on purpose)."""
    found = []
    for page, following in itertools.pairwise(pages):
        if page.number == 1 or page.fill >= HALF_EMPTY or starts_after_a_break(following, facts):
            continue
        found.append(f"page {page.number}: {page.fill:.0%} full")
    return found
