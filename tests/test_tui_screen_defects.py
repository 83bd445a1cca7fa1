"""What the screens got wrong at play (issue 11, item 14), each checked where it is decided."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from attrs import evolve
from test_tui_storm import send_keys
from test_tui_support import screen_lines, screen_text, wait_for_content, wait_for_paint

from game.files import saves
from game.api import Game
from game.tui.app import SoftLandingApp
from game.tui.screens.game import GameScreen
from game.tui.screens.load import LoadScreen, columns
from game.tui.screens.regime import RegimeDialog
from game.tui.screens.report import ReportScreen
from game.tui.widgets.dilemma import DilemmaCard, OptionRow
from game.views import presenter

README = Path(__file__).resolve().parent.parent / "README.md"


def played(content, seed: int = 3, seasons: int = 1) -> Game:
    game = Game.new(content, None, seed)
    for _ in range(seasons):
        while game.dilemma:
            game.answer(game.options()[0].id)
        game.end_season()
    return game


def finish(content, seed: int = 3) -> Game:
    game = Game.new(content, None, seed)
    while not game.over:
        while game.dilemma:
            game.answer(game.options()[0].id)
        game.end_season()
    return game


def start(app: SoftLandingApp, seed: int, seasons: int = 0) -> Game:
    """A game in the app's session, played ``seasons`` seasons with the first option each time."""
    session = app.session
    session.new_game(None, seed)
    for _ in range(seasons):
        while session.game.dilemma:
            session.answer(session.game.options()[0].id)
        session.end_season()
    app.show_game()
    return session.game


# --- the presenter --------------------------------------------------------------------------------

def test_the_change_mid_season_is_this_seasons_alone(content):
    game = played(content, seasons=2)
    season_start = game.state.history[-1].meters
    before_last = game.state.history[-2].meters
    base, span = presenter.change_base(game)
    assert span == "last season" and base == dict(before_last)  # nothing moved yet: what the last season did
    game.answer(game.options()[0].id)
    assert game.state.changes
    base, span = presenter.change_base(game)
    assert span == "this season" and base == dict(season_start)  # not last season's change added to this one's
    for meter in content.meters:
        shown = presenter.delta_since_last_turn(game, meter)
        assert shown == pytest.approx(game.state.meters[meter] - season_start[meter])


@pytest.mark.parametrize(("gap", "long", "short"), [
    (0.4, "under 1 point away", "<1 pt"), (0.99, "under 1 point away", "<1 pt"), (1.0, "1 point away", "1 pt"),
    (1.4, "1 point away", "1 pt"), (4.2, "4 points away", "4 pts"),
])
def test_points_away_never_say_zero_while_the_guard_does_not_hold(gap, long, short):
    view = presenter.PressureView(target="Strained", ending=False, condition="", now="", holds=False, met=0, total=1,
                                  streak=0, hold=1, gap=gap)
    assert view.summary == long and view.short_summary == short


def test_only_a_collapse_is_marked_red(content):
    base = presenter.PressureView(target="x", ending=True, condition="", now="", holds=True, met=1, total=1,
                                  streak=1, hold=4, gap=0.0)
    assert presenter.pressure_tone(evolve(base, outcome="collapse"), 5) == "collapse-holds"
    assert presenter.pressure_tone(evolve(base, outcome="soft_landing"), 5) == "good-holds"
    assert presenter.pressure_tone(evolve(base, outcome="soft_landing", holds=False, gap=3.0), 5) == "good-near"
    assert presenter.pressure_tone(evolve(base, outcome="", holds=False, gap=30.0), 5) == "far"
    from game.tui.widgets.panels import MARKS

    assert all("$error" not in str(MARKS[k].spans) for k in MARKS if not k.startswith("collapse"))


def test_choose_prompt_counts_the_options():
    assert presenter.choose_prompt(3) == "Choose 1-3"
    assert presenter.choose_prompt(4) == "Choose 1-4"
    assert presenter.choose_prompt(1) == "Choose 1"


def test_numbers_never_run_into_names():
    assert presenter.moves_text([("Reform", 8.2), ("Economy", -3.0)]) == "Reform +8, Economy -3"


def test_words_hyphenated_at_a_source_line_end_stay_whole(content):
    assert presenter.flowing("the sixtieth-\n   anniversary of\nthe Korean-\nspeaking world") == (
        "the sixtieth-anniversary of the Korean-speaking world")
    for event in content.events.values():
        assert not re.search(r"\w- \w", presenter.flowing(event.text)), event.id


