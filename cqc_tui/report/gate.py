"""The personal-data gate: what a report would print that the readiness check calls a personal-data error.

Export asks before it prints an NHS number or a date of birth (the kinds in
`cqc_tui.core.personal_data.ERROR_KINDS`): the command line needs `--allow-personal-data` unless
`--redact` is given, and the app offers "export with redaction", "export anyway" or cancel.
`export_review` itself does not ask; a caller that exports unredacted checks here first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cqc_tui.core.personal_data import PERSONAL_DATA_KINDS, PERSONAL_DATA_PLURALS
from cqc_tui.core.readiness import ReadinessFinding, personal_data_check

RECORD_WORDS = {
    "notes": "note",
    "ratings": "rating",
    "findings": "finding",
    "recommendations": "recommendation",
}
SHOWN_PLACES = 3


@dataclass(frozen=True)
class PersonalDataFound:
    """One kind of personal data the report would print: how many pieces and the records they are in."""

    kind: str
    count: int
    places: tuple[str, ...]  # "note 1a2b3c4d", "finding 5e6f7a8b" ... one per record, in order

    def line(self) -> str:
        """'2 NHS numbers (note 1a2b3c4d, finding 5e6f7a8b)': one line for people."""
        what = (
            PERSONAL_DATA_KINDS[self.kind]
            if self.count == 1
            else f"{self.count} {PERSONAL_DATA_PLURALS[self.kind]}"
        )
        shown = ", ".join(self.places[:SHOWN_PLACES])
        if len(self.places) > SHOWN_PLACES:
            shown += f" and {len(self.places) - SHOWN_PLACES} more"
        return f"{what[:1].upper()}{what[1:]} ({shown})" if shown else what[:1].upper() + what[1:]


def summarise(findings: Iterable[ReadinessFinding]) -> list[PersonalDataFound]:
    """The personal-data errors among `findings`, one entry per kind, in the order first met."""
    counts: dict[str, int] = {}
    places: dict[str, dict[str, None]] = {}
    for finding in findings:
        if finding.code != "personal_data" or finding.severity != "error":
            continue
        kind = str(finding.refs.get("kind", ""))
        if kind not in PERSONAL_DATA_KINDS:
            continue
        counts[kind] = counts.get(kind, 0) + 1
        table = str(finding.refs.get("table", ""))
        record = str(finding.refs.get("record_id", ""))[:8]
        places.setdefault(kind, {})[f"{RECORD_WORDS.get(table, table)} {record}".strip()] = None
    return [PersonalDataFound(kind, counts[kind], tuple(places[kind])) for kind in counts]


def personal_data_to_confirm(session: Any) -> list[PersonalDataFound]:
    """What the report of this open review would print that must be confirmed (empty: nothing).

    Safe from a worker thread: the records are read under the store's write lock, as the export
    reads them."""
    with session.reading():
        return summarise(personal_data_check(session))
