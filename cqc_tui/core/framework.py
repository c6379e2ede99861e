"""Load and validate inspection frameworks from YAML (see docs/frameworks.md).

Every problem is reported as file:line with what to change. A broken framework never stops the
others loading: `load_frameworks` returns the good ones and a list of unusable files with reasons.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from cqc_tui.core.errors import FileProblems, Problem, display_path
from cqc_tui.core.framework_cache import BadCache, encode_tree, file_key, read_cache, write_cache
from cqc_tui.core.yamlio import LDict, LList, line_of, load_yaml_with_lines

FORMAT = "cqc-tui-framework"
FORMAT_VERSION = 1
KEY_QUESTION_CODES = ("safe", "effective", "caring", "responsive", "well-led")
KINDS = ("kloe", "quality_statements", "lines_of_enquiry")
LEVELS = ("unit", "review")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
COLOUR = re.compile(r"^[0-9A-Fa-f]{6}$")
COND_KEYS_FIXED = ("n", "below_good")
LIMITER_APPLIES = ("linked", "overall", "key_question")


@dataclass(frozen=True)
class RatingDef:
    code: str
    label: str
    colour: str | None = None


@dataclass(frozen=True)
class RatingScale:
    ratings: tuple[RatingDef, ...]  # best first
    other: tuple[RatingDef, ...]

    def rank(self, code: str) -> int | None:
        """Higher is better; None for codes that are not on the scale (not rated ...)."""
        for i, r in enumerate(self.ratings):
            if r.code == code:
                return len(self.ratings) - i
        return None

    def by_rank(self, rank: int) -> str:
        return self.ratings[len(self.ratings) - rank].code

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.ratings)

    @property
    def all_codes(self) -> tuple[str, ...]:
        return self.codes + tuple(r.code for r in self.other)

    def label(self, code: str | None) -> str:
        for r in self.ratings + self.other:
            if r.code == code:
                return r.label
        return code or ""

    def colour(self, code: str | None) -> str | None:
        for r in self.ratings:
            if r.code == code:
                return r.colour
        return None

    def lowest(self) -> str:
        return self.ratings[-1].code


@dataclass(frozen=True)
class Prompt:
    code: str
    text: str
    applies_to: tuple[str, ...] | None = None

    def applies(self, service_types: Iterable[str] | None) -> bool:
        if self.applies_to is None or not service_types:
            return True
        return bool(set(self.applies_to) & set(service_types))


@dataclass(frozen=True)
class Line:
    """One KLOE, quality statement or line of enquiry."""

    code: str
    title: str
    question: str
    key_question: str
    prompts: tuple[Prompt, ...] = ()
    characteristics: dict = field(default_factory=dict, hash=False, compare=False)
    i_statements: tuple[str, ...] = ()
    subtopics: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyQuestion:
    code: str
    label: str
    question: str
    level: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    when: dict
    result: str
    text: str
    verified: bool = True


@dataclass(frozen=True)
class RuleSet:
    id: str
    label: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Limiter:
    id: str
    label: str
    applies: str
    cap: str
    text: str = ""
    key_question: str | None = None


@dataclass(frozen=True)
class Aggregation:
    default_rule_set: str
    rule_sets: dict
    limiters: tuple[Limiter, ...] = ()
    provider_level_not_aggregated: tuple[str, ...] = ()

    def limiter(self, limiter_id: str) -> Limiter | None:
        return next((lim for lim in self.limiters if lim.id == limiter_id), None)


@dataclass(frozen=True)
class ScoringMethod:
    id: str
    label: str
    from_date: str | None = None
    until: str | None = None


@dataclass(frozen=True)
class Band:
    rating: str
    min: float
    max: float


@dataclass(frozen=True)
class Scoring:
    scores: tuple[tuple[int, str], ...]
    methods: tuple[ScoringMethod, ...]
    bands: tuple[Band, ...]
    overall_method: str | None = None
    rating_scores: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def max_score(self) -> int:
        return max(v for v, _ in self.scores)

    def band_for(self, percent: float) -> str:
        """The band's rating for a percentage, rounded half up to a whole number first (62.5 -> 63)."""
        whole = int(percent + 0.5) if percent >= 0 else -int(-percent + 0.5)
        for b in self.bands:
            if b.min <= whole <= b.max:
                return b.rating
        raise ValueError(f"no band covers {percent}%")


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    title: str
    kind: str
    line_label: str
    review_types: tuple[str, ...]
    rated: bool
    key_questions: tuple[KeyQuestion, ...]
    path: str = ""
    description: str = ""
    service_types: dict = field(default_factory=dict, hash=False, compare=False)
    scope_units: tuple[tuple[str, str], ...] = ()
    rating_scale: RatingScale | None = None
    evidence_categories: tuple[tuple[str, str], ...] = ()
    scoring: Scoring | None = None
    aggregation: Aggregation | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.version)

    def key_question(self, code: str) -> KeyQuestion | None:
        return next((kq for kq in self.key_questions if kq.code == code), None)

    def lines(self) -> list[Line]:
        return [ln for kq in self.key_questions for ln in kq.lines]

    def line(self, code: str) -> Line | None:
        return self._line_index().get(code)

    def _line_index(self) -> dict:
        idx = self.__dict__.get("_lines_by_code")
        if idx is None:
            idx = {ln.code: ln for ln in self.lines()}
            object.__setattr__(self, "_lines_by_code", idx)
        return idx

    def key_question_of(self, line_code: str) -> str | None:
        ln = self.line(line_code)
        return ln.key_question if ln else None

    def rating_codes(self) -> tuple[str, ...]:
        return self.rating_scale.all_codes if self.rating_scale else ()


