"""The balance report itself: play every strategy and persona on every core and print the tables.

Kept apart from ``game.commands.balance`` so that building the command line does not load the rules.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from attrs import frozen

from game.sim.balance import (
    DEFAULT_STRATEGIES,
    PERSONAS,
    RARE,
    WEIGHT,
    Tally,
    Weight,
    confirm_runs,
    health,
    play_all,
    runs_for,
    to_confirm,
    years_of,
)
from game.sim.baseline import Change, compare
from game.commands.common import printable
from game.rules.conditions import did_you_mean
from game.i18n import _
from game.rules.model import OUTCOMES, Content
from game.content.loader import load_or_raise

if TYPE_CHECKING:
    from rich.console import Console


def balance_command(args: argparse.Namespace, console: Console) -> int:
    """``soft-landing balance``: play every strategy and print the designer's report."""
    from game.sim.personas import POLICY_ORDER

    content = load_or_raise(args.balance_content, mods=args.mods)
    if not _arguments_hold(args, content, console):
        return 2
    # a policy the base campaign's sweep does not cover (a mod's) is held at each of its levels in turn
    extra = {p.id: len(p.levels) for p in content.policies.values() if p.id not in POLICY_ORDER}
    names = _players(args, extra, console)
    if names is None:
        return 2
    if args.runs < 1:
        console.print(_("[red]--runs must be at least 1[/]"))
        return 2
    started = time.perf_counter()
    plan = _Plan.of(args, names, extra)
    totals, confirmed, base = plan.play_quietly() if args.json else plan.play_with_bars(console)
    elapsed = time.perf_counter() - started
    scenario = args.balance_scenario
    years = years_of(content, scenario)
    part = totals.pop(WEIGHT, None)
    weight = part if isinstance(part, Weight) else None
    names = [n for n in names if n != WEIGHT]
    found = health(content, totals) if totals else {}
    if args.json:
        print(json.dumps({"seed": args.balance_seed, "seconds": round(elapsed, 2),
                          "strategies": {n: totals[n].to_json(years) for n in names}, "health": found,
                          "decision_weight": weight.to_json() if weight is not None else None,
                          "baseline": [c.to_json() for c in compare(base, totals, plan.compared)] if args.baseline else None},
                         indent=2))
        return 0
    _print_report(console, content, totals, names, years, found, elapsed, args.balance_seed, weight, confirmed,
                  plan.counts[plan.settings[0]] if plan.settings else 0)
    if args.baseline:
        if not plan.base_scenario_known:
            console.print(f"[bold]Without the mod[/]: the content alone has no scenario {printable(scenario or '')}, "
                          "so there is nothing to compare with", soft_wrap=True)
        else:
            print_baseline(console, compare(base, totals, plan.compared))
    return 0


def _arguments_hold(args: argparse.Namespace, content: Content, console: Console) -> bool:
    """Whether the scenario asked for is the content's and a baseline has a mod to compare; if not, says why."""
    if args.balance_scenario is not None and args.balance_scenario not in content.scenarios:
        console.print(_("no scenario {name}{hint} (scenarios: {known})").format(
            name=printable(args.balance_scenario), hint=did_you_mean(args.balance_scenario, content.scenarios),
            known=", ".join(content.scenarios)), style="red", markup=False, highlight=False)
        return False
    if args.baseline and not args.mods:
        console.print(_("--baseline compares the content with a mod laid over it: give --mod DIR"), style="red",
                      markup=False, highlight=False)
        return False
    return True


