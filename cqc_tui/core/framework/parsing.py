"""Reading a framework file: every problem is reported as file:line with what to change, and a
file with any problem gives no framework (FileProblems lists them all). See docs/frameworks.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cqc_tui.core.errors import FileProblems, display_path
from cqc_tui.core.framework.checker import (
    CODE,
    SLUG,
    Checker,
    code_label_list,
    codes_list,
    item_line,
    text_list,
)
from cqc_tui.core.framework.model import (
    KEY_QUESTION_CODES,
    KINDS,
    LEVELS,
    Framework,
    KeyQuestion,
    Line,
    Prompt,
    RatingDef,
    RatingScale,
)
from cqc_tui.core.framework.rating_parsing import parse_aggregation, parse_scoring
from cqc_tui.core.yamlio import line_of, load_yaml_with_lines

FORMAT = "cqc-tui-framework"
FORMAT_VERSION = 1
COLOUR = re.compile(r"^[0-9A-Fa-f]{6}$")
TOP_KEYS = (
    "format",
    "format_version",
    "id",
    "version",
    "title",
    "description",
    "kind",
    "line_label",
    "review_types",
    "rated",
    "service_types",
    "scope_units",
    "rating_scale",
    "key_questions",
    "evidence_categories",
    "scoring",
    "aggregation",
)
LINE_KEYS = ("code", "title", "question", "prompts", "characteristics", "i_statements", "subtopics")


def parse_framework(path: str | Path, text: str | None = None) -> Framework:
    """Parse and validate one framework file. Raises FileProblems with every problem found."""
    return framework_from_tree(path, load_yaml_with_lines(path, text))


def framework_from_tree(path: str | Path, data: Any) -> Framework:
    """Validate the YAML tree of a framework file (as load_yaml_with_lines gives it) and build the
    framework. Raises FileProblems with every problem found, each at the file's line."""
    shown = display_path(path)
    checker = Checker(shown)
    if not checker.mapping(data, "the framework file", 1):
        raise FileProblems(checker.problems)
    checker.unknown_keys(data, TOP_KEYS, "the framework")
    file_format = data.get("format")
    if file_format != FORMAT:
        checker.add(
            line_of(data, "format"),
            f"'format' must be '{FORMAT}' (found {file_format!r}); is this a framework file?",
        )
        raise FileProblems(checker.problems)
    format_version = data.get("format_version")
    if not isinstance(format_version, int) or isinstance(format_version, bool):
        checker.add(line_of(data, "format_version"), "'format_version' must be a whole number (1)")
    elif format_version > FORMAT_VERSION:
        checker.add(
            line_of(data, "format_version"),
            f"format_version {format_version} is newer than this cqc-tui understands ({FORMAT_VERSION}); "
            "upgrade cqc-tui",
        )
    framework_id = checker.text(data, "id", "the framework")
    if framework_id and not SLUG.match(framework_id):
        checker.add(
            line_of(data, "id"),
            f"id '{framework_id}' must be lower-case letters, digits and '-' (e.g. 'kloe-healthcare')",
        )
    version = checker.text(data, "version", "the framework")
    title = checker.text(data, "title", "the framework")
    description = checker.text(data, "description", "the framework", required=False) or ""
    kind = checker.text(data, "kind", "the framework")
    if kind and kind not in KINDS:
        checker.add(line_of(data, "kind"), f"kind '{kind}' is not one of {', '.join(KINDS)}")
    line_label = checker.text(data, "line_label", "the framework")
    review_types = codes_list(checker, data, "review_types", required=True)
    rated = data.get("rated")
    if not isinstance(rated, bool):
        checker.add(line_of(data, "rated"), "'rated' must be true or false")
        rated = False

    service_types = code_label_list(checker, data, "service_types")
    scope_units = code_label_list(checker, data, "scope_units")
    evidence_categories = code_label_list(checker, data, "evidence_categories")

    scale = None
    if "rating_scale" in data:
        scale = parse_scale(checker, data["rating_scale"], line_of(data, "rating_scale"))
    elif rated:
        checker.add(
            line_of(data), "a rated framework needs a 'rating_scale' (see docs/frameworks.md)"
        )
    rating_codes = scale.all_codes if scale else ()

    seen_codes: dict[str, int | None] = {}
    key_questions = parse_key_questions(checker, data, service_types, scale, seen_codes)

    scoring = None
    if "scoring" in data:
        scoring = parse_scoring(checker, data["scoring"], line_of(data, "scoring"), rating_codes)
    aggregation = None
    if "aggregation" in data:
        aggregation = parse_aggregation(
            checker, data["aggregation"], line_of(data, "aggregation"), scale
        )
    elif rated and kind == "kloe":
        checker.add(
            line_of(data),
            "a rated KLOE framework needs an 'aggregation' block (see docs/frameworks.md)",
        )

    if checker.problems:
        raise FileProblems(checker.problems)
    # No problems recorded: every required text above was found (checker.text records one otherwise).
    assert framework_id and version and title and kind and line_label
    return Framework(
        id=framework_id,
        version=version,
        title=title,
        kind=kind,
        line_label=line_label,
        review_types=tuple(review_types),
        rated=rated,
        key_questions=tuple(key_questions),
        path=str(path),
        description=description,
        service_types=dict(service_types),
        scope_units=tuple(scope_units),
        rating_scale=scale,
        evidence_categories=tuple(evidence_categories),
        scoring=scoring,
        aggregation=aggregation,
    )


