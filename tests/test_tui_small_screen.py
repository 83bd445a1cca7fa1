"""The main screen at 80x24 and 120x40, read as a player reads it: the text of the screen is asserted.

A dilemma of up to 170 words with four options is read with at most one page down, and every hint
line is reached from the keyboard; no label or hint is cut with "…"; the key bar names the keys
that work at that moment (and never "Choose" while a result is shown); a key that cannot act says why.
"""

from __future__ import annotations

import re

import pytest

from game.tui.app import SoftLandingApp
from game.tui.screens.game import GameScreen
from game.tui.widgets.dilemma import DilemmaCard
from game.tui.widgets.keys import KeyBar
from game.views import presenter
from test_tui_screen_defects import start
from test_tui_support import on_screen, region_text, screen_lines, screen_text, wait_for_content, wait_for_paint

SIZES = [(80, 24), (120, 40)]
ALWAYS = ["p Policy", "w Why", "g Essay", "h History", "r Regime", "u Rewind", "l Log", "s Save", "o Load",
          "? Help", "^q Quit", "t Theme"]


def words(text: str) -> int:
    return len(text.split())


def longest_four(content):
    """The longest dilemma of at most 170 words with four options."""
    four = [e for e in content.events.values() if len(e.options) == 4 and words(e.text) <= 170]
    return max(four, key=lambda e: words(e.text) + sum(words(o.label) for o in e.options))


def bar(app) -> str:
    return re.sub(r"\s+", " ", str(app.screen.query_one(KeyBar).render()))


def cut(lines: list[str]) -> list[str]:
    return [line for line in lines if "…" in line]


async def show_four(pilot, app, content):
    """A new game with the longest four-option dilemma on the card, as the screen shows a dilemma."""
    start(app, 3)
    await wait_for_paint(pilot, app)
    event = longest_four(content)
    game = app.game
    screen = app.screen
    screen.part(DilemmaCard).show_dilemma(game, event, list(event.options), screen.wide)
    await pilot.pause()
    await pilot.pause()
    return event, game


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_long_dilemma_is_read_whole_with_one_page_down(size, tmp_path, content):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_content(pilot, app)
        event, game = await show_four(pilot, app, content)
        card = app.screen.query_one(DilemmaCard)
        first = screen_lines(app)
        assert on_screen(app, event.title, card, first)
        await pilot.press("pagedown")
        await pilot.pause()
        second = screen_lines(app)
        box = card.query_one("#narrative-scroll").content_region
        seen = region_text(first, box) + " " + region_text(second, box)
        story = presenter.flowing(event.text).split()
        # every word of the story and every option and its hints, in the two pages
        assert " ".join(story[-12:]) in seen
        for number, option in enumerate(event.options, 1):
            assert f"{number} {option.label}" in seen, option.label
            for hint in game.hints(option):
                view = presenter.hint_view(game, hint)
                assert f"{view.name} {view.arrows}" in seen
        # the last option's hints are on screen after one page down: reached by keys, not the wheel
        last = presenter.hint_view(game, game.hints(event.options[-1])[-1])
        assert on_screen(app, f"{last.name} {last.arrows}", card, second)
        assert not cut(first) and not cut(second), cut(first) + cut(second)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_key_bar_names_the_keys_that_work_now(size, tmp_path, content):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3)
        await wait_for_paint(pilot, app)
        count = len(app.game.options())
        keys = bar(app)
        assert f"1-{count} Choose" in keys, keys
        for key in ALWAYS:
            assert key in keys, (key, keys)
        assert "enter Next" not in keys and "e End" not in keys  # not while a dilemma waits
        assert ("v Country" in keys) == (size[0] < 110)
        for line in screen_lines(app)[-2:]:
            assert line.rstrip() == line.rstrip()[:size[0]] and "…" not in line
        await pilot.press("1")
        await pilot.pause()
        keys = bar(app)
        assert "Choose" not in keys, keys  # a result is shown: 1-4 does nothing now
        assert "enter Next" in keys or "e End" in keys
        for key in ALWAYS:
            assert key in keys, (key, keys)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_panel_label_is_whole(size, tmp_path, content):
    """No label cut with "…", every indicator and policy named in full (at 80x24 in the country view)."""
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3, seasons=3)
        await wait_for_paint(pilot, app)
        assert not cut(screen_lines(app)), cut(screen_lines(app))
        await pilot.press("1")  # a result beside the meters and the regime
        await pilot.pause()
        assert not cut(screen_lines(app)), cut(screen_lines(app))
        if size[0] < 110:
            await pilot.press("v")
            await pilot.pause()
            assert "v Dilemma" in bar(app)
        lines = screen_lines(app)
        assert not cut(lines), cut(lines)
        text = screen_text(app)
        game = app.game
        for meter in content.meters.values():
            assert meter.name in text
        for name, value in presenter.indicator_lines(game):
            assert on_screen(app, f"{name} {value}", app.screen.query_one("#indicators"), lines), name
        for policy in content.policies.values():
            level = policy.levels[game.state.policies[policy.id]].name
            assert on_screen(app, f"{policy.name} {level}", app.screen.query_one("#policy-summary"), lines), policy.name
        if size[0] < 110:
            await pilot.press("v")
            await pilot.pause()
            assert "v Country" in bar(app)


