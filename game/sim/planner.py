"""The planner: a simulated player that looks ahead, as a thoughtful human would.

It reads the regime's own table to know what ends a run (each collapse guard and the soft landing
bar) and judges a state by how far it stands from each of them, with the essay's mechanisms as a
player would learn them: keep the police paid, open only behind walls until the economy carries
it, keep the cadres bought in, and never let the people learn faster than fear can hold them.

It plays by rollouts of the pure engine: for each option of a dilemma (and each policy move of a
turn) it plays a few futures over copies of the immutable state, answering later dilemmas with a
cheap default, and keeps the move whose futures score best. Futures are played with fresh dice
drawn from the strategy's own generator, so the planner never peeks at the game's real dice.

By default it looks one move ahead: an answer is played out with fresh dice and judged where it
leaves the regime, and a policy move is judged at the end of the season, when policies act. It
reaches for the standing policies only in trouble (a phase off the road to the landing other than
the one campaigns start in: strained or in crisis), since a policy judged a
season ahead looks better than it wears over the years. Deeper futures answer their dilemmas by the
cheap default (the sum of the hints' good directions, a poor player), so they mislead more than they
inform: depth 2 lands softly less often than depth 0, at many times the cost. It values the
blockade more the more seasons are left, since a point of isolation lost early lets news in every
season after it.
"""

from __future__ import annotations

import ast
import math
import random
from collections.abc import Callable
from functools import partial
from typing import Any

from attrs import frozen

from game.rules import engine
from game.api import Game
from game.rules.model import Content
from game.rules.conditions import UNMEASURED, Condition
from game.sim.rollout import rollout
from game.rules.state import AnyState, GameState, LiveState, namespace


@frozen
class Weights:
    """What the planner values, in meter points; the names follow the essay's mechanisms."""

    collapse_danger: float = 60.0  # per collapse guard, at distance 0
    danger_scale: float = 7.0  # meter points over which a guard's danger fades
    landing: float = 3.0  # per point still missing from the soft landing's bar
    landing_streak: float = 40.0  # per turn the guard into the landing has held
    landed: float = 200.0  # for standing in the landing phase, which must be held to the end
    crisis: float = 25.0  # for being in the crisis phase (where the people can rise)
    awareness: float = 1.2  # per point: what people know never comes back (P13)
    isolation: float = 0.4  # per point of the information blockade, which slows what people learn (P12)
    isolation_future: float = 0.04  # more per point and season left: a point of blockade lost now is news every season after
    reform_cap: float = 1.0  # per point of reform beyond what the landing needs: each one leaks news (P15)
    surveillance: float = 0.3  # per point of a paid police (P11)
    treasury_floor: float = 1.0  # per point of treasury below the police's funding line (P13, P26)
    loyalty: float = 0.3  # per point of cadres' loyalty (P21)
    walls: float = 0.3  # per point of isolation, while the economy is short of the landing's bar (P16)


@frozen
class Terminal:
    """Values of a finished run, by outcome."""

    soft_landing: float = 1000.0
    survival: float = 250.0
    collapse: float = -1000.0