# ----------------------------------------------------------------------------- validation


class _Checker:
    """Collects problems while walking a parsed framework file."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, obj: Any, where: str, line: int | None) -> bool:
        if not isinstance(obj, dict):
            self.add(line_of(obj, default=line), f"{where} must be a mapping of keys to values, not {_kind(obj)}")
            return False
        return True

    def seq(self, obj: Any, where: str, line: int | None) -> bool:
        if not isinstance(obj, list):
            self.add(line_of(obj, default=line), f"{where} must be a list (lines starting with '- '), not {_kind(obj)}")
            return False
        return True

    def text(self, parent: dict, key: str, where: str, required: bool = True) -> str | None:
        if key not in parent:
            if required:
                self.add(line_of(parent), f"{where} is missing '{key}'; add '{key}: ...'")
            return None
        value = parent[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.add(line_of(parent, key), f"{where}.{key} must be non-empty text, not {_kind(value)}")
            return None
        return value.strip()

    def unknown_keys(self, obj: dict, allowed: Iterable[str], where: str) -> None:
        allowed = list(allowed)
        for key in obj:
            if key not in allowed:
                hint = difflib.get_close_matches(str(key), allowed, n=1)
                fix = f"did you mean '{hint[0]}'?" if hint else f"allowed keys: {', '.join(allowed)}"
                self.add(line_of(obj, key), f"{where} has an unknown key '{key}'; {fix}")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", LDict: "a mapping", list: "a list", LList: "a list", str: "text",
            int: "a number", float: "a number", bool: "true/false"}.get(type(value), type(value).__name__)


TOP_KEYS = ("format", "format_version", "id", "version", "title", "description", "kind", "line_label",
            "review_types", "rated", "service_types", "scope_units", "rating_scale", "key_questions",
            "evidence_categories", "scoring", "aggregation")


def parse_framework(path: str | Path, text: str | None = None) -> Framework:
    """Parse and validate one framework file. Raises FileProblems with every problem found."""
    return framework_from_tree(path, load_yaml_with_lines(path, text))


def framework_from_tree(path: str | Path, data: Any) -> Framework:
    """Validate the YAML tree of a framework file (as load_yaml_with_lines gives it) and build the
    framework. Raises FileProblems with every problem found, each at the file's line."""
    shown = display_path(path)
    c = _Checker(shown)
    if not c.mapping(data, "the framework file", 1):
        raise FileProblems(c.problems)
    c.unknown_keys(data, TOP_KEYS, "the framework")
    fmt = data.get("format")
    if fmt != FORMAT:
        c.add(line_of(data, "format"), f"'format' must be '{FORMAT}' (found {fmt!r}); is this a framework file?")
        raise FileProblems(c.problems)
    fv = data.get("format_version")
    if not isinstance(fv, int) or isinstance(fv, bool):
        c.add(line_of(data, "format_version"), "'format_version' must be a whole number (1)")
    elif fv > FORMAT_VERSION:
        c.add(line_of(data, "format_version"),
              f"format_version {fv} is newer than this cqc-tui understands ({FORMAT_VERSION}); upgrade cqc-tui")
    fid = c.text(data, "id", "the framework")
    if fid and not SLUG.match(fid):
        c.add(line_of(data, "id"), f"id '{fid}' must be lower-case letters, digits and '-' (e.g. 'kloe-healthcare')")
    version = c.text(data, "version", "the framework")
    title = c.text(data, "title", "the framework")
    description = c.text(data, "description", "the framework", required=False) or ""
    kind = c.text(data, "kind", "the framework")
    if kind and kind not in KINDS:
        c.add(line_of(data, "kind"), f"kind '{kind}' is not one of {', '.join(KINDS)}")
    line_label = c.text(data, "line_label", "the framework")
    review_types = _codes_list(c, data, "review_types", required=True)
    rated = data.get("rated")
    if not isinstance(rated, bool):
        c.add(line_of(data, "rated"), "'rated' must be true or false")
        rated = False

    service_types = _code_label_list(c, data, "service_types")
    scope_units = _code_label_list(c, data, "scope_units")
    evidence_categories = _code_label_list(c, data, "evidence_categories")

    scale = None
    if "rating_scale" in data:
        scale = _parse_scale(c, data["rating_scale"], line_of(data, "rating_scale"))
    elif rated:
        c.add(line_of(data), "a rated framework needs a 'rating_scale' (see docs/frameworks.md)")
    rating_codes = scale.all_codes if scale else ()

    seen_codes: dict[str, int | None] = {}
    key_questions = _parse_key_questions(c, data, service_types, scale, seen_codes)

    scoring = None
    if "scoring" in data:
        scoring = _parse_scoring(c, data["scoring"], line_of(data, "scoring"), rating_codes)
    aggregation = None
    if "aggregation" in data:
        aggregation = _parse_aggregation(c, data["aggregation"], line_of(data, "aggregation"), scale)
    elif rated and kind == "kloe":
        c.add(line_of(data), "a rated KLOE framework needs an 'aggregation' block (see docs/frameworks.md)")

    if c.problems:
        raise FileProblems(c.problems)
    return Framework(
        id=fid, version=version, title=title, kind=kind, line_label=line_label,
        review_types=tuple(review_types), rated=rated, key_questions=tuple(key_questions),
        path=str(path), description=description, service_types=dict(service_types),
        scope_units=tuple(scope_units), rating_scale=scale,
        evidence_categories=tuple(evidence_categories), scoring=scoring, aggregation=aggregation,
    )


