"""The designer's balance report: every strategy, many campaigns, on both cores.

Runs are split into slices and played in worker processes; each slice comes back as a
:class:`Tally` of counts (never the games themselves), so memory stays flat however many runs are
asked for, and tallies add up in any order to the same report. The same arguments always give the
same numbers (the timings aside): run ``i`` of a strategy uses the seeds of
:func:`game.sim.simulate.run_seeds`, wherever it is played.
"""

from __future__ import annotations

import os
import signal
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from game.content.loader import load_or_raise
from game.rules.model import Content
from game.sim.batch import batch_problem, tables
from game.sim.simulate import prepare_for_batch
from game.sim.strategies import load_strategy
from game.sim.tally import NEAR, Tally, Watched, tally_alone, tense_late, wilson
from game.sim.tally_batch import batched, plan_players, road_ids, tally_batch, tally_plans
from game.sim.weight import WEIGHT_SLICE, WEIGHT_STATES, Weight, decision_weight

# the counting lives in game.sim.tally and game.sim.tally_batch, the decision weight in game.sim.weight: the
# report and its callers find them here
__all__ = ["NEAR", "Tally", "Watched", "Weight", "batched", "decision_weight", "plan_players", "road_ids",
           "tally_plans", "tense_late", "wilson"]

#: the strategies of the report, in the order shown
DEFAULT_STRATEGIES = ("random", "hardliner", "reformer", "cautious", "opportunist", "planner")
#: an event seen in fewer than this share of every strategy's runs is "rarely seen"
RARE = 0.01
#: the planner plays one move ahead by rollouts, slower than a persona: this share of the runs asked for (at least 50)
PLANNER_SHARE = 0.25
#: runs per job sent to a worker (small enough for a smooth progress bar and balanced cores)
SLICE = 100
#: runs per job of a player that plays as a batch (game.batch): large, as a batch's rate grows with its size
BATCH_SLICE = 1000
#: runs per job of the planner: as a batch (game.sim.batch_planner), half its runs in a default report, one job a core
PLANNER_SLICE = 125
#: each of the 3^5 fixed policy settings plays this share of the runs asked for (at least 10)
POLICY_SHARE = 0.02
#: then the settings that survive most and land most are played again with this share (at least 50): the
#: highest of 243 small samples overstates its setting, so the report's verdict rests on the larger one
CONFIRM_SHARE = 0.2
CONFIRM_SETTINGS = 5
#: the screen-reading personas of the report (see game.personas), and the fixed policy settings
PERSONAS = ("arrows", "arrows_plan", "arrows_25", "arrows_plan_25", "arrows_plan_50", "fixer", "colours",
            "greedy_treasury", "greedy_unrest", "alternating", "watcher", "watcher_plan", "least_red",
            "careful_reformer", "good_directions", "blockade", "landing_reader", "landing_watcher", "fewest_arrows",
            "walls_until_2009")


#: a strategy with an array form plays its runs as one batch (game.batch) from this many runs; fewer are quicker
#: played one by one
BATCH_FROM = 60


def tally(content: Content, strategy_name: str, runs: int, seed: int = 0, first: int = 0,
          scenario: str | None = None, batch: bool = True) -> Tally:
    """Play runs ``first .. first+runs-1`` of a strategy and count what happened: as one batch where the
    strategy has an array form (the same counts), else run by run (also with ``batch=False``)."""
    player = load_strategy(strategy_name)
    if batch and runs >= BATCH_FROM and batch_problem(content, scenario, player) is None:
        return tally_batch(content, strategy_name, player, runs, seed, first, scenario)
    return tally_alone(content, strategy_name, runs, seed, first, scenario)


# --- playing on both cores ----------------------------------------------------------------------

_CONTENT: dict[str, Content] = {}


def _loaded(root: str | None, mods: tuple[str, ...] = ()) -> Content:
    """The content of a report, loaded once a process and compiled for the batch: worker processes forked after
    the parent loaded it find it here and load nothing."""
    key = "\0".join([root or "", *mods])
    if key not in _CONTENT:
        content = _CONTENT[key] = load_or_raise(root, mods=mods)
        if batch_problem(content) is None:
            tables(content)
    return _CONTENT[key]


def _work(root: str | None, strategy: str | tuple[str, ...], runs: int, seed: int, first: int, scenario: str | None,
          mods: tuple[str, ...] = ()) -> Tally | Weight | dict[str, Tally]:
    content = _loaded(root, mods)
    if isinstance(strategy, tuple):
        return tally_plans(content, strategy, runs, seed, first, scenario)
    if strategy == WEIGHT:
        return decision_weight(content, runs, seed, first, scenario=scenario)
    return tally(content, strategy, runs, seed, first, scenario)


#: the name under which the decision-weight rollouts run among the strategies' jobs
WEIGHT = "decision weight"


def runs_for(strategy: str, runs: int) -> int:
    """How many runs a strategy plays in a report of ``runs``: all of them, but fewer for the planner, a
    share for each fixed policy setting, and a fixed sample of dilemmas for the decision weight."""
    if strategy == "planner":
        return max(min(runs, 50), round(runs * PLANNER_SHARE))
    if strategy == WEIGHT:
        return min(runs, WEIGHT_STATES)
    if strategy.startswith("policy_"):
        return max(min(runs, 10), round(runs * POLICY_SHARE))
    return runs


def to_confirm(totals: Mapping[str, Tally], settings: Iterable[str]) -> list[str]:
    """The fixed policy settings to play again with more runs: the few that survived most and the few that
    landed most in the first, small samples."""
    settings = list(settings)
    safest = sorted(settings, key=lambda n: -totals[n].share("survival"))[:CONFIRM_SETTINGS]
    landed = [n for n in settings if totals[n].outcomes["soft_landing"]]
    landing = sorted(landed, key=lambda n: -totals[n].share("soft_landing"))[:CONFIRM_SETTINGS]
    return list(dict.fromkeys([*safest, *landing]))


