"""The dilemma card: the situation, its options with the advisors' hints, then the result.

The card has three faces: a dilemma to answer (options 1-4), the result of the last choice, and a
quiet season with nothing pending (end the season). It never changes the game: it posts messages
and the screen makes the moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widget import Widget

from game.tui.widgets.text import Text

from game.views import presenter

if TYPE_CHECKING:
    from game.api import Game
    from game.content import Event, Option

MAX_OPTIONS = 4  # keys 1-4
TONES = {"good": "$success", "bad": "$error", "unsure": "$warning"}


class OptionRow(Text):
    """One answer, clickable, with its key and its hints."""

    def __init__(self, index: int) -> None:
        super().__init__(id=f"option-{index}", classes="option")
        self.index = index
        self.option_id = ""

    def on_click(self) -> None:
        if self.option_id:
            self.post_message(DilemmaCard.Chosen(self.option_id))


class DilemmaCard(Vertical):
    """The dilemma of the moment, or what the last choice did."""

    class Chosen(Message):
        """The player picked an option."""

        def __init__(self, option_id: str) -> None:
            super().__init__()
            self.option_id = option_id

    class Proceed(Message):
        """The player clicked the card's prompt (next dilemma, or end the season)."""

    mode: str = "dilemma"  # "dilemma", "result", "quiet" or "over"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._parts: dict[str, Widget] = {}
        self._option_rows: list[OptionRow] = []

    def compose(self) -> ComposeResult:
        yield Text(id="dilemma-title")
        with VerticalScroll(id="narrative-scroll"):
            yield Text(id="narrative")
        with Vertical(id="options"):
            for index in range(1, MAX_OPTIONS + 1):
                yield OptionRow(index)
        yield Text(id="prompt")

    def on_click(self, event) -> None:
        if event.widget is not None and event.widget.id == "prompt":
            self.post_message(self.Proceed())

    def show_dilemma(self, game: Game, event: Event, options: list[Option], wide: bool, count: str = "",
                     news: str = "") -> None:
        """``news`` (what the last season did) is shown above the situation."""
        self.mode = "dilemma"
        self._part("dilemma-title").show_text(f"[b]{escape(event.title)}[/]  [dim]{count}[/]")
        story = escape(" ".join(event.text.split()))
        self._part("narrative").show_text(f"[$warning]{escape(news)}[/]\n\n{story}" if news else story)
        self._part("narrative-scroll").scroll_home(animate=False)
        self._hide_options()
        for row, option in zip(self._rows(), options[:MAX_OPTIONS]):
            index = row.index
            hints = [presenter.hint_view(game, h, short=not wide) for h in game.hints(option)]
            if wide:
                said = " · ".join(f"[{TONES[h.tone]}]{escape(h.name)} {h.arrows}[/]" for h in hints)
            else:
                said = " ".join(f"[{TONES[h.tone]}]{escape(h.name)}{h.arrows}[/]" for h in hints)
            text = f"[b $accent]{index}[/] {escape(option.label)}"
            if said:
                text += f"\n   [dim]advisors:[/] {said}" if wide else f"\n  {said}"
            row.option_id = option.id
            row.show_text(text)
            row.display = True
        more = "g: essay & history" if wide else "g: essay"
        self._part("prompt").show_text(f"[dim]Choose 1-{len(options)} or click · {more} · p: policies[/]")

    def show_result(self, game: Game, event: Event, option: Option, next_pending: bool) -> None:
        self.mode = "result"
        self._part("dilemma-title").show_text(f"[b]{escape(event.title)}[/]  [dim]· your decision[/]")
        moved = presenter.change_summary(game, f"event:{event.id}/{option.id}")
        parts = [f"[b]{escape(option.label)}[/]", "", escape(option.result)]
        if moved:
            parts += ["", "  ".join(f"{escape(name)} [{'$success' if d > 0 else '$error'}]{presenter.signed(d)}[/]"
                                    for name, d in moved)]
        self._part("narrative").show_text("\n".join(parts))
        self._hide_options()
        if next_pending:
            prompt = "[b $accent]enter[/] next dilemma"
        else:
            prompt = "[b $accent]e[/] end the season · [b $accent]p[/] policies"
        self._part("prompt").show_text(prompt)

    def show_quiet(self, game: Game, news: str = "") -> None:
        self.mode = "quiet"
        self._part("dilemma-title").show_text(f"[b]{game.date}[/]  [dim]· a quiet season[/]")
        quiet = "No dilemma is waiting. Review your standing policies, ask why a meter moved, or end the season."
        self._part("narrative").show_text(f"[$warning]{escape(news)}[/]\n\n{quiet}" if news else quiet)
        self._hide_options()
        self._part("prompt").show_text("[b $accent]e[/] end the season · [b $accent]p[/] policies")

    def show_over(self, text: str) -> None:
        self.mode = "over"
        self._part("dilemma-title").show_text("[b]The end[/]")
        self._part("narrative").show_text(escape(text))
        self._hide_options()
        self._part("prompt").show_text("[b $accent]enter[/] the after-action report")

    def _part(self, ident: str):
        """A child found once by id (a key press should not walk the DOM)."""
        if ident not in self._parts:
            self._parts[ident] = self.query_one(f"#{ident}")
        return self._parts[ident]

    def _rows(self) -> list[OptionRow]:
        if not self._option_rows:
            self._option_rows = list(self.query(OptionRow))
        return self._option_rows

    def _hide_options(self) -> None:
        for row in self._rows():
            row.option_id = ""
            row.display = False
