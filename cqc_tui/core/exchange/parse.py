"""Reading a review file back: `parse_review_file` checks the format, every record against the
framework and the attachments it carries, and raises FileProblems with every problem at file:line."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from cqc_tui.core.errors import FileProblems, Problem, display_path
from cqc_tui.core.exchange.end_section import end_problem as find_end_problem
from cqc_tui.core.exchange.format import (
    ATTACHMENT_FILES,
    END_KEY,
    FORMAT,
    FORMAT_VERSION,
    LIST_TABLES,
)
from cqc_tui.core.exchange.record_fields import build_record
from cqc_tui.core.framework import FrameworkSet
from cqc_tui.core.model import Record, Review
from cqc_tui.core.validate import Context, check_record
from cqc_tui.core.yamlio import line_of, load_yaml_with_lines


@dataclass
class ParsedReview:
    """A review file read and checked: the review, its records and the attachment files it carries."""

    path: str
    review: Review
    records: list[Record] = field(default_factory=list)
    attachment_files: dict[str, str] = field(default_factory=dict)  # sha256 -> base64 content


def parse_review_file(
    path: str | Path, frameworks: FrameworkSet, text: str | None = None
) -> ParsedReview:
    """Read and check a review YAML file. Raises FileProblems with every problem, each at file:line."""
    shown = display_path(path)
    data = load_yaml_with_lines(path, text)
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise FileProblems(
            [
                Problem(
                    shown,
                    line_of(data, default=1),
                    f"must be a YAML mapping with 'format: {FORMAT}' and a 'review' section",
                )
            ]
        )
    if data.get("format") != FORMAT:
        raise FileProblems(
            [
                Problem(
                    shown,
                    line_of(data, "format"),
                    f"'format' must be '{FORMAT}' (found {data.get('format')!r}); "
                    "is this a review exported by cqc-tui?",
                )
            ]
        )
    format_version = data.get("format_version")
    if not isinstance(format_version, int) or isinstance(format_version, bool):
        raise FileProblems(
            [Problem(shown, line_of(data, "format_version"), "'format_version' must be 1")]
        )
    if format_version > FORMAT_VERSION:
        raise FileProblems(
            [
                Problem(
                    shown,
                    line_of(data, "format_version"),
                    f"format_version {format_version} is newer than this cqc-tui reads ({FORMAT_VERSION}); "
                    "upgrade cqc-tui",
                )
            ]
        )
    for key in data:
        if key not in (
            "format",
            "format_version",
            "review",
            ATTACHMENT_FILES,
            *LIST_TABLES,
            END_KEY,
        ):
            problems.append(
                Problem(
                    shown,
                    line_of(data, key),
                    f"unknown section '{key}'; the sections are "
                    f"review, {', '.join(LIST_TABLES)}, {ATTACHMENT_FILES}, {END_KEY}",
                )
            )
    end_problem = find_end_problem(data, format_version, shown)
    if end_problem is not None:
        raise FileProblems([end_problem])
    if "review" not in data:
        raise FileProblems([Problem(shown, line_of(data), "has no 'review' section")])
    review = build_record(
        "review", data["review"], "review", shown, problems, line_of(data, "review")
    )
    if not isinstance(review, Review):  # None: its problems are listed
        raise FileProblems(problems)
    framework = frameworks.get(review.framework_id, review.framework_version or None)
    if framework is None:
        problems.append(
            Problem(
                shown,
                line_of(data["review"], "framework_id"),
                f"review.framework_id {review.framework_id!r} is not an installed framework; "
                f"installed: {', '.join(sorted({installed.id for installed in frameworks.all()}))}",
            )
        )
        raise FileProblems(problems)
    if not review.framework_version:
        review = dataclasses.replace(review, framework_version=framework.version)
    records: list[Record] = []
    lines_of: dict[int, int | None] = {}
    seen_ids: dict[str, int | None] = {review.id: line_of(data["review"])}
    for table in LIST_TABLES:
        items = data.get(table, [])
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(Problem(shown, line_of(data, table), f"'{table}' must be a list"))
            continue
        item_lines = getattr(items, "item_lines", [])
        for index, raw in enumerate(items):
            line = item_lines[index] if index < len(item_lines) else line_of(data, table)
            record = build_record(table, raw, f"{table}[{index + 1}]", shown, problems, line)
            if record is None:
                continue
            if record.id in seen_ids:
                problems.append(
                    Problem(
                        shown,
                        line,
                        f"{table}[{index + 1}] id {record.id} is used twice (also line "
                        f"{seen_ids[record.id]}); ids must be unique",
                    )
                )
                continue
            seen_ids[record.id] = line
            lines_of[id(record)] = line
            records.append(record)
    by_table: dict[str, set] = {}
    for record in records:
        by_table.setdefault(record.TABLE, set()).add(record.id)
    context = Context(
        framework,
        by_table.get("scope_units", set()),
        by_table.get("notes", set()),
        by_table.get("recommendations", set()),
        {location.get("id") for location in review.locations if isinstance(location, dict)},
        by_table.get("actions", set()),
        by_table.get("reporting_rounds", set()),
    )
    for message in check_record(review, context):
        problems.append(Problem(shown, line_of(data["review"]), f"review: {message}"))
    counters: dict[str, int] = {}
    for record in records:
        counters[record.TABLE] = counters.get(record.TABLE, 0) + 1
        for message in check_record(record, context):
            problems.append(
                Problem(
                    shown,
                    lines_of.get(id(record)),
                    f"{record.TABLE}[{counters[record.TABLE]}]: {message}",
                )
            )
    files = data.get(ATTACHMENT_FILES) or {}
    if not isinstance(files, dict) or not all(
        isinstance(name, str) and isinstance(content, str) for name, content in files.items()
    ):
        problems.append(
            Problem(
                shown,
                line_of(data, ATTACHMENT_FILES),
                f"'{ATTACHMENT_FILES}' must map each sha256 to the file's base64 content",
            )
        )
        files = {}
    note_number = 0
    for record in records:
        if record.TABLE != "notes":
            continue
        note_number += 1
        for item in getattr(record, "attachments", ()):
            if isinstance(item, dict) and item.get("sha256") not in files:
                problems.append(
                    Problem(
                        shown,
                        lines_of.get(id(record)),
                        f"notes[{note_number}]: attachment {item.get('name')!r} is not carried "
                        f"in '{ATTACHMENT_FILES}'; dump the review again with its attachments",
                    )
                )
    if problems:
        raise FileProblems(problems)
    return ParsedReview(shown, review, records, dict(files))
