"""Conflicts: records changed on two laptops from the same version, each version side by side.

Every record in conflict is listed (what it is, how many versions, which fields differ); under the
list its versions stand side by side, each with who made it, on which device and when, and the
values that differ. `1`..`9` keeps that version; `m` writes a combined version (the texts of every
version, one under the other, to edit into one). Either way the resolution is a new revision based
on every version, made by whoever is working on this laptop (core.team.conflicts.resolve_conflict):
nothing is thrown away, the other versions stay in the team's change sets.

Listing and resolving read every change set of the review, so both run in a thread worker; the
screen shows "Reading…" meanwhile and never blocks typing elsewhere.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cqc_tui.core.team.conflicts import Conflict, Version, conflicts, resolve_conflict
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.formatting import local_time
from cqc_tui.tui.widgets.header import SafeHeader
from cqc_tui.tui.widgets.key_bar import KeyBar
from cqc_tui.tui.widgets.text_pane import TextPane

# Fields a combined version merges as text, in order of preference; the single-line ones are
# joined with " / " on one line, the others one under the other.
TEXT_FIELDS = ("text", "rationale", "heading", "title", "name", "label")
SINGLE_LINE_FIELDS = frozenset({"heading", "title", "name", "label"})
# What a record of each table is called on screen.
TABLE_WORDS = {
    "notes": "Note",
    "ratings": "Rating",
    "scores": "Score",
    "findings": "Finding",
    "recommendations": "Recommendation",
    "members": "Team member",
    "scope_units": "Scope unit",
    "review": "Review details",
    "section_states": "Report section",
}
MAX_SHOWN_VERSIONS = 3


def table_word(table: str) -> str:
    """What a record of `table` is called on screen."""
    return TABLE_WORDS.get(table, table.replace("_", " ").capitalize())


def shown_value(value: Any) -> str:
    """A field's value as plain text: lists joined, empty shown as '(empty)'."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value) or "(none)"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or "(none)"
    text = str(value)
    return text if text.strip() else "(empty)"


def conflict_line(conflict: Conflict) -> str:
    """One line for the list: what the record is, how many versions, which fields differ."""
    differ = ", ".join(conflict.differing) or "deleted or not"
    return f"{table_word(conflict.table)}: {conflict.label} · {len(conflict.versions)} versions · differ: {differ}"


def version_text(number: int, version: Version, differing: tuple[str, ...]) -> Text:
    """A version as its pane shows it: number, who, device, when, then each differing field."""
    text = Text()
    text.append(f"{number} ", style="bold reverse")
    text.append(f" {version.member or '?'}", style="bold")
    text.append(f"\non {version.device} · {local_time(version.time)}", style="dim")
    # The same number of lines above the fields in every pane, so the fields line up side by side.
    text.append("\nshown meanwhile" if version.shown else "\n", style="italic")
    text.append("\nDELETED in this version" if version.deleted else "\n", style="bold red")
    for name in differing:
        if name == "deleted":
            continue
        text.append(f"\n\n{name}: ", style="bold")
        text.append(shown_value(version.fields.get(name, "")))
    return text


def combined_text(conflict: Conflict) -> tuple[str, str] | None:
    """(field, text) for writing a combined version: the first differing text field with each
    version's value one under the other (or, for a one-line field such as a heading, joined with
    " / "), or None when no text field differs."""
    for name in TEXT_FIELDS:
        if name in conflict.differing:
            values: list[str] = []
            for version in conflict.versions:
                value = version.fields.get(name, "")
                if isinstance(value, str) and value.strip() and value not in values:
                    values.append(value)
            return name, (" / " if name in SINGLE_LINE_FIELDS else "\n\n").join(values)
    return None


