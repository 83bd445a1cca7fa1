"""The player's intents that start, replace or keep a game: new game, run code, load, continue, save, rewind.

Each opens its dialog, asks before unsaved choices would be lost, and then calls the session; a
refusal from the session is a notification. While the content is still loading, the intent is kept
and carried out when the session is ready. The app (:class:`~game.tui.app.SoftLandingApp`) is made
of this and shows the game the session then holds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from game import i18n
from game.i18n import N_, _
from game.errors import SessionError
from game.tui.screens.confirm import ConfirmDialog

if TYPE_CHECKING:
    from game.api import Game
    from game.session import Session


class GameIntents(App[int]):
    """New game, run code, load, continue, save and rewind, for an app that holds a session."""

    session: Session | None
    content_problem: str | None
    deferred: str | None  # an intent asked for while the content was loading
    start_scenario: str | None
    force: str | None  # a dilemma the first new game meets (``--force``)

    @property
    def game(self) -> Game | None:
        return self.session.game if self.session is not None else None

    @property
    def progress_at_risk(self) -> bool:
        """True when quitting or replacing the game would lose moves made since the last save."""
        return self.session is not None and self.session.at_risk

    def has_saves(self) -> bool:
        """Whether there is a save to continue (looked up with the content, off the first frame)."""
        return self.session is not None and self.session.has_saves

    def show_game(self) -> None:
        raise NotImplementedError

    def waiting(self, action: str) -> bool:
        """True while there is no session yet; the intent is then kept for when the content is loaded."""
        if self.session is not None:
            return False
        if self.content_problem is None:
            self.deferred = action
            self.notify(_("One moment: the country is loading."), timeout=2)
        return True

    def _attempt(self, start: Callable[[Session], object], title: str) -> bool:
        """Start a game with the session and show it; a refusal is a notification."""
        if self.session is None:
            return False
        try:
            start(self.session)
        except SessionError as error:
            self.notify(str(error), title=_(title), severity="error", timeout=8)
            return False
        self.show_game()
        return True

    def load_from(self, path: Path) -> None:
        notes: list[str] = []
        if self._attempt(lambda s: notes.extend(s.load(path)), N_("Cannot load")) and self.game is not None:
            self.notify(_("Loaded {name}: {season}, turn {turn}.").format(
                name=path.name, season=i18n.date_text(self.game.date.year, self.game.date.quarter), turn=self.game.state.turn))
            for note in notes:
                self.notify(note, severity="warning", timeout=8)

    def after_confirm(self, question: str, then: Callable[[], object], confirm: str = "Yes") -> None:
        """Run ``then`` now, or after the player confirms when progress would be lost."""
        if not self.progress_at_risk:
            then()
            return

        def answered(ok: bool | None) -> None:
            if ok:
                then()

        self.push_screen(ConfirmDialog(question, confirm), answered)

    def start_as_asked(self, load_path: Path | None, code: str | None, seed: int | None) -> None:
        """Start the game the command line asked for (``--load``, ``--code``, ``--seed``/``--scenario``), if any."""
        if load_path is not None:
            self.load_from(Path(load_path))
        elif code:
            self._attempt(lambda s: s.from_class_code(code), N_("Bad run code"))
        elif (seed is not None or self.start_scenario is not None or self.force is not None) and self._attempt(
                lambda s: s.new_game(self.start_scenario, seed), N_("Cannot start")) and self.force:
            self._tell_forced(self.force)

    def _tell_forced(self, ident: str) -> None:
        """Say so when ``--force`` could not bring its dilemma: its condition does not hold at the start."""
        game = self.game
        if game is not None and ident not in game.state.pending:
            self.notify(_("{dilemma} is not met in this first season: its condition does not hold at the scenario's "
                          "start (see soft-landing show {dilemma} --state ...)").format(dilemma=ident),
                        severity="warning", timeout=8)

    def action_new_game(self) -> None:
        from game.tui.screens.new_game import NewGameDialog

        if self.waiting("new_game") or self.session is None:
            return

        def chosen(choice: tuple[str, int, bool] | None) -> None:
            if choice is not None:
                self.after_confirm(_("Start a new game? This season's unsaved choices will be lost."),
                                   lambda: self._attempt(lambda s: s.new_game(*choice), N_("Cannot start")), _("Start"))

        self.push_screen(NewGameDialog(self.session.content, self.start_scenario, self.session.random_seed()), chosen)

    def action_continue_game(self) -> None:
        if self.waiting("continue_game") or self.session is None:
            return
        try:
            latest = self.session.latest_save()
        except SessionError as error:
            self.notify(str(error), severity="error")
            return
        if latest is None:
            self.notify(_("There is no saved game to continue."), severity="warning")
            return
        self.after_confirm(_("Continue the latest save? Unsaved choices will be lost."), lambda: self.load_from(latest))

    def action_load(self) -> None:
        from game.tui.screens.load import LoadScreen

        if self.waiting("load") or self.session is None:
            return

        def picked(path: Path | None) -> None:
            if path is not None:
                self.after_confirm(_("Load this game? Unsaved choices will be lost."), lambda: self.load_from(path))

        self.push_screen(LoadScreen(self.session), picked)

    def action_save(self) -> None:
        from game.tui.screens.save import SaveDialog

        if self.session is None or self.game is None or self.game.over:
            self.notify(_("There is no game in progress to save."), severity="warning")
            return

        def saved(path: Path | None) -> None:
            if path is not None:
                self.notify(_("Saved to {path}").format(path=path), title=_("Saved"))

        self.push_screen(SaveDialog(self.session), saved)

    def action_rewind(self) -> None:
        """Take back this season's choices: back to its start, once a season."""
        if self.session is None:
            return
        try:
            self.session.rewind()
        except SessionError as error:
            self.notify(str(error).capitalize() + ".", title=_("Cannot rewind"), severity="warning")
            return
        self.show_game()
        if self.game is not None:
            self.notify(_("Back to the start of {season}. This run now counts as played with hindsight.").format(
                season=i18n.date_text(self.game.date.year, self.game.date.quarter)), title=_("Rewound"))

    def action_run_code(self) -> None:
        from game.tui.screens.run_code import RunCodeDialog

        if self.waiting("run_code") or self.session is None:
            return

        def entered(code: str | None) -> None:
            if code:
                self.after_confirm(_("Start the game of this run code? Unsaved choices will be lost."),
                                   lambda: self._attempt(lambda s: s.from_code(code), N_("Bad run code")))

        self.push_screen(RunCodeDialog(self.session.run_code(), self.game is not None), entered)