def test_a_meter_has_one_name_in_guards_and_values(content):
    game = Game.new(content, None, 3)
    names = {m.name for m in content.meters.values()}
    for view in presenter.pressure_views(game):
        rest = view.condition
        for name in names:
            rest = rest.replace(name, "")
        for meter in content.meters.values():
            assert not re.search(rf"\b{meter.id}\b", rest), view.condition
        assert any(name in view.condition for name in names)
    assert presenter.pretty_condition("loyalty <= 30 and unrest >= 35", content) == "Elite loyalty ≤ 30 and Unrest ≥ 35"


def test_a_guard_just_short_shows_its_decimals(content):
    game = Game.new(content, None, 3)
    views = presenter.pressure_views(game)
    assert all(re.search(r"\d+\.\d", view.now) for view in views if view.now)


# --- the saves' names ---------------------------------------------------------------------------------

def test_autosaves_are_named_by_the_season_played_and_never_twice(content, tmp_path):
    game = Game.new(content, None, 3)
    names = []
    while not game.over:
        while game.dilemma:
            game.answer(game.options()[0].id)
        game.end_season()
        names.append(saves.autosave_name(game))
        if not game.over:
            assert names[-1] == f"Autosave after turn {game.state.history[-1].turn}"
    assert len(names) == len(set(names)), "two autosaves share a name"
    assert names[-1].startswith("Autosave at the end")


def test_a_finished_game_is_listed_by_its_outcome(content, tmp_path):
    game = finish(content)
    saves.autosave(game, tmp_path)
    saves.save_game(Game.new(content, None, 4), "in play", tmp_path)
    rows = {row.name: row for row in saves.list_saves(tmp_path, content)}
    ended = next(row for row in rows.values() if row.autosave)
    assert ended.outcome and ended.outcome.lower().startswith(game.state.outcome.replace("_", " "))
    assert rows["in play"].outcome is None
    assert next(r for r in saves.list_saves(tmp_path) if r.autosave).outcome  # without content too


# --- on screen ----------------------------------------------------------------------------------------

async def test_at_80x24_the_regime_and_policies_open_in_full(tmp_path, content):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3)
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RegimeDialog)
        text = screen_text(app)
        for view in presenter.pressure_views(app.game):
            assert view.condition.split(" or ")[0] in text
        first_policy = next(iter(content.policies.values()))
        assert first_policy.name in text
        # the whole guard of every road, however long, can be scrolled to
        panel = app.screen.query_one("#regime-full")
        whole = str(panel.render())
        for view in presenter.pressure_views(app.game):
            assert view.condition in whole
        await pilot.press("escape")
        assert isinstance(app.screen, GameScreen)


async def test_e_with_a_dilemma_waiting_says_why(tmp_path, content):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3)
        await pilot.pause()
        turn = app.game.state.turn
        await pilot.press("e")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("dilemma is waiting" in m for m in said), said
        assert app.game.state.turn == turn


async def test_a_refusal_pressed_again_and_again_is_shown_once(tmp_path, content):
    """An impatient player pressing e five times gets one notice, not five stacked ones; other words still show."""
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3)
        await pilot.pause()
        await pilot.press(*"eeeee")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert len([m for m in said if "dilemma is waiting" in m]) == 1, said
        app.notify("Saved as test")
        await pilot.pause()
        assert "Saved as test" in [n.message for n in app._notifications]


async def test_the_guide_counts_this_dilemmas_options(tmp_path, content):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3)
        await wait_for_paint(pilot, app)
        count = len(app.game.options())
        text = " ".join(screen_lines(app)[:-2])
        footer = " ".join(screen_lines(app)[-2:])  # the key bar: two lines at 80 columns
        assert f"1-{count}" in text
        assert f"1-{count} Choose" in footer, footer
        if count != 4:
            assert "1-4" not in text and "1-4" not in footer
        await pilot.press("1")  # key 1 answers through the range the footer shows
        await pilot.pause()
        assert app.game.state.history or app.game.state.decisions, "key 1 did not answer"


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_panel_tells_two_roads_to_the_landing_apart(size, tmp_path, content):
    """Under Seoul's pledge two roads lead to the landing; the panel names the pledged one, narrow or wide."""
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_content(pilot, app)
        app.session.new_game(None, 3)
        live = app.session.game.state.thaw()
        live.phase, live.flags = "reforming", {"two_states"}
        live.meters.update(reform=44, economy=49, loyalty=47, unrest=30, tension=60)
        app.session.game = Game.from_live(content, live)
        app.show_game()
        await wait_for_paint(pilot, app)
        if size[0] < 110 and app.game.dilemma:
            await pilot.press("v")  # below the wide size a dilemma has the screen; v shows the country
        await pilot.pause()
        assert "→ Landing (pledged)" in screen_text(app)


