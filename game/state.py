"""The state of a game: complete, and its own record of why it changed.

A :class:`GameState` holds everything needed to go on playing (meters, date, flags, policies,
follow-ups, the random generator, the regime's phase) and everything needed to explain the run
(the history of every turn: dilemmas drawn, options chosen, and each meter change with its cause).
It is immutable: what saves, replays, the interface and tests read.

A :class:`LiveState` is its working twin, with the same fields in mutable containers: the engine
plays moves on one in place, and a game is frozen into a :class:`GameState` only when somebody
reads it. A whole simulated campaign is played on one live state and frozen once, at its end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from operator import attrgetter
from typing import Any, NamedTuple, NoReturn, TypeVar

from attrs import field, fields, frozen

from game.content import Date, Outcome


K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(dict[K, V]):
    """A dict that cannot change: what a frozen state's meters, policies and streaks are.

    Reads are a dict's (as fast, and equal to a dict with the same items); every way to change it
    raises TypeError; it is hashable, so a whole GameState is. Made with ``FrozenDict(mapping)``.
    """

    __slots__ = ()

    def _refuse(self, *_: Any, **__: Any) -> NoReturn:
        raise TypeError("a frozen game state cannot change: play moves on state.thaw() or through game.api.Game")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))

    def __copy__(self) -> FrozenDict[K, V]:
        return self

    def __deepcopy__(self, _memo: Any) -> FrozenDict[K, V]:
        return self

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"


def frozen_dict(mapping: Mapping[K, V]) -> FrozenDict[K, V]:
    """The mapping as a FrozenDict (itself if it already is one)."""
    return mapping if type(mapping) is FrozenDict else FrozenDict(mapping)


# The fields' converters, one per type: attrs' mypy plugin types __init__ by them, and cannot by a generic one.
def _floats(mapping: Mapping[str, float]) -> FrozenDict[str, float]:
    return frozen_dict(mapping)


def _ints(mapping: Mapping[str, int]) -> FrozenDict[str, int]:
    return frozen_dict(mapping)


def _names(names: Iterable[str]) -> frozenset[str]:
    return names if type(names) is frozenset else frozenset(names)


class MeterChange(NamedTuple):
    """One movement of one meter and what caused it (a named tuple: the hot loop makes many).

    ``cause`` is ``event:<event>/<option>``, ``policy:<policy>@<level>`` (its per-turn effect at that level),
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
    meters: FrozenDict[str, float] = field(converter=_floats)
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
    meters: FrozenDict[str, float] = field(converter=_floats)
    start_meters: FrozenDict[str, float] = field(converter=_floats)
    flags: frozenset[str] = field(converter=_names)
    policies: FrozenDict[str, int] = field(converter=_ints)
    phase: str
    rng: int
    scheduled: tuple[FollowUpDue, ...] = ()
    last_fired: FrozenDict[str, int] = field(factory=FrozenDict, converter=_ints)
    streaks: FrozenDict[str, int] = field(factory=FrozenDict, converter=_ints)
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
    deck: int = 0  # the class deck the draw follows (0: no class; see engine.draw_from_deck)
    rewinds: int = 0  # how many times the player took a move back

    @property
    def over(self) -> bool:
        return self.outcome is not None

    @property
    def turns_left(self) -> int:
        return self.last_turn - self.turn

    def replace(self, **changes: Any) -> GameState:
        """A copy with some fields changed: ``attrs.evolve`` without its per-call introspection."""
        values: Any = _ALL_FIELDS(self)
        if changes:
            values = list(values)
            for name, value in changes.items():
                values[_POSITION[name]] = value
        return GameState(*values)

    def thaw(self) -> LiveState:
        """A live copy to play moves on, sharing nothing that can change; this state is left as it is."""
        return LiveState(
            self.scenario, self.seed, self.turn, self.date, self.last_turn, dict(self.meters), dict(self.start_meters),
            set(self.flags), dict(self.policies), self.phase, self.rng, list(self.scheduled), dict(self.last_fired),
            dict(self.streaks), list(self.pending), self.drawn, list(self.decisions), list(self.policy_changes),
            list(self.changes), list(self.history), list(self.transitions), list(self.moves), self.outcome,
            self.collapse_kind, self.ending, self.deck, self.rewinds)


