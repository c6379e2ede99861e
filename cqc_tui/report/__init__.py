"""Word export of a review report (python-docx over templates/report/base.docx).

    from cqc_tui.report import ExportOptions, export_review, readiness_summary
    export_review(session, Path("report.docx"), ExportOptions(), progress=callback)

The section list comes from the review type (templates/review_types/*.yaml), so a new review
type needs no code; each section id is written by its module under cqc_tui.report.sections.
See docs/report.md.
"""

from cqc_tui.report.options import ExportError, ExportOptions, TemplateError
from cqc_tui.report.output import REQUIRED_STYLES, check_output_path, export_review
from cqc_tui.report.readiness_summary import readiness_summary

__all__ = [
    "REQUIRED_STYLES",
    "ExportError",
    "ExportOptions",
    "TemplateError",
    "check_output_path",
    "export_review",
    "readiness_summary",
]