@pytest.mark.parametrize("over", [False, True])
async def test_a_game_shown_twice_in_one_moment_comes_up_once(over, tmp_path, content):
    """Two loads or a branch and a load in the same tick replace a screen before it has mounted: the one
    replaced must not reach for panels it never composed (it crashed the game), the last one shows."""
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        app.session.new_game(None, 3)
        if over:
            app.session.game = finish(content)
        for _ in range(3):
            app.show_game()
        await wait_for_paint(pilot, app)
        assert len(app.screen_stack) == 2
        assert isinstance(app.screen, ReportScreen if over else GameScreen)
        assert ("After-action report" if over else "turn 1 of") in screen_text(app)
    assert not list(tmp_path.glob("crash-*"))


async def test_one_name_per_meter_on_the_narrow_screen(tmp_path, content):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3, seasons=2)
        await pilot.pause()
        await pilot.press("v")  # the country view
        await pilot.pause()
        text = screen_text(app)
        for meter in content.meters.values():
            assert meter.name in text
            if meter.short and meter.short != meter.name:
                assert not re.search(rf"\b{meter.short}\b", text), f"{meter.short} beside {meter.name}"
        for line in screen_lines(app):
            line = re.sub(r"\b1-[1-4]\b", "", line)  # "Choose 1-3" is a range
            assert not re.search(r"\d[+-]\d", line), f"numbers run together: {line!r}"


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_every_option_is_on_screen_or_its_list_scrolls(size, tmp_path, content):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_content(pilot, app)
        four = next(e for e in content.events.values() if len(e.options) == 4)
        game = start(app, 3)
        await pilot.pause()
        screen = app.screen
        card = screen.query_one("#dilemma")
        card.show_dilemma(game, four, list(four.options), False, "", "")
        await pilot.pause()
        options = screen.query_one("#options")
        rows = [row for row in screen.query(OptionRow) if row.display]
        assert len(rows) == 4
        cut = [row for row in rows if not options.region.contains_region(row.region)]
        if cut:  # it does not fit: the list scrolls, and shows that it does
            assert options.max_scroll_y > 0 and options.show_vertical_scrollbar
        assert "1-4" in screen_text(app)


async def test_the_load_list_fits_80_columns(tmp_path, content):
    game = finish(content)
    saves.autosave(game, tmp_path)
    saves.save_game(Game.new(content, None, 4), "a save with a name far too long for its column", tmp_path)
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        text = screen_text(app)
        assert re.search(r"\d\d-\d\d \d\d:\d\d", text), "the saved column is cut"
        assert "Collapse" in text or "Survival" in text or "Soft landing" in text
        assert sum(columns(80)) + 2 * 5 <= 80 - 4


async def test_a_hostile_save_shows_as_written_everywhere(tmp_path, content):
    """A name with markup in the list, the delete question and the load error; a turn of "[/]" in the file."""
    import json

    game = played(content)
    path = saves.save_game(game, "v2 [/]", tmp_path)
    broken = json.loads(path.read_text(encoding="utf-8"))
    broken["turn"] = "[/]"
    (tmp_path / "odd [b]x.json").write_text(json.dumps(broken), encoding="utf-8")
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_content(pilot, app)
        app.load_from(tmp_path / "odd [b]x.json")  # the "Cannot load" message
        await pilot.pause()
        assert any(n.title == "Cannot load" for n in app._notifications)
        await pilot.press("o")
        await pilot.pause()
        text = screen_text(app)
        assert "v2 [/]" in text and "odd [b]x" in text
        send_keys(app, ["down", "up", "enter", "d", "n", "down", "enter", "d"])
        await pilot.pause()
        await pilot.pause()
        assert app._exception is None
    assert app._exception is None


def test_the_readme_commands_table_is_one_table():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Commands", 1)[1].split("\n## ", 1)[0]
    rows = [i for i, line in enumerate(section.splitlines()) if line.startswith("|")]
    assert rows and rows == list(range(rows[0], rows[0] + len(rows))), "a blank line breaks the commands table"


TINY = [(20, 8), (21, 9), (24, 8), (30, 10), (45, 12), (60, 20)]


