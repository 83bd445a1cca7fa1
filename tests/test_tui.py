"""Pilot tests: whole campaigns played with keys at 80x24 and 120x40, checked on state and screen."""

from __future__ import annotations

import re

import pytest
from textual.geometry import Region

from game.tui.app import SoftLandingApp
from game.views.presenter import timeline
from game.tui.screens.game import GameScreen
from game.tui.screens.history import HistoryScreen
from game.tui.screens.new_game import NewGameDialog
from game.tui.screens.report import ReportScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.dilemma import DilemmaCard, OptionRow
from game.tui.widgets.keys import KeyBar
from game.tui.widgets.meters import MeterPanel
from test_tui_support import on_screen, screen_lines, screen_text, start_new_game, wait_for_content

SIZES = [(80, 24), (120, 40)]


def shortest_scenario(content) -> str:
    return min(content.scenarios.values(), key=lambda s: (s.end.index - s.start.index, s.id)).id


def assert_inside(app: SoftLandingApp, widget, within: Region | None = None) -> None:
    screen = Region(0, 0, *app.size)
    region = widget.region
    assert region.area > 0, f"{widget!r} is not shown"
    assert screen.contains_region(region), f"{widget!r} at {region} lies outside the {app.size} screen"
    if within is not None:
        assert within.contains_region(region), f"{widget!r} at {region} is cut off by {within}"


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_whole_campaign_by_keys(size, tmp_path, content):
    scenario = shortest_scenario(content)
    app = SoftLandingApp(saves_dir=tmp_path / "saves")
    async with app.run_test(size=size) as pilot:
        await wait_for_content(pilot, app)
        # the title screen
        assert isinstance(app.screen, TitleScreen)
        text = screen_text(app)
        assert "S O F T L A N D I N G" in text and "New game" in text and "About the essay" in text

        await start_new_game(pilot, app, scenario, 11)
        assert isinstance(app.screen, GameScreen)
        game = app.game
        assert game.state.scenario == scenario and game.state.seed == 11
        last = game.state.last_turn
        screen = app.screen
        card = screen.query_one(DilemmaCard)
        seen_result = seen_quiet = False
        steps = 0
        while not game.over:
            steps += 1
            assert steps < 40 * last, "the campaign does not end"
            lines = screen_lines(app)
            assert on_screen(app, f"{game.date} · turn {game.state.turn} of {last}", lines=lines)
            if card.mode == "dilemma":
                event = game.dilemma
                options = game.options()
                assert on_screen(app, event.title, card, lines)
                view = card.query_one("#narrative-scroll").region  # what the card shows of its story and options
                for row in screen.query(OptionRow):
                    if row.display:  # an option below the fold is scrolled to, as the arrow keys would
                        if not view.contains_region(row.region):
                            row.scroll_visible(animate=False)
                            await pilot.pause()
                            lines = screen_lines(app)
                        assert_inside(app, row, view)
                        assert on_screen(app, options[row.index - 1].label, row, lines)
                choice = 1 + (game.state.turn + len(game.state.decisions)) % len(options)
                chosen = options[choice - 1]
                await pilot.press(str(choice))
                assert game.state.decisions[-1].option == chosen.id
                assert card.mode == "result"
                assert on_screen(app, chosen.result, card)
                seen_result = True
            elif card.mode == "result" and game.dilemma:
                await pilot.press("enter")
                assert card.mode == "dilemma"
            else:
                seen_quiet = seen_quiet or card.mode == "quiet"
                turn, ended = game.state.turn, str(game.date)
                phases = len(game.state.transitions)
                await pilot.press("e")
                await pilot.pause()
                assert game.over or game.state.turn == turn + 1
                if not game.over:  # the news of the season just ended, and any change of the regime
                    assert on_screen(app, f"{ended} ended:", card)
                    if len(game.state.transitions) > phases:
                        assert on_screen(app, "The regime is now", card)
                assert (tmp_path / "saves").is_dir() and any((tmp_path / "saves").glob("*.json")), "no autosave"
        assert seen_result
        await pilot.pause()

        # the after-action report
        assert isinstance(app.screen, ReportScreen)
        text = screen_text(app)
        assert "After-action report" in text
        assert game.ending is not None and on_screen(app, game.ending.title)
        assert "seed 11" in text
        assert on_screen(app, "The verdict on the essay")
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        assert "Decisions" in screen_text(app)
        await pilot.pause()
        latest = timeline(game)[-1]
        assert on_screen(app, latest.dilemma, app.screen.query_one("#timeline-scroll"))
        assert on_screen(app, "The meters, turn by turn")
        await pilot.press("escape")
        assert isinstance(app.screen, ReportScreen)

        await pilot.press("x")
        exports = list((tmp_path / "saves" / "reports").glob("*.md"))
        assert len(exports) == 1
        body = exports[0].read_text(encoding="utf-8")
        assert game.ending.title in body and "Seed:** 11" in body and "Lankov" in body
        assert "The decisions that moved the meters most" in body
        assert on_screen(app, "Exported for a teacher")
        assert exports[0].name in re.sub(r"\s", "", screen_text(app))

        # play again: the new-game dialog, enter starts with its defaults
        await pilot.press("n")
        assert isinstance(app.screen, NewGameDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.game is not game and app.game.state.turn == 1


async def test_essential_widgets_fit_80x24(tmp_path, content):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        # the longest dilemma of the default scenario's first turn, with the most options
        await pilot.press("n", "enter")
        await pilot.pause()
        screen = app.screen
        card = screen.query_one(DilemmaCard)
        for selector in ("#date", "#dilemma", "#options"):
            assert_inside(app, screen.query_one(selector))
        assert_inside(app, screen.query_one(KeyBar))
        for row in screen.query(OptionRow):
            if row.display:
                assert_inside(app, row, card.region)
        await pilot.press("v")  # the country view: the meters, the regime, the indicators, the policies
        await pilot.pause()
        panel = screen.query_one(MeterPanel)
        lines = screen_lines(app)
        for meter in app.game.content.meters:
            line = panel.line_region(meter)
            assert panel.content_region.contains_region(line), f"{meter}'s line at {line} is cut off"
            name = app.game.content.meters[meter].name
            assert lines[line.y][line.x:line.right].startswith(name), f"{name!r} is not whole on its line"
        assert "turn 1 of" in screen_text(app)


@pytest.mark.slow  # seconds of whole campaigns: CI runs it, the fast loop skips it
async def test_every_dilemma_fits_80x24(tmp_path, content):
    """Each event, shown on the card at 80x24, keeps all its options inside the card."""
    from game.api import Game

    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        await pilot.press("n", "enter")
        await pilot.pause()
        screen = app.screen
        card = screen.query_one(DilemmaCard)
        game: Game = app.game
        crowded = sorted(content.events.values(), key=lambda e: -sum(len(o.label) + 30 for o in e.options))[:8]
        for event in crowded:
            card.show_dilemma(game, event, list(event.options), wide=False)
            await pilot.pause()
            for row in screen.query(OptionRow):
                if row.display:  # below the fold, it is reached by scrolling the card
                    row.scroll_visible(animate=False)
                    await pilot.pause()
                    assert_inside(app, row, card.region)
