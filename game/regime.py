"""The regime's state machine: an explicit table of phases and guarded transitions, from content.

At the end of every turn each transition leaving the current phase has its guard evaluated; a
guard that holds extends its streak, one that fails resets it. The first transition (in table
order) whose streak reaches its ``hold`` fires: to another phase, or to an ending. Every move is
recorded with the transition's reason and the values of the meters its guard read, so a reader
can check the reason against the meters.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, NamedTuple

from attrs import evolve, field, frozen

from game.rules.conditions import Condition, Vocabulary, compile_condition, describe_values, gap
from game.rules.model import Content, Outcome, Transition
from game.rules.state import AnyState, PhaseChange, namespace

#: the distance the planner gives a part of a guard that cannot be measured in points and does not hold
UNMEASURED = 10.0


class Verdict(NamedTuple):
    """What the state machine decided at the end of a turn."""

    phase: str
    streaks: dict[str, int]
    changes: tuple[PhaseChange, ...]
    outcome: Outcome | None
    kind: str | None


@frozen
class Pressure:
    """How close one transition out of the current phase is to firing, for the player to see."""

    transition: Transition
    streak: int
    holds: bool
    terms: tuple[tuple[str, bool], ...]  # each part of the guard and whether it holds now
    values: str  # the values its guard reads now, such as "loyalty 31, unrest 58"
    gap: float | None  # meter points from holding (0 when it holds); None where it cannot be told

    @property
    def met(self) -> int:
        return sum(ok for _, ok in self.terms) if self.terms else int(self.holds)

    @property
    def total(self) -> int:
        return len(self.terms) or 1


# --- how far a guard is from holding: one measure for the regime panel and the planner ---------------

_Reader = Callable[[Mapping[str, Any], Any, Mapping[str, int]], Any]


@frozen
class Distance:
    """A guard compiled as 'how many meter points from holding' (0 when it holds).

    The parts of an ``and`` add up (each shortfall must be made good), an ``or`` is as near as its
    nearest road; a failing comparison ``a >= b`` is ``b - a`` points away, a strict one (``a > b``)
    one point more. A part that cannot be told in points (a flag, a phase, ``==``) is ``None`` for
    the panel and :data:`UNMEASURED` for the planner while it fails.
    """

    kind: str  # "and", "or", "less" (left must fall to right), "more" (left must rise to right), "opaque"
    parts: tuple[Distance, ...] = ()
    left: _Reader | None = None
    right: _Reader | None = None
    strict: bool = False
    test: Condition | None = None
    # ``points`` compiled to one straight-line function per value of ``unknown`` (the planner asks it
    # thousands of times a campaign; the recursive ``__call__`` spent most of that in its own calls)
    compiled: dict[float, _Reader] = field(factory=dict, init=False, eq=False, repr=False)

    def __call__(self, ns: Mapping[str, Any], flags: Any, policies: Mapping[str, int],
                 unknown: float | None = None) -> float | None:
        """Meter points from holding; a part that cannot be measured counts as ``unknown`` (None: the whole is None)."""
        kind = self.kind
        if kind == "and" or kind == "or":
            values = [p(ns, flags, policies, unknown) for p in self.parts]
            if any(v is None for v in values):
                return None
            return sum(values) if kind == "and" else min(values)  # type: ignore[arg-type, type-var]
        if kind == "opaque":
            if self.test is not None and self.test.fn(ns, flags, policies):
                return 0.0
            return unknown
        left = float(self.left(ns, flags, policies))  # type: ignore[misc]
        right = float(self.right(ns, flags, policies))  # type: ignore[misc]
        if kind == "less":
            short = left - right
            if short < 0 or (short == 0 and not self.strict):
                return 0.0
        else:
            short = right - left
            if short < 0 or (short == 0 and not self.strict):
                return 0.0
        return short + (1.0 if self.strict else 0.0)

    def points(self, ns: Mapping[str, Any], flags: Any, policies: Mapping[str, int], unknown: float = UNMEASURED) -> float:
        """Meter points from holding, with a part that cannot be measured counted as ``unknown`` (the planner's reading)."""
        reader = self.compiled.get(unknown)
        if reader is None:
            reader = self.compiled[unknown] = _compile_points(self, unknown)
        return reader(ns, flags, policies)


def _less(short: float) -> float:
    return 0.0 if short <= 0 else short + 0.0


def _less_strict(short: float) -> float:
    return 0.0 if short < 0 else short + 1.0


def _compile_points(whole: Distance, unknown: float) -> _Reader:
    """``whole.points(..., unknown)`` as one function: the same arithmetic as :meth:`Distance.__call__`
    (``sum`` and ``min`` over the parts, in order), written out as one expression of the parts' readers."""
    scope: dict[str, Any] = {"__builtins__": {}, "_sum": sum, "_min": min, "_float": float, "_less": _less,
                             "_less_strict": _less_strict, "_unknown": unknown}

    def named(reader: Any) -> str:
        name = f"_r{len(scope)}"
        scope[name] = reader
        return f"{name}(_ns, _flags, _policies)"

    def text(d: Distance) -> str:
        if d.kind == "and":
            return f"_sum(({', '.join(text(p) for p in d.parts)},))"
        if d.kind == "or":
            return f"_min(({', '.join(text(p) for p in d.parts)},))"
        if d.kind == "opaque":
            return "_unknown" if d.test is None else f"(0.0 if {named(d.test.fn)} else _unknown)"
        left, right = f"_float({named(d.left)})", f"_float({named(d.right)})"
        short = f"{left} - {right}" if d.kind == "less" else f"{right} - {left}"
        return f"{'_less_strict' if d.strict else '_less'}({short})"

    source = f"lambda _ns, _flags, _policies: {text(whole)}"
    return eval(compile(source, "<distance>", "eval"), scope)  # noqa: S307 - made here of our own names only


def _vocabulary(content: Content) -> Vocabulary:
    return Vocabulary(meters=frozenset(content.meters), policies=frozenset(content.policies),
                      phases=frozenset(content.phases))


def _build(node: ast.expr, vocabulary: Vocabulary) -> Distance:
    if isinstance(node, ast.BoolOp):
        kind = "and" if isinstance(node.op, ast.And) else "or"
        return Distance(kind, tuple(_build(v, vocabulary) for v in node.values))
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        op = node.ops[0]
        if isinstance(op, ast.Lt | ast.LtE | ast.Gt | ast.GtE):
            left = compile_condition(ast.unparse(node.left), vocabulary).fn
            right = compile_condition(ast.unparse(node.comparators[0]), vocabulary).fn
            kind = "less" if isinstance(op, ast.Lt | ast.LtE) else "more"
            return Distance(kind, left=left, right=right, strict=isinstance(op, ast.Lt | ast.Gt))
    return Distance("opaque", test=compile_condition(ast.unparse(node), vocabulary))


@cache
def _distance(source: str, vocabulary: Vocabulary) -> Distance:
    return _build(ast.parse(source, mode="eval").body, vocabulary)


def distance(content: Content, condition: Condition) -> Distance:
    """The compiled distance of a guard (or any condition) of this content; built once per source."""
    return _distance(condition.source, _vocabulary(content))


def points_away(content: Content, source: str, ns: Mapping[str, Any], flags: Any,
                policies: Mapping[str, int]) -> float | None:
    """How many meter points a condition of this content, given by its source, is from holding (0 when it
    holds; None where a part cannot be told in points): the regime panel's measure of one way of a guard."""
    return _distance(source, _vocabulary(content))(ns, flags, policies)


def _target(transition: Transition) -> str:
    return transition.to or (f"{transition.outcome}:{transition.kind}" if transition.kind else transition.outcome or "")


class _Part(NamedTuple):
    source: str


class _Road(NamedTuple):
    """One alternative of a guard written as ``a or b``: its tree, and the meters and policies it names."""

    part: _Part  # read by ``gap`` as a condition (its source, parsed once there)
    meters: frozenset[str]
    policies: frozenset[str]


@cache
def _roads(source: str) -> tuple[_Road, ...]:
    """The alternatives of a guard written as ``a or b`` (none for any other guard), parsed once per source."""
    tree = ast.parse(source, mode="eval").body
    if not (isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.Or)):
        return ()
    return tuple(_Road(
        _Part(ast.unparse(part)),
        frozenset(n.id for n in ast.walk(part) if isinstance(n, ast.Name)),
        frozenset(n.attr for n in ast.walk(part) if isinstance(n, ast.Attribute)
                  and isinstance(n.value, ast.Name) and n.value.id == "policy")) for part in tree.values)


