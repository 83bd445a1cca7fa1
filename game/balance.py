"""The designer's balance report: every strategy, many campaigns, on both cores.

Runs are split into slices and played in worker processes; each slice comes back as a
:class:`Tally` of counts (never the games themselves), so memory stays flat however many runs are
asked for, and tallies add up in any order to the same report. The same arguments always give the
same numbers (the timings aside): run ``i`` of a strategy uses the seeds of
:func:`game.simulate.run_seeds`, wherever it is played.
"""

from __future__ import annotations

import math
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from attrs import define, field

from game.content import OUTCOMES, Content
from game.loader import load_or_raise
from game.simulate import play, prepare_for_batch, run_seeds
from game.strategies import load_strategy

#: the strategies of the report, in the order shown
DEFAULT_STRATEGIES = ("random", "hardliner", "reformer", "cautious", "opportunist", "planner")
#: an event seen in fewer than this share of every strategy's runs is "rarely seen"
RARE = 0.01
#: the planner thinks ahead and is slow: it plays this share of the runs asked for (at least 50)
PLANNER_SHARE = 0.1
#: runs per job sent to a worker (small enough for a smooth progress bar and balanced cores)
SLICE = 100
PLANNER_SLICE = 5


@define
class Tally:
    """Counts over some campaigns of one strategy: adds up with ``+``."""

    strategy: str
    runs: int = 0
    outcomes: Counter = field(factory=Counter)
    endings: Counter = field(factory=Counter)
    collapse_kinds: Counter = field(factory=Counter)
    turns: int = 0
    collapsed_by_year: Counter = field(factory=Counter)  # year -> collapses in that year
    events_seen: Counter = field(factory=Counter)  # event -> runs in which it was drawn
    options_chosen: Counter = field(factory=Counter)  # "event/option" -> times chosen
    final: Counter = field(factory=Counter)  # meter -> sum of final values
    start: dict = field(factory=dict)
    seconds: float = 0.0
    decisions: int = 0  # moves the strategy was asked for (dilemmas answered and policy turns)

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.strategy, self.runs + other.runs, self.outcomes + other.outcomes, self.endings + other.endings,
            self.collapse_kinds + other.collapse_kinds, self.turns + other.turns,
            self.collapsed_by_year + other.collapsed_by_year, self.events_seen + other.events_seen,
            self.options_chosen + other.options_chosen, self.final + other.final, self.start or other.start,
            self.seconds + other.seconds, self.decisions + other.decisions)

    def share(self, outcome: str) -> float:
        return self.outcomes[outcome] / self.runs if self.runs else 0.0

    def interval(self, outcome: str) -> tuple[float, float]:
        return wilson(self.outcomes[outcome], self.runs)

    def mean_final(self, meter: str) -> float:
        return self.final[meter] / self.runs if self.runs else 0.0

    def survival_curve(self, years: Sequence[int]) -> dict[int, float]:
        """The share of runs whose regime still stood (not collapsed) at the end of each year."""
        alive, curve = self.runs, {}
        for year in years:
            alive -= self.collapsed_by_year[year]
            curve[year] = alive / self.runs if self.runs else 0.0
        return curve

    def to_json(self, years: Sequence[int]) -> dict[str, object]:
        return {
            "strategy": self.strategy, "runs": self.runs,
            "outcomes": {o: {"runs": self.outcomes[o], "share": round(self.share(o), 4),
                             "ci95": [round(x, 4) for x in self.interval(o)]} for o in OUTCOMES},
            "endings": dict(sorted(self.endings.items())),
            "collapse_kinds": dict(sorted(self.collapse_kinds.items())),
            "mean_turns": round(self.turns / self.runs, 3) if self.runs else 0.0,
            "survival_curve": {str(y): round(v, 4) for y, v in self.survival_curve(years).items()},
            "mean_final": {m: round(v / self.runs, 2) for m, v in sorted(self.final.items())} if self.runs else {},
            "mean_start": self.start,
            "events_seen": dict(sorted(self.events_seen.items())),
            "seconds": round(self.seconds, 3),
        }