def _codes_list(c: _Checker, parent: dict, key: str, required: bool = False) -> list[str]:
    if key not in parent:
        if required:
            c.add(line_of(parent), f"the framework is missing '{key}'; add a list such as '{key}: [a, b]'")
        return []
    value = parent[key]
    if not c.seq(value, key, line_of(parent, key)):
        return []
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not SLUG.match(item):
            c.add(_item_line(value, i, parent, key), f"{key} item {item!r} must be a lower-case code")
        else:
            out.append(item)
    return out


def _item_line(seq: Any, i: int, parent: Any = None, key: str | None = None) -> int | None:
    lines = getattr(seq, "item_lines", None)
    if lines and i < len(lines):
        return lines[i]
    return line_of(parent, key) if parent is not None else None


def _code_label_list(c: _Checker, parent: dict, key: str) -> list[tuple[str, str]]:
    if key not in parent:
        return []
    value = parent[key]
    if not c.seq(value, key, line_of(parent, key)):
        return []
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        where = f"{key}[{i + 1}]"
        if not c.mapping(item, where, _item_line(value, i, parent, key)):
            continue
        code = c.text(item, "code", where)
        label = c.text(item, "label", where)
        if code and not CODE.match(code):
            c.add(line_of(item, "code"), f"{where}.code '{code}' may use only letters, digits, '.', '_' and '-'")
        if code in seen:
            c.add(line_of(item, "code"), f"{where}.code '{code}' is used twice in {key}; make it unique")
        if code and label:
            seen.add(code)
            out.append((code, label))
    return out


