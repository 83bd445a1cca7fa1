"""The small read-only panels of the main screen: date, regime, indicators, policies, log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.markup import escape
from game.tui.widgets.text import Text

from game.views import presenter

if TYPE_CHECKING:
    from game.api import Game


NEAR = 5  # meter points from a transition that count as close


class DateLine(Text):
    """'Spring 2003 · turn 4 of 38' and the regime's phase."""

    fixed_size = True

    def show(self, game: Game) -> None:
        self.show_text(f"[b]{presenter.date_line(game)}[/]  ·  regime: [b $accent]{escape(game.phase_name)}[/]")


class RegimePanel(Text):
    """The regime's phase and the roads out of it, nearest first."""

    def show(self, game: Game, limit: int) -> None:
        phase = game.content.phases.get(game.state.phase)
        lines = [f"[b]{escape(game.phase_name)}[/]" + (f" [dim]{escape(phase.description)}[/]" if phase and limit > 2 else "")]
        for view in presenter.pressure_views(game, limit):
            if view.holds:
                mark = "[$error]●[/]" if view.ending else "[$warning]●[/]"
            elif view.gap is not None and view.gap <= NEAR:
                mark = "[$error]◐[/]" if view.ending else "[$warning]◐[/]"
            else:
                mark = "[dim]○[/]"
            if limit > 2:
                lines.append(f"{mark} [b]→ {escape(view.target)}[/] [dim]{view.summary}[/]")
            else:  # 80 columns: the short name of a collapse and the short summary
                target = view.short_target if view.ending else view.target
                lines.append(f"{mark} [b]→ {escape(target)}[/] [dim]{view.short_summary}[/]")
            lines.append(f"   [dim]if {escape(view.condition)} · now {escape(view.now) or '-'}[/]")
        self.show_text("\n".join(lines))


class IndicatorPanel(Text):
    """The historical indicators (rice price, crossers ...)."""

    def show(self, game: Game, wide: bool = True) -> None:
        if wide:
            lines = [f"[dim]{escape(name)}[/] [b]{escape(value)}[/]" for name, value in presenter.indicator_lines(game)]
        else:  # the value first, so a narrow panel cuts the name, not the number
            lines = [f"[b]{escape(value)}[/] [dim]{escape(name)}[/]" for name, value in presenter.indicator_lines(game)]
        self.show_text("\n".join(lines))


class PolicySummary(Text):
    """The standing policies at their current levels."""

    def show(self, game: Game) -> None:
        changed = {pid for pid, _ in game.state.policy_changes}
        lines = []
        for policy in game.content.policies.values():
            level = policy.levels[game.state.policies[policy.id]].name
            mark = " [$accent]✓[/]" if policy.id in changed else ""
            lines.append(f"[dim]{escape(policy.name)}[/] [b]{escape(level)}[/]{mark}")
        lines.append("[dim]p: change a policy[/]")
        self.show_text("\n".join(lines))


class LogPanel(Text):
    """What happened, newest first."""

    def show(self, game: Game, limit: int | None = None) -> None:
        entries = presenter.log_entries(game)[::-1][:limit]
        if not entries:
            self.show_text("[dim]Nothing has happened yet.[/]")
            return
        self.show_text("\n".join(f"[$accent]{escape(date)}[/] {escape(text)}" for date, text in entries))
