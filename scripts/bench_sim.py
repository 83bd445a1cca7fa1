"""Benchmark: campaigns per second for the simulator, the time of one move four ways, and memory as
the number of runs grows.

Prints numbers; asserts nothing. Run: .venv/bin/python scripts/bench_sim.py [--runs N]
"""

from __future__ import annotations

import argparse
import random
import time
import timeit
import tracemalloc

from game import engine
from game.api import Game
from game.content import Content
from game.loader import load_or_raise
from game.simulate import prepare_for_batch, simulate
from game.strategies import load_strategy


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
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--strategies", default="random,hardliner,reformer,cautious,opportunist")
    parser.add_argument("--content", default=None, help="content folder (default: the game's own)")
    args = parser.parse_args()
    calibration = min(timeit.repeat("sum(range(1000))", number=2000, repeat=20)) / 2000
    print(f"this machine now: sum(range(1000)) takes {calibration * 1e6:.1f} us (rates scale with it)")
    started = time.perf_counter()
    content = load_or_raise(args.content)
    print(f"content load: {(time.perf_counter() - started) * 1000:.1f} ms ({len(content.events)} events)")
    move_times(content)
    prepare_for_batch()  # as `soft-landing simulate` does
    for name in args.strategies.split(","):
        strategy = load_strategy(name)
        simulate(content, strategy, 50, 99)  # warm up
        cpu = time.process_time()
        report = simulate(content, strategy, args.runs, 0)
        cpu = time.process_time() - cpu  # CPU time of this process: steadier than wall time on a busy machine
        turns = report.mean_turns * report.runs
        print(f"{name:12s} {report.runs / report.seconds:8,.0f} campaigns/s wall  {report.runs / cpu:8,.0f} per CPU-second  "
              f"{turns / cpu:9,.0f} turns per CPU-second   mean {report.mean_turns:4.1f} turns")
    strategy = load_strategy("random")
    for runs in (200, 2000):
        tracemalloc.start()
        simulate(content, strategy, runs, 0)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak traced memory for {runs:5d} runs: {peak / 1024:8.0f} KiB")


if __name__ == "__main__":
    main()
