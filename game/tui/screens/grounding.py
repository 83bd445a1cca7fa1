"""The essay and history behind a dilemma: the quote and its paragraph, the historical note and its sources, the terms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Static

from game.views.grounding import sections

if TYPE_CHECKING:
    from game.content import Content, Event


class GroundingDialog(ModalScreen[None]):
    """What Lankov wrote and what happened, for the dilemma at hand."""

    BINDINGS = [Binding("escape,g,q", "close", "Close", id="grounding-close")]

    def __init__(self, event: Event, content: Content | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.event = event
        self.content = content

    def compose(self) -> ComposeResult:
        event = self.event
        content = self.content
        found = sections(event, content.paragraphs if content else {}, content.glossary if content else {})
        body = "\n\n".join(f"[b $accent]{escape(s.heading)}[/]\n\n" + "\n".join(escape(line) for line in s.lines)
                           for s in found)
        with Vertical(classes="dialog wide-dialog", id="grounding"):
            yield Static(f"[b]{escape(event.title)}[/]")
            with VerticalScroll(id="grounding-scroll"):
                yield Static(body, id="grounding-text")
            yield Static("[dim]escape close[/]")

    def on_mount(self) -> None:
        self.query_one("#grounding-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
