"""Whole-review exchange as YAML (docs/exchange-format.md).

`dump_review` writes a deterministic document; `parse_review_file` reads one back, checking every
record against the framework and reporting problems as file:line. dump -> import -> dump gives
the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cqc_tui.core import attachments, output_file
from cqc_tui.core.errors import FileProblems, Problem, StoreError, display_path
from cqc_tui.core.framework import FrameworkSet
from cqc_tui.core.model import RECORD_TYPES, TABLE_ORDER, Record, Review, record_from_dict
from cqc_tui.core.staging import install, new_staging_folder, swap
from cqc_tui.core.store import ReviewStore
from cqc_tui.core.validate import Context, check_record, shown
from cqc_tui.core.yaml_writer import dump_yaml
from cqc_tui.core.yamlio import line_of, load_yaml_with_lines

FORMAT = "cqc-tui-review"
FORMAT_VERSION = (
    2  # 2: a dump ends with the END_KEY section; 1 (hand-written or older) may leave it out
)
END_KEY = "end"
LIST_TABLES = tuple(t for t in TABLE_ORDER if t != "review")


def review_document(
    tables: dict[str, dict[str, Record]], review_folder: Path | None = None
) -> dict:
    """The review as one YAML-ready mapping, ending with the END_KEY section that counts the records
    of every section (so a file cut short or with records removed is refused); with
    `review_folder`, the notes' attachments are carried too (base64, under `attachment_files`,
    keyed by sha256)."""
    review = next(iter(tables["review"].values()))
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "review": review.to_dict(),
    }
    for table in LIST_TABLES:
        records = sorted(tables.get(table, {}).values(), key=lambda r: (r.created, r.id))
        doc[table] = [_document(r) for r in records]
    if review_folder is not None:
        files = carried_attachments(tables, review_folder)
        if files:
            doc[ATTACHMENT_FILES] = files
    doc[END_KEY] = {table: len(doc[table]) for table in LIST_TABLES}
    return doc


ATTACHMENT_FILES = "attachment_files"


def carried_attachments(
    tables: dict[str, dict[str, Record]], review_folder: Path
) -> dict[str, str]:
    """sha256 -> base64 content of every attachment of the review's notes (read and checked)."""
    out: dict[str, str] = {}
    notes = sorted(tables.get("notes", {}).values(), key=lambda r: (r.created, r.id))
    for note in notes:
        for item in getattr(note, "attachments", ()):
            sha = item.get("sha256") if isinstance(item, dict) else None
            if isinstance(sha, str) and sha not in out:
                out[sha] = attachments.encode(attachments.read_attachment(review_folder, item))
    return out


# Note fields written only when set, so a dump without them reads in cqc-tui versions before them.
OPTIONAL_NOTE_FIELDS = ("observed", "attachments")


def _document(record: Record) -> dict:
    out = record.to_dict()
    if record.TABLE == "notes":
        for name in OPTIONAL_NOTE_FIELDS:
            if not out.get(name):
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


@dataclass
class ParsedReview:
    """A review file read and checked: the review, its records and the attachment files it carries."""

    path: str
    review: Review
    records: list[Record] = field(default_factory=list)
    attachment_files: dict[str, str] = field(default_factory=dict)  # sha256 -> base64 content


def _plain(value: Any) -> Any:
    """Dates written unquoted in YAML come back as dates; the model keeps text."""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return value.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _build(
    table: str, raw: Any, where: str, path: str, problems: list[Problem], line: int | None
) -> Record | None:
    if not isinstance(raw, dict):
        problems.append(Problem(path, line, f"{where} must be a mapping of field: value"))
        return None
    cls = RECORD_TYPES[table]
    known = {record_field.name: record_field for record_field in dataclasses.fields(cls)}
    for key in raw:
        if key not in known:
            problems.append(
                Problem(
                    path,
                    line_of(raw, key, line),
                    f"{where} has an unknown field '{key}'; remove it or check the spelling",
                )
            )
            return None
    data = _plain(dict(raw))
    for key, value in data.items():
        record_field = known[key]
        want = (
            record_field.type
            if isinstance(record_field.type, str)
            else getattr(record_field.type, "__name__", "")
        )
        bad = None
        if want == "str" and not isinstance(value, str):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                data[key] = str(value)
            else:
                bad = "text"
        elif want == "int" and (not isinstance(value, int) or isinstance(value, bool)):
            bad = "a whole number"
        elif want == "bool" and not isinstance(value, bool):
            bad = "true or false"
        elif want == "tuple" and not isinstance(value, list):
            bad = "a list"
        elif want == "dict" and not isinstance(value, dict):
            bad = "a mapping"
        if bad:
            problems.append(
                Problem(
                    path,
                    line_of(raw, key, line),
                    f"{where}.{key} must be {bad}, not {shown(value)}",
                )
            )
            return None
    try:
        return record_from_dict(table, data)
    except (TypeError, ValueError) as exc:
        problems.append(Problem(path, line, f"{where} cannot be read: {exc}"))
        return None