def _players(args: argparse.Namespace, extra: dict[str, int], console: Console) -> list[str] | None:
    """The strategies and personas to play (those asked for, or every one), or None, said why, for a name unknown."""
    from game.sim.personas import PERSONAS as ALL_PERSONAS
    from game.sim.personas import holding_names, load_persona, policy_name, policy_settings
    from game.sim.strategies import BUILT_IN, POSITIONAL

    if args.strategies:
        names = [s.strip() for s in args.strategies.split(",") if s.strip()]
    else:
        names = [*DEFAULT_STRATEGIES, *PERSONAS, *(policy_name(s) for s in policy_settings()), *holding_names(extra),
                 WEIGHT]
    unknown = [n for n in names if n not in BUILT_IN and n not in POSITIONAL and n != WEIGHT and load_persona(n) is None]
    if unknown:
        known = ", ".join([*BUILT_IN, *POSITIONAL, *ALL_PERSONAS, "policy_BMDFP"])
        console.print(_("unknown strategy {name} (built in: {known})").format(name=printable(", ".join(unknown)), known=known),
                      style="red", markup=False, highlight=False)
        return None
    return names


@frozen
class _Plan:
    """Who plays, and how often: every player's runs, the fixed policy settings among them (a second,
    larger look at those that did best) and the players played again without the mod for a baseline."""

    args: argparse.Namespace
    names: list[str]
    counts: dict[str, int]
    settings: list[str]
    compared: list[str]  # the same players on the same seeds, without the mod: those the content alone can play
    base_scenario_known: bool

    @classmethod
    def of(cls, args: argparse.Namespace, names: list[str], extra: dict[str, int]) -> _Plan:
        from game.sim.personas import holding_names

        scenario = args.balance_scenario
        compared = [n for n in names if n != WEIGHT and not n.startswith("policy_") and n not in holding_names(extra)]
        return cls(args, names, {n: runs_for(n, args.runs) for n in names}, [n for n in names if n.startswith("policy_")],
                   compared, scenario is None or scenario in load_or_raise(args.balance_content).scenarios)

    def play(self, progress: Callable[[str, int], None] | None = None,
             grow: Callable[[int], None] | None = None) -> tuple[dict[str, Tally], list[str]]:
        """Every strategy's runs, then a second, larger look at the settings that survived or landed most."""
        args = self.args
        found = play_all(args.balance_content, self.names, args.runs, args.balance_seed, args.balance_scenario,
                         counts=self.counts, progress=progress, mods=tuple(args.mods))
        if not self.settings:
            return found, []
        again = {n: confirm_runs(args.runs) for n in to_confirm(found, self.settings)}
        if grow:
            grow(sum(again.values()))
        found |= play_all(args.balance_content, list(again), args.runs, args.balance_seed, args.balance_scenario,
                          counts=again, progress=progress, mods=tuple(args.mods))
        return found, list(again)

    def play_base(self, progress: Callable[[str, int], None] | None = None) -> dict[str, Tally]:
        args = self.args
        if not args.baseline or not self.base_scenario_known:
            return {}
        return play_all(args.balance_content, self.compared, args.runs, args.balance_seed, args.balance_scenario,
                        counts={n: self.counts[n] for n in self.compared}, progress=progress)

    def play_quietly(self) -> tuple[dict[str, Tally], list[str], dict[str, Tally]]:
        """Every run, without a word on screen (for ``--json``): the tallies, the settings looked at again, the baseline."""
        totals, confirmed = self.play()
        return totals, confirmed, self.play_base()

    def play_with_bars(self, console: Console) -> tuple[dict[str, Tally], list[str], dict[str, Tally]]:
        """Every run, with a progress bar for all and one for each player (the policy settings go in the first)."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        base: dict[str, Tally] = {}
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            total = bar.add_task("all".ljust(16), total=sum(self.counts.values()))
            shown = [n for n in self.names if not n.startswith("policy_")]
            tasks = {n: bar.add_task(f"{n:<16}", total=self.counts[n]) for n in shown}

            def advance(name: str, done: int) -> None:
                bar.advance(total, done)
                if name in tasks:
                    bar.advance(tasks[name], done)

            def grow(more: int) -> None:
                bar.update(total, total=(bar.tasks[total].total or 0) + more)

            totals, confirmed = self.play(advance, grow)
            if self.args.baseline:
                grow(sum(self.counts[n] for n in self.compared))
                base = self.play_base(advance)
        return totals, confirmed, base


def _print_report(console: Console, content: Content, totals: dict[str, Tally], names: list[str], years: list[int],
                  found: dict[str, list[str]], elapsed: float, seed: int, weight: Weight | None = None,
                  confirmed: Sequence[str] = (), first_runs: int = 0) -> None:
    if not totals:  # only the decision weight was asked for
        _print_weight(console, weight)
        return
    settings = [n for n in names if n.startswith("policy_")]
    names = [n for n in names if not n.startswith("policy_")]
    _print_shares(console, totals, names, seed, elapsed)
    _print_lengths(console, totals, names)
    if settings:
        _print_settings(console, totals, settings, confirmed, first_runs)
    _print_weight(console, weight)
    _print_campaigns(console, totals, names)
    _print_roads(console, content, totals, names)
    _print_falls(console, content, totals, names)
    _print_survival(console, totals, names, years)
    _print_meters(console, content, totals, names)
    for label, key in (("dilemmas never seen", "events_never_seen"),
                       (f"dilemmas seen in under {RARE:.0%} of every strategy's runs", "events_rarely_seen"),
                       ("options never chosen", "options_never_chosen"),
                       ("endings never reached", "endings_never_reached")):
        items = found[key]
        console.print(f"[bold]{label}[/]: {', '.join(items) if items else 'none'}", soft_wrap=True)


def _print_shares(console: Console, totals: dict[str, Tally], names: list[str], seed: int, elapsed: float) -> None:
    """Each player's share of every outcome, with its 95% interval."""
    from rich.table import Table

    table = Table(title=f"Balance · seed {seed} · {elapsed:.1f}s · shares with 95% intervals", title_justify="left")
    table.add_column("strategy / persona")
    table.add_column("runs", justify="right")
    for outcome in OUTCOMES:
        table.add_column(outcome.replace("_", " "), justify="right", no_wrap=True)
    for name in names:
        t = totals[name]
        cells = []
        for outcome in OUTCOMES:
            low, high = t.interval(outcome)
            cells.append(f"{t.share(outcome):.1%} [dim]{low:.0%}-{high:.0%}[/]")
        table.add_row(name, str(t.runs), *cells)
    console.print(table)


