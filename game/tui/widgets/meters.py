"""The meters panel: one line per meter with a bar, the change since last turn and a sparkline.

One widget draws every line, and draws again only the lines whose text changed: an answer moves
most meters, and as nine widgets they cost nine updates, nine messages to the screen and nine
renders, a sixth of the frame. A line is clickable; clicking it asks the screen to explain the
meter ("Why?"). The line under the pointer is lit, and its tooltip says what the meter is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import set_cell_size
from textual import events
from textual.color import Color
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

from game.i18n import _
from game.tui.widgets.text import TONES, DrawnLines, markup, plain, styled, text_context
from game.views import presenter

if TYPE_CHECKING:
    from game.api import Game


class MeterPanel(Widget):
    """All the meters of the country, drawn from a game, a line each."""

    auto_links: Reactive[bool] = Reactive(False)
    """No clickable links in the text: Textual would look for them in every line it draws."""

    class WhyRequested(Message):
        """The player asked why a meter moved."""

        def __init__(self, meter: str) -> None:
            super().__init__()
            self.meter = meter

    def __init__(self, meters: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.meters = meters
        self._lines: list[Content] = [Content("") for _ in meters]
        self._tips: list[Content | None] = [None for _ in meters]
        self._hovered: int | None = None
        self._version = 0  # counts the changes of the lines
        self._drawn_lines = DrawnLines()
        self._strips: tuple[tuple[object, ...], list[Strip]] | None = None  # the lines drawn, and for what

    def show(self, game: Game, wide: bool, spark_width: int = 14) -> None:
        """Draw the meters; ``wide`` gives longer bars and sparklines. A meter has one name on every
        screen, so the narrow panel gives the name its room and leaves the sparkline out."""
        before = presenter.last_turn_meters(game)
        lens = getattr(self.app, "lens", "survival")  # the changes are coloured as the advisors' arrows are
        changed: list[int] = []  # the lines to draw again, refreshed together at the end
        name_width = 14 if wide else 13
        bar_width = 12 if wide else 6
        spark_width = spark_width if wide else 0  # wide: 14+1+12+1+3+1+3+1+14 = 50; narrow: 13+1+6+1+3+1+3 = 28 of 29
        for index, key in enumerate(self.meters):
            meter = game.content.meters[key]
            value = game.state.meters[key]
            delta = value - before[key]
            name = set_cell_size(meter.name, name_width)  # cut and padded by cells: a Hangul syllable takes two
            rounded = round(delta)
            if rounded == 0:
                change = markup("[dim]  ·[/]")
            else:
                change = styled(f"{rounded:+3d}", TONES[presenter.change_tone(game, key, delta, lens)])
            level = self._level_style(meter.danger(value))
            spark = presenter.sparkline(presenter.meter_series(game, key), spark_width) if spark_width else ""
            drawn = presenter.bar(value, bar_width)
            filled = drawn.rstrip("·")
            # a space between the value and its change: "69 +10", never "69+10"
            if self._keep_line(index, markup("$name $filled[dim]$empty[/] [b]$value[/] $change[$accent]$spark[/]",
                                             name=name, filled=styled(filled, level), empty=drawn[len(filled):],
                                             value=f"{value:3.0f}", change=change, spark=f" {spark}" if spark else "")):
                changed.append(index)
            if self._tips[index] is None:
                self._tips[index] = plain(f"{meter.name}: {meter.description} ({', '.join(meter.essay)}) "
                                          + _("Click or press w: why did it move?"))
        self._redraw(*changed)

    def line_text(self, meter: str) -> str:
        """The text of a meter's line, as drawn."""
        return self._lines[self.meters.index(meter)].plain

    def line_region(self, meter: str) -> Region:
        """Where a meter's line is on the screen."""
        content = self.content_region
        return Region(content.x, content.y + self.meters.index(meter), content.width, 1)

    def _keep_line(self, index: int, text: Content) -> bool:
        """Keep a line's text; True if it changed (a change of colour alone counts too) and is to be drawn again."""
        shown = self._lines[index]
        if text != shown or text.spans != shown.spans:
            self._lines[index] = text
            self._version += 1
            return True
        return False

    def _redraw(self, *indexes: int | None) -> None:
        """Draw these lines again, in one refresh (each refresh clears the widget's caches again)."""
        lines = [index for index in indexes if index is not None]
        if lines and self.is_mounted:
            width = self.size.width
            self.refresh(*(Region(0, index, width, 1) for index in lines))

    @staticmethod
    def _level_style(danger: float) -> str:
        """Bars turn to warning colours as a meter nears the regime's danger (``Meter.danger``)."""
        return "$error" if danger >= 70 else "$warning" if danger >= 50 else "$primary"

    # --- drawing: one line per meter, cut with an ellipsis rather than wrapped ------------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.meters)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_length for line in self._lines), default=0)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.visual_style
        if not 0 <= y < len(self._lines):
            return Strip.blank(width, style.rich_style)
        if y == self._hovered:  # lit as a widget of its own is with ``background: $boost``
            lit = style + Style(background=Color.parse(self.app.theme_variables.get("boost", "transparent")))
            return Visual.to_strips(self, self._lines[y], width, 1, lit, pad=True)[0]
        # all the lines in one go, kept until one changes; a line that reads as before is not drawn again
        key = (self._version, width, style, self.app.theme)
        if self._strips is None or self._strips[0] != key:
            self._strips = key, self._drawn_lines.draw(self, self._lines, width, style, text_context(self), pad=True)
        return self._strips[1][y]

    # --- the pointer ------------------------------------------------------------------------------

    def _line_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        return offset.y if offset is not None and 0 <= offset.y < len(self.meters) else None

    def _hover(self, index: int | None) -> None:
        if index == self._hovered:
            return
        before, self._hovered = self._hovered, index
        self._redraw(before, index)
        self.tooltip = self._tips[index] if index is not None else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self._line_at(event))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def on_click(self, event: events.Click) -> None:
        index = self._line_at(event)
        if index is not None:
            self.post_message(self.WhyRequested(self.meters[index]))
