"""Review types as data (templates/review_types/*.yaml): what a review type rates and reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cqc_tui.core.errors import FileProblems, Problem, display_path
from cqc_tui.core.framework import SLUG, Checker
from cqc_tui.core.yamlio import line_of, load_yaml_with_lines

FORMAT = "cqc-tui-review-type"


@dataclass(frozen=True)
class ReportSection:
    id: str
    title: str
    options: dict


@dataclass(frozen=True)
class ReviewType:
    code: str
    label: str
    description: str
    rated: bool
    scope_unit_label: str
    scope_unit_plural: str
    sections: tuple[ReportSection, ...]
    path: str = ""
    default_framework: str = (
        ""  # framework id a new review of this type starts with, when installed
    )


def parse_review_type(path: Path) -> ReviewType:
    shown = display_path(path)
    data = load_yaml_with_lines(path)
    checker = Checker(shown)
    if not checker.mapping(data, "the review type file", 1):
        raise FileProblems(checker.problems)
    checker.unknown_keys(
        data,
        (
            "format",
            "code",
            "label",
            "description",
            "rated",
            "scope_unit_label",
            "scope_unit_plural",
            "default_framework",
            "report",
        ),
        "the review type",
    )
    if data.get("format") != FORMAT:
        checker.add(line_of(data, "format"), f"'format' must be '{FORMAT}'")
        raise FileProblems(checker.problems)
    code = checker.text(data, "code", "the review type")
    if code and not SLUG.match(code):
        checker.add(line_of(data, "code"), f"code '{code}' must be a lower-case slug")
    label = checker.text(data, "label", "the review type")
    description = checker.text(data, "description", "the review type", required=False) or ""
    rated = data.get("rated")
    if not isinstance(rated, bool):
        checker.add(line_of(data, "rated"), "'rated' must be true or false")
    unit = checker.text(data, "scope_unit_label", "the review type") or "Scope unit"
    plural = (
        checker.text(data, "scope_unit_plural", "the review type", required=False) or unit + "s"
    )
    default_framework = (
        checker.text(data, "default_framework", "the review type", required=False) or ""
    )
    sections: list[ReportSection] = []
    report = data.get("report")
    if not checker.mapping(report, "report", line_of(data, "report")):
        raise FileProblems(checker.problems)
    raw = report.get("sections")
    if checker.seq(raw, "report.sections", line_of(report, "sections")):
        for i, s in enumerate(raw):
            where = f"report.sections[{i + 1}]"
            if not checker.mapping(s, where, getattr(raw, "item_lines", [None] * (i + 1))[i]):
                continue
            sid = checker.text(s, "id", where)
            title = checker.text(s, "title", where, required=False) or ""
            opts = {k: v for k, v in s.items() if k not in ("id", "title")}
            if sid:
                sections.append(ReportSection(sid, title, dict(opts)))
    if checker.problems or code is None or label is None:  # no code or label added a problem
        raise FileProblems(checker.problems)
    return ReviewType(
        code,
        label,
        description,
        bool(rated),
        unit,
        plural,
        tuple(sections),
        str(path),
        default_framework,
    )


@dataclass
class ReviewTypeSet:
    types: dict
    unusable: list

    def get(self, code: str) -> ReviewType | None:
        return self.types.get(code)

    def all(self) -> list[ReviewType]:
        return sorted(self.types.values(), key=lambda t: t.label)


def load_review_types(dirs: Iterable[Path]) -> ReviewTypeSet:
    types: dict[str, ReviewType] = {}
    unusable: list[Problem] = []
    for d in dirs:
        d = Path(d)
        if not d.is_dir():
            continue
        for path in sorted(d.glob("*.yaml")):
            try:
                rt = parse_review_type(path)
            except FileProblems as exc:
                unusable.extend(exc.problems)
                continue
            types[rt.code] = rt
    return ReviewTypeSet(types, unusable)
