"""Headless simulation: many campaigns under one strategy, aggregated as they are played.

Only the counts are kept, never the finished games, so memory stays flat however many runs are
asked for. The same arguments give the same report (the ``seconds`` aside).
"""

from __future__ import annotations

import gc
import time
from collections import Counter

import numpy as np
from attrs import define, field

from game.api import Game
from game.sim.batch import batch_problem, play_batch
from game.rules.dice import PlayerRandom
from game.rules.model import OUTCOMES, Content
from game.rules.engine import begin, new_game
from game.sim.rollout import Strategy, rollout, strategy_rollout

__all__ = ["Strategy", "rollout", "strategy_rollout"]  # their home is game.sim.rollout; callers find them here too


@define
class Report:
    """What a batch of campaigns came to."""

    runs: int
    seed: int
    strategy: str
    scenario: str
    endings: dict[str, int]
    collapse_kinds: dict[str, int]
    mean_turns: float
    events_seen: dict[str, int]
    options_chosen: dict[str, int]
    seconds: float
    endings_by_turn: dict[str, dict[int, int]] = field(factory=dict)
    mean_final: dict[str, float] = field(factory=dict)
    mean_start: dict[str, float] = field(factory=dict)
    ending_ids: dict[str, int] = field(factory=dict)  # runs per ending text id (every ending of the content, 0 if unseen)

    def to_json(self) -> dict[str, object]:
        return {
            "runs": self.runs, "seed": self.seed, "strategy": self.strategy, "scenario": self.scenario,
            "endings": self.endings, "collapse_kinds": self.collapse_kinds, "ending_ids": self.ending_ids,
            "mean_turns": round(self.mean_turns, 3),
            "events_seen": self.events_seen, "options_chosen": self.options_chosen,
            "mean_final": {k: round(v, 2) for k, v in self.mean_final.items()},
            "mean_start": {k: round(v, 2) for k, v in self.mean_start.items()},
            "endings_by_turn": {k: {str(t): n for t, n in sorted(v.items())} for k, v in self.endings_by_turn.items()},
            "seconds": round(self.seconds, 3),
        }


def prepare_for_batch() -> None:
    """Tune the process for a long batch of campaigns: about a third faster.

    Campaigns make no reference cycles (their states are trees of tuples, dicts and frozen
    records), so the cyclic collector only ever rescans what lives for the whole batch: the content,
    its compiled conditions and the loaded modules. Freeze those out of its scans and let it run
    less often. For a command's own process, not for a library caller's.
    """
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def run_seeds(seed: int, index: int) -> tuple[int, int]:
    """The game seed and the strategy's seed for run ``index`` of a batch."""
    return seed + index, (seed * 1_000_003 + index) & 0xFFFFFFFF


def play(content: Content, strategy: Strategy, seed: int, strategy_seed: int, scenario: str | None = None,
         deck: int = 0) -> Game:
    """Play one campaign to its end with a strategy (in a class's deck if ``deck``)."""
    return strategy_rollout(content, begin(content, scenario, seed, deck), strategy, PlayerRandom(strategy_seed))


def simulate(content: Content, strategy: Strategy, runs: int, seed: int = 0, scenario: str | None = None,
             first: int = 0, batch: bool = True) -> Report:
    """Play runs ``first .. first+runs-1`` of a batch and aggregate them: all at once where the strategy has
    an array form (game.batch; the same report), else one by one (also with ``batch=False``)."""
    started = time.perf_counter()
    scenario_id = scenario or content.default_scenario.id
    if batch and runs and batch_problem(content, scenario_id, strategy) is None:
        return _batched(content, strategy, runs, seed, scenario_id, first, started)
    endings: Counter[str] = Counter({"survival": 0, "soft_landing": 0, "collapse": 0})
    kinds: Counter[str] = Counter()
    by_turn: dict[str, Counter[int]] = {k: Counter() for k in endings}
    seen: Counter[str] = Counter({e: 0 for e in content.events})
    chosen: Counter[str] = Counter({f"{e.id}/{o.id}": 0 for e in content.events.values() for o in e.options})
    final: Counter[str] = Counter()
    ending_ids: Counter[str] = Counter({e.id: 0 for e in content.endings})
    turns = 0
    for index in range(first, first + runs):
        game_seed, strategy_seed = run_seeds(seed, index)
        state = play(content, strategy, game_seed, strategy_seed, scenario_id).state
        endings[state.outcome] += 1  # type: ignore[index]
        by_turn[state.outcome][state.turn] += 1  # type: ignore[index]
        if state.collapse_kind:
            kinds[state.collapse_kind] += 1
        ending_ids[state.ending or "(none)"] += 1
        turns += state.turn
        seen.update({e for record in state.history for e in record.drawn})
        chosen.update(f"{d.event}/{d.option}" for record in state.history for d in record.decisions)
        final.update(state.meters)
    start = new_game(content, scenario_id, seed).meters
    return Report(
        runs=runs, seed=seed, strategy=getattr(strategy, "name", type(strategy).__name__), scenario=scenario_id,
        endings=dict(endings), collapse_kinds=dict(sorted(kinds.items())),
        mean_turns=turns / runs if runs else 0.0,
        events_seen=dict(seen), options_chosen=dict(chosen),
        seconds=time.perf_counter() - started,
        endings_by_turn={k: dict(sorted(v.items())) for k, v in by_turn.items()},
        mean_final={m: final[m] / runs for m in content.meters} if runs else {},
        mean_start=dict(start),
        ending_ids=dict(ending_ids),
    )