def _parse_scale(c: _Checker, obj: Any, line: int | None) -> RatingScale | None:
    if not c.mapping(obj, "rating_scale", line):
        return None
    c.unknown_keys(obj, ("ratings", "other"), "rating_scale")
    ratings: list[RatingDef] = []
    other: list[RatingDef] = []
    for key, target in (("ratings", ratings), ("other", other)):
        items = obj.get(key, [] if key == "other" else None)
        if items is None:
            c.add(line_of(obj), "rating_scale is missing 'ratings' (best first)")
            continue
        if not c.seq(items, f"rating_scale.{key}", line_of(obj, key)):
            continue
        for i, item in enumerate(items):
            where = f"rating_scale.{key}[{i + 1}]"
            if not c.mapping(item, where, _item_line(items, i, obj, key)):
                continue
            c.unknown_keys(item, ("code", "label", "colour"), where)
            code = c.text(item, "code", where)
            label = c.text(item, "label", where)
            colour = item.get("colour")
            if colour is not None:
                colour = str(colour)
                if not COLOUR.match(colour):
                    c.add(line_of(item, "colour"), f"{where}.colour '{colour}' must be six hex digits, e.g. 2E8B3E")
                    colour = None
            if code and label:
                target.append(RatingDef(code, label, colour))
    codes = [r.code for r in ratings + other]
    for code in set(codes):
        if codes.count(code) > 1:
            c.add(line_of(obj), f"rating code '{code}' appears twice in rating_scale; make codes unique")
    if len(ratings) < 2:
        c.add(line_of(obj), "rating_scale.ratings needs at least two ratings, best first")
        return None
    return RatingScale(tuple(ratings), tuple(other))


LINE_KEYS = ("code", "title", "question", "prompts", "characteristics", "i_statements", "subtopics")


