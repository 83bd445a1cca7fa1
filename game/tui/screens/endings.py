"""The endings gallery: the endings this player has reached, with the season and the run code, and
the ones still locked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from game.i18n import N_, _
from game.tui.screens.dialog import Dialog
from game.tui.widgets.text import lines, markup, plain

if TYPE_CHECKING:
    from game.views.gallery import GalleryRow


class EndingsDialog(Dialog[None]):
    """Every ending of the game: reached (when, and the code that replays it) or locked."""

    BINDINGS = [Binding("escape,g,q", "close", N_("Close"), id="endings-close")]

    def __init__(self, rows: list[GalleryRow], problem: str | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.problem = problem

    def compose(self) -> ComposeResult:
        from game.views.gallery import count_line

        with Vertical(classes="dialog wide-dialog", id="endings"):
            yield Static(markup(_("[b]Endings gallery[/]  [dim]$count[/]"), count=count_line(self.rows)))
            with VerticalScroll(id="endings-scroll"):
                yield Static(self._text(), id="endings-text")
            yield Static(_("[dim]↑↓ scroll · a run code replays its run: r on the title screen · escape close[/]"))

    def _text(self):
        shown = []
        if self.problem:
            shown += [markup("[$warning]$problem[/]", problem=self.problem), plain("")]
        for row in self.rows:
            if row.reached:
                again = _(" · reached {times} times").format(times=row.times) if row.times > 1 else ""
                hindsight = _(" · with hindsight") if row.hindsight else ""
                shown.append(markup("[$success]●[/] [b]$title[/] [dim]· $kind[/]", title=row.title, kind=row.kind))
                shown.append(markup(_("   first in $season$again$hindsight"), season=row.season, again=again,
                                    hindsight=hindsight))
                if row.code:
                    shown.append(markup(_("   [dim]run code[/] $code"), code=row.code))
            else:
                shown.append(markup(_("[dim]○ $title · $kind · locked[/]"), title=row.title, kind=row.kind))
        return lines(shown)

    def on_ready(self) -> None:
        scroll = self.widget("#endings-scroll", VerticalScroll)
        if scroll is not None:
            scroll.focus()

    def action_close(self) -> None:
        self.answer(None)
