"""``soft-landing simulate``: play many campaigns headlessly with one strategy."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from game.commands.common import printable, seed

if TYPE_CHECKING:
    from rich.console import Console

NAME = "simulate"
HELP = "play many campaigns headlessly with a strategy"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=seed, default=0, dest="sim_seed")
    parser.add_argument("--strategy", default="random",
                        help="random, hardliner, reformer, cautious, opportunist, planner, or module:function")
    parser.add_argument("--content", type=Path, default=None, dest="sim_content")
    parser.add_argument("--scenario", default=None, dest="sim_scenario")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace, console: Console) -> int:
    from rich.table import Table

    from game.loader import load_or_raise
    from game.simulate import prepare_for_batch, simulate
    from game.strategies import StrategyError, load_strategy
    try:
        strategy = load_strategy(args.strategy)
    except StrategyError as error:
        console.print(printable(str(error)), style="red", markup=False, highlight=False)
        return 2
    if args.runs < 1:
        console.print("[red]--runs must be at least 1[/]")
        return 2
    content = load_or_raise(args.sim_content)
    if args.sim_scenario and args.sim_scenario not in content.scenarios:
        console.print(f"no scenario '{printable(args.sim_scenario)}' (scenarios: {', '.join(content.scenarios)})",
                      style="red", markup=False, highlight=False)
        return 2
    prepare_for_batch()
    report = simulate(content, strategy, args.runs, args.sim_seed, args.sim_scenario)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
        return 0
    table = Table(title=f"{report.runs} campaigns · strategy {report.strategy} · seed {report.seed} · {report.scenario}")
    table.add_column("ending")
    table.add_column("runs", justify="right")
    table.add_column("share", justify="right")
    for ending, count in report.endings.items():
        table.add_row(ending.replace("_", " "), str(count), f"{count / report.runs:.1%}")
    for kind, count in report.collapse_kinds.items():
        table.add_row(f"  collapse: {kind.replace('_', ' ')}", str(count), f"{count / report.runs:.1%}")
    console.print(table)
    unseen = [e for e, n in report.events_seen.items() if n == 0]
    console.print(f"mean length {report.mean_turns:.1f} turns · {report.runs / report.seconds:,.0f} campaigns/s")
    console.print(f"events never seen: {', '.join(unseen) if unseen else 'none'}")
    return 0
