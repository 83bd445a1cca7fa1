"""Pilot tests of everything around a campaign: saves, run codes, quitting, errors, help, themes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.files import saves
from game.api import Game
from game.content.loader import load_or_raise
from game.tui.app import SoftLandingApp
from game.tui.screens.confirm import ConfirmDialog
from game.tui.screens.game import GameScreen
from game.tui.screens.grounding import GroundingDialog
from game.tui.screens.help import HelpScreen
from game.tui.screens.load import LoadScreen
from game.tui.screens.message import MessageScreen
from game.tui.screens.policies import PoliciesDialog
from game.tui.screens.report import ReportScreen
from game.tui.screens.run_code import RunCodeDialog
from game.tui.screens.save import SaveDialog
from game.tui.screens.title import TitleScreen
from game.tui.screens.why import WhyDialog
from game.tui.themes import CONTRAST, DEFAULT
from game.tui.widgets.dilemma import DilemmaCard
from game.tui.widgets.meters import MeterPanel
from test_tui_support import on_screen, screen_text, wait_for_content

SIZE = (100, 30)


async def new_game(pilot, app: SoftLandingApp) -> Game:
    await pilot.press("n", "enter")
    await pilot.pause()
    assert isinstance(app.screen, GameScreen)
    return app.game


@pytest.mark.slow  # a whole pilot flow: CI runs it, the fast loop skips it
async def test_quit_asks_only_when_progress_would_be_lost(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        game = await new_game(pilot, app)
        assert not app.progress_at_risk  # nothing done yet
        await pilot.press("1")
        assert app.progress_at_risk
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Quit?" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, GameScreen) and app.is_running
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert app.return_code == 0
    assert game.state.decisions  # the choice was made before quitting


async def test_quit_without_a_game_is_immediate(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.slow  # a whole pilot flow: CI runs it, the fast loop skips it
async def test_save_load_delete_and_continue(tmp_path, content):
    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / "broken.json").write_text("{ not json", encoding="utf-8")
    app = SoftLandingApp(saves_dir=folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        title = app.screen
        assert isinstance(title, TitleScreen)
        assert app.check_action("continue_game", ()) is None  # only an unreadable file: nothing to continue
        game = await new_game(pilot, app)
        await pilot.press("1")
        await pilot.press("s")
        assert isinstance(app.screen, SaveDialog)
        name_box = app.screen.query_one("#save-name")
        name_box.value = ""
        await pilot.press(*"my save", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert (folder / "my-save.json").exists() or any("my" in p.name for p in folder.glob("*.json"))
        assert not app.progress_at_risk
        moves = game.state.moves

        # the load screen lists the save and the broken file with its reason
        await pilot.press("o")
        assert isinstance(app.screen, LoadScreen)
        text = screen_text(app)
        assert "my save" in text and "broken" in text and "unreadable" in text
        table = app.screen.query_one("DataTable")
        broken = next(i for i, info in enumerate(app.screen.infos) if info.error)
        table.move_cursor(row=broken)
        await pilot.pause()
        assert on_screen(app, "Cannot be loaded")
        assert app.screen.check_action("load", ()) is None  # greyed out for an unreadable file
        # delete it, after a confirmation
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert not (folder / "broken.json").exists()
        assert all(info.error is None for info in app.screen.infos)
        mine = next(i for i, info in enumerate(app.screen.infos) if info.name == "my save")
        app.screen.query_one("DataTable").move_cursor(row=mine)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.game is not game and app.game.state.moves == moves

        # back to the title, continue the latest save
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen)
        assert "Back to the game" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.game.state.moves == moves


@pytest.mark.slow  # seconds of whole campaigns: CI runs it, the fast loop skips it
async def test_autosave_after_every_season(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        game = await new_game(pilot, app)
        while game.dilemma:
            await pilot.press("1")
            if game.dilemma:
                await pilot.press("enter")
        await pilot.press("e")
        await pilot.pause()
        assert game.state.turn == 2
        autosaves = [info for info in saves.list_saves(tmp_path) if info.autosave]
        assert autosaves and autosaves[0].turn == 2
        assert not app.progress_at_risk


@pytest.mark.slow  # a whole pilot flow: CI runs it, the fast loop skips it
async def test_run_code_shown_and_started(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        source = Game.new(app.content, None, 77)  # the app's own content, as loaded now
        source.answer(source.options()[0].id)
        code = saves.run_code(source)
        await pilot.press("r")
        assert isinstance(app.screen, RunCodeDialog)
        await pilot.press(*code, "enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.game.state.seed == 77 and app.game.state.moves == source.state.moves
        await pilot.press("c")
        assert isinstance(app.screen, RunCodeDialog)
        assert app.screen.query_one("#current-code").value == code
        await pilot.press("escape")
        # a bad code is a message, not a crash
        game = app.game
        await pilot.press("c", *"nonsense", "enter")
        await pilot.pause()
        assert app.game is game and isinstance(app.screen, GameScreen)
        assert any(n.title == "Bad run code" for n in app._notifications)


async def test_bad_content_is_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "content"
    shutil.copytree(Path(__file__).parent.parent / "content", bad)
    meters = bad / "meters.toml"
    meters.write_text(meters.read_text(encoding="utf-8").replace('good = "up"', 'good = "sideways"', 1), encoding="utf-8")
    app = SoftLandingApp(content_dir=bad, saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
        assert "content is invalid" in screen_text(app)
        assert "meters.toml" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_bad_load_path_is_a_message(tmp_path):
    broken = tmp_path / "x.json"
    broken.write_text("[]", encoding="utf-8")
    app = SoftLandingApp(saves_dir=tmp_path, load_path=broken)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert any("Cannot load" in (n.title or "") for n in app._notifications)


@pytest.mark.slow  # a whole pilot flow: CI runs it, the fast loop skips it
async def test_why_essay_policies_help_and_themes(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_content(pilot, app)
        game = await new_game(pilot, app)
        event = game.dilemma
        await pilot.press("g")
        assert isinstance(app.screen, GroundingDialog)
        assert on_screen(app, event.quote[:50]) and "History" in screen_text(app)
        await pilot.press("escape")

        await pilot.press("1")
        await pilot.press("w")
        assert isinstance(app.screen, WhyDialog)
        meter = next(m for m in game.content.meters if game.why(m))
        app.screen.explain(meter)
        await pilot.pause()
        assert on_screen(app, game.why(meter)[0].text[:40])
        await pilot.press("escape")

        # a click on a meter's line asks why too; the line under the pointer is lit
        panel = app.screen.query_one(MeterPanel)
        line = panel.line_region("unrest")
        at = (line.x - panel.region.x + 2, line.y - panel.region.y)
        await pilot.hover(MeterPanel, offset=at)
        assert panel.tooltip is not None and game.content.meters["unrest"].name in str(panel.tooltip)
        await pilot.click(MeterPanel, offset=at)
        assert isinstance(app.screen, WhyDialog) and app.screen.meter == "unrest"
        await pilot.press("escape")

        await pilot.press("p")
        dialog = app.screen
        assert isinstance(dialog, PoliciesDialog)
        policy = dialog.policy_id
        level = game.state.policies[policy]
        step = 1 if level + 1 in game.policy_moves()[policy] else -1
        await pilot.press("plus" if step == 1 else "minus")
        assert game.state.policies[policy] == level + step
        assert dialog.check_action("move", (step,)) is None  # once a season
        await pilot.press("escape")
        assert isinstance(app.screen, GameScreen)
        card = app.screen.query_one(DilemmaCard)
        assert card.mode == "result"

        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen) and "How to play" in screen_text(app)
        await pilot.press("escape")
        assert app.theme == DEFAULT
        await pilot.press("t")
        assert app.theme == CONTRAST
        await pilot.press("t")
        assert app.theme == DEFAULT


async def test_greyed_out_actions(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        assert app.check_action("save", ()) is None  # no game yet
        await new_game(pilot, app)
        screen = app.screen
        assert screen.check_action("end_season", ()) is None  # a dilemma is waiting
        count = len(app.game.options())
        assert screen.check_action("choose", (1, count) if count < 4 else (1,)) is True  # key 1, as the footer shows it
        assert screen.check_action("choose", (count + 1,)) in (None, True)
        await pilot.press("1")
        assert screen.check_action("choose", (1,)) is None
        assert app.check_action("save", ()) is True


async def test_command_palette_entries(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        await new_game(pilot, app)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"New game", "Save game", "Load game", "Essay", "Help", "Quit"} <= titles


async def test_about_the_essay_cites_it(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        await pilot.press("a")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "About the essay" in text and "Lankov" in text


async def test_a_finished_game_opens_on_its_report(tmp_path):
    game = Game.new(load_or_raise(), None, 5)  # fresh: the same content the app is about to load
    while not game.over:
        while game.dilemma:
            game.answer(game.options()[-1].id)
        game.end_season()
    path = saves.save_game(game, "done", tmp_path)
    app = SoftLandingApp(saves_dir=tmp_path, load_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_content(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert on_screen(app, game.ending.title)
        assert app.check_action("save", ()) is None


@pytest.mark.parametrize("theme", [DEFAULT, CONTRAST])
async def test_both_themes_render_the_main_screen(tmp_path, theme):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await wait_for_content(pilot, app)
        await new_game(pilot, app)
        assert "turn 1 of" in screen_text(app)
        assert app.current_theme.name == theme


def test_an_internal_error_goes_to_a_file_not_the_screen(tmp_path, capsys):
    app = SoftLandingApp(saves_dir=tmp_path)
    app._exit_renderables.append("Traceback (most recent call last): boom")
    app._print_error_renderables()
    report = next(tmp_path.glob("crash-*.txt"))
    assert "boom" in report.read_text(encoding="utf-8")
    shown = capsys.readouterr()
    assert "Traceback" not in shown.out + shown.err
    assert "internal error" in (shown.out + shown.err).replace("\n", " ")


@pytest.mark.slow
async def test_random_keys_never_crash(tmp_path):
    """A monkey at the keyboard: any key in any state is handled or ignored, never a crash."""
    import random

    keys = ["1", "2", "3", "4", "enter", "e", "p", "w", "g", "h", "l", "s", "o", "c", "t", "question_mark",
            "escape", "tab", "up", "down", "plus", "minus", "x", "a", "r", "d", "n", "y"]
    rng = random.Random(4)
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        await new_game(pilot, app)
        for _ in range(160):
            await pilot.press(rng.choice(keys))
            assert app.is_running
        await pilot.pause()
    assert app.return_code in (None, 0)


@pytest.mark.slow  # seconds of whole campaigns: CI runs it, the fast loop skips it
async def test_resizing_switches_between_the_narrow_and_the_wide_layout(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        await new_game(pilot, app)
        screen = app.screen
        assert not screen.wide and not screen.query_one("#log-box").display
        await pilot.press("1")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert screen.wide and screen.query_one("#log-box").display
        assert on_screen(app, app.game.content.events[app.game.state.decisions[0].event].title,
                         screen.query_one("#log"))
        first_policy = next(iter(app.game.content.policies.values())).name
        assert on_screen(app, first_policy, screen.query_one("#policy-summary"))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not screen.wide
