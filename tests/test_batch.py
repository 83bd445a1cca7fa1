"""The batch plays the engine's game: for every seed, the same ending, turn and final meters as the engine
playing that run alone, in every scenario; its pieces (rounding, compiled conditions, the player's
stream) agree with their scalar twins value for value."""

import copy
import random

import numpy as np
import pytest
import game.sim.simulate

from game.sim.batch import Batch, NotBatchable, _Columns, _Emitter, batch_problem, play_batch, round1, tables
from game.rules.conditions import Vocabulary, compile_condition
from game.rules.dice import PlayerRandom
from game.sim.simulate import play, run_seeds, simulate
from game.sim.planner import Planner
from game.sim.strategies import load_strategy


def same_as_engine(content, scenario, runs, seed=0):
    """The runs where the batch and the engine part: (index, what the engine got, what the batch got)."""
    player = load_strategy("random")
    seeds = [run_seeds(seed, i) for i in range(runs)]
    result = play_batch(content, player, [g for g, _ in seeds], [s for _, s in seeds], scenario)
    wrong = []
    for i, (game_seed, strategy_seed) in enumerate(seeds):
        state = play(content, player, game_seed, strategy_seed, scenario).state
        alone = (state.outcome, state.collapse_kind, state.ending, state.turn, [state.meters[m] for m in content.meters],
                 sorted(e for record in state.history for e in record.drawn), len(state.transitions))
        seen = sorted(e for e, n in zip(tables(content).events, result.seen[i]) for _ in range(n))
        batched = (result.outcome[i], result.kind[i], result.ending[i], int(result.turn[i]), result.meters[i].tolist(),
                   seen, len(result.transitions[i]))
        if alone != batched:
            wrong.append((i, alone, batched))
    return wrong


@pytest.mark.parametrize("scenario", ["default", "after_the_stroke", "classroom"])
def test_every_run_ends_as_the_engine_plays_it(content, scenario):
    assert set(content.scenarios) == {"default", "after_the_stroke", "classroom"}  # a new one joins the list above
    assert same_as_engine(content, scenario, 200, seed=11) == []


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["default", "after_the_stroke", "classroom"])
def test_thousands_of_runs_end_as_the_engine_plays_them(content, scenario):
    assert same_as_engine(content, scenario, 3000) == []


def test_a_run_is_the_same_in_any_batch(content):
    """A run's result does not depend on which other runs share its batch."""
    player = load_strategy("random")
    whole = play_batch(content, player, list(range(40)), list(range(100, 140)))
    part = play_batch(content, player, list(range(20, 30)), list(range(120, 130)))
    assert whole.meters[20:30].tolist() == part.meters.tolist()
    assert whole.outcome[20:30] == part.outcome


def test_round1_is_pythons_round():
    rng = np.random.default_rng(5)
    values = np.concatenate([rng.uniform(-20, 20, 200_000), np.arange(-2000, 2000) / 20 + 1e-15,
                             np.arange(-2000, 2000) / 20, np.arange(-2000, 2000) / 20 - 1e-15])
    assert round1(values).tolist() == [round(v, 1) for v in values.tolist()]


def random_states(content, seed: int) -> Batch:
    """A batch of 300 runs, each in a state of random meters, flags, policy levels and phase."""
    batch = Batch(content, None, list(range(300)), list(range(300)))
    rng = np.random.default_rng(seed)
    batch.meters[:] = np.round(rng.uniform(0, 100, batch.meters.shape), 1)
    batch.flags[:] = rng.random(batch.flags.shape) < 0.4
    batch.levels[:] = rng.integers(0, 3, batch.levels.shape)
    batch.phase[:] = rng.integers(0, len(content.phases), batch.size)
    return batch


