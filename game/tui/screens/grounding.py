"""The essay and history behind a dilemma: the paragraph cited, its quote, and the historical note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from game.tui.screens.dialog import Dialog
from game.tui.widgets.text import markup
from game.views.texts import citation

if TYPE_CHECKING:
    from game.content import Event


class GroundingDialog(Dialog[None]):
    """What Lankov wrote and what happened, for the dilemma at hand."""

    BINDINGS = [Binding("escape,g,q", "close", "Close", id="grounding-close")]

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event

    def compose(self) -> ComposeResult:
        event = self.event
        with Vertical(classes="dialog wide-dialog", id="grounding"):
            yield Static(markup("[b]$title[/]", title=event.title))
            with VerticalScroll(id="grounding-scroll"):
                yield Static(markup("[b $accent]The essay, $paragraphs[/]\n\n[i]\"$quote\"[/]\n\n"
                                    "[b $accent]History[/]\n\n$history\n\n[dim]$citation[/]",
                                    paragraphs=", ".join(event.essay), quote=event.quote, history=event.history,
                                    citation=citation()),
                             id="grounding-text")
            yield Static("[dim]escape close[/]")

    def on_ready(self) -> None:
        scroll = self.widget("#grounding-scroll", VerticalScroll)
        if scroll is not None:
            scroll.focus()

    def action_close(self) -> None:
        self.answer(None)
