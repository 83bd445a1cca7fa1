"""A message the player must read: why something cannot go on (bad content, a broken file)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from game.i18n import N_, _
from game.tui.screens.dialog import Dialog
from game.tui.widgets.text import markup, plain


class MessageScreen(Dialog[None]):
    """A titled message; q quits the game, escape closes the message."""

    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="message-close"),
        Binding("q", "app.request_quit", N_("Quit"), id="message-quit"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="message"):
            yield Static(markup("[b $error]$title[/]", title=self.title_text))
            with VerticalScroll():
                yield Static(plain(self.text), id="message-text")
            yield Static(_("[dim]q quit · escape close[/]"))

    def action_close(self) -> None:
        self.answer(None)
