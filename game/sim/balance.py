"""The designer's balance report: every strategy, many campaigns, on both cores.

Runs are split into slices and played in worker processes; each slice comes back as a
:class:`Tally` of counts (never the games themselves), so memory stays flat however many runs are
asked for, and tallies add up in any order to the same report. The same arguments always give the
same numbers (the timings aside): run ``i`` of a strategy uses the seeds of
:func:`game.sim.simulate.run_seeds`, wherever it is played.
"""

from __future__ import annotations

import math
import os
import random
import signal
import time
from typing import Any
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import numpy as np
from attrs import define, field

from game.api import Game
from game.sim.baseline import _is as same_road
from game.sim.baseline import roads_taken
from game.sim.batch import batch_problem, tables
from game.rules.model import OUTCOMES, Content, Date
from game.content.loader import load_or_raise
from game.rules.regime import distance
from game.sim.simulate import play, prepare_for_batch, run_seeds
from game.rules.state import GameState
from game.sim.strategies import load_strategy
from game.sim.simulate import Strategy
from game.sim.weight import WEIGHT_SLICE, WEIGHT_STATES, Weight, decision_weight

__all__ = ["Weight", "decision_weight"]  # the decision weight lives in game.sim.weight; the report reads it here

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
    dilemmas: int = 0  # dilemmas answered, over all runs
    words: int = 0  # words read (situations, the options offered, the results), over all runs
    repeats: int = 0  # runs in which some event was drawn twice
    landing_seasons: Counter = field(factory=Counter)  # "YYYY-Qn" the landing began -> soft landings
    tense: int = 0  # runs with a season in the last third where a collapse road was within NEAR points
    economy_fell: int = 0  # runs whose economy ended below its start
    full_runs: int = 0  # runs that lasted to the scenario's end (not cut short by a collapse)
    full_dilemmas: int = 0  # dilemmas answered in those runs
    full_words: int = 0  # words read in those runs
    met: int = 0  # dilemmas met (each answer the strategy was asked for)
    followed: int = 0  # of those, told or offered differently because of what the run did
    lucky: int = 0  # runs that met a dilemma tagged "luck" (a kinder world drawn rarely)
    lucky_landed: int = 0  # of those, runs that landed softly
    roads: Counter = field(factory=Counter)  # transition id -> times the regime took that road

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.strategy, self.runs + other.runs, self.outcomes + other.outcomes, self.endings + other.endings,
            self.collapse_kinds + other.collapse_kinds, self.turns + other.turns,
            self.collapsed_by_year + other.collapsed_by_year, self.events_seen + other.events_seen,
            self.options_chosen + other.options_chosen, self.final + other.final, self.start or other.start,
            self.seconds + other.seconds, self.decisions + other.decisions, self.dilemmas + other.dilemmas,
            self.words + other.words, self.repeats + other.repeats, self.landing_seasons + other.landing_seasons,
            self.tense + other.tense, self.economy_fell + other.economy_fell, self.full_runs + other.full_runs,
            self.full_dilemmas + other.full_dilemmas, self.full_words + other.full_words, self.met + other.met,
            self.followed + other.followed, self.lucky + other.lucky, self.lucky_landed + other.lucky_landed,
            self.roads + other.roads)

    def full_mean(self, name: str) -> float:
        """The mean per full-length campaign of ``dilemmas`` or ``words``."""
        return getattr(self, f"full_{name}") / self.full_runs if self.full_runs else 0.0

    def mean(self, name: str) -> float:
        """The mean per run of a count (``dilemmas``, ``words``, ``turns``)."""
        return getattr(self, name) / self.runs if self.runs else 0.0

    def busiest_season(self) -> tuple[str, float]:
        """The season in which most soft landings began, and its share of them."""
        total = sum(self.landing_seasons.values())
        if not total:
            return "", 0.0
        season, count = self.landing_seasons.most_common(1)[0]
        return season, count / total

    @property
    def follow_share(self) -> float:
        """The share of the dilemmas met that followed the run (told or offered as the run left the country)."""
        return self.followed / self.met if self.met else 0.0

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
            "mean_dilemmas": round(self.mean("dilemmas"), 2), "mean_words": round(self.mean("words"), 1),
            "full_runs": self.full_runs, "full_mean_dilemmas": round(self.full_mean("dilemmas"), 2),
            "full_mean_words": round(self.full_mean("words"), 1),
            "runs_with_a_repeat": self.repeats, "runs_tense_late": self.tense,
            "landing_seasons": dict(sorted(self.landing_seasons.items())),
            "dilemmas_met": self.met, "dilemmas_that_follow_the_run": self.followed,
            "follow_share": round(self.followed / self.met, 4) if self.met else 0.0,
            "lucky_runs": self.lucky, "lucky_runs_landed": self.lucky_landed,
            "roads": dict(sorted(self.roads.items())),
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