class ConflictsScreen(Screen):
    """Returns the conflicts still open when it closes (a list), for the review screen's badges."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="conflicts.back"),
        *[
            Binding(str(n), f"keep({n})", f"Keep {n}", show=n <= 2, id=f"conflicts.keep_{n}")
            for n in range(1, 10)
        ],
        Binding("m", "combine", "Write combined", id="conflicts.combine"),
        Binding("ctrl+r", "reload", "Refresh", show=False, id="conflicts.refresh"),
    ]

    class Listed(Message):
        """The worker listed the conflicts (or failed: `error`)."""

        def __init__(self, found: list[Conflict], error: str = "", told: str = "") -> None:
            super().__init__()
            self.found = found
            self.error = error
            self.told = told

    def __init__(self, session: ReviewSession) -> None:
        super().__init__(id="conflicts")
        self.session = session
        self.found: list[Conflict] = []
        self.busy = False

    def compose(self) -> ComposeResult:
        yield SafeHeader(icon="✚")
        yield Static(
            Text("Reading the team's changes…", style="dim"),
            id="conflicts-summary",
            classes="panel-title",
        )
        yield OptionList(id="conflicts-list")
        with Horizontal(id="conflict-versions"):
            for number in range(1, MAX_SHOWN_VERSIONS + 1):
                yield TextPane(id=f"conflict-version-{number}", classes="conflict-version")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.review.title}: conflicts"
        self.query_one(OptionList).focus()
        self.action_reload()

    # -- listing -----------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.busy = True
        self._list()

    @work(thread=True, exclusive=True, group="conflicts")
    def _list(self, told: str = "") -> None:
        self._list_now(told)

    def _list_now(self, told: str) -> None:
        """List the conflicts (on a worker's thread) and post them to the screen."""
        try:
            found = conflicts(self.session)
        except Exception as exc:  # noqa: BLE001 - one line on the screen, never a traceback
            self.post_message(self.Listed([], failure_line(exc, "read"), told))
            return
        self.post_message(self.Listed(found, "", told))

    def on_conflicts_screen_listed(self, message: Listed) -> None:
        self.busy = False
        summary = self.query_one("#conflicts-summary", Static)
        options = self.query_one(OptionList)
        if message.error:
            summary.update(Text(message.error, style="red"))
            return
        at = options.highlighted or 0
        self.found = message.found
        options.clear_options()
        options.add_options([Option(Content(conflict_line(c)), id=c.record_id) for c in self.found])
        if self.found:
            options.highlighted = min(at, len(self.found) - 1)
            summary.update(
                Text(
                    f"{len(self.found)} record(s) in conflict: 1, 2 … keep that version, "
                    "m writes a combined one",
                    style="bold",
                )
            )
        else:
            summary.update(Text("No conflicts: every record has one version.", style="green"))
        self._show_versions()
        if message.told:
            self.notify(message.told, markup=False)

    @on(OptionList.OptionHighlighted, "#conflicts-list")
    def _highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        self._show_versions()

    @property
    def current(self) -> Conflict | None:
        """The conflict highlighted in the list."""
        at = self.query_one(OptionList).highlighted
        return self.found[at] if at is not None and 0 <= at < len(self.found) else None

    def _show_versions(self) -> None:
        conflict = self.current
        for number in range(1, MAX_SHOWN_VERSIONS + 1):
            pane = self.query_one(f"#conflict-version-{number}", TextPane)
            version = (
                conflict.versions[number - 1]
                if conflict and number <= len(conflict.versions)
                else None
            )
            pane.display = version is not None or number == 1
            if version is None:
                pane.update(Text(""))
                continue
            text = version_text(number, version, conflict.differing if conflict else ())
            if (
                number == MAX_SHOWN_VERSIONS
                and conflict
                and len(conflict.versions) > MAX_SHOWN_VERSIONS
            ):
                text.append(
                    f"\n\n(+{len(conflict.versions) - MAX_SHOWN_VERSIONS} more versions: "
                    "'cqc-tui conflicts REVIEW' lists them)",
                    style="dim",
                )
            pane.update(text)

    # -- resolving ---------------------------------------------------------------------------

    def _writable(self) -> bool:
        if self.session.readonly:
            self.notify("This review is open read-only.", severity="warning", markup=False)
            return False
        if self.busy:
            self.notify("Still reading the team's changes…", markup=False)
            return False
        return True

    def action_keep(self, number: int) -> None:
        conflict = self.current
        if conflict is None or not self._writable():
            return
        if number > len(conflict.versions):
            self.notify(f"This record has {len(conflict.versions)} versions.", markup=False)
            return
        version = conflict.versions[number - 1]
        self.busy = True
        self._resolve(
            conflict,
            version.revision,
            None,
            f"Kept version {number} (by {version.member or '?'}); resolved as {self.session.user}.",
        )

    def action_combine(self) -> None:
        conflict = self.current
        if conflict is None or not self._writable():
            return
        combined = combined_text(conflict)
        if combined is None:
            self.notify(
                "No text differs between the versions: keep one of them (1, 2 …).", markup=False
            )
            return
        field, text = combined
        from cqc_tui.tui.dialogs.combine_version import CombineDialog

        def written(result: str | None) -> None:
            if result is None or self.current is not conflict:
                return
            self.busy = True
            self._resolve(
                conflict,
                None,
                {field: result},
                f"Combined version saved; resolved as {self.session.user}.",
            )

        self.app.push_screen(
            CombineDialog(
                f"{table_word(conflict.table)}: {conflict.label}",
                field,
                text,
                one_line=field in SINGLE_LINE_FIELDS,
            ),
            written,
        )

    @work(thread=True, exclusive=True, group="conflicts")
    def _resolve(
        self, conflict: Conflict, keep: str | None, fields: dict[str, Any] | None, told: str
    ) -> None:
        try:
            resolve_conflict(
                self.session, conflict.table, conflict.record_id, keep=keep, fields=fields
            )
        except Exception as exc:  # noqa: BLE001 - one line on the screen, never a traceback
            self.post_message(self.Listed(self.found, f"Not resolved: {failure_line(exc, 'save')}"))
            return
        self._list_now(told)

    def action_close(self) -> None:
        self.dismiss(list(self.found))
