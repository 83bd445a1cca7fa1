"""Benchmark of the balance report: the real ``soft-landing balance`` command, timed from outside in wall
time and in the CPU time of all its processes, and campaigns per CPU-second of a few players on one core.

    .venv/bin/python scripts/bench_balance.py              # the full default report (1,000 runs)
    .venv/bin/python scripts/bench_balance.py --runs 200   # quicker
    .venv/bin/python scripts/bench_balance.py --no-command # only the per-player rates

Prints numbers; asserts nothing. On a shared machine read the CPU seconds: the wall time swings with
the load, and the command's own printed time is wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.sim.balance import batched, tally  # noqa: E402
from game.content.loader import load_or_raise  # noqa: E402
from game.sim.simulate import prepare_for_batch  # noqa: E402
from game.sim.weight import decision_weight  # noqa: E402


def cpu_rate(content, name: str, runs: int, batch: bool = True) -> float:
    """Campaigns per CPU-second of this process for one player, as the report tallies them (as one batch where
    the player has an array form, unless ``batch`` is False)."""
    started = time.process_time()
    tally(content, name, runs, batch=batch)
    return runs / (time.process_time() - started)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command(runs: int | None) -> tuple[float, float, dict]:
    """Wall seconds, CPU seconds (the command and its workers) and the JSON report of one real run."""
    program = Path(sys.executable).with_name("soft-landing")
    args = [str(program), "balance", "--json"] + ([] if runs is None else ["--runs", str(runs)])
    cpu, started = children_cpu(), time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=True, cwd=ROOT)
    wall = time.perf_counter() - started
    return wall, children_cpu() - cpu, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=None, help="runs per strategy of the report (default: the command's)")
    parser.add_argument("--no-command", action="store_true", help="skip the real command")
    parser.add_argument("--rate-runs", type=int, default=1000, help="campaigns per player for the one-core rates")
    args = parser.parse_args()
    content = load_or_raise()
    prepare_for_batch()
    print(f"content: {len(content.events)} events, {len(content.policies)} policies; {os.cpu_count()} cores")
    for name in ("random", "hardliner", "arrows", "watcher", "planner"):
        alone = max(10, args.rate_runs // 10) if name == "planner" else args.rate_runs  # the planner is slow alone
        print(f"{name:10} {cpu_rate(content, name, alone, batch=False):8.0f} campaigns per CPU-second "
              "(one core, as tallied, one by one)")
        if batched(name):
            print(f"{name:10} {cpu_rate(content, name, args.rate_runs):8.0f} campaigns per CPU-second "
                  "(one core, as tallied, batched)")
    for states, batch in ((4, False), (60, True)):
        started = time.process_time()
        decision_weight(content, states, batch=batch)
        print(f"{'weight':10} {states / (time.process_time() - started):8.1f} sampled dilemmas per CPU-second "
              f"(the decision weight, {'batched' if batch else 'one by one'}; {states} dilemmas)")
    if args.no_command:
        return
    wall, cpu, report = command(args.runs)
    print(f"balance    {wall:.1f} s wall (the command says {report['seconds']:.1f} s), {cpu:.1f} CPU-seconds over all "
          f"its processes, for {len(report['strategies'])} players"
          f"{' and the decision weight' if report.get('decision_weight') else ''} "
          f"({'default runs' if args.runs is None else f'--runs {args.runs}'})")


if __name__ == "__main__":
    main()
