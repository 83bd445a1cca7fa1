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
