"""The meters panel: one row per meter with a bar, the change since last turn and a sparkline.

A row is clickable; clicking it asks the screen to explain the meter ("Why?").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import set_cell_size
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message

from game.i18n import _
from game.tui.widgets.text import Text, markup, plain, styled
from game.views import presenter

if TYPE_CHECKING:
    from game.api import Game


class MeterRow(Text):
    """One meter's line."""

    fixed_size = True

    def __init__(self, meter: str) -> None:
        super().__init__(id=f"meter-{meter}", classes="meter-row")
        self.meter = meter

    def on_click(self) -> None:
        self.post_message(MeterPanel.WhyRequested(self.meter))


class MeterPanel(Vertical):
    """All the meters of the country, drawn from a game."""

    class WhyRequested(Message):
        """The player asked why a meter moved."""

        def __init__(self, meter: str) -> None:
            super().__init__()
            self.meter = meter

    def __init__(self, meters: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.meters = meters
        self._rows: list[MeterRow] = []

    def compose(self) -> ComposeResult:
        for meter in self.meters:
            yield MeterRow(meter)

    def show(self, game: Game, wide: bool, spark_width: int = 14) -> None:
        """Redraw every row; ``wide`` gives longer bars and sparklines. A meter has one name on every
        screen, so the narrow panel gives the name its room and leaves the sparkline out."""
        before = presenter.last_turn_meters(game)
        name_width = 14 if wide else 13
        bar_width = 12 if wide else 6
        spark_width = spark_width if wide else 0  # wide: 14+1+12+1+3+1+3+1+14 = 50; narrow: 13+1+6+1+3+1+3 = 28 of 29
        if not self._rows:
            self._rows = list(self.query(MeterRow))
        for row in self._rows:
            meter = game.content.meters[row.meter]
            value = game.state.meters[row.meter]
            delta = value - before[row.meter]
            name = set_cell_size(meter.name, name_width)  # cut and padded by cells: a Hangul syllable takes two
            rounded = round(delta)
            if rounded == 0:
                change = markup("[dim]  ·[/]")
            else:
                good = (delta > 0) == (meter.good == "up")
                change = styled(f"{rounded:+3d}", "$success" if good else "$error")
            level = self._level_style(meter.danger(value))
            spark = presenter.sparkline(presenter.meter_series(game, row.meter), spark_width) if spark_width else ""
            drawn = presenter.bar(value, bar_width)
            filled = drawn.rstrip("·")
            # a space between the value and its change: "69 +10", never "69+10"
            row.show_text(markup("$name $filled[dim]$empty[/] [b]$value[/] $change[$accent]$spark[/]", name=name,
                                 filled=styled(filled, level), empty=drawn[len(filled):], value=f"{value:3.0f}",
                                 change=change, spark=f" {spark}" if spark else ""))
            if row.tooltip is None:
                row.tooltip = plain(f"{meter.name}: {meter.description} ({', '.join(meter.essay)}) "
                                    + _("Click or press w: why did it move?"))

    @staticmethod
    def _level_style(danger: float) -> str:
        """Bars turn to warning colours as a meter nears the regime's danger (``Meter.danger``)."""
        return "$error" if danger >= 70 else "$warning" if danger >= 50 else "$primary"
