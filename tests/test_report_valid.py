"""Every sample's report is valid Word (the Open XML SDK's schema and semantic rules, through
openxml-audit) and renders in LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openxml_audit import FileFormat, OpenXmlValidator

from tests.report_samples import SAMPLE_IDS, SAMPLES, ExportedSample, export_sample


@pytest.fixture(scope="module", params=SAMPLES, ids=SAMPLE_IDS)
def exported(request, tmp_path_factory) -> ExportedSample:
    return export_sample(request.param, tmp_path_factory.mktemp(request.param.stem))


def validation_errors(path: Path) -> list[str]:
    """Every error the Open XML SDK's rules find (schema, semantic, Word compatibility)."""
    result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0).validate(str(path))
    return [str(error) for error in result.errors]


def test_sample_report_passes_the_open_xml_validator(exported):
    assert validation_errors(exported.path) == []


def test_validator_refuses_an_on_off_attribute_written_true(tmp_path, exported):
    """The check can fail: the header-row mark Word's validator refuses (w:val="true") is caught."""
    import zipfile

    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(exported.path) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:tblHeader/>", b'<w:tblHeader w:val="true"/>', 1)
            dst.writestr(item, data)
    assert any("tblHeader" in e for e in validation_errors(broken))


def test_sample_report_renders_with_libreoffice(exported, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed, so the report cannot be rendered: "
                    "apt-get install libreoffice-writer-nogui")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed, so the rendered pages cannot be read: "
                    "apt-get install poppler-utils")
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(exported.path)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / f"{exported.path.stem}.pdf"
    assert pdf.exists(), f"LibreOffice wrote no PDF for {exported.name}"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert exported.title in flat
    pages = text.count("\f")
    assert pages >= 3 and f"Page {pages} of {pages}" in flat
