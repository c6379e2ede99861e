"""Small WordprocessingML helpers python-docx has no API for: shading, repeating header rows,
fields (TOC, PAGE, NUMPAGES), updateFields, run XML for user text (the evidence log's
FastTable, in fast_table.py, builds on it).

Every piece of user text passes through `clean` (drops the characters XML 1.0 forbids) and is
escaped by `xml_text`, so notes with `<`, `&`, `]]>`, quotes or emoji come through exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import element_class_lookup
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from cqc_tui.report.text_direction import direction_runs, has_rtl, is_rtl

# XML 1.0 allows #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# python-docx's parser, without libxml2's 10 MB limit on one text node: a note of any size that is
# already stored must still export. The XML parsed here is built by this package from escaped text.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, huge_tree=True)
_PARSER.set_element_class_lookup(element_class_lookup)
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


def parse_xml(xml: str) -> BaseOxmlElement:
    """The element for `xml`, with python-docx's element classes; text nodes may be of any size."""
    return etree.fromstring(xml, _PARSER)


def has_xml_illegal(text: str) -> bool:
    """True when `text` holds a character XML 1.0 cannot (what `clean` drops)."""
    return _ILLEGAL.search(text) is not None


def clean(text: object) -> str:
    """User text made safe for XML: XML-illegal control characters removed, CR/CRLF become LF
    (an XML parser would turn a raw CR into LF anyway). Everything else is kept exactly."""
    if text is None:
        return ""
    s = str(text)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL.sub("", s)


def run_xml(text: str, rpr: str = "") -> str:
    """XML for the runs showing `text` (already cleaned): newlines become w:br, tabs w:tab; each
    stretch of right-to-left script is a run of its own marked w:rtl."""
    if not text:
        return ""
    if has_rtl(text):
        return "".join(
            _one_run_xml(segment, _with_rtl(rpr) if rtl else rpr)
            for segment, rtl in direction_runs(text)
        )
    return _one_run_xml(text, rpr)


def _with_rtl(rpr: str) -> str:
    """A run's properties with w:rtl added (every property the report writes comes before it)."""
    if not rpr:
        return "<w:rPr><w:rtl/></w:rPr>"
    return rpr.replace("</w:rPr>", "<w:rtl/></w:rPr>") if "<w:rtl/>" not in rpr else rpr


def _one_run_xml(text: str, rpr: str) -> str:
    if "\n" not in text and "\t" not in text:  # the common case, kept fast for big tables
        return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


# Schema order of w:tcPr and w:settings children (ECMA-376 part 1): Word rejects files whose
# elements are out of order, so new children are inserted before the first later sibling.
TCPR_ORDER = (
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)
SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def insert_ordered(parent, child, order: Sequence[str]) -> None:
    """Insert `child` into `parent` where the schema sequence `order` puts it."""
    tag = child.tag
    names = [qn(n) if not n.startswith(("m:", "sl:")) else None for n in order]
    try:
        pos = names.index(tag)
    except ValueError:
        parent.append(child)
        return
    later = {n for n in names[pos + 1 :] if n}
    for existing in parent:
        if existing.tag in later:
            existing.addprevious(child)
            return
    parent.append(child)


RPR_ORDER = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def _set_shading(props, fill: str, order) -> None:
    """Replace the w:shd of a properties element (rPr, tcPr) with a fresh one filled `fill`."""
    for old in props.findall(qn("w:shd")):
        props.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    insert_ordered(props, shd, order)


PPR_ORDER = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def set_bidi(paragraph) -> None:
    """Mark a paragraph right-to-left (w:bidi): its text begins in Arabic, Urdu, Hebrew ..."""
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:bidi")) is None:
        insert_ordered(ppr, OxmlElement("w:bidi"), PPR_ORDER)


def add_text(paragraph, text: str, bold: bool = False, italic: bool = False):
    """Append user text (already cleaned) to a paragraph: each stretch of right-to-left script is a
    run of its own marked w:rtl, and the paragraph is marked w:bidi when its text begins right to
    left. Returns the last run (None for empty text)."""
    run = None
    for segment, rtl in direction_runs(text):
        run = paragraph.add_run(segment)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if rtl:
            insert_ordered(run._r.get_or_add_rPr(), OxmlElement("w:rtl"), RPR_ORDER)
    if is_rtl(text):
        set_bidi(paragraph)
    return run


def set_run_shading(run, fill: str) -> None:
    """Character shading (a coloured background behind a run's text)."""
    _set_shading(run._r.get_or_add_rPr(), fill, RPR_ORDER)


def set_cell_shading(cell, fill: str) -> None:
    """Fill a table cell with a hex colour ('C8102E'): a fresh w:shd element each time."""
    _set_shading(cell._tc.get_or_add_tcPr(), fill, TCPR_ORDER)


