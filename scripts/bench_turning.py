"""Benchmark of the report's turning points: CPU seconds to find them for full campaigns.

The target is at most 3 s for a full campaign's report. The runs are played first (not timed): the
first campaigns of random play that last to the scenario's end (the longest runs, with the most
decisions to screen), then a few that collapse early. For each, the turning points are found afresh
(the cache emptied), then the whole report is written as Markdown and HTML, and the CPU time of each
printed (process time: the machine may be shared). The engine's own rate in the same run, random
campaigns per CPU-second, says how busy the machine was.

    .venv/bin/python scripts/bench_turning.py              # 5 full campaigns, 2 short ones
    .venv/bin/python scripts/bench_turning.py --full 10 --short 0
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.api import Game  # noqa: E402
from game.content.loader import load_or_raise  # noqa: E402
from game.sim import turning  # noqa: E402
from game.sim.simulate import play  # noqa: E402
from game.sim.strategies import load_strategy  # noqa: E402
from game.views import report, report_html  # noqa: E402

TARGET = 3.0


def runs(content, full: int, short: int) -> list[Game]:
    """The first ``full`` random campaigns that reach the scenario's end, and ``short`` that end before its half."""
    found: list[Game] = []
    long_runs = short_runs = 0
    seed = 0
    while long_runs < full or short_runs < short:
        seed += 1
        game = play(content, load_strategy("random"), seed, seed)
        state = game.state
        if state.turn == state.last_turn and long_runs < full:
            found.append(game)
            long_runs += 1
        elif state.turn < state.last_turn // 2 and short_runs < short:
            found.append(game)
            short_runs += 1
    return found


def engine_rate(content, campaigns: int = 60) -> float:
    """Random campaigns per CPU-second, in this run."""
    started = time.process_time()
    for seed in range(campaigns):
        play(content, load_strategy("random"), 10_000 + seed, seed)
    return campaigns / (time.process_time() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", type=int, default=5, help="campaigns that last to the end")
    parser.add_argument("--short", type=int, default=2, help="campaigns that end before half way")
    args = parser.parse_args()
    content = load_or_raise()
    games = runs(content, args.full, args.short)
    rate = engine_rate(content)
    print(f"stages (decisions kept, rollouts an option): {turning.STAGES}; continuation player: {turning.PLAYER}")
    print(f"engine: {rate:.0f} random campaigns per CPU-second in this run")
    print(f"{'seed':>5} {'turns':>6} {'decisions':>9} {'rollouts':>8} {'per CPU-s':>9} {'turning s':>9} {'report s':>8}")
    worst = 0.0
    full_times: list[float] = []
    for game in games:
        turning.forget()
        started = time.process_time()
        found = turning.turning_points(game, turning.continuation(content))
        seconds = time.process_time() - started
        turning.forget()
        started = time.process_time()
        report.markdown(game)
        report_html.html(game)
        whole = time.process_time() - started
        state = game.state
        if state.turn == state.last_turn:
            full_times.append(whole)
        worst = max(worst, whole)
        print(f"{state.seed:>5} {state.turn:>6} {found.decisions:>9} {found.played:>8} {found.played / seconds:>9.0f} "
              f"{seconds:>9.2f} {whole:>8.2f}")
    if full_times:
        mean = sum(full_times) / len(full_times)
        print(f"full campaigns: the report with its turning points takes {mean:.2f} CPU-s on average, "
              f"{max(full_times):.2f} at most; the target is {TARGET:.1f} s ({TARGET - max(full_times):+.2f} s to spare at worst)")
    print(f"worst of all: {worst:.2f} CPU-s")


if __name__ == "__main__":
    main()
