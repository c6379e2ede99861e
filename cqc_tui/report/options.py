"""What an export is asked to do (ExportOptions), how it reports progress, and its errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cqc_tui.core.errors import CqcError

Progress = Callable[[float, str], None]
"""progress(fraction, message): called at each section and every 500 rows of the evidence log."""


class ExportError(CqcError):
    """The report could not be written (path, template)."""


class TemplateError(ExportError):
    """The Word template is unusable: not a .docx, or missing styles the report needs."""


@dataclass
class ExportOptions:
    """The choices of one export (the command line's options, the app's export dialog)."""

    evidence_appendix: bool = True
    redact: bool = False
    draft: bool = False
    final: bool = (
        False  # asked for a final report: refused (NotFinal) while anything is unagreed or empty
    )
    template: Path | None = None
    marking: str | None = None
