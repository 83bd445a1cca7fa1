"""A key is answered within a frame (issue 27): the screen keeps what it drew (the card's border for
its last two sizes, a text's last two whole texts, a panel's unchanged lines). What is on the
terminal must still be what a screen drawn afresh shows, after answers, views, resizes and themes."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.strip import Strip
from test_tui_support import wait_for_content

from game.tui.app import SoftLandingApp
from game.tui.screens.game import GameScreen
from game.tui.widgets.dilemma import DilemmaCard
from game.tui.widgets.layout import KeptBorder
from game.tui.widgets.text import DrawnLines, Text, plain

KEYS = ["1", "enter", "2", "v", "v", "enter", "3", (120, 40), "e", "1", (80, 24), "enter", "1", "r", "escape",
        "4", "enter", "2", (100, 30), "e", "1", "enter", "1"]


def composed(app: App) -> list[list[tuple[str, str]]]:
    """The whole screen as the compositor puts it together, segment by segment with its style."""
    return [[(segment.text, str(segment.style)) for segment in strip]
            for strip in app.screen._compositor.render_strips()]


def forget(app: App) -> None:
    """Every line any widget of the screen keeps, forgotten: the next frame is drawn afresh."""
    for widget in [app.screen, *app.screen.walk_children()]:
        widget._styles_cache.clear()
        if isinstance(widget, KeptBorder):
            widget._kept.clear()
        if isinstance(widget, Text):
            widget._texts.clear()
            widget._strips = None
            widget._drawn_lines = DrawnLines()
        if hasattr(widget, "_drawn_lines"):  # the meters
            widget._drawn_lines = DrawnLines()
            widget._strips = None


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_screen_drawn_by_parts_is_the_screen_drawn_afresh(tmp_path, size):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_content(pilot, app)
        app.session.new_game(None, 7)
        app.show_game()
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        results = 0  # frames that show a result: the answers really happened
        for key in KEYS:
            if isinstance(key, tuple):
                await pilot.resize_terminal(*key)
            else:
                await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            results += bool(app.screen.query(DilemmaCard)) and app.screen.query_one(DilemmaCard).mode == "result"
            kept = composed(app)
            forget(app)
            assert kept == composed(app), f"after {key!r}"
        assert results >= 5


class Card(App):
    CSS = "KeptBorder { border: round $primary; padding: 0 1; } #side { width: 10; }"

    def compose(self) -> ComposeResult:
        yield Text(id="side")
        with KeptBorder(id="card"):
            yield Text(id="inside")


async def test_the_kept_border_is_drawn_again_for_a_new_size_or_theme_and_keeps_two():
    app = Card()
    async with app.run_test(size=(40, 8)) as pilot:
        card = app.query_one(KeptBorder)
        app.query_one("#inside", Text).show_text(plain("the card"))
        await pilot.pause()

        def lines() -> list[Strip]:
            return card.render_lines(card.size.region)

        def fresh() -> list[Strip]:
            card._kept.clear()
            card._styles_cache.clear()
            return lines()

        wide = lines()
        assert lines() is wide  # kept
        app.query_one("#side").display = False
        await pilot.pause()
        narrow_size = card.size
        full = lines()
        assert full is not wide and full == fresh()
        app.query_one("#side").display = True
        await pilot.pause()
        assert card.size != narrow_size
        assert lines() == fresh()
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert lines() == fresh()
        assert len(card._kept) <= 2


def test_the_dilemma_card_keeps_its_border():
    assert issubclass(DilemmaCard, KeptBorder)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_line_drawn_the_short_way_is_the_line_textual_draws(tmp_path, size, monkeypatch):
    """Every paragraph :meth:`DrawnLines._one_line` draws during a play (the meters, the regime, the
    indicators, the log, the key bar, the card) is what ``Visual.to_strips`` draws, styles included."""
    from textual.visual import Visual

    short_way = DrawnLines._one_line
    checked: list[str] = []

    def both_ways(self, widget, paragraph, width, style, pad):
        strips = short_way(self, widget, paragraph, width, style, pad)
        if strips is not None:
            textual = Visual.to_strips(widget, paragraph, width, None, style, pad=pad)
            assert [list(strip) for strip in strips] == [list(strip) for strip in textual], paragraph.plain
            checked.append(paragraph.plain)
        return strips

    monkeypatch.setattr(DrawnLines, "_one_line", both_ways)
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_content(pilot, app)
        app.session.new_game(None, 11)
        app.show_game()
        await pilot.pause()
        for key in ["1", "enter", "2", "v", "v", "enter", "1", "e", "1", "enter", "3"]:
            await pilot.press(key)
            await pilot.pause()
    assert len(checked) > 50


async def test_a_line_that_wraps_is_drawn_as_textual_wraps_it_and_links_and_alignment_are_left_to_textual():
    from textual.visual import Visual

    app = Card()
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        side = app.query_one("#side", Text)
        lines = DrawnLines()
        style = side.visual_style
        for text in ("fits", "longer than ten cells, wrapped", "tab\there and more", "한국어 다섯 글자 더 길게", "",
                     "averyveryverylongword folded"):
            for pad in (False, True):
                drawn = lines._one_line(side, plain(text), 10, style, pad)
                assert drawn is not None
                textual = Visual.to_strips(side, plain(text), 10, None, style, pad=pad)
                assert [list(strip) for strip in drawn] == [list(strip) for strip in textual], text
        assert lines._one_line(side, plain("fits"), 0, style, False) is None
        side.styles.text_align = "center"
        assert lines._one_line(side, plain("fits"), 10, style, False) is None
        side.styles.text_align = "left"
        side.auto_links = True
        assert lines._one_line(side, plain("fits"), 10, style, False) is None
