"""The Textual application: a thin shell around a :class:`~game.session.Session`.

The session decides everything about play and files (new game, load, continue, save, autosave,
run codes, rewind, branch); the app turns the player's app-wide keys and palette commands into
calls on it, shows the screen that fits, and passes the session to each screen as an argument so
that the screens are typed. The content, and with it the session, is made in a thread after the
title screen is on the terminal, so start-up costs about what a bare Textual app costs: this module
imports the session only for type checking, and the loading thread imports it for real. For the
same reason the other screens are imported where they are first shown (the loading thread imports
them ahead, so that the first game screen opens at once); no circle needs it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from game import START_TIME
from game.errors import SessionError
from game.places import saves_dir as default_saves_dir
from game.tui.messages import GameChanged
from game.tui.screens.confirm import ConfirmDialog
from game.tui.screens.message import MessageScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.text import markup
from game.tui.themes import CONTRAST, DEFAULT, THEMES

if TYPE_CHECKING:
    from game.api import Game
    from game.content import Content
    from game.session import Session

LOADING_ACTIONS = ("new_game", "load", "continue_game", "run_code")  # wait for the content


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
        self.saves_dir = Path(saves_dir) if saves_dir is not None else default_saves_dir(None)
        self.load_path = load_path
        self.start_seed = seed
        self.start_scenario = scenario
        self.session: Session | None = None  # made with the content, in the loading thread
        self.content_problem: str | None = None
        self.ready_seconds: float | None = None
        self.deferred: str | None = None  # an action asked for while the content was loading
        self.crash: BaseException | None = None  # the failure that stopped the app, for the crash report
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT

    @property
    def game(self) -> Game | None:
        return self.session.game if self.session is not None else None

    @property
    def content(self) -> Content | None:
        return self.session.content if self.session is not None else None

    @property
    def progress_at_risk(self) -> bool:
        """True when quitting or replacing the game would lose moves made since the last save."""
        return self.session is not None and self.session.at_risk

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
        # the session brings in the rules and the loader: imported here, in the thread, after the first frame
        try:
            from game.session import Session
        except Exception as error:  # noqa: BLE001 - an installation that cannot import the rules is a message
            self.call_from_thread(self._content_ready, None, f"the game cannot be loaded: {error}")
            return
        try:
            session = Session.open(self.content_dir, self.saves_dir)
            session.has_saves  # noqa: B018 - looked up here, off the first frame
        except SessionError as error:
            self.call_from_thread(self._content_ready, None, str(error))
            return
        import game.tui.screens.game  # noqa: F401 - ahead of its first use, with the dialogs it opens
        self.call_from_thread(self._content_ready, session, None)

    def _content_ready(self, session: Session | None, problem: str | None) -> None:
        self.session, self.content_problem = session, problem
        title = self.screen_stack[0]
        if isinstance(title, TitleScreen):
            title.status = (markup("[$error]The content is invalid; the game cannot start.[/]") if problem
                            else markup("[dim]Saves: $folder[/]", folder=str(self.saves_dir)))
        if problem or session is None:
            self.push_screen(MessageScreen("The game cannot start: its content is invalid",
                                           f"{problem}\n\nRun `soft-landing check` for every problem."))
            return
        self.refresh_bindings()
        if isinstance(title, TitleScreen):
            title.refresh_menu()
        if self.deferred:
            action, self.deferred = self.deferred, None
            self.call_later(self.run_action, action)
        elif self.load_path is not None:
            self.load_from(Path(self.load_path))
        elif self.start_code:
            code = self.start_code
            self._attempt(lambda s: s.from_class_code(code), "Bad run code")
        elif self.start_seed is not None or self.start_scenario is not None:
            self._attempt(lambda s: s.new_game(self.start_scenario, self.start_seed), "Cannot start")

    # --- showing the game -----------------------------------------------------------------------

    def show_game(self) -> None:
        """Show the session's game afresh: its season, or its report if it has ended."""
        if self.session is None or self.session.game is None:
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        from game.tui.screens.game import GameScreen
        from game.tui.screens.report import ReportScreen

        over = self.session.game.over
        self.push_screen(ReportScreen(self.session) if over else GameScreen(self.session))

    def on_game_changed(self, message: GameChanged) -> None:
        """A screen replaced the game in play (a branch): show it from its new start."""
        self.show_game()

    def _attempt(self, start: Callable[[Session], object], title: str) -> bool:
        """Start a game with the session and show it; a refusal is a notification."""
        if self.session is None:
            return False
        try:
            start(self.session)
        except SessionError as error:
            self.notify(str(error), title=title, severity="error", timeout=8)
            return False
        self.show_game()
        return True

    def load_from(self, path: Path) -> None:
        notes: list[str] = []
        if self._attempt(lambda s: notes.extend(s.load(path)), "Cannot load") and self.game is not None:
            self.notify(f"Loaded {path.name}: {self.game.date}, turn {self.game.state.turn}.")
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

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications carry names and errors from files and players: always plain text, never markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # --- app-wide actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.content_problem and action in LOADING_ACTIONS:
            return None
        if action == "save" and (self.game is None or self.game.over):
            return None
        if action == "resume":
            return self.game is not None and len(self.screen_stack) == 1
        if action == "continue_game" and not self.has_saves():
            return None
        if action == "rewind" and (self.session is None or self.session.can_rewind() is not None):
            return None
        return True

    def has_saves(self) -> bool:
        """Whether there is a save to continue (looked up with the content, off the first frame)."""
        return self.session is not None and self.session.has_saves

    def _defer(self, action: str) -> None:
        if self.content_problem is None:
            self.deferred = action
            self.notify("One moment: the country is loading.", timeout=2)

    def action_new_game(self) -> None:
        from game.tui.screens.new_game import NewGameDialog

        if self.session is None:
            self._defer("new_game")
            return

        def chosen(choice: tuple[str, int] | None) -> None:
            if choice is not None:
                self.after_confirm("Start a new game? This season's unsaved choices will be lost.",
                                   lambda: self._attempt(lambda s: s.new_game(*choice), "Cannot start"), "Start")

        self.push_screen(NewGameDialog(self.session.content, self.start_scenario, self.session.random_seed()), chosen)

    def action_resume(self) -> None:
        if self.game is not None and len(self.screen_stack) == 1:
            self.show_game()

    def action_continue_game(self) -> None:
        if self.session is None:
            self._defer("continue_game")
            return
        try:
            latest = self.session.latest_save()
        except SessionError as error:
            self.notify(str(error), severity="error")
            return
        if latest is None:
            self.notify("There is no saved game to continue.", severity="warning")
            return
        self.after_confirm("Continue the latest save? Unsaved choices will be lost.", lambda: self.load_from(latest))

    def action_load(self) -> None:
        from game.tui.screens.load import LoadScreen

        if self.session is None:
            self._defer("load")
            return

        def picked(path: Path | None) -> None:
            if path is not None:
                self.after_confirm("Load this game? Unsaved choices will be lost.", lambda: self.load_from(path))

        self.push_screen(LoadScreen(self.session), picked)

    def action_save(self) -> None:
        from game.tui.screens.save import SaveDialog

        if self.session is None or self.game is None or self.game.over:
            self.notify("There is no game in progress to save.", severity="warning")
            return
        self.push_screen(SaveDialog(self.session), self._saved)

    def _saved(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Saved to {path}", title="Saved")

    def action_rewind(self) -> None:
        """Take back this season's choices: back to its start, once a season."""
        if self.session is None:
            return
        try:
            self.session.rewind()
        except SessionError as error:
            self.notify(str(error).capitalize() + ".", title="Cannot rewind", severity="warning")
            return
        self.show_game()
        if self.game is not None:
            self.notify(f"Back to the start of {self.game.date}. This run now counts as rewound.", title="Rewound")

    def action_run_code(self) -> None:
        from game.tui.screens.run_code import RunCodeDialog

        if self.session is None:
            self._defer("run_code")
            return

        def entered(code: str | None) -> None:
            if code:
                self.after_confirm("Start the game of this run code? Unsaved choices will be lost.",
                                   lambda: self._attempt(lambda s: s.from_code(code), "Bad run code"))

        self.push_screen(RunCodeDialog(self.session.run_code(), self.game is not None), entered)

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
        if not self.progress_at_risk:
            self.exit(0)
            return
        if isinstance(self.screen, ConfirmDialog):
            return
        self.push_screen(ConfirmDialog("Quit? Your choices this season have not been saved.", "Quit"),
                         lambda ok: self.exit(0) if ok else None)

    def _handle_exception(self, error: Exception) -> None:
        self.crash = error  # kept to write the report at a fixed width (Textual renders at the terminal's)
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        """An unexpected failure is written to a file for a bug report, not shown as a traceback."""
        if not self._exit_renderables:
            return
        from game.saves import write_crash_report
        from game.tui.crash import report_text

        try:
            report = write_crash_report(self.saves_dir, report_text(self.crash, self._exit_renderables))
            where = f"The details are in {report}."
        except OSError:
            where = "The details could not be written down."
        autosaved = self.session.last_autosave if self.session is not None else None
        if autosaved is not None:
            kept = f" The game was last autosaved at {autosaved}."
        elif self.game is not None:
            kept = " Nothing was autosaved in this session."
        else:
            kept = ""
        self.error_console.print(f"Soft Landing stopped on an internal error. {where}{kept}", markup=False, highlight=False)
        self._exit_renderables.clear()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("New game", "Start a new campaign (choose the scenario and seed)", self.action_new_game)
        if self.game is not None and not self.game.over:
            yield SystemCommand("Save game", "Save the game under a name", self.action_save)
        if self.session is not None and self.session.can_rewind() is None:
            yield SystemCommand("Rewind the season", "Take back this season's choices (once a season)",
                                self.action_rewind)
        yield SystemCommand("Load game", "Load a saved game", self.action_load)
        if self.has_saves():
            yield SystemCommand("Continue", "Continue the latest save", self.action_continue_game)
        yield SystemCommand("Run code", "Show this game's run code, or start a game from a code", self.action_run_code)
        yield SystemCommand("Essay", "About Lankov's essay and its argument", self.action_essay)
        yield SystemCommand("Help", "How to play, and the keys", self.action_help)
        yield SystemCommand("Theme", "Switch between the default and the high-contrast theme", self.action_toggle_theme)
        yield SystemCommand("Quit", "Quit the game", self.action_request_quit)


def stop_on_sigterm(app: App[int]) -> None:
    """SIGTERM ends the game as a quit does, so the terminal is given back (alternate screen, mouse,
    raw mode) instead of being left raw by a killed process. Exit code 143, as for the signal."""
    import asyncio
    import signal

    def stop(signum: int, frame: object) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not running yet, or already finished: end at once
            raise SystemExit(128 + signum) from None
        loop.call_soon_threadsafe(lambda: app.exit(return_code=128 + signum))

    signal.signal(signal.SIGTERM, stop)


def run(content_dir: Path | None = None, saves_dir: Path | None = None, load_path: Path | None = None,
        seed: int | None = None, scenario: str | None = None, code: str | None = None) -> int:
    """Play in the terminal; returns the process exit code."""
    app = SoftLandingApp(content_dir, saves_dir, load_path, seed, scenario, code)
    stop_on_sigterm(app)
    result = app.run()
    if app.content_problem:  # the game refused to start: leave the problems on the terminal too
        print(app.content_problem, file=sys.stderr)
        return 1
    return app.return_code if app.return_code is not None else (result or 0)
