"""The Textual application: the title screen first, the game behind it, and the app-wide actions.

The app holds the one :class:`~game.api.Game` being played and does the moves that concern the
whole session (new game, save, load, continue, run code, quit, theme); screens render the game and
send the player's choices. Content is loaded in a thread after the title screen is on the terminal,
so start-up costs about what a bare Textual app costs.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from game import START_TIME
from game.tui.saves_link import SavesUnavailable, save_error_types, saves
from game.tui.screens.title import TitleScreen
from game.tui.themes import CONTRAST, DEFAULT, THEMES

if TYPE_CHECKING:
    from game.api import Game
    from game.content import Content


class SoftLandingApp(App[int]):
    """Soft Landing in the terminal."""

    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "Soft Landing"
    SUB_TITLE = "Pyongyang 2002-2011"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "request_quit", "Quit", priority=True, id="quit"),
        Binding("t", "toggle_theme", "Theme", show=False, id="theme"),
        Binding("f1", "help", "Help", show=False, id="help-f1"),
    ]

    def __init__(self, content_dir: Path | None = None, saves_dir: Path | None = None, load_path: Path | None = None,
                 seed: int | None = None, scenario: str | None = None, code: str | None = None) -> None:
        super().__init__()
        self.start_code = code  # a run code or a class code to start from
        self.content_dir = content_dir
        self.saves_dir = Path(saves_dir) if saves_dir is not None else self._default_saves_dir()
        self.load_path = load_path
        self.start_seed = seed
        self.start_scenario = scenario
        self.content: Content | None = None
        self.content_problem: str | None = None
        self.game: Game | None = None
        self.saved_moves: tuple[str, ...] = ()
        self.ready_seconds: float | None = None
        self._has_saves: bool | None = None
        self.deferred: str | None = None  # an action asked for while the content was loading
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT

    @staticmethod
    def _default_saves_dir() -> Path:
        from game.places import saves_dir
        return saves_dir(None)

    def get_default_screen(self) -> Screen:
        return TitleScreen()

    def on_ready(self) -> None:
        """The first frame is on the terminal: now load the content, off the main thread."""
        self.ready_seconds = perf_counter() - START_TIME
        self.log.system(f"Soft Landing ready {self.ready_seconds * 1000:.0f} ms after import")
        self.load_content()

    # --- content ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="content")
    def load_content(self) -> None:
        from game.loader import load_content

        try:
            content, problems = load_content(self.content_dir)
        except Exception as error:  # a broken folder is a message, never a traceback
            content, problems = None, [f"the content could not be read: {error}"]
        if content is not None:
            self.refresh_saves()  # imports the save system here, in the thread, not before the first frame
        problem = None
        if content is None:
            shown = [str(p) for p in problems if getattr(p, "level", "error") == "error"][:12]
            problem = "\n".join(shown) or "the content could not be loaded"
        self.call_from_thread(self._content_ready, content, problem)

    def _content_ready(self, content: Content | None, problem: str | None) -> None:
        self.content, self.content_problem = content, problem
        if problem:
            from game.tui.screens.message import MessageScreen
            self.push_screen(MessageScreen("The game cannot start: its content is invalid", problem +
                                           "\n\nRun `soft-landing check` for every problem."))
            return
        self.refresh_bindings()
        if isinstance(self.screen, TitleScreen):
            self.screen.refresh_menu()
        if self.deferred:
            action, self.deferred = self.deferred, None
            self.call_later(self.run_action, action)  # run_action is a coroutine: call_later awaits it
        elif self.load_path is not None:
            self.load_from(Path(self.load_path))
        elif self.start_code:
            self._start_from_code(self.start_code)
        elif self.start_seed is not None or self.start_scenario is not None:
            self.new_game(self.start_scenario, self.start_seed)

    # --- starting a game ----------------------------------------------------------------------

    @property
    def progress_at_risk(self) -> bool:
        """True when quitting or replacing the game would lose moves made since the last save."""
        return self.game is not None and not self.game.over and self.game.state.moves != self.saved_moves

    def start_game(self, game: Game) -> None:
        """Make ``game`` the one being played and show it."""
        from game.tui.screens.game import GameScreen
        from game.tui.screens.report import ReportScreen

        self.game = game
        self.saved_moves = game.state.moves
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(ReportScreen() if game.over else GameScreen())

    def new_game(self, scenario: str | None, seed: int | None) -> None:
        from game.api import Game, MoveError

        if self.content is None:
            self.notify("The game is still loading its content.", severity="warning")
            return
        seed = seed if seed is not None else random_seed()
        try:
            game = Game.new(self.content, scenario, seed)
        except MoveError as error:
            self.notify(str(error), title="Cannot start", severity="error")
            return
        self.start_game(game)

    def load_from(self, path: Path) -> None:
        if self.content is None:
            return
        try:
            game = saves().load_game(path, self.content)
        except save_error_types() as error:
            self.notify(str(error), title="Cannot load", severity="error", timeout=8)
            return
        self.start_game(game)
        self.notify(f"Loaded {path.name}: {game.date}, turn {game.state.turn}.")

    def after_confirm(self, question: str, then, confirm: str = "Yes") -> None:
        """Run ``then`` now, or after the player confirms when progress would be lost."""
        if not self.progress_at_risk:
            then()
            return
        from game.tui.screens.confirm import ConfirmDialog

        self.push_screen(ConfirmDialog(question, confirm), lambda ok: then() if ok else None)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications carry names and errors from files and players: always plain text, never markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # --- app-wide actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.content_problem and action in ("new_game", "load", "continue_game", "run_code"):
            return None
        if action == "save" and (self.game is None or self.game.over):
            return None
        if action == "resume":
            return self.game is not None and len(self.screen_stack) == 1
        if action == "continue_game" and not self.has_saves():
            return None
        return True

    def has_saves(self) -> bool:
        """Whether there is a save to continue (cached: looked up with the content, off the first frame)."""
        return bool(self._has_saves)

    def refresh_saves(self) -> None:
        try:
            self._has_saves = saves().latest_save(self.saves_dir) is not None
        except Exception:
            self._has_saves = False

    def action_new_game(self) -> None:
        from game.tui.screens.new_game import NewGameDialog

        if self.content is None:
            self._defer("new_game")
            return

        def chosen(choice) -> None:
            if choice is not None:
                self.after_confirm("Start a new game? This season's unsaved choices will be lost.",
                                   lambda: self.new_game(*choice), "Start")

        self.push_screen(NewGameDialog(self.content, self.start_scenario), chosen)

    def _defer(self, action: str) -> None:
        if self.content_problem is None:
            self.deferred = action
            self.notify("One moment: the country is loading.", timeout=2)

    def action_resume(self) -> None:
        from game.tui.screens.game import GameScreen
        from game.tui.screens.report import ReportScreen

        if self.game is not None and len(self.screen_stack) == 1:
            self.push_screen(ReportScreen() if self.game.over else GameScreen())

    def action_continue_game(self) -> None:
        if self.content is None:
            self._defer("continue_game")
            return
        try:
            latest = saves().latest_save(self.saves_dir)
        except SavesUnavailable as error:
            self.notify(str(error), severity="error")
            return
        if latest is None:
            self.notify("There is no saved game to continue.", severity="warning")
            return
        self.after_confirm("Continue the latest save? Unsaved choices will be lost.",
                           lambda: self.load_from(latest.path))

    def action_load(self) -> None:
        from game.tui.screens.load import LoadScreen

        if self.content is None:
            self._defer("load")
            return

        def picked(path: Path | None) -> None:
            if path is not None:
                self.after_confirm("Load this game? Unsaved choices will be lost.", lambda: self.load_from(path))

        self.push_screen(LoadScreen(self.saves_dir), picked)

    def action_save(self) -> None:
        from game.tui.screens.save import SaveDialog

        if self.game is None or self.game.over:
            self.notify("There is no game in progress to save.", severity="warning")
            return
        self.push_screen(SaveDialog(self.game, self.saves_dir), self._saved)

    def _saved(self, path: Path | None) -> None:
        if path is not None and self.game is not None:
            self.saved_moves = self.game.state.moves
            self._has_saves = True
            self.notify(f"Saved to {path}", title="Saved")

    def autosave(self) -> None:
        """Save after every season; a failure is a warning, never a crash."""
        if self.game is None:
            return
        try:
            saves().autosave(self.game, self.saves_dir)
        except save_error_types() as error:
            self.notify(f"Autosave failed: {error}", severity="warning")
            return
        self.saved_moves = self.game.state.moves
        self._has_saves = True

    def action_run_code(self) -> None:
        from game.tui.screens.run_code import RunCodeDialog

        if self.content is None:
            self._defer("run_code")
            return

        def entered(code: str | None) -> None:
            if code:
                self.after_confirm("Start the game of this run code? Unsaved choices will be lost.",
                                   lambda: self._start_from_code(code))

        self.push_screen(RunCodeDialog(self.game), entered)

    def _start_from_code(self, code: str) -> None:
        try:
            game = saves().game_from_code(code, self.content)
        except save_error_types() as error:
            self.notify(str(error), title="Bad run code", severity="error", timeout=8)
            return
        self.start_game(game)

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen("help"))

    def action_essay(self) -> None:
        from game.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen("about"))

    def action_toggle_theme(self) -> None:
        self.theme = CONTRAST if self.theme == DEFAULT else DEFAULT
        self.notify(f"Theme: {self.current_theme.name}", timeout=2)

    def action_request_quit(self) -> None:
        from game.tui.screens.confirm import ConfirmDialog

        if not self.progress_at_risk:
            self.exit(0)
            return
        if isinstance(self.screen, ConfirmDialog):
            return
        self.push_screen(ConfirmDialog("Quit? Your choices this season have not been saved.", "Quit"),
                         lambda ok: self.exit(0) if ok else None)

    def _print_error_renderables(self) -> None:
        """An unexpected failure is written to a file for a bug report, not shown as a traceback."""
        if not self._exit_renderables:
            return
        from rich.console import Console

        report = Path(self.saves_dir) / "crash-report.txt"
        try:
            report.parent.mkdir(parents=True, exist_ok=True)
            with report.open("w", encoding="utf-8") as out:
                console = Console(file=out, width=100, color_system=None)
                for renderable in self._exit_renderables:
                    console.print(renderable)
            where = f"The details are in {report}."
        except OSError:
            where = "The details could not be written down."
        self.error_console.print(f"Soft Landing stopped on an internal error. {where} "
                                 f"Your games are autosaved after every season in {self.saves_dir}.",
                                 markup=False, highlight=False)
        self._exit_renderables.clear()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("New game", "Start a new campaign (choose the scenario and seed)", self.action_new_game)
        if self.game is not None and not self.game.over:
            yield SystemCommand("Save game", "Save the game under a name", self.action_save)
        yield SystemCommand("Load game", "Load a saved game", self.action_load)
        if self.has_saves():
            yield SystemCommand("Continue", "Continue the latest save", self.action_continue_game)
        yield SystemCommand("Run code", "Show this game's run code, or start a game from a code", self.action_run_code)
        yield SystemCommand("Essay", "About Lankov's essay and its argument", self.action_essay)
        yield SystemCommand("Help", "How to play, and the keys", self.action_help)
        yield SystemCommand("Theme", "Switch between the default and the high-contrast theme", self.action_toggle_theme)
        yield SystemCommand("Quit", "Quit the game", self.action_request_quit)


def random_seed() -> int:
    import secrets

    return secrets.randbelow(1_000_000)


def run(content_dir: Path | None = None, saves_dir: Path | None = None, load_path: Path | None = None,
        seed: int | None = None, scenario: str | None = None, code: str | None = None) -> int:
    """Play in the terminal; returns the process exit code."""
    app = SoftLandingApp(content_dir, saves_dir, load_path, seed, scenario, code)
    result = app.run()
    if app.content_problem:  # the game refused to start: leave the problems on the terminal too
        print(app.content_problem, file=sys.stderr)
        return 1
    return app.return_code if app.return_code is not None else (result or 0)