def wilson(successes: int, runs: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a share (95% by default)."""
    if runs == 0:
        return 0.0, 1.0
    p = successes / runs
    centre = (p + z * z / (2 * runs)) / (1 + z * z / runs)
    half = z * math.sqrt(p * (1 - p) / runs + z * z / (4 * runs * runs)) / (1 + z * z / runs)
    return max(0.0, centre - half), min(1.0, centre + half)


def tally(content: Content, strategy_name: str, runs: int, seed: int = 0, first: int = 0,
          scenario: str | None = None) -> Tally:
    """Play runs ``first .. first+runs-1`` of a strategy and count what happened."""
    strategy = load_strategy(strategy_name)
    started = time.perf_counter()
    result = Tally(strategy_name)
    decisions = 0
    for index in range(first, first + runs):
        game_seed, strategy_seed = run_seeds(seed, index)
        state = play(content, strategy, game_seed, strategy_seed, scenario).state
        if not result.start:
            result.start = {m: state.start_meters[m] for m in content.meters}
        result.runs += 1
        result.outcomes[state.outcome] += 1
        result.endings[state.ending or state.outcome] += 1
        if state.collapse_kind:
            result.collapse_kinds[state.collapse_kind] += 1
            result.collapsed_by_year[state.date.year] += 1
        result.turns += state.turn
        result.events_seen.update({e for record in state.history for e in record.drawn})
        result.options_chosen.update(f"{d.event}/{d.option}" for record in state.history for d in record.decisions)
        decisions += sum(len(record.decisions) + 1 for record in state.history)
        result.final.update(state.meters)
    result.decisions = decisions
    result.seconds = time.perf_counter() - started
    return result


# --- playing on both cores ----------------------------------------------------------------------

_CONTENT: dict[str, Content] = {}


def _work(root: str | None, strategy: str, runs: int, seed: int, first: int, scenario: str | None) -> Tally:
    key = root or ""
    if key not in _CONTENT:
        _CONTENT[key] = load_or_raise(root)
    return tally(_CONTENT[key], strategy, runs, seed, first, scenario)


def runs_for(strategy: str, runs: int) -> int:
    """How many runs a strategy plays in a report of ``runs``: all of them, but fewer for the planner."""
    return max(min(runs, 50), round(runs * PLANNER_SHARE)) if strategy == "planner" else runs


def play_all(root: Path | str | None, strategies: Iterable[str], runs: int, seed: int = 0,
             scenario: str | None = None, workers: int | None = None,
             progress: Callable[[str, int], None] | None = None,
             counts: dict[str, int] | None = None) -> dict[str, Tally]:
    """Play every strategy's runs in slices across worker processes; ``progress(strategy, done)`` after each slice."""
    strategies = list(strategies)
    counts = counts or {s: runs_for(s, runs) for s in strategies}
    root_text = str(root) if root is not None else None
    jobs = []
    for name in strategies:
        size = PLANNER_SLICE if name == "planner" else SLICE
        jobs += [(name, first, min(size, counts[name] - first)) for first in range(0, counts[name], size)]
    jobs.sort(key=lambda job: job[0] != "planner")  # the slowest first, so the cores finish together
    totals = {name: Tally(name) for name in strategies}
    workers = workers or os.cpu_count() or 1
    if workers <= 1:
        content = load_or_raise(root)
        for name, first, size in jobs:
            totals[name] = totals[name] + tally(content, name, size, seed, first, scenario)
            if progress:
                progress(name, size)
        return totals
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker)
    try:
        futures = {pool.submit(_work, root_text, name, size, seed, first, scenario): (name, size)
                   for name, first, size in jobs}
        for future in as_completed(futures):
            name, size = futures[future]
            totals[name] = totals[name] + future.result()
            if progress:
                progress(name, size)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C: drop what is queued, do not wait for it
        raise
    pool.shutdown()
    return totals


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
