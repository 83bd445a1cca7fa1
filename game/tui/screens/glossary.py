"""The glossary: the words met in the campaign's texts, explained."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from game.content import Term


class GlossaryDialog(ModalScreen[None]):
    """Each term with its definition, in the order the campaign met them."""

    BINDINGS = [Binding("escape,t,q", "close", "Close", id="glossary-close")]

    def __init__(self, terms: tuple[Term, ...]) -> None:
        super().__init__(classes="dialog-screen")
        self.terms = terms

    def compose(self) -> ComposeResult:
        body = "\n\n".join(f"[b $accent]{escape(t.term)}[/]\n{escape(' '.join(t.definition.split()))}" for t in self.terms)
        with Vertical(classes="dialog wide-dialog", id="glossary"):
            yield Static("[b]Terms met so far[/]")
            with VerticalScroll(id="glossary-scroll"):
                yield Static(body or "[dim]No term from the glossary yet.[/]", id="glossary-text")
            yield Static("[dim]escape close[/]")

    def on_mount(self) -> None:
        self.query_one("#glossary-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
