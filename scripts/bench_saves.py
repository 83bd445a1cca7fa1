"""Benchmark saves: save and load a finished campaign that ran its full length, and size its file and run code.

    .venv/bin/python scripts/bench_saves.py [--repeat N] [--content DIR]

Budgets (issue 5): save and load each under 20 ms, the file under 200 KB. Each time is the median
of N runs; the minimum and the median processor time are shown too, because on a busy machine the
wall-clock median wanders (saving's processor time leaves out the wait for fsync). Exit 1 if over
budget.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from game.api import Game
from game.content.loader import load_or_raise
from game.files.saves import game_from_code, load_game, run_code, save_game
from game.sim.simulate import play
from game.sim.strategies import load_strategy

BUDGET_MS = 20.0
BUDGET_BYTES = 200_000


def full_campaign(content_dir: Path | None) -> Game:
    """The first campaign (strategy by strategy, seed by seed) that lasts every turn of the scenario."""
    content = load_or_raise(content_dir)
    for name in ("cautious", "hardliner", "opportunist", "reformer", "random"):
        strategy = load_strategy(name)
        for seed in range(200):
            game = play(content, strategy, seed, seed)
            if game.state.turn == game.state.last_turn:
                return game
    raise SystemExit("no campaign lasted the full scenario; cannot benchmark a finished campaign")


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Median and minimum wall time, and median processor time, in milliseconds."""
    action()  # warm caches (converter hooks, content index)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(times), min(times), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--content", type=Path, default=None)
    args = parser.parse_args(argv)
    game = full_campaign(args.content)
    state = game.state
    with tempfile.TemporaryDirectory() as folder:
        path = save_game(game, "Benchmark", Path(folder))
        save_ms = timed(lambda: save_game(game, "Benchmark", Path(folder), overwrite=True), args.repeat)
        load_ms = timed(lambda: load_game(path, game.content), args.repeat)
        size = path.stat().st_size
        assert load_game(path, game.content).state == state
    code = run_code(game)
    encode_ms = timed(lambda: run_code(game), args.repeat)
    decode_ms = timed(lambda: game_from_code(code, game.content), args.repeat)
    assert game_from_code(code, game.content).state == state
    print(f"campaign: seed {state.seed}, {state.turn} turns, {len(state.moves)} moves, "
          f"{sum(len(r.changes) for r in state.history)} meter changes, ended in {state.outcome}")
    rows = [("save", save_ms, BUDGET_MS), ("load", load_ms, BUDGET_MS),
            ("run code: make", encode_ms, None), ("run code: replay", decode_ms, None)]
    over = False
    for label, (median, fastest, cpu), budget in rows:
        mark = "" if budget is None else (" ok" if median < budget else f" OVER {budget:g} ms")
        over |= budget is not None and median >= budget
        print(f"{label:18} median {median:6.2f} ms   min {fastest:6.2f} ms   processor {cpu:6.2f} ms{mark}")
    print(f"{'save file':18} {size:,} bytes ({size / 1000:.1f} KB){' ok' if size < BUDGET_BYTES else ' OVER 200 KB'}")
    print(f"{'run code':18} {len(code)} characters: {code}")
    return 1 if over or size >= BUDGET_BYTES else 0


if __name__ == "__main__":
    sys.exit(main())
