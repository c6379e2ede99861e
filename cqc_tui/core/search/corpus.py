"""Every note's folded words in one string, oldest first (`Corpus`), so a text query is a few
`str.find` calls rather than a Python loop over every note; and the order of every note list
(`NOTE_ORDER`: by time written, then id)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter

from cqc_tui.core.model import EvidenceNote
from cqc_tui.core.search.folding import fold

SEPARATOR = "\x00"  # between notes in the folded corpus (never in a query term)
NOTE_ORDER = attrgetter("created", "id")  # the order of every list: by time written, then id
_CREATED = attrgetter("created")


def searchable_words(note: EvidenceNote) -> str:
    """A note's searchable words, not yet folded: its text, place, author and attached file names."""
    text = f"{note.text} {note.place} {note.author}"
    if note.attachments:
        text += " " + " ".join(
            str(attachment.get("name", ""))
            for attachment in note.attachments
            if isinstance(attachment, dict)
        )
    return text.replace(SEPARATOR, " ")  # the corpus separator never inside a note (same length)


def oldest_first(notes: Iterable[EvidenceNote]) -> list[EvidenceNote]:
    """Notes by the time they were written, then id (one text key sorts several times faster than a
    pair; the few notes written in the same millisecond are then put in id order)."""
    out = sorted(notes, key=_CREATED)
    if len(set(map(_CREATED, out))) == len(out):
        return out  # no two written in the same millisecond: the usual case
    for i in range(len(out) - 1):
        if out[i].created == out[i + 1].created:
            j = i + 1
            while j + 1 < len(out) and out[j + 1].created == out[i].created:
                j += 1
            out[i : j + 1] = sorted(out[i : j + 1], key=NOTE_ORDER)
    return out


@dataclass
class Corpus:
    """Every note's folded words in one string, oldest first, for str.find."""

    version: int
    notes: list[EvidenceNote]
    text: str
    starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, notes: list[EvidenceNote], version: int) -> Corpus:
        """The corpus of `notes` (oldest first) as of index `version`: each note's words folded on
        their own, at the offset `starts` gives, separated so no match runs across two notes."""
        folded = [
            f"{note.text} {note.place} {note.author}"
            if not note.attachments
            else searchable_words(note)
            for note in notes
        ]
        if SEPARATOR.join(folded).count(SEPARATOR) != max(len(folded) - 1, 0):
            # a note holds the separator itself: blank it (same length), as searchable_words does
            folded = [words.replace(SEPARATOR, " ") for words in folded]
        # str.isascii and str.lower run in C. The few notes with other characters are folded in one
        # pass over them all: folding goes character by character and keeps the separator, so the
        # folded batch splits back into one entry per note.
        others = [i for i, words in enumerate(folded) if not words.isascii()]
        if others:
            batch = fold(SEPARATOR.join([folded[i] for i in others])).split(SEPARATOR)
            for i, words in zip(others, batch, strict=True):
                folded[i] = words
        text = SEPARATOR.join(folded).lower()
        starts = list(accumulate(map((len(SEPARATOR)).__add__, map(len, folded)), initial=0))
        starts.pop()  # the offset after the last note
        return cls(version, notes, text, starts)

    def words(self, index: int) -> str:
        """The folded words of note `index`."""
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index] : end]

    def positions(self, term: str) -> list[int]:
        """Indexes (oldest first) of the notes whose folded words contain `term`."""
        out: list[int] = []
        starts, find = self.starts, self.text.find
        count = len(starts)
        offset = find(term)
        while offset != -1:
            index = bisect_right(starts, offset) - 1
            out.append(index)
            if index + 1 >= count:
                break
            offset = find(term, starts[index + 1])
        return out

    def append(self, note: EvidenceNote, version: int) -> None:
        """Add the words of the note just put at the end of `notes` (the newest)."""
        folded = fold(searchable_words(note))
        self.starts.append(len(self.text) + (1 if self.starts else 0))
        self.text = f"{self.text}{SEPARATOR}{folded}" if len(self.starts) > 1 else folded
        self.version = version

    def newest_matching(self, term: str) -> Iterator[int]:
        """Like positions, newest first and lazily (for 'the first 20 hits')."""
        rfind, starts = self.text.rfind, self.starts
        end = len(self.text)
        while end > 0:
            offset = rfind(term, 0, end)
            if offset == -1:
                return
            index = bisect_right(starts, offset) - 1
            yield index
            end = starts[index] - 1 if index > 0 else 0
            if index == 0:
                return
