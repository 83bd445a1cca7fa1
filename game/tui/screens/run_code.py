"""Run codes: show the current game's code to share it, or start a game from one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from game.i18n import N_, _
from game.tui.screens.dialog import Dialog


class RunCodeDialog(Dialog[str]):
    """Returns a code to start from, or None."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="code-cancel")]

    def __init__(self, code: str | None, playing: bool) -> None:
        super().__init__()
        self.code = code  # the code of the game in play, if there is one and it can be made
        self.playing = playing

    def compose(self) -> ComposeResult:
        code = self.code
        with Vertical(classes="dialog wide-dialog", id="run-code"):
            yield Static(_("[b]Run codes[/]  [dim]a short code replays a game: scenario, seed and every move[/]"))
            if code:
                yield Label(_("This game's code (select and copy it):"))
                yield Input(code, id="current-code")
            elif self.playing:
                yield Static(_("[$warning]This game's code cannot be made here.[/]"))
            yield Label(_("Start a game from a code:"))
            yield Input(placeholder=_("paste a run code or a class code"), id="new-code")
            with Horizontal(classes="buttons"):
                yield Button(_("Start (enter)"), variant="primary", id="start-code")
                yield Button(_("Close (esc)"), id="cancel")

    def on_ready(self) -> None:
        box = self.widget("#new-code", Input)
        if box is not None:
            box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "new-code":
            self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._start() if event.button.id == "start-code" else self.action_cancel()

    def _start(self) -> None:
        box = self.widget("#new-code", Input)
        if box is None or not self.on_top:
            return
        code = box.value.strip()
        if not code:
            self.notify(_("Paste a run code first."), severity="warning")
            return
        self.answer(code)

    def action_cancel(self) -> None:
        self.answer(None)
