"""The exchange format's names (docs/exchange-format.md): the format id and version, the
sections a file holds, and the note fields written only when set."""

from __future__ import annotations

from cqc_tui.core.model import TABLE_ORDER

FORMAT = "cqc-tui-review"
FORMAT_VERSION = (
    2  # 2: a dump ends with the END_KEY section; 1 (hand-written or older) may leave it out
)
END_KEY = "end"
LIST_TABLES = tuple(table for table in TABLE_ORDER if table != "review")
# Sections added to format 2 after it was first written: a dump from before one has neither the
# section nor its count in `end`, and is still complete.
ADDED_SECTIONS = frozenset({"section_states"})
ATTACHMENT_FILES = "attachment_files"

# Note fields written only when set, so a dump without them reads in cqc-tui versions before them.
OPTIONAL_NOTE_FIELDS = ("observed", "attachments")
# Section record fields never written: a dump writes each section's text in the review's
# `sections` (core.report_sections.file_sections), the form every version reads.
SECTION_TEXT_FIELDS = ("text", "holds_text")
