"""Word export of a review report (python-docx over templates/report/base.docx).

    from cqc_tui.report import ExportOptions, export_review, readiness_summary
    export_review(session, Path("report.docx"), ExportOptions(), progress=callback)

The section list comes from the review type (templates/review_types/*.yaml), so a new review
type needs no code. See docs/report.md.
"""

from cqc_tui.report.builder import (
    REQUIRED_STYLES,
    ExportError,
    ExportOptions,
    TemplateError,
    check_output_path,
    export_review,
    readiness_summary,
)

__all__ = ["ExportOptions", "export_review", "readiness_summary", "check_output_path", "ExportError",
           "TemplateError", "REQUIRED_STYLES"]
