"""The review screen's line panel: the current line's question, its prompts and its rating
characteristics (or, on a key question, what it asks).

Three reactives decide what it shows — `subject` (which line or key question, with the service
types its prompts are checked against), `show_prompts` and `show_characteristics` — and their
watchers re-wrap the text only when one of them really changed (stepping through scope units
usually leaves the panel as it is)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.reactive import reactive

from cqc_tui.core.framework import Framework, Line
from cqc_tui.tui.formatting import contrast_text
from cqc_tui.tui.widgets.text_pane import TextPane


@dataclass(frozen=True)
class PanelSubject:
    """What the line panel is about: a line of a framework, or a key question when `line` is None;
    `service_types` are those of the scope unit (or review) its prompts are checked against."""

    framework: Framework
    key_question: str
    line: Line | None
    service_types: tuple[str, ...] = ()


class LinePanel(TextPane):
    """The question, prompts and rating characteristics of the line the navigator is on."""

    subject: reactive[PanelSubject | None] = reactive(None, init=False)
    show_prompts: reactive[bool] = reactive(True, init=False)
    show_characteristics: reactive[bool] = reactive(False, init=False)

    def watch_subject(self) -> None:
        self.update(self.panel_text())

    def watch_show_prompts(self) -> None:
        self.update(self.panel_text())

    def watch_show_characteristics(self) -> None:
        self.update(self.panel_text())

    def panel_text(self) -> Text:
        """The panel's text for the subject and toggles as they are now."""
        subject = self.subject
        text = Text()
        if subject is None:
            return text
        framework = subject.framework
        line = subject.line
        if line is None:
            key_question = framework.key_question(subject.key_question)
            text.append(key_question.label if key_question else subject.key_question, style="bold")
            if key_question:
                text.append(f"  {key_question.question}")
                text.append(
                    f"\nAll evidence for this key question. Pick a {framework.line_label} on the left "
                    "to capture notes against it; r rates the key question.",
                    style="dim",
                )
            return text
        text.append(f"{line.code} ", style="bold")
        text.append(line.title, style="bold")
        text.append("\n")
        text.append(line.question, style="italic")
        if self.show_prompts and line.prompts:
            self._append_prompts(text, framework, line, subject.service_types)
        elif line.prompts:
            text.append(f"\n{len(line.prompts)} prompts hidden (p shows them)", style="dim")
        if self.show_characteristics:
            self._append_characteristics(text, framework, line)
        elif line.characteristics:
            text.append("\nc shows the rating characteristics", style="dim")
        return text

    @staticmethod
    def _append_prompts(
        text: Text, framework: Framework, line: Line, service_types: tuple[str, ...]
    ) -> None:
        labels = framework.service_types or {}
        text.append("\n")
        for prompt in line.prompts:
            applies = prompt.applies(service_types)
            text.append("\n")
            text.append(f"{prompt.code} ", style="bold" if applies else "bold dim")
            text.append(prompt.text, style="" if applies else "dim")
            if prompt.applies_to:
                names = ", ".join(
                    labels.get(code, code) if isinstance(labels, dict) else code
                    for code in prompt.applies_to
                )
                text.append(
                    f"  ({names} only" + ("; does not apply here)" if not applies else ")"),
                    style="dim italic",
                )

    @staticmethod
    def _append_characteristics(text: Text, framework: Framework, line: Line) -> None:
        scale = framework.rating_scale
        characteristics = line.characteristics or {}
        text.append("\n")
        if not characteristics:
            text.append("\nThis line has no rating characteristics.", style="dim")
        for code, description in characteristics.items():
            colour = scale.colour(code) if scale else None
            style = f"{contrast_text(colour)} on #{colour}" if colour else "reverse"
            text.append("\n")
            text.append(f" {scale.label(code) if scale else code} ", style=style)
            text.append(f" {description}")