@pytest.mark.slow  # six app runs
@pytest.mark.parametrize("size", TINY, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_tiny_terminal_comes_to_rest(size, tmp_path, content, monkeypatch):
    """At 20x8 the dilemma's scrollbar came and went every frame (a layout loop that froze the game)."""
    from textual.screen import Screen

    layouts = []
    refresh_layout = Screen._refresh_layout

    def counted(self, *args, **kwargs):
        layouts.append(self)
        return refresh_layout(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3)
        await pilot.pause()
        await pilot.press("1")
        for opened in ("", "o"):
            if opened:
                await pilot.press(opened)
            await pilot.resize_terminal(*size)
            await pilot.pause(0.3)
            layouts.clear()
            await pilot.pause(0.5)
            assert len(layouts) <= 2, f"{len(layouts)} layouts in half a second at rest ({app.screen})"
            await pilot.resize_terminal(80, 24)
            await pilot.pause()


# --- defect 1: the title menu and a key pressed while the content loads ----------------------------

async def test_the_title_menu_obeys_enter_and_clicks(tmp_path):
    from textual.widgets import OptionList

    from game.tui.screens.help import HelpScreen
    from game.tui.screens.new_game import NewGameDialog
    from game.tui.screens.title import TitleScreen

    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        title = app.screen
        assert isinstance(title, TitleScreen)
        menu = title.query_one("#title-menu", OptionList)
        menu.focus()
        menu.highlighted = next(i for i in range(menu.option_count) if menu.get_option_at_index(i).id == "new")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NewGameDialog), "Enter on 'New game' did nothing"
        await pilot.press("escape")
        await pilot.pause()
        help_row = next(i for i in range(menu.option_count) if menu.get_option_at_index(i).id == "help")
        menu.highlighted = help_row
        await pilot.click(OptionList, offset=(5, 1 + help_row))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen), "a click on 'How to play' did nothing"
    assert app._exception is None


async def test_a_key_pressed_while_the_country_loads_is_kept(tmp_path, monkeypatch):
    import threading

    from game.session import Session
    from game.tui.screens.new_game import NewGameDialog

    opened = Session.open.__func__
    released = threading.Event()

    def slow_open(cls, *args, **kwargs):
        # The content waits (in the loading thread) until the key is in: no race with a slow machine.
        released.wait(timeout=30)
        return opened(cls, *args, **kwargs)

    monkeypatch.setattr(Session, "open", classmethod(slow_open))
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.content is None
        await pilot.press("n")
        assert app.deferred == "new_game"
        released.set()
        await wait_for_content(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, NewGameDialog), "the key pressed while loading was lost"
    assert app._exception is None


async def test_the_title_menu_refreshed_before_it_is_mounted_does_nothing(tmp_path):
    """A resume while the title screen was still composing (its box mounted, not yet the menu) raised
    NoMatches '#title-menu' at tui/screens/title.py:68 in a key storm (issue 28)."""
    from game.tui.screens.title import TitleScreen

    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        title = app.screen
        assert isinstance(title, TitleScreen)
        await title.query_one("#title-menu").remove()
        title.refresh_menu()
        title.on_screen_resume()
        await pilot.pause()
        assert app._exception is None and title.children


async def test_a_key_checked_before_the_game_screen_has_composed_its_card_does_not_crash(tmp_path, content):
    """A 40-seed storm (issue 28) crashed with NoMatches 'DilemmaCard' in GameScreen.check_action: a key's
    binding was checked on a game screen mounted but not yet composed."""
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        start(app, 3)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen)
        card = screen.query_one(DilemmaCard)
        screen._parts.clear()
        await card.remove()  # as before compose mounted it
        for action in ("menu", "choose", "end_turn"):
            screen.check_action(action, ())
        assert app._exception is None


async def test_the_title_screen_spoken_again_under_a_dialog_keeps_a_focus_that_takes_keys(tmp_path):
    """The language arrives while a dialog covers the title: the menu is composed anew under it, and once the
    dialog closes the keys (ctrl+q among them) still reach the screen, not a removed menu."""
    from game.tui.screens.title import TitleScreen

    app = SoftLandingApp(saves_dir=tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        title = app.screen
        assert isinstance(title, TitleScreen)
        await pilot.press("ctrl+p")  # the command palette: what the storm had open when the language came
        await pilot.pause()
        spoken = asyncio.create_task(title.speak_again())
        await asyncio.sleep(0)  # the old menu is being removed ...
        app.pop_screen()  # ... when the palette closes, and the title, resumed, focuses what it finds
        await spoken
        await pilot.pause()
        assert app.screen is title and app.focused is not None and app.focused.is_attached
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
