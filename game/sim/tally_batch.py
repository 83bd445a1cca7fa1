"""The balance report's counts of campaigns played as one batch (game.sim.batch): the same :class:`Tally` as
the campaigns played one by one give, counted from the batch's arrays."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from game.rules.model import Content, Date
from game.sim.baseline import _is as same_road
from game.sim.simulate import run_seeds
from game.sim.strategies import load_strategy
from game.sim.tally import NEAR, Tally, _reading, tally_alone


def batched(name: str) -> bool:
    """Whether a strategy of the report has an array form, so that its runs play as one batch."""
    from game.sim.batch import array_policy
    try:
        return array_policy(load_strategy(name), None, kind_only=True) is not None
    except ValueError:
        return False


def tally_batch(content: Content, name: str, player: object, runs: int, seed: int, first: int,
             scenario: str | None) -> Tally:
    """:func:`game.sim.balance.tally`'s counts from one batch of the runs, counted as ``tally_alone`` counts them."""
    from game.sim.batch import play_batch
    started = time.perf_counter()
    pairs = [run_seeds(seed, index) for index in range(first, first + runs)]
    out = play_batch(content, player, [g for g, _ in pairs], [s for _, s in pairs], scenario, watch=True)
    result = _count(content, name, out, range(runs), scenario)
    result.seconds = time.perf_counter() - started
    return result


def plan_players(names: Sequence[str]) -> bool:
    """Whether every one of these report players answers at random and walks to a fixed plan (``policy_*``,
    ``holding_*``), so that they can play as one batch (:func:`tally_plans`)."""
    from game.sim.personas import ScreenPlayer
    for name in names:
        try:
            player = load_strategy(name)
        except ValueError:
            return False
        if type(player) is not ScreenPlayer or player.score is not None or player.random_share:
            return False
    return True


def tally_plans(content: Content, names: Sequence[str], runs: int, seed: int = 0, first: int = 0,
                scenario: str | None = None) -> dict[str, Tally]:
    """:func:`tally` of several plan players (see :func:`plan_players`), all their runs in one batch."""
    from game.sim.batch import PlanPolicy, batch_problem, plan_table, play_policy
    players = [load_strategy(name) for name in names]
    table = plan_table(content, [p.plan for p in players])  # type: ignore[attr-defined]
    if table is None or batch_problem(content, scenario) is not None or not plan_players(names):
        return {name: tally_alone(content, name, runs, seed, first, scenario) for name in names}
    started = time.perf_counter()
    pairs = [run_seeds(seed, index) for index in range(first, first + runs)] * len(names)
    out = play_policy(content, PlanPolicy(np.repeat(table, runs, axis=0)), [g for g, _ in pairs], [s for _, s in pairs],
                      scenario, watch=True)
    shared = _shared(out)
    found = {name: _count(content, name, out, range(at * runs, (at + 1) * runs), scenario, shared)
             for at, name in enumerate(names)}
    for part in found.values():
        part.seconds = (time.perf_counter() - started) / len(names)
    return found


def _count(content: Content, name: str, out: Any, rows: range, scenario: str | None,
           shared: tuple[Any, ...] | None = None) -> Tally:
    """A player's tally from its rows of a watched batch (``shared``: :func:`_shared` of the batch, if known)."""
    tense, outcomes, kinds, endings = shared or _shared(out)
    chosen = content.scenarios[scenario] if scenario else content.default_scenario
    result = Tally(name)
    reading = _reading(content)
    keys = [f"{e}/{o}" for e, o in out.options]
    words_of = np.array([reading.get(k, 0) for k in keys], dtype=np.int64)
    events = list(content.events)
    luck = np.array(["luck" in e.tags for e in content.events.values()])
    landed = {p for t in content.transitions if t.outcome == "soft_landing" for p in t.source}
    picks = out.picks[rows.start:rows.stop]
    dilemmas, words = picks.sum(axis=1).tolist(), (picks @ words_of).tolist()
    seen = out.seen[rows.start:rows.stop] > 0
    start = {m: float(chosen.meters.get(m, content.meters[m].start)) for m in content.meters}
    economy = list(content.meters).index("economy") if "economy" in content.meters else -1
    meters = out.meters[rows.start:rows.stop].tolist()
    known: dict[tuple[str, str, str], str] = {}
    for at, run in enumerate(rows):
        outcome, turn = outcomes[run], int(out.turn[run])
        result.dilemmas += dilemmas[at]
        result.words += words[at]
        if outcome != "collapse":
            result.full_runs += 1
            result.full_dilemmas += dilemmas[at]
            result.full_words += words[at]
        result.repeats += bool((out.seen[run] > 1).any())
        roads = out.roads(run)
        if outcome == "soft_landing":
            began = [t for t, _, target, _ in roads if target in landed]
            if began:
                result.landing_seasons[str(Date.from_index(chosen.start.index + began[-1] - 1))] += 1
        result.tense += bool(tense[run])
        if (seen[at] & luck).any():
            result.lucky += 1
            result.lucky_landed += outcome == "soft_landing"
        if economy >= 0:
            result.economy_fell += meters[at][economy] < start["economy"]
        if not result.start:
            result.start = dict(start)
        result.runs += 1
        result.outcomes[outcome] += 1
        result.endings[endings[run] or outcome] += 1
        if kinds[run]:
            result.collapse_kinds[kinds[run]] += 1
            result.collapsed_by_year[Date.from_index(int(out.date[run])).year] += 1
        result.turns += turn
        result.final.update(dict(zip(content.meters, meters[at])))
        result.roads.update(road_ids(content, roads, known))
    result.events_seen.update({e: n for e, n in zip(events, seen.sum(axis=0).tolist()) if n})
    result.options_chosen.update({k: n for k, n in zip(keys, picks.sum(axis=0).tolist()) if n})
    result.decisions = sum(dilemmas) + result.turns
    result.met, result.followed = sum(dilemmas), int(out.followed[rows.start:rows.stop].sum())
    return result


def _shared(out: Any) -> tuple[Any, ...]:
    """What every player's tally reads of a whole batch: each run's tense seasons, outcome, kind and ending."""
    from game.sim.batch import tense_late
    return tense_late(out, NEAR), out.outcome, out.kind, out.ending


def road_ids(content: Content, moves: list[tuple[int, str, str, str]],
             known: dict[tuple[str, str, str], str] | None = None) -> list[str]:
    """``baseline.roads_taken`` of a batched run's moves on the regime's table: (turn, from phase, to, the reason
    of the row that fired). The engine records the reason with the values its guard read after it, which no
    row's reason runs into, so the reason alone finds the same row."""
    known = {} if known is None else known  # (from, to, reason) -> road id, for the runs of one content
    found = []
    for _, source, target, reason in moves:
        ident = known.get((source, target, reason))
        if ident is None:
            road = next((t for t in content.transitions if same_road(t, source, target, reason)), None)
            ident = known[source, target, reason] = road.id if road is not None else target
        found.append(ident)
    return found
