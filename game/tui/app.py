"""The Textual application: a thin shell around a :class:`~game.session.Session`.

The session decides everything about play and files; the app turns the player's app-wide keys and
palette commands into calls on it and shows the screen that fits, passing the session to each
screen so that the screens are typed. Beside it: :mod:`game.tui.intents` (new game, load,
continue, save, rewind, run code), :mod:`game.tui.palette` (the palette's entries),
:mod:`game.tui.crash` (crash reports), :mod:`game.tui.startup` (opening the session),
:mod:`game.tui.signals` (SIGTERM, SIGHUP) and :mod:`game.tui.entry` (``run``). The content,
and with it the session, is made in a thread after the title screen is on the terminal, so
start-up costs about what a bare Textual app costs: the session and the other screens are
imported there (or where first shown), not at the top.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.content import Content as Markup
from textual.screen import Screen

from game.i18n import N_, _
from game import START_TIME
from game.errors import SessionError
from game.places import player_dir as default_player_dir
from game.places import saves_dir as default_saves_dir
from game.tui.crash import CrashReportingApp
from game.tui.intents import GameIntents
from game.tui.messages import Answered, GameChanged
from game.tui.palette import system_commands
from game.tui.screens.confirm import ConfirmDialog
from game.tui.screens.message import MessageScreen
from game.tui.screens.title import TitleScreen
from game.tui.startup import open_session
from game.tui.widgets.text import markup
from game.tui.themes import CONTRAST, DEFAULT, THEMES

if TYPE_CHECKING:
    from game.rules.model import Content
    from game.session import Session

LOADING_ACTIONS = ("new_game", "load", "continue_game", "run_code", "lens", "endings", "language")  # wait for the content
FIRST_PLAY = N_("The advisors' green and red serve the regime's survival: green keeps it standing. Playing for a "
                "soft landing? Have them serve it instead: ctrl+p → Colours, or v on the title screen.")


class SoftLandingApp(GameIntents, CrashReportingApp):
    """Soft Landing in the terminal."""

    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "Soft Landing"
    SUB_TITLE = "Pyongyang 2002-2011"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "request_quit", N_("Quit"), priority=True, id="quit"),
        Binding("t", "toggle_theme", N_("Theme"), show=False, id="theme"),
        Binding("f1", "help", N_("Help"), show=False, id="help-f1"),
    ]

    def __init__(self, content_dir: Path | None = None, saves_dir: Path | None = None, load_path: Path | None = None,
                 seed: int | None = None, scenario: str | None = None, code: str | None = None,
                 student: bool = False, player_dir: Path | None = None, mods: tuple[Path, ...] = (),
                 force: str | None = None) -> None:
        super().__init__()
        self.player_dir = Path(player_dir) if player_dir is not None else default_player_dir()
        self.mods = mods  # folders laid over the content
        self.force = force  # a dilemma the first game meets in its first season
        self.start_code = code  # a run code or a class code to start from
        self.explaining_lens = False  # the first game's notice about the colours is on screen
        self.lens_pending = False  # it is to be said at the first answer
        self.student = student  # a student of a class server: the name first, and a class record kept
        self.content_dir = content_dir
        self.saves_dir = Path(saves_dir) if saves_dir is not None else default_saves_dir(None)
        self.load_path = load_path
        self.start_seed = seed
        self.start_scenario = scenario
        self.session: Session | None = None  # made with the content, in the loading thread
        self.content_problem: str | None = None
        self.ready_seconds: float | None = None
        self.deferred: str | None = None  # an action asked for while the content was loading
        self._last_notice: tuple[tuple[str, str, str], float] = (("", "", ""), 0.0)  # words, until when shown
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT

    @property
    def content(self) -> Content | None:
        return self.session.content if self.session is not None else None

    @property
    def lens(self) -> str:
        """What the colours of the advisors' arrows serve (the player's setting; the regime's survival until read)."""
        return self.session.lens if self.session is not None else "survival"  # game.player.DEFAULT_LENS, unimported

    def get_default_screen(self) -> Screen:
        return TitleScreen()

    def on_ready(self) -> None:
        """The first frame is on the terminal: now load the content, off the main thread."""
        self.ready_seconds = perf_counter() - START_TIME
        self.log.system(f"Soft Landing ready {self.ready_seconds * 1000:.0f} ms after import")
        self.load_content()

    @work(thread=True, exclusive=True, group="content")
    def load_content(self) -> None:
        self.call_from_thread(self._content_ready, *open_session(self.content_dir, self.saves_dir, self.player_dir,
                                                                self.mods, self.force, self.start_scenario))

    def _content_ready(self, session: Session | None, problem: str | None) -> None:
        self.session, self.content_problem = session, problem
        title = self.screen_stack[0]
        if isinstance(title, TitleScreen):
            title.status = self._title_status()
        if problem or session is None:
            self.push_screen(MessageScreen(_("The game cannot start: its content is invalid"),
                                           f"{problem}\n\n" + _("Run `soft-landing check` for every problem.")))
            return
        self.refresh_bindings()
        if session.settings_problem:
            self.notify(session.settings_problem, severity="warning", timeout=10)
        if isinstance(title, TitleScreen):
            title.refresh_menu()
        if self.deferred:
            action, self.deferred = self.deferred, None
            self.call_later(self.run_action, action)
        elif self.student and self.start_code and self.load_path is None:
            self.join_class()
        else:
            self.start_as_asked(self.load_path, self.start_code, self.start_seed)

    def _title_status(self) -> Markup:
        """What the title screen says under its menu once the content is read."""
        if self.content_problem:
            return markup(_("[$error]The content is invalid; the game cannot start.[/]"))
        return markup(_("[dim]Saves: $folder[/]"), folder=str(self.saves_dir))

    def join_class(self) -> None:
        """A class server's game: the student's name first (they may give none), then the class's game."""
        from game.tui.screens.student_name import StudentNameDialog

        def named(name: str | None) -> None:
            if self.session is not None:
                self.session.join_class(name)
                self.start_as_asked(None, self.start_code, None)

        self.push_screen(StudentNameDialog(), named)

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
        # the colours' default, said once in the first game, at its first answer (below)
        self.lens_pending = not over and self.session.lens_to_explain()

    def on_answered(self, message: Answered) -> None:
        """The first game's notice about the colours comes with its first result, and goes at the next
        answer: a notice sits over the lower right of the screen, which at 80x24 is the options' hints
        while a dilemma waits, and empty space below a result."""
        if self.explaining_lens:
            self.explaining_lens = False
            self.clear_notifications()
        elif self.lens_pending and self.session is not None:
            self.lens_pending = False
            self.notify(_(FIRST_PLAY), title=_("Colours"), timeout=15)
            self.explaining_lens = True
            if problem := self.session.lens_explained():
                self.notify(problem, severity="warning", timeout=8)

    def on_game_changed(self, message: GameChanged) -> None:
        """A screen replaced the game in play (a branch): show it from its new start."""
        self.show_game()

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications carry names and errors from files and players: always plain text, never markup.
        The same words while they are still on screen are not shown again: an impatient key that repeats
        the same refusal does not stack copies of it."""
        now, notice = perf_counter(), (message, title, severity)
        if notice == self._last_notice[0] and now < self._last_notice[1]:
            return
        self._last_notice = notice, now + (self.NOTIFICATION_TIMEOUT if timeout is None else timeout)
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
        if action == "rewind" and self.game is None:
            return None  # with a game, u always answers: it rewinds, or says in one sentence why it cannot
        return True

    def action_resume(self) -> None:
        if self.game is not None and len(self.screen_stack) == 1:
            self.show_game()

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen
        from game.tui.screens.lens import LENS_WORDS

        if not isinstance(self.screen, HelpScreen):
            name, words = LENS_WORDS.get(self.lens, LENS_WORDS["survival"])
            lead = _("**Colours: {name}.** {words} Change it with `v` on the title screen, or ctrl+p → Colours.").format(
                name=_(name).lower(), words=_(words))
            self.push_screen(HelpScreen("help", lead))

    def action_lens(self) -> None:
        """Choose what the advisors' colours serve (the regime's survival or a soft landing), kept for next time."""
        if self.waiting("lens") or self.session is None:
            return
        from game.tui.screens.lens import LensDialog

        self.push_screen(LensDialog(self.session.lens), self._lens_chosen)

    def _lens_chosen(self, lens: str | None) -> None:
        if lens is None or self.session is None:
            return
        from game.tui.screens.game import GameScreen, Shown
        from game.tui.screens.lens import LENS_WORDS
        from game.tui.widgets.dilemma import DilemmaCard

        problem = self.session.set_lens(lens)
        self.notify(_("Colours: {name}.").format(name=_(LENS_WORDS[lens][0]).lower()), timeout=3)
        if problem:
            self.notify(problem, severity="warning", timeout=8)
        for screen in self.screen_stack:  # the arrows and the meters' changes on screen now take the new colours
            if isinstance(screen, GameScreen) and screen.is_mounted and self.game is not None:
                screen.shown = Shown(self.game.state)  # a new one: the panels are drawn again
                card = screen.part_if_composed(DilemmaCard)
                if card is not None and card.mode == "dilemma":
                    screen.show_turn()
            if isinstance(screen, TitleScreen):
                screen.refresh_menu()

    def action_endings(self) -> None:
        """The endings gallery: what this player has reached, and what is still locked."""
        if self.waiting("endings") or self.session is None:
            return
        from game.tui.screens.endings import EndingsDialog
        from game.views.gallery import gallery

        reached, problem = self.session.endings_reached()
        if not isinstance(self.screen, EndingsDialog):
            self.push_screen(EndingsDialog(gallery(self.session.content, reached), problem))

    def action_language(self) -> None:
        """Speak the next language the game knows (English, then each translation), kept for next time; the
        game in play, if any, goes on in it."""
        if self.waiting("language") or self.session is None:
            return
        from game import i18n

        self.read_language(i18n.next_language())

    @work(thread=True, exclusive=True, group="content")
    def read_language(self, code: str) -> None:
        """Read the content's words in ``code`` (off the main thread: it takes about as long as the first load)."""
        from game import i18n
        from game.session import Session

        before = i18n.language()
        i18n.use(code)
        try:
            content = Session.read_content(self.content_dir, self.mods, self.force, self.start_scenario)
        except SessionError as error:
            i18n.use(before)
            self.call_from_thread(self.notify, str(error), title=_("Language"), severity="error")
            return
        self.call_from_thread(self._language_ready, code, content)

    def _language_ready(self, code: str, content: Content) -> None:
        if self.session is None:
            return
        try:
            self.session.use_content(content)
        except SessionError as error:
            self.notify(str(error), severity="error")
            return
        problem = self.session.set_language(code)
        for screen in self.screen_stack:
            if isinstance(screen, TitleScreen):
                screen.status = self._title_status()
                self.call_later(screen.speak_again)
        if len(self.screen_stack) > 1 and self.game is not None:  # asked from the palette in play: redrawn in it
            self.show_game()
        self.refresh_bindings()
        if problem:
            self.notify(problem, severity="warning", timeout=8)

    def action_essay(self) -> None:
        from game.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen("about"))

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (it copies where text is selected): say which key does."""
        self.notify(_("ctrl+q quits."), timeout=3)

    def action_toggle_theme(self) -> None:
        self.theme = CONTRAST if self.theme == DEFAULT else DEFAULT
        self.notify(_("Theme: {name}").format(name=self.current_theme.name), timeout=2)

    def action_request_quit(self) -> None:
        if not self.progress_at_risk:
            self.exit(0)
            return
        if isinstance(self.screen, ConfirmDialog):
            return
        self.push_screen(ConfirmDialog(_("Quit? Your choices this season have not been saved."), _("Quit")),
                         lambda ok: self.exit(0) if ok else None)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return system_commands(self)
