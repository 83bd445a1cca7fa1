"""Pilot tests of rewind and branch as a player meets them: u, the palette, the history screen, the report."""

from __future__ import annotations

import pytest
from game.files.replay import read_code
from game.tui.app import SoftLandingApp
from game.tui.screens.branch import BranchDialog
from game.tui.screens.game import GameScreen
from game.tui.screens.history import HistoryScreen
from game.tui.screens.report import ReportScreen
from test_tui_support import on_screen, screen_text, wait_for_content

SIZE = (100, 30)


async def play_seasons(pilot, app: SoftLandingApp, seasons: int) -> None:
    """Answer each dilemma with 1 and end the season, ``seasons`` times."""
    for _ in range(seasons):
        game = app.game
        while game.dilemma:
            await pilot.press("1")
            await pilot.press("enter")
        await pilot.press("e")
        await pilot.pause()


@pytest.mark.slow  # a whole pilot flow: CI runs it, the fast loop skips it
async def test_u_rewinds_the_season_once(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path, seed=31)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        await play_seasons(pilot, app, 1)
        game = app.game
        start = game.state
        assert app.check_action("rewind", ()) is True  # u answers even with nothing decided, to say why
        await pilot.press("u")
        await pilot.pause()
        assert app.game.state.moves == start.moves and app.game.state.rewinds == 0
        refusals = [n for n in app._notifications if n.title == "Cannot rewind"]
        assert refusals and refusals[-1].message == "Nothing has been decided this season yet."
        await pilot.press("1")
        assert game.state.decisions
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.game.state.moves == start.moves and app.game.state.rewinds == 1
        assert "Rewound" in screen_text(app) or on_screen(app, str(start.date))
        await pilot.press("1")
        await pilot.press("u")  # a second time this season: refused, the choice stands
        await pilot.pause()
        assert app.game.state.decisions and app.game.state.rewinds == 1
    code = app.session.run_code()
    assert code and read_code(code).rewound


@pytest.mark.slow  # a whole pilot flow: CI runs it, the fast loop skips it
async def test_the_palette_offers_rewind(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path, seed=32)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        await pilot.pause()
        await pilot.press("1")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Rewind the season" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"rewind the")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.game.state.rewinds == 1 and not app.game.state.moves
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Rewind the season" not in titles


@pytest.mark.slow
async def test_branch_from_the_history_screen_and_compare_in_the_report(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path, seed=33)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        await pilot.pause()
        await play_seasons(pilot, app, 3)
        main_moves = app.game.state.moves
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BranchDialog)
        assert "Turn 1" in screen_text(app) and "Turn 3" in screen_text(app)
        await pilot.press("end", "enter")  # the oldest season is last in the list
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.game.state.turn == 1 and app.game.state.rewinds == 1
        assert app.session.branch_of is not None and app.session.branch_of.main.state.moves == main_moves
        # play the branch to its end with the last option, and read the report
        while not app.game.over:
            game = app.game
            while game.dilemma:
                options = game.options()
                await pilot.press(str(min(4, len(options))))
                await pilot.press("enter")
            if not game.over:
                await pilot.press("e")
                await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert on_screen(app, "The branch and the main line")
        assert on_screen(app, "Played with hindsight: went back 1 time")
        comparison = app.session.comparison()
        assert comparison is not None and on_screen(app, f"left the main line in turn {comparison.turn}")


async def test_a_season_rewound_saved_and_loaded_is_not_rewound_again(tmp_path, content):
    """The once-a-season rule survives a save and a load: u after loading says why it cannot rewind."""
    from game.session import Session

    session = Session(content, tmp_path)
    game = session.new_game(None, 34)
    session.answer(game.options()[0].id)
    session.rewind()
    session.answer(game.options()[-1].id)
    path = session.save("rewound")
    app = SoftLandingApp(saves_dir=tmp_path, load_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.game.state.rewinds == 1
        assert app.check_action("rewind", ()) is True  # u answers, to say why it cannot
        assert "Rewind the season" not in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("u")
        await pilot.pause()
        assert app.game.state.moves == game.state.moves
        refusals = [n for n in app._notifications if n.title == "Cannot rewind"]
        assert refusals and refusals[-1].message == "This season has been rewound once already."


async def test_a_one_life_game_chosen_on_the_new_game_screen_refuses_u_and_b_with_one_sentence(tmp_path):
    from game.errors import ONE_LIFE

    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        await pilot.click("#one-life")
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.game.state.one_life
        await play_seasons(pilot, app, 1)
        await pilot.press("1")
        await pilot.press("u")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any(ONE_LIFE in message.lower() for message in said), said
        assert app.game.state.decisions and app.game.state.rewinds == 0  # nothing taken back
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("b")
        await pilot.pause()
        assert not isinstance(app.screen, BranchDialog)
        assert sum(ONE_LIFE in n.message.lower() for n in app._notifications) == 2
