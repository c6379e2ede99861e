"""Writing the report file: the template checked (a .docx with the styles the report uses), the
output path checked, the document built in memory and written whole (a temporary file renamed over
the path), and the final gate asked first when the report is to be final."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import BinaryIO

import docx
from docx.document import Document

from cqc_tui.core import output_file
from cqc_tui.core.errors import display_path
from cqc_tui.core.paths import report_templates_dir
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.report.final_gate import NotFinal, final_problems, wants_final
from cqc_tui.report.options import ExportError, ExportOptions, Progress, TemplateError
from cqc_tui.report.writer import ReportWriter

REQUIRED_STYLES: tuple[str, ...] = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "Header",
    "Footer",
    "Table Grid",
    "Table Text",
    "Table Heading",
    "Citation",
    "Cover Marking",
)


def template_path(options: ExportOptions) -> Path:
    """The base document to build on: the one asked for, else templates/report/base.docx."""
    return Path(options.template) if options.template else report_templates_dir() / "base.docx"


def open_template(path: Path) -> Document:
    """The template opened, or TemplateError naming the file and what to do."""
    shown = display_path(path)
    if not path.exists():
        raise TemplateError(f"template {shown} does not exist")
    if path.is_dir():
        raise TemplateError(f"template {shown} is a folder; give a Word .docx file")
    if not zipfile.is_zipfile(path):
        raise TemplateError(
            f"template {shown} is not a Word .docx file (save it from Word as .docx; "
            ".dotx templates are not supported)"
        )
    try:
        doc = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises several kinds here
        raise TemplateError(
            f"template {shown} cannot be opened as a Word .docx file: {exc}"
        ) from None
    present = {s.name for s in doc.styles}
    missing = [name for name in REQUIRED_STYLES if name not in present]
    if missing:
        raise TemplateError(
            f"template {shown} lacks the style(s) {', '.join(repr(m) for m in missing)}; "
            "add them in Word (docs/report.md lists what each is for) or start from "
            "templates/report/base.docx"
        )
    return doc


def check_output_path(out: Path) -> None:
    """Refuse a report path that cannot or must not be written (folder, link, device, no permission)."""
    output_file.check_output_path(out, "report.docx", ExportError)


def _write_all(handle: BinaryIO, buffer: io.BytesIO) -> None:
    handle.write(buffer.getbuffer())


def export_review(
    session: ReviewSession,
    out_path: Path,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the review's report to `out_path` (.docx). Checks the path and template first; writes a
    temporary file in the same folder and renames it, so a failure never leaves a partial file.
    A final report (asked for, or the review is final and no draft was asked for) is refused with
    NotFinal, listing every reason, while anything it would print is unagreed or unwritten."""
    options = options or ExportOptions()
    out = Path(out_path).expanduser()
    check_output_path(out)
    if wants_final(session.review.status, options.draft, options.final):
        if progress:
            progress(0.0, "checking the report can be final")
        problems = final_problems(session, explicit=options.final)
        if problems:
            raise NotFinal(problems)
    if progress:
        progress(0.0, "opening the template")
    doc = open_template(template_path(options))
    ReportWriter(session, doc, options, progress).build()
    if progress:
        progress(0.88, "saving")
    # The whole .docx is made in memory first: python-docx writes through a ZipFile, which a disk
    # failure mid-write leaves open (its later clean-up printed a traceback after the error line).
    buffer = io.BytesIO()
    doc.save(buffer)
    output_file.write_output(out, lambda fh: _write_all(fh, buffer), "report.docx", ExportError)
    if progress:
        progress(1.0, f"wrote {display_path(out)}")
    return out
