"""Turning points: the decisions of a finished run that moved its odds most.

At each decision of a run, every option open then is played out many times from the state just
before it, with fresh dice and a continuation player (a simulated player who plays the rest of the
campaign), and the endings counted. The odds *before* the decision are those of the continuation
player making it too (each option's odds, weighted by how likely that player is to choose it); the
odds *after* are those of the option the player chose. A decision's swing is the largest change,
over the three outcomes, between the two. The after-action report shows the three largest, the
class debrief the same odds for the dilemmas a class split on.

Rollouts are costly, so the budget goes where it counts: every decision is screened with a few
rollouts an option, then the decisions whose screened swing is largest are played out in full. The
full set of a decision starts with its screening rollouts (the same seeds), so nothing is played
twice. Every rollout's seed comes from the run's seed, the decision's turn and its place in the
turn, so the same run always shows the same numbers, and option ``k`` of a decision meets the same
dice as every other option of it (common random numbers: the gaps between options are less noisy
than the odds themselves).

The rollouts are a function passed in (:data:`Rollouts`), so a faster engine may play them; the
scalar engine's is :func:`scalar_rollouts`. Results are kept for a few runs, as the report is built
once for the screen and again for each file. Pure: no textual, no rich; never shown during play.
"""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence

from attrs import frozen

from game.api import Game
from game.rules.engine import answer, available_options, policy_moves, set_policy
from game.rules.model import OUTCOMES, Content, Date
from game.rules.state import GameState, LiveState
from game.sim.rollout import Strategy, rollout, strategy_rollout

_MASK = (1 << 64) - 1

#: successive halving: every decision of the run screened with a few rollouts an option, then the
#: decisions with the largest swings so far kept and played on, stage by stage: (decisions kept,
#: rollouts an option in all); the first stage keeps every decision
STAGES: tuple[tuple[int, int], ...] = ((0, 4), (8, 16), (3, 48))
#: the turning points the report shows
SHOWN = 3
#: the continuation player the report names, by default
PLAYER = "random"
#: how often a continuation player is asked what it would choose, to weigh the odds before a decision
LEANING_ASKS = 32

#: ``rollouts(state, option, seeds)``: play ``option`` from ``state`` (a dilemma pending) once per seed,
#: each time with that seed's dice, then the rest of the campaign; the count of each outcome, in the
#: order of :data:`game.rules.model.OUTCOMES`
Rollouts = Callable[[GameState, str, Sequence[int]], tuple[int, ...]]
#: ``leaning(state)``: how likely the continuation player is to choose each option of the pending dilemma
Leaning = Callable[[GameState], Mapping[str, float]]


@frozen
class Continuation:
    """Who plays on after a decision: a name for the report, the rollouts, and what it would have chosen."""

    name: str
    rollouts: Rollouts
    leaning: Leaning


@frozen
class OptionOdds:
    """An option's endings over its rollouts."""

    option: str
    counts: tuple[int, ...]  # per outcome, in the order of OUTCOMES

    @property
    def runs(self) -> int:
        return sum(self.counts)

    def share(self, outcome: str) -> float:
        return self.counts[OUTCOMES.index(outcome)] / self.runs if self.runs else 0.0

    def __add__(self, other: OptionOdds) -> OptionOdds:
        return OptionOdds(self.option, tuple(a + b for a, b in zip(self.counts, other.counts)))


@frozen
class TurningPoint:
    """One decision and the odds around it."""

    move: int  # the decision's place among the run's moves (0-based)
    turn: int
    date: Date
    dilemma: str
    chosen: str
    options: tuple[OptionOdds, ...]  # every option open then, in the order the content lists them
    before: tuple[float, ...]  # the odds before the decision, per outcome

    @property
    def rollouts(self) -> int:
        """Rollouts behind each option's numbers."""
        return min(o.runs for o in self.options)

    @property
    def choice(self) -> OptionOdds:
        return next(o for o in self.options if o.option == self.chosen)

    @property
    def others(self) -> tuple[OptionOdds, ...]:
        return tuple(o for o in self.options if o.option != self.chosen)

    def moved(self, outcome: str) -> float:
        """How far the choice moved the odds of an outcome (after minus before)."""
        return self.choice.share(outcome) - self.before[OUTCOMES.index(outcome)]

    @property
    def outcome(self) -> str:
        """The outcome whose odds the choice moved most (the first of OUTCOMES on a tie)."""
        return max(OUTCOMES, key=lambda o: (abs(self.moved(o)), -OUTCOMES.index(o)))

    @property
    def swing(self) -> float:
        return abs(self.moved(self.outcome))


