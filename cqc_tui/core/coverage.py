"""Evidence coverage per line (KLOE / quality statement) and scope unit, counted incrementally."""

from __future__ import annotations

from collections.abc import Iterable

from cqc_tui.core.model import EvidenceNote


class CoverageCounter:
    """Per (line, scope unit) evidence counts, kept current note by note.

    Live notes per line and unit, and per line across all units under '*'; the source types seen;
    how many are negative or concerns. `ReviewSession.coverage()` builds one over every note; the
    review screen keeps one current through the store's save listener, in O(lines of the note) per
    save instead of re-reading every note.
    """

    NEGATIVE = ("negative", "concern")

    def __init__(self, notes: Iterable[EvidenceNote] = ()):
        self.slots: dict[tuple[str, str], list] = {}  # key -> [count, {source: n}, concerns]
        self._seen: dict[str, EvidenceNote] = {}
        # The first count, over a whole review (20,000 notes when one opens): `_apply` inlined.
        slots, seen, negative = self.slots, self._seen, self.NEGATIVE
        for note in notes:
            if note.id in seen:
                self.put(note)
                continue
            seen[note.id] = note
            if note.deleted:
                continue
            concern = 1 if note.polarity in negative else 0
            source, unit = note.source, note.scope_unit
            for code in note.lines:
                for key in ((code, unit), (code, "*")):
                    slot = slots.get(key)
                    if slot is None:
                        slots[key] = [1, {source: 1}, concern]
                    else:
                        slot[0] += 1
                        counts = slot[1]
                        counts[source] = counts.get(source, 0) + 1
                        slot[2] += concern

    def _apply(self, note: EvidenceNote, sign: int) -> None:
        if note.deleted:
            return
        concern = 1 if note.polarity in self.NEGATIVE else 0
        for code in note.lines:
            for key in ((code, note.scope_unit), (code, "*")):
                slot = self.slots.setdefault(key, [0, {}, 0])
                slot[0] += sign
                slot[1][note.source] = slot[1].get(note.source, 0) + sign
                if slot[1][note.source] <= 0:
                    del slot[1][note.source]
                slot[2] += sign * concern
                if slot[0] <= 0:
                    del self.slots[key]

    def put(self, note: EvidenceNote) -> None:
        """Count a note (a revision replaces what its earlier revision counted)."""
        old = self._seen.get(note.id)
        if old is not None:
            self._apply(old, -1)
        self._seen[note.id] = note
        self._apply(note, +1)

    def get(self, line: str, unit: str) -> tuple[int, frozenset, int] | None:
        """(notes, sources, concerns) at line x scope unit ('*': every unit), None when no note is
        there."""
        slot = self.slots.get((line, unit))
        if slot is None:
            return None
        return slot[0], frozenset(slot[1]), slot[2]