class Planner:
    """Looks ahead by short rollouts of the engine and plays the move with the best futures."""

    name = "planner"

    def __init__(self, depth: int = 0, samples: int = 2, weights: Weights | None = None,
                 terminal: Terminal | None = None, policy_depth: int = 1, policies_in_trouble_only: bool = True) -> None:
        self.depth = depth
        self.policy_depth = policy_depth  # a policy acts when the season closes: judge it at least that far on
        # reach for the standing policies only in trouble, not while things hold, for a policy judged a season
        # ahead looks better than it wears
        self.policies_in_trouble_only = policies_in_trouble_only
        self.samples = samples
        self.weights = weights or Weights()
        self.terminal = terminal or Terminal()
        self._content: Content | None = None
        self.decisions = 0

    def array_kind(self) -> str | None:
        """Its form for many runs at once (game.sim.batch_planner): a planner that judges an answer where it
        leaves the regime and a policy move at most a season on."""
        fits = type(self) is Planner and self.depth == 0 and max(self.depth, self.policy_depth) <= 1
        return "planner" if fits else None

    # --- reading the content once ---------------------------------------------------------------

    def _prepare(self, content: Content) -> None:
        if self._content is content:
            return
        self.danger_roads = [t for t in content.transitions if t.outcome == "collapse"]
        self._dangers = [(t.id, t.when.distance) for t in self.danger_roads]
        # the landing: the phases a soft landing is declared from, the roads into them and out of them
        landed = {p for t in content.transitions if t.outcome == "soft_landing" for p in t.source}
        self._landed = landed
        entries = [t for t in content.transitions if t.to in landed]
        if not entries:  # a landing declared straight from its guard
            entries = [t for t in content.transitions if t.outcome == "soft_landing"]
        # each road with the parts of its guard that only history decides (a flag, a phase): a road they close
        # in this run does not pull the planner towards its bars
        self.entry_roads = entries
        self._entries = [(t.id, t.when.distance, set(t.source), t.when.history) for t in entries]
        # trouble: the phases off the road to the landing, other than the one a campaign starts in
        on_track = landed | {p for t in entries for p in t.source}
        self._trouble = frozenset(content.phases) - on_track - {content.default_scenario.phase}
        self.slip_roads = [t for t in content.transitions
                           if t.to and t.to not in landed and (landed & set(t.source) or "*" in t.source)]
        self._slips = [(t.id, t.when.distance) for t in self.slip_roads]
        landing = entries[0] if entries else None
        self._funding = funding_line(content)
        self._economy_bar = _bar(landing.when, "economy") if landing else 0.0
        self._reform_bar = _bar(landing.when, "reform") if landing else 100.0
        self._good = {m.id: (1.0 if m.good == "up" else -1.0) for m in content.meters.values()}
        self._content = content

    # --- judging a state --------------------------------------------------------------------------

    def value(self, content: Content, state: AnyState) -> float:
        """How good a state is for reaching a soft landing without falling on the way."""
        self._prepare(content)
        if state.outcome is not None:
            base = getattr(self.terminal, state.outcome)
            return base + (state.turn if state.outcome == "collapse" else 0.0)
        w = self.weights
        ns = namespace(state)
        flags, policies, m = state.flags, state.policies, state.meters
        score = 0.0
        for ident, guard in self._dangers:
            gap = guard.points(ns, flags, policies, UNMEASURED)
            score -= w.collapse_danger * math.exp(-gap / w.danger_scale) * (1.5 if state.streaks.get(ident) else 1.0)
        if state.phase in self._landed:
            score += w.landed
            for _, guard in self._slips:
                score -= w.collapse_danger * math.exp(-guard.points(ns, flags, policies, UNMEASURED) / w.danger_scale)
        else:
            # the roads into the landing are an "or": the state is as far from the landing as from its nearest
            # road that history leaves open
            gaps = [guard.points(ns, flags, policies, UNMEASURED) for _, guard, _, history in self._entries
                    if all(part.fn(ns, flags, policies) for part in history)]
            if gaps:
                score -= w.landing * min(gaps)
            for ident, _guard, sources, _history in self._entries:
                if state.phase in sources:
                    score += w.landing_streak * state.streaks.get(ident, 0)
        if state.phase == "crisis":
            score -= w.crisis
        score -= w.awareness * m.get("awareness", 0.0)
        score += (w.isolation + w.isolation_future * (state.last_turn - state.turn)) * m.get("isolation", 0.0)
        score -= w.reform_cap * max(0.0, m.get("reform", 0.0) - self._reform_bar - 8.0)
        score += w.surveillance * m.get("surveillance", 0.0)
        score += w.loyalty * m.get("loyalty", 0.0)
        score -= w.treasury_floor * max(0.0, self._funding - m.get("treasury", 0.0))
        if self._economy_bar:
            short = max(0.0, self._economy_bar - m.get("economy", 0.0)) / self._economy_bar
            score += w.walls * short * m.get("isolation", 0.0)
        return score

    # --- the cheap default used inside futures ---------------------------------------------------

    def _default(self, content: Content, state: AnyState) -> str:
        options = engine.available_options(content, state)
        good = self._good
        best, best_score = options[0].id, -1e18
        for option in options:
            score = sum(good.get(meter, 0.0) * amount for meter, amount in option.effects.expected().items())
            if score > best_score:
                best, best_score = option.id, score
        return best

    def _future(self, content: Content, live: LiveState, turns: int) -> None:
        """Play on in place with the default answers and unchanged policies for up to ``turns`` turn ends."""
        rollout(content, live, lambda state: self._default(content, state), turns=turns)

    def _judge(self, content: Content, state: GameState, move: Callable[[LiveState], None],
               rng: random.Random, depth: int | None = None) -> float:
        """The mean value of a few futures after a move, each on its own live copy with its own dice."""
        total = 0.0
        for _ in range(self.samples):
            future = state.thaw()
            future.rng = rng.getrandbits(64)
            move(future)
            self._future(content, future, self.depth if depth is None else depth)
            total += self.value(content, future)
        return total / self.samples

    # --- the strategy's two calls -----------------------------------------------------------------

    def choose(self, game: Game, rng: random.Random) -> str:
        content, state = game.content, game.state
        self._prepare(content)
        options = engine.available_options(content, state)
        self.decisions += 1
        if len(options) == 1:
            return options[0].id
        scored = [(self._judge(content, state, partial(engine.answer, content, option_id=o.id), rng), o.id)
                  for o in options]
        return max(scored)[1]

    def adjust(self, game: Game, rng: random.Random) -> None:
        content, state = game.content, game.state
        self._prepare(content)
        self.decisions += 1
        if self.policies_in_trouble_only and state.phase not in self._trouble:
            return
        moves: list[tuple[str, int] | None] = [None]
        moves += [(pid, lv) for pid, levels in engine.policy_moves(content, state).items() for lv in levels]

        def play(move: tuple[str, int] | None) -> Callable[[LiveState], None]:
            if move is None:
                return lambda s: None
            return lambda s: engine.set_policy(content, s, move[0], move[1])

        depth = max(self.depth, self.policy_depth)
        scored = [(self._judge(content, state, play(move), rng, depth), index) for index, move in enumerate(moves)]
        best = moves[max(scored)[1]]
        if best is not None:
            game.set_policy(*best)


