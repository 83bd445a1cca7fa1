"""The regime's state machine: an explicit table of phases and guarded transitions, from content.

At the end of every turn each transition leaving the current phase has its guard evaluated; a
guard that holds extends its streak, one that fails resets it. The first transition (in table
order) whose streak reaches its ``hold`` fires: to another phase, or to an ending. Every move is
recorded with the transition's reason and the values of the meters its guard read, so a reader
can check the reason against the meters.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from functools import cache
from typing import Any, NamedTuple

from attrs import evolve, frozen

from game.i18n import _
from game.rules.conditions import Condition, Distance, describe_values
from game.rules.model import Content, Outcome, Transition
from game.rules.state import AnyState, PhaseChange, namespace


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


def distance(content: Content, condition: Condition) -> Distance:
    """How far a guard of this content is from holding: the condition's own measure (``condition.distance``),
    for callers that hold the content beside it."""
    return condition.distance


def _target(transition: Transition) -> str:
    return transition.to or (f"{transition.outcome}:{transition.kind}" if transition.kind else transition.outcome or "")


def _fired(condition: Condition, ns: Mapping[str, Any], flags: AbstractSet[str], policies: Mapping[str, int]) -> Condition:
    """Of a guard written as ``a or b``, the alternatives that hold: a reason names what made it fire."""
    holding = tuple(bool(road(ns, flags, policies)) for road in condition.roads)
    if not any(holding):
        return condition
    return _narrowed(condition, holding)


@cache
def _narrowed(condition: Condition, holding: tuple[bool, ...]) -> Condition:
    """The guard naming only the meters and policies of the alternatives that hold."""
    roads = [road for road, ok in zip(condition.roads, holding) if ok]
    meters = frozenset().union(*(r.meters for r in roads)) & condition.meters
    policies = frozenset().union(*(r.policies for r in roads)) & condition.policies
    return evolve(condition, meters=meters, policies=policies)


def describe(content: Content, transition: Transition, ns: dict[str, Any], flags: AbstractSet[str],
             policies: dict[str, int]) -> str:
    """The reason a transition fired, with the values of what its guard read (of an ``or``, the roads that
    held), in the player's words: the meters and policies by their names, the seasons held in the catalog's."""
    def label(key: str) -> str:
        if key.startswith("policy.") and key[7:] in content.policies:
            return content.policies[key[7:]].name
        return content.meters[key].name if key in content.meters else key
    values = describe_values(_fired(transition.when, ns, flags, policies), ns, policies, label)
    held = _(", {hold} seasons running").format(hold=transition.hold) if transition.hold > 1 else ""
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
    change = PhaseChange(state.turn, state.phase, _target(fired), describe(content, fired, ns, state.flags, state.policies))
    if fired.outcome:
        return Verdict(state.phase, streaks, (change,), fired.outcome, fired.kind)
    return Verdict(fired.to or state.phase, {}, (change,), None, None)


def survival(content: Content, state: AnyState, ns: dict[str, Any]) -> PhaseChange:
    """The record of a regime that reached the scenario's end intact (the content's survival row)."""
    row = next(t for t in content.transitions if t.outcome == "survival")  # the validator requires one
    return PhaseChange(state.turn, state.phase, "survival", describe(content, row, ns, state.flags, state.policies))


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
                              transition.when.distance(ns, flags, state.policies)))
    found.sort(key=lambda p: (-p.holds, -(p.met / p.total), content.transitions.index(p.transition)))
    return found