class LiveState:
    """A game being played: :class:`GameState`'s fields, in containers the engine changes in place.

    Read it as you would a GameState (the rules' read functions take either); change it only
    through the engine's moves, which check a move in full before they change anything.
    """

    __slots__ = ("scenario", "seed", "turn", "date", "last_turn", "meters", "start_meters", "flags", "policies",
                 "phase", "rng", "scheduled", "last_fired", "streaks", "pending", "drawn", "decisions",
                 "policy_changes", "changes", "history", "transitions", "moves", "outcome", "collapse_kind",
                 "ending", "deck", "rewinds")

    def __init__(self, scenario: str, seed: int, turn: int, date: Date, last_turn: int, meters: dict[str, float],
                 start_meters: dict[str, float], flags: set[str], policies: dict[str, int], phase: str, rng: int,
                 scheduled: list[FollowUpDue], last_fired: dict[str, int], streaks: dict[str, int],
                 pending: list[str], drawn: tuple[str, ...], decisions: list[Decision],
                 policy_changes: list[tuple[str, int]], changes: list[MeterChange], history: list[TurnRecord],
                 transitions: list[PhaseChange], moves: list[str], outcome: Outcome | None,
                 collapse_kind: str | None, ending: str | None, deck: int = 0, rewinds: int = 0) -> None:
        self.scenario = scenario
        self.seed = seed
        self.turn = turn
        self.date = date
        self.last_turn = last_turn
        self.meters = meters
        self.start_meters = start_meters
        self.flags = flags
        self.policies = policies
        self.phase = phase
        self.rng = rng
        self.scheduled = scheduled
        self.last_fired = last_fired
        self.streaks = streaks
        self.pending = pending
        self.drawn = drawn
        self.decisions = decisions
        self.policy_changes = policy_changes
        self.changes = changes
        self.history = history
        self.transitions = transitions
        self.moves = moves
        self.outcome = outcome
        self.collapse_kind = collapse_kind
        self.ending = ending
        self.deck = deck
        self.rewinds = rewinds

    def freeze(self) -> GameState:
        """An immutable snapshot, sharing nothing this live state will change."""
        return GameState(
            self.scenario, self.seed, self.turn, self.date, self.last_turn, FrozenDict(self.meters),
            frozen_dict(self.start_meters), frozenset(self.flags), FrozenDict(self.policies), self.phase, self.rng,
            tuple(self.scheduled), FrozenDict(self.last_fired), FrozenDict(self.streaks), tuple(self.pending),
            self.drawn, tuple(self.decisions),
            tuple(self.policy_changes), tuple(self.changes), tuple(self.history), tuple(self.transitions),
            tuple(self.moves), self.outcome, self.collapse_kind, self.ending, self.deck, self.rewinds)


AnyState = GameState | LiveState  # what the rules' read functions accept


_FIELDS = tuple(a.name for a in fields(GameState))
_POSITION = {name: index for index, name in enumerate(_FIELDS)}
_ALL_FIELDS = attrgetter(*_FIELDS)


def namespace(state: AnyState, meters: dict[str, float] | None = None) -> dict[str, Any]:
    """What conditions read: the meters (the state's, or the given ones), the date parts and the phase."""
    ns: dict[str, Any] = dict(state.meters if meters is None else meters)
    ns["year"] = state.date.year
    ns["quarter"] = state.date.quarter
    ns["turn"] = state.turn
    ns["turns_left"] = state.last_turn - state.turn
    ns["phase"] = state.phase
    return ns
