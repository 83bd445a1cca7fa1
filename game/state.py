"""The state of a game: immutable, complete, and its own record of why it changed.

A :class:`GameState` holds everything needed to go on playing (meters, date, flags, policies,
follow-ups, the random generator, the regime's phase) and everything needed to explain the run
(the history of every turn: dilemmas drawn, options chosen, and each meter change with its cause).
It is replaced, never mutated: one ``evolve`` per step of the engine.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, NamedTuple

from attrs import field, fields, frozen

from game.content import Date, Outcome


class MeterChange(NamedTuple):
    """One movement of one meter and what caused it (a named tuple: the hot loop makes many).

    ``cause`` is ``event:<event>/<option>``, ``policy:<policy>`` (its per-turn effect),
    ``change:<policy>`` (the cost of changing it) or ``drift:<rule>``.
    """

    meter: str
    delta: float
    cause: str


class Decision(NamedTuple):
    """A dilemma and the option the player chose for it."""

    event: str
    option: str


@frozen
class PhaseChange:
    """A move of the regime's state machine, with its reason in checkable words."""

    turn: int
    source: str
    target: str
    reason: str


@frozen
class TurnRecord:
    """What happened in one completed turn."""

    turn: int
    date: Date
    drawn: tuple[str, ...]
    decisions: tuple[Decision, ...]
    policy_changes: tuple[tuple[str, int], ...]
    changes: tuple[MeterChange, ...]
    meters: dict[str, float]
    phase: str


@frozen
class FollowUpDue:
    """An event scheduled by an earlier choice to come back on a given turn."""

    turn: int
    event: str
    source: str  # "<event>/<option>" that scheduled it


@frozen
class GameState:
    """Everything about a game at one moment."""

    scenario: str
    seed: int
    turn: int
    date: Date
    last_turn: int
    meters: dict[str, float]
    start_meters: dict[str, float]
    flags: frozenset[str]
    policies: dict[str, int]
    phase: str
    rng: int
    scheduled: tuple[FollowUpDue, ...] = ()
    last_fired: dict[str, int] = field(factory=dict)
    streaks: dict[str, int] = field(factory=dict)
    pending: tuple[str, ...] = ()
    drawn: tuple[str, ...] = ()
    decisions: tuple[Decision, ...] = ()
    policy_changes: tuple[tuple[str, int], ...] = ()
    changes: tuple[MeterChange, ...] = ()
    history: tuple[TurnRecord, ...] = ()
    transitions: tuple[PhaseChange, ...] = ()
    moves: tuple[str, ...] = ()
    outcome: Outcome | None = None
    collapse_kind: str | None = None
    ending: str | None = None

    @property
    def over(self) -> bool:
        return self.outcome is not None

    @property
    def turns_left(self) -> int:
        return self.last_turn - self.turn

    def replace(self, **changes: Any) -> GameState:
        """A copy with some fields changed: ``attrs.evolve`` without its per-call introspection."""
        values = _ALL_FIELDS(self)
        if changes:
            values = list(values)
            for name, value in changes.items():
                values[_POSITION[name]] = value
        return GameState(*values)


_FIELDS = tuple(a.name for a in fields(GameState))
_POSITION = {name: index for index, name in enumerate(_FIELDS)}
_ALL_FIELDS = attrgetter(*_FIELDS)


def namespace(state: GameState, meters: dict[str, float] | None = None) -> dict[str, Any]:
    """What conditions read: the meters (the state's, or the given ones), the date parts and the phase."""
    ns: dict[str, Any] = dict(state.meters if meters is None else meters)
    ns["year"] = state.date.year
    ns["quarter"] = state.date.quarter
    ns["turn"] = state.turn
    ns["turns_left"] = state.last_turn - state.turn
    ns["phase"] = state.phase
    return ns
