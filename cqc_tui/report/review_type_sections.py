"""Sections some review types add (listed in templates/review_types): the provider as a whole
(an NHS trust's well-led), and what changed since the last inspection (re-inspections)."""

from __future__ import annotations

from cqc_tui.core.model import OVERALL
from cqc_tui.report.wording import short_month_year


class ReviewTypeSectionsMixin:
    """Part of ReportBuilder: `provider_level` and `changes` sections."""

    def s_provider_level(self, title, opts) -> None:
        """The provider's own ratings (those the team agreed at the top level, e.g. a trust's well-led)
        with their rationale, and the findings written for the provider as a whole."""
        codes = [kq.code for kq in self.fw.key_questions] + [OVERALL]
        blocks = []
        for code in codes:
            cell = self.grid.cell("", code) if self.rated else None
            findings = [f for f in self.findings if f.kind == "finding" and not f.scope_unit
                        and f.key_question == code]
            has_rationale = cell is not None and cell.code and cell.rationale.strip()
            if findings or has_rationale:
                blocks.append((code, findings))
        if not blocks:
            return
        self.heading(title, 1)
        provider = self.review.provider or "the provider"
        for code, findings in blocks:
            label = self.kq_label.get(code, code)
            self.heading(label, 2)
            self._rating_line("", code, where=f"{provider}, {label}")
            for f in findings:
                self._finding(f, where=f"{provider}, {label}")

    def s_changes(self, title, opts) -> None:
        """For each scope unit (and the provider, when the review rated it) the rating before and after
        this inspection for each key question, with the dates they were set."""
        if not self.rated:
            return
        rows_out = []
        for row in self.grid.rows:
            cells = [(code, label, row.cells.get(code)) for code, label in self.grid.columns]
            changed = [(code, label, c) for code, label, c in cells if c is not None and c.previous]
            if changed:
                rows_out.append((row, changed))
        if not rows_out:
            return
        self.heading(title, 1)
        for row, changed in rows_out:
            if len(rows_out) > 1 or row.key:
                self.heading(row.label, 2)
            table_rows = []
            for code, label, cell in changed:
                before = cell.previous_label + (f" ({short_month_year(cell.previous_on)})" if cell.previous_on else "")
                if not cell.code:
                    now = "Not rated"
                elif cell.carried:
                    now = f"{cell.label} (carried forward, not inspected)"
                else:
                    now = cell.label + (f" ({short_month_year(cell.rated_on)})" if cell.rated_on else "")
                    if cell.unagreed:
                        now += " - DRAFT: not agreed"
                table_rows.append([label, before, now, self._change_word(cell)])
            self.table(["Key question", "Last inspection", "This inspection", "Change"], table_rows,
                       [3.4, 4.6, 5.8, 3.2])

    def _change_word(self, cell) -> str:
        if cell.carried or not cell.code or not self.scale:
            return "No change" if cell.carried else ""
        before, now = self.scale.rank(cell.previous), self.scale.rank(cell.code)
        if before is None or now is None or before == now:
            return "No change"
        return "Improved" if now > before else "Declined"
