"""What a report section writes with: `ReportWriterBase`, the review's data (`ReportData`) and the
document (`DocumentWriter`) together, with the state of the run (where the contents go, whether a
landscape section is open, the section being written) and progress. Every section takes one; the
report's writer (writer.py) is the one that runs them and prints citations. Sections import this
module, never the writer, so the writer and the sections do not import each other."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from docx.document import Document
from docx.text.paragraph import Paragraph

from cqc_tui.core.workspace import ReviewSession
from cqc_tui.report.document import DocumentWriter
from cqc_tui.report.options import ExportOptions, Progress
from cqc_tui.report.report_data import ReportData


class ReportWriterBase(ReportData, DocumentWriter):
    """One review's report being written into a document opened from the template."""

    def __init__(
        self,
        session: ReviewSession,
        doc: Document,
        options: ExportOptions,
        progress: Progress | None,
    ) -> None:
        ReportData.__init__(self, session, options)
        DocumentWriter.__init__(self, doc, self.is_draft, self.redact)
        self._progress = progress
        self.contents_anchor: Paragraph | None = (
            None  # where the contents go, once headings are known
        )
        self.landscape_open = False  # a landscape section (the evidence log) is the current one
        self.current_section = (
            ""  # the title of the section being written (where citations are listed)
        )
        self.citation_label = ""  # where citations in the text being written are listed, if not
        # under the section's title (a finding's: its unit, key question and heading)

    @contextmanager
    def citing_as(self, label: str) -> Iterator[None]:
        """Notes cited in the text written inside the block are listed under `label` in the
        evidence appendix (with the notes the finding or rating rests on), not the section's title."""
        before, self.citation_label = self.citation_label, label
        try:
            yield
        finally:
            self.citation_label = before

    def progress(self, fraction: float, message: str) -> None:
        """Report progress (0..1) to the caller, if it asked."""
        if self._progress is not None:
            self._progress(max(0.0, min(1.0, fraction)), message)
