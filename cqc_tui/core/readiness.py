"""Readiness checks run before a review is exported: gaps, weak evidence, and personal data.

`check(session)` (or `check_tables(framework, tables)` on raw store tables) returns a list of
`ReadinessFinding(code, severity, message, refs)`; severity is 'error', 'warning' or 'info'.
Messages are written for inspectors: they name the KLOE / quality statement code, the scope unit's
label and the first eight characters of a note's id. Nothing here names a KLOE or a threshold of a
framework; the checks only read the framework's structure and the ratings engine's results.

Codes
-----
no_evidence            a line has no evidence notes (per scope unit for unit-level key questions,
                       per review for review-level ones); skipped for scope units or key questions
                       not inspected this time (ratings carried forward)
unrated                a scope unit x key question (or a provider-level key question) has no rating
                       (rated frameworks)
no_scores              single assessment framework: a key question for a scope unit has no scores
scores_other_method    scores were recorded under the scoring method this review does not use
departure_no_reason    the team agreed a rating different from the proposed one without a reason
rating_no_notes        a rating links to no evidence notes (ratings the team judged from evidence: key
                       question x scope unit, and provider-level key questions that are not aggregated;
                       aggregated levels rest on the ratings below them)
single_source          a rating rests on notes of one source type only
single_inspector       a rating rests on notes written by one inspector only
rating_at_odds         Good or better resting mostly (> 50%) on negative or concern notes, or the
                       lowest rating resting mostly on positive notes
inspectors_disagree    on one line and scope unit, one inspector's notes are mostly positive and
                       another's mostly negative or concern
personal_data          text that looks like personal data (cqc_tui.core.personal_data): an NHS number
                       (valid check digit) or a date of birth (errors); a UK phone number, an email
                       address, a UK postcode, an address with a house number or a name with a title
                       (warnings)
scoring_method_assumed the review does not record its scoring method; the one in force on its start
                       date was used
open_conflict          team review: a record was changed on two laptops from the same version and the
                       conflict is not resolved (error)
not_shared             team review: a member's changes on this laptop have not been synced or shared
                       since they were made (error)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cqc_tui.core.framework import Framework
from cqc_tui.core.model import (
    CARRIED_FORWARD,
    OVERALL,
    SOURCE_TYPES,
    THIS_REVIEW,
    EvidenceNote,
    Rating,
    ScopeUnit,
    Score,
)
from cqc_tui.core.personal_data import ERROR_KINDS, PERSONAL_DATA_KINDS, find_personal_data
from cqc_tui.core.ratings import (
    CARRIED_FORWARD_RULE,
    CATEGORY_METHOD,
    JUDGEMENT,
    LEVEL_PROVIDER_KQ,
    LEVEL_UNIT_KQ,
    PROVIDER_LEVEL,
    RatingsResult,
    choose_scoring_method,
    evaluate_tables,
    review_of,
    table_records,
)

SEVERITIES = ("error", "warning", "info")
NEGATIVE = ("negative", "concern")
JUDGEMENT_RULES = (JUDGEMENT, CARRIED_FORWARD_RULE, PROVIDER_LEVEL)
POSITIVE = ("positive",)


@dataclass
class ReadinessFinding:
    """One readiness problem: a code, its severity, the message and the records it refers to."""

    code: str
    severity: str
    message: str
    refs: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The finding as plain data (sets and tuples in refs as lists)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "refs": {
                k: (list(v) if isinstance(v, (tuple, set)) else v) for k, v in self.refs.items()
            },
        }


def to_json(findings: Iterable[ReadinessFinding]) -> dict:
    """Plain data for `cqc-tui status --json` and similar."""
    findings = list(findings)
    counts = Counter(f.severity for f in findings)
    return {
        "ready": counts["error"] == 0,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "info": counts["info"],
        "findings": [f.to_dict() for f in findings],
    }


# ----------------------------------------------------------------------------- personal data


def mask(text: str) -> str:
    """Show enough to find the text again without repeating the personal data in full."""
    out = []
    for index, character in enumerate(text):
        out.append(character if index < 3 or not character.isalnum() else "*")
    return "".join(out)


# ----------------------------------------------------------------------------- checks


class _Checker:
    def __init__(
        self,
        framework: Framework,
        tables: Mapping[str, Any],
        ratings: RatingsResult | None,
        scope_units: list[ScopeUnit] | None,
    ):
        self.fw = framework
        self.tables = tables
        self.review = review_of(tables)
        units = scope_units if scope_units is not None else table_records(tables, "scope_units")
        self.units: list[ScopeUnit] = sorted(
            (u for u in units if isinstance(u, ScopeUnit) and not u.deleted),
            key=lambda u: (u.order, u.label),
        )
        self.unit_label = {u.id: u.label for u in self.units}
        self.notes: list[EvidenceNote] = table_records(tables, "notes")  # type: ignore[assignment]
        self.note_by_id = {n.id: n for n in self.notes}
        self.ratings: list[Rating] = table_records(tables, "ratings")  # type: ignore[assignment]
        self.members = table_records(tables, "members")
        self._result = ratings
        self.kq_label = {kq.code: kq.label for kq in framework.key_questions}
        self.scale = framework.rating_scale
        self.out: list[ReadinessFinding] = []

    @property
    def result(self) -> RatingsResult:
        """The ratings engine's result, worked out when first needed (the personal-data scan alone
        does not need it)."""
        if self._result is None:
            self._result = evaluate_tables(self.fw, self.tables, self.units)
        return self._result

    def add(self, code: str, severity: str, message: str, **refs: Any) -> None:
        refs = {k: v for k, v in refs.items() if v not in (None, "")}
        self.out.append(ReadinessFinding(code, severity, message, refs))

    # -- wording ---------------------------------------------------------------------------

    def where(self, unit: str, kq: str = "", location: str = "") -> str:
        kq_text = "overall" if kq == OVERALL else self.kq_label.get(kq, kq)
        if unit:
            place = self.unit_label.get(unit, unit[:8])
        elif location:
            place = next((n for lid, n in self.result.locations if lid == location), location)
        else:
            place = (
                self.review.provider
                if self.review is not None and self.review.provider
                else "the provider"
            )
        return f"{kq_text} for {place}" if kq_text else place

    def label(self, code: str | None) -> str:
        if code is None:
            return "no rating"
        return self.scale.label(code) if self.scale else code

    def note_ref(self, note: EvidenceNote) -> str:
        bits = [", ".join(note.lines)] if note.lines else []
        if note.scope_unit:
            bits.append(self.unit_label.get(note.scope_unit, note.scope_unit[:8]))
        ctx = f" ({'; '.join(bits)})" if bits else ""
        return f"note {note.id[:8]}{ctx}"

    # -- scope of the review ---------------------------------------------------------------

    def carried_only(self, unit: str, kq: str) -> bool:
        """True when this unit x key question was not inspected this time (carried forward only)."""
        rs = [r for r in self.ratings if r.scope_unit == unit and r.key_question == kq]
        return any(r.source == CARRIED_FORWARD for r in rs) and not any(
            r.source == THIS_REVIEW for r in rs
        )

    # -- the checks ------------------------------------------------------------------------

    def evidence(self) -> None:
        covered_unit: set[tuple[str, str]] = set()
        covered_any: set[str] = set()
        for note in self.notes:
            for code in note.lines:
                covered_unit.add((code, note.scope_unit))
                covered_any.add(code)
        label = self.fw.line_label
        for kq in self.fw.key_questions:
            per_review = kq.level == "review" or not self.units
            if per_review:
                for line in kq.lines:
                    if line.code not in covered_any:
                        self.add(
                            "no_evidence",
                            "warning",
                            f"{label} {line.code} ({line.title}) has no evidence notes yet.",
                            line=line.code,
                            key_question=kq.code,
                        )
                continue
            for unit in self.units:
                if not unit.inspected or self.carried_only(unit.id, kq.code):
                    continue
                for line in kq.lines:
                    if (line.code, unit.id) not in covered_unit:
                        self.add(
                            "no_evidence",
                            "warning",
                            f"{label} {line.code} ({line.title}) has no evidence notes for {unit.label}.",
                            line=line.code,
                            key_question=kq.code,
                            scope_unit=unit.id,
                        )

    def unrated(self) -> None:
        if not self.result.rated:
            return
        scored = self.fw.scoring is not None
        for item in self.result.items:
            if item.final is not None:
                continue
            if item.level == LEVEL_UNIT_KQ or (
                item.level == LEVEL_PROVIDER_KQ
                and (item.assessed_at_provider_level or not self.units)
            ):
                pass
            else:
                continue
            where = self.where(item.scope_unit, item.key_question)
            unit = self.unit_label.get(item.scope_unit)
            if scored:
                self.add(
                    "no_scores",
                    "error",
                    f"{where[0].upper()}{where[1:]} has no quality statement scores and no rating yet.",
                    scope_unit=item.scope_unit,
                    key_question=item.key_question,
                )
            elif item.scope_unit and unit is not None and not self.unit_inspected(item.scope_unit):
                self.add(
                    "unrated",
                    "error",
                    f"{where[0].upper()}{where[1:]} has no rating: {unit} was not inspected this time, so "
                    "record the rating carried forward from the last inspection (or 'Not rated').",
                    scope_unit=item.scope_unit,
                    key_question=item.key_question,
                )
            else:
                extra = " (assessed at provider level)" if item.assessed_at_provider_level else ""
                self.add(
                    "unrated",
                    "error",
                    f"{where[0].upper()}{where[1:]}{extra} has no rating yet; rate it, carry the earlier "
                    "rating forward, or record it as not rated.",
                    scope_unit=item.scope_unit,
                    key_question=item.key_question,
                )

    def unit_inspected(self, unit: str) -> bool:
        found_unit = next((x for x in self.units if x.id == unit), None)
        return found_unit is None or found_unit.inspected

    def departures(self) -> None:
        for item in self.result.items:
            if not item.departure or item.agreed is None or item.source != THIS_REVIEW:
                continue
            if item.departure_reason.strip():
                continue
            lowered = [
                lim.label[:1].lower() + lim.label[1:]
                for lim in item.limiters_applied
                if lim.lowered
            ]
            where = self.where(item.scope_unit, item.key_question, item.location)
            Where = where[0].upper() + where[1:]
            agreed, proposed = self.label(item.agreed.rating), self.label(item.proposed)
            if item.rule_id in JUDGEMENT_RULES:
                message = (
                    f"{Where}: the team rated {agreed}, but the {' and '.join(lowered) or 'limiter'} "
                    f"normally limits it to {proposed}. Record the reason for the departure."
                )
            else:
                limited = f", limited by {' and '.join(lowered)}" if lowered else ""
                message = (
                    f"{Where}: the team agreed {agreed} but the aggregation rules give {proposed} "
                    f"(rule {item.rule_id}: {item.rule_text}{limited}). Record the reason for the departure."
                )
            self.add(
                "departure_no_reason",
                "error",
                message,
                rating_id=item.agreed.id,
                scope_unit=item.scope_unit,
                location=item.location,
                key_question=item.key_question,
                level=item.level,
            )

    def rating_evidence(self) -> None:
        team_size = len({m.name for m in self.members}) if self.members else 0  # type: ignore[attr-defined]
        good_rank = (
            self.scale.rank(self.scale.codes[1])
            if self.scale and len(self.scale.codes) > 1
            else None
        )
        lowest = self.scale.lowest() if self.scale else None
        # ratings that rest on evidence directly, not on the ratings below them
        judged = {
            i.agreed.id
            for i in self.result.items
            if i.agreed is not None
            and (
                i.level == LEVEL_UNIT_KQ
                or (i.level == LEVEL_PROVIDER_KQ and i.rule_id in JUDGEMENT_RULES)
            )
        }
        for agreed_rating in self.ratings:
            if (
                agreed_rating.source != THIS_REVIEW
                or agreed_rating.key_question == OVERALL
                or agreed_rating.id not in judged
            ):
                continue
            if self.scale is None or self.scale.rank(agreed_rating.rating) is None:
                continue
            where = self.where(
                agreed_rating.scope_unit, agreed_rating.key_question, agreed_rating.location
            )
            Where = where[0].upper() + where[1:]
            rating = self.label(agreed_rating.rating)
            notes = [self.note_by_id[i] for i in agreed_rating.note_ids if i in self.note_by_id]
            if not notes:
                self.add(
                    "rating_no_notes",
                    "warning",
                    f"{Where} is rated {rating} but the rating links to no evidence notes.",
                    rating_id=agreed_rating.id,
                    scope_unit=agreed_rating.scope_unit,
                    key_question=agreed_rating.key_question,
                )
                continue
            ids = [n.id for n in notes]
            sources = {n.source for n in notes}
            if len(sources) == 1:
                src = SOURCE_TYPES.get(next(iter(sources)), next(iter(sources))).lower()
                self.add(
                    "single_source",
                    "warning",
                    f"{Where} ({rating}) rests only on {src} ({len(notes)} note(s)); "
                    "corroborate it with another kind of evidence.",
                    rating_id=agreed_rating.id,
                    scope_unit=agreed_rating.scope_unit,
                    key_question=agreed_rating.key_question,
                    note_ids=ids,
                )
            authors = {n.author for n in notes}
            if len(authors) == 1:
                who = next(iter(authors)) or "one inspector"
                self.add(
                    "single_inspector",
                    "info" if team_size <= 1 else "warning",
                    f"{Where} ({rating}) rests only on notes by {who}.",
                    rating_id=agreed_rating.id,
                    scope_unit=agreed_rating.scope_unit,
                    key_question=agreed_rating.key_question,
                    note_ids=ids,
                )
            neg = sum(1 for n in notes if n.polarity in NEGATIVE)
            pos = sum(1 for n in notes if n.polarity in POSITIVE)
            rank = self.scale.rank(agreed_rating.rating)
            if (
                good_rank is not None
                and rank is not None
                and rank >= good_rank
                and neg * 2 > len(notes)
            ):
                self.add(
                    "rating_at_odds",
                    "warning",
                    f"{Where} is rated {rating} but {neg} of its {len(notes)} linked notes are negative or "
                    "concerns.",
                    rating_id=agreed_rating.id,
                    scope_unit=agreed_rating.scope_unit,
                    key_question=agreed_rating.key_question,
                    note_ids=ids,
                )
            elif agreed_rating.rating == lowest and pos * 2 > len(notes):
                self.add(
                    "rating_at_odds",
                    "warning",
                    f"{Where} is rated {rating} but {pos} of its {len(notes)} linked notes are positive.",
                    rating_id=agreed_rating.id,
                    scope_unit=agreed_rating.scope_unit,
                    key_question=agreed_rating.key_question,
                    note_ids=ids,
                )

    def disagreements(self) -> None:
        groups: dict[tuple[str, str], dict[str, list[EvidenceNote]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for note in self.notes:
            for code in note.lines:
                groups[(code, note.scope_unit)][note.author].append(note)
        for (code, unit), by_author in groups.items():
            if len(by_author) < 2:
                continue
            positive, negative = [], []
            for author, notes in sorted(by_author.items()):
                pos = sum(1 for note in notes if note.polarity in POSITIVE)
                neg = sum(1 for note in notes if note.polarity in NEGATIVE)
                if pos * 2 > len(notes):
                    positive.append(author)
                elif neg * 2 > len(notes):
                    negative.append(author)
            if positive and negative:
                place = f" for {self.unit_label.get(unit, unit[:8])}" if unit else ""
                ids = [note.id for a in positive + negative for note in by_author[a]]
                self.add(
                    "inspectors_disagree",
                    "warning",
                    f"{self.fw.line_label} {code}{place}: notes by {', '.join(a or 'unknown' for a in positive)} "
                    f"are mostly positive but notes by {', '.join(a or 'unknown' for a in negative)} are mostly "
                    "negative or concerns; discuss before rating.",
                    line=code,
                    scope_unit=unit,
                    authors=positive + negative,
                    note_ids=ids,
                )

    def scores(self) -> None:
        sc = self.fw.scoring
        if sc is None or not self.result.rated:
            return
        method = self.result.scoring_method or choose_scoring_method(sc, self.review)
        if self.review is not None and not self.review.scoring_method and method:
            label = next((m.label for m in sc.methods if m.id == method), method)
            self.add(
                "scoring_method_assumed",
                "info",
                f"The review does not record its scoring method; scores are read as '{label}', the method "
                "in use on its start date.",
                scoring_method=method,
            )
        by_category = method == CATEGORY_METHOD
        other = [
            s
            for s in table_records(self.tables, "scores")
            if isinstance(s, Score) and bool(s.evidence_category) != by_category
        ]
        if other:
            used = next((m.label for m in sc.methods if m.id == method), method or "none")
            how = "per evidence category" if not by_category else "for whole quality statements"
            self.add(
                "scores_other_method",
                "warning",
                f"{len(other)} score(s) were recorded {how}, but this review uses '{used}'; they are not "
                "counted.",
                score_ids=[s.id for s in other],
            )

    def personal_data(self) -> None:
        for note in self.notes:
            where = {
                "note_id": note.id,
                "scope_unit": note.scope_unit,
                "line": note.lines[0] if note.lines else "",
                "key_question": note.key_question,
            }
            ref = self.note_ref(note)
            self._scan(note.text, ref[0].upper() + ref[1:], "notes", note.id, where)
            if note.place:
                self._scan(note.place, f"The place of {ref}", "notes", note.id, where)
        for rating in self.ratings:
            if rating.rationale:
                self._scan(
                    rating.rationale,
                    f"The rationale for {self.where(rating.scope_unit, rating.key_question, rating.location)}",
                    "ratings",
                    rating.id,
                )
        for table, what in (("findings", "Finding"), ("recommendations", "Recommendation")):
            for rec in table_records(self.tables, table):
                text = " ".join(str(getattr(rec, f, "") or "") for f in ("heading", "text"))
                self._scan(text, f"{what} {rec.id[:8]}", table, rec.id)

    def _scan(
        self, text: str, subject: str, table: str, record_id: str, where: dict | None = None
    ) -> None:
        if not text:
            return
        for kind, value in find_personal_data(text):
            severity = "error" if kind in ERROR_KINDS else "warning"
            self.add(
                "personal_data",
                severity,
                f"{subject} looks like it contains {PERSONAL_DATA_KINDS[kind]} ({mask(value)}); remove or "
                "anonymise personal data before export.",
                table=table,
                record_id=record_id,
                kind=kind,
                **(where or {}),
            )


def check_tables(
    framework: Framework,
    tables: Mapping[str, Any],
    ratings: RatingsResult | None = None,
    scope_units: list[ScopeUnit] | None = None,
    rated: bool = True,
) -> list[ReadinessFinding]:
    """Every readiness finding for a review given as raw store tables; errors first.

    `rated` is the review type's flag: a review type that publishes no ratings (a follow-up
    review run with a rated framework, say) gets no rating checks."""
    checker = _Checker(framework, tables, ratings, scope_units)
    if rated:
        checker.unrated()
        checker.departures()
        checker.scores()
    checker.evidence()
    if rated:
        checker.rating_evidence()
    checker.disagreements()
    checker.personal_data()
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(checker.out, key=lambda f: order.get(f.severity, 9))


def _session_tables(session: Any) -> dict[str, Any]:
    tables = {
        name: session.records(name)
        for name in (
            "notes",
            "ratings",
            "enforcement",
            "scores",
            "members",
            "findings",
            "recommendations",
        )
    }
    tables["review"] = [session.review]
    return tables


def check(session: Any, ratings: RatingsResult | None = None) -> list[ReadinessFinding]:
    """Readiness findings for an open review (a workspace ReviewSession)."""
    review_type = getattr(session, "review_type", None)
    rated = review_type.rated if review_type is not None else True
    findings = check_tables(
        session.framework,
        _session_tables(session),
        ratings,
        scope_units=session.scope_units(),
        rated=rated,
    )
    if (
        getattr(session, "team_lock", None) is not None
    ):  # a workspace session: the team's errors first
        from cqc_tui.core.team.status import readiness_findings

        findings = readiness_findings(session) + findings
    return findings


def personal_data_check(session: Any) -> list[ReadinessFinding]:
    """The `personal_data` findings `check(session)` gives, in the same order, without the other
    checks (no ratings engine, no coverage): what export asks about before it prints anything."""
    checker = _Checker(session.framework, _session_tables(session), None, session.scope_units())
    checker.personal_data()
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(checker.out, key=lambda f: order.get(f.severity, 9))