def _end_problem(data: dict, format_version: int, shown: str) -> Problem | None:
    """What is wrong with the end of the file: a dump (format_version 2) must end with the END_KEY
    section, and that section's record counts must match the sections (any version that has it)."""
    if END_KEY not in data:
        if format_version < 2:
            return None  # hand-written, or written by an older cqc-tui: nothing to check against
        last = getattr(data, "last_line", 0) or None
        return Problem(
            shown,
            last,
            f"the file stops here without the '{END_KEY}:' section a cqc-tui dump ends with: "
            "it was cut short (an interrupted copy or download?); use a complete copy. "
            "(A file written by hand may say format_version: 1 instead.)",
        )
    line = line_of(data, END_KEY)
    if list(data)[-1] != END_KEY:
        return Problem(
            shown,
            line,
            f"'{END_KEY}:' must be the last section (something was added after it); "
            "use the file as cqc-tui wrote it",
        )
    counts = data[END_KEY]
    if not isinstance(counts, dict):
        return Problem(shown, line, f"'{END_KEY}:' must give the number of records in each section")
    for table in LIST_TABLES:
        items = data.get(table)
        held = len(items) if isinstance(items, list) else 0
        said = counts.get(table)
        if said != held or isinstance(said, bool):
            return Problem(
                shown,
                line_of(counts, table, line),
                f"'{END_KEY}:' counts {shown_count(said)} {table} but the file holds {held}: records "
                "were removed or added after it was written, or it was cut; use a complete copy (or, "
                "for a deliberate edit, correct the count)",
            )
    for key in counts:
        if key not in LIST_TABLES:
            return Problem(
                shown, line_of(counts, key, line), f"'{END_KEY}:' names an unknown section '{key}'"
            )
    return None