def _bar(guard: Condition, meter: str) -> float:
    """The number a guard asks of a meter (``economy >= 55`` gives 55), or 0 if it asks none."""
    tree = guard.tree
    parts = tree.values if isinstance(tree, ast.BoolOp) else [tree]
    for part in parts:
        if (isinstance(part, ast.Compare) and isinstance(part.left, ast.Name) and part.left.id == meter
                and isinstance(part.comparators[0], ast.Constant) and isinstance(part.comparators[0].value, int | float)):
            return float(part.comparators[0].value)
    return 0.0


def funding_line(content: Content) -> float:
    """The treasury below which the police's upkeep drift turns negative (its rot begins), by bisection."""
    rules = [r for r in content.drift if r.meter == "surveillance"]
    if not rules:
        return 0.0
    state_ns: dict[str, Any] = {m: 50.0 for m in content.meters}
    state_ns.update(year=2005, quarter=1, turn=1, turns_left=10, phase="entrenched")
    state_ns["reform"] = 0.0
    policies = {p.id: p.start for p in content.policies.values()}

    def upkeep(treasury: float) -> float:
        state_ns["treasury"] = treasury
        return sum(float(r.amount(state_ns, frozenset(), policies)) for r in rules
                   if r.when is None or r.when(state_ns, frozenset(), policies))

    low, high = 0.0, 100.0
    if upkeep(low) >= 0:
        return 0.0
    if upkeep(high) < 0:
        return 100.0
    for _ in range(30):
        middle = (low + high) / 2
        low, high = (middle, high) if upkeep(middle) < 0 else (low, middle)
    return high
