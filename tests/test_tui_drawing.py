"""The game's text widgets draw again only the lines that changed (game.tui.widgets.text): what is on
the terminal must still be the whole new text, whether the text changed a line, a colour, its
length, or came back from before."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.strip import Strip

from game.tui.widgets.text import Text, markup, plain
from tests.test_tui_support import screen_lines


class Panel(Text):
    """A side panel: an update that changes no size draws again only its changed lines."""

    redraw_lines = True


class Texts(App):
    CSS = "#auto { height: auto; } #fixed { height: 3; }"

    def compose(self) -> ComposeResult:
        yield Panel(id="auto")
        yield Panel(id="fixed")


def drawn(widget: Text) -> list[Strip]:
    return [widget.render_line(y) for y in range(widget.size.height)]


async def test_a_changed_line_is_drawn_and_the_others_are_kept() -> None:
    app = Texts()
    async with app.run_test(size=(40, 10)) as pilot:
        text = app.query_one("#auto", Text)
        text.show_text(plain("one\ntwo\nthree"))
        await pilot.pause()
        before = drawn(text)
        text.show_text(plain("one\nTWO\nthree"))
        await pilot.pause()
        after = drawn(text)
        assert screen_lines(app)[:3] == ["one".ljust(40), "TWO".ljust(40), "three".ljust(40)]
        assert after[0] is before[0] and after[2] is before[2]  # the same strips, not drawn again
        assert after[1] is not before[1]


async def test_a_change_of_colour_alone_is_drawn() -> None:
    app = Texts()
    async with app.run_test(size=(40, 10)) as pilot:
        text = app.query_one("#auto", Text)
        text.show_text(markup("[red]$word[/]", word="alarm"))
        await pilot.pause()
        red = drawn(text)[0]
        text.show_text(markup("[green]$word[/]", word="alarm"))
        await pilot.pause()
        green = drawn(text)[0]
        assert red.text == green.text == "alarm"
        colours = [[segment.style.color.triplet for segment in strip if segment.style and segment.style.color]
                   for strip in (red, green)]
        assert colours == [[(255, 0, 0)], [(0, 128, 0)]]


async def test_a_text_that_grows_or_shrinks_is_laid_out_again() -> None:
    app = Texts()
    async with app.run_test(size=(40, 10)) as pilot:
        text = app.query_one("#auto", Text)
        text.show_text(plain("one"))
        await pilot.pause()
        text.show_text(plain("one\ntwo\nthree"))
        await pilot.pause()
        assert text.size.height == 3
        assert [line.strip() for line in screen_lines(app)[:3]] == ["one", "two", "three"]
        text.show_text(plain("four"))
        await pilot.pause()
        assert text.size.height == 1
        assert screen_lines(app)[0].strip() == "four"


async def test_fewer_lines_in_a_fixed_height_leave_no_old_line_behind() -> None:
    app = Texts()
    async with app.run_test(size=(40, 10)) as pilot:
        app.query_one("#auto", Text).show_text(plain("top"))
        fixed = app.query_one("#fixed", Text)
        fixed.show_text(plain("a\nb\nc"))
        await pilot.pause()
        fixed.show_text(plain("x"))
        await pilot.pause()
        assert [line.strip() for line in screen_lines(app)[1:4]] == ["x", "", ""]


async def test_a_text_that_comes_back_shows_as_before() -> None:
    app = Texts()
    async with app.run_test(size=(40, 10)) as pilot:
        text = app.query_one("#auto", Text)
        for shown in ("one\ntwo", "uno\ndos", "one\ntwo", "uno\ndos"):
            text.show_text(plain(shown))
            await pilot.pause()
            assert [line.strip() for line in screen_lines(app)[:2]] == shown.split("\n")
