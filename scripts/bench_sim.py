"""Benchmark: campaigns per CPU-second for each way of playing many campaigns (run by run through the
engine, and batched with game.batch where the player has an array form), beside a rough numpy
model of the same shape of turn run in the same process, the time of one move four ways, and memory
as the number of runs grows.

Rates are per CPU-second of this process (``time.process_time``): on a shared machine wall time
swings with the load, CPU time much less. The calibration line is a fixed piece of pure Python timed
in CPU time too, so two runs can be compared: a rate that moves with it moved with the machine.

Prints numbers; asserts nothing. Run: .venv/bin/python scripts/bench_sim.py [--runs N]
"""

from __future__ import annotations

import argparse
import random
import time
import timeit
import tracemalloc
from functools import partial

import numpy as np

from game.rules import engine
from game.api import Game
from game.rules.model import Content
from game.content.loader import load_or_raise
from game.sim.batch import batch_problem
from game.sim.simulate import prepare_for_batch, simulate
from game.sim.strategies import load_strategy

_GOLDEN, _MIX1, _MIX2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)


def _uniform(state: np.ndarray) -> np.ndarray:
    """SplitMix64 over an array of per-run states, in place: one float in [0, 1) per run."""
    state += _GOLDEN
    z = state ^ (state >> _S30)
    z *= _MIX1
    z ^= z >> _S27
    z *= _MIX2
    z ^= z >> _S31
    return (z >> _S11).astype(np.float64) * (1.0 / (1 << 53))


def numpy_model(runs: int, turns: int = 36, meters: int = 9, events: int = 75, drift: int = 21, seed: int = 0) -> None:
    """A rough model of the shape of a turn, batched over ``runs`` campaigns with numpy: not the game's
    rules, but as much work as they ask of a batched engine. Each turn: every event's weight from a
    condition and a modifier, one event drawn by weight, its effects rolled on every meter and clamped,
    eight policy upkeep rolls, ``drift`` rules of a few array operations each, five guards with streaks,
    and the runs that ended leave the batch."""
    gen = np.random.default_rng(seed)
    low = gen.uniform(-6, 2, (events, meters))
    high = low + gen.uniform(0, 6, (events, meters))
    base = gen.uniform(0.5, 2, events)
    upkeep = gen.uniform(-1, 1, (8, meters))
    state = np.arange(runs, dtype=np.uint64) * _GOLDEN
    values = np.full((runs, meters), 50.0)
    streak = np.zeros((runs, 5), dtype=np.int64)
    alive = np.ones(runs, dtype=bool)
    rows = np.arange(runs)
    for _ in range(turns):
        if not alive.any():
            break
        live = rows[alive]
        m, rng = values[live], state[live]
        weights = base * np.where(m[:, :1] > 40, 1.5, 1.0) * np.where(m[:, 1:2] < 60, 1.0, 0.5)
        total = np.cumsum(weights, axis=1)
        picked = np.argmax(total > (_uniform(rng) * total[:, -1])[:, None], axis=1)
        spread = high[picked] - low[picked]
        for meter in range(meters):
            m[:, meter] += np.round(low[picked, meter] + spread[:, meter] * _uniform(rng), 1)
        for roll in upkeep:
            m += roll
        np.clip(m, 0.0, 100.0, out=m)
        for rule in range(drift):
            a, b = m[:, rule % meters], m[:, (rule * 5 + 2) % meters]
            m[:, rule % meters] = np.clip(a + np.maximum(0.0, b - 50.0) * 0.01 - np.minimum(a, 62.0) * 0.002, 0.0, 100.0)
        held = np.stack([m[:, 0] < 10, m[:, 1] > 90, (m[:, 2] < 15) & (m[:, 3] > 80), m[:, 4] > 95, m[:, 5] < 5], axis=1)
        streak[live] = np.where(held, streak[live] + 1, 0)
        ended = (streak[live] >= 2).any(axis=1)
        values[live], state[live] = m, rng
        alive[live[ended]] = False


MODEL_RUNS = 4000


def cpu_rate(play, runs: int) -> float:
    """Campaigns per CPU-second of ``play(runs)`` (this process's processor time, best of two)."""
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        play(runs)
        best = min(best, time.process_time() - started)
    return runs / best


