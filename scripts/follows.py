#!/usr/bin/env python3
"""Which dilemmas follow the run: for each, how often players met it and how often it was told or offered
differently because of what the run did (a variant of its text or of an option's words, or a closed option).

    .venv/bin/python scripts/follows.py                      # random play, 200 campaigns
    .venv/bin/python scripts/follows.py --runs 500 --strategy hardliner --scenario classroom

The total is the figure `soft-landing balance` prints as "dilemmas that follow the run"; the rows show
an author where a dilemma is still told the same whatever the player did.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.sim.balance import Watched  # noqa: E402
from game.content.loader import load_or_raise  # noqa: E402
from game.sim.simulate import play, run_seeds  # noqa: E402
from game.sim.strategies import load_strategy  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--strategy", default="random")
    parser.add_argument("--scenario")
    parser.add_argument("--content")
    args = parser.parse_args()
    content = load_or_raise(args.content)
    counting = Watched(load_strategy(args.strategy))
    for index in range(args.runs):
        game_seed, strategy_seed = run_seeds(0, index)
        play(content, counting, game_seed, strategy_seed, args.scenario)
    met, followed = sum(counting.met.values()), sum(counting.followed.values())
    print(f"{args.strategy}, {args.runs} campaigns: {followed} of {met} dilemmas met followed the run "
          f"({followed / met:.1%})")
    for ident, count in sorted(counting.met.items(), key=lambda kv: counting.followed[kv[0]] / kv[1]):
        print(f"  {ident:28s} met {count:5d}  followed {counting.followed[ident] / count:6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
