"""Follow-up reviews: the earlier findings with whether each was put right, and what was found."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from cqc_tui.core.model import EARLIER_FINDING, FOLLOW_UP_STATUSES
from cqc_tui.report.sections.action_plan import STATUS_FILLS

if TYPE_CHECKING:
    from cqc_tui.report.writer_base import ReportWriterBase


def write_follow_up(report: ReportWriterBase, title: str, options: dict) -> None:
    """A count line and the table of earlier findings (left out when there are none); their notes
    go to the evidence appendix."""
    items = [f for f in report.findings if f.kind == EARLIER_FINDING]
    if not items:
        return
    report.heading(title, 1)
    counts = Counter(f.status or "not_checked" for f in items)
    report.para(
        f"{len(items)} earlier finding{'s' if len(items) != 1 else ''} followed up: "
        + ", ".join(
            f"{counts[s]} {FOLLOW_UP_STATUSES[s].lower()}"
            for s in FOLLOW_UP_STATUSES
            if counts.get(s)
        )
        + "."
    )
    rows, fills = [], {}
    for i, finding in enumerate(items):
        status = finding.status or "not_checked"
        where = report.unit_label(finding.scope_unit)
        earlier = report.redact(finding.heading) + (f"\n({where})" if where else "")
        found = report.redact(finding.text)
        if report.is_draft and not finding.agreed:  # a final report is refused while it is not
            found += "\nDRAFT: not agreed by the team yet"
        report.refer(
            f"{title}: " + ", ".join(b for b in (finding.heading, where) if b), finding.note_ids
        )
        rows.append([earlier, FOLLOW_UP_STATUSES.get(status, status), found])
        fills[(i, 1)] = STATUS_FILLS.get(status, "FFFFFF")
    report.table(["Earlier finding", "Status", "What we found"], rows, [5.5, 2.6, 8.9], fills)