def set_repeat_header(row) -> None:
    """Mark a table row as a header row repeated at the top of each page. Written `<w:tblHeader/>`:
    the schema types the attribute on/off only, so `w:val="true"` is refused by the Open XML SDK's
    validator (and Word may offer to repair the file)."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        tr_pr.append(OxmlElement("w:tblHeader"))


def set_cant_split(row) -> None:
    """Mark a table row never to split across pages (once)."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.append(OxmlElement("w:cantSplit"))


def add_field(paragraph, instr: str, placeholder: str = "") -> None:
    """Append a complex field to a paragraph: begin, instrText, separate, result text, end."""
    xml = (
        f"<w:p {nsdecls('w')}>"
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instr)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run_xml(clean(placeholder))}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    for r in list(parse_xml(xml)):
        paragraph._p.append(r)


def toc_paragraphs(entries: Sequence[tuple[int, str]], style_ids: dict[int, str | None]) -> list:
    """Paragraphs of a TOC field whose cached result lists the headings (no page numbers), so the
    contents read sensibly before Word refreshes the field on open (w:updateFields)."""
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    if not entries:
        entries = [(1, "Right-click and choose Update Field to build the table of contents.")]
    out = []
    for i, (level, text) in enumerate(entries):
        sid = style_ids.get(level)
        bidi = "<w:bidi/>" if is_rtl(text) else ""  # a heading that reads right to left
        ppr = (
            f'<w:pPr><w:pStyle w:val="{sid}"/>{bidi}</w:pPr>'
            if sid
            else f'<w:pPr>{bidi}<w:spacing w:after="40"/><w:ind w:left="{(level - 1) * 360}"/></w:pPr>'
        )
        body = run_xml(clean(text))
        xml = (
            f"<w:p {nsdecls('w')}>{ppr}{begin if i == 0 else ''}{body}"
            f"{end if i == len(entries) - 1 else ''}</w:p>"
        )
        out.append(parse_xml(xml))
    return out


def set_update_fields(document) -> None:
    """Ask Word to refresh fields (the TOC, page counts) when the document opens."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    settings.insert_element_before(
        el, *[t for t in SETTINGS_AFTER_UPDATE_FIELDS if t.startswith("w:")]
    )


def bookmark_name(note_id: str) -> str:
    """The bookmark on a note's evidence-log row (Word: a letter first, at most 40 characters)."""
    return "n" + _NOT_ALNUM.sub("", note_id)[:39]


def set_column_widths(table, widths_twips: Sequence[int]) -> None:
    """Fix a python-docx table's column widths: the grid (what LibreOffice and Word lay out from),
    each cell's tcW, a fixed layout and the total width."""
    tbl = table._tbl
    grid = tbl.tblGrid
    for gc in list(grid):
        grid.remove(gc)
    for w in widths_twips:
        gc = OxmlElement("w:gridCol")
        gc.set(qn("w:w"), str(int(w)))
        grid.append(gc)
    tbl_pr = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:w"), str(int(sum(widths_twips))))
    tbl_w.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    # schema order inside tblPr: tblStyle, tblpPr, tblOverlap, bidiVisual, tblStyleRowBandSize,
    # tblStyleColBandSize, tblW, jc, ... tblLayout, tblCellMar, tblLook
    after_w = [
        qn("w:tblStyle"),
        qn("w:tblpPr"),
        qn("w:tblOverlap"),
        qn("w:bidiVisual"),
        qn("w:tblStyleRowBandSize"),
        qn("w:tblStyleColBandSize"),
    ]
    anchor = None
    for child in tbl_pr:
        if child.tag in after_w:
            anchor = child
    if anchor is None:
        tbl_pr.insert(0, tbl_w)
    else:
        anchor.addnext(tbl_w)
    before_layout = [
        qn("w:tblCellMar"),
        qn("w:tblLook"),
        qn("w:tblCaption"),
        qn("w:tblDescription"),
    ]
    nxt = next((c for c in tbl_pr if c.tag in before_layout), None)
    if nxt is None:
        tbl_pr.append(layout)
    else:
        nxt.addprevious(layout)
    for tr in tbl.tr_lst:
        for i, tc in enumerate(tr.tc_lst):
            if i < len(widths_twips):
                tc.width = int(widths_twips[i]) * 635  # twips -> EMU


def set_cell_valign(cell, value: str = "center") -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:vAlign")):
        tc_pr.remove(old)
    el = OxmlElement("w:vAlign")
    el.set(qn("w:val"), value)
    insert_ordered(tc_pr, el, TCPR_ORDER)
