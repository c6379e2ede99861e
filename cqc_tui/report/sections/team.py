"""The review team: name, role and organisation (initials in a redacted report)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cqc_tui.report.redact import initials

if TYPE_CHECKING:
    from cqc_tui.report.writer_base import ReportWriterBase


def write_team(report: ReportWriterBase, title: str, options: dict) -> None:
    """The team table."""
    report.heading(title, 1)
    if not report.members:
        report.draft_or_gap("no team members are recorded")
        return
    redact = report.options.redact
    has_organisation = any(m.organisation for m in report.members)
    header = ["Name", "Role"] + (["Organisation"] if has_organisation else [])
    rows = []
    for member in report.members:
        name = (member.initials or initials(member.name)) if redact else member.name
        rows.append([name, member.role] + ([member.organisation] if has_organisation else []))
    if redact:
        report.para("Team members are shown by their initials in this redacted report.")
    report.table(header, rows, [5.5, 6.0, 5.5] if has_organisation else [7.0, 10.0])
