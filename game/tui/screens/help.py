"""How to play and the essay's argument: Markdown from ``game/views/text``."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Markdown, Static

from game.i18n import N_, _
from game.tui.screens.dialog import Dialog
from game.views.texts import text


class HelpScreen(Dialog[None]):
    """A page of help ("help") or about the essay ("about")."""

    BINDINGS = [Binding("escape,q,question_mark,a", "close", N_("Close"), id="help-close")]

    def __init__(self, page: str, lead: str = "") -> None:
        super().__init__()
        self.page = page
        self.lead = lead  # a paragraph of Markdown said first (which colours are on)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id=f"page-{self.page}"):
            with VerticalScroll(id="page-scroll"):
                yield Markdown(f"{self.lead}\n\n{text(self.page)}" if self.lead else text(self.page), id="page-text")
            yield Static(_("[dim]escape close · ↑↓ scroll[/]"))

    def on_ready(self) -> None:
        scroll = self.widget("#page-scroll", VerticalScroll)
        if scroll is not None:
            scroll.focus()

    def action_close(self) -> None:
        self.answer(None)
