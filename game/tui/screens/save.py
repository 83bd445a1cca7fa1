"""Save the game under a name; an existing name asks before it is overwritten."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from game import i18n
from game.i18n import N_, _
from game.errors import SaveExists, SessionError
from game.tui.screens.confirm import ConfirmDialog
from game.tui.screens.dialog import Dialog
from game.tui.widgets.text import markup

if TYPE_CHECKING:
    from game.session import Session


class SaveDialog(Dialog[Path]):
    """Returns the path written, or None."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="save-cancel")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.directory = session.saves_dir

    def compose(self) -> ComposeResult:
        default = self.session.default_save_name()
        game = self.session.game
        where = _("{season}, turn {turn}").format(season=i18n.date_text(game.date.year, game.date.quarter),
                                                 turn=game.state.turn) if game is not None else ""
        with Vertical(classes="dialog", id="save"):
            yield Static(markup(_("[b]Save the game[/]  [dim]$where[/]"), where=where))
            yield Input(default, placeholder=_("a name for this save"), id="save-name")
            yield Static(markup(_("[dim]in $folder[/]"), folder=str(self.directory)))
            with Horizontal(classes="buttons"):
                yield Button(_("Save (enter)"), variant="primary", id="do-save")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_ready(self) -> None:
        box = self.widget("#save-name", Input)
        if box is not None:
            box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.save() if event.button.id == "do-save" else self.action_cancel()

    def save(self, overwrite: bool = False) -> None:
        box = self.widget("#save-name", Input)
        if box is None or not self.on_top:
            return
        name = box.value.strip()
        if not name:
            self.notify(_("Give the save a name."), severity="warning")
            return
        try:
            path = self.session.save(name, overwrite=overwrite)
        except SaveExists:
            self.app.push_screen(ConfirmDialog(_("A save named '{name}' exists. Overwrite it?").format(name=name), _("Overwrite")),
                                 lambda ok: self.save(overwrite=True) if ok else None)
            return
        except SessionError as error:
            self.notify(str(error), title=_("Cannot save"), severity="error", timeout=8)
            return
        self.answer(path)

    def action_cancel(self) -> None:
        self.answer(None)
