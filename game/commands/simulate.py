"""``soft-landing simulate``: play many campaigns headlessly with one strategy."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import add_mod_argument, printable, seed

if TYPE_CHECKING:
    from rich.console import Console

NAME = "simulate"
HELP = N_("play many campaigns headlessly with a strategy")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=seed, default=0, dest="sim_seed")
    parser.add_argument("--strategy", default="random",
                        help=_("random, hardliner, reformer, cautious, opportunist, planner, or module:function"))
    parser.add_argument("--content", type=Path, default=None, dest="sim_content")
    add_mod_argument(parser)
    parser.add_argument("--scenario", default=None, dest="sim_scenario")
    parser.add_argument("--json", action="store_true", help=_("print one JSON object"))
    parser.add_argument("--codes", type=Path, default=None, metavar="FILE",
                        help=_("write every simulated run's code to FILE, one a line as 'Run N: CODE' (a debrief reads it)"))
    parser.add_argument("--class", default=None, dest="sim_class", metavar="CODE",
                        help=_("with --codes: play the runs as students of this class code (its scenario, seed and deck)"))


def run(args: argparse.Namespace, console: Console) -> int:
    from rich.table import Table

    from game.i18n import number
    from game.content.loader import load_or_raise
    from game.sim.simulate import prepare_for_batch, simulate
    from game.sim.strategies import StrategyError, load_strategy
    try:
        strategy = load_strategy(args.strategy)
    except StrategyError as error:
        console.print(printable(str(error)), style="red", markup=False, highlight=False)
        return 2
    if args.runs < 1:
        console.print(_("[red]--runs must be at least 1[/]"))
        return 2
    if args.sim_class and not args.codes:
        console.print(_("[red]--class needs --codes FILE[/] (the runs of a class are written as codes)"))
        return 2
    content = load_or_raise(args.sim_content, mods=args.mods)
    if args.sim_scenario and args.sim_scenario not in content.scenarios:
        console.print(_("no scenario '{name}' (scenarios: {known})").format(name=printable(args.sim_scenario),
                                                                            known=", ".join(content.scenarios)),
                      style="red", markup=False, highlight=False)
        return 2
    if args.codes is not None:
        status = write_codes(args, content, strategy, console)
        if status or args.sim_class:
            return status
    prepare_for_batch()
    report = simulate(content, strategy, args.runs, args.sim_seed, args.sim_scenario)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
        return 0
    table = Table(title=_("{runs} campaigns · strategy {strategy} · seed {seed} · {scenario}").format(
        runs=report.runs, strategy=report.strategy, seed=report.seed, scenario=report.scenario))
    table.add_column(_("ending"))
    table.add_column(_("runs"), justify="right")
    table.add_column(_("share"), justify="right")
    for ending, count in report.endings.items():
        table.add_row(ending.replace("_", " "), str(count), f"{count / report.runs:.1%}")
    for kind, count in report.collapse_kinds.items():
        table.add_row(_("  collapse: {kind}").format(kind=kind.replace("_", " ")), str(count), f"{count / report.runs:.1%}")
    console.print(table)
    texts = Table(title=_("Ending texts reached (by id)"), title_justify="left")
    texts.add_column(_("ending id"))
    texts.add_column(_("outcome"))
    texts.add_column(_("runs"), justify="right")
    texts.add_column(_("share"), justify="right")
    outcome = {e.id: e.outcome.replace("_", " ") + (f" ({e.kind.replace('_', ' ')})" if e.kind else "") for e in content.endings}
    for ident, count in report.ending_ids.items():
        texts.add_row(ident, outcome.get(ident, ""), str(count), f"{count / report.runs:.1%}")
    console.print(texts)
    unseen = [e for e, n in report.events_seen.items() if n == 0]
    console.print(_("mean length {turns} turns · {speed} campaigns/s").format(
        turns=number(report.mean_turns, 1), speed=number(report.runs / report.seconds)))
    console.print(_("dilemmas never seen: {ids}").format(ids=", ".join(unseen) if unseen else _("none")))
    return 0


def write_codes(args: argparse.Namespace, content, strategy, console: Console) -> int:
    """Write the run code of every run of the batch (the same runs the report counts), or of a
    class's runs with ``--class``; 0 when written."""
    from collections import Counter

    from game.files.replay import CodeError, encode_run, read_code
    from game.sim.simulate import play, run_seeds

    scenario, seed, deck = args.sim_scenario, args.sim_seed, 0
    if args.sim_class:
        try:
            run = read_code(args.sim_class)
        except CodeError as error:
            console.print(f"--class: {error}", style="red", markup=False, highlight=False, soft_wrap=True)
            return 2
        scenarios = sorted(content.scenarios)
        if run.scenario >= len(scenarios) or not run.deck:
            console.print(_("--class: not a class code of this content"), style="red", markup=False, highlight=False, soft_wrap=True)
            return 2
        scenario, seed, deck = scenarios[run.scenario], run.seed, run.deck
    lines: list[str] = []
    endings: Counter[str] = Counter()
    for index in range(args.runs):
        game_seed, strategy_seed = run_seeds(args.sim_seed, index)  # a class's students: its seed, their own dice
        game = play(content, strategy, seed if deck else game_seed, strategy_seed, scenario, deck)
        endings[(game.state.outcome or "").replace("_", " ")] += 1
        lines.append(f"Run {index + 1}: {encode_run(game)}")
    try:
        args.codes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as error:
        console.print(_("{file}: cannot write the codes ({error})").format(file=args.codes, error=error.strerror or error),
                      style="red", markup=False,
                      highlight=False, soft_wrap=True)
        return 1
    summary = ", ".join(f"{n} {name}" for name, n in endings.most_common())
    console.print(_("wrote {count} run codes to {file} ({summary})").format(count=len(lines), file=args.codes, summary=summary),
                  markup=False, highlight=False, soft_wrap=True)
    return 0
