"""Noticing journal segments that are missing, emptied or cut short.

Segments are numbered without gaps. Since snapshots carry ``segment_headers`` in their ``_meta``,
every segment from the snapshot's ``journal_seq`` on:

- starts with a header line ``{"segment": N}``, written when the segment is created (the segment
  appears by an atomic rename, header included): a segment without it was emptied or lost its
  beginning after it was written;
- ends, once a newer segment has been started, with a closing line ``{"next": N + 1}`` written
  before any save goes to the newer one: the newest segment ending with it names a segment that
  must exist, so a newest segment deleted after a crash is noticed, and an older segment without
  it (while the next one holds saves) was cut short;
- and the snapshot's own segment is created before the snapshot that names it, so it must exist.

Snapshots written by older versions (no ``segment_headers``) only promise that there are no gaps
between segments that are present. These rules cost nothing per save: header and closing lines are
written when a segment is started (every 2,000 saves or when the review is closed).
"""

from __future__ import annotations

from dataclasses import dataclass

HEADER_KEY = "segment"
CLOSING_KEY = "next"


def segment_name(seq: int) -> str:
    """The file name of journal segment `seq`."""
    return f"journal-{seq:06d}.jsonl"


@dataclass
class SegmentState:
    """What reading one segment found."""

    seq: int
    header: bool = False  # its first line is its header
    next: int | None = None  # the segment its closing line names
    records: int = 0  # record lines read from it

    def take_marker(self, entry: object, lineno: int) -> bool:
        """Note a journal line that is this segment's header (its first line) or closing line;
        True when `entry` was one of them (and so holds no record)."""
        if type(entry) is not dict or "t" in entry:
            return False
        if lineno == 1 and entry.get(HEADER_KEY) == self.seq:
            self.header = True
            return True
        if type(entry.get(CLOSING_KEY)) is int:
            self.next = entry[CLOSING_KEY]
            return True
        return False


@dataclass(frozen=True)
class SegmentProblem:
    """A segment that should hold saves but is missing, emptied or cut short."""

    seq: int
    kind: str  # "missing", "emptied" or "cut short"

    def describe(self) -> str:
        """What is wrong with the segment, in one phrase naming its file."""
        name = segment_name(self.seq)
        if self.kind == "missing":
            return f"{name} is missing"
        if self.kind == "emptied":
            return f"{name} has been emptied or has lost its beginning"
        return f"{name} has been cut short"


def segment_problems(
    snapshot_seq: int, headers_expected: bool, states: dict[int, SegmentState]
) -> list[SegmentProblem]:
    """Every segment from `snapshot_seq` (the first one not folded into the snapshot read) to the
    newest that is missing, emptied or cut short. `states` holds the segments read (seq >=
    snapshot_seq); `headers_expected` says whether the snapshot promises header and closing lines."""
    low = max(snapshot_seq, 1)
    present = sorted(seq for seq in states if seq >= low)
    problems: list[SegmentProblem] = []
    if headers_expected:
        high = max(present, default=low)
        named = states[high].next if high in states else None
        if named is not None and named > high:
            high = named  # the newest segment present was closed: the one it names must exist
        missing = [seq for seq in range(low, high + 1) if seq not in states]
    else:
        missing = [seq for seq in range(low, present[-1]) if seq not in states] if present else []
    problems += [SegmentProblem(seq, "missing") for seq in missing]
    if headers_expected:
        for seq in present:
            state = states[seq]
            if not state.header:
                problems.append(SegmentProblem(seq, "emptied"))
            elif state.next is None and states.get(seq + 1) is not None and states[seq + 1].records:
                problems.append(SegmentProblem(seq, "cut short"))
    return sorted(problems, key=lambda problem: problem.seq)


def describe_problems(problems: list[SegmentProblem], folder_name: str) -> str:
    """One notice for the user: which segments, what it means, what to do."""
    what = "; ".join(problem.describe() for problem in problems[:5]) + (
        "; ..." if len(problems) > 5 else ""
    )
    return (
        f"{what} (in {folder_name}; changed outside cqc-tui?): changes saved only there are not in this review. "
        "Restore the file(s) from a backup if you have one before editing further; 'cqc-tui recover' "
        "rebuilds what every other file still holds."
    )
