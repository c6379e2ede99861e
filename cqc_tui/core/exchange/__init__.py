"""Whole-review exchange as YAML (docs/exchange-format.md).

`dump_review` writes a deterministic document; `parse_review_file` reads one back, checking every
record against the framework and reporting problems as file:line. dump -> import -> dump gives
the same bytes.

The package: `format` (the format's names), `dump` (review_document, dump_text, write_dump),
`parse` (parse_review_file) with `record_fields` and `end_section`, `replacement`
(replace_summary) and `workspace_import` (import_review).
"""

from cqc_tui.core.exchange.dump import dump_text, write_dump
from cqc_tui.core.exchange.parse import parse_review_file
from cqc_tui.core.exchange.replacement import replace_summary
from cqc_tui.core.exchange.workspace_import import import_review

__all__ = [
    "dump_text",
    "import_review",
    "parse_review_file",
    "replace_summary",
    "write_dump",
]