def parse_scale(checker: Checker, obj: Any, line: int | None) -> RatingScale | None:
    """The rating scale of a `rating_scale:` block (at least two ratings, codes unique); None, with
    the problems recorded, when it is unusable."""
    if not checker.mapping(obj, "rating_scale", line):
        return None
    checker.unknown_keys(obj, ("ratings", "other"), "rating_scale")
    ratings: list[RatingDef] = []
    other: list[RatingDef] = []
    for key, target in (("ratings", ratings), ("other", other)):
        items = obj.get(key, [] if key == "other" else None)
        if items is None:
            checker.add(line_of(obj), "rating_scale is missing 'ratings' (best first)")
            continue
        if not checker.seq(items, f"rating_scale.{key}", line_of(obj, key)):
            continue
        for index, item in enumerate(items):
            where = f"rating_scale.{key}[{index + 1}]"
            if not checker.mapping(item, where, item_line(items, index, obj, key)):
                continue
            checker.unknown_keys(item, ("code", "label", "colour"), where)
            code = checker.text(item, "code", where)
            label = checker.text(item, "label", where)
            colour = item.get("colour")
            if colour is not None:
                colour = str(colour)
                if not COLOUR.match(colour):
                    checker.add(
                        line_of(item, "colour"),
                        f"{where}.colour '{colour}' must be six hex digits, e.g. 2E8B3E",
                    )
                    colour = None
            if code and label:
                target.append(RatingDef(code, label, colour))
    codes = [rating.code for rating in ratings + other]
    for code in set(codes):
        if codes.count(code) > 1:
            checker.add(
                line_of(obj),
                f"rating code '{code}' appears twice in rating_scale; make codes unique",
            )
    if len(ratings) < 2:
        checker.add(line_of(obj), "rating_scale.ratings needs at least two ratings, best first")
        return None
    return RatingScale(tuple(ratings), tuple(other))


def parse_key_questions(
    checker: Checker, data: dict, service_types: list, scale: RatingScale | None, seen_codes: dict
) -> list[KeyQuestion]:
    """The key questions of a framework with their lines; line and prompt codes are claimed in
    `seen_codes` (every one unique in the file). Problems are recorded, unusable parts left out."""
    if "key_questions" not in data:
        checker.add(line_of(data), "the framework is missing 'key_questions'")
        return []
    raw_questions = data["key_questions"]
    if not checker.seq(raw_questions, "key_questions", line_of(data, "key_questions")):
        return []
    service_codes = {code for code, _ in service_types}
    rating_codes = set(scale.codes) if scale else set()
    out: list[KeyQuestion] = []
    questions_seen: set[str | None] = set()
    for index, raw_question in enumerate(raw_questions):
        where = f"key_questions[{index + 1}]"
        if not checker.mapping(
            raw_question, where, item_line(raw_questions, index, data, "key_questions")
        ):
            continue
        checker.unknown_keys(raw_question, ("code", "label", "question", "level", "lines"), where)
        code = checker.text(raw_question, "code", where)
        if code and code not in KEY_QUESTION_CODES:
            checker.add(
                line_of(raw_question, "code"),
                f"key question code '{code}' must be one of {', '.join(KEY_QUESTION_CODES)}",
            )
        if code in questions_seen:
            checker.add(
                line_of(raw_question, "code"), f"key question '{code}' appears twice; merge them"
            )
        questions_seen.add(code)
        label = checker.text(raw_question, "label", where)
        question = checker.text(raw_question, "question", where)
        level = raw_question.get("level", "unit")
        if level not in LEVELS:
            checker.add(
                line_of(raw_question, "level"),
                f"{where}.level must be 'unit' or 'review', not {level!r}",
            )
            level = "unit"
        lines: list[Line] = []
        raw_lines = raw_question.get("lines")
        if raw_lines is None:
            checker.add(
                line_of(raw_question),
                f"{where} ('{code}') has no 'lines'; add its KLOEs or questions",
            )
        elif checker.seq(raw_lines, f"{where}.lines", line_of(raw_question, "lines")):
            for line_index, raw_line in enumerate(raw_lines):
                line = _parse_line(
                    checker,
                    raw_line,
                    item_line(raw_lines, line_index, raw_question, "lines"),
                    f"{code or where} line {line_index + 1}",
                    code,
                    service_codes,
                    rating_codes,
                    seen_codes,
                )
                if line is not None:
                    lines.append(line)
        if code and label and question:
            out.append(KeyQuestion(code, label, question, level, tuple(lines)))
    if not out and not checker.problems:
        checker.add(
            line_of(data, "key_questions"), "key_questions is empty; add the five key questions"
        )
    return out


