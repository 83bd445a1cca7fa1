"""The questions a player asks from the main screen without making a move: why a meter moved, the
essay behind a dilemma, the policies, the history, the log and the regime in full.

Each opens a dialog over the game screen and changes nothing in play (a policy change goes through
the session, and the screen is shown again when the dialog closes). Kept apart from the screen,
which answers the moves: the dialogs are what the player reads around them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from game.i18n import _
from game.tui.screens.grounding import GroundingDialog
from game.tui.screens.history import HistoryScreen
from game.tui.screens.log import LogDialog
from game.tui.screens.policies import PoliciesDialog
from game.tui.screens.why import WhyDialog
from game.tui.widgets.dilemma import DilemmaCard
from game.tui.widgets.meters import MeterPanel

if TYPE_CHECKING:
    from game.api import Game
    from game.session import Session


class GameQuestions(Screen):
    """The main screen's dialogs; the screen gives the game, its card and a way to show the state again."""

    session: Session
    last_decided: tuple[str, str] | None

    if TYPE_CHECKING:
        @property
        def game(self) -> Game: ...

        def part(self, kind: type[DilemmaCard]) -> DilemmaCard: ...

        def refresh_panels(self) -> None: ...

    def on_meter_panel_why_requested(self, message: MeterPanel.WhyRequested) -> None:
        self.action_why(message.meter)

    def action_why(self, meter: str | None = None) -> None:
        self.app.push_screen(WhyDialog(self.game, meter))

    def action_grounding(self) -> None:
        dilemma = self.game.dilemma if self.part(DilemmaCard).mode == "dilemma" else None
        if dilemma is None and self.last_decided:
            dilemma = self.game.content.events.get(self.last_decided[0])
        if dilemma is None:
            self.notify(_("No dilemma to explain this season."), severity="warning")
            return
        self.app.push_screen(GroundingDialog(dilemma, self.game.content))

    def action_policies(self) -> None:
        if not self.game.over:
            self.app.push_screen(PoliciesDialog(self.session), lambda _: self.refresh_panels())

    def action_history(self) -> None:
        self.app.push_screen(HistoryScreen(self.session))

    def action_log(self) -> None:
        self.app.push_screen(LogDialog(self.game))

    def action_regime(self) -> None:
        from game.tui.screens.regime import RegimeDialog

        self.app.push_screen(RegimeDialog(self.game))