@frozen
class Turning:
    """The turning points of a run, largest swing first, and what they rest on."""

    points: tuple[TurningPoint, ...]
    player: str  # the continuation player's name
    decisions: int  # decisions screened
    screen: int  # rollouts an option in the screening of every decision
    rollouts: int  # rollouts an option behind the points shown
    played: int  # rollouts played in all


def mix(*parts: int) -> int:
    """A 64-bit seed from integers, through SplitMix64's finaliser: any change of a part changes it all."""
    z = 0x2545F4914F6CDD1D
    for part in parts:
        z = (z + (part & _MASK) * 0x9E3779B97F4A7C15 + 0x9E3779B97F4A7C15) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        z ^= z >> 31
    return z


def rollout_seeds(run_seed: int, turn: int, at: int, first: int, count: int, student: int = 0) -> list[int]:
    """The seeds of rollouts ``first .. first+count-1`` of the decision at place ``at`` of a turn (of the
    ``student``-th run of a class, whose students share their game's seed; 0 for a run on its own)."""
    return [mix(run_seed, turn, at, student, index) for index in range(first, first + count)]


# --- the scalar engine's rollouts ------------------------------------------------------------------

def continuation(content: Content, name: str = PLAYER) -> Continuation:
    """A continuation player by strategy or persona name, playing on the scalar engine."""
    from game.sim.strategies import load_strategy
    load = lambda: load_strategy(name)
    rollouts = random_rollouts(content) if name == "random" else scalar_rollouts(content, load)
    return Continuation(name, rollouts, scalar_leaning(content, load))


def random_rollouts(content: Content) -> Rollouts:
    """The random player's rule (:class:`game.sim.strategies.RandomPlayer`: any open option alike, and in a
    quarter of the seasons one policy move alike) played on the engine directly: a third faster than
    through a :class:`Game`, which words every option as the run tells it for a reader there is none of."""
    def rollouts(state: GameState, option: str, seeds: Sequence[int]) -> tuple[int, ...]:
        counts = dict.fromkeys(OUTCOMES, 0)
        rng = random.Random()

        def decide(now: LiveState) -> str:
            return rng.choice(available_options(content, now)).id

        def adjust(now: LiveState) -> None:
            if rng.random() < 0.25:
                moves = [(pid, level) for pid, levels in policy_moves(content, now).items() for level in levels]
                if moves:
                    set_policy(content, now, *rng.choice(moves))
        for seed in seeds:
            live = state.thaw()
            live.rng = seed
            rng.seed(seed)
            answer(content, live, option)
            rollout(content, live, decide, adjust)
            counts[live.outcome] += 1  # type: ignore[index]  # a rollout plays to the end
        return tuple(counts.values())
    return rollouts


def scalar_rollouts(content: Content, player: Callable[[], Strategy]) -> Rollouts:
    """Rollouts on the scalar engine, a fresh ``player()`` for each set."""
    def rollouts(state: GameState, option: str, seeds: Sequence[int]) -> tuple[int, ...]:
        counts = dict.fromkeys(OUTCOMES, 0)
        strategy = player()
        for seed in seeds:
            live = state.thaw()
            live.rng = seed
            answer(content, live, option)
            strategy_rollout(content, live, strategy, random.Random(seed))
            counts[live.outcome] += 1  # type: ignore[index]  # a rollout plays to the end
        return tuple(counts.values())
    return rollouts


