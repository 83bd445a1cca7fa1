"""Save the game under a name; an existing name asks before it is overwritten."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from game.tui.saves_link import save_error_types, saves
from game.tui.screens.dialog import Dialog
from game.tui.widgets.text import markup

if TYPE_CHECKING:
    from game.api import Game


class SaveDialog(Dialog[Path]):
    """Returns the path written, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save-cancel")]

    def __init__(self, game: Game, directory: Path) -> None:
        super().__init__()
        self.game = game
        self.directory = directory

    def compose(self) -> ComposeResult:
        default = f"{self.game.date.season.lower()}-{self.game.date.year}-turn{self.game.state.turn}"
        with Vertical(classes="dialog", id="save"):
            yield Static(markup("[b]Save the game[/]  [dim]$date, turn $turn[/]", date=str(self.game.date),
                                turn=self.game.state.turn))
            yield Input(default, placeholder="a name for this save", id="save-name")
            yield Static(markup("[dim]in $folder[/]", folder=str(self.directory)))
            with Horizontal(classes="buttons"):
                yield Button("Save (enter)", variant="primary", id="do-save")
                yield Button("Cancel (esc)", id="cancel")

    def on_ready(self) -> None:
        box = self.widget("#save-name", Input)
        if box is not None:
            box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.save() if event.button.id == "do-save" else self.action_cancel()

    def save(self, overwrite: bool = False) -> None:
        from game.tui.screens.confirm import ConfirmDialog

        box = self.widget("#save-name", Input)
        if box is None or not self.on_top:
            return
        name = box.value.strip()
        if not name:
            self.notify("Give the save a name.", severity="warning")
            return
        try:
            module = saves()
            path = module.save_game(self.game, name, self.directory, overwrite=overwrite)
        except save_error_types() as error:
            exists = getattr(saves(), "SaveExistsError", None) if not overwrite else None
            if exists is not None and isinstance(error, exists):
                self.app.push_screen(ConfirmDialog(f"A save named '{name}' exists. Overwrite it?", "Overwrite"),
                                     lambda ok: self.save(overwrite=True) if ok else None)
                return
            self.notify(str(error), title="Cannot save", severity="error", timeout=8)
            return
        self.answer(path)

    def action_cancel(self) -> None:
        self.answer(None)
