"""The main screen: the country's meters, the regime, the dilemma of the season, and the log.

From about 110x34 everything is on one screen: meters, regime, indicators, policies, the dilemma
and the log. Below that (80x24 is the size it is made for) the screen has two views, and v switches
them: the dilemma view, where a dilemma waiting for an answer has the whole width (its story and
options scroll as one, so every option and hint is reached with the keys), and a result beside the
meters and the regime; and the country view, with the meters, the regime, the indicators and the
policies side by side. The key bar at the bottom names every key that works at that moment.

The screen reads the session's game and sends the player's moves to the session; it keeps no game
state itself. What is drawn follows reactive attributes: ``shown`` (the state on screen), ``wide``
and ``view``; a watcher redraws the panels, and each panel only when its text changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widget import Widget

from game.errors import SessionError
from game.tui.messages import Answered
from game.tui.screens.questions import GameQuestions
from game.tui.screens.report import ReportScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.dilemma import DilemmaCard
from game.tui.widgets.keys import KeyBar
from game.tui.widgets.layout import Column, Row
from game.tui.widgets.meters import MeterPanel
from game.tui.widgets.panels import DateLine, IndicatorPanel, LogPanel, PolicySummary, RegimePanel
from game.views import presenter
from game import i18n
from game.i18n import N_, _

if TYPE_CHECKING:
    from game.api import Game
    from game.session import Session

W = TypeVar("W", bound=Widget)
GUIDE = N_("You are the leadership. Read the dilemma, {choose} (your advisors hint at what each option "
           "moves), then end the season with e. w asks why a meter moved; r shows the regime in full; ? is help.")
SHORT_GUIDE = N_("{choose}, then e ends the season. v shows the country; ? is help.")
WIDE = (110, 34)
COUNTRY_COLUMNS = 32  # the indicators' columns in the narrow country view at 80 columns (80 - 44 - 4)
LOG_LINES = 6  # the wide screen's log box shows the latest six lines; l opens all of it


class GameScreen(GameQuestions):
    """Play a season: answer its dilemmas, adjust policies, end it."""

    BINDINGS = [
        # key 1 has a binding per option count so that the footer names the range there is (1, 1-2, 1-3, 1-4);
        # check_action hides all but the one for this dilemma, and that one answers the key
        Binding("1", "choose(1, 1)", N_("Choose"), key_display="1", id="choose-1-of-1"),
        Binding("1", "choose(1, 2)", N_("Choose"), key_display="1-2", id="choose-1-of-2"),
        Binding("1", "choose(1, 3)", N_("Choose"), key_display="1-3", id="choose-1-of-3"),
        Binding("1", "choose(1)", N_("Choose"), key_display="1-4", id="choose-1"),
        Binding("2", "choose(2)", N_("Choose 2"), show=False, id="choose-2"),
        Binding("3", "choose(3)", N_("Choose 3"), show=False, id="choose-3"),
        Binding("4", "choose(4)", N_("Choose 4"), show=False, id="choose-4"),
        Binding("enter", "proceed", N_("Next"), id="proceed"),
        Binding("e", "end_season", N_("End season"), id="end-season"),
        Binding("p", "policies", N_("Policy"), id="policies"),
        Binding("w", "why", N_("Why"), id="why"),
        Binding("g", "grounding", N_("Essay"), id="grounding"),
        Binding("h", "history", N_("History"), id="history"),
        Binding("r", "regime", N_("Regime"), id="regime"),
        Binding("u", "app.rewind", N_("Rewind"), show=False, id="rewind"),
        Binding("l", "log", N_("Log"), show=False, id="log"),
        Binding("s", "app.save", N_("Save"), show=False, id="save"),
        Binding("o", "app.load", N_("Load"), show=False, id="load"),
        Binding("c", "app.run_code", N_("Run code"), show=False, id="run-code"),
        Binding("question_mark", "app.help", N_("Help"), id="help"),
        Binding("v", "view('country')", N_("Country"), id="view-country"),
        Binding("v", "view('card')", N_("Dilemma"), id="view-card"),
        Binding("escape", "menu", N_("Menu"), show=False, id="menu"),
    ]
    KEYS_LEFT_OUT = ("choose-2", "choose-3", "choose-4", "help-f1")  # 1 names the range; ? is help
    SHORT_KEYS = {"end-season": N_("End"), "grounding": N_("Essay"), "run-code": N_("Code"), "menu": N_("Menu")}

    # var, not reactive: a reactive of the screen repaints the whole screen when it changes, and the
    # watchers below redraw only the panels whose text changed
    shown: var[Shown | None] = var(None, init=False)
    """The game state on screen: a new state redraws the panels (each only if its text changed)."""
    wide: var[bool] = var(False, init=False)
    """True from about 110x34: everything on one screen."""
    view: var[str] = var("card", init=False)
    """Below the wide size: "card" (the dilemma, or a result beside the meters) or "country"."""

    _holding_keys = 0  # within _one_key_bar: the key bar is told of changes at the end
    _keys_changed = False

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.last_decided: tuple[str, str] | None = None  # (dilemma, option) shown as a result
        self._parts: dict[type, Widget] = {}
        self._left: Widget | None = None
        self.news = ""  # what the last season did, shown above the season's first dilemma

    def part(self, kind: type[W]) -> W:
        """The screen's one widget of a kind, found once (queries walk the DOM; a key press should not)."""
        found = self._parts.get(kind)
        if not isinstance(found, kind):
            found = self._parts[kind] = self.query_one(kind)
        return found

    def part_if_composed(self, kind: type[W]) -> W | None:
        """The screen's one widget of a kind, or None while the screen is still composing (a key can come first)."""
        found = self._parts.get(kind)
        if isinstance(found, kind):
            return found
        found = next(iter(self.query(kind).results(kind)), None)
        if found is not None:
            self._parts[kind] = found
        return found

    def _side(self) -> Widget | None:
        """The side column (meters, regime, indicators, policies), or None before it is composed."""
        if self._left is None:
            self._left = next(iter(self.query("#left")), None)
        return self._left

    @property
    def game(self) -> Game:
        game = self.session.game
        assert game is not None, "the game screen is shown only with a game in play"
        return game

    def compose(self) -> ComposeResult:
        yield DateLine(id="date")
        with Row(id="body"):
            with Column(id="left"):
                with Column(id="country"):
                    yield MeterPanel(list(self.game.content.meters), id="meters")
                    yield RegimePanel(id="regime")
                with Column(id="standing"):
                    yield IndicatorPanel(id="indicators")
                    yield PolicySummary(id="policy-summary")
            with Column(id="right"):
                yield DilemmaCard(id="dilemma")
                with VerticalScroll(id="log-box"):
                    yield LogPanel(id="log")
        yield KeyBar(skip=self.KEYS_LEFT_OUT, short=self.SHORT_KEYS, id="keys")

    def on_mount(self) -> None:
        if (self.session.game is None or not self.is_attached or not self.children
                or self not in self.app.screen_stack):
            return  # the screen was replaced before it mounted (a second new game, a load)
        if self.game.state.turn == 1 and not self.game.state.moves:
            self.news = GUIDE
        self.query_one("#meters").border_title = _("The country")
        self.query_one("#regime").border_title = _("Regime · next")
        self.query_one("#indicators").border_title = _("Indicators")
        self.query_one("#policy-summary").border_title = _("Policies")
        self.query_one("#log-box").border_title = _("Log")
        self._apply_size(self.size.width, self.size.height)
        self.show_turn()
        self.part(DilemmaCard).query_one("#narrative-scroll").focus()

    def on_resize(self, event) -> None:
        if not self.is_mounted or self.session.game is None:
            return
        self._apply_size(event.size.width, event.size.height)

    def on_screen_resume(self) -> None:
        # a screen pushed and replaced in the same moment can resume before its panels are composed
        if self.session.game is not None and self.is_mounted and self.query(MeterPanel):
            self.refresh_panels()

    def _apply_size(self, width: int, height: int) -> None:
        self.wide = width >= WIDE[0] and height >= WIDE[1]
        if self.is_mounted:
            self.part(KeyBar).narrow = width < WIDE[0]

    def watch_wide(self, wide: bool) -> None:
        self.set_class(wide, "-wide")
        self._lay_out()
        if self.session.game is None or not self.is_mounted:
            return
        self._draw(self.game.state)
        card = self.part_if_composed(DilemmaCard)
        if card is not None and card.mode == "dilemma" and self.game.dilemma:
            self._show_dilemma()

    def watch_view(self) -> None:
        self._lay_out()
        if self.session.game is not None and self.is_mounted:
            self._draw(self.game.state)

    def watch_shown(self, shown: Shown | None) -> None:
        if shown is not None and self.session.game is not None:
            self._draw(shown.state)

    def _lay_out(self) -> None:
        """The classes that pick the layout: wide, or the narrow views (a dilemma has the whole width)."""
        card = self.part_if_composed(DilemmaCard)
        narrow = not self.wide
        self.set_class(narrow and self.view == "country", "-country")
        # a dilemma's whole width: the side column is hidden directly, not by a class of the screen (a
        # class of the screen restyles every widget, about 20 ms, on every answer at 80x24)
        left = self._side()
        if left is not None:
            left.display = not (narrow and self.view == "card" and card is not None and card.mode == "dilemma")
        self.refresh_bindings()

    # --- drawing ------------------------------------------------------------------------------

    def refresh_bindings(self) -> None:
        """The key bar learns that the keys changed once for all the changes one key makes: it asks
        every binding whether it works now, about a millisecond each time."""
        if self._holding_keys:
            self._keys_changed = True
        else:
            super().refresh_bindings()

    @contextmanager
    def _one_key_bar(self) -> Iterator[None]:
        """Within: the changes of the keys are told to the key bar once, at the end."""
        self._holding_keys += 1
        try:
            yield
        finally:
            self._holding_keys -= 1
            if not self._holding_keys and self._keys_changed:
                self._keys_changed = False
                super().refresh_bindings()

    def refresh_panels(self) -> None:
        """Show the game's state as it is now (a watcher redraws, and only if the state changed)."""
        if self.shown is None or self.shown.state is not self.game.state:
            self.shown = Shown(self.game.state)
        self.refresh_bindings()

    def _draw(self, state: object) -> None:
        game = self.game
        country = self.view == "country" and not self.wide
        self.part(DateLine).show(game)
        self.part(MeterPanel).show(game, self.wide or country, 14 if self.wide else 4)  # 4: 40 columns in all
        self.part(RegimePanel).show(game, 3 if self.wide else 2, full=self.wide or country, describe=False)
        if self.wide or country:
            self.part(IndicatorPanel).show(game, True, 0 if self.wide else COUNTRY_COLUMNS)
            self.part(PolicySummary).show(game)
        if self.wide:
            self.part(LogPanel).show(game, limit=LOG_LINES)

    def show_turn(self) -> None:
        """Show the season as it stands: its next dilemma, or a quiet season."""
        with self._one_key_bar():
            self.refresh_panels()
            if self.game.over:
                self.part(DilemmaCard).show_over(self.game.ending.title if self.game.ending else "",
                                                 presenter.hindsight(self.game))
            elif self.game.dilemma:
                self._show_dilemma()
            else:
                self.part(DilemmaCard).show_quiet(self.game, self.news)
            self._lay_out()

    def _show_dilemma(self) -> None:
        dilemma = self.game.dilemma
        if dilemma is None:
            return
        state = self.game.state
        done = len(state.decisions)
        total = done + len(state.pending)
        count = _("dilemma {n} of {total}").format(n=done + 1, total=total) if total > 1 else ""
        choose = presenter.choose_with(len(self.game.options()))
        if self.news == GUIDE:
            news = _(GUIDE).format(choose=choose) if self.wide else _(SHORT_GUIDE).format(choose=choose[:1].upper() + choose[1:])
        else:
            news = self.news
        self.part(DilemmaCard).show_dilemma(self.game, dilemma, self.game.options(), self.wide, count,
                                            news if done == 0 else "")
        self.view = "card"  # a new dilemma is read first
        self._lay_out()

    # --- moves --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.session.game is None:
            return None
        card = self.part_if_composed(DilemmaCard) if self.is_mounted else None
        mode = card.mode if card else ""
        if action == "choose":
            number = parameters[0] if parameters else None
            count = len(self.game.options()) if mode == "dilemma" else 0
            if len(parameters) > 1:  # a footer range of key 1: only the one for this many options
                return bool(count) and parameters[1] == count
            if number == 1 and count and count < 4:
                return False  # key 1 answers through the binding that shows this dilemma's range
            return True if count and isinstance(number, int) and number <= count else None
        if action == "proceed":
            return True if mode in ("result", "over") and (self.game.dilemma or self.game.over) else None
        if action == "end_season":  # greyed out while a dilemma waits; on_key says why
            return True if not self.game.over and not self.game.dilemma and mode != "dilemma" else None
        if action == "policies":
            return True if not self.game.over else None
        if action == "view":  # one v a moment, named for the view it shows
            if self.wide:
                return False
            return parameters[0] != self.view
        return True

    def on_key(self, event) -> None:
        """e while a dilemma waits, or a number while none is asked: the key does nothing, and the player is
        told why in one line."""
        number = event.key in tuple("0123456789")
        if number and self.session.game is not None and not self._asking():
            event.stop()
            if self.game.over:
                said = _("The campaign is over: enter shows the report.")
            elif self.game.dilemma:
                said = _("Press enter for the next dilemma, then choose.")
            else:
                said = _("No dilemma is waiting: e ends the season.")
            self.notify(said, timeout=3)
            return
        if number and self.session.game is not None and not 1 <= int(event.key) <= len(self.game.options()):
            event.stop()
            self.notify(presenter.choose_prompt(len(self.game.options())) + ".", timeout=3)  # "Choose 1-3."
            return
        if event.key == "e" and self.session.game is not None and not self.game.over and self.game.dilemma:
            event.stop()
            count = len(self.game.options())
            self.notify(_("A dilemma is waiting: {choose} first, then e ends the season.").format(
                choose=presenter.choose_prompt(count).lower()), severity="warning", timeout=4)
            card = self.part_if_composed(DilemmaCard)
            if card is not None and card.mode == "result":
                self._show_dilemma()
                self.refresh_bindings()

    def _asking(self) -> bool:
        """Whether a dilemma and its options are on the card now (the number keys answer it)."""
        card = self.part_if_composed(DilemmaCard)
        return card is not None and card.mode == "dilemma" and self.game.dilemma is not None

    def action_choose(self, number: int, _options: int | None = None) -> None:
        options = self.game.options() if self.game.dilemma else []
        if self.part(DilemmaCard).mode != "dilemma" or not 1 <= number <= len(options):
            return
        self._choose(options[number - 1].id)

    def on_dilemma_card_chosen(self, message: DilemmaCard.Chosen) -> None:
        if self.part(DilemmaCard).mode == "dilemma":
            self._choose(message.option_id)

    def _choose(self, option_id: str) -> None:
        dilemma = self.game.dilemma
        option = next((o for o in dilemma.options if o.id == option_id), None) if dilemma else None
        if dilemma is None or option is None:
            return
        try:
            self.session.answer(option_id)
        except SessionError as error:
            self.notify(str(error), severity="error")
            return
        self.last_decided = (dilemma.id, option_id)
        self.post_message(Answered())
        with self._one_key_bar():
            self.part(DilemmaCard).show_result(self.game, dilemma, option, self.game.dilemma is not None)
            self._lay_out()
            self.refresh_panels()

    def on_dilemma_card_proceed(self, message: DilemmaCard.Proceed) -> None:
        if self.check_action("proceed", ()):
            self.action_proceed()
        elif self.check_action("end_season", ()):
            self.action_end_season()

    def action_proceed(self) -> None:
        if self.game.over:
            self.action_report()
            return
        with self._one_key_bar():
            if self.game.dilemma:
                self._show_dilemma()
                self.refresh_bindings()
            else:
                self.part(DilemmaCard).show_quiet(self.game)
                self._lay_out()

    def action_end_season(self) -> None:
        if self.game.dilemma or self.game.over:
            return
        ended = i18n.date_text(self.game.date.year, self.game.date.quarter)
        try:
            warning = self.session.end_season()  # autosaves too
        except SessionError as error:
            self.notify(str(error), severity="error")
            return
        if warning:
            self.notify(warning.capitalize(), severity="warning")
        self.last_decided = None
        if self.game.over:
            self.action_report()
            return
        moves = presenter.turn_summary(self.game)
        summary = presenter.moves_text(moves) or _("little changed")
        self.news = _("{season} ended: {summary}.").format(season=ended, summary=summary)
        for change in self.game.state.transitions:
            if change.turn == self.game.state.turn - 1:
                self.news += " " + _("The regime is now {phase}: {reason}.").format(
                    phase=presenter.phase_label(self.game.content, change.target), reason=change.reason)
        self.show_turn()

    def action_report(self) -> None:
        self.app.switch_screen(ReportScreen(self.session))

    def action_view(self, view: str) -> None:
        if not self.wide:
            self.view = view

    def action_menu(self) -> None:
        if self.is_active and isinstance(self.app.screen_stack[0], TitleScreen):
            self.app.pop_screen()


class Shown:
    """A game state as the screen shows it; two are equal only if they hold the very same state (a
    value comparison of two states would walk their whole history on every key)."""

    __slots__ = ("state",)

    def __init__(self, state: object) -> None:
        self.state = state