def test_compiled_conditions_agree_with_the_engines_on_random_states(content):
    """Every condition of the content, in its array form, gives each state the value the engine's form gives."""
    table = tables(content)
    batch = random_states(content, 1)
    batch.env.moved()
    flag_names = list(table.columns.flags)
    checked = 0
    for source, number in table._known.items():
        condition = compile_condition(source, Vocabulary(frozenset(content.meters), None, frozenset(content.policies),
                                                         frozenset(content.phases)))
        values = np.broadcast_to(np.asarray(batch.env.value(number)), (batch.size,))
        for r in range(0, batch.size, 7):
            ns = dict(zip(content.meters, batch.meters[r].tolist()))
            ns.update(batch.date_parts, phase=table.phase_names[batch.phase[r]])
            flags = {f for f, on in zip(flag_names, batch.flags[r]) if on}
            policies = dict(zip(table.policies, batch.levels[r].tolist()))
            expected = condition.fn(ns, flags, policies)
            assert float(values[r]) == float(expected), (source, r)
            checked += 1
    assert checked > 1000


def test_the_players_stream_is_a_random_generator():
    rng = PlayerRandom(42)
    again = PlayerRandom(42)
    draws = [rng.random() for _ in range(1000)]
    assert draws == [again.random() for _ in range(1000)]
    assert all(0.0 <= u < 1.0 for u in draws)
    assert 0.45 < sum(draws) / len(draws) < 0.55
    picks = [rng.choice("abc") for _ in range(3000)]
    assert {picks.count(c) > 900 for c in "abc"} == {True}
    assert isinstance(rng, random.Random) and 0 <= rng.getrandbits(64) < 2**64
    assert rng.getrandbits(70) < 2**70 and rng.randint(1, 6) in range(1, 7)
    assert PlayerRandom(1).random() != PlayerRandom(2).random()


def test_the_player_and_the_game_do_not_share_a_stream():
    """Run i's game seed and strategy seed are equal for seed 0: their streams must still differ."""
    from game.rules.dice import Dice, seed_state
    game_seed, strategy_seed = run_seeds(0, 5)
    assert game_seed == strategy_seed
    dice = Dice(seed_state(game_seed))
    assert [dice.random() for _ in range(5)] != [PlayerRandom(strategy_seed).random() for _ in range(5)]


def test_what_the_batch_cannot_play_it_says(content):
    assert batch_problem(content) is None
    assert batch_problem(content, "nowhere") == "no scenario 'nowhere'"
    deep = Planner(depth=1)  # it plays its answers' futures on with the cheap default: no array form
    assert "no array form" in batch_problem(content, None, deep)
    with pytest.raises(NotBatchable):
        play_batch(content, deep, [1], [1])


@pytest.mark.parametrize("source", ["exp(unrest / 50) > 1", "sqrt(economy) > 5", "round(unrest) > 3", "unrest ** 2 > 9"])
def test_a_condition_numpy_might_round_differently_is_refused(content, source):
    condition = compile_condition(source, Vocabulary(frozenset(content.meters)))
    with pytest.raises(NotBatchable):
        _Emitter(_Columns(content)).compile(condition)


@pytest.mark.parametrize("name", ["random", "hardliner", "opportunist", "arrows_plan_25", "colours", "policy_21012",
                                  "watcher_plan", "fixer", "landing_watcher", "last", "planner", "alternating",
                                  "walls_until_2009"])
def test_simulate_gives_the_same_report_batched_or_run_by_run(content, name):
    batched = simulate(content, load_strategy(name), 60, seed=4, scenario="after_the_stroke")
    alone = simulate(content, load_strategy(name), 60, seed=4, scenario="after_the_stroke", batch=False)
    one, two = batched.to_json(), alone.to_json()
    one.pop("seconds"), two.pop("seconds")
    assert one == two
    assert batched.endings_by_turn == alone.endings_by_turn and batched.mean_final == alone.mean_final


def test_players_with_no_array_form_play_run_by_run(content):
    """A planner that looks further than a season, or a user's own strategy, plays one run at a time."""
    assert batch_problem(content, None, Planner(policy_depth=2)) is not None
    assert batch_problem(content, None, load_strategy("tests.test_batch:_first_option")) is not None
    for name in ("planner", "alternating", "walls_until_2009"):
        assert batch_problem(content, None, load_strategy(name)) is None, name


def _first_option(game, rng):
    return game.options()[0].id


@pytest.mark.parametrize("name", ["alternating", "walls_until_2009"])
def test_a_player_starts_every_campaign_afresh(content, name):
    """A player plays a campaign the same whether or not it played another before (alternating counts the
    answers of this campaign; walls_until_2009 reads its walls from the date)."""
    fresh = [play(content, load_strategy(name), *run_seeds(3, i)).state for i in range(4)]
    player = load_strategy(name)
    again = [play(content, player, *run_seeds(3, i)).state for i in range(4)]
    assert [s.moves for s in fresh] == [s.moves for s in again]


