"""Writing a whole review as YAML: `review_document` (the mapping, ending with the section that
counts every section's records), `dump_text` (deterministic text: the same records give the same
bytes) and `write_dump` (a user-named file, written whole or not at all)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cqc_tui.core import attachments, output_file
from cqc_tui.core.errors import StoreError
from cqc_tui.core.exchange.format import (
    ATTACHMENT_FILES,
    END_KEY,
    FORMAT,
    FORMAT_VERSION,
    LIST_TABLES,
    OPTIONAL_NOTE_FIELDS,
    SECTION_TEXT_FIELDS,
)
from cqc_tui.core.model import Record, Review
from cqc_tui.core.report_sections import file_sections, states_by_key
from cqc_tui.core.yaml_writer import dump_yaml


def review_document(
    tables: dict[str, dict[str, Record]], review_folder: Path | None = None
) -> dict:
    """The review as one YAML-ready mapping, ending with the END_KEY section that counts the records
    of every section (so a file cut short or with records removed is refused); with
    `review_folder`, the notes' attachments are carried too (base64, under `attachment_files`,
    keyed by sha256). Every report section's text is written in the review's `sections`, never in
    its section record (SECTION_TEXT_FIELDS), so each text is written once, where every version of
    cqc-tui reads it."""
    review = next(iter(tables["review"].values()))
    review_doc = review.to_dict()
    if isinstance(review, Review):
        states = states_by_key(tables.get("section_states", {}).values())
        review_doc["sections"] = file_sections(review, states)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "review": review_doc,
    }
    for table in LIST_TABLES:
        records = sorted(
            tables.get(table, {}).values(), key=lambda record: (record.created, record.id)
        )
        doc[table] = [_document(record) for record in records]
    if review_folder is not None:
        files = carried_attachments(tables, review_folder)
        if files:
            doc[ATTACHMENT_FILES] = files
    doc[END_KEY] = {table: len(doc[table]) for table in LIST_TABLES}
    return doc


def carried_attachments(
    tables: dict[str, dict[str, Record]], review_folder: Path
) -> dict[str, str]:
    """sha256 -> base64 content of every attachment of the review's notes (read and checked)."""
    out: dict[str, str] = {}
    notes = sorted(tables.get("notes", {}).values(), key=lambda record: (record.created, record.id))
    for note in notes:
        for item in getattr(note, "attachments", ()):
            sha256 = item.get("sha256") if isinstance(item, dict) else None
            if isinstance(sha256, str) and sha256 not in out:
                out[sha256] = attachments.encode(attachments.read_attachment(review_folder, item))
    return out


def _document(record: Record) -> dict:
    out = record.to_dict()
    if record.TABLE == "notes":
        for name in OPTIONAL_NOTE_FIELDS:
            if not out.get(name):
                out.pop(name, None)
    elif record.TABLE == "section_states":
        for name in SECTION_TEXT_FIELDS:
            out.pop(name, None)
    return out


def dump_text(tables: dict[str, dict[str, Record]], review_folder: Path | None = None) -> str:
    """The review as YAML text: deterministic (the same records give the same bytes), and fast at
    any size the limits allow (core/yaml_writer.py)."""
    return dump_yaml(review_document(tables, review_folder))


def write_dump(
    tables: dict[str, dict[str, Record]], out: Path, review_folder: Path | None = None
) -> None:
    """Write atomically: the output path holds either nothing new or the whole file, and only a
    regular file there is ever replaced (a link, device or folder is refused)."""
    data = dump_text(tables, review_folder).encode("utf-8")
    output_file.write_output(Path(out), lambda fh: fh.write(data), "review.yaml", StoreError)