#: a strategy with an array form plays its runs as one batch (game.batch) from this many runs; fewer are quicker
#: played one by one
BATCH_FROM = 60


def tally(content: Content, strategy_name: str, runs: int, seed: int = 0, first: int = 0,
          scenario: str | None = None, batch: bool = True) -> Tally:
    """Play runs ``first .. first+runs-1`` of a strategy and count what happened: as one batch where the
    strategy has an array form (the same counts), else run by run (also with ``batch=False``)."""
    player = load_strategy(strategy_name)
    if batch and runs >= BATCH_FROM and batch_problem(content, scenario, player) is None:
        return _batched(content, strategy_name, player, runs, seed, first, scenario)
    strategy = Watched(player)
    started = time.perf_counter()
    result = Tally(strategy_name)
    luck = frozenset(e.id for e in content.events.values() if "luck" in e.tags)
    decisions = 0
    reading = _reading(content)
    landed = {p for t in content.transitions if t.outcome == "soft_landing" for p in t.source}
    for index in range(first, first + runs):
        game_seed, strategy_seed = run_seeds(seed, index)
        state = play(content, strategy, game_seed, strategy_seed, scenario).state
        drawn = [e for record in state.history for e in record.drawn]
        dilemmas = sum(len(record.decisions) for record in state.history)
        words = sum(reading.get(f"{d.event}/{d.option}", 0) for record in state.history for d in record.decisions)
        result.dilemmas += dilemmas
        result.words += words
        if state.outcome != "collapse":
            result.full_runs += 1
            result.full_dilemmas += dilemmas
            result.full_words += words
        result.repeats += len(drawn) != len(set(drawn))
        if state.outcome == "soft_landing":
            began = [c.turn for c in state.transitions if c.target in landed]
            if began:
                result.landing_seasons[str(state.history[began[-1] - 1].date)] += 1
        result.tense += tense_late(content, state)
        if luck.intersection(drawn):
            result.lucky += 1
            result.lucky_landed += state.outcome == "soft_landing"
        result.economy_fell += state.meters["economy"] < state.start_meters["economy"]
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
        result.roads.update(roads_taken(content, state))
    result.decisions = decisions
    result.met, result.followed = sum(strategy.met.values()), sum(strategy.followed.values())
    result.seconds = time.perf_counter() - started
    return result


def batched(name: str) -> bool:
    """Whether a strategy of the report has an array form, so that its runs play as one batch."""
    from game.sim.batch import array_policy
    try:
        return array_policy(load_strategy(name), None, kind_only=True) is not None
    except ValueError:
        return False


def _batched(content: Content, name: str, player: object, runs: int, seed: int, first: int,
             scenario: str | None) -> Tally:
    """:func:`tally`'s counts from one batch of the runs, counted as the loop above counts them."""
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
        return {name: tally(content, name, runs, seed, first, scenario) for name in names}
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


class Watched:
    """A strategy as the report watches it: per dilemma, how often it was met and how often it followed the
    run (told or offered differently because of what the run did; see ``Game.follows_run``)."""

    def __init__(self, strategy: Strategy) -> None:
        self.strategy = strategy
        self.name = getattr(strategy, "name", type(strategy).__name__)
        self._choose = strategy.choose
        if hasattr(strategy, "adjust"):
            self.adjust = strategy.adjust
        self.met: Counter[str] = Counter()
        self.followed: Counter[str] = Counter()

    def choose(self, game: Game, rng: random.Random) -> str:
        ident = game.pending_id or ""
        self.met[ident] += 1
        if game.follows_run():
            self.followed[ident] += 1
        return self._choose(game, rng)


def _reading(content: Content) -> dict[str, int]:
    """Words a player reads for each answer "event/option": the situation, every option's label, the result."""
    found = {}
    for event in content.events.values():
        shown = len(event.text.split()) + len(event.title.split()) + sum(len(o.label.split()) for o in event.options)
        for option in event.options:
            found[f"{event.id}/{option.id}"] = shown + len(option.result.split())
    return found


#: a collapse road this many points from firing counts as close (as on the regime panel)
NEAR = 10.0


def tense_late(content: Content, state: GameState) -> bool:
    """Whether some season in the last third of the campaign had a collapse road within NEAR points
    (or holding), read as the regime panel reads it."""
    last = state.last_turn
    for record in state.history:
        if record.turn <= last * 2 / 3:
            continue
        ns: dict[str, Any] = dict(record.meters)
        ns.update(year=record.date.year, quarter=record.date.quarter, turn=record.turn,
                  turns_left=last - record.turn, phase=record.phase)
        for transition in content.index.leaving.get(record.phase, ()):
            if transition.outcome != "collapse":
                continue
            gap = distance(content, transition.when)(ns, state.flags, state.policies)
            if gap is not None and gap <= NEAR:
                return True
    return False


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
