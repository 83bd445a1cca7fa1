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

from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from typing import Any, NamedTuple, NoReturn, TypeVar

from attrs import NOTHING, Attribute, field, fields, frozen

from game.rules.model import Date, Outcome


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
    """A move of the regime's state machine, with its reason in checkable words.

    The reason is words in the language the game was played in, not play: two states that differ only
    in it are equal, so a save made in one language loads in another."""

    turn: int
    source: str
    target: str
    reason: str = field(eq=False)


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
    # The record of how the run was played, which the rules never read: carried through replays as it is.
    rewinds: int = 0  # how many times the player went back to the start of a season
    went_back: tuple[int, ...] = ()  # the season (turn) gone back to, each time, in order
    one_life: bool = False  # a one-life game: going back is refused

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
        return _thaw(self)


class LiveState:
    """A game being played: :class:`GameState`'s fields, in containers the engine changes in place.

    Read it as you would a GameState (the rules' read functions take either); change it only
    through the engine's moves, which check a move in full before they change anything.

    The annotations below are the only list of its fields, for the type checker: they must name
    GameState's fields in GameState's order (checked when this module is imported), and the slots,
    the constructor, :meth:`freeze`, :meth:`copy` and ``GameState.thaw`` are all made from
    GameState's fields, each container converted by its kind (a dict, a set or a list here; a
    FrozenDict, a frozenset or a tuple there).
    """

    scenario: str
    seed: int
    turn: int
    date: Date
    last_turn: int
    meters: dict[str, float]
    start_meters: FrozenDict[str, float]  # never changes in play: shared, not copied
    flags: set[str]
    policies: dict[str, int]
    phase: str
    rng: int
    scheduled: list[FollowUpDue]
    last_fired: dict[str, int]
    streaks: dict[str, int]
    pending: list[str]
    drawn: tuple[str, ...]
    decisions: list[Decision]
    policy_changes: list[tuple[str, int]]
    changes: list[MeterChange]
    history: list[TurnRecord]
    transitions: list[PhaseChange]
    moves: list[str]
    outcome: Outcome | None
    collapse_kind: str | None
    ending: str | None
    deck: int
    rewinds: int
    went_back: tuple[int, ...]  # changes only by going back, which replaces the live state
    one_life: bool

    __slots__ = tuple(a.name for a in fields(GameState))

    def __init__(self, **values: Any) -> None:
        """A live state from GameState's fields by name (those with a default may be left out)."""
        for at, name in enumerate(_FIELDS):
            if name in values:  # a field held alike by both kinds of state is converted as GameState would
                value = values.pop(name)
                convert = _ATTRIBUTES[at].converter if at in _SAME else None
                setattr(self, name, convert(value) if callable(convert) else value)
            elif name in _DEFAULTS:
                setattr(self, name, _DEFAULTS[name]())
            else:
                raise TypeError(f"LiveState needs a value for {name}")
        if values:
            raise TypeError(f"LiveState has no field {', '.join(values)}")

    def freeze(self) -> GameState:
        """An immutable snapshot, sharing nothing this live state will change."""
        return _freeze(self)

    def copy(self) -> LiveState:
        """A live copy sharing nothing that can change (a rollout's starting point, without a freeze)."""
        return _thaw(self)

    def mark(self) -> SeasonMark:
        """A cheap record of this moment, made a GameState later by :meth:`SeasonMark.state`.

        A snapshot at every season's start costs a whole GameState when nobody may ever ask for it;
        a mark copies only what changes in place and keeps the lists the engine only appends to
        (history, transitions, moves) as their lengths, read back from this live state's lists."""
        return SeasonMark(_mark(self), len(self.moves))


class SeasonMark(NamedTuple):
    """A live state's moment as :meth:`LiveState.mark` kept it: valid while that live state's history,
    transitions and moves still begin as they did then (the engine only appends to them)."""

    values: tuple[Any, ...]  # GameState's fields, containers frozen, the append-only lists as lengths
    moves: int  # how many moves had been played

    def state(self, live: LiveState) -> GameState:
        """The GameState of the moment marked, its append-only lists read from ``live``'s."""
        return _unmark(self.values, live)


AnyState = GameState | LiveState  # what the rules' read functions accept


_ATTRIBUTES: tuple[Attribute[Any], ...] = fields(GameState)
_FIELDS = tuple(a.name for a in _ATTRIBUTES)
_POSITION = {name: index for index, name in enumerate(_FIELDS)}
_ALL_FIELDS = attrgetter(*_FIELDS)
if tuple(LiveState.__annotations__) != _FIELDS:  # the one hand-written list must follow GameState's
    raise TypeError("LiveState's annotations must name GameState's fields in order: "
                    f"{sorted(set(_FIELDS) ^ set(LiveState.__annotations__))}")