async def test_u_after_a_rewind_says_why(tmp_path, content):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3)
        await pilot.pause()
        await pilot.press("1", "u")  # a choice, then back to the start of the season
        await pilot.pause()
        assert not app.game.state.decisions
        await pilot.press("1", "u")  # the second rewind of the season is refused, in one sentence
        await pilot.pause()
        assert app.game.state.decisions
        said = [n.message for n in app._notifications if n.title == "Cannot rewind"]
        assert said == ["This season has been rewound once already."], said


async def test_u_with_nothing_decided_says_why(tmp_path, content):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3)
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        said = [n.message for n in app._notifications if n.title == "Cannot rewind"]
        assert said == ["Nothing has been decided this season yet."], said


@pytest.mark.parametrize("in_game", [False, True])
async def test_ctrl_c_says_which_key_quits(in_game, tmp_path, content):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        if in_game:
            start(app, 3)
            await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running
        assert "ctrl+q quits." in [n.message for n in app._notifications]


async def test_a_number_that_answers_nothing_says_why(tmp_path, content):
    """A number key while a result is shown, or one past the options, did nothing and said nothing."""
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3)
        await pilot.pause()
        said = lambda: [n.message for n in app._notifications]  # noqa: E731
        count = len(app.game.options())
        await pilot.press(str(count + 1))
        await pilot.pause()
        assert f"Choose 1-{count}." in said() and app.game.state.decisions == ()
        pending = len(app.game.state.pending)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("1")  # on the result: no second answer, and a line says what to press
        await pilot.pause()
        assert len(app.game.state.decisions) == 1
        assert ("Press enter for the next dilemma, then choose." if pending > 1
                else "No dilemma is waiting: e ends the season.") in said()


async def test_the_policy_dialog_shows_every_level_at_80x24_without_tab(tmp_path, content):
    """Each policy's levels and what each gives every season, read with the arrow keys alone."""
    from game.tui.screens.policies import PoliciesDialog

    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3)
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PoliciesDialog)
        box = app.screen.query_one("#policy-scroll")
        for index, policy in enumerate(content.policies.values()):
            if index:
                await pilot.press("down")
            await pilot.pause()
            lines = screen_lines(app)
            shown = region_text(lines, box.content_region)
            for level in policy.levels:
                assert f"{level.name} {level.description.split()[0]}" in shown, (policy.name, level.name)
            assert shown.count("every season:") >= len(policy.levels) - 1, (policy.name, shown)
            await pilot.press("pagedown")  # the rest, without leaving the list
            await pilot.pause()
            rest = region_text(screen_lines(app), box.content_region)
            assert shown.count("every season:") + rest.count("every season:") >= len(policy.levels)
            assert app.screen.focused is app.screen.query_one("#policy-list")
            await pilot.press("pageup")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_history_chart_rows_line_up(size, tmp_path, content):
    from game.tui.screens.history import CHART_TITLE, HistoryScreen

    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3, seasons=6)
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        lines = screen_lines(app)
        assert CHART_TITLE in " ".join(lines)
        region = app.screen.query_one("#history-chart").region
        chart = [line[region.x:region.right] for line in lines[region.y:region.bottom]]
        chart = [line for line in chart if "│" in line]
        assert len(chart) >= len(content.meters)
        edges = {tuple(i for i, c in enumerate(line) if c == "│") for line in chart}
        assert len(edges) == 1, edges  # every row's borders in the same columns


async def test_a_key_named_in_the_bar_is_clicked_too(tmp_path, content):
    from game.tui.screens.policies import PoliciesDialog

    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3)
        await wait_for_paint(pilot, app)
        keys = app.screen.query_one(KeyBar)
        row = next(i for i, line in enumerate(screen_lines(app)) if " p Policy" in line)
        column = screen_lines(app)[row].index(" p Policy") + 4
        await pilot.click(offset=(column, row))
        await pilot.pause()
        assert isinstance(app.screen, PoliciesDialog), keys.render()
