"""The Textual defects that fast keys reached, reproduced on bare Textual widgets (Textual 8.2.8)."""

from __future__ import annotations

from textual.app import App
from textual.widgets import OptionList

from game.tui import textual_fixes


class SqueezedList(App):
    """An option list with no height, as a 20x8 terminal leaves it, or before its first layout."""

    CSS = "OptionList { height: 0; }"

    def compose(self):
        yield OptionList("a", "b", "c")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0


async def test_paging_an_option_list_that_has_no_lines_yet():
    """Textual raised KeyError: 0 in OptionList._move_page (ctrl+p then PageDown within ~50 ms)."""
    textual_fixes.apply()
    app = SqueezedList()
    async with app.run_test() as pilot:
        menu = app.query_one(OptionList)
        menu.focus()
        await pilot.press("pagedown", "pageup", "pagedown")
        assert menu.highlighted == 0
    assert app._exception is None


async def test_paging_still_pages_a_list_that_is_laid_out():
    class Tall(App):
        def compose(self):
            yield OptionList(*[str(n) for n in range(100)])

    app = Tall()
    async with app.run_test(size=(40, 10)) as pilot:
        menu = app.query_one(OptionList)
        menu.focus()
        menu.highlighted = 0
        await pilot.press("pagedown")
        assert menu.highlighted is not None and menu.highlighted > 3


def test_the_guarded_private_methods_are_those_of_a_tested_textual():
    """Each guard replaces a private method of Textual: a Textual outside the tested range must be checked anew."""
    import textual
    from textual.command import CommandPalette

    assert any(textual.__version__.startswith(v + ".") for v in textual_fixes.TESTED), textual.__version__
    for name in textual_fixes.PALETTE_METHODS + ("_gather_commands", "_watch__list_visible", "_select_or_command"):
        assert callable(getattr(CommandPalette, name, None)), name
    for owner, name in ((App, "_check_bindings"), (App, "on_event"), (App, "action_command_palette"),
                        (OptionList, "_move_page")):
        assert callable(getattr(owner, name, None)), name


class Bare(App):
    def compose(self):
        from textual.widgets import Static
        yield Static("a screen with nothing but the command palette")


def send_keys(app: App, keys: list[str]) -> None:
    from textual import events

    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_a_palette_opened_typed_in_and_closed_in_bursts_never_crashes():
    """ctrl+p, a letter, Escape, faster than the palette composes or its search worker ends: Textual's worker,
    watchers and actions queried a CommandList or LoadingIndicator already removed (NoMatches), and keys left
    queued at exit found no screen (ScreenStackError). Before the guards 8 of these 10 runs crashed."""
    import asyncio
    import random

    textual_fixes.apply()
    rng = random.Random(1)
    crashes = []
    for _ in range(10):
        app = Bare()
        try:
            async with app.run_test():
                for _ in range(30):
                    send_keys(app, [rng.choice(["ctrl+p", "a", "b", "escape", "down", "enter", "backspace"])
                                    for _ in range(rng.randint(1, 6))])
                    await asyncio.sleep(rng.choice([0, 0.001, 0.01, 0.03]))
                    if app._exception is not None:
                        break
        except Exception as error:  # noqa: BLE001 - counted and shown below
            crashes.append(repr(error)[:200])
    assert crashes == []


async def test_a_palette_without_its_widgets_ignores_late_calls_and_a_whole_one_still_raises():
    import pytest
    from textual.command import CommandList, CommandPalette
    from textual.css.query import NoMatches
    from textual.widgets import LoadingIndicator

    textual_fixes.apply()
    app = Bare()
    async with app.run_test() as pilot:
        app.action_command_palette()
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await palette.query_one(LoadingIndicator).remove()
        palette._show_busy = True  # Textual's watcher queried the LoadingIndicator: NoMatches
        await palette.query_one(CommandList).remove()
        palette._action_cursor_down()
        palette._gather_commands("new")
        await pilot.pause()
        assert app._exception is None
    guarded = textual_fixes._quiet_when_gone(lambda self: self.query_one("#nothing"))
    whole = Bare()
    async with whole.run_test() as pilot:
        whole.action_command_palette()
        await pilot.pause()
        with pytest.raises(NoMatches):
            guarded(whole.screen)  # a fault on a whole palette is not hidden

