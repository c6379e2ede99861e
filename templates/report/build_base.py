"""Build templates/report/base.docx, the house style of exported review reports.

Run from the repository root:  .venv/bin/python templates/report/build_base.py

The output is reproducible: the same python-docx version gives the same bytes (fixed document
properties and fixed zip timestamps). python-docx cannot open .dotx templates, so the base is a
plain .docx whose body is empty; the exporter fills it.

What the base carries (and what a user's own template must carry; see docs/report.md):
- paragraph styles: Normal, Title, Subtitle, Heading 1-3, List Bullet, List Number, Header,
  Footer, and the house styles Table Text, Table Heading, Citation, Cover Marking, Quote;
- table styles: Table Grid (every table in the report uses it);
- A4 portrait page with 2 cm margins; a header (review title and protective marking) and a
  footer ("Page X of Y" with PAGE and NUMPAGES fields). The exporter rewrites the header and
  footer text for each review; the base shows what they look like.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
OUT = HERE / "base.docx"

FONT = "Arial"
INK = RGBColor(0x1A, 0x1A, 0x1A)
BRAND = RGBColor(0x2B, 0x1A, 0x5C)  # deep purple for headings
MUTED = RGBColor(0x59, 0x59, 0x59)


def _fonts(style, size=None, bold=None, italic=None, colour=None):
    """Set a style's font, replacing theme fonts (which would override an explicit name)."""
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    rpr.insert(0, fonts)
    f = style.font
    if size is not None:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    if italic is not None:
        f.italic = italic
    if colour is not None:
        f.color.rgb = colour


def _spacing(style, before=0, after=6, line=None, keep_next=None):
    pf = style.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing = line
    if keep_next is not None:
        pf.keep_with_next = keep_next


def _paragraph_style(doc, name, base="Normal"):
    styles = doc.styles
    try:
        return styles[name]
    except KeyError:
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles[base]
        st.quick_style = True
        return st


def _drop_border(style):
    ppr = style.element.get_or_add_pPr()
    for b in ppr.findall(qn("w:pBdr")):
        ppr.remove(b)


def _field(paragraph, instr: str, placeholder: str) -> None:
    """Append a complex field (fldChar begin / instrText / separate / result / end)."""

    def run_with(child):
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run_with(text)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    t = OxmlElement("w:t")
    t.text = placeholder
    run_with(t)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def build() -> bytes:
    doc = docx.Document()
    styles = doc.styles

    normal = styles["Normal"]
    _fonts(normal, size=10.5, colour=INK)
    _spacing(normal, after=6, line=1.15)

    title = styles["Title"]
    _drop_border(title)
    _fonts(title, size=26, bold=True, colour=BRAND)
    _spacing(title, before=72, after=12)
    sub = styles["Subtitle"]
    ppr = sub.element.get_or_add_pPr()
    for n in ppr.findall(qn("w:numPr")):
        ppr.remove(n)
    _fonts(sub, size=15, italic=False, colour=MUTED)
    _spacing(sub, after=18)

    for level, size, before in ((1, 16, 18), (2, 13, 14), (3, 11.5, 10)):
        h = styles[f"Heading {level}"]
        _fonts(h, size=size, bold=True, colour=BRAND)
        _spacing(h, before=before, after=6, keep_next=True)
    styles["Heading 1"].paragraph_format.page_break_before = False

    for name in ("List Bullet", "List Number", "Header", "Footer", "Quote"):
        st = styles[name]
        _fonts(
            st,
            size=9 if name in ("Header", "Footer") else None,
            colour=MUTED if name in ("Header", "Footer") else None,
        )
    quote = styles["Quote"]
    _fonts(quote, italic=True, colour=MUTED)

    table_text = _paragraph_style(doc, "Table Text")
    _fonts(table_text, size=9)
    _spacing(table_text, after=0, line=1.0)
    table_heading = _paragraph_style(doc, "Table Heading", "Table Text")
    _fonts(table_heading, size=9, bold=True)
    _spacing(table_heading, after=0, line=1.0)
    citation = _paragraph_style(doc, "Citation")
    _fonts(citation, size=8.5, italic=True, colour=MUTED)
    _spacing(citation, after=8, line=1.0)
    marking = _paragraph_style(doc, "Cover Marking")
    _fonts(marking, size=14, bold=True, colour=RGBColor(0xC8, 0x10, 0x2E))
    _spacing(marking, before=6, after=6)

    grid = styles["Table Grid"]
    _fonts(grid, size=9)

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)

    header = section.header.paragraphs[0]
    header.style = styles["Header"]
    header.add_run("Review title | PROTECTIVE MARKING")
    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")

    # Remove the default template's empty first paragraph: the exporter starts from an empty body.
    body = doc.element.body
    for p in list(body.findall(qn("w:p"))):
        body.remove(p)

    # python-docx's default template carries a Word 2010 stylesWithEffects part that copies the
    # styles as they were before the edits above; Word reads a stale copy as unreadable content
    # (the Open XML SDK's validator reports it). The part is optional: leave it out.
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel_id)

    props = doc.core_properties
    fixed = datetime(2024, 1, 1, tzinfo=timezone.utc)
    props.author = "cqc-tui"
    props.last_modified_by = "cqc-tui"
    props.title = "cqc-tui report base"
    props.comments = "Built by templates/report/build_base.py"
    props.created = fixed
    props.modified = fixed
    props.revision = 1

    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_zip(buf.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps and order so the bytes are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else OUT
    target.write_bytes(build())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
