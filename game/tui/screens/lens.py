"""What the colours serve: the advisors' arrows coloured for the regime's survival or for a soft landing."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.i18n import N_, _
from game.tui.screens.dialog import Dialog
from game.tui.widgets.text import markup

#: each lens: its id, what the colours serve, and what green and red then mean
LENS_WORDS = {
    "survival": (N_("The regime's survival"),
                 N_("Green keeps the regime standing, red weakens it. Reform and Tension stay yellow; "
                    "Awareness up and Isolation down are red.")),
    "landing": (N_("A soft landing"),
                N_("Green helps reform, growth, the elite and calm hold together; red works against them. "
                   "Police, Isolation and Awareness stay yellow: too open a country empties south.")),
}


class LensDialog(Dialog[str]):
    """Choose what the colours serve; answers the lens chosen (None when closed unchanged)."""

    DEFAULT_CSS = """
    LensDialog #lens { width: 76; }
    LensDialog #lens-list { height: auto; max-height: 16; }
    """
    BINDINGS = [Binding("escape,q", "close", N_("Close"), id="lens-close")]

    def __init__(self, lens: str) -> None:
        super().__init__()
        self.lens = lens

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="lens"):
            yield Static(markup(_("[b]Colours[/]  [dim]what the advisors' green and red serve[/]")))
            yield OptionList(*(Option(markup("[b]$name$now[/]\n[dim]$words[/]", name=_(name), words=_(words),
                                             now=_("  (on)") if ident == self.lens else ""), id=ident)
                               for ident, (name, words) in LENS_WORDS.items()), id="lens-list")
            yield Static(_("[dim]↑↓ choose · enter keep · escape close[/]"))

    def on_ready(self) -> None:
        menu = self.widget("#lens-list", OptionList)
        if menu is not None:
            menu.highlighted = list(LENS_WORDS).index(self.lens) if self.lens in LENS_WORDS else 0
            menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.answer(event.option.id)

    def action_close(self) -> None:
        self.answer(None)
