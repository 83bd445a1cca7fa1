"""The batch's pieces that stand for a scalar one, checked value for value against it: the draw by weight, the
nth open option, the conditions worked out together, and the in-place clamp."""

import numpy as np

from game.rules.dice import Dice
from game.sim.batch_conditions import _clamped_add, _Emitter, _pick_weighted, draw
from game.sim.batch_fused import compile_fused
from game.sim.batch_players import _nth_open
from game.sim.batch_tables import tables
from test_batch import random_states


def test_the_draw_by_weight_is_the_dices_on_pools_with_gaps_and_ties():
    rng = np.random.default_rng(7)
    for _ in range(200):
        events, runs = int(rng.integers(1, 25)), int(rng.integers(1, 40))
        pool = rng.choice([0.0, 0.5, 1.0, 1.5, 2.0, 3.7], size=(events, runs)) * (rng.random((events, runs)) < 0.6)
        pool[int(rng.integers(0, events)), :] += 0.25  # every run has some event with a weight
        states = rng.integers(0, 2**63, runs).astype(np.uint64)
        expected = []
        for run in range(runs):
            dice = Dice(int(states[run]))
            expected.append(dice.pick_weighted(pool[:, run].tolist()))
        assert _pick_weighted(draw(states, slice(None)), pool).tolist() == expected


def test_the_nth_open_option_is_the_nth_of_the_open_ones():
    rng = np.random.default_rng(8)
    open_ = rng.random((500, 5)) < 0.6
    open_[:, 2] |= ~open_.any(axis=1)
    counts = open_.sum(axis=1)
    nth = (rng.random(500) * counts).astype(np.int64)
    expected = [[k for k in range(5) if row[k]][n] for row, n in zip(open_.tolist(), nth.tolist())]
    assert _nth_open(open_, nth).tolist() == expected


def test_conditions_worked_out_together_give_each_its_own_value(content):
    """Every condition of the content in one fused call (its shared parts once) gives what it gives alone."""
    table = tables(content)
    batch = random_states(content, 2)
    conditions = table._conditions
    emitter = _Emitter(table.columns)
    columns = (batch.meters, batch.flags, batch.levels, batch.phase, batch.date_parts)
    together = compile_fused(emitter, conditions)(*columns)
    assert len(together) == len(conditions) > 100
    for condition, value in zip(conditions, together):
        alone = emitter.compile(condition)(*columns)
        assert np.array_equal(np.broadcast_to(value, (batch.size,)), np.broadcast_to(alone, (batch.size,))), condition.source
    truths = table.fused(table.guards)(batch)
    assert [t.tolist() for t in truths] == [batch.env.truth(g).tolist() for g in table.guards]


def test_the_in_place_clamp_is_min_of_max():
    rng = np.random.default_rng(3)
    column = np.round(rng.uniform(0, 100, 10_000), 1)
    amount = np.round(rng.uniform(-30, 30, 10_000), 1)
    expected = [min(max(v + a, 0.0), 100.0) for v, a in zip(column.tolist(), amount.tolist())]
    _clamped_add(column, amount)
    assert column.tolist() == expected