def scalar_leaning(content: Content, player: Callable[[], object]) -> Leaning:
    """What the player would choose in a state, asked :data:`LEANING_ASKS` times with fresh dice (a player
    that picks at random among the options is known to: it is not asked)."""
    def leaning(state: GameState) -> Mapping[str, float]:
        game = Game(content, state)
        options = [o.id for o in game.options()]
        strategy = player()
        if getattr(strategy, "name", "") == "random":
            return dict.fromkeys(options, 1 / len(options))
        chose = dict.fromkeys(options, 0)
        for ask in range(LEANING_ASKS):
            chose[strategy.choose(game, random.Random(mix(state.seed, state.turn, ask)))] += 1  # type: ignore[attr-defined]
        return {o: n / LEANING_ASKS for o, n in chose.items()}
    return leaning


# --- a run's decisions -----------------------------------------------------------------------------

@frozen
class Decision:
    """A decision of a run: the state just before it, and the option taken."""

    move: int
    at: int  # its place among the turn's decisions (0 for the first dilemma of a season)
    state: GameState
    chosen: str


def decisions(game: Game) -> list[Decision]:
    """Every decision of a game's line, each with the state just before it (found by replaying its moves)."""
    state = game.state
    replay = Game.new(game.content, state.scenario, state.seed, state.deck, timeline=False)
    found: list[Decision] = []
    at = 0
    for index, move in enumerate(state.moves):
        pending = replay.pending_id
        if pending is not None and move.startswith(pending + ":"):
            found.append(Decision(index, at, replay.state, move.partition(":")[2]))
            at += 1
        elif move == "end":
            at = 0
        replay.play(move)
    return found


def _point(content: Content, player: Continuation, decision: Decision, count: int,
           known: tuple[OptionOdds, ...] = (), student: int = 0) -> TurningPoint:
    """A decision's odds over ``count`` rollouts an option, adding to the rollouts already ``known``."""
    state = decision.state
    done = known[0].runs if known else 0
    seeds = rollout_seeds(state.seed, state.turn, decision.at, done, count - done, student)
    dilemma = state.pending[0]
    opened = [o.id for o in available_options(content, state)]
    odds = []
    for index, option in enumerate(opened):
        more = OptionOdds(option, player.rollouts(state, option, seeds)) if seeds else OptionOdds(option, (0,) * len(OUTCOMES))
        odds.append(known[index] + more if known else more)
    leaning = player.leaning(state)
    before = tuple(sum(leaning.get(o.option, 0.0) * o.share(outcome) for o in odds) for outcome in OUTCOMES)
    return TurningPoint(decision.move, state.turn, state.date, dilemma, decision.chosen, tuple(odds), before)


def turning_points(game: Game, player: Continuation | None = None, stages: Sequence[tuple[int, int]] | None = None,
                   shown: int = SHOWN) -> Turning:
    """The ``shown`` decisions of a game's line with the largest swings, largest first, by successive
    halving (:data:`STAGES` by default): each stage ``(kept, rollouts)`` keeps the ``kept`` decisions of the stage before with the
    largest swings (the first stage: every decision) and plays each of their options on to ``rollouts``.
    Decisions with a single open option are passed over."""
    content = game.content
    player = player or continuation(content)
    stages = STAGES if stages is None else stages
    found = [d for d in decisions(game) if len(available_options(content, d.state)) > 1]
    points: list[TurningPoint | None] = [None] * len(found)
    alive = list(range(len(found)))
    played = 0
    for stage, (kept, rollouts) in enumerate(stages):
        if stage:
            alive = sorted(alive, key=lambda i: (-points[i].swing, i))[:max(kept, shown)]  # type: ignore[union-attr]
        for i in alive:
            known = points[i]
            had = known.rollouts if known else 0
            if rollouts > had:
                points[i] = _point(content, player, found[i], rollouts, known.options if known else ())
                played += len(points[i].options) * (rollouts - had)  # type: ignore[union-attr]
    final = sorted((p for i in alive if (p := points[i]) is not None), key=lambda p: (-p.swing, p.move))
    return Turning(tuple(final[:shown]), player.name, len(found), stages[0][1] if stages else 0,
                   max((p.rollouts for p in final[:shown]), default=0), played)


# --- kept for the report's several renderings --------------------------------------------------------

_KEPT: OrderedDict[tuple[object, ...], Turning] = OrderedDict()
_KEEP = 8


