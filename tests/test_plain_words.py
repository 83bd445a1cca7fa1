"""The regime panel, the Why panel and the results speak the player's language, and say nothing false.

Seasons, not ``turns_left`` or points, for time; each road as bars, never an expression; the road
nearest to firing first; a cause that speaks only of what has happened in the run; results that do
not contradict the indicators beside them.
"""

from __future__ import annotations

import re

import pytest

from game.api import Game
from game.rules.conditions import Vocabulary, compile_condition
from game.views import presenter, roads

PLEDGE_WORDS = re.compile(r"pledge|two states", re.IGNORECASE)


def in_phase(content, phase: str, flags: set[str] = frozenset(), seed: int = 3, **meters: float) -> Game:
    live = Game.new(content, None, seed).state.thaw()
    live.phase, live.flags = phase, set(flags)
    live.meters.update(meters)
    return Game.from_live(content, live)


def test_no_road_prints_a_program_name_or_a_nested_expression(content):
    for phase in content.phases:
        for view in presenter.pressure_views(in_phase(content, phase)):
            for words in (view.condition, view.short_condition, view.summary, view.short_summary):
                assert "turns_left" not in words and "(" not in words.split(" (or ")[0], (phase, words)
                assert "flag." not in words and "phase." not in words and "policy." not in words


def test_the_absorption_road_reads_as_three_ways_of_bars(content):
    views = presenter.pressure_views(in_phase(content, "crisis"))
    absorption = next(v for v in views if v.short_target == "Absorption")
    assert absorption.condition == (
        "Isolation ≤ 35, Awareness ≥ 70 and Unrest ≥ 50; or Isolation ≤ 5, Awareness ≥ 65 and Surveillance ≤ 52; "
        "or Isolation ≤ 35, Awareness ≥ 80 and Surveillance ≤ 50 for 2 seasons running")
    # the narrow panel gives the way nearest to holding, and says there are others
    assert absorption.short_condition.endswith("for 2 seasons running (or 2 other ways)")
    assert ";" not in absorption.short_condition


def test_the_nearest_way_is_the_one_shown_on_a_narrow_screen(content):
    game = in_phase(content, "crisis", awareness=79.0, surveillance=48.0, isolation=30.0, unrest=10.0)
    absorption = next(v for v in presenter.pressure_views(game) if v.short_target == "Absorption")
    assert absorption.short_condition.startswith("Isolation ≤ 35, Awareness ≥ 80 and Surveillance ≤ 50")
    assert absorption.gap == 1.0 and absorption.short_summary == "1 pt"


def test_the_soft_landing_counts_seasons_not_points(content):
    game = in_phase(content, "landing", reform=50.0, economy=55.0, loyalty=50.0, unrest=20.0, tension=40.0)
    landing = next(v for v in presenter.pressure_views(game) if v.outcome == "soft_landing")
    left = game.state.last_turn - game.state.turn + 1
    assert landing.condition == ("Reform ≥ 42, Economy ≥ 50, Elite loyalty ≥ 40, Unrest ≤ 38 and Tension ≤ 75 "
                                 "when the campaign ends")
    assert landing.summary == f"the bars hold, {left} seasons left"
    assert "point" not in landing.summary and landing.short_summary == f"in {left} seasons"
    short = in_phase(content, "landing", reform=40.0, economy=55.0, loyalty=50.0, unrest=20.0, tension=40.0)
    landing = next(v for v in presenter.pressure_views(short) if v.outcome == "soft_landing")
    assert landing.summary == f"2 points short, {left} seasons left"  # the bars' distance, the calendar apart
    assert landing.short_summary == f"2 pts, in {left} seasons"


def test_seasons_left_counts_this_season():
    assert roads.seasons_left(0) == "1 season left" and roads.seasons_left_short(0) == "this season"
    assert roads.seasons_left(3) == "4 seasons left" and roads.seasons_left_short(3) == "in 4 seasons"