def _kind(annotation: str, kinds: Mapping[str, Any]) -> Any:
    return next((convert for prefix, convert in kinds.items() if annotation.startswith(prefix)), None)


# Each container field's conversion, found from the two classes' annotations: frozen to live, live to frozen.
_THAW = tuple((at, convert) for at, name in enumerate(_FIELDS)
              if (convert := _kind(LiveState.__annotations__[name], {"dict[": dict, "set[": set, "list[": list})))
_FREEZE = tuple((at, convert) for at, name in enumerate(_FIELDS) if (convert := _kind(
    str(_ATTRIBUTES[at].type), {"FrozenDict[": FrozenDict, "frozenset[": frozenset, "tuple[": tuple})))
_SAME = tuple(at for at, name in enumerate(_FIELDS) if LiveState.__annotations__[name] == str(_ATTRIBUTES[at].type))
if [at for at, _ in _THAW] != [at for at, _ in _FREEZE if at not in _SAME]:
    raise TypeError("a field is either held alike by both kinds of state or in a container of each kind")


def _fresh(at: int, default: Any) -> Callable[[], Any]:
    """A field's default as a LiveState made by name holds it: made afresh, in the live kind of container."""
    convert = dict(_THAW).get(at, lambda value: value)
    factory = getattr(default, "factory", None)
    return (lambda: convert(factory())) if factory is not None else (lambda: convert(default))


_DEFAULTS = {a.name: _fresh(at, a.default) for at, a in enumerate(_ATTRIBUTES) if a.default is not NOTHING}


def _straight_line(name: str, text: str, scope: dict[str, Any]) -> Any:
    """A function compiled from source made here of field names only, as attrs, dataclasses and
    namedtuple make theirs: a freeze or a thaw is straight-line code, with no loop over the fields,
    because the terminal freezes a state after every move and a game at every season's start."""
    exec(compile(text, f"<game.state {name}>", "exec"), scope)  # noqa: S102 - our own field names, never data
    return scope[name]


def _converted(source: str, at: int, conversions: Iterable[tuple[int, Any]]) -> str:
    convert = dict(conversions).get(at)
    value = f"{source}.{_FIELDS[at]}"
    return f"{convert.__name__}({value})" if convert is not None else value


_SCOPE = {"GameState": GameState, "LiveState": LiveState, "FrozenDict": FrozenDict, "_new": object.__new__,
          **{f"_set{at}": getattr(GameState, name).__set__ for at, name in enumerate(_FIELDS)}}


def _assembling(name: str, parameters: str, value: Callable[[int], str]) -> Any:
    """A function that makes a GameState from values already of its fields' kinds, each set in its
    slot: attrs' __init__ would run the converters again (a third of a freeze's time) on values a
    freeze has just converted."""
    return _straight_line(name, f"def {name}({parameters}):\n    state = _new(GameState)\n"
                          + "".join(f"    _set{at}(state, {value(at)})\n" for at in range(len(_FIELDS)))
                          + "    return state\n", dict(_SCOPE))


_freeze: Callable[[LiveState], GameState] = _assembling("_freeze", "live", lambda at: _converted("live", at, _FREEZE))
_thaw: Callable[[AnyState], LiveState] = _straight_line("_thaw", "def _thaw(state):\n    live = _new(LiveState)\n"
                                                         + "".join(f"    live.{name} = {_converted('state', at, _THAW)}\n"
                                                                   for at, name in enumerate(_FIELDS))
                                                         + "    return live\n", dict(_SCOPE, _new=object.__new__))


# The lists the engine only appends to (never changes or removes an item of): a mark keeps their lengths.
_APPEND_ONLY = ("history", "transitions", "moves")


def _marked(at: int) -> str:
    name = _FIELDS[at]
    return f"len(live.{name})" if name in _APPEND_ONLY else _converted("live", at, _FREEZE)


def _unmarked(at: int) -> str:
    name = _FIELDS[at]
    return f"tuple(live.{name}[:values[{at}]])" if name in _APPEND_ONLY else f"values[{at}]"


_mark: Callable[[LiveState], tuple[Any, ...]] = _straight_line(
    "_mark", "def _mark(live):\n    return (" + ", ".join(_marked(at) for at in range(len(_FIELDS))) + ",)\n", dict(_SCOPE))
_unmark: Callable[[tuple[Any, ...], LiveState], GameState] = _assembling("_unmark", "values, live", _unmarked)


def namespace(state: AnyState, meters: dict[str, float] | None = None) -> dict[str, Any]:
    """What conditions read: the meters (the state's, or the given ones), the date parts and the phase."""
    ns: dict[str, Any] = dict(state.meters if meters is None else meters)
    ns["year"] = state.date.year
    ns["quarter"] = state.date.quarter
    ns["turn"] = state.turn
    ns["turns_left"] = state.last_turn - state.turn
    ns["phase"] = state.phase
    return ns
