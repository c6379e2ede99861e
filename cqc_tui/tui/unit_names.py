"""Short names that tell scope units apart where their names are cut: "Community health services
for children ..." and "Community health services for adults" both read "Community health servi"
in a narrow column. Used by the ratings grid (rows and a legend) and the review screen's unit
drop-down."""

from __future__ import annotations


def abbreviation(label: str, code: str = "") -> str:
    """A short name for a row: the unit's code in capitals, else the initials of its words."""
    if code and len(code) <= 10:
        return code.upper()
    words = [w for w in label.replace("-", " ").split() if w[:1].isalnum()]
    initials = "".join(w[0] for w in words if w[0].isupper() or w.lower() not in SMALL_WORDS)
    return (initials or label[:4]).upper()[:8]


SMALL_WORDS = frozenset(
    {"and", "of", "for", "the", "with", "to", "in", "a", "an", "on", "at", "by"}
)


def unique_abbreviations(labels: list[str], codes: list[str]) -> list[str]:
    """Each label's abbreviation (see `abbreviation`), numbered where two would be the same."""
    abbreviations: list[str] = []
    for label, code in zip(labels, codes, strict=True):
        abbr = abbreviation(label, code)
        base, n = abbr, 2
        while abbr in abbreviations:
            abbr, n = f"{base}{n}", n + 1
        abbreviations.append(abbr)
    return abbreviations


def row_names(
    labels: list[str], codes: list[str], width: int, lines: int = 2
) -> tuple[list[str], list[str]]:
    """The row labels to show in a column `width` wide (rows `lines` high), and the legend lines.

    Labels are kept when each fits and no two look alike where they are cut; otherwise every row
    starts with its abbreviation and a legend says what each stands for."""
    room = width * lines - 2
    cut = [label[:room] for label in labels]
    if all(len(label) <= room for label in labels) and len(set(cut)) == len(cut):
        return list(labels), []
    abbreviations = unique_abbreviations(labels, codes)
    shown = [f"{abbr} {label}" for abbr, label in zip(abbreviations, labels, strict=True)]
    legend = [f"{abbr} = {label}" for abbr, label in zip(abbreviations, labels, strict=True)]
    return shown, legend


def told_apart(labels: list[str], codes: list[str], room: int) -> list[str]:
    """The labels as they are when no two look alike in their first `room` characters (what a
    narrow drop-down shows); otherwise each starts with its abbreviation ("ADULTS Community
    health services for adults")."""
    if len({label[:room].casefold() for label in labels}) == len(labels):
        return list(labels)
    abbreviations = unique_abbreviations(labels, codes)
    return [f"{abbr} {label}" for abbr, label in zip(abbreviations, labels, strict=True)]
