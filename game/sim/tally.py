"""What the balance report counts of a strategy's campaigns: a :class:`Tally`, and the counting of campaigns
played one by one through the engine (game.sim.tally_batch counts a batch's the same way)."""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from attrs import define, field

from game.api import Game
from game.rules.model import OUTCOMES, Content
from game.rules.regime import distance
from game.rules.state import GameState
from game.sim.baseline import roads_taken
from game.sim.simulate import Strategy, play, run_seeds
from game.sim.strategies import load_strategy


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


def tally_alone(content: Content, strategy_name: str, runs: int, seed: int = 0, first: int = 0,
                scenario: str | None = None) -> Tally:
    """Play runs ``first .. first+runs-1`` of a strategy one by one through the engine and count what happened."""
    strategy = Watched(load_strategy(strategy_name))
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
