"""The whole log of the campaign, for screens too small to show it beside the dilemma."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from game.i18n import N_, _
from game.tui.screens.dialog import Dialog
from game.tui.widgets.panels import LogPanel

if TYPE_CHECKING:
    from game.api import Game


class LogDialog(Dialog[None]):
    """What happened, newest first."""

    BINDINGS = [Binding("escape,l,q", "close", N_("Close"), id="log-close")]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="log-dialog"):
            yield Static(_("[b]What happened[/]  [dim]newest first[/]"))
            with VerticalScroll(id="log-scroll"):
                yield LogPanel(id="log-full")
            yield Static(_("[dim]escape close[/]"))

    def on_ready(self) -> None:
        log, scroll = self.widget("#log-full", LogPanel), self.widget("#log-scroll", VerticalScroll)
        if log is not None and scroll is not None:
            log.show(self.game)
            scroll.focus()

    def action_close(self) -> None:
        self.answer(None)
