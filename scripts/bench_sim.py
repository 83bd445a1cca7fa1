"""Benchmark: campaigns per second for the simulator, and memory as the number of runs grows.

Prints numbers; asserts nothing. Run: .venv/bin/python scripts/bench_sim.py [--runs N]
"""

from __future__ import annotations

import argparse
import time
import timeit
import tracemalloc

from game.loader import load_or_raise
from game.simulate import prepare_for_batch, simulate
from game.strategies import load_strategy


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
