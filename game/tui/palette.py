"""The command palette's entries (ctrl+p): the app-wide commands open at this moment.

Each entry calls one of the app's actions, so that a command does from the palette exactly what its
key does; an entry is listed only when its action is open (no save once the game is over, no rewind
once this season's is spent).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from textual.app import SystemCommand

from game.i18n import _

if TYPE_CHECKING:
    from game.api import Game
    from game.session import Session


class PaletteHost(Protocol):
    """What the palette reads of the app: the game and session, and the actions it calls."""

    @property
    def game(self) -> Game | None: ...
    @property
    def session(self) -> Session | None: ...
    def has_saves(self) -> bool: ...
    def action_new_game(self) -> None: ...
    def action_save(self) -> None: ...
    def action_rewind(self) -> None: ...
    def action_load(self) -> None: ...
    def action_continue_game(self) -> None: ...
    def action_run_code(self) -> None: ...
    def action_essay(self) -> None: ...
    def action_help(self) -> None: ...
    def action_toggle_theme(self) -> None: ...
    def action_lens(self) -> None: ...
    def action_endings(self) -> None: ...
    def action_language(self) -> None: ...
    def action_request_quit(self) -> None: ...


def system_commands(app: PaletteHost) -> Iterable[SystemCommand]:
    """The palette's entries, in the order the palette lists them."""
    yield SystemCommand(_("New game"), _("Start a new campaign (choose the scenario and seed)"), app.action_new_game)
    if app.game is not None and not app.game.over:
        yield SystemCommand(_("Save game"), _("Save the game under a name"), app.action_save)
    if app.session is not None and app.session.can_rewind() is None:
        yield SystemCommand(_("Rewind the season"), _("Take back this season's choices (once a season)"), app.action_rewind)
    yield SystemCommand(_("Load game"), _("Load a saved game"), app.action_load)
    if app.has_saves():
        yield SystemCommand(_("Continue"), _("Continue the latest save"), app.action_continue_game)
    yield SystemCommand(_("Run code"), _("Show this game's run code, or start a game from a code"), app.action_run_code)
    yield SystemCommand(_("Essay"), _("About Lankov's essay and its argument"), app.action_essay)
    yield SystemCommand(_("Help"), _("How to play, and the keys"), app.action_help)
    yield SystemCommand(_("Theme"), _("Switch between the default and the high-contrast theme"), app.action_toggle_theme)
    yield SystemCommand(_("Colours"), _("What the advisors' green and red serve: the regime's survival or a soft landing"),
                        app.action_lens)
    yield SystemCommand(_("Language"), _("Speak another language (English, 한국어 ...), kept for next time"),
                        app.action_language)
    yield SystemCommand(_("Endings gallery"), _("The endings you have reached, and those still locked"), app.action_endings)
    yield SystemCommand(_("Quit"), _("Quit the game"), app.action_request_quit)
