"""Playing a campaign on from wherever it stands: the one loop behind ``simulate``, ``balance``, the planner's
look-ahead and the decision weight's rollouts, and the simulated player's protocol it calls."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from game.api import Game
from game.rules.engine import answer, end_season
from game.rules.model import Content
from game.rules.state import LiveState


@runtime_checkable
class Strategy(Protocol):
    """A simulated player: it answers the pending dilemma with the id of an option. It may also have
    ``adjust(game, rng) -> None``, called once a turn (a Protocol cannot say "optional": it is looked up)."""

    def choose(self, game: Game, rng: random.Random) -> str: ...


def rollout(content: Content, live: LiveState, decide: Callable[[LiveState], str],
            adjust: Callable[[LiveState], None] | None = None, turns: int | None = None) -> LiveState:
    """Play a live state on in place, from wherever it stands: ``decide(live)`` answers each dilemma,
    ``adjust(live)`` may change policies once a turn before it closes; until the game ends, or after
    ``turns`` turn ends. The one loop behind ``simulate``, ``balance``, the planner's look-ahead and
    the decision-weight rollouts."""
    while live.outcome is None:
        if turns is not None:
            if turns <= 0:
                break
            turns -= 1
        while live.pending:
            answer(content, live, decide(live))
        if adjust is not None:
            adjust(live)
        end_season(content, live)
    return live


def strategy_rollout(content: Content, live: LiveState, strategy: Strategy, rng: random.Random,
                     turns: int | None = None) -> Game:
    """Play a live state on with a strategy (which sees it through a :class:`Game`), as :func:`rollout` does."""
    game = Game.from_live(content, live)
    choose = strategy.choose
    adjust = getattr(strategy, "adjust", None)

    def decide(_: LiveState) -> str:
        return choose(game, rng)

    def policies(_: LiveState) -> None:
        adjust(game, rng)  # type: ignore[misc]

    rollout(content, live, decide, policies if adjust is not None else None, turns)
    return game