def _parse_line(
    checker: Checker,
    raw_line: Any,
    at_line: int | None,
    where: str,
    key_question: str | None,
    service_codes: set,
    rating_codes: set,
    seen_codes: dict,
) -> Line | None:
    """One line of a key question; None when it is unusable (problems recorded)."""
    if not checker.mapping(raw_line, where, at_line):
        return None
    checker.unknown_keys(raw_line, LINE_KEYS, where)
    line_code = checker.text(raw_line, "code", where)
    if line_code:
        where = line_code
        claim_code(checker, seen_codes, line_code, line_of(raw_line, "code"))
    title = checker.text(raw_line, "title", where)
    question = checker.text(raw_line, "question", where)
    prompts = parse_prompts(checker, raw_line, where, service_codes, seen_codes)
    characteristics = {}
    if "characteristics" in raw_line:
        raw = raw_line["characteristics"]
        if checker.mapping(raw, f"{where}.characteristics", line_of(raw_line, "characteristics")):
            for rating_code, text in raw.items():
                if rating_code not in rating_codes:
                    checker.add(
                        line_of(raw, rating_code),
                        f"{where}.characteristics names '{rating_code}', which is not a rating on this "
                        f"framework's scale ({', '.join(sorted(rating_codes)) or 'no scale'})",
                    )
                elif not isinstance(text, str) or not text.strip():
                    checker.add(
                        line_of(raw, rating_code),
                        f"{where}.characteristics.{rating_code} must be text",
                    )
                else:
                    characteristics[rating_code] = text.strip()
    i_statements = text_list(checker, raw_line, "i_statements", where)
    subtopics = text_list(checker, raw_line, "subtopics", where)
    if not (line_code and title and question and key_question):
        return None
    return Line(
        line_code,
        title,
        question,
        key_question,
        tuple(prompts),
        characteristics,
        tuple(i_statements),
        tuple(subtopics),
    )


def claim_code(checker: Checker, seen: dict, code: str, line: int | None) -> None:
    """Record `code` as used at `line`; a problem when it is malformed or already used."""
    if not CODE.match(code):
        checker.add(line, f"code '{code}' may use only letters, digits, '.', '_' and '-'")
    if code in seen:
        checker.add(
            line,
            f"code '{code}' is already used on line {seen[code]}; every line and prompt code must "
            "be unique",
        )
    else:
        seen[code] = line


def parse_prompts(
    checker: Checker, raw_line: dict, where: str, service_codes: set, seen_codes: dict
) -> list[Prompt]:
    """The prompts of a line; `applies_to` may name only declared service types (problems recorded)."""
    raw = raw_line.get("prompts")
    if raw is None:
        return []
    if not checker.seq(raw, f"{where}.prompts", line_of(raw_line, "prompts")):
        return []
    out = []
    for index, raw_prompt in enumerate(raw):
        prompt_where = f"{where} prompt {index + 1}"
        if not checker.mapping(
            raw_prompt, prompt_where, item_line(raw, index, raw_line, "prompts")
        ):
            continue
        checker.unknown_keys(raw_prompt, ("code", "text", "applies_to"), prompt_where)
        prompt_code = checker.text(raw_prompt, "code", prompt_where)
        if prompt_code:
            claim_code(checker, seen_codes, prompt_code, line_of(raw_prompt, "code"))
        prompt_text = checker.text(raw_prompt, "text", prompt_code or prompt_where)
        applies: tuple[str, ...] | None = None
        if "applies_to" in raw_prompt:
            raw_applies = raw_prompt["applies_to"]
            if checker.seq(
                raw_applies,
                f"{prompt_code or prompt_where}.applies_to",
                line_of(raw_prompt, "applies_to"),
            ):
                service_types = []
                for service_type in raw_applies:
                    if service_type not in service_codes:
                        checker.add(
                            line_of(raw_prompt, "applies_to"),
                            f"{prompt_code or prompt_where}.applies_to names service type '{service_type}', "
                            "which is not declared in service_types "
                            f"({', '.join(sorted(service_codes)) or 'none declared'})",
                        )
                    else:
                        service_types.append(service_type)
                applies = tuple(service_types)
        if prompt_code and prompt_text:
            out.append(Prompt(prompt_code, prompt_text, applies))
    return out
