"""Words for data keys that have no title of their own (a report section key such as
`next_steps`), for the places that must name one to a person."""

from __future__ import annotations


def pretty_key(key: str) -> str:
    """'next_steps' -> 'Next steps' (a label for a key that has no title of its own)."""
    text = str(key).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]
