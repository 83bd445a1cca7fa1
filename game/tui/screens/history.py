"""The campaign so far: every decision in order, and a chart of every meter over the turns.

b goes back to the start of a past season to play on from there as a branch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from rich.cells import cell_len

from game.i18n import N_, _
from game.errors import SessionError
from game.tui.messages import GameChanged
from game.tui.screens.branch import BranchDialog
from game.tui.screens.glossary import GlossaryDialog
from game.tui.widgets.text import lines, markup, plain
from game.views import presenter
from game.views.charts import meters_chart
from game.views.grounding import campaign_terms
from game.views.report import all_series
from game.tui.widgets.keys import Footer

if TYPE_CHECKING:
    from game.session import Session

NARROW = 110  # below this width the chart and the timeline are stacked
CHART_TITLE = N_("The meters, turn by turn (0-100)")


class HistoryScreen(Screen):
    """Timeline and charts."""

    BINDINGS = [
        Binding("escape,h,q", "close", N_("Back"), id="history-close"),
        Binding("t", "terms", N_("Terms"), id="history-terms"),
        Binding("b", "branch", N_("Branch from a season"), id="history-branch"),
    ]

    chart_width = 40

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(id="history-title")
        with Horizontal(id="history-body"):
            with VerticalScroll(id="chart-scroll"):
                yield Static(id="history-chart")
            with VerticalScroll(id="timeline-scroll"):
                yield Static(id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        game = self.session.game
        if game is None or not self.is_attached:
            return
        self.query_one("#chart-scroll").border_title = _(CHART_TITLE)
        self.query_one("#timeline-scroll").border_title = _("Decisions")
        self.query_one("#history-title", Static).update(
            markup(_("[b]History[/] · $date · seed $seed"), date=presenter.date_line(game), seed=game.state.seed))
        narrow = self.size.width < NARROW
        width = max(10, min(60, self.size.width - 40))
        chart = meters_chart(all_series(game), 1 if narrow else 2, width)
        longest = max(len(line) for line in chart)
        # every row as long as the longest, so the box's edge and a scrollbar cut none of them
        self.query_one("#history-chart", Static).update(plain("\n".join(line.ljust(longest) for line in chart)))
        # the box as wide as the chart and its scrollbar, and never narrower than its title
        self.chart_width = max(longest + 6, cell_len(_(CHART_TITLE)) + 8)
        self._fit()
        shown = []
        for entry in presenter.timeline(game):
            shown.append(markup("[b $accent]$date[/] [b]$dilemma[/]", date=entry.date, dilemma=entry.dilemma))
            shown.append(markup("  $option [dim]$result[/]", option=entry.option, result=entry.result))
        for change in game.state.transitions:
            shown.append(markup(_("[$warning]Turn $turn: $reason[/]"), turn=change.turn, reason=change.reason))
        self.query_one("#timeline", Static).update(lines(shown) if shown else markup(_("[dim]No decision yet.[/]")))
        timeline = self.query_one("#timeline-scroll")
        timeline.focus()
        self.call_after_refresh(timeline.scroll_end, animate=False)  # the latest decisions first in view

    def on_resize(self, event) -> None:
        self._fit()

    def _fit(self) -> None:
        """Side by side when wide (the chart as wide as its lines), stacked when narrow."""
        if not self.is_attached or not self.children:
            return
        narrow = self.size.width < NARROW
        self.set_class(narrow, "-narrow")
        self.query_one("#chart-scroll").styles.width = "100%" if narrow else self.chart_width

    def action_terms(self) -> None:
        if self.session.game is not None:
            self.app.push_screen(GlossaryDialog(campaign_terms(self.session.game)))

    def action_close(self) -> None:
        if self.is_active:  # a second key may reach the screen while it is already leaving
            self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "branch":
            return True if self.session.branch_seasons() or self.session.can_branch() else None
        return True

    def action_branch(self) -> None:
        refused = self.session.can_branch()
        if refused:
            self.notify(refused.capitalize() + ".", title=_("Cannot branch"), severity="warning")
            return

        def chosen(turn: int | None) -> None:
            if turn is None:
                return
            try:
                self.session.branch(turn)
            except SessionError as error:
                self.notify(str(error), title=_("Cannot branch"), severity="error")
                return
            self.post_message(GameChanged())
            self.notify(_("Back to the start of turn {turn}: playing on as a branch. "
                          "The report will compare it with the line you left.").format(turn=turn), title=_("Branch"))

        self.app.push_screen(BranchDialog(self.session), chosen)
