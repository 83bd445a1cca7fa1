"""The simulated players: each plays legal moves to an ending, reproducibly, in its own way."""

from __future__ import annotations

import random

import pytest

from game.rules import engine
from game.api import Game
from game.sim.planner import Planner, funding_line
from game.rules.conditions import Vocabulary, compile_condition
from game.sim.simulate import play
from game.sim.strategies import BUILT_IN, POSITIONAL, Positional, StrategyError, load_strategy

ALL = [*BUILT_IN, *POSITIONAL]


@pytest.mark.parametrize("name", ALL)
def test_every_strategy_plays_a_campaign_to_its_end(content, name):
    game = play(content, load_strategy(name), 11, 12)
    assert game.over and game.state.outcome in ("survival", "soft_landing", "collapse")
    assert len(game.state.history) == game.state.turn


@pytest.mark.parametrize("name", ALL)
def test_same_seeds_same_campaign(content, name):
    first = play(content, load_strategy(name), 5, 6).state
    again = play(content, load_strategy(name), 5, 6).state
    assert first.moves == again.moves and first.meters == again.meters


@pytest.mark.parametrize("name", ALL)
def test_a_campaign_replays_from_its_moves(content, name):
    """Strategies only move through the API: replaying the moves on a fresh game gives the same state."""
    state = play(content, load_strategy(name), 21, 22).state
    replayed = engine.new_game(content, None, 21)
    for move in state.moves:
        replayed = engine.after(content, replayed, move)
    assert replayed.meters == state.meters and replayed.outcome == state.outcome


def test_positional_players_pick_their_position(content):
    game = Game.new(content, seed=3)
    options = game.options()
    rng = random.Random(0)
    assert load_strategy("first").choose(game, rng) == options[0].id
    assert load_strategy("last").choose(game, rng) == options[-1].id
    assert Positional("ninth", 8).choose(game, rng) == options[-1].id  # past the end: the last there is


def test_personas_differ_in_where_they_take_the_country(content):
    reformer = play(content, load_strategy("reformer"), 1, 1).state
    hardliner = play(content, load_strategy("hardliner"), 1, 1).state
    assert reformer.policies["markets"] > hardliner.policies["markets"]
    assert max(r.meters["reform"] for r in reformer.history) > max(r.meters["reform"] for r in hardliner.history)
    assert min(r.meters["isolation"] for r in hardliner.history) > min(r.meters["isolation"] for r in reformer.history)


def test_unknown_strategies_are_refused():
    with pytest.raises(StrategyError, match="unknown strategy"):
        load_strategy("nobody")
    with pytest.raises(StrategyError, match="cannot load"):
        load_strategy("game.sim.strategies:nothing_here")


def test_a_strategy_function_from_a_module(content):
    strategy = load_strategy("game.sim.strategies:RandomPlayer")
    assert play(content, strategy, 2, 2).over


# --- the planner -----------------------------------------------------------------------------

def test_planner_ranks_endings(content):
    planner = Planner()
    state = engine.new_game(content, None, 1)
    from attrs import evolve
    values = {o: planner.value(content, evolve(state, outcome=o)) for o in ("collapse", "survival", "soft_landing")}
    assert values["collapse"] < planner.value(content, state) < values["soft_landing"]
    assert values["collapse"] < values["survival"] < values["soft_landing"]


def test_planner_does_not_peek_at_the_dice(content):
    """Its futures use its own dice: the game's generator is untouched by its thinking."""
    game = Game.new(content, seed=4)
    before = game.state
    Planner(depth=2, samples=1).choose(game, random.Random(1))
    assert game.state is before


def test_planner_thinking_depends_on_its_own_rng_only(content):
    game = Game.new(content, seed=8)
    a = Planner(depth=2, samples=2).choose(game, random.Random(5))
    b = Planner(depth=2, samples=2).choose(game, random.Random(5))
    assert a == b


def _vocabulary(content):
    return Vocabulary(meters=frozenset(content.meters), policies=frozenset(content.policies),
                      phases=frozenset(content.phases))


def test_guard_distances(content):
    """The planner reads a guard's one distance (the condition's own): the parts of an ``and`` add up,
    a strict comparison needs one point more, an ``or`` is as near as its nearest road."""
    vocabulary = _vocabulary(content)
    ns = {m: 50.0 for m in content.meters}
    guard = compile_condition("unrest >= 65 and unrest > surveillance + 10", vocabulary).distance
    assert guard(ns, frozenset(), {}) == pytest.approx(15 + 11)
    ns["unrest"] = 80.0
    assert guard(ns, frozenset(), {}) == 0.0
    either = compile_condition("loyalty <= 20 or economy <= 10", vocabulary).distance
    assert either(ns, frozenset(), {}) == pytest.approx(30.0)


def test_funding_line_is_where_the_police_upkeep_turns(content):
    line = funding_line(content)
    rule = next(r for r in content.drift if r.id == "police_upkeep")
    ns = {m: 50.0 for m in content.meters} | {"reform": 0.0, "surveillance": 30.0, "year": 2005, "quarter": 1,
                                                "turn": 1, "turns_left": 10, "phase": "entrenched"}
    policies = {p.id: p.start for p in content.policies.values()}
    assert rule.amount(ns | {"treasury": line - 1}, frozenset(), policies) < 0
    assert rule.amount(ns | {"treasury": line + 1}, frozenset(), policies) >= 0


def test_a_road_history_has_closed_does_not_pull_the_planner(content):
    """The roads into the landing are an "or", and one whose flag this run lacks (Seoul's pledge) is closed:
    however low its bars, the planner measures the state against the roads still open."""
    from attrs import evolve

    easy = compile_condition("flag.two_states and reform >= 0", _vocabulary(content))
    eased = evolve(content, transitions=tuple(
        evolve(t, when=easy) if t.id == "to_landing_pledged" else t for t in content.transitions))
    state = evolve(engine.new_game(content, None, 1), phase="reforming")
    assert state.meters["reform"] < 30 and "two_states" not in state.flags
    assert Planner().value(eased, state) == pytest.approx(Planner().value(content, state))
    pledged = evolve(state, flags=state.flags | {"two_states"})
    assert Planner().value(eased, pledged) > Planner().value(content, pledged)
