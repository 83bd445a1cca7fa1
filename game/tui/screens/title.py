"""The title screen: new game, continue, load, run code, how to play, the essay, quit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from textual.content import Content

from game.tui.widgets.text import markup
from game import i18n
from game.i18n import N_, _
from game.tui.widgets.keys import KeyBar

# menu id -> (label, app action)
MENU = {
    "resume": (N_("Back to the game"), "resume"),
    "new": (N_("New game"), "new_game"),
    "continue": (N_("Continue the latest save"), "continue_game"),
    "load": (N_("Load a saved game"), "load"),
    "code": (N_("Start from a run or class code"), "run_code"),
    "help": (N_("How to play"), "help"),
    "essay": (N_("About the essay"), "essay"),
    "lens": (N_("Colours: the regime's survival"), "lens"),
    "endings": (N_("Endings gallery"), "endings"),
    "language": (N_("Language"), "language"),
    "quit": (N_("Quit"), "request_quit"),
}
KEYS = {"resume": "esc", "new": "n", "continue": "c", "load": "o", "code": "r", "help": "?", "essay": "a", "lens": "v",
        "endings": "g", "language": "l", "quit": "q"}


class TitleScreen(Screen):
    """The first screen a player sees."""

    BINDINGS = [
        Binding("escape", "app.resume", N_("Back to the game"), id="title-resume"),
        Binding("n", "app.new_game", N_("New game"), id="title-new"),
        Binding("c", "app.continue_game", N_("Continue"), id="title-continue"),
        Binding("o", "app.load", N_("Load"), id="title-load"),
        Binding("r", "app.run_code", N_("Run code"), show=False, id="title-code"),
        Binding("question_mark", "app.help", N_("How to play"), id="title-help"),
        Binding("a", "app.essay", N_("Essay"), id="title-essay"),
        Binding("v", "app.lens", N_("Colours"), id="title-lens"),
        Binding("g", "app.endings", N_("Endings"), id="title-endings"),
        Binding("l", "app.language", N_("Language"), id="title-language"),
        Binding("q", "app.request_quit", N_("Quit"), id="title-quit"),
    ]

    status: Content | None = None
    """What the app says under the menu: where saves go, or that the content is invalid (None: still loading)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static("S O F T   L A N D I N G", id="title-name")
            yield Static(_("Pyongyang, 2002-2011. Reform, hold the line, or fall."), id="title-tagline")
            yield Static(_("A strategy game after Andrei Lankov's essay \"Soft Landing: Opportunity Or Illusion?\" (2004)"),
                         id="title-source")
            with Center():
                yield OptionList(id="title-menu")
            yield Static(id="title-status")
        # wraps to a second line rather than cut a key at 80 columns; q names quitting, ? help, t is a nicety
        yield KeyBar(skip=("quit", "theme", "help-f1"), id="keys")

    def on_mount(self) -> None:
        self.refresh_menu()

    def on_screen_resume(self) -> None:
        self.refresh_menu()
        self._keep_focus()

    def _keep_focus(self) -> None:
        """Focus the menu when what had focus is gone. Keys go up from the focused widget, so a focus left on a
        removed widget leaves no key working, ctrl+q included; Textual leaves one when the screen resumes (a
        palette closed) while it recomposes: the resume focuses the old menu, which is then removed."""
        if self.focused is None or not self.focused.is_attached:
            menu = next(self.query("#title-menu").results(OptionList), None) if self.is_attached else None
            self.set_focus(menu)

    def refresh_menu(self) -> None:
        """Grey out what cannot be done yet (no content loaded, no save to continue)."""
        menus = self.query("#title-menu").results(OptionList) if self.is_attached else iter(())
        menu = next(menus, None)
        status = next(self.query("#title-status").results(Static), None)
        if menu is None or status is None:
            return  # asked before the screen was composed (its box mounted, not yet the menu), or after it left
        highlighted = menu.highlighted
        menu.clear_options()
        for ident, (label, action) in MENU.items():
            enabled = self.app.check_action(action, ()) is True
            if (ident == "resume" and not enabled) or (ident == "language" and len(i18n.languages()) < 2):
                continue
            prompt = markup("[b $accent]$key[/]  $label", key=f"{KEYS[ident]:>3}", label=self._label(ident, label))
            menu.add_option(Option(prompt, id=ident, disabled=not enabled))
        menu.highlighted = highlighted if highlighted is not None else 0
        status.update(self.status if self.status is not None else markup(_("[dim]Loading the country...[/]")))
        self.refresh_bindings()

    def _label(self, ident: str, label: str) -> str:
        """A menu label that says the state of things: which colours are on, how many endings are reached."""
        session = getattr(self.app, "session", None)
        if ident == "lens" and getattr(self.app, "lens", "survival") == "landing":
            return _("Colours: a soft landing")
        if ident == "endings" and session is not None:
            from game.views.gallery import counts, gallery

            done, total = counts(gallery(session.content, session.endings_reached()[0]))
            return _("Endings: {done} of {total} reached").format(done=i18n.number(done), total=i18n.number(total))
        if ident == "language":
            return _("Language: {name}").format(name=i18n.language_name(i18n.language()))
        return _(label)

    async def speak_again(self) -> None:
        """Show the screen again in the language now spoken (its words are chosen as it is composed)."""
        highlighted = next(self.query("#title-menu").results(OptionList), None)
        where = highlighted.highlighted if highlighted is not None else None
        await self.recompose()
        self.refresh_menu()
        menu = next(self.query("#title-menu").results(OptionList), None)
        if menu is not None and where is not None:
            menu.highlighted = where
        self._keep_focus()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id in MENU and self.is_active:
            await self.app.run_action(MENU[event.option.id][1])
