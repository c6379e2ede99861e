"""Messages the TUI posts between its parts: small dataclasses in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the report package loads python-docx: not at the app's start
    from cqc_tui.report import ExportOptions
    from cqc_tui.report.gate import PersonalDataFound


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
    """Go to a scope unit, then a line (else a key question), then a note in the open review.

    Posted to the review screen by the command palette; posted by a screen over it (readiness),
    it reaches the app, which goes back to the review screen and hands it on."""

    line: str | None = None
    scope_unit: str | None = None
    note_id: str | None = None
    key_question: str | None = None


@dataclass
class ExportNeedsConfirmation(Message):
    """The export worker found personal data the report would print; the dialog asks what to do."""

    path: Path
    options: ExportOptions
    found: list[PersonalDataFound] = field(default_factory=list)


@dataclass
class TeamSyncFinished(Message):
    """A sync with the review's team folder ended (posted from the sync worker's thread).

    `result` is the core's SyncResult (None when the sync could not start: `error` says why);
    `conflicts` is every record in conflict after it, as core.team.conflicts lists them;
    `finished` is the local clock time (HH:MM) it ended; `background`: the timer started it."""

    result: object | None
    conflicts: list = field(default_factory=list)
    error: str = ""
    finished: str = ""
    background: bool = False
