"""Why did a meter move? Its recent changes with their causes, from the engine's record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.views import presenter

if TYPE_CHECKING:
    from game.api import Game

TURNS = 4  # how far back the answer looks


class WhyDialog(ModalScreen[None]):
    """Pick a meter on the left; its causes show on the right."""

    BINDINGS = [Binding("escape,w,q", "close", "Close", id="why-close")]

    def __init__(self, game: Game, meter: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.game = game
        self.meter = meter if meter in game.content.meters else next(iter(game.content.meters))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="why"):
            yield Static("[b]Why did it move?[/]  [dim]the last turns, newest first[/]")
            with Horizontal():
                yield OptionList(*(Option(escape(m.name), id=m.id) for m in self.game.content.meters.values()),
                                 id="why-meters")
                with VerticalScroll(id="why-scroll"):
                    yield Static(id="why-text")
            yield Static("[dim]↑↓ choose a meter · escape close[/]")

    def on_mount(self) -> None:
        meters = self.query_one("#why-meters", OptionList)
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
        delta = presenter.delta_since_last_turn(game, meter_id)
        lines = [f"[b]{escape(meter.name)}[/] {game.state.meters[meter_id]:.0f}  "
                 f"[dim]({presenter.signed(delta)} since last turn · good when {'high' if meter.good == 'up' else 'low'})[/]",
                 f"[dim]{escape(meter.description)} ({', '.join(meter.essay)})[/]", ""]
        found = game.why(meter_id, TURNS)
        if not found:
            lines.append("It has not moved lately.")
        turn = None
        for why in found:
            if why.turn != turn:
                turn = why.turn
                net = sum(w.delta for w in found if w.turn == turn)
                lines.append(f"[b $accent]{why.date}[/] [dim](turn {why.turn}) net {presenter.exact_change(net).strip()}[/]")
            good = (why.delta > 0) == (meter.good == "up")
            lines.append(f"  [{'$success' if good else '$error'}]{presenter.exact_change(why.delta)}[/] {escape(why.text)}")
        self.query_one("#why-text", Static).update("\n".join(lines))

    def action_close(self) -> None:
        self.dismiss(None)
