"""The regime's state machine: guards held for turns, reasons with the meters, endings chosen right."""

from pathlib import Path

import pytest

from game.api import Game
from game.content.loader import load_or_raise

MINIMAL = Path(__file__).parent / "data" / "minimal"


@pytest.fixture(scope="module")
def small():
    return load_or_raise(MINIMAL)


def answer_all(game: Game) -> None:
    while game.dilemma:
        game.answer(game.options()[-1].id)


def set_meters(game: Game, **meters: float) -> None:
    game.state = game.state.replace(meters={**game.state.meters, **meters})


def test_phase_change_records_a_checkable_reason(small):
    game = Game.new(small, "short", seed=1)
    answer_all(game)
    set_meters(game, unrest=70)
    game.end_season()
    assert game.state.phase == "crisis"
    change = game.state.transitions[-1]
    assert (change.source, change.target) == ("entrenched", "crisis")
    unrest = game.state.history[-1].meters["unrest"]
    assert change.reason == f"Unrest passed the danger mark ({small.meters['unrest'].name} {unrest:.0f})"
    assert game.phase_name == "Crisis"


def test_a_guard_must_hold_for_its_turns_and_a_broken_streak_resets(small):
    game = Game.new(small, "short", seed=1)
    answer_all(game)
    set_meters(game, unrest=90, fear=10)
    game.end_season()  # entrenched -> crisis
    answer_all(game)
    set_meters(game, unrest=90, fear=10)
    game.end_season()  # uprising guard holds: streak 1 of 2
    assert not game.over and game.state.streaks["uprising"] == 1
    answer_all(game)
    set_meters(game, unrest=50, fear=60)
    game.end_season()  # the guard fails: the streak is gone
    assert "uprising" not in game.state.streaks
    answer_all(game)
    set_meters(game, unrest=95, fear=10)
    game.end_season()
    assert not game.over
    answer_all(game)
    set_meters(game, unrest=95, fear=10)
    game.end_season()
    assert game.state.outcome == "collapse" and game.state.collapse_kind == "uprising"
    assert game.state.ending == "uprising"  # the kind's own text beats the generic collapse
    assert "Unrest outgrew fear" in game.reasons[-1] and "2 seasons running" in game.reasons[-1]


def test_survival_at_the_end_picks_the_ending_by_condition(small):
    for economy, ending in ((80, "survived"), (10, "survived_poor")):
        game = Game.new(small, "short", seed=2)
        while not game.over:
            answer_all(game)
            set_meters(game, economy=economy, unrest=10, fear=60)
            game.end_season()
        assert game.state.outcome == "survival"
        assert game.state.turn == game.state.last_turn
        assert game.state.ending == ending
        assert game.state.transitions[-1].reason.startswith("The regime saw the campaign out")


def test_soft_landing_by_guard(small):
    game = Game.new(small, "short", seed=2)
    for _ in range(2):
        answer_all(game)
        set_meters(game, economy=99, unrest=5)
        game.end_season()
    assert game.state.outcome == "soft_landing"
    assert game.ending.title == "Soft landing"


def test_pressures_show_how_close_each_transition_is(small):
    game = Game.new(small, "short", seed=1)
    answer_all(game)
    set_meters(game, unrest=70)
    game.end_season()
    set_meters(game, unrest=85, fear=90)
    pressures = {p.transition.id: p for p in game.pressures()}
    assert set(pressures) == {"uprising", "boom", "calm"}
    assert pressures["uprising"].terms == (("unrest >= 80", True), ("unrest > fear", False))
    assert (pressures["uprising"].met, pressures["uprising"].total) == (1, 2)
    assert game.pressures()[0].transition.id == "uprising"  # the closest first


def test_compiled_distance_points_equal_the_tree_walk_in_every_season_of_random_runs():
    """The planner reads a guard's distance through ``points``, compiled to one function: it must give
    exactly what the recursive reading gives, for every guard of the game, in every season met."""
    import random

    from game.rules.engine import answer, available_options, begin, end_season
    from game.rules.conditions import UNMEASURED
    from game.rules.state import namespace

    content = load_or_raise(None)
    guards = [t.when.distance for t in content.transitions]
    compared = 0
    for seed in range(40):
        live, rng = begin(content, None, seed), random.Random(seed)
        while live.outcome is None:
            while live.pending:
                answer(content, live, rng.choice(available_options(content, live)).id)
            ns = namespace(live)
            for guard in guards:
                for unknown in (UNMEASURED, 3.0):
                    fast = guard.points(ns, live.flags, live.policies, unknown)
                    assert fast == guard(ns, live.flags, live.policies, unknown)
                    compared += 1
            end_season(content, live)
    assert compared > 10_000
