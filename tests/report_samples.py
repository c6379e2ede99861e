"""The five bundled sample reviews exported once per test session, for the report's checks
(schema validation, rendering, the wording of a final report)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cqc_tui.core.exchange import import_review
from cqc_tui.core.workspace import Workspace
from cqc_tui.report import ExportOptions, export_review

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "sample_reviews").glob("*.yaml"))
SAMPLE_IDS = [p.stem for p in SAMPLES]
# Samples whose findings are not all written yet (key questions with evidence but no finding): their
# final export is refused, so their checks use a draft.
INCOMPLETE: frozenset[str] = frozenset()


def options_for(sample: Path, **changes) -> ExportOptions:
    """A final export for a complete sample, a draft for an incomplete one."""
    return ExportOptions(draft=sample.stem in INCOMPLETE, **changes)


@dataclass
class ExportedSample:
    name: str
    path: Path  # the exported .docx
    review_type: str
    title: str


def export_sample(
    sample: Path, folder: Path, options: ExportOptions | None = None
) -> ExportedSample:
    """Import `sample` into a fresh workspace under `folder` and export its report there."""
    ws = Workspace(folder / "home")
    _, review_id = import_review(ws, sample)
    session = ws.open_id(review_id, readonly=True)
    try:
        out = export_review(session, folder / f"{sample.stem}.docx", options or options_for(sample))
        return ExportedSample(sample.stem, out, session.review.review_type, session.review.title)
    finally:
        session.close()
