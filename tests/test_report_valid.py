"""Every sample's report is valid Word (the Open XML SDK's schema and semantic rules, through
openxml-audit). Rendering in LibreOffice, and the printed pages, are checked in
tests/test_report_pagination.py."""

from __future__ import annotations

from pathlib import Path

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