@pytest.mark.parametrize("name", ["random", "cautious", "landing_reader", "policy_20211", "watcher", "fixer", "third",
                                  "planner", "alternating", "walls_until_2009"])
def test_the_balance_tally_is_the_same_batched_or_run_by_run(content, name):
    """Every count of the balance report: endings, roads, tense seasons, landing seasons, words, dilemmas that follow the run."""
    from game.sim.balance import BATCH_FROM, tally
    batched = tally(content, name, BATCH_FROM, seed=2, first=7)
    alone = tally(content, name, BATCH_FROM, seed=2, first=7, batch=False)
    batched.seconds = alone.seconds = 0.0
    assert batched == alone
    assert batched.runs == BATCH_FROM and batched.met > 0


def test_the_balance_report_plays_the_screen_readers_as_batches():
    from game.sim.balance import batched
    assert batched("random") and batched("arrows") and batched("hardliner") and batched("policy_01210")
    assert batched("watcher") and batched("fixer") and batched("first")
    assert batched("planner") and batched("alternating") and batched("walls_until_2009")


def test_the_policy_sweep_plays_as_one_batch_with_the_same_tallies(content):
    from game.sim.balance import tally, tally_plans
    names = ["policy_00000", "policy_21012", "policy_22222", "policy_10201"]
    together = tally_plans(content, names, 12, seed=5, first=3)
    for name in names:
        alone = tally(content, name, 12, seed=5, first=3, batch=False)
        together[name].seconds = alone.seconds = 0.0
        assert together[name] == alone, name


def test_play_all_gives_each_fixed_plan_its_own_tally(content):
    from game.sim.balance import play_all, tally
    names = ["random", "policy_00000", "policy_22222"]
    totals = play_all(None, names, 10, seed=1, workers=1, counts={"random": 10, "policy_00000": 6, "policy_22222": 6})
    assert set(totals) == set(names) and totals["policy_00000"].runs == 6
    alone = tally(content, "policy_22222", 6, seed=1, batch=False)
    totals["policy_22222"].seconds = alone.seconds = 0.0
    assert totals["policy_22222"] == alone


def test_simulate_plays_many_runs_in_batches_of_a_bounded_size(content, monkeypatch):
    monkeypatch.setattr(game.sim.simulate, "BATCH_RUNS", 7)
    parts = simulate(content, load_strategy("random"), 30, seed=9, scenario="classroom")
    monkeypatch.setattr(game.sim.simulate, "BATCH_RUNS", 10_000)
    whole = simulate(content, load_strategy("random"), 30, seed=9, scenario="classroom")
    one, two = parts.to_json(), whole.to_json()
    one.pop("seconds"), two.pop("seconds")
    assert one == two and parts.mean_final == whole.mean_final


def test_effects_rolled_at_once_are_the_effects_rolled_one_by_one(content):
    """Where no option moves a meter twice, the batch rolls an answer's effects in one step: the same meters
    and the same dice after as rolling them one effect at a time."""
    batch = Batch(content, None, list(range(400)), list(range(400)))
    effects = batch.tables.effects
    distinct = np.flatnonzero(effects.distinct)
    assert ((effects.low != effects.high) & (effects.meter >= 0))[distinct].any()  # some effects draw a range
    rng = np.random.default_rng(3)
    rows = rng.permutation(400)[:300]
    entries = rng.choice(distinct, rows.size)
    batch.meters[:] = rng.uniform(0, 100, batch.meters.shape).round(1)
    meters, dice = batch.meters.copy(), batch.dice.copy()
    batch.roll(rows, effects, entries)
    at_once, dice_at_once = batch.meters.copy(), batch.dice.copy()
    one_by_one = copy.copy(effects)
    one_by_one.distinct = np.zeros_like(effects.distinct)
    batch.meters[:], batch.dice[:] = meters, dice
    batch.roll(rows, one_by_one, entries)
    assert not np.array_equal(at_once, meters)
    assert np.array_equal(at_once, batch.meters) and np.array_equal(dice_at_once, batch.dice)
