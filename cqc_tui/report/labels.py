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
