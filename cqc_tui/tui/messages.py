"""Messages the TUI posts between its parts: small dataclasses in one place."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class ExportProgress(Message):
    """Progress of a running Word export, posted from the export worker's thread."""

    fraction: float
    stage: str


@dataclass
class ExportFinished(Message):
    path: str
    error: str = ""


@dataclass
class JumpTo(Message):
    """Go to a line, a scope unit or a note in the open review (command palette)."""

    line: str | None = None
    scope_unit: str | None = None
    note_id: str | None = None