def _parse_key_questions(c: _Checker, data: dict, service_types: list, scale: RatingScale | None,
                         seen_codes: dict) -> list[KeyQuestion]:
    if "key_questions" not in data:
        c.add(line_of(data), "the framework is missing 'key_questions'")
        return []
    kqs = data["key_questions"]
    if not c.seq(kqs, "key_questions", line_of(data, "key_questions")):
        return []
    service_codes = {code for code, _ in service_types}
    rating_codes = set(scale.codes) if scale else set()
    out: list[KeyQuestion] = []
    kq_seen: set[str] = set()
    for i, kq in enumerate(kqs):
        where = f"key_questions[{i + 1}]"
        if not c.mapping(kq, where, _item_line(kqs, i, data, "key_questions")):
            continue
        c.unknown_keys(kq, ("code", "label", "question", "level", "lines"), where)
        code = c.text(kq, "code", where)
        if code and code not in KEY_QUESTION_CODES:
            c.add(line_of(kq, "code"), f"key question code '{code}' must be one of {', '.join(KEY_QUESTION_CODES)}")
        if code in kq_seen:
            c.add(line_of(kq, "code"), f"key question '{code}' appears twice; merge them")
        kq_seen.add(code)
        label = c.text(kq, "label", where)
        question = c.text(kq, "question", where)
        level = kq.get("level", "unit")
        if level not in LEVELS:
            c.add(line_of(kq, "level"), f"{where}.level must be 'unit' or 'review', not {level!r}")
            level = "unit"
        lines: list[Line] = []
        raw_lines = kq.get("lines")
        if raw_lines is None:
            c.add(line_of(kq), f"{where} ('{code}') has no 'lines'; add its KLOEs or questions")
        elif c.seq(raw_lines, f"{where}.lines", line_of(kq, "lines")):
            for j, ln in enumerate(raw_lines):
                lwhere = f"{code or where} line {j + 1}"
                if not c.mapping(ln, lwhere, _item_line(raw_lines, j, kq, "lines")):
                    continue
                c.unknown_keys(ln, LINE_KEYS, lwhere)
                lcode = c.text(ln, "code", lwhere)
                if lcode:
                    lwhere = lcode
                    _claim_code(c, seen_codes, lcode, line_of(ln, "code"))
                ltitle = c.text(ln, "title", lwhere)
                lquestion = c.text(ln, "question", lwhere)
                prompts = _parse_prompts(c, ln, lwhere, service_codes, seen_codes)
                chars = {}
                if "characteristics" in ln:
                    raw = ln["characteristics"]
                    if c.mapping(raw, f"{lwhere}.characteristics", line_of(ln, "characteristics")):
                        for rcode, text in raw.items():
                            if rcode not in rating_codes:
                                c.add(line_of(raw, rcode),
                                      f"{lwhere}.characteristics names '{rcode}', which is not a rating on this "
                                      f"framework's scale ({', '.join(sorted(rating_codes)) or 'no scale'})")
                            elif not isinstance(text, str) or not text.strip():
                                c.add(line_of(raw, rcode), f"{lwhere}.characteristics.{rcode} must be text")
                            else:
                                chars[rcode] = text.strip()
                i_st = _text_list(c, ln, "i_statements", lwhere)
                subs = _text_list(c, ln, "subtopics", lwhere)
                if lcode and ltitle and lquestion and code:
                    lines.append(Line(lcode, ltitle, lquestion, code, tuple(prompts), chars, tuple(i_st), tuple(subs)))
        if code and label and question:
            out.append(KeyQuestion(code, label, question, level, tuple(lines)))
    if not out and not c.problems:
        c.add(line_of(data, "key_questions"), "key_questions is empty; add the five key questions")
    return out


def _claim_code(c: _Checker, seen: dict, code: str, line: int | None) -> None:
    if not CODE.match(code):
        c.add(line, f"code '{code}' may use only letters, digits, '.', '_' and '-'")
    if code in seen:
        c.add(line, f"code '{code}' is already used on line {seen[code]}; every line and prompt code must be unique")
    else:
        seen[code] = line


def _parse_prompts(c: _Checker, ln: dict, lwhere: str, service_codes: set, seen_codes: dict) -> list[Prompt]:
    raw = ln.get("prompts")
    if raw is None:
        return []
    if not c.seq(raw, f"{lwhere}.prompts", line_of(ln, "prompts")):
        return []
    out = []
    for k, p in enumerate(raw):
        pwhere = f"{lwhere} prompt {k + 1}"
        if not c.mapping(p, pwhere, _item_line(raw, k, ln, "prompts")):
            continue
        c.unknown_keys(p, ("code", "text", "applies_to"), pwhere)
        pcode = c.text(p, "code", pwhere)
        if pcode:
            _claim_code(c, seen_codes, pcode, line_of(p, "code"))
        ptext = c.text(p, "text", pcode or pwhere)
        applies = None
        if "applies_to" in p:
            raw_app = p["applies_to"]
            if c.seq(raw_app, f"{pcode or pwhere}.applies_to", line_of(p, "applies_to")):
                applies = []
                for st in raw_app:
                    if st not in service_codes:
                        c.add(line_of(p, "applies_to"),
                              f"{pcode or pwhere}.applies_to names service type '{st}', which is not declared in "
                              f"service_types ({', '.join(sorted(service_codes)) or 'none declared'})")
                    else:
                        applies.append(st)
                applies = tuple(applies)
        if pcode and ptext:
            out.append(Prompt(pcode, ptext, applies))
    return out


def _text_list(c: _Checker, parent: dict, key: str, where: str) -> list[str]:
    raw = parent.get(key)
    if raw is None:
        return []
    if not c.seq(raw, f"{where}.{key}", line_of(parent, key)):
        return []
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, str) or not item.strip():
            c.add(_item_line(raw, i, parent, key), f"{where}.{key} item {i + 1} must be text")
        else:
            out.append(item.strip())
    return out


