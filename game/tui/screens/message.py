"""A message the player must read: why something cannot go on (bad content, a broken file)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Static


class MessageScreen(ModalScreen[None]):
    """A titled message; q quits the game, escape closes the message."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="message-close"),
        Binding("q", "app.request_quit", "Quit", id="message-quit"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="message"):
            yield Static(f"[b $error]{escape(self.title_text)}[/]")
            with VerticalScroll():
                yield Static(escape(self.text), id="message-text")
            yield Static("[dim]q quit · escape close[/]")

    def action_close(self) -> None:
        self.dismiss(None)
