"""How to play and the essay's argument: Markdown from ``game/tui/text``."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from game.views.texts import text


class HelpScreen(ModalScreen[None]):
    """A page of help ("help") or about the essay ("about")."""

    BINDINGS = [Binding("escape,q,question_mark,a", "close", "Close", id="help-close")]

    def __init__(self, page: str) -> None:
        super().__init__(classes="dialog-screen")
        self.page = page

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id=f"page-{self.page}"):
            with VerticalScroll(id="page-scroll"):
                yield Markdown(text(self.page), id="page-text")
            yield Static("[dim]escape close · ↑↓ scroll[/]")

    def on_mount(self) -> None:
        self.query_one("#page-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