def confirm_runs(runs: int) -> int:
    """Runs for each setting played again (see :data:`CONFIRM_SHARE`)."""
    return max(min(runs, 50), round(runs * CONFIRM_SHARE))


def play_all(root: Path | str | None, strategies: Iterable[str], runs: int, seed: int = 0,
             scenario: str | None = None, workers: int | None = None,
             progress: Callable[[str, int], None] | None = None,
             counts: dict[str, int] | None = None, mods: Sequence[Path | str] = ()) -> dict[str, Tally]:
    """Play every strategy's runs in slices across worker processes, on the content with ``mods`` laid over
    it; ``progress(strategy, done)`` after each slice."""
    mod_texts = tuple(str(m) for m in mods)
    strategies = list(strategies)
    counts = counts or {s: runs_for(s, runs) for s in strategies}
    root_text = str(root) if root is not None else None
    jobs: list[tuple[Any, int, int]] = []
    # the fixed plans with a few runs each play together, one batch a core (tally_plans)
    plans = [n for n in strategies if n != WEIGHT and counts[n] < 2 * BATCH_FROM and (n.startswith("policy_") or n.startswith("holding_"))]
    if len(plans) > 1 and plan_players(plans):
        workers_now = workers or os.cpu_count() or 1
        group = -(-len(plans) // workers_now)
        for size in sorted({counts[n] for n in plans}):
            same = [n for n in plans if counts[n] == size]
            jobs += [(tuple(same[at:at + group]), 0, size) for at in range(0, len(same), group)]
        strategies_alone = [n for n in strategies if n not in plans]
    else:
        strategies_alone = strategies
    for name in strategies_alone:
        size = (PLANNER_SLICE if name == "planner" else WEIGHT_SLICE if name == WEIGHT
                else BATCH_SLICE if counts[name] >= 2 * BATCH_FROM and batched(name) else SLICE)
        jobs += [(name, first, min(size, counts[name] - first)) for first in range(0, counts[name], size)]
    jobs.sort(key=lambda job: (job[0] != "planner", job[0] != WEIGHT))  # the slowest first: the cores finish together
    totals: dict = {name: Weight() if name == WEIGHT else Tally(name) for name in strategies}
    workers = workers or os.cpu_count() or 1
    content = _loaded(root_text, mod_texts)  # before the workers start: a forked worker inherits it
    if workers <= 1:
        for name, first, size in jobs:
            if isinstance(name, tuple):
                _add(totals, tally_plans(content, name, size, seed, first, scenario), size, progress)
                continue
            part = (decision_weight(content, size, seed, first, scenario=scenario) if name == WEIGHT
                    else tally(content, name, size, seed, first, scenario))
            totals[name] = totals[name] + part
            if progress:
                progress(name, size)
        return totals
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker)
    try:
        futures = {pool.submit(_work, root_text, name, size, seed, first, scenario, mod_texts): (name, size)
                   for name, first, size in jobs}
        for future in as_completed(futures):
            name, size = futures[future]
            if isinstance(name, tuple):
                _add(totals, future.result(), size, progress)  # type: ignore[arg-type]
                continue
            totals[name] = totals[name] + future.result()
            if progress:
                progress(name, size)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C: drop what is queued, do not wait for it
        raise
    pool.shutdown()
    return totals


def _add(totals: dict[str, Any], parts: dict[str, Tally], size: int, progress: Callable[[str, int], None] | None) -> None:
    for name, part in parts.items():
        totals[name] = totals[name] + part
        if progress:
            progress(name, size)


def _quiet_worker() -> None:
    """Workers leave Ctrl-C to the parent, which cancels the batch: no tracebacks from every process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prepare_for_batch()


# --- the report -----------------------------------------------------------------------------------

def years_of(content: Content, scenario: str | None = None) -> list[int]:
    chosen = content.scenarios.get(scenario) if scenario else content.default_scenario
    if chosen is None:
        raise ValueError(f"no scenario '{scenario}'")
    return list(range(chosen.start.year, chosen.end.year + 1))


def health(content: Content, totals: dict[str, Tally]) -> dict[str, list[str]]:
    """Content no strategy exercises: events rarely or never seen, options never chosen, endings never reached."""
    best = {e: max((t.events_seen[e] / t.runs if t.runs else 0.0) for t in totals.values()) for e in content.events}
    chosen: Counter[str] = Counter()
    reached: Counter[str] = Counter()
    for t in totals.values():
        chosen.update(t.options_chosen)
        reached.update(t.endings)
    return {
        "events_never_seen": sorted(e for e, share in best.items() if share == 0),
        "events_rarely_seen": sorted(e for e, share in best.items() if 0 < share < RARE),
        "options_never_chosen": sorted(f"{e.id}/{o.id}" for e in content.events.values() for o in e.options
                                       if chosen[f"{e.id}/{o.id}"] == 0),
        "endings_never_reached": sorted(e.id for e in content.endings if reached[e.id] == 0 and not fallback(content, e)),
    }


def fallback(content: Content, ending) -> bool:
    """An ending that can never be shown: kind-less, unconditional, and every kind of its outcome has its own."""
    if ending.kind is not None or ending.when is not None:
        return False
    kinds = {t.kind for t in content.transitions if t.outcome == ending.outcome and t.kind}
    covered = {e.kind for e in content.endings if e.outcome == ending.outcome and e.kind and e.when is None}
    return bool(kinds) and kinds <= covered