def _fired(condition: Condition, ns: dict[str, Any]) -> Condition:
    """Of a guard written as ``a or b``, the alternatives that hold: a reason names what made it fire."""
    roads = _roads(condition.source)
    if not roads:
        return condition
    holding = tuple(gap(road.part, ns) == 0 for road in roads)  # type: ignore[arg-type]
    if not any(holding):
        return condition
    return _narrowed(condition, roads, holding)


@cache
def _narrowed(condition: Condition, roads: tuple[_Road, ...], holding: tuple[bool, ...]) -> Condition:
    """The guard naming only the meters and policies of the alternatives that hold."""
    meters = frozenset().union(*(r.meters for r, ok in zip(roads, holding) if ok)) & condition.meters
    policies = frozenset().union(*(r.policies for r, ok in zip(roads, holding) if ok)) & condition.policies
    return evolve(condition, meters=meters, policies=policies)


def describe(transition: Transition, ns: dict[str, Any], policies: dict[str, int]) -> str:
    values = describe_values(_fired(transition.when, ns), ns, policies)
    held = f", {transition.hold} turns running" if transition.hold > 1 else ""
    return f"{transition.reason} ({values}{held})" if values else transition.reason


def run_regime(content: Content, state: AnyState, ns: dict[str, Any]) -> Verdict:
    """Evaluate the table after a turn's drift; ``ns`` reads the turn's final meters."""
    streaks: dict[str, int] = {}
    fired: Transition | None = None
    rows = content.index.leaving.get(state.phase, ())  # survival is decided by the calendar, not here
    holds = content.index.guards[state.phase](ns, state.flags, state.policies) if rows else ()
    for transition, held in zip(rows, holds):
        if held:
            streaks[transition.id] = state.streaks.get(transition.id, 0) + 1
            if fired is None and streaks[transition.id] >= transition.hold:
                fired = transition
    if fired is None:
        return Verdict(state.phase, streaks, (), None, None)
    change = PhaseChange(state.turn, state.phase, _target(fired), describe(fired, ns, state.policies))
    if fired.outcome:
        return Verdict(state.phase, streaks, (change,), fired.outcome, fired.kind)
    return Verdict(fired.to or state.phase, {}, (change,), None, None)


def survival(content: Content, state: AnyState, ns: dict[str, Any]) -> PhaseChange:
    """The record of a regime that reached the scenario's end intact (the content's survival row)."""
    row = next(t for t in content.transitions if t.outcome == "survival")  # the validator requires one
    return PhaseChange(state.turn, state.phase, "survival", describe(row, ns, state.policies))


def pressures(content: Content, state: AnyState) -> list[Pressure]:
    """Each transition out of the current phase, with how much of its guard holds now."""
    ns = namespace(state)
    flags = frozenset(state.flags)
    found = []
    for transition in content.index.leaving.get(state.phase, ()):
        terms = tuple((t.source, bool(t(ns, flags, state.policies))) for t in transition.when.terms)
        holds = bool(transition.when(ns, flags, state.policies))
        found.append(Pressure(transition, state.streaks.get(transition.id, 0), holds, terms,
                              describe_values(transition.when, ns, state.policies),
                              distance(content, transition.when)(ns, flags, state.policies)))
    found.sort(key=lambda p: (-p.holds, -(p.met / p.total), content.transitions.index(p.transition)))
    return found
