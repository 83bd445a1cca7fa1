"""The new-game dialog: a scenario and a seed (random, editable). Enter starts with the defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from game.content import Content

MAX_SEED = 2**31 - 1


class NewGameDialog(ModalScreen[tuple[str, int] | None]):
    """Returns (scenario id, seed), or None if cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="new-cancel"),
        Binding("enter", "start", "Start", priority=False, id="new-start"),
    ]

    def __init__(self, content: Content, scenario: str | None, seed: int) -> None:
        super().__init__(classes="dialog-screen")
        self.content = content
        self.seed = seed  # offered, and the player may change it
        self.scenario = scenario if scenario in content.scenarios else content.default_scenario.id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="new-game"):
            yield Static("[b]New game[/]")
            yield Label("Scenario")
            yield OptionList(*(Option(f"{escape(s.name)}  [dim]{s.start.season} {s.start.year} - {s.end.season} {s.end.year}[/]", id=s.id)
                               for s in self.content.scenarios.values()), id="scenario-list")
            yield Static(id="scenario-text")
            with Horizontal(id="seed-row"):
                yield Label("Seed ", id="seed-label")
                yield Input(str(self.seed), id="seed", type="integer", max_length=10)
            yield Static("[dim]The same seed and the same choices always give the same game.[/]")
            with Horizontal(classes="buttons"):
                yield Button("Start (enter)", variant="primary", id="start")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        scenarios = self.query_one("#scenario-list", OptionList)
        scenarios.highlighted = list(self.content.scenarios).index(self.scenario)
        self._describe()
        self.query_one("#start", Button).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.scenario = event.option.id
            self._describe()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    def _describe(self) -> None:
        self.query_one("#scenario-text", Static).update(escape(self.content.scenarios[self.scenario].description))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        else:
            self.action_cancel()

    def action_start(self) -> None:
        text = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(text)
        except ValueError:
            self.notify("The seed must be a whole number.", severity="error")
            return
        if not 0 <= seed <= MAX_SEED:
            self.notify(f"The seed must be between 0 and {MAX_SEED}.", severity="error")
            return
        self.dismiss((self.scenario, seed))

    def action_cancel(self) -> None:
        self.dismiss(None)
