"""The short readiness summary printed before an export: what is unrated, which lines have no
evidence, empty report sections, figures the evidence does not bear out (cqc_tui.core.readiness,
grouped so the list stays short)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from cqc_tui.core import readiness
from cqc_tui.core.readiness import ReadinessFinding
from cqc_tui.core.report_sections import section_states, section_text
from cqc_tui.core.stated_figures import figure_warnings
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.report.labels import counted

SUMMARY_SECTIONS = ("background", "context", "summary", "maturity")


def readiness_summary(session: ReviewSession, limit: int = 12) -> list[str]:
    """Short lines ('severity: message') on what is missing before export: the readiness checks
    grouped (at most `limit` lines per severity, then a count), empty narrative sections, stated
    figures the evidence does not bear out, and the review's status. A fault in the checks is one
    warning line; it never stops the export."""
    with session.reading():
        try:
            lines = _condense(session, readiness.check(session), limit)
        except Exception as exc:  # noqa: BLE001 - a fault in the checks must not stop an export
            lines = [f"warning: the readiness check failed ({type(exc).__name__}: {exc})"]
        review = session.review
        states = section_states(session)
    review_type = session.review_type
    if review_type is None:
        why = [
            str(p)
            for p in session.workspace.review_types.unusable
            if f"{review.review_type}.yaml" in str(p.path)
        ]
        lines.insert(
            0,
            f"warning: review type '{review.review_type}' is not installed"
            + (f" ({why[0]})" if why else "")
            + "; the report uses the default section list",
        )
    wanted = {s.id for s in review_type.sections} if review_type else set()
    for key in SUMMARY_SECTIONS:
        if (
            key in wanted
            and not section_text(review, states, key).strip()
            and not any(key in line for line in lines)
        ):
            lines.append(
                f"info: the report's '{key}' section has no text (write it in the report outline: "
                "o on the review screen)"
            )
    lines += [f"warning: {line}" for line in figure_warnings(review.counts, session.notes())]
    if review.status not in ("final", "archived"):
        lines.append(
            f"info: review status is '{review.status}': the report is marked DRAFT until it is final"
        )
    return lines


def _condense(
    session: ReviewSession, findings: Iterable[ReadinessFinding], limit: int
) -> list[str]:
    """Group readiness findings: evidence gaps per scope unit as one line of codes, the rest one
    line each up to `limit` per severity, then a count of what was left out."""
    units = {u.id: u.label for u in session.scope_units()}
    gaps: dict[str, list[str]] = defaultdict(list)
    out: list[str] = []
    shown: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    for finding in findings:
        severity = finding.severity or "info"
        refs = finding.refs or {}
        if finding.code == "no_evidence" and refs.get("line"):
            gaps[refs.get("scope_unit", "")].append(str(refs["line"]))
            continue
        if shown[severity] >= limit:
            hidden[severity] += 1
            continue
        shown[severity] += 1
        out.append(f"{severity}: {finding.message}")
    label = session.framework.line_label
    for unit, codes in gaps.items():
        where = units.get(unit, "the review") if unit else "the review"
        shown_codes = ", ".join(codes[:25]) + (
            f" and {len(codes) - 25} more" if len(codes) > 25 else ""
        )
        out.append(
            f"warning: no evidence for {counted(len(codes), label)} in {where}: {shown_codes}"
        )
    for severity, count in hidden.items():
        out.append(f"{severity}: ... and {count} more ('cqc-tui status' lists them all)")
    return out