def test_under_the_pledge_the_panel_shows_the_road_that_fires_first(content):
    """The pledged road needs two seasons, the plain one four: with the plain one held two seasons and the
    pledged one one, the pledged road lands at the end of this season and is the one a narrow panel shows."""
    game = in_phase(content, "reforming", {"two_states"}, reform=50.0, economy=55.0, loyalty=50.0, unrest=20.0,
                    tension=40.0)
    live = game.state.thaw()
    live.streaks = {"to_landing": 2, "to_landing_pledged": 1}
    game = Game.from_live(content, live)
    first = presenter.pressure_views(game, 2)[0]
    assert first.road == "pledged" and first.short_summary == "held 1/2" and first.summary == "held 1 of 2 seasons"


def test_a_redundant_bar_is_left_out():
    vocabulary = Vocabulary(meters=frozenset({"isolation", "awareness", "reform"}))
    guard = compile_condition("isolation <= 35 and (awareness >= 65 and isolation <= 5)", vocabulary)
    assert roads.ways(guard)[0].bars == ("isolation <= 5", "awareness >= 65")
    assert roads.ways(compile_condition("reform >= 42 and reform >= 46", vocabulary))[0].bars == ("reform >= 46",)


def _every_cause(game: Game) -> list[tuple[int, str]]:
    return [(w.turn, w.text) for m in game.content.meters for w in game.why(m, turns=60)]


def test_no_cause_speaks_of_a_pledge_in_a_run_without_one(content):
    game = Game.new(content, None, 5)
    for _ in range(6):
        while game.dilemma:
            game.answer(game.options()[0].id)
        game.end_season()
    assert "two_states" not in game.state.flags
    causes = _every_cause(game)
    assert len(causes) > 30
    assert not [text for _, text in causes if PLEDGE_WORDS.search(text)]


def test_a_cause_speaks_of_the_pledge_from_the_season_it_was_signed(content):
    game = Game.new(content, None, 26)  # answering first options, Seoul pledges two states in turn 13
    signed = None
    while game.state.turn < 16:
        while game.dilemma:
            game.answer(game.options()[0].id)
        if signed is None and "two_states" in game.state.flags:
            signed = game.state.turn
        game.end_season()
    assert signed == 13
    causes = _every_cause(game)
    pledged = {turn for turn, text in causes if PLEDGE_WORDS.search(text)}
    assert pledged and min(pledged) == signed
    momentum = [(t, text) for t, text in causes if text.startswith("Reform has momentum")]
    assert {t for t, text in momentum if "pledged" in text} == {t for t, _ in momentum if t >= signed}


def test_the_july_measures_do_not_say_prices_leap(content):
    """The adopted measures put state prices where the markets stood; the market price of rice beside
    the result does not leap, so the result does not say it does."""
    game = Game.new(content, None, 3)
    while game.dilemma is not None and game.dilemma.id != "july_measures":
        game.answer(game.options()[0].id)
    assert game.dilemma is not None
    before = game.indicators()["rice_price"]
    game.answer("full")
    option = next(o for o in content.events["july_measures"].options if o.id == "full")
    assert game.indicators()["rice_price"] <= before
    assert "leap" not in option.result and "where the markets already stood" in option.result


# --- on screen ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_regime_panel_reads_in_seasons_and_bars_at_both_sizes(tmp_path, content, size):
    from test_tui_support import screen_text, wait_for_content

    from game.tui.app import SoftLandingApp
    from game.tui.screens.regime import RegimeDialog

    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_content(pilot, app)
        app.session.new_game(seed=3)
        live = app.session.game.state.thaw()
        live.phase = "landing"
        live.meters.update(reform=50.0, economy=55.0, loyalty=50.0, unrest=20.0, tension=40.0)
        app.session.game = Game.from_live(content, live)
        app.show_game()
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RegimeDialog)
        await pilot.pause()
        whole = " ".join(str(app.screen.query_one("#regime-full").render()).split())  # all of it, scrolled to
        left = app.game.state.last_turn - app.game.state.turn + 1
        assert f"→ Soft landing the bars hold, {left} seasons left" in whole and "when the campaign ends" in whole
        assert "Isolation ≤ 35, Awareness ≥ 70 and Unrest ≥ 50; or" in whole  # absorption, as bars
        assert "turns running" not in whole
        assert f"{left} seasons left" in screen_text(app)  # the nearest road is in sight without scrolling
        assert "turns_left" not in whole and "((" not in whole
