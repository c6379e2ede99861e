"""The report writer: a `ReportWriterBase` (the review's data and the document) that walks the review
type's sections in order through the section registry and prints citations."""

from __future__ import annotations

from datetime import datetime, timezone

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.text.paragraph import Paragraph

from cqc_tui.report.ooxml import clean, set_update_fields
from cqc_tui.report.pagination import paginate
from cqc_tui.report.sections import write_section
from cqc_tui.report.sections.cover import fill_contents
from cqc_tui.report.sections.evidence_references import write_inline_citation
from cqc_tui.report.writer_base import ReportWriterBase

PROPERTY_LIMIT = (
    255  # characters python-docx allows in a core property (title, subject, keywords ...)
)


class ReportWriter(ReportWriterBase):
    """Writes one review's report into a document opened from the template (see `build`)."""

    def write_citation(self, paragraph: Paragraph, note_id: str) -> None:
        """A note cited in the team's text: a short reference in place (see citations.py)."""
        write_inline_citation(self, paragraph, note_id, self.citation_label or self.current_section)

    def build(self) -> None:
        """Write the header and footer, every section of the plan in order, the page-break rules
        (pagination.py), the contents, and the document's properties."""
        self.header_footer(self.review.title, self.marking)
        plan = self.plan()
        count = len(plan)
        for i, (section_id, title, options) in enumerate(plan):
            self.progress(0.02 + 0.25 * i / max(count, 1), f"writing {title or section_id}")
            self.current_section = title or section_id
            write_section(self, section_id, title, options)
            if self.landscape_open and i < count - 1:  # more sections follow a landscape appendix
                back = self.doc.add_section(WD_SECTION.NEW_PAGE)
                back.orientation = WD_ORIENT.PORTRAIT
                if back.page_width > back.page_height:
                    back.page_width, back.page_height = back.page_height, back.page_width
                self.landscape_open = False
        paginate(self.doc)  # what keeps with what across page breaks, for every section alike
        fill_contents(self)
        set_update_fields(self.doc)
        properties = self.doc.core_properties
        # python-docx refuses a core property over 255 characters (a long title or marking)
        properties.title = clean(self.review.title)[:PROPERTY_LIMIT]
        properties.subject = clean(self.review.provider)[:PROPERTY_LIMIT]
        properties.author = "cqc-tui"
        properties.comments = (
            f"{self.marking[: PROPERTY_LIMIT - 8]}; {'DRAFT' if self.is_draft else 'FINAL'}"
        )
        properties.keywords = self.marking[:PROPERTY_LIMIT]
        properties.last_modified_by = "cqc-tui"
        properties.created = properties.modified = datetime.now(timezone.utc).replace(
            microsecond=0, tzinfo=None
        )
        properties.revision = 1