def forget() -> None:
    """Drop every kept result (a benchmark times them afresh)."""
    _KEPT.clear()
    _CLASS_KEPT.clear()


def run_key(game: Game) -> tuple[object, ...]:
    """What makes a run's turning points: its content, scenario, seed, deck and moves."""
    state = game.state
    return (game.content.fingerprint, state.scenario, state.seed, state.deck, state.moves)


def kept(game: Game, player: str = PLAYER) -> Turning | None:
    """The turning points of a run if they are already worked out (by :func:`cached_turning_points`), else None."""
    return _KEPT.get((*run_key(game), player, STAGES))


def cached_turning_points(game: Game, player: str = PLAYER) -> Turning:
    """:func:`turning_points` with the default budget and a named continuation player, kept for the
    last few runs asked about (the report is rendered on the screen, then to Markdown and HTML)."""
    key = (*run_key(game), player, STAGES)
    found = _KEPT.get(key)
    if found is None:
        found = _KEPT[key] = turning_points(game, continuation(game.content, player), STAGES)
        while len(_KEPT) > _KEEP:
            _KEPT.popitem(last=False)
    _KEPT.move_to_end(key)
    return found


# --- a class's split dilemmas ------------------------------------------------------------------------

@frozen
class ClassOdds:
    """The odds of each option of a dilemma, over every student's state just before it, and the odds before."""

    dilemma: str
    options: tuple[OptionOdds, ...]
    before: tuple[float, ...]  # per outcome, averaged over the students
    students: int
    player: str

    @property
    def rollouts(self) -> int:
        return min((o.runs for o in self.options), default=0)


def first_meeting(game: Game, dilemma: str) -> Decision | None:
    """The first decision of a game on a dilemma, with the state just before it."""
    return next((d for d in decisions(game) if d.state.pending[0] == dilemma), None)


def class_odds(content: Content, met: Sequence[Decision], player: Continuation, rollouts: int) -> ClassOdds | None:
    """Every option of one dilemma rolled out from each student's state before it, about ``rollouts``
    times an option in all (at least twice from each state), added up; None if nobody met it."""
    if not met:
        return None
    each = max(2, round(rollouts / len(met)))
    totals: dict[str, OptionOdds] = {}
    before = [0.0] * len(OUTCOMES)
    for student, decision in enumerate(met, 1):  # students of a class share a seed: each has dice of its own
        point = _point(content, player, decision, each, student=student)
        for odds in point.options:
            totals[odds.option] = totals[odds.option] + odds if odds.option in totals else odds
        before = [b + p / len(met) for b, p in zip(before, point.before)]
    dilemma = content.events[met[0].state.pending[0]]
    ordered = tuple(totals[o.id] for o in dilemma.options if o.id in totals)
    return ClassOdds(dilemma.id, ordered, tuple(before), len(met), player.name)


_CLASS_KEPT: OrderedDict[tuple[object, ...], ClassOdds | None] = OrderedDict()


def kept_class(games: Sequence[Game], dilemma: str, rollouts: int, player: str = PLAYER) -> bool:
    """Whether :func:`cached_class_odds` has these odds already."""
    return (tuple(run_key(g) for g in games), dilemma, rollouts, player) in _CLASS_KEPT


def cached_class_odds(games: Sequence[Game], dilemma: str, rollouts: int, player: str = PLAYER) -> ClassOdds | None:
    """:func:`class_odds` of a dilemma over the games of a class that met it, kept for the last few asked
    about (a debrief is rendered as a page and as Markdown)."""
    key = (tuple(run_key(g) for g in games), dilemma, rollouts, player)
    if key not in _CLASS_KEPT:
        met = [d for g in games if (d := first_meeting(g, dilemma)) is not None]
        content = games[0].content if games else None
        _CLASS_KEPT[key] = class_odds(content, met, continuation(content, player), rollouts) if content else None
        while len(_CLASS_KEPT) > _KEEP * 4:
            _CLASS_KEPT.popitem(last=False)
    _CLASS_KEPT.move_to_end(key)
    return _CLASS_KEPT[key]
