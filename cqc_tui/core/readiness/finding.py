"""What a readiness check finds: `ReadinessFinding(code, severity, message, refs)`, made with
`finding(...)`, ordered errors first by `by_severity`, and turned into plain data by `to_json`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")

# What each check is called where people read it (the app's readiness list); the codes stay the
# names in `status --json` and in scripts.
CHECK_LABELS = {
    "unrated": "Not rated yet",
    "no_scores": "No scores yet",
    "departure_no_reason": "Departure unexplained",
    "scores_other_method": "Scores, other method",
    "scoring_method_assumed": "Scoring method assumed",
    "enforcement_incomplete": "Action incomplete",
    "no_evidence": "No evidence",
    "rating_no_notes": "Rating cites no note",
    "single_source": "One source only",
    "single_inspector": "One inspector only",
    "rating_at_odds": "Rating against evidence",
    "inspectors_disagree": "Inspectors disagree",
    "personal_data": "Personal data",
    "open_conflict": "Conflict",
    "not_shared": "Not shared",
}


def check_label(code: str) -> str:
    """The words for a check's code (a code without a label is spelled out from its words)."""
    return CHECK_LABELS.get(code) or code.replace("_", " ").capitalize()


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
                key: (list(value) if isinstance(value, (tuple, set)) else value)
                for key, value in self.refs.items()
            },
        }


def finding(code: str, severity: str, message: str, **refs: Any) -> ReadinessFinding:
    """A finding whose refs keep only the references given a value (None and '' are left out)."""
    kept = {key: value for key, value in refs.items() if value not in (None, "")}
    return ReadinessFinding(code, severity, message, kept)


def by_severity(findings: Iterable[ReadinessFinding]) -> list[ReadinessFinding]:
    """The findings errors first, then warnings, then info; in the order found within each."""
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda found: order.get(found.severity, 9))


def to_json(findings: Iterable[ReadinessFinding]) -> dict:
    """Plain data for `cqc-tui status --json` and similar."""
    findings = list(findings)
    counts = Counter(finding.severity for finding in findings)
    return {
        "ready": counts["error"] == 0,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "info": counts["info"],
        "findings": [finding.to_dict() for finding in findings],
    }
