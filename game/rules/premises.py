"""What a telling takes for granted, checked by reasoning rather than by a reader.

A dilemma's plain ``text`` is written for the country most runs bring: markets tolerated, talks
going on, a border that leaks. A run can remove that premise (markets banned by decree, a walk-out
from the talks), and then the text is false. Content names its premises once (``[[premise]]``, a
condition with a description) and says which of them a text takes for granted (``assumes``); this
module then looks for a state in which the text can be shown while a premise it assumes is false,
and names it, so the author adds a variant for that state or narrows the dilemma's ``when``.

The search is exact over what decides it: every flag the conditions read is tried set and unset,
every policy at every level, every phase, every season the dilemma can be shown in, and each meter at
the edges of the numbers the conditions compare it with (a condition can only change its truth at
those). When that makes too many states, a fixed sample of them is tried, so the check stays quick
and the same from run to run.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from attrs import frozen

from game.i18n import _
from game.rules.conditions import Condition, did_you_mean
from game.rules.model import Content, Date, Dilemma
from game.rules.variants import dilemma_text

#: the most states tried for one telling; past it, a fixed sample of this many
MAX_STATES = 20_000

Report = Callable[..., None]


@frozen
class Telling:
    """One telling of a dilemma: shown while ``shown`` all hold and ``hidden`` all fail; it assumes ``assumes``."""

    field: str
    assumes: tuple[str, ...]
    shown: tuple[Condition, ...]
    hidden: tuple[Condition, ...]


def tellings(dilemma: Dilemma) -> list[Telling]:
    """The dilemma's tellings that assume something: its plain text, each variant text, each option's plain words."""
    base = (dilemma.when,) if dilemma.when is not None else ()
    replacing = [v for v in dilemma.variants if v.text]
    found = []
    if dilemma.assumes:
        found.append(Telling("text", dilemma.assumes, base, tuple(v.when for v in replacing)))
    for n, variant in enumerate(dilemma.variants):
        if variant.assumes:
            earlier = tuple(v.when for v in replacing[:replacing.index(variant)]) if variant.text else ()
            found.append(Telling(f"variants[{n}]", variant.assumes, base + (variant.when,), earlier))
    for n, option in enumerate(dilemma.options):
        if option.assumes:
            shown = base + ((option.when,) if option.when is not None else ())
            found.append(Telling(f"options[{n}]", option.assumes, shown, tuple(v.when for v in option.variants)))
    return found


def _meter_values(conditions: Iterable[Condition], meter: str) -> list[float]:
    """The values at which a meter can change the truth of conditions comparing it with their numbers."""
    values = {0.0, 100.0}
    for condition in conditions:
        if meter in condition.meters:
            for number in condition.numbers:
                values.update(v for v in (number - 0.5, number, number + 0.5) if 0.0 <= v <= 100.0)
    return sorted(values)


def _axes(content: Content, conditions: Sequence[Condition], seasons: Sequence[int]) -> list[tuple[str, str, list[Any]]]:
    """Every quantity the conditions read, with the values worth trying: (kind, name, values)."""
    axes: list[tuple[str, str, list[Any]]] = []
    for flag in sorted(set().union(*(c.flags for c in conditions))):
        axes.append(("flag", flag, [False, True]))
    for policy in sorted(set().union(*(c.policies for c in conditions))):
        levels = len(content.policies[policy].levels) if policy in content.policies else 1
        axes.append(("policy", policy, list(range(levels))))
    if any(c.phases for c in conditions):
        axes.append(("phase", "phase", sorted(content.phases)))
    for meter in sorted(set().union(*(c.meters for c in conditions))):
        axes.append(("meter", meter, _meter_values(conditions, meter)))
    if any(c.dates for c in conditions):
        every = [i for sc in content.scenarios.values() for i in range(sc.start.index, sc.end.index + 1)]
        axes.append(("season", "season", list(seasons) or sorted(set(every)) or [0]))
    return axes


def _states(axes: list[tuple[str, str, list[Any]]], seed: str) -> Iterable[tuple[Any, ...]]:
    size = 1
    for _kind, _name, values in axes:
        size *= len(values)
    if size <= MAX_STATES:
        return itertools.product(*(values for _, _, values in axes))
    rng = random.Random(seed)
    return (tuple(rng.choice(values) for _, _, values in axes) for _ in range(MAX_STATES))


def _state(content: Content, axes: list[tuple[str, str, list[Any]]], values: tuple[Any, ...]
           ) -> tuple[dict[str, Any], set[str], dict[str, int]]:
    ns: dict[str, Any] = {m: 50.0 for m in content.meters}
    ns.update(year=2005, quarter=1, turn=10, turns_left=10, phase=next(iter(content.phases), ""))
    flags: set[str] = set()
    policies = {p.id: p.start for p in content.policies.values()}
    for (kind, name, _values), value in zip(axes, values):
        if kind == "flag":
            if value:
                flags.add(name)
        elif kind == "policy":
            policies[name] = value
        elif kind == "season":
            date = Date.from_index(value)
            ns.update(year=date.year, quarter=date.quarter)
            scenario = next((s for s in content.scenarios.values() if s.start.index <= value <= s.end.index), None)
            if scenario is not None:
                ns.update(turn=value - scenario.start.index + 1, turns_left=scenario.end.index - value)
        else:
            ns[name] = value
    return ns, flags, policies


def _describe(axes: list[tuple[str, str, list[Any]]], values: tuple[Any, ...]) -> str:
    parts = []
    for (kind, name, _values), value in zip(axes, values):
        if kind == "flag":
            parts.append(f"flag.{name} {'set' if value else 'unset'}")
        elif kind == "policy":
            parts.append(f"policy.{name} = {value}")
        elif kind == "season":
            parts.append(f"in {Date.from_index(value).code()}")
        elif kind == "phase":
            parts.append(f"phase {value}")
        else:
            parts.append(f"{name} = {value:g}")
    return ", ".join(parts) or "in every state"


def counterexample(content: Content, telling: Telling, premise: Condition, seasons: Sequence[int],
                   seed: str = "") -> str | None:
    """A state (described) in which the telling is shown while the premise is false, or None if none is found."""
    conditions = list(telling.shown) + list(telling.hidden) + [premise]
    axes = _axes(content, conditions, seasons)
    for values in _states(axes, seed):
        ns, flags, policies = _state(content, axes, values)
        if not premise(ns, flags, policies) and all(c(ns, flags, policies) for c in telling.shown) \
                and not any(c(ns, flags, policies) for c in telling.hidden):
            return _describe(axes, values)
    return None


def longest_telling(content: Content, dilemma: Dilemma) -> tuple[int, str]:
    """The most words the dilemma's telling can run to (a text and every addition that can hold with it), and a
    state that shows it; exact over the states that decide the variants, as :func:`counterexample` searches."""
    plain = len(dilemma.text.split())
    if not dilemma.variants:
        return plain, "in every state"
    conditions = [v.when for v in dilemma.variants] + ([dilemma.when] if dilemma.when is not None else [])
    axes = _axes(content, conditions, [])
    longest, where = plain, "in the plain telling"
    for values in _states(axes, dilemma.id):
        ns, flags, policies = _state(content, axes, values)
        if dilemma.when is not None and not dilemma.when(ns, flags, policies):
            continue
        words = len(dilemma_text(dilemma, ns, flags, policies).split())
        if words > longest:
            longest, where = words, _describe(axes, values)
    return longest, where


def check_premises(content: Content, report: Report, windows: Mapping[str, Any]) -> None:
    """Every telling that can be shown while a premise it assumes is false is an error, with a state that shows it."""
    for ident, named in content.premises.items():
        if not named.when.flags | named.when.policies | named.when.phases | named.when.meters:
            report("premise", ident, "when", _("reads nothing a run can change: a premise must be false in some run"),
                   "warning")
    assumed = {name for d in content.events.values() for t in tellings(d) for name in t.assumes}
    for ident in sorted(set(content.premises) - assumed):
        report("premise", ident, "id", _("no telling assumes it (assumes = [...]): remove it, or declare it where a text "
                                         "takes it for granted"), "warning")
    for dilemma in content.events.values():
        window = windows.get(dilemma.id)
        seasons = list(range(window.first, window.last + 1)) if window is not None else []
        for telling in tellings(dilemma):
            for name in telling.assumes:
                premise = content.premises.get(name)
                where = f"{telling.field}.assumes" if telling.field != "text" else "assumes"
                if premise is None:
                    report("event", dilemma.id, where,
                           _("unknown premise '{name}'{hint} (premises: {known})").format(
                               name=name, hint=did_you_mean(name, content.premises),
                               known=", ".join(content.premises) or _("none")))
                    continue
                found = counterexample(content, telling, premise.when, seasons, f"{dilemma.id}/{telling.field}/{name}")
                if found is not None:
                    report("event", dilemma.id, telling.field,
                           _("assumes {premise} (premise '{name}'), but can be shown when it is false: {state}; "
                             "add a variant for that case, or a `when` that keeps the dilemma away").format(
                               premise=premise.description, name=name, state=found))
