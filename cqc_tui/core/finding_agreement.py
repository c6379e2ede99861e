"""Where the team is with its findings: a finding is a draft until the team agrees it as it
stands, and an edit of what was agreed (its heading, text, place, status or the notes it cites)
makes it a draft again (`Finding.revise`). A final report prints only agreed findings
(report.final_gate); a draft report marks the others.

Agreeing is a save of the finding itself (`agreed`, `agreed_by`, `agreed_at`), so it merges like
any other change: a finding agreed on one laptop and edited on another from the same version is a
conflict with both kept, and the version a member keeps or writes to resolve it is a draft again
unless they keep the agreed one unchanged (`Finding.resolution_changes`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from cqc_tui.core.errors import ValidationError
from cqc_tui.core.model import Finding, now_iso
from cqc_tui.core.report_sections import AGREED, DRAFT, EMPTY

if TYPE_CHECKING:
    from cqc_tui.core.framework import Framework
    from cqc_tui.core.session import ReviewSession

__all__ = ["finding_place", "findings_state", "set_findings_agreed", "unagreed", "written"]


def written(finding: Finding) -> bool:
    """The finding has something to print: a heading or text (and is not deleted)."""
    return not finding.deleted and bool(finding.heading.strip() or finding.text.strip())


def finding_place(finding: Finding, unit_labels: Mapping[str, str], framework: Framework) -> str:
    """Where a finding is, in words: 'Acute wards, Safe', the unit or the key question alone, or ''
    for the review as a whole. `unit_labels`: scope unit id -> label."""
    key_question = framework.key_question(finding.key_question) if finding.key_question else None
    return ", ".join(
        bit
        for bit in (
            unit_labels.get(finding.scope_unit, ""),
            key_question.label if key_question is not None else "",
        )
        if bit
    )


def unagreed(findings: Iterable[Finding]) -> list[Finding]:
    """The written findings among `findings` that the team has not agreed."""
    return [finding for finding in findings if written(finding) and not finding.agreed]


def findings_state(findings: Iterable[Finding]) -> str:
    """EMPTY when none of `findings` is written, AGREED when every written one is agreed, else
    DRAFT."""
    shown = [finding for finding in findings if written(finding)]
    if not shown:
        return EMPTY
    return AGREED if all(finding.agreed for finding in shown) else DRAFT


def set_findings_agreed(
    session: ReviewSession, findings: Iterable[Finding], agreed: bool
) -> list[Finding]:
    """Mark each written finding of `findings` agreed by the team as it stands now in the store
    (as the member the session acts as, now), or take each back to draft; findings already so
    are left alone. Each is its own save, durable before the next. Returns the findings saved.
    ValidationError when there is nothing written to agree."""
    targets = [finding for finding in findings if written(finding)]
    if agreed and not targets:
        raise ValidationError("there is no finding written here to agree: write one first")
    saved: list[Finding] = []
    when = now_iso()
    for finding in targets:
        with session.store.reading():
            current = session.store.get(Finding.TABLE, finding.id)
            if not isinstance(current, Finding) or current.deleted or current.agreed == agreed:
                continue
            record = current.revise(
                author=session.user,
                agreed=agreed,
                agreed_by=session.user if agreed else "",
                agreed_at=when if agreed else "",
            )
            result = session.save(record)
        assert isinstance(result, Finding)  # the findings table holds findings
        saved.append(result)
    return saved
