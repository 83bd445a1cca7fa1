"""The new-game dialog: a scenario, a seed (random, editable) and whether to play one life (no rewind,
no branch). Enter starts with the defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game import i18n
from game.i18n import N_, _
from game.tui.screens.dialog import Dialog
from game.tui.widgets.text import markup, plain

if TYPE_CHECKING:
    from game.rules.model import Content

MAX_SEED = 2**31 - 1


class NewGameDialog(Dialog[tuple[str, int, bool]]):
    """Returns (scenario id, seed, one life), or None if cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="new-cancel"),
        Binding("enter", "start", N_("Start"), priority=False, id="new-start"),
    ]

    def __init__(self, content: Content, scenario: str | None, seed: int) -> None:
        super().__init__()
        self.content = content
        self.seed = seed  # offered, and the player may change it
        self.scenario = scenario if scenario in content.scenarios else content.default_scenario.id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="new-game"):
            yield Static(_("[b]New game[/]"))
            yield Label(_("Scenario"))
            yield OptionList(*(Option(markup("$name  [dim]$start - $end[/]", name=s.name,
                                             start=i18n.date_text(s.start.year, s.start.quarter),
                                             end=i18n.date_text(s.end.year, s.end.quarter)),
                                      id=s.id)
                               for s in self.content.scenarios.values()), id="scenario-list")
            yield Static(id="scenario-text")
            with Horizontal(id="seed-row"):
                yield Label(_("Seed"), id="seed-label")
                yield Input(str(self.seed), id="seed", type="integer", max_length=10)
            yield Static(_("[dim]The same seed and the same choices always give the same game.[/]"))
            yield Checkbox(_("One life: no rewind, no branch"), id="one-life", compact=True)
            with Horizontal(classes="buttons"):
                yield Button(_("Start (enter)"), variant="primary", id="start")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_ready(self) -> None:
        scenarios = self.widget("#scenario-list", OptionList)
        start = self.widget("#start", Button)
        if scenarios is None or start is None:
            return
        scenarios.highlighted = list(self.content.scenarios).index(self.scenario)
        self._describe()
        start.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.scenario = event.option.id
            self._describe()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    def _describe(self) -> None:
        text = self.widget("#scenario-text", Static)
        if text is not None:
            text.update(plain(self.content.scenarios[self.scenario].description))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        else:
            self.action_cancel()

    def action_start(self) -> None:
        seed_box = self.widget("#seed", Input)
        if seed_box is None or not self.on_top:
            return
        try:
            seed = int(seed_box.value.strip())
        except ValueError:
            self.notify(_("The seed must be a whole number."), severity="error")
            return
        if not 0 <= seed <= MAX_SEED:
            self.notify(_("The seed must be between 0 and {most}.").format(most=MAX_SEED), severity="error")
            return
        one_life = self.widget("#one-life", Checkbox)
        self.answer((self.scenario, seed, bool(one_life and one_life.value)))

    def action_cancel(self) -> None:
        self.answer(None)
