"""``soft-landing balance``: the designer's report over every strategy, on every core."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from game.balance import DEFAULT_STRATEGIES, RARE, Tally, health, play_all, runs_for, years_of
from game.commands.common import printable, seed
from game.content import OUTCOMES, Content
from game.loader import load_or_raise

if TYPE_CHECKING:
    from rich.console import Console

NAME = "balance"
HELP = "the designer's balance report over every strategy"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=seed, default=0, dest="balance_seed")
    parser.add_argument("--content", type=Path, default=None, dest="balance_content")
    parser.add_argument("--strategies", default=None, help="comma-separated strategies (default: all built in)")
    parser.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, console: Console) -> int:
    return balance_command(args, console)


def balance_command(args, console) -> int:
    """``soft-landing balance``: play every strategy and print the designer's report."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from game.strategies import BUILT_IN, POSITIONAL
    names = [s.strip() for s in args.strategies.split(",") if s.strip()] if args.strategies else list(DEFAULT_STRATEGIES)
    unknown = [n for n in names if n not in BUILT_IN and n not in POSITIONAL]
    if unknown:
        console.print(f"unknown strategy {printable(', '.join(unknown))} (built in: {', '.join([*BUILT_IN, *POSITIONAL])})",
                      style="red", markup=False, highlight=False)
        return 2
    if args.runs < 1:
        console.print("[red]--runs must be at least 1[/]")
        return 2
    content = load_or_raise(args.balance_content)
    counts = {n: runs_for(n, args.runs) for n in names}
    started = time.perf_counter()
    if args.json:
        totals = play_all(args.balance_content, names, args.runs, args.balance_seed, counts=counts)
    else:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            tasks = {n: bar.add_task(f"{n:<12}", total=counts[n]) for n in names}
            totals = play_all(args.balance_content, names, args.runs, args.balance_seed, counts=counts,
                              progress=lambda name, done: bar.advance(tasks[name], done))
    elapsed = time.perf_counter() - started
    years = years_of(content)
    found = health(content, totals)
    if args.json:
        print(json.dumps({"seed": args.balance_seed, "seconds": round(elapsed, 2),
                          "strategies": {n: totals[n].to_json(years) for n in names}, "health": found}, indent=2))
        return 0
    _print_report(console, content, totals, names, years, found, elapsed, args.balance_seed)
    return 0


def _print_report(console, content: Content, totals: dict[str, Tally], names: list[str], years: list[int],
                  found: dict[str, list[str]], elapsed: float, seed: int) -> None:
    from rich.table import Table

    table = Table(title=f"Balance · seed {seed} · {elapsed:.1f}s · shares with 95% intervals", title_justify="left")
    table.add_column("strategy")
    table.add_column("runs", justify="right")
    for outcome in OUTCOMES:
        table.add_column(outcome.replace("_", " "), justify="right", no_wrap=True)
    table.add_column("turns", justify="right")
    for name in names:
        t = totals[name]
        cells = []
        for outcome in OUTCOMES:
            low, high = t.interval(outcome)
            cells.append(f"{t.share(outcome):.1%} [dim]{low:.0%}-{high:.0%}[/]")
        table.add_row(name, str(t.runs), *cells, f"{t.turns / t.runs:.1f}")
    console.print(table)

    kinds = sorted({t.kind for t in content.transitions if t.outcome == "collapse" and t.kind}
                   | {k for t in totals.values() for k in t.collapse_kinds})
    collapse = Table(title="How the regime fell (share of all runs)", title_justify="left")
    collapse.add_column("strategy")
    for kind in kinds:
        collapse.add_column(kind.replace("_", " "), justify="right")
    for name in names:
        t = totals[name]
        collapse.add_row(name, *(f"{t.collapse_kinds[k] / t.runs:.1%}" for k in kinds))
    console.print(collapse)

    curve = Table(title="Regime still standing (not collapsed) at the end of each year", title_justify="left")
    curve.add_column("strategy")
    for year in years:
        curve.add_column(str(year), justify="right")
    for name in names:
        curve.add_row(name, *(f"{v:.0%}" for v in totals[name].survival_curve(years).values()))
    console.print(curve)

    meters = Table(title="Mean final meters (start in the header)", title_justify="left")
    meters.add_column("strategy")
    first = next(iter(totals.values()))
    for m in content.meters:
        meters.add_column(f"{(content.meters[m].short or m)[:6]} {first.start.get(m, 0):.0f}", justify="right")
    for name in names:
        meters.add_row(name, *(f"{totals[name].mean_final(m):.0f}" for m in content.meters))
    console.print(meters)

    for label, key in (("events never seen", "events_never_seen"),
                       (f"events seen in under {RARE:.0%} of every strategy's runs", "events_rarely_seen"),
                       ("options never chosen", "options_never_chosen"),
                       ("endings never reached", "endings_never_reached")):
        items = found[key]
        console.print(f"[bold]{label}[/]: {', '.join(items) if items else 'none'}", soft_wrap=True)
