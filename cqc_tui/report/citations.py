"""Citations of evidence notes in the team's own text.

An inspector writing a narrative section in the app can cite a note: the editor inserts a token
`[note:<note id>]` where the cursor is. The report never prints the token: it prints a short, human
reference in its place, "(AF, 11 Jul 2023, care record review; no. 12)" (initials, the day observed,
the source, and the note's number in the evidence log as a link), and lists the note under the
section in the evidence appendix. A citation of a note that has since been deleted is marked in a
draft and stops a final report (`cqc_tui.report.final_gate`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

CITATION = re.compile(r"\[note:([0-9a-fA-F-]{8,36})\]")


def citation(note_id: str) -> str:
    """The token the editor inserts to cite the note `note_id`."""
    return f"[note:{note_id}]"


def has_citation(text: str) -> bool:
    """True when `text` cites at least one note."""
    return "[note:" in text and CITATION.search(text) is not None


def cited_note_ids(text: str) -> list[str]:
    """The ids of the notes `text` cites, in order, each once."""
    return list(dict.fromkeys(m.group(1) for m in CITATION.finditer(text or "")))


def split_citations(text: str) -> list[tuple[str, str]]:
    """`text` as pieces in order: ("text", words) and ("note", note id). Joining the text pieces
    and the citation tokens gives `text` back."""
    pieces: list[tuple[str, str]] = []
    last = 0
    for match in CITATION.finditer(text):
        if match.start() > last:
            pieces.append(("text", text[last : match.start()]))
        pieces.append(("note", match.group(1)))
        last = match.end()
    if last < len(text):
        pieces.append(("text", text[last:]))
    return pieces


def missing_citations(text: str, live_note_ids: Iterable[str]) -> list[str]:
    """The ids `text` cites that are not among `live_note_ids` (deleted, or never in this review)."""
    live = set(live_note_ids)
    return [note_id for note_id in cited_note_ids(text) if note_id not in live]
