"""Pick a past season to go back to and play on from as a branch; the main line is kept for the report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game import i18n
from game.i18n import N_, _
from game.tui.screens.dialog import Dialog
from game.tui.widgets.text import markup

if TYPE_CHECKING:
    from game.session import Session


class BranchDialog(Dialog[int]):
    """Returns the turn whose start to go back to, or None."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="branch-cancel")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        game = self.session.game
        seasons = self.session.branch_seasons()
        titles = {}
        if game is not None:
            for record in game.state.history:
                met = [game.content.events[d.event].title for d in record.decisions if d.event in game.content.events]
                titles[record.turn] = (i18n.date_text(record.date.year, record.date.quarter), ", ".join(met) or _("a quiet season"))
        with Vertical(classes="dialog wide-dialog", id="branch"):
            yield Static(_("[b]Branch from a past season[/]  [dim]go back to its start and play on; "
                           "the report compares the branch with this line[/]"))
            yield OptionList(*(Option(markup(_("[b]Turn $turn[/] $date  [dim]$met[/]"), turn=turn,
                                             date=titles.get(turn, ("", ""))[0], met=titles.get(turn, ("", ""))[1]),
                                      id=str(turn))
                               for turn in reversed(seasons)), id="branch-list")
            yield Static(_("[dim]enter go back to the start of that season · escape cancel · "
                           "the run will count as played with hindsight[/]"))

    def on_ready(self) -> None:
        menu = self.widget("#branch-list", OptionList)
        if menu is not None:
            menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.answer(int(event.option.id))

    def action_cancel(self) -> None:
        self.answer(None)
