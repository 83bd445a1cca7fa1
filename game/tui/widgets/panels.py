"""The small read-only panels of the main screen: date, regime, indicators, policies, log."""

from __future__ import annotations

from rich.cells import cell_len
from typing import TYPE_CHECKING

from game.i18n import _
from game.tui.widgets.text import Text, lines, markup, plain
from game.views import presenter

if TYPE_CHECKING:
    from game.api import Game


NEAR = 5  # meter points from a transition that count as close


class DateLine(Text):
    """'Spring 2003 · turn 4 of 38' and the regime's phase."""

    redraw_lines = True

    fixed_size = True

    def show(self, game: Game) -> None:
        self.show_text(markup(_("[b]$date[/]  ·  regime: [b $accent]$phase[/]"), date=presenter.date_line(game),
                              phase=game.phase_name))


class RegimePanel(Text):
    """The regime's phase and the roads out of it, nearest first.

    ``limit`` roads are shown; ``full`` gives each its whole guard and summary (the wide screen, or
    the narrow one after r expands the panel), otherwise a short one that fits 31 columns."""

    redraw_lines = True

    def show(self, game: Game, limit: int | None, full: bool = False, describe: bool = True) -> None:
        """``describe``: the phase's description after its name (the main screen leaves it to r)."""
        phase = game.content.phases.get(game.state.phase)
        head = markup("[b]$phase[/]", phase=game.phase_name)
        if phase and full and describe:
            head = markup("$head [dim]$description[/]", head=head, description=phase.description)
        shown = [head]
        for view in presenter.pressure_views(game, limit):
            mark = MARKS[presenter.pressure_tone(view, NEAR)]
            # 80 columns: the short name of a collapse and the short summary
            target = view.short_target if view.ending and not full else view.target
            road = markup(" [i]($road)[/]", road=view.road) if view.road else ""
            shown.append(markup("$mark [b]→ $target[/]$road [dim]$summary[/]", mark=mark, target=target, road=road,
                                summary=view.summary if full else view.short_summary))
            shown.append(markup(_("   [dim]if $condition · now $now[/]"), now=view.now or "-",
                               condition=view.condition if full else view.short_condition or view.condition))
        self.show_text(lines(shown))


# the dot before a road: filled when its guard holds, half when near, red only for a collapse
MARKS = {
    "collapse-holds": markup("[$error]●[/]"), "collapse-near": markup("[$error]◐[/]"),
    "good-holds": markup("[$success]●[/]"), "good-near": markup("[$success]◐[/]"),
    "holds": markup("[$warning]●[/]"), "near": markup("[$warning]◐[/]"),
    "far": markup("[dim]○[/]"),
}


class IndicatorPanel(Text):
    """The historical indicators (rice price, crossers ...)."""

    redraw_lines = True

    def show(self, game: Game, wide: bool = True, width: int = 0) -> None:
        """``width``: the columns of the panel; an indicator too long for one line has its value on the next."""
        if wide:
            shown = [markup("[dim]$name[/] [b]$value[/]" if not width or cell_len(name) + 1 + cell_len(value) <= width
                            else "[dim]$name[/]\n  [b]$value[/]", name=name, value=value)
                     for name, value in presenter.indicator_lines(game)]
        else:  # the value first, so a narrow panel cuts the name, not the number
            shown = [markup("[b]$value[/] [dim]$name[/]", name=name, value=value)
                     for name, value in presenter.indicator_lines(game)]
        self.show_text(lines(shown))


class PolicySummary(Text):
    """The standing policies at their current levels."""

    redraw_lines = True

    def show(self, game: Game) -> None:
        changed = {pid for pid, _ in game.state.policy_changes}
        shown = []
        for policy in game.content.policies.values():
            level = policy.levels[game.state.policies[policy.id]].name
            shown.append(markup("[dim]$name[/] [b]$level[/]$mark", name=policy.name, level=level,
                                mark=markup(" [$accent]✓[/]") if policy.id in changed else plain("")))
        shown.append(markup(_("[dim]p: change a policy[/]")))
        self.show_text(lines(shown))


class LogPanel(Text):
    """What happened, newest first."""

    redraw_lines = True

    def show(self, game: Game, limit: int | None = None) -> None:
        entries = presenter.log_entries(game)[::-1][:limit]
        if not entries:
            self.show_text(markup(_("[dim]Nothing has happened yet.[/]")))
            return
        self.show_text(lines(markup("[$accent]$date[/] $text", date=date, text=text) for date, text in entries))
