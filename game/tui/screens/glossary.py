"""The glossary: the words met in the campaign's texts, explained."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from game.i18n import N_, _
from game.tui.screens.dialog import Dialog
from game.tui.widgets.text import lines, markup

if TYPE_CHECKING:
    from game.rules.model import Term


class GlossaryDialog(Dialog[None]):
    """Each term with its definition, in the order the campaign met them."""

    BINDINGS = [Binding("escape,t,q", "close", N_("Close"), id="glossary-close")]

    def __init__(self, terms: tuple[Term, ...]) -> None:
        super().__init__()
        self.terms = terms

    def compose(self) -> ComposeResult:
        body = lines((markup("[b $accent]$term[/]\n$definition", term=t.term, definition=" ".join(t.definition.split()))
                      for t in self.terms), "\n\n")
        with Vertical(classes="dialog wide-dialog", id="glossary"):
            yield Static(_("[b]Terms met so far[/]"))
            with VerticalScroll(id="glossary-scroll"):
                yield Static(body if self.terms else markup(_("[dim]No term from the glossary yet.[/]")),
                             id="glossary-text")
            yield Static(_("[dim]escape close[/]"))

    def on_ready(self) -> None:
        scroll = self.widget("#glossary-scroll", VerticalScroll)
        if scroll is not None:
            scroll.focus()

    def action_close(self) -> None:
        self.answer(None)
