"""The screen-reading personas, the shared rollout loop, the guard distance and the decision weight.

The balance bands the personas must keep are in tests/test_balance.py (slow); these are the fast
checks that the machinery does what it says.
"""

from __future__ import annotations

import ast
import random
import subprocess
import sys
from pathlib import Path

import pytest

from game.api import Game, Hint
from game.sim.balance import Weight, decision_weight, tally, tense_late
from game.rules.conditions import Vocabulary, compile_condition
from game.rules.dice import PlayerRandom
from game.rules.engine import begin
from game.sim.personas import (
    OPENING_PLAN,
    PERSONAS,
    load_persona,
    option_hints,
    policy_name,
    policy_settings,
)
from game.rules.conditions import UNMEASURED, Distance
from game.sim.simulate import play, rollout, run_seeds, strategy_rollout
from game.sim.strategies import load_strategy

# --- personas read only the screen -------------------------------------------------------------

def test_personas_import_nothing_above_the_rules():
    """The personas are a rules-layer module: they read the game as the screen shows it, not the views."""
    tree = ast.parse(Path("game/sim/personas.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {m for m in imported if m.startswith(("game.views", "game.tui", "game.commands", "textual", "rich"))}
    code = "import sys, game.sim.personas; print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


class _Screen(Game):
    """A game whose advisors say what the test wants: the personas must follow the hints, not the effects."""

    fake: dict[str, list[Hint]]

    def hints(self, option):  # type: ignore[override]
        return self.fake.get(option.id, [])


def _screen(content, fake_for) -> _Screen:
    game = _Screen.from_live(content, begin(content, None, 11))
    options = game.options()
    game.fake = fake_for(options)
    return game


def test_the_arrow_reader_follows_the_arrows_not_the_numbers(content):
    def fake(options):
        return {o.id: [Hint("reform", 1, 3 if i == len(options) - 1 else 1, None)] for i, o in enumerate(options)}
    game = _screen(content, fake)
    persona = load_persona("arrows")
    assert persona.choose(game, random.Random(0)) == game.options()[-1].id


def test_the_colour_follower_counts_green_against_red(content):
    def fake(options):
        found = {o.id: [Hint("economy", -1, 2, False)] for o in options}
        found[options[0].id] = [Hint("economy", 1, 1, True), Hint("loyalty", 1, 1, True)]
        return found
    game = _screen(content, fake)
    assert load_persona("colours").choose(game, random.Random(0)) == game.options()[0].id


def test_the_fixer_mends_the_meter_in_the_red(content):
    def fake(options):
        found = {o.id: [Hint("reform", 1, 3, None)] for o in options}
        found[options[1].id] = [Hint("loyalty", 1, 1, True)]
        return found
    game = _screen(content, fake)
    game._live.meters["loyalty"] = 20.0  # deep in the red
    assert load_persona("fixer").choose(game, random.Random(0)) == game.options()[1].id
    game._live.meters["loyalty"] = 70.0  # nothing in the red: reform
    assert load_persona("fixer").choose(game, random.Random(0)) != game.options()[1].id


def test_hints_show_double_edged_meters_uncoloured(content):
    game = Game.new(content, None, 3)
    reform = next(o for e in content.events.values() for o in e.options if o.effects.expected().get("reform", 0) > 2)
    hints = {h.meter: h for h in game.hints(reform)}
    assert hints["reform"].good is None and hints["reform"].direction == 1
    assert content.meters["reform"].double_edged and content.meters["tension"].double_edged
    assert option_hints(game, reform)["reform"][1] is None


def test_every_policy_setting_is_a_persona():
    settings = list(policy_settings())
    assert len(settings) == 3 ** 5 and len(set(settings)) == 243
    for levels in settings[:: 40]:
        persona = load_persona(policy_name(levels))
        assert persona is not None and persona.plan == dict(zip(("border", "markets", "media", "foreign", "privileges"), levels))
    assert load_persona("policy_33333") is None and load_persona("nobody") is None


def test_a_plan_walks_the_policies_one_level_a_turn(content):
    game = play(content, load_persona("arrows_plan"), 5, 5)
    first = game.state.history[0].policy_changes
    assert dict(first) == OPENING_PLAN
    assert all(game.state.policies[p] == level for p, level in OPENING_PLAN.items())


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_every_persona_plays_a_campaign_deterministically(content, name):
    one = play(content, load_strategy(name), 21, 4).state
    two = play(content, load_strategy(name), 21, 4).state
    assert one.outcome is not None and one.moves == two.moves


# --- one rollout loop ------------------------------------------------------------------------------

def test_a_rollout_starts_from_any_state_and_plays_as_the_simulator_does(content):
    """Playing a campaign whole, or to a turn and then on from a thawed copy of that state, is the same game."""
    whole = play(content, load_strategy("random"), 8, 8).state
    live = begin(content, None, 8)
    rng = PlayerRandom(8)  # the stream the simulator gives a player
    strategy = load_strategy("random")
    strategy_rollout(content, live, strategy, rng, turns=10)
    assert live.turn == 11 and live.outcome is None
    resumed = live.freeze().thaw()
    strategy_rollout(content, resumed, strategy, rng)
    assert resumed.freeze().moves == whole.moves and resumed.outcome == whole.outcome


def test_a_rollout_with_plain_callbacks_stops_after_its_turns(content):
    live = begin(content, None, 2)
    rollout(content, live, lambda s: s.pending and content.events[s.pending[0]].options[0].id, turns=3)
    assert live.turn == 4 and len(live.history) == 3


# --- one guard distance --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary(meters=frozenset({"unrest", "loyalty", "economy"}), policies=frozenset({"markets"}))


@pytest.mark.parametrize("source, ns, want", [
    ("unrest >= 60", {"unrest": 50}, 10.0),
    ("unrest >= 60", {"unrest": 70}, 0.0),
    ("unrest > 60", {"unrest": 60}, 1.0),
    ("loyalty <= 22", {"loyalty": 30}, 8.0),
    ("loyalty < 22", {"loyalty": 22}, 1.0),
    ("unrest >= 60 and loyalty <= 30", {"unrest": 50, "loyalty": 40}, 20.0),  # both shortfalls must be made good
    ("unrest >= 60 or loyalty <= 30", {"unrest": 50, "loyalty": 35}, 5.0),  # the nearest road
    ("unrest >= 60 and unrest > loyalty + 5", {"unrest": 62, "loyalty": 60}, 4.0),
])
def test_the_distance_adds_an_and_and_takes_the_nearest_of_an_or(vocabulary, source, ns, want):
    assert compile_condition(source, vocabulary).distance(ns, frozenset(), {}) == pytest.approx(want)


def test_a_part_that_cannot_be_measured(vocabulary):
    guard = compile_condition("unrest >= 60 and flag.coup", vocabulary).distance
    assert guard({"unrest": 70}, frozenset(), {}) is None
    assert guard({"unrest": 50}, frozenset(), {}, UNMEASURED) == 10.0 + UNMEASURED
    assert guard({"unrest": 70}, frozenset({"coup"}), {}, UNMEASURED) == 0.0
    assert isinstance(guard, Distance)


def test_the_panel_and_the_planner_read_one_distance(content):
    from game.sim.planner import Planner
    game = Game.new(content, None, 4)
    planner = Planner()
    planner._prepare(content)
    dangers = dict(planner._dangers)
    for pressure in game.pressures():
        transition = pressure.transition
        if transition.id in dangers:
            assert dangers[transition.id] is transition.when.distance
            ns = {**game.state.meters, "year": 2002, "quarter": 3, "turn": 1, "turns_left": 37, "phase": game.state.phase}
            assert pressure.gap == transition.when.distance(ns, game.state.flags, game.state.policies)
    compile_condition("unrest >= 1", Vocabulary(meters=frozenset({"unrest"})))


# --- the report's measures ---------------------------------------------------------------------------

def test_tallies_count_length_words_repeats_and_late_danger(content):
    t = tally(content, "random", 12, seed=3)
    assert 0 < t.mean("dilemmas") <= 2 * t.mean("turns")
    assert t.mean("words") > 20 * t.mean("dilemmas")
    assert t.repeats == 0, "an event came twice in one campaign"
    assert 0 <= t.tense <= t.runs and t.full_runs <= t.runs


def test_late_danger_reads_the_last_third(content):
    state = play(content, load_strategy("hardliner"), *run_seeds(0, 1)).state
    assert tense_late(content, state) in (True, False)
    early = play(content, load_strategy("reformer"), *run_seeds(0, 1)).state
    assert early.turn < early.last_turn * 2 / 3 and not tense_late(content, early)


def test_decision_weight_rolls_out_every_option(content):
    weight = decision_weight(content, 2, seed=1, rollouts=3)
    assert weight.states <= 2 and len(weight.spreads) == weight.states == len(weight.noise)
    assert all(0.0 <= s <= 1.0 for s in weight.spreads + weight.landing_spreads + weight.noise)
    both = weight + Weight(1, [0.5], [0.25], [0.0], {"x": [0.25]})
    assert both.states == weight.states + 1 and "x" in both.events
