"""Many campaigns at once: the engine's rules played over arrays, one row a run (numpy).

:func:`play_batch` plays the runs of one scenario side by side, turn by turn, exactly as the engine
plays each alone: the same dice in the same order, the same arithmetic on the same numbers, so every
run ends with the engine's ending, turn and final meters for its seeds (``tests/test_batch.py``
checks it seed by seed). The content's conditions, effects, drift rules, draw weights and guards are
compiled once, to numpy operations over the runs' columns; a run's dice and its player's random
numbers are SplitMix64 states, one per row, which vectorise exactly.

What it cannot play exactly it refuses (:func:`batch_problem` says why), and callers play those
campaigns one by one: a condition with ``exp``, ``log``, ``sqrt``, ``round`` or ``**`` (the last bit
of numpy's functions and the math library's may differ), a class's deck, a player with no array form.

A player here is an *array policy* that chooses for every row at once, drawing from the same stream
:class:`game.rules.dice.PlayerRandom` gives the scalar player: :class:`RandomPolicy` (the random player),
:class:`PositionPolicy` (the fixed habits of position), :class:`ScorePolicy` (the strategies'
personas and the screen personas, with the red bars or the regime panel read first for ``fixer`` and
the watchers) and :class:`PlanPolicy` (random answers, one policy plan a row: the balance report's
sweep), and the planner's look-ahead (game.sim.batch_planner). A user's own strategy has none (:func:`array_policy`).
A batch is as fast as its size allows: a few hundred runs at once or more.

The pieces: game.sim.batch_conditions (the arithmetic and the conditions as array functions),
game.sim.batch_tables (the content as tables), game.sim.batch_engine (the runs' state and the moves),
game.sim.batch_draw (the season's dilemmas), game.sim.batch_result (what the runs came to) and
game.sim.batch_players (the array policies); this module gathers them.
"""


from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from game.rules.model import Content
from game.sim.batch_conditions import (PYTHON_SUM, NotBatchable, _Columns, _Emitter, _mixed, bits, draw,
                                       round1)
from game.sim.batch_engine import Batch
from game.sim.batch_players import (ArrayPolicy, PlanPolicy, PositionPolicy, RandomPolicy, ScorePolicy, _nth_open,
                                    _pick, plan_table)
from game.sim.batch_result import Result, tense_late
from game.sim.batch_tables import Env, Tables, tables

__all__ = ["PYTHON_SUM", "ArrayPolicy", "Batch", "Env", "NotBatchable", "PlanPolicy", "PositionPolicy", "RandomPolicy",
           "Result", "ScorePolicy", "Tables", "_Columns", "_Emitter", "_mixed", "_nth_open", "_pick", "array_policy",
           "batch_problem", "bits", "draw", "plan_table", "play_batch", "play_policy", "round1", "tables", "tense_late"]


def batch_problem(content: Content, scenario: str | None = None, player: object = None) -> str | None:
    """Why these campaigns cannot be played as a batch, or None when they can."""
    if PYTHON_SUM is None:
        return "this Python adds floats in a way the batch does not reproduce"
    if scenario is not None and scenario not in content.scenarios:
        return f"no scenario '{scenario}'"
    try:
        tables(content)
    except NotBatchable as error:
        return str(error)
    if player is not None and array_policy(player, content) is None:
        return f"the player '{getattr(player, 'name', player)}' has no array form"
    return None


def play_policy(content: Content, policy: ArrayPolicy, seeds: Sequence[int], player_seeds: Sequence[int],
                scenario: str | None = None, watch: bool = False) -> Result:
    """Play one campaign per pair of seeds with an array policy, all at once."""
    problem = batch_problem(content, scenario)
    if problem is not None:
        raise NotBatchable(problem)
    with np.errstate(over="ignore"):
        return Batch(content, scenario, seeds, player_seeds, watch).play(policy)


def array_policy(player: object, content: Content | None = None, kind_only: bool = False) -> ArrayPolicy | None:
    """The array form of a simulated player, or None where it has none. A player says which form it has
    with ``array_kind()`` ("random", "position", "persona", "screen", "fixer", "watcher", or None: the planner,
    ``alternating`` and ``walls_until_2009``, whose state outlives a campaign, a user's strategy)."""
    ask = getattr(player, "array_kind", None)
    kind = ask() if callable(ask) else None
    if kind == "random":
        return RandomPolicy()
    if kind == "position":
        return PositionPolicy(player.index)  # type: ignore[attr-defined]
    if kind == "planner":
        if kind_only:
            return ArrayPolicy()
        from game.sim.batch_planner import PlannerPolicy  # it reads the planner, which reads the engine
        return PlannerPolicy(player, content) if content is not None else None  # type: ignore[arg-type]
    if kind in ("persona", "screen", "fixer", "watcher", "alternating"):
        if kind_only:  # whether it has one, without the content to build it for
            return ArrayPolicy()
        return ScorePolicy(player, content) if content is not None else None
    return None


def play_batch(content: Content, player: object, seeds: Sequence[int], player_seeds: Sequence[int],
               scenario: str | None = None, watch: bool = False) -> Result:
    """Play one campaign per pair of seeds, all at once (raises NotBatchable where the batch cannot)."""
    problem = batch_problem(content, scenario, player)
    if problem is not None:
        raise NotBatchable(problem)
    policy = array_policy(player, content)
    assert policy is not None
    with np.errstate(over="ignore"):
        return Batch(content, scenario, seeds, player_seeds, watch).play(policy)