def paired_rates(play, runs: int, rounds: int = 3) -> tuple[float, float]:
    """Campaigns per CPU-second of ``play(runs)`` and of the numpy model playing as many campaigns, measured
    in turn ``rounds`` times and the best of each kept: a processor whose speed drifts (a shared or virtual
    machine) moves both alike, so their ratio holds where two rates measured minutes apart do not. Both play
    the same number of runs in one batch, since a batch's fixed cost a turn is spread over its runs."""
    best, model = float("inf"), float("inf")
    for _ in range(rounds):
        started = time.process_time()
        numpy_model(runs)
        model = min(model, time.process_time() - started)
        started = time.process_time()
        play(runs)
        best = min(best, time.process_time() - started)
    return runs / best, runs / model


def calibration() -> float:
    """Microseconds of CPU time for a fixed piece of pure Python (sum(range(1000))), the best of 20."""
    best = float("inf")
    for _ in range(20):
        started = time.process_time()
        for _ in range(2000):
            sum(range(1000))
        best = min(best, time.process_time() - started)
    return best / 2000 * 1e6


def move_times(content: Content, campaigns: int = 40, repeat: int = 15) -> None:
    """Microseconds a move, the best of ``repeat`` replays of the same recorded campaigns: on a live
    state through the engine (simulations), through Game.play (loading a save, reading a run code,
    which also keeps the season starts), through Game.play reading the state after every move (the
    terminal), and frozen step by step (engine.after)."""
    runs = []
    for seed in range(campaigns):
        game, rng = Game.new(content, None, seed), random.Random(seed)
        while not game.over:
            while game.dilemma is not None:
                game.answer(rng.choice(game.options()).id)
            game.end_season()
        runs.append((game.state.scenario, seed, game.state.moves))
    moves = sum(len(m) for _, _, m in runs)

    def live() -> None:
        for scenario, seed, recorded in runs:
            state = engine.begin(content, scenario, seed)
            for move in recorded:
                engine.play(content, state, move)

    def game_play(read: bool) -> None:
        for scenario, seed, recorded in runs:
            game = Game.new(content, scenario, seed)
            for move in recorded:
                game.play(move)
                if read:
                    game.state  # noqa: B018 - the read is what is measured

    def frozen() -> None:
        for scenario, seed, recorded in runs:
            state = engine.new_game(content, scenario, seed)
            for move in recorded:
                state = engine.after(content, state, move)
    for name, run in [("engine, live state", live), ("Game.play", lambda: game_play(False)),
                      ("Game.play + state", lambda: game_play(True)), ("engine.after, frozen", frozen)]:
        best = min(timeit.repeat(run, number=1, repeat=repeat))
        print(f"move time, {name:22s} {best / moves * 1e6:6.1f} us  ({moves} moves)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1000, help="campaigns per strategy (the planner one by one plays a tenth)")
    parser.add_argument("--strategies", default="random,arrows,hardliner,opportunist,planner")
    parser.add_argument("--content", default=None, help="content folder (default: the game's own)")
    parser.add_argument("--moves", action="store_true", help="also time one move four ways")
    args = parser.parse_args()
    print(f"calibration: sum(range(1000)) takes {calibration():.1f} us of CPU time (rates scale with it)")
    started = time.process_time()
    content = load_or_raise(args.content)
    print(f"content load: {(time.process_time() - started) * 1000:.1f} ms CPU ({len(content.events)} events)")
    if args.moves:
        move_times(content)
    prepare_for_batch()  # as `soft-landing simulate` does
    model = cpu_rate(numpy_model, MODEL_RUNS)
    print(f"{'numpy model':12s} {model:8,.0f} campaigns per CPU-second (the same shape of turn, not the rules)")
    for name in args.strategies.split(","):
        strategy = load_strategy(name)
        simulate(content, strategy, 10, 99)  # warm up (and compile the batch's tables)
        paths = [("one by one", False)] + ([("batched", True)] if batch_problem(content, None, strategy) is None else [])
        for path, batched in paths:
            runs = max(20, args.runs // 10) if name == "planner" and not batched else args.runs
            play = partial(simulate, content, strategy, seed=0, batch=batched)
            if batched:  # the ratio that counts: the model measured beside it, in turn
                rate, beside = paired_rates(play, runs)
                print(f"{name:12s} {rate:8,.0f} campaigns per CPU-second  ({rate / beside:5.3f} of the model measured "
                      f"in turn with it, {beside:,.0f}; {runs} runs, {path})")
            else:
                rate = cpu_rate(play, runs)
                print(f"{name:12s} {rate:8,.0f} campaigns per CPU-second  ({rate / model:5.3f} of the model; {runs} runs, {path})")
    strategy = load_strategy("random")
    for runs in (200, 2000):
        tracemalloc.start()
        simulate(content, strategy, runs, 0)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak traced memory for {runs:5d} runs: {peak / 1024:8.0f} KiB")


if __name__ == "__main__":
    main()