def _print_lengths(console: Console, totals: dict[str, Tally], names: list[str]) -> None:
    """Each player's campaigns: how long, how much was read, when landings began, how often late turns were tense."""
    from rich.table import Table

    length = Table(title="Campaigns: mean length, words read, when landings began, late danger", title_justify="left")
    for column in ("strategy / persona", "turns", "dilemmas", "words", "busiest landing season", "tense late"):
        length.add_column(column, justify="left" if column.startswith("strategy") else "right")
    for name in names:
        t = totals[name]
        season, share = t.busiest_season()
        length.add_row(name, f"{t.mean('turns'):.1f}", f"{t.mean('dilemmas'):.1f}", f"{t.mean('words'):,.0f}",
                       f"{season} {share:.0%}" if season else "-", f"{t.tense / t.runs:.0%}" if t.runs else "-")
    console.print(length)


def _print_campaigns(console: Console, totals: dict[str, Tally], names: list[str]) -> None:
    """All players together: a full campaign's length, the dilemmas that follow the run, the strokes of luck."""
    campaign = [totals[n] for n in names if totals[n].runs]
    if not campaign:
        return
    full = sum(campaign[1:], campaign[0])
    console.print(f"[bold]Campaign length[/]: a full campaign shows {full.full_mean('dilemmas'):.1f} dilemmas and "
                  f"{full.full_mean('words'):,.0f} words on average (over {full.full_runs:,} campaigns that lasted "
                  f"to the end); runs with a dilemma drawn twice: {full.repeats}", soft_wrap=True)
    random_play = totals.get("random", full)
    console.print(f"[bold]Dilemmas that follow the run[/]: {random_play.follow_share:.1%} of the {random_play.met:,} "
                  f"dilemmas met in {random_play.strategy} play were told or offered differently because of what the "
                  f"run did (all players: {full.follow_share:.1%})", soft_wrap=True)
    lucky = [n for n in names if totals[n].lucky]
    if lucky:
        console.print("[bold]Runs that met a stroke of luck[/] (a dilemma tagged luck), and how many of them landed: "
                      + "; ".join(f"{n} {totals[n].lucky_landed} of {totals[n].lucky} "
                                  f"({totals[n].lucky_landed / totals[n].lucky:.0%})" for n in lucky), soft_wrap=True)


