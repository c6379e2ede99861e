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
    """A section of a review type's report: its id, title and options."""

    id: str
    title: str
    options: dict


@dataclass(frozen=True)
class ReviewType:
    """A kind of review: whether it is rated, what its scope units are called, its report sections."""

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
    # Whether the key questions a framework assesses at provider level (a trust's well-led) must
    # be rated in every review of this type (REQUIRED), or only when the team recorded something
    # at that level (WHEN_RECORDED: a focused inspection of one core service does not rate the
    # trust as a whole).
    provider_level: str = "required"


PROVIDER_LEVEL_REQUIRED = "required"
PROVIDER_LEVEL_WHEN_RECORDED = "when_recorded"
PROVIDER_LEVEL_CHOICES = (PROVIDER_LEVEL_REQUIRED, PROVIDER_LEVEL_WHEN_RECORDED)


def parse_review_type(path: Path) -> ReviewType:
    """Read and check one review type file. Raises FileProblems with every problem found."""
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
            "provider_level",
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
    provider_level = data.get("provider_level", PROVIDER_LEVEL_REQUIRED)
    if provider_level not in PROVIDER_LEVEL_CHOICES:
        checker.add(
            line_of(data, "provider_level"),
            f"'provider_level' must be one of: {', '.join(PROVIDER_LEVEL_CHOICES)}",
        )
    sections: list[ReportSection] = []
    report = data.get("report")
    if not checker.mapping(report, "report", line_of(data, "report")):
        raise FileProblems(checker.problems)
    raw = report.get("sections")
    if checker.seq(raw, "report.sections", line_of(report, "sections")):
        for index, raw_section in enumerate(raw):
            where = f"report.sections[{index + 1}]"
            if not checker.mapping(
                raw_section, where, getattr(raw, "item_lines", [None] * (index + 1))[index]
            ):
                continue
            section_id = checker.text(raw_section, "id", where)
            title = checker.text(raw_section, "title", where, required=False) or ""
            options = {
                key: value for key, value in raw_section.items() if key not in ("id", "title")
            }
            if section_id:
                sections.append(ReportSection(section_id, title, dict(options)))
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
        str(provider_level),
    )


@dataclass
class ReviewTypeSet:
    """The review types found, by code, and the problems of the files that could not be used."""

    types: dict
    unusable: list

    def get(self, code: str) -> ReviewType | None:
        """The review type with `code`, None when there is none."""
        return self.types.get(code)

    def all(self) -> list[ReviewType]:
        """Every review type, by label."""
        return sorted(self.types.values(), key=lambda review_type: review_type.label)


def load_review_types(dirs: Iterable[Path]) -> ReviewTypeSet:
    """Load every review type file (*.yaml) in `dirs`; a later folder's type replaces an earlier
    one of the same code."""
    types: dict[str, ReviewType] = {}
    unusable: list[Problem] = []
    for directory in dirs:
        directory = Path(directory)
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.yaml")):
            try:
                review_type = parse_review_type(path)
            except FileProblems as exc:
                unusable.extend(exc.problems)
                continue
            types[review_type.code] = review_type
    return ReviewTypeSet(types, unusable)
