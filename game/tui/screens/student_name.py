"""The name a student gives before a class's game on a class server: for the teacher's debrief, and optional."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from game.i18n import N_, _
from game.tui.screens.dialog import Dialog

MAX_NAME = 60  # as game.classroom keeps it; typed beyond, the box stops taking characters


class StudentNameDialog(Dialog[str]):
    """Returns the name typed (it may be empty); escape starts without one."""

    BINDINGS = [Binding("escape", "skip", N_("No name"), id="name-skip")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="student-name"):
            yield Static(_("[b]Your class's game is about to begin[/]"))
            yield Label(_("Your name, as your teacher's debrief will show it (you may leave it empty):"))
            yield Input(placeholder=_("your name"), max_length=MAX_NAME, id="name")
            with Horizontal(classes="buttons"):
                yield Button(_("Start (enter)"), variant="primary", id="start")
                yield Button(_("No name (esc)"), id="skip")

    def on_ready(self) -> None:
        box = self.widget("#name", Input)
        if box is not None:
            box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._start() if event.button.id == "start" else self.action_skip()

    def _start(self) -> None:
        box = self.widget("#name", Input)
        if box is not None:
            self.answer(box.value.strip())

    def action_skip(self) -> None:
        self.answer("")