def _print_falls(console: Console, content: Content, totals: dict[str, Tally], names: list[str]) -> None:
    """How the regime fell, by kind of collapse, as a share of each player's runs."""
    from rich.table import Table

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


def _print_survival(console: Console, totals: dict[str, Tally], names: list[str], years: list[int]) -> None:
    """The share of each player's runs whose regime still stood at the end of each year."""
    from rich.table import Table

    curve = Table(title="Regime still standing (not collapsed) at the end of each year", title_justify="left")
    curve.add_column("strategy")
    for year in years:
        curve.add_column(str(year), justify="right")
    for name in names:
        curve.add_row(name, *(f"{v:.0%}" for v in totals[name].survival_curve(years).values()))
    console.print(curve)


def _print_meters(console: Console, content: Content, totals: dict[str, Tally], names: list[str]) -> None:
    """Each player's mean final meters, against where they started."""
    from rich.table import Table

    meters = Table(title="Mean final meters (start in the header)", title_justify="left")
    meters.add_column("strategy")
    first = next(iter(totals.values()))
    for m in content.meters:
        meters.add_column(f"{(content.meters[m].short or m)[:6]} {first.start.get(m, 0):.0f}", justify="right")
    for name in names:
        meters.add_row(name, *(f"{totals[name].mean_final(m):.0f}" for m in content.meters))
    console.print(meters)


def _print_roads(console: Console, content: Content, totals: dict[str, Tally], names: list[str]) -> None:
    """How often each of the regime's roads fired, per run of each player; roads no run took are named after."""
    from rich.table import Table

    taken = [t.id for t in content.transitions if any(totals[n].roads[t.id] for n in names)]
    for part, roads in enumerate(_fitting(console.width, names, taken)):
        title = "Roads the regime took (times per run)" + (", continued" if part else "")
        table = Table(title=title, title_justify="left")
        table.add_column("strategy", no_wrap=True)
        for road in roads:
            table.add_column(road.replace("_", " "), justify="right", width=_narrowest(road))
        for name in names:
            t = totals[name]
            table.add_row(name, *(f"{t.roads[r] / t.runs:.2f}" if t.runs else "-" for r in roads))
        console.print(table)
    never = [t.id for t in content.transitions if t.id not in taken]
    console.print(f"[bold]roads never taken[/]: {', '.join(never) if never else 'none'}", soft_wrap=True)


def _fitting(width: int, names: list[str], roads: list[str]) -> list[list[str]]:
    """The roads in groups that each fit ``width`` columns as one table beside the players' names, every number
    and every word of a road's name whole (a table wider than the screen cuts them all to "0…")."""
    used = max([len("strategy"), *map(len, names)]) + 4  # the border and padding either side of a column
    groups: list[list[str]] = [[]]
    room = width - used
    for road in roads:
        need = _narrowest(road) + 3
        if groups[-1] and need > room:
            groups.append([])
            room = width - used
        groups[-1].append(road)
        room -= need
    return groups


def _narrowest(road: str) -> int:
    """The fewest columns a road's column takes with its name wrapped by words and its numbers whole."""
    return max([len("10.00"), *map(len, road.split("_"))])  # a road some runs take ten times or more


