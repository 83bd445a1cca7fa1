"""Standing policies: what each level costs and gives every season, and moving one a level."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.i18n import N_, _
from game.errors import SessionError
from game.tui.screens.dialog import Dialog
from game.tui.widgets.text import TONES, lines, markup, plain, styled
from game.views import presenter
from game.tui.widgets.keys import Footer

if TYPE_CHECKING:
    from textual.content import Content

    from game.api import Game
    from game.rules.model import Effects
    from game.session import Session


class PoliciesDialog(Dialog[None]):
    """Pick a policy; - and + move it one level (once per policy per season)."""

    BINDINGS = [
        Binding("minus,left", "move(-1)", N_("Level down"), key_display="-", id="policy-down"),
        Binding("plus,equals_sign,right", "move(1)", N_("Level up"), key_display="+", id="policy-up"),
        # priority: the list would take page down and page up for itself
        Binding("pagedown,space", "read(1)", N_("Read on"), key_display="pgdn", priority=True, id="policy-read-on"),
        Binding("pageup", "read(-1)", N_("Read back"), key_display="pgup", priority=True, show=False,
                id="policy-read-back"),
        Binding("escape,p,q", "close", N_("Close"), id="policies-close"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.policy_id = ""

    @property
    def game(self) -> Game:
        game = self.session.game
        assert game is not None, "policies are shown only with a game in play"
        return game

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="policies"):
            yield Static(_("[b]Standing policies[/]  [dim]each costs and gives something every season[/]"))
            with Horizontal():
                yield OptionList(id="policy-list")
                with VerticalScroll(id="policy-scroll"):
                    yield Static(id="policy-text")
            yield Static(_("[dim]↑↓ choose · [b]-[/]/[b]+[/] a level a season, paid at once · [b]pgdn[/] read on · esc close[/]"))
        yield Footer()

    def on_ready(self) -> None:
        self.policy_id = next(iter(self.game.content.policies))
        self._fill_list()
        menu = self.widget("#policy-list", OptionList)
        if menu is not None:
            menu.focus()

    def _fill_list(self) -> None:
        menu = self.widget("#policy-list", OptionList)
        if menu is None:
            return
        keep = menu.highlighted
        menu.clear_options()
        for policy in self.game.content.policies.values():
            level = policy.levels[self.game.state.policies[policy.id]].name
            menu.add_option(Option(markup("$name\n  [dim]$level[/]", name=policy.name, level=level), id=policy.id))
        menu.highlighted = keep if keep is not None else 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.policy_id = event.option.id
            self._describe()
            self.refresh_bindings()

    def _hints(self, effects: Effects) -> Content:
        return self._said([presenter.hint_view(self.game, h, self.session.lens) for h in self.game.hints(effects)])

    def _said(self, views: list[presenter.HintView]) -> Content:
        if not views:
            return plain("nothing")
        return lines((styled(f"{v.name} {v.arrows}", TONES[v.tone]) for v in views), " · ")

    def _describe(self) -> None:
        game = self.game
        policy = game.content.policies[self.policy_id]
        current = game.state.policies[policy.id]
        allowed = game.policy_moves().get(policy.id, ())
        # the levels first, the essay's words last: at 80x24 every level is read without scrolling
        shown = [markup("[b]$name[/]", name=policy.name), plain(policy.description), plain("")]
        for index, level in enumerate(policy.levels):
            if index == current:
                marker = markup("[b $accent]▶[/]")
            else:
                marker = markup("[$accent]·[/]") if index in allowed else plain(" ")
            shown.append(markup("$marker [b]$name[/]  [dim]$description[/]", marker=marker, name=level.name,
                                description=level.description))
            views = presenter.level_hints(game, policy.id, index, self.session.lens)  # its knock-on effect counted
            shown.append(markup(_("    every season: $hints"), hints=self._said(views)))
            if note := presenter.level_drift_note(game, policy.id, index):
                shown.append(markup("    [dim]$note[/]", note=note))
        shown.append(plain(""))
        if allowed:
            shown.append(markup(_("Changing it costs at once: $hints"), hints=self._hints(policy.change)))
        elif any(pid == policy.id for pid, _ in game.state.policy_changes):
            shown.append(markup(_("[$warning]Already changed this season.[/]")))
        shown += [plain(""), markup('[dim i]"$quote" ($essay)[/]', quote=policy.quote, essay=", ".join(policy.essay))]
        if policy.quote_translation:  # the essay's words stay in English, the translation beside them
            shown.append(markup("[dim]$said[/]", said=_("(our translation: {translation})").format(
                translation=policy.quote_translation)))
        text = self.widget("#policy-text", Static)
        if text is not None:
            text.update(lines(shown))

    def _check(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move":
            if self.session.game is None or not self.policy_id or not isinstance(parameters[0], int):
                return None
            target = self.game.state.policies[self.policy_id] + parameters[0]
            return True if target in self.game.policy_moves().get(self.policy_id, ()) else None
        return True

    def action_move(self, step: int) -> None:
        if not self.on_top or self.policy_id not in self.game.content.policies:
            return
        policy = self.game.content.policies[self.policy_id]
        target = self.game.state.policies[policy.id] + step
        try:
            self.session.set_policy(policy.id, target)
        except SessionError as error:
            self.notify(str(error), severity="warning")
            return
        self.notify(f"{policy.name}: {policy.levels[target].name}", timeout=2)
        self._fill_list()
        self._describe()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: F811
        return self._check(action, parameters)

    def action_read(self, pages: int) -> None:
        """Scroll the description a page, while the list keeps the arrow keys."""
        scroll = self.widget("#policy-scroll", VerticalScroll)
        if scroll is not None:
            (scroll.scroll_page_down if pages > 0 else scroll.scroll_page_up)(animate=False)

    def action_close(self) -> None:
        self.answer(None)
