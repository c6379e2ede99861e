"""Every sample's report is valid Word (the Open XML SDK's schema and semantic rules, through
openxml-audit) and renders in LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from openxml_audit import FileFormat, OpenXmlValidator

from tests.report_samples import SAMPLE_IDS, SAMPLES, ExportedSample, export_sample


@pytest.fixture(scope="module", params=SAMPLES, ids=SAMPLE_IDS)
def exported(request, tmp_path_factory) -> ExportedSample:
    return export_sample(request.param, tmp_path_factory.mktemp(request.param.stem))


def validation_errors(path: Path) -> list[str]:
    """Every error the Open XML SDK's rules find (schema, semantic, Word compatibility)."""
    result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0).validate(
        str(path)
    )
    return [str(error) for error in result.errors]


def test_sample_report_passes_the_open_xml_validator(exported):
    assert validation_errors(exported.path) == []


def test_validator_refuses_an_on_off_attribute_written_true(tmp_path, exported):
    """The check can fail: the header-row mark Word's validator refuses (w:val="true") is caught."""
    import zipfile

    broken = tmp_path / "broken.docx"
    with (
        zipfile.ZipFile(exported.path) as src,
        zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:tblHeader/>", b'<w:tblHeader w:val="true"/>', 1)
            dst.writestr(item, data)
    assert any("tblHeader" in e for e in validation_errors(broken))


def test_sample_report_renders_with_libreoffice(exported, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed, so the report cannot be rendered: "
            "apt-get install libreoffice-writer-nogui"
        )
    if shutil.which("pdftotext") is None:
        pytest.skip(
            "poppler's pdftotext is not installed, so the rendered pages cannot be read: "
            "apt-get install poppler-utils"
        )
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(exported.path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / f"{exported.path.stem}.pdf"
    assert pdf.exists(), f"LibreOffice wrote no PDF for {exported.name}"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert exported.title in flat
    pages = text.count("\f")
    assert pages >= 3 and f"Page {pages} of {pages}" in flat
    footer = " ".join(
        p.text for p in docx.Document(str(exported.path)).sections[0].footer.paragraphs
    )
    assert not headings_alone_at_the_foot(text, heading_texts(exported.path), footer), exported.name


def heading_texts(path: Path) -> set[str]:
    """The texts of the report's headings of level 2 and 3 (units, key questions ...)."""
    return {
        p.text.strip()
        for p in docx.Document(str(path)).paragraphs
        if p.style is not None and p.style.name in ("Heading 2", "Heading 3") and p.text.strip()
    }


def headings_alone_at_the_foot(text: str, headings: set[str], footer: str) -> list[str]:
    """Headings printed as the last line of a page's body (pdftotext's pages; the lines of the
    footer aside): the heading has left its text behind on the next page."""
    alone = []
    for number, page in enumerate(text.split("\f"), start=1):
        body = [
            line.strip()
            for line in page.splitlines()
            if line.strip() and "Page " not in line and line.strip() not in footer
        ]
        if body and body[-1] in headings:
            alone.append(f"page {number}: {body[-1]}")
    return alone


def test_the_foot_of_page_check_finds_a_heading_left_alone():
    pages = "Findings\nSafe\n\nOFFICIAL\n\nPage 4 of 18\n\fRating: Good\nOFFICIAL\nPage 5 of 18\n\f"
    footer = "OFFICIAL    Page 1 of 1"
    assert headings_alone_at_the_foot(pages, {"Safe", "Effective"}, footer) == ["page 1: Safe"]
    assert (
        headings_alone_at_the_foot(
            pages.replace("Safe\n", "Safe\nRating: Good\n", 1), {"Safe"}, footer
        )
        == []
    )
