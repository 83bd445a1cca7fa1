"""Why did a meter move? Its recent changes with their causes, from the engine's record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game import i18n
from game.i18n import N_, _
from game.tui.screens.dialog import Dialog
from game.tui.widgets.text import TONES, lines, markup, plain, styled
from game.views import presenter

if TYPE_CHECKING:
    from game.api import Game

TURNS = 4  # how far back the answer looks


class WhyDialog(Dialog[None]):
    """Pick a meter on the left; its causes show on the right."""

    BINDINGS = [Binding("escape,w,q", "close", N_("Close"), id="why-close")]

    def __init__(self, game: Game, meter: str | None = None) -> None:
        super().__init__()
        self.game = game
        self.meter = meter if meter in game.content.meters else next(iter(game.content.meters))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="why"):
            yield Static(_("[b]Why did it move?[/]  [dim]the last turns, newest first[/]"))
            with Horizontal():
                yield OptionList(*(Option(plain(m.name), id=m.id) for m in self.game.content.meters.values()),
                                 id="why-meters")
                with VerticalScroll(id="why-scroll"):
                    yield Static(id="why-text")
            yield Static(_("[dim]↑↓ choose a meter · escape close[/]"))

    def on_ready(self) -> None:
        meters = self.widget("#why-meters", OptionList)
        if meters is None:
            return
        meters.highlighted = list(self.game.content.meters).index(self.meter)
        meters.focus()
        self.explain(self.meter)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.explain(event.option.id)

    def explain(self, meter_id: str) -> None:
        self.meter = meter_id
        game = self.game
        meter = game.content.meters[meter_id]
        base, span = presenter.change_base(game)
        delta = game.state.meters[meter_id] - base[meter_id]
        lens = getattr(self.app, "lens", "survival")  # what the colours and the words below serve
        if lens == "landing":
            way = {"up": _("a landing needs it high"), "down": _("a landing needs it low")}.get(
                meter.for_landing, _("double-edged for a landing"))
        else:
            way = _("good when high") if meter.good == "up" else _("good when low")
        shown = [markup(_("[b]$name[/] $value  [dim]($delta $span · $way)[/]"), name=meter.name,
                        value=f"{game.state.meters[meter_id]:.0f}", delta=presenter.signed(delta), span=span, way=way),
                 markup("[dim]$description ($essay)[/]", description=meter.description, essay=", ".join(meter.essay)),
                 plain("")]
        if bound := presenter.at_bound(game, meter_id):
            shown += [markup("[$warning]$text[/]", text=bound), plain("")]
        found = game.why(meter_id, TURNS)
        if not found:
            shown.append(plain(_("It has not moved lately.")))
        turn = None
        for why in found:
            if why.turn != turn:
                turn = why.turn
                net = sum(w.delta for w in found if w.turn == turn)
                date = i18n.date_text(why.date.year, why.date.quarter)
                shown.append(markup(_("[b $accent]$date[/] [dim](turn $turn) net $net[/]"), date=date,
                                    turn=why.turn, net=presenter.exact_change(net).strip()))
            tone = presenter.change_tone(game, meter_id, why.delta, lens)
            shown.append(markup("  $change $text", change=styled(presenter.exact_change(why.delta), TONES[tone]),
                                text=why.text))
        text = self.widget("#why-text", Static)
        if text is not None:
            text.update(lines(shown))

    def action_close(self) -> None:
        self.answer(None)