def _parse_scoring(c: _Checker, obj: Any, line: int | None, rating_codes: tuple) -> Scoring | None:
    if not c.mapping(obj, "scoring", line):
        return None
    c.unknown_keys(obj, ("scores", "methods", "bands", "overall_method", "rating_scores"), "scoring")
    scores: list[tuple[int, str]] = []
    raw_scores = obj.get("scores")
    if c.seq(raw_scores, "scoring.scores", line_of(obj, "scores")):
        for i, s in enumerate(raw_scores):
            if not c.mapping(s, f"scoring.scores[{i + 1}]", _item_line(raw_scores, i)):
                continue
            v, lab = s.get("value"), s.get("label")
            if not isinstance(v, int) or isinstance(v, bool) or not isinstance(lab, str):
                c.add(line_of(s), f"scoring.scores[{i + 1}] needs a whole-number 'value' and a 'label'")
            else:
                scores.append((v, lab))
    methods: list[ScoringMethod] = []
    raw_methods = obj.get("methods")
    if c.seq(raw_methods, "scoring.methods", line_of(obj, "methods")):
        for i, m in enumerate(raw_methods):
            if not c.mapping(m, f"scoring.methods[{i + 1}]", _item_line(raw_methods, i)):
                continue
            mid = c.text(m, "id", f"scoring.methods[{i + 1}]")
            lab = c.text(m, "label", f"scoring.methods[{i + 1}]")
            if mid and lab:
                methods.append(ScoringMethod(mid, lab, _opt_str(m.get("from")), _opt_str(m.get("until"))))
    bands: list[Band] = []
    raw_bands = obj.get("bands")
    if c.seq(raw_bands, "scoring.bands", line_of(obj, "bands")):
        for i, b in enumerate(raw_bands):
            if not c.mapping(b, f"scoring.bands[{i + 1}]", _item_line(raw_bands, i)):
                continue
            r, lo, hi = b.get("rating"), b.get("min"), b.get("max")
            if r not in rating_codes:
                c.add(line_of(b, "rating"), f"scoring.bands[{i + 1}].rating {r!r} is not on the rating scale")
            elif not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (lo, hi)) or lo > hi:
                c.add(line_of(b), f"scoring.bands[{i + 1}] needs numbers min <= max")
            else:
                bands.append(Band(r, lo, hi))
        ordered = sorted(bands, key=lambda b: b.min)
        for a, b in zip(ordered, ordered[1:]):
            if b.min != a.max + 1:
                c.add(line_of(obj, "bands"), f"scoring.bands leave a gap or overlap between {a.max} and {b.min}; "
                                             "each band's min must be the previous max + 1")
        if ordered and (ordered[0].min != 0 or ordered[-1].max != 100):
            c.add(line_of(obj, "bands"), "scoring.bands must cover 0 to 100 percent")
    rating_scores = {}
    if "rating_scores" in obj:
        raw = obj["rating_scores"]
        if c.mapping(raw, "scoring.rating_scores", line_of(obj, "rating_scores")):
            for k, v in raw.items():
                if k not in rating_codes:
                    c.add(line_of(raw, k), f"scoring.rating_scores names '{k}', which is not on the rating scale")
                elif not isinstance(v, int):
                    c.add(line_of(raw, k), f"scoring.rating_scores.{k} must be a whole number")
                else:
                    rating_scores[k] = v
    return Scoring(tuple(scores), tuple(methods), tuple(bands), _opt_str(obj.get("overall_method")), rating_scores)


def _opt_str(v: Any) -> str | None:
    return None if v is None else str(v)


