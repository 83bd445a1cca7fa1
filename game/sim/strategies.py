"""Strategies: simulated players for balance reports and tests.

A strategy answers dilemmas for the simulator. It is any object with

    choose(game: Game, rng: random.Random) -> str     # the id of one of game.options()

and optionally ``adjust(game, rng) -> None``, called once a turn after the dilemmas, which may
call ``game.set_policy(...)``. A plain function ``f(game, rng) -> str`` is a strategy too: load
your own with ``soft-landing simulate --strategy mymodule:f``. Strategies use only the headless
API and must draw any randomness from ``rng`` so runs stay reproducible.

The personas below read options the way a player reads the advisors: by the expected direction
of each effect, weighted by what the persona cares about.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable, Mapping

from game.api import Game
from game.rules.model import Content
from game.sim.planner import Planner
from game.sim.simulate import Strategy as Strategy


class RandomPlayer:
    """Picks any available option, and now and then nudges a random policy."""

    name = "random"

    def array_kind(self) -> str | None:
        """Its form for many runs at once (game.batch)."""
        return "random" if type(self) is RandomPlayer else None

    def choose(self, game: Game, rng: random.Random) -> str:
        return rng.choice(game.options()).id

    def adjust(self, game: Game, rng: random.Random) -> None:
        if rng.random() < 0.25:
            moves = [(pid, lv) for pid, levels in game.policy_moves().items() for lv in levels]
            if moves:
                game.set_policy(*rng.choice(moves))


class Persona:
    """Scores each option by the expected change of the meters it cares about, and steers policies."""

    def __init__(self, name: str, weights: Mapping[str, float], policy_targets: Mapping[str, str] | None = None,
                 noise: float = 0.5) -> None:
        self.name = name
        self.weights = dict(weights)
        self.policy_targets = dict(policy_targets or {})  # policy id -> "max" | "min" | "mid"
        self.noise = noise

    def array_kind(self) -> str | None:
        """Its form for many runs at once (game.batch): its scores do not change in play."""
        return "persona" if type(self) in (Persona, Opportunist) else None

    def score(self, game: Game, effects: Mapping[str, float]) -> float:
        return sum(self.weights.get(meter, 0.0) * amount for meter, amount in effects.items())

    def choose(self, game: Game, rng: random.Random) -> str:
        options = game.options()
        scored = [(self.score(game, o.effects.expected()) + rng.uniform(-self.noise, self.noise), o.id) for o in options]
        return max(scored)[1]

    def adjust(self, game: Game, rng: random.Random) -> None:
        for pid, levels in game.policy_moves().items():
            target = self.policy_targets.get(pid)
            if not levels or target is None:
                continue
            top = len(game.policy(pid).levels) - 1
            wanted = {"max": top, "min": 0, "mid": top // 2}[target]
            current = game.policies[pid]
            if wanted != current:
                step = current + (1 if wanted > current else -1)
                if step in levels:
                    game.set_policy(pid, step)


def _greedy_weights(game: Game) -> dict[str, float]:
    return {m.id: (1.0 if m.good == "up" else -1.0) for m in game.content.meters.values()}


class Opportunist(Persona):
    """Greedy each turn: the option that best moves every meter its good way, equally weighted."""

    def __init__(self) -> None:
        super().__init__("opportunist", {}, noise=0.1)
        self._greedy: tuple[Content, dict[str, float]] | None = None

    def score(self, game: Game, effects: Mapping[str, float]) -> float:
        if self._greedy is None or self._greedy[0] is not game.content:
            self._greedy = (game.content, _greedy_weights(game))
        weights = self._greedy[1]
        return sum(weights.get(m, 0.0) * a for m, a in effects.items())


class Positional:
    """Always picks the option at one position (first, second, ..., last) and never touches policy.

    The dominance check: no such fixed habit may do better than the planner, or the game would
    reward reading option lists instead of the country.
    """

    def __init__(self, name: str, index: int) -> None:
        self.name = name
        self.index = index

    def array_kind(self) -> str | None:
        """Its form for many runs at once (game.batch)."""
        return "position" if type(self) is Positional else None

    def choose(self, game: Game, rng: random.Random) -> str:
        options = game.options()
        index = self.index if self.index < 0 else min(self.index, len(options) - 1)
        return options[index].id


def _planner() -> Strategy:
    return Planner()


BUILT_IN: dict[str, Callable[[], Strategy]] = {
    "random": RandomPlayer,
    "hardliner": lambda: Persona(
        "hardliner",
        {"reform": -3, "isolation": 2, "surveillance": 1.5, "loyalty": 1, "tension": 0.2, "treasury": 1.5,
         "economy": 1, "unrest": -1, "awareness": -1},
        {"media": "max", "markets": "mid", "foreign": "min"},
    ),
    "reformer": lambda: Persona(
        "reformer",
        {"reform": 3, "economy": 2, "treasury": 1, "tension": -1, "isolation": -0.2},
        {"border": "min", "media": "min", "markets": "max", "foreign": "max"},
    ),
    "cautious": lambda: Persona(
        "cautious",
        {"treasury": 1.5, "economy": 1.5, "isolation": 2.5, "loyalty": 1, "unrest": -1.5, "reform": 0.5,
         "surveillance": 1, "awareness": -2},
        {"border": "mid", "media": "mid", "markets": "mid", "foreign": "mid", "privileges": "mid"},
    ),
    "opportunist": Opportunist,
    "planner": _planner,
}

#: fixed habits of option position, for the dominance check (not in the balance report by default)
POSITIONAL: dict[str, Callable[[], Strategy]] = {
    "first": lambda: Positional("first", 0),
    "second": lambda: Positional("second", 1),
    "third": lambda: Positional("third", 2),
    "last": lambda: Positional("last", -1),
}


class StrategyError(ValueError):
    """A strategy name that cannot be found or loaded."""


def load_strategy(name: str) -> Strategy:
    """A built-in strategy by name, or ``module:attribute`` (a function or a strategy object/class)."""
    if name in BUILT_IN:
        return BUILT_IN[name]()
    if name in POSITIONAL:
        return POSITIONAL[name]()
    from game.sim.personas import load_persona
    persona = load_persona(name)
    if persona is not None:
        return persona
    if ":" not in name:
        raise StrategyError(f"unknown strategy '{name}' (built in: {', '.join(BUILT_IN)}; or module:function)")
    module_name, _, attribute = name.partition(":")
    try:
        found = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as error:
        raise StrategyError(f"cannot load strategy '{name}': {error}") from None
    if isinstance(found, type):
        found = found()
    if isinstance(found, Strategy):
        return found
    if callable(found):
        return _FunctionStrategy(name, found)
    raise StrategyError(f"'{name}' is neither a function nor an object with a choose(game, rng) method")


class _FunctionStrategy:
    def __init__(self, name: str, fn: Callable[[Game, random.Random], str]) -> None:
        self.name = name
        self.fn = fn

    def choose(self, game: Game, rng: random.Random) -> str:
        return self.fn(game, rng)
