"""The planner's array form plays the planner's game: for every seed, the same ending, turn and final meters as
the planner playing that run alone, and the decision weight is the same played as one batch or run by run.

Exact equality holds because the array form does the planner's arithmetic in the planner's order and draws
its futures' dice in the planner's order; its exponentials are math.exp's, value by value, because numpy's
exp can part from it in the last bit (checked on its own below, so that a failure says which it was)."""

import inspect
import math

import numpy as np
import pytest

from game.sim import batch_planner
from game.sim.batch import play_batch
from game.sim.batch_planner import exact_exp
from game.sim.planner import Planner
from game.sim.simulate import play, run_seeds
from game.sim.weight import decision_weight


def test_the_batch_takes_its_exponentials_from_the_math_library_as_the_planner_does():
    """numpy's exp may part from math.exp in the last digit (numpy 2.4 on some processors: about one value
    in twenty here), so the batch must not use it where the planner calls math.exp."""
    gaps = np.concatenate([np.arange(0, 2001) / 10, np.random.default_rng(3).uniform(0, 200, 20_000)])
    values = -gaps / 7.0
    assert exact_exp(values).tolist() == [math.exp(v) for v in values.tolist()]
    assert exact_exp(values.reshape(-1, 1)).shape == (values.size, 1)
    source = inspect.getsource(batch_planner)
    assert "np.exp(" not in source, "the batched planner calls numpy's exp, which may part from math.exp"


def planners():
    return {"planner": Planner, "follower": lambda: Planner(depth=0, samples=1, policies_in_trouble_only=False),
            "no season": lambda: Planner(policy_depth=0, samples=3)}


def parted(content, make, scenario, runs, seed):
    """The runs where the batch and the planner alone part: (index, alone, batched)."""
    seeds = [run_seeds(seed, i) for i in range(runs)]
    result = play_batch(content, make(), [g for g, _ in seeds], [s for _, s in seeds], scenario)
    wrong = []
    for i, (game_seed, strategy_seed) in enumerate(seeds):
        state = play(content, make(), game_seed, strategy_seed, scenario).state
        alone = (state.outcome, state.ending, state.turn, [state.meters[m] for m in content.meters])
        batched = (result.outcome[i], result.ending[i], int(result.turn[i]), result.meters[i].tolist())
        if alone != batched:
            wrong.append((i, alone, batched))
    return wrong


@pytest.mark.parametrize("scenario", ["default", "after_the_stroke", "classroom"])
@pytest.mark.parametrize("kind", sorted(planners()))
def test_the_batched_planner_plays_as_the_planner_alone(content, scenario, kind):
    assert parted(content, planners()[kind], scenario, 30, seed=21) == []


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["default", "after_the_stroke", "classroom"])
def test_hundreds_of_planner_runs_end_as_the_planner_plays_them(content, scenario):
    for make in planners().values():
        assert parted(content, make, scenario, 400, seed=0) == []


def test_the_batched_planner_lands_and_falls(content):
    """Not a planner that never looks: over a few dozen runs it lands softly, and some of its runs collapse."""
    seeds = [run_seeds(8, i) for i in range(60)]
    result = play_batch(content, Planner(), [g for g, _ in seeds], [s for _, s in seeds])
    assert 0 < result.outcome.count("soft_landing") < 60 and result.picks.sum() > 60 * 30


@pytest.mark.parametrize("scenario", [None, "after_the_stroke"])
def test_the_decision_weight_is_the_same_batched_or_run_by_run(content, scenario):
    batched = decision_weight(content, 5, seed=3, first=2, rollouts=4, scenario=scenario)
    alone = decision_weight(content, 5, seed=3, first=2, rollouts=4, scenario=scenario, batch=False)
    assert batched == alone
    assert batched.states >= 3 and len(batched.spreads) == batched.states