def _parse_aggregation(c: _Checker, obj: Any, line: int | None, scale: RatingScale | None) -> Aggregation | None:
    if not c.mapping(obj, "aggregation", line):
        return None
    c.unknown_keys(obj, ("default_rule_set", "rule_sets", "limiters", "provider_level_not_aggregated"), "aggregation")
    codes = set(scale.codes) if scale else set()
    cond_keys = set(COND_KEYS_FIXED) | codes
    rule_sets: dict[str, RuleSet] = {}
    raw_sets = obj.get("rule_sets")
    if not isinstance(raw_sets, dict):
        c.add(line_of(obj), "aggregation needs 'rule_sets', a mapping of rule set ids to rule tables")
        raw_sets = {}
    for set_id, raw in raw_sets.items():
        where = f"aggregation.rule_sets.{set_id}"
        if not c.mapping(raw, where, line_of(raw_sets, set_id)):
            continue
        c.unknown_keys(raw, ("label", "rules"), where)
        label = c.text(raw, "label", where) or set_id
        rules: list[Rule] = []
        raw_rules = raw.get("rules")
        if not c.seq(raw_rules, f"{where}.rules", line_of(raw, "rules")):
            continue
        for i, r in enumerate(raw_rules):
            rwhere = f"{where} rule {i + 1}"
            if not c.mapping(r, rwhere, _item_line(raw_rules, i)):
                continue
            c.unknown_keys(r, ("id", "when", "result", "text", "verified"), rwhere)
            rid = c.text(r, "id", rwhere)
            text = c.text(r, "text", rid or rwhere) or ""
            result = r.get("result")
            if result not in codes:
                c.add(line_of(r, "result"), f"{rid or rwhere}: result {result!r} is not a rating on the scale "
                                            f"({', '.join(sorted(codes))})")
            when = r.get("when", {})
            if when is None:
                when = {}
            if c.mapping(when, f"{rid or rwhere}.when", line_of(r, "when")):
                for k, cond in when.items():
                    if k not in cond_keys:
                        c.add(line_of(when, k), f"{rid or rwhere}.when counts '{k}', which is not n, below_good or a "
                                                "rating code")
                    elif not _valid_condition(cond):
                        c.add(line_of(when, k), f"{rid or rwhere}.when.{k} must be a whole number or "
                                                "{min: a, max: b}")
            verified = r.get("verified", True)
            if rid and result in codes and isinstance(when, dict):
                rules.append(Rule(rid, dict(when), result, text, bool(verified)))
        if rules and rules[-1].when:
            c.add(line_of(raw, "rules"), f"{where}: the last rule must have an empty 'when' (a catch-all) so every "
                                         "combination of ratings gets a result")
        rule_sets[set_id] = RuleSet(set_id, label, tuple(rules))
    default = obj.get("default_rule_set")
    if default not in rule_sets:
        c.add(line_of(obj, "default_rule_set"),
              f"aggregation.default_rule_set {default!r} is not one of the rule sets ({', '.join(rule_sets)})")
    limiters: list[Limiter] = []
    raw_lims = obj.get("limiters", [])
    if c.seq(raw_lims, "aggregation.limiters", line_of(obj, "limiters")):
        for i, lim in enumerate(raw_lims):
            lwhere = f"aggregation.limiters[{i + 1}]"
            if not c.mapping(lim, lwhere, _item_line(raw_lims, i)):
                continue
            c.unknown_keys(lim, ("id", "label", "applies", "cap", "text", "key_question"), lwhere)
            lid = c.text(lim, "id", lwhere)
            label = c.text(lim, "label", lid or lwhere)
            applies = lim.get("applies")
            if applies not in LIMITER_APPLIES:
                c.add(line_of(lim, "applies"), f"{lid or lwhere}.applies must be one of {', '.join(LIMITER_APPLIES)}")
            cap = lim.get("cap")
            if cap not in codes:
                c.add(line_of(lim, "cap"), f"{lid or lwhere}.cap {cap!r} is not a rating on the scale")
            kq = lim.get("key_question")
            if applies == "key_question" and kq not in KEY_QUESTION_CODES:
                c.add(line_of(lim), f"{lid or lwhere} applies to a key question: add 'key_question:' "
                                    f"({', '.join(KEY_QUESTION_CODES)})")
            if lid and label and applies in LIMITER_APPLIES and cap in codes:
                limiters.append(Limiter(lid, label, applies, cap, str(lim.get("text") or ""), kq))
    not_agg = obj.get("provider_level_not_aggregated", [])
    if not isinstance(not_agg, list) or any(k not in KEY_QUESTION_CODES for k in not_agg):
        c.add(line_of(obj, "provider_level_not_aggregated"),
              "provider_level_not_aggregated must list key question codes")
        not_agg = []
    return Aggregation(default if isinstance(default, str) else "", rule_sets, tuple(limiters), tuple(not_agg))


