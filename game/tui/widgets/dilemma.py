"""The dilemma card: the situation, its options with the advisors' hints, then the result.

The card has three faces: a dilemma to answer (options 1-4), the result of the last choice, and a
quiet season with nothing pending (end the season). It never changes the game: it posts messages
and the screen makes the moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget

from game.tui.widgets.layout import Column, KeptBorder, ScrollColumn
from game.tui.widgets.text import TONES, Text, lines, markup, plain, styled
from game.views import presenter
from game.views.texts import INVENTED
from game import i18n
from game.i18n import _

if TYPE_CHECKING:
    from game.api import Game
    from game.rules.model import Dilemma, Option

MAX_OPTIONS = 4  # keys 1-4


class OptionRow(Text):
    """One answer, clickable, with its key and its hints."""

    def __init__(self, index: int) -> None:
        super().__init__(id=f"option-{index}", classes="option")
        self.index = index
        self.option_id = ""

    def on_click(self) -> None:
        if self.option_id:
            self.post_message(DilemmaCard.Chosen(self.option_id))


class DilemmaCard(KeptBorder):
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
        self._choose = ""  # "Choose 1-3" for the dilemma shown

    def compose(self) -> ComposeResult:
        yield Text(id="dilemma-title")
        # the story and the options scroll as one: every option and its hints are reached with the keys
        # that scroll (down, page down, end), never only with the mouse wheel
        with ScrollColumn(id="narrative-scroll"):
            yield Text(id="narrative")
            with Column(id="options"):
                for index in range(1, MAX_OPTIONS + 1):
                    yield OptionRow(index)
        yield Text(id="prompt")

    def on_mount(self) -> None:
        scroll = self._part("narrative-scroll")
        self.watch(scroll, "scroll_y", self._show_prompt, init=False)
        self.watch(scroll, "virtual_size", self._prompt_after_layout, init=False)

    def on_resize(self) -> None:
        self._prompt_after_layout()

    def _prompt_after_layout(self) -> None:
        self.call_after_refresh(self._show_prompt)

    def _show_prompt(self) -> None:
        """The prompt under a dilemma says when there is more to read below, and how to read it."""
        if self.mode == "dilemma" and self._choose:
            self._part("prompt").show_text(markup(_("[b $accent]↓[/] [dim]more below ·[/] [dim]$choose[/]")
                                                  if self.more_below else _("[dim]$choose or click an option[/]"),
                                                  choose=self._choose))

    def read_on(self) -> None:
        """One page further down the card's text."""
        self._part("narrative-scroll").scroll_page_down(animate=False)

    @property
    def more_below(self) -> bool:
        """True when the card's text goes on below what is shown."""
        scroll = self._part("narrative-scroll")
        return scroll.scroll_y < scroll.max_scroll_y

    def on_click(self, event) -> None:
        if event.widget is not None and event.widget.id == "prompt":
            self.post_message(self.Proceed())

    def show_dilemma(self, game: Game, dilemma: Dilemma, options: list[Option], wide: bool, count: str = "",
                     news: str = "") -> None:
        """``news`` (what the last season did) is shown above the situation."""
        self.mode = "dilemma"
        title = markup("[b]$title[/]  [dim]$count[/]", title=dilemma.title, count=count)
        if dilemma.invented:
            title = markup("$title\n[b $error]$invented[/]", title=title, invented=_(INVENTED))
        self._part("dilemma-title").show_text(title)
        story = presenter.flowing(dilemma.text)
        self._part("narrative").show_text(markup("[$warning]$news[/]\n\n$story", news=news, story=story) if news
                                          else plain(story))
        self._part("narrative-scroll").scroll_home(animate=False)
        shown = options[:MAX_OPTIONS]
        for row in self._rows()[len(shown):]:
            row.option_id = ""
            row.display = False
        self._part("options").display = True
        for row, option in zip(self._rows(), shown, strict=False):
            hints = [presenter.hint_view(game, h, getattr(self.app, "lens", "survival")) for h in game.hints(option)]
            said = lines((styled(f"{h.name} {h.arrows}", TONES[h.tone]) for h in hints), " · " if wide else "  ")
            text = markup("[b $accent]$key[/] $label", key=row.index, label=option.label)
            if hints:
                text = markup("$text\n   [dim]$who[/] $said" if wide else "$text\n  $said", text=text, said=said, who=_("advisors:"))
            row.option_id = option.id
            row.show_text(text)
            row.display = True
        self._choose = presenter.choose_prompt(len(options))
        self._show_prompt()
        self._prompt_after_layout()  # what is below is known once the new text is laid out

    def show_result(self, game: Game, dilemma: Dilemma, option: Option, next_pending: bool) -> None:
        self.mode = "result"
        self._part("dilemma-title").show_text(markup(_("[b]$title[/]  [dim]· your decision[/]"), title=dilemma.title))
        moved = presenter.change_summary(game, f"event:{dilemma.id}/{option.id}")
        parts = [markup("[b]$label[/]", label=option.label), plain(""), plain(presenter.flowing(option.result))]
        if moved:  # each change coloured as the advisors' arrows are, for what the player's colours serve
            lens = getattr(self.app, "lens", "survival")
            parts += [plain(""), lines((markup("$name $change", name=game.content.meters[meter].name, change=styled(
                presenter.signed(d), TONES[presenter.change_tone(game, meter, d, lens)])) for meter, d in moved), "  ")]
        lost = presenter.lost_to_cap(game, dilemma.id, option.id)
        if lost:
            parts += [plain(""), lines((markup("[$warning]$text[/]", text=text) for text in lost), " ")]
        self._part("narrative").show_text(lines(parts))
        self._hide_options()
        if next_pending:
            prompt = markup(_("[b $accent]enter[/] next dilemma"))
        else:
            prompt = markup(_("[b $accent]e[/] end the season · [b $accent]p[/] policies"))
        self._part("prompt").show_text(prompt)

    def show_quiet(self, game: Game, news: str = "") -> None:
        self.mode = "quiet"
        date = i18n.date_text(game.date.year, game.date.quarter)
        self._part("dilemma-title").show_text(markup("[b]$date[/]  [dim]· $quiet[/]", date=date, quiet=_("a quiet season")))
        quiet = _("No dilemma is waiting. Review your standing policies, ask why a meter moved, or end the season.")
        self._part("narrative").show_text(markup("[$warning]$news[/]\n\n$quiet", news=news, quiet=quiet) if news
                                          else plain(quiet))
        self._hide_options()
        self._part("prompt").show_text(markup(_("[b $accent]e[/] end the season · [b $accent]p[/] policies")))

    def show_over(self, text: str, hindsight: str = "") -> None:
        """The end: the ending's title and, when the player went back, that the run had hindsight."""
        self.mode = "over"
        self._part("dilemma-title").show_text(markup(_("[b]The end[/]")))
        self._part("narrative").show_text(markup("$text\n\n[$warning]$hindsight[/]", text=text, hindsight=hindsight)
                                          if hindsight else plain(text))
        self._hide_options()
        self._part("prompt").show_text(markup(_("[b $accent]enter[/] the after-action report")))

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
        """No option: their column is hidden, and the rows keep their display for the next dilemma (an
        answer hid four rows, each a layout change of its own, and showed three of them again next)."""
        for row in self._rows():
            row.option_id = ""
        self._part("options").display = False
