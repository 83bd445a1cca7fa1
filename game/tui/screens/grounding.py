"""The essay and history behind a dilemma: the quote and its paragraph, the historical note and its sources, the terms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from game.i18n import N_, _
from game.tui.screens.dialog import Dialog
from game.tui.widgets.text import lines, markup
from game.views.grounding import sections
from game.views.presenter import flowing

if TYPE_CHECKING:
    from game.rules.model import Content, Dilemma


class GroundingDialog(Dialog[None]):
    """What Lankov wrote and what happened, for the dilemma at hand."""

    BINDINGS = [Binding("escape,g,q", "close", N_("Close"), id="grounding-close")]

    def __init__(self, dilemma: Dilemma, content: Content | None = None) -> None:
        super().__init__()
        self.dilemma = dilemma
        self.content = content

    def compose(self) -> ComposeResult:
        dilemma = self.dilemma
        content = self.content
        found = sections(dilemma, content.paragraphs if content else {}, content.glossary if content else {})
        body = lines((markup("[b $accent]$heading[/]\n\n$text", heading=s.heading, text="\n".join(flowing(line) for line in s.lines))
                      for s in found), "\n\n")
        with Vertical(classes="dialog wide-dialog", id="grounding"):
            yield Static(markup("[b]$title[/]", title=dilemma.title))
            with VerticalScroll(id="grounding-scroll"):
                yield Static(body, id="grounding-text")
            yield Static(_("[dim]escape close[/]"))

    def on_ready(self) -> None:
        scroll = self.widget("#grounding-scroll", VerticalScroll)
        if scroll is not None:
            scroll.focus()

    def action_close(self) -> None:
        self.answer(None)
