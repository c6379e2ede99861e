"""Help: what the keys do on the screen you came from, and how a review flows."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

GUIDE = """\
How a review flows
  1. Home: n starts a review (type, framework, team, scope units) or i imports one from YAML.
  2. Review: pick a key line of enquiry on the left (arrows), choose the scope unit (s, or [ and ]).
     Press n and type: the note is pre-filled with the line and unit. ctrl+s saves to disk.
     Drafts autosave each second; after a crash they are offered back when you reopen the review.
     "Also under" files the note under more lines (codes, e.g. W5 E2); "Seen" is when you saw it;
     "Attach" takes the path of a document or photo (enter), copied into the review; O opens them.
  3. Filter the evidence (tab to the filter bar) or search the whole review with /: accents and
     case do not matter (sian finds Siân); from:2026-11-30 to:2026-11-30 by:name narrow it.
  4. r rates the current key question for the current unit, citing the notes it rests on
     (single assessment framework: S scores the current quality statement).
     g shows the ratings grid (proposed and agreed); f lists findings and recommendations.
     a opens the action plan and its reporting rounds; k the follow-up checklist of earlier items.
  5. R checks readiness; x exports the Word report. i edits the review's details and adds team
     members or scope units.
Note editor: ctrl+s save · esc cancel (asks first if you typed) · F2 next source · F3 next polarity
  · F4 quote on/off · F5 drops the last attached file · tab moves between fields.
Lists: Home, End, PageUp and PageDown move the cursor; the key bar takes a second line when narrow.
Anywhere: ctrl+p opens the command palette (jump to a KLOE, a unit or a note by its words),
ctrl+t changes theme, F1 or ? shows this help, ctrl+q quits. Nothing you save is ever lost:
deleting only flags a note (u straight after restores it; D shows deleted notes, u restores one).
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q,question_mark", "close", "Close", id="help.close")
    ]

    def __init__(self, origin: Screen) -> None:
        super().__init__(classes="dialog-screen")
        self.origin = origin

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="help"):
            yield Label("Help (esc closes)", classes="dialog-title")
            with VerticalScroll():
                yield Static(self._keys(), id="help-keys")
                yield Static(Text(GUIDE), id="help-guide")

    def _keys(self) -> Text:
        t = Text()
        t.append(
            f"Keys on this screen ({type(self.origin).__name__.replace('Screen', '')})\n",
            style="bold",
        )
        seen = set()
        for binding in self._bindings_of(self.origin):
            if binding.action in seen or not binding.description:
                continue
            seen.add(binding.action)
            keys = ", ".join(
                self.app.get_key_display(Binding(k.strip(), binding.action))
                for k in binding.key.split(",")
            )
            t.append(f"  {keys:>14}  ", style="bold")
            t.append(binding.description + "\n")
        t.append(f"  {'ctrl+p':>14}  ", style="bold")
        t.append("Command palette: jump to a line, a unit or a note\n")
        return t

    def _bindings_of(self, screen: Screen) -> list[Binding]:
        """The bindings this app declares for the screen (not Textual's own base bindings)."""
        items: list[Binding] = []
        for cls in type(screen).__mro__:
            if cls.__module__.startswith("textual."):
                break
            items.extend(b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding))
        items.extend(b for b in type(self.app).BINDINGS if isinstance(b, Binding))
        remapped: dict[str, str] = getattr(
            self.app, "keymap_keys", {}
        )  # the workspace's config.yaml
        return [b.with_key(remapped[b.id]) if b.id in remapped else b for b in items]

    def action_close(self) -> None:
        self.dismiss(None)