def print_baseline(console: Console, changes: list[Change]) -> None:
    """Each player's shares without and with the mod, the difference, and whether it is beyond noise."""
    from rich.table import Table

    table = Table(title="With the mod against without it (same players, same seeds; * beyond noise: a two-proportion "
                        "test, p < 0.05)", title_justify="left")
    for column in ("player", "outcome or ending", "without", "with", "difference", "p"):
        table.add_column(column, justify="left" if column in ("player", "outcome or ending") else "right")
    for change in changes:
        if change.what.startswith("ending") and not (change.base_hits or change.mod_hits):
            continue
        mark = " *" if change.beyond_noise else ""
        style = "bold" if change.beyond_noise else ""
        table.add_row(change.player, change.what.replace("_", " "), f"{change.base:.1%}", f"{change.mod:.1%}",
                      f"{change.difference:+.1%}{mark}", f"{change.p_value:.3f}", style=style)
    console.print(table)
    moved = [c for c in changes if c.beyond_noise and not c.what.startswith("ending")]
    console.print(f"[bold]Beyond noise[/]: {len(moved)} of {sum(not c.what.startswith('ending') for c in changes)} "
                  "outcome shares moved" + (": " + "; ".join(f"{c.player} {c.what.replace('_', ' ')} "
                                                              f"{c.base:.0%} -> {c.mod:.0%}" for c in moved) if moved else ""),
                  soft_wrap=True)


def _print_weight(console: Console, weight: Weight | None) -> None:
    if weight is None or not weight.states:
        return
    quiet = weight.quiet_events()
    console.print(
        f"[bold]Decision weight[/] over {weight.states} mid-game dilemmas, each option rolled out "
        f"with fresh dice: median spread of ending odds between the best and worst option "
        f"[b]{weight.median_spread:.1%}[/] (noise floor {weight.median_noise:.1%}); of the soft-landing odds "
        f"{weight.median_landing_spread:.1%}; {len(quiet)} of {len(weight.events)} dilemmas move the landing odds "
        f"by under 5 points", soft_wrap=True)


def _print_settings(console: Console, totals: dict[str, Tally], settings: list[str], confirmed: Sequence[str],
                    first_runs: int) -> None:
    """The fixed policy settings (digits: border, markets, media, foreign posture, privileges) with random
    answers: those that survived or landed most in a first look of ``first_runs`` runs each, played again
    with more (``confirmed``), and the highest survival and soft landing among them."""
    from rich.table import Table

    shown = sorted(confirmed, key=lambda n: (-totals[n].share("soft_landing"), -totals[n].share("survival")))
    title = (f"Fixed policy settings with random answers ({len(settings)} settings, {first_runs} runs each; the "
             f"{len(shown)} that survived or landed most, played again)")
    table = Table(title=title, title_justify="left")
    table.add_column("setting")
    table.add_column("runs", justify="right")
    for outcome in OUTCOMES:
        table.add_column(outcome.replace("_", " "), justify="right", no_wrap=True)
    for name in shown:
        t = totals[name]
        table.add_row(name, str(t.runs), *(f"{t.share(o):.1%} [dim]{t.interval(o)[0]:.0%}-{t.interval(o)[1]:.0%}[/]"
                                            for o in OUTCOMES))
    console.print(table)
    safest = max(shown, key=lambda n: totals[n].share("survival"))
    landing = max(shown, key=lambda n: totals[n].share("soft_landing"))
    console.print(f"highest survival: {safest} {_share(totals[safest], 'survival')}; "
                  f"highest soft landing: {landing} {_share(totals[landing], 'soft_landing')}", soft_wrap=True)


def _share(tally: Tally, outcome: str) -> str:
    low, high = tally.interval(outcome)
    return f"{tally.share(outcome):.1%} ({low:.0%}-{high:.0%})"
