"""Benchmark of the balance machinery: campaigns per second, planner decisions per second, the full
balance report's wall time on every core, and memory against the number of runs.

    .venv/bin/python scripts/bench_balance.py            # the full report of 2,000 runs
    .venv/bin/python scripts/bench_balance.py --runs 500 # quicker
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.balance import DEFAULT_STRATEGIES, play_all, runs_for, tally  # noqa: E402
from game.loader import load_or_raise  # noqa: E402
from game.planner import Planner  # noqa: E402
from game.simulate import play, run_seeds  # noqa: E402


def campaigns_per_second(content, name: str, runs: int) -> float:
    started = time.perf_counter()
    tally(content, name, runs)
    return runs / (time.perf_counter() - started)


def planner_speed(content, runs: int) -> tuple[float, float]:
    planner = Planner()
    started = time.perf_counter()
    for index in range(runs):
        game_seed, strategy_seed = run_seeds(0, index)
        play(content, planner, game_seed, strategy_seed)
    seconds = time.perf_counter() - started
    return planner.decisions / seconds, runs / seconds


def peak_memory(content, runs: int) -> int:
    tracemalloc.start()
    tally(content, "random", runs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2000, help="runs per strategy of the full report")
    args = parser.parse_args()
    content = load_or_raise()
    print(f"content: {len(content.events)} events, {len(content.policies)} policies; {os.cpu_count()} cores")
    for name in ("random", "hardliner", "reformer", "first"):
        print(f"{name:10} {campaigns_per_second(content, name, 400):8.0f} campaigns/s on one core")
    decisions, campaigns = planner_speed(content, 6)
    print(f"planner    {decisions:8.0f} decisions/s ({campaigns:.2f} campaigns/s) on one core")
    small, large = peak_memory(content, 100), peak_memory(content, 1000)
    print(f"memory     peak {small / 1e6:.2f} MB over 100 runs, {large / 1e6:.2f} MB over 1,000 runs (flat: counts only)")
    counts = {name: runs_for(name, args.runs) for name in DEFAULT_STRATEGIES}
    started = time.perf_counter()
    totals = play_all(None, DEFAULT_STRATEGIES, args.runs, counts=counts)
    seconds = time.perf_counter() - started
    core = sum(t.seconds for t in totals.values())
    print(f"balance    {seconds:.1f} s wall for the full report ({', '.join(f'{n} {c}' for n, c in counts.items())} runs); "
          f"{core:.1f} core-seconds")
    for name, t in totals.items():
        print(f"  {name:11} survival {t.share('survival'):6.1%}  soft landing {t.share('soft_landing'):6.1%}  "
              f"collapse {t.share('collapse'):6.1%}  ({t.seconds:.1f} core-s)")


if __name__ == "__main__":
    main()
