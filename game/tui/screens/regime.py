"""The regime in full: every road out of the current phase with its whole guard and where the
meters stand, and the standing policies, for screens too small to show them beside the dilemma."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from game.i18n import N_, _
from game.tui.screens.dialog import Dialog
from game.tui.widgets.panels import PolicySummary, RegimePanel

if TYPE_CHECKING:
    from game.api import Game


class RegimeDialog(Dialog[None]):
    """What decides how the run ends, unabridged."""

    BINDINGS = [Binding("escape,r,q", "close", N_("Close"), id="regime-close")]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="regime-dialog"):
            yield Static(_("[b]The regime[/]  [dim]every road out of this phase, nearest first[/]"))
            with VerticalScroll(id="regime-scroll"):
                yield RegimePanel(id="regime-full")
                yield Static(_("\n[b]Standing policies[/]"))
                yield PolicySummary(id="policies-full")
            yield Static(_("[dim]● holds now · ◐ near · ○ far; red only for a collapse · escape close[/]"))

    def on_ready(self) -> None:
        regime, policies = self.widget("#regime-full", RegimePanel), self.widget("#policies-full", PolicySummary)
        scroll = self.widget("#regime-scroll", VerticalScroll)
        if regime is None or policies is None or scroll is None:
            return
        regime.show(self.game, None, full=True)
        policies.show(self.game)
        scroll.focus()

    def action_close(self) -> None:
        self.answer(None)