def _valid_condition(cond: Any) -> bool:
    if isinstance(cond, int) and not isinstance(cond, bool):
        return cond >= 0
    if isinstance(cond, dict):
        return set(cond) <= {"min", "max"} and bool(cond) and all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in cond.values())
    return False


# ----------------------------------------------------------------------------- registry


@dataclass
class Unusable:
    path: str
    reason: str
    problems: list[Problem]


@dataclass
class FrameworkSet:
    """Every framework found, keyed by (id, version), plus the files that could not be used."""

    frameworks: dict = field(default_factory=dict)
    unusable: list[Unusable] = field(default_factory=list)

    def latest(self, framework_id: str) -> Framework | None:
        versions = [fw for (fid, _), fw in self.frameworks.items() if fid == framework_id]
        if not versions:
            return None
        return max(versions, key=lambda fw: _version_key(fw.version))

    def get(self, framework_id: str, version: str | None = None) -> Framework | None:
        if version is not None and (framework_id, version) in self.frameworks:
            return self.frameworks[(framework_id, version)]
        return self.latest(framework_id)

    def all(self) -> list[Framework]:
        return sorted(self.frameworks.values(), key=lambda fw: (fw.title, _version_key(fw.version)))

    def for_review_type(self, review_type: str) -> list[Framework]:
        return [fw for fw in self.all() if review_type in fw.review_types]


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\-]", version))


def framework_files(dirs: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for d in dirs:
        d = Path(d)
        if d.is_file():
            files.append(d)
        elif d.is_dir():
            files.extend(sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
    return files


def load_frameworks(dirs: Iterable[Path], cache: Path | None = None) -> FrameworkSet:
    """Load every framework file in `dirs`. With `cache` (a JSON file, see framework_cache), the
    YAML of a file unchanged since it was cached (same path, size and modification time) is not
    read again; every framework is validated either way."""
    files = framework_files(dirs)
    if cache is None:
        return _parse_all(files)
    from cqc_tui import __version__

    cached = read_cache(cache, __version__)
    trees: dict[tuple[str, int, int], Any] = {}
    result = FrameworkSet()
    for path in files:
        key = file_key(path)
        tree = cached.get(key) if key is not None else None
        if tree is None:
            try:
                tree = load_yaml_with_lines(path)
            except FileProblems as exc:
                result.unusable.append(Unusable(str(path), str(exc.problems[0]), exc.problems))
                continue
        if key is not None:
            trees[key] = tree
        _add_framework(result, path, tree)
    if trees.keys() != cached.keys():
        encodable = {}
        for key, tree in trees.items():
            try:
                encodable[key] = encode_tree(tree)
            except BadCache:
                continue
        write_cache(cache, __version__, encodable)
    return result


def _parse_all(files: list[Path]) -> FrameworkSet:
    result = FrameworkSet()
    for path in files:
        try:
            tree = load_yaml_with_lines(path)
        except FileProblems as exc:
            result.unusable.append(Unusable(str(path), str(exc.problems[0]), exc.problems))
            continue
        _add_framework(result, path, tree)
    return result


def _add_framework(result: FrameworkSet, path: Path, tree: Any) -> None:
    """Validate one file's tree into `result`: a framework, or an unusable entry with the reason."""
    try:
        fw = framework_from_tree(path, tree)
    except FileProblems as exc:
        result.unusable.append(Unusable(str(path), str(exc.problems[0]), exc.problems))
        return
    if fw.key in result.frameworks:
        other = result.frameworks[fw.key].path
        msg = (f"{display_path(path)}: framework '{fw.id}' version {fw.version} is also defined in "
               f"{display_path(other)}; give one a new version")
        result.unusable.append(Unusable(str(path), msg, [Problem(display_path(path), None, msg)]))
        return
    result.frameworks[fw.key] = fw
