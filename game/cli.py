"""The ``soft-landing`` command: play (the default), check content, simulate, replay, balance.

Every failure a user can cause (bad content, a missing file, an unknown strategy) ends with a
message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the play path imports neither Rich nor the loader before the title screen is up
    from rich.console import Console


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="soft-landing", description="Soft Landing: Pyongyang 2002-2011, a strategy game after Andrei Lankov's 2004 essay.")
    parser.add_argument("--content", type=Path, default=None, help="content folder (default: the game's own)")
    parser.add_argument("--saves", type=Path, default=None, help="save folder (default: $SOFT_LANDING_SAVES or ./saves)")
    parser.add_argument("--load", type=Path, default=None, metavar="PATH", help="start from a saved game")
    parser.add_argument("--seed", type=int, default=None, help="seed for a new game")
    parser.add_argument("--scenario", default=None, help="scenario id for a new game")
    commands = parser.add_subparsers(dest="command")

    commands.add_parser("play", help="play in the terminal (the default)")

    check = commands.add_parser("check", help="validate a content folder")
    check.add_argument("dir", nargs="?", type=Path, default=None, help="content folder (default: the game's own)")

    sim = commands.add_parser("simulate", help="play many campaigns headlessly with a strategy")
    sim.add_argument("--runs", type=int, default=1000)
    sim.add_argument("--seed", type=int, default=0, dest="sim_seed")
    sim.add_argument("--strategy", default="random", help="random, hardliner, reformer, cautious, opportunist, planner, or module:function")
    sim.add_argument("--content", type=Path, default=None, dest="sim_content")
    sim.add_argument("--scenario", default=None, dest="sim_scenario")
    sim.add_argument("--json", action="store_true", help="print one JSON object")

    replay = commands.add_parser("replay", help="replay a run code or a save file headlessly")
    replay.add_argument("code", help="a run code or the path of a save file")
    replay.add_argument("--content", type=Path, default=None, dest="replay_content")

    balance = commands.add_parser("balance", help="the designer's balance report over every strategy")
    balance.add_argument("--runs", type=int, default=2000)
    balance.add_argument("--seed", type=int, default=0, dest="balance_seed")
    balance.add_argument("--content", type=Path, default=None, dest="balance_content")
    balance.add_argument("--strategies", default=None, help="comma-separated strategies (default: all built in)")
    balance.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in (None, "play"):
        return play(args)
    from rich.console import Console

    from game.loader import ContentError
    console = Console()
    try:
        if args.command == "check":
            return check(args.dir, console)
        if args.command == "simulate":
            return simulate(args, console)
        if args.command == "replay":
            from game.replay import replay_command
            return replay_command(args.code, args.replay_content, console)
        from game.balance import balance_command
        return balance_command(args, console)
    except ContentError as error:
        _print_problems(error.problems, console)
        console.print("[red]The content is invalid.[/] Run [bold]soft-landing check[/] for every problem.")
        return 1
    except KeyboardInterrupt:
        return 130


def _print_problems(problems, console: Console) -> None:
    for problem in problems:
        style = "yellow" if problem.level == "warning" else "red"
        console.print(str(problem), style=style, markup=False, highlight=False, soft_wrap=True)


def check(root: Path | None, console: Console) -> int:
    """Validate a content folder: every problem on its own line; exit 1 on any error."""
    from game.loader import load_content
    content, problems = load_content(root)
    _print_problems(problems, console)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if content is None:
        console.print(f"{errors} error(s), {warnings} warning(s)", style="bold red", highlight=False)
        return 1
    console.print(
        f"ok: {len(content.events)} events, {len(content.policies)} policies, {len(content.scenarios)} scenarios, "
        f"{len(content.endings)} endings, {len(content.transitions)} transitions; {warnings} warning(s)",
        style="green", highlight=False)
    return 0


def simulate(args: argparse.Namespace, console: Console) -> int:
    from rich.table import Table

    from game.loader import load_or_raise
    from game.simulate import prepare_for_batch
    from game.simulate import simulate as run
    from game.strategies import StrategyError, load_strategy
    try:
        strategy = load_strategy(args.strategy)
    except StrategyError as error:
        console.print(f"[red]{error}[/]")
        return 2
    if args.runs < 1:
        console.print("[red]--runs must be at least 1[/]")
        return 2
    content = load_or_raise(args.sim_content)
    if args.sim_scenario and args.sim_scenario not in content.scenarios:
        console.print(f"[red]no scenario '{args.sim_scenario}'[/] (scenarios: {', '.join(content.scenarios)})")
        return 2
    prepare_for_batch()
    report = run(content, strategy, args.runs, args.sim_seed, args.sim_scenario)
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


def play(args: argparse.Namespace) -> int:
    from game.places import saves_dir
    from game.tui.app import run  # the content loads behind the title screen; its problems are shown there
    saves = saves_dir(args.saves)
    try:
        return run(content_dir=args.content, saves_dir=saves, load_path=args.load, seed=args.seed, scenario=args.scenario)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
