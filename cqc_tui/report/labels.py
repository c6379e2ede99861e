"""The team's labels for its figures and people's initials, as the report prints them."""

from __future__ import annotations

import re


def count_label(key: str) -> str:
    """The label of a figure the team stated. The team's own words are kept as written; a key in
    the old slug form ('care_records_reviewed') reads as words ('Care records reviewed')."""
    text = str(key).strip()
    if " " in text or not re.fullmatch(r"[a-z0-9_-]+", text):
        return text
    words = text.replace("_", " ").replace("-", " ")
    return words[:1].upper() + words[1:]


def initials_of(name: str) -> str:
    """'Gemma Patel' -> 'GP'."""
    return "".join(
        part[0] for part in re.split(r"[\s\-]+", name.strip()) if part and part[0].isalpha()
    ).upper()


def counted(number: int, label: str) -> str:
    """A number of things named by a framework's label, as a sentence says it: (1, 'KLOE') ->
    '1 KLOE', (14, 'Line of enquiry') -> '14 lines of enquiry', (3, 'Quality statement') ->
    '3 quality statements'. An acronym keeps its capitals."""
    words = str(label).strip().split()
    if not words:
        return str(number)
    if not words[0].isupper():  # 'Line of enquiry' -> 'line of enquiry'; 'KLOE' stays
        words[0] = words[0][:1].lower() + words[0][1:]
    if number != 1:
        at = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
        word = words[at]
        if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
            words[at] = word[:-1] + "ies"
        elif not word.endswith("s"):
            words[at] = word + "s"
    return f"{number} {' '.join(words)}"