def shown_count(value: Any) -> str:
    """A record count for a message: 'no' for None, else the value as shown text."""
    return "no" if value is None else shown(value, 20)


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
    fv = data.get("format_version")
    if not isinstance(fv, int) or isinstance(fv, bool):
        raise FileProblems(
            [Problem(shown, line_of(data, "format_version"), "'format_version' must be 1")]
        )
    if fv > FORMAT_VERSION:
        raise FileProblems(
            [
                Problem(
                    shown,
                    line_of(data, "format_version"),
                    f"format_version {fv} is newer than this cqc-tui reads ({FORMAT_VERSION}); "
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
    end_problem = _end_problem(data, fv, shown)
    if end_problem is not None:
        raise FileProblems([end_problem])
    if "review" not in data:
        raise FileProblems([Problem(shown, line_of(data), "has no 'review' section")])
    review = _build("review", data["review"], "review", shown, problems, line_of(data, "review"))
    if not isinstance(review, Review):  # None: its problems are listed
        raise FileProblems(problems)
    fw = frameworks.get(review.framework_id, review.framework_version or None)
    if fw is None:
        problems.append(
            Problem(
                shown,
                line_of(data["review"], "framework_id"),
                f"review.framework_id {review.framework_id!r} is not an installed framework; "
                f"installed: {', '.join(sorted({f.id for f in frameworks.all()}))}",
            )
        )
        raise FileProblems(problems)
    if not review.framework_version:
        review = dataclasses.replace(review, framework_version=fw.version)
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
            rec = _build(table, raw, f"{table}[{index + 1}]", shown, problems, line)
            if rec is None:
                continue
            if rec.id in seen_ids:
                problems.append(
                    Problem(
                        shown,
                        line,
                        f"{table}[{index + 1}] id {rec.id} is used twice (also line "
                        f"{seen_ids[rec.id]}); ids must be unique",
                    )
                )
                continue
            seen_ids[rec.id] = line
            lines_of[id(rec)] = line
            records.append(rec)
    by_table: dict[str, set] = {}
    for rec in records:
        by_table.setdefault(rec.TABLE, set()).add(rec.id)
    ctx = Context(
        fw,
        by_table.get("scope_units", set()),
        by_table.get("notes", set()),
        by_table.get("recommendations", set()),
        {loc.get("id") for loc in review.locations if isinstance(loc, dict)},
        by_table.get("actions", set()),
        by_table.get("reporting_rounds", set()),
    )
    for msg in check_record(review, ctx):
        problems.append(Problem(shown, line_of(data["review"]), f"review: {msg}"))
    counters: dict[str, int] = {}
    for rec in records:
        counters[rec.TABLE] = counters.get(rec.TABLE, 0) + 1
        for msg in check_record(rec, ctx):
            problems.append(
                Problem(shown, lines_of.get(id(rec)), f"{rec.TABLE}[{counters[rec.TABLE]}]: {msg}")
            )
    files = data.get(ATTACHMENT_FILES) or {}
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
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
    for rec in records:
        if rec.TABLE != "notes":
            continue
        note_number += 1
        for item in getattr(rec, "attachments", ()):
            if isinstance(item, dict) and item.get("sha256") not in files:
                problems.append(
                    Problem(
                        shown,
                        lines_of.get(id(rec)),
                        f"notes[{note_number}]: attachment {item.get('name')!r} is not carried "
                        f"in '{ATTACHMENT_FILES}'; dump the review again with its attachments",
                    )
                )
    if problems:
        raise FileProblems(problems)
    return ParsedReview(shown, review, records, dict(files))


@dataclass(frozen=True)
class ReplaceSummary:
    """What replacing a review would change: counts of live records, old -> new."""

    title: str
    old: dict[str, int]
    new: dict[str, int]

    def lines(self) -> list[str]:
        """One line per kind of record, e.g. 'notes: 17 -> 12 (5 fewer)'."""
        out = []
        for table in (
            "notes",
            "ratings",
            "scores",
            "findings",
            "recommendations",
            "actions",
            "members",
            "scope_units",
        ):
            old, new = self.old.get(table, 0), self.new.get(table, 0)
            if old == 0 and new == 0:
                continue
            change = (
                f" ({old - new} fewer)"
                if new < old
                else (f" ({new - old} more)" if new > old else "")
            )
            out.append(f"{table.replace('_', ' ')}: {old} -> {new}{change}")
        return out

    @property
    def loses_records(self) -> bool:
        """Whether the replacement would hold fewer records of some table than the review now has."""
        return any(self.new.get(t, 0) < n for t, n in self.old.items())


def _live_counts(records: list[Record]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for rec in records:
        if not rec.deleted:
            counts[rec.TABLE] = counts.get(rec.TABLE, 0) + 1
    return counts


def replace_summary(workspace: Any, parsed: ParsedReview) -> ReplaceSummary | None:
    """What importing `parsed` over the review already in the workspace would change (None when
    the workspace does not hold that review)."""
    folder = workspace.folder(parsed.review.id)
    if not folder.is_dir():
        return None
    with workspace.open_id(parsed.review.id, readonly=True) as session:
        old = _live_counts(
            [r for table in LIST_TABLES for r in session.store.tables.get(table, {}).values()]
        )
        title = session.review.title
    return ReplaceSummary(title, old, _live_counts(parsed.records))


def import_review(
    workspace: Any,
    path: str | Path,
    replace: bool = False,
    skip_existing: bool = False,
    parsed: ParsedReview | None = None,
) -> tuple[str, str]:
    """Import a review file into the workspace. Returns (status, review id): imported/replaced/skipped.

    All or nothing: the review is built whole in a hidden staging folder and put in place with one
    rename; a replace moves the old copy to trash/ and the new one in under an intent record
    (staging.swap), so a crash at any moment leaves the old review or the new one listed."""
    if parsed is None:
        parsed = parse_review_file(path, workspace.frameworks)
    workspace.ensure()
    folder = workspace.folder(parsed.review.id)
    exists = folder.exists()
    if exists and skip_existing:
        return "skipped", parsed.review.id
    if exists and not replace:
        raise StoreError(
            f"review '{parsed.review.title}' ({parsed.review.id[:8]}) is already in the workspace; "
            "use --replace to replace it (the old copy is kept in the workspace's trash folder)"
        )
    staging = new_staging_folder(workspace.reviews_dir, parsed.review.id)
    try:
        store = ReviewStore.create(staging, parsed.review)
        try:
            for (
                note
            ) in parsed.records:  # the files first: a note is never saved before what it cites
                for item in getattr(note, "attachments", ()):
                    sha = item["sha256"]
                    attachments.store_encoded(
                        staging, sha, item["name"], parsed.attachment_files[sha]
                    )
            store.save_many(parsed.records)
        except BaseException:
            store.close(compact=False)
            raise
        store.close()
        if exists:
            swap(workspace.home, staging, folder, parsed.review.title)
        else:
            install(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ("replaced" if exists else "imported"), parsed.review.id
