"""What a framework is, once loaded: key questions, their lines and prompts, the rating scale, and
the scoring and aggregation rules (frozen dataclasses; parsing.py builds them from YAML)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

KEY_QUESTION_CODES = ("safe", "effective", "caring", "responsive", "well-led")
KINDS = ("kloe", "quality_statements", "lines_of_enquiry")
LEVELS = ("unit", "review")


@dataclass(frozen=True)
class RatingDef:
    """One rating a framework uses: its code, the label shown, and an optional hex colour."""

    code: str
    label: str
    colour: str | None = None


@dataclass(frozen=True)
class RatingScale:
    """The ratings of a framework, best first, and the other codes (not rated ...) beside them."""

    ratings: tuple[RatingDef, ...]  # best first
    other: tuple[RatingDef, ...]

    def rank(self, code: str) -> int | None:
        """Higher is better; None for codes that are not on the scale (not rated ...)."""
        for index, rating in enumerate(self.ratings):
            if rating.code == code:
                return len(self.ratings) - index
        return None

    def by_rank(self, rank: int) -> str:
        """The code of the rating with `rank` (the inverse of `rank`)."""
        return self.ratings[len(self.ratings) - rank].code

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes on the scale, best first."""
        return tuple(rating.code for rating in self.ratings)

    @property
    def all_codes(self) -> tuple[str, ...]:
        """The codes on the scale, best first, then the other codes."""
        return self.codes + tuple(rating.code for rating in self.other)

    def label(self, code: str | None) -> str:
        """The label shown for `code`; the code itself when it is unknown, empty for None."""
        for rating in self.ratings + self.other:
            if rating.code == code:
                return rating.label
        return code or ""

    def colour(self, code: str | None) -> str | None:
        """The hex colour of a rating on the scale, None when it has none or is not on the scale."""
        for rating in self.ratings:
            if rating.code == code:
                return rating.colour
        return None

    def lowest(self) -> str:
        """The code of the worst rating on the scale."""
        return self.ratings[-1].code


@dataclass(frozen=True)
class Prompt:
    """A prompt under a line, optionally for some service types only."""

    code: str
    text: str
    applies_to: tuple[str, ...] | None = None

    def applies(self, service_types: Iterable[str] | None) -> bool:
        """Whether the prompt is for a service offering `service_types` (any, when either is unset)."""
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
    """One of the five key questions (safe ...), rated per scope unit or for the whole review
    (`level`), with its lines in framework order."""

    code: str
    label: str
    question: str
    level: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Rule:
    """One row of an aggregation rule table: when the counts in `when` match, the result is
    `result` (an empty `when` matches everything)."""

    id: str
    when: dict
    result: str
    text: str
    verified: bool = True


@dataclass(frozen=True)
class RuleSet:
    """An ordered rule table; the first rule that matches gives the aggregated rating."""

    id: str
    label: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Limiter:
    """A cap on a rating (`cap`) when the limiter is applied, to linked ratings, the overall
    rating or one key question (`applies`)."""

    id: str
    label: str
    applies: str
    cap: str
    text: str = ""
    key_question: str | None = None


@dataclass(frozen=True)
class Aggregation:
    """How line ratings aggregate: the rule sets (one the default), limiters, and the key
    questions not aggregated at provider level."""

    default_rule_set: str
    rule_sets: dict
    limiters: tuple[Limiter, ...] = ()
    provider_level_not_aggregated: tuple[str, ...] = ()

    def limiter(self, limiter_id: str) -> Limiter | None:
        """The limiter with id `limiter_id`, None when there is none."""
        return next((limiter for limiter in self.limiters if limiter.id == limiter_id), None)


@dataclass(frozen=True)
class ScoringMethod:
    """A way of scoring a review, valid from and until the given dates (ISO, either may be open)."""

    id: str
    label: str
    from_date: str | None = None
    until: str | None = None


@dataclass(frozen=True)
class Band:
    """The rating for percentages from `min` to `max` (whole numbers, both included)."""

    rating: str
    min: float
    max: float


@dataclass(frozen=True)
class Scoring:
    """Score-based rating: the scores a line can get, the methods, and the percentage bands."""

    scores: tuple[tuple[int, str], ...]
    methods: tuple[ScoringMethod, ...]
    bands: tuple[Band, ...]
    overall_method: str | None = None
    rating_scores: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def max_score(self) -> int:
        """The highest score a line can get."""
        return max(value for value, _ in self.scores)

    def band_for(self, percent: float) -> str:
        """The band's rating for a percentage, rounded half up to a whole number first (62.5 -> 63)."""
        whole = int(percent + 0.5) if percent >= 0 else -int(-percent + 0.5)
        for band in self.bands:
            if band.min <= whole <= band.max:
                return band.rating
        raise ValueError(f"no band covers {percent}%")


@dataclass(frozen=True)
class Framework:
    """One version of an inspection framework: its key questions and lines, and when rated, the
    rating scale, scoring and aggregation rules."""

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
        """(id, version): what identifies the framework in a `FrameworkSet`."""
        return (self.id, self.version)

    def key_question(self, code: str) -> KeyQuestion | None:
        """The key question with `code`, None when the framework has none."""
        return next((question for question in self.key_questions if question.code == code), None)

    def lines(self) -> list[Line]:
        """Every line of every key question, in framework order."""
        return [line for question in self.key_questions for line in question.lines]

    def line(self, code: str) -> Line | None:
        """The line with `code`, None when the framework has none (indexed on first use)."""
        return self._line_index().get(code)

    def _line_index(self) -> dict:
        index = self.__dict__.get("_lines_by_code")
        if index is None:
            index = {line.code: line for line in self.lines()}
            object.__setattr__(self, "_lines_by_code", index)
        return index

    def key_question_of(self, line_code: str) -> str | None:
        """The code of the key question line `line_code` belongs to, None for an unknown line."""
        line = self.line(line_code)
        return line.key_question if line else None

    def rating_codes(self) -> tuple[str, ...]:
        """Every rating code the framework accepts (scale and other codes); none when unrated."""
        return self.rating_scale.all_codes if self.rating_scale else ()
