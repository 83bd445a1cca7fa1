"""The essay and history behind a dilemma: the paragraph cited, its quote, and the historical note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Static

from game.views.texts import citation

if TYPE_CHECKING:
    from game.content import Event


class GroundingDialog(ModalScreen[None]):
    """What Lankov wrote and what happened, for the dilemma at hand."""

    BINDINGS = [Binding("escape,g,q", "close", "Close", id="grounding-close")]

    def __init__(self, event: Event) -> None:
        super().__init__(classes="dialog-screen")
        self.event = event

    def compose(self) -> ComposeResult:
        event = self.event
        paragraphs = ", ".join(event.essay)
        with Vertical(classes="dialog wide-dialog", id="grounding"):
            yield Static(f"[b]{escape(event.title)}[/]")
            with VerticalScroll(id="grounding-scroll"):
                yield Static(f"[b $accent]The essay, {escape(paragraphs)}[/]\n\n[i]\"{escape(event.quote)}\"[/]\n\n"
                             f"[b $accent]History[/]\n\n{escape(event.history)}\n\n[dim]{escape(citation())}[/]",
                             id="grounding-text")
            yield Static("[dim]escape close[/]")

    def on_mount(self) -> None:
        self.query_one("#grounding-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