#: runs per batch when ``simulate`` plays batches: large enough to be quick, small enough that memory stays flat
#: however many runs are asked for (a batch keeps a few hundred numbers a run)
BATCH_RUNS = 10_000


def _batched(content: Content, strategy: object, runs: int, seed: int, scenario: str, first: int,
             started: float) -> Report:
    """:func:`simulate`'s report from batches of the runs, counted as the loop above counts them."""
    endings: Counter[str] = Counter({"survival": 0, "soft_landing": 0, "collapse": 0})
    kinds: Counter[str] = Counter()
    by_turn: dict[str, Counter[int]] = {k: Counter() for k in endings}
    ending_ids: Counter[str] = Counter({e.id: 0 for e in content.endings})
    seen: Counter[str] = Counter({e: 0 for e in content.events})
    chosen: Counter[str] = Counter({f"{e.id}/{o.id}": 0 for e in content.events.values() for o in e.options})
    totals = [0.0] * len(content.meters)
    turns = 0
    for start in range(first, first + runs, BATCH_RUNS):
        pairs = [run_seeds(seed, index) for index in range(start, min(start + BATCH_RUNS, first + runs))]
        result = play_batch(content, strategy, [g for g, _ in pairs], [s for _, s in pairs], scenario)
        for code, count in enumerate(np.bincount(result.code, minlength=len(OUTCOMES)).tolist()):
            outcome = OUTCOMES[code]
            endings[outcome] += count
            at = result.code == code
            by_turn[outcome].update({turn: n for turn, n in enumerate(np.bincount(result.turn[at]).tolist()) if n})
        kinds.update({k: n for k, n in zip(result.tables.kinds, np.bincount(result.kind_code[result.kind_code >= 0],
                                                                              minlength=len(result.tables.kinds)).tolist()) if n})
        reached = np.bincount(result.ending_code + 1, minlength=len(content.endings) + 1).tolist()  # 0: none fits
        ending_ids.update({e.id: n for e, n in zip(content.endings, reached[1:]) if n})
        if reached[0]:
            ending_ids["(none)"] += reached[0]
        turns += int(result.turn.sum())
        seen.update(dict(zip(content.events, (result.seen > 0).sum(axis=0).tolist())))
        chosen.update({f"{e}/{o}": n for (e, o), n in zip(result.options, result.chosen.tolist())})
        # run by run, as the loop adds them: a running sum down each column, from the total so far
        totals = np.add.accumulate(np.vstack([totals, result.meters]), axis=0)[-1].tolist()
    return Report(
        runs=runs, seed=seed, strategy=getattr(strategy, "name", type(strategy).__name__), scenario=scenario,
        endings=dict(endings), collapse_kinds=dict(sorted(kinds.items())), mean_turns=turns / runs,
        events_seen=dict(seen), options_chosen=dict(chosen), seconds=time.perf_counter() - started,
        endings_by_turn={k: dict(sorted(v.items())) for k, v in by_turn.items()},
        mean_final={m: total / runs for m, total in zip(content.meters, totals)},
        mean_start=dict(new_game(content, scenario, seed).meters), ending_ids=dict(ending_ids))


def merge(reports: list[Report]) -> Report:
    """One report from the reports of parts of a batch (for running parts in parallel)."""
    first = reports[0]
    runs = sum(r.runs for r in reports)

    def add(name: str) -> dict:
        total: Counter = Counter()
        for report in reports:
            total.update(getattr(report, name))
        return dict(total)

    by_turn = {k: dict(sum((Counter(r.endings_by_turn.get(k, {})) for r in reports), Counter())) for k in first.endings}
    return Report(
        runs=runs, seed=first.seed, strategy=first.strategy, scenario=first.scenario,
        endings={k: sum(r.endings[k] for r in reports) for k in first.endings},
        collapse_kinds=dict(sorted(add("collapse_kinds").items())),
        mean_turns=sum(r.mean_turns * r.runs for r in reports) / runs if runs else 0.0,
        events_seen={k: sum(r.events_seen[k] for r in reports) for k in first.events_seen},
        options_chosen={k: sum(r.options_chosen[k] for r in reports) for k in first.options_chosen},
        seconds=max(r.seconds for r in reports),
        endings_by_turn=by_turn,
        mean_final={m: sum(r.mean_final[m] * r.runs for r in reports) / runs for m in first.mean_final} if runs else {},
        mean_start=first.mean_start,
        ending_ids=add("ending_ids"),
    )
