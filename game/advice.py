"""What an advisor reads in an option or a policy level: which meters it touches, which way and how
strongly, never by how much; and of a policy level, the drift it brings at today's meters.

:class:`~game.api.Game` asks these questions for the screens (``Game.hints``, ``Game.level_hints``,
``Game.level_drift``, ``Game.level_drift_rules``); they read the content and the live state and change
neither.
"""

from __future__ import annotations

from attrs import frozen

from game.rules.model import Content, DriftRule, Effects, Meter, Option
from game.rules.state import LiveState, namespace


@frozen
class Hint:
    """What an advisor would say an option touches: a meter, a direction and a rough strength."""

    meter: str
    direction: int  # +1 up, -1 down, 0 either way
    strength: int  # 1 slight, 2 marked, 3 strong
    good: bool | None  # for the regime, by the meter's good direction (None if uncertain or double-edged)
    drift: float = 0.0  # of a policy level's hint, what the drift it brings adds a season (counted in the arrow)


def good_for_regime(meter: Meter, direction: float) -> bool | None:
    """Whether a move of a meter that way (its sign) helps the regime survive: the meter's ``good`` way; None
    for no move, or a double-edged meter."""
    return None if direction == 0 or meter.double_edged else (direction > 0) == (meter.good == "up")


def hints(content: Content, option: Option | Effects) -> list[Hint]:
    """An advisor's reading of an option (or a policy's effects): which meters it touches and which
    way, not by how much."""
    effects = option.effects if isinstance(option, Option) else option
    found = []
    for change in effects.changes:
        middle = (change.low + change.high) / 2
        size = max(abs(change.low), abs(change.high))
        direction = 0 if change.low < 0 < change.high and abs(middle) < size / 3 else (1 if middle > 0 else -1)
        strength = 1 if size < 4 else 2 if size < 9 else 3
        found.append(Hint(change.meter, direction, strength, good_for_regime(content.meters[change.meter], direction)))
    return found


def level_drift(content: Content, live: LiveState, policy_id: str, level: int) -> dict[str, float]:
    """What the drift adds to each meter a season with a policy at ``level`` rather than at its usual
    level (the policy's ``start``), at today's meters: the part of a level's effect the country's own
    dynamics bring (lavish gifts make the cadres fear reform the more, the further reform has gone)."""
    policy = content.policies[policy_id]
    rules = [r for r in content.drift if policy_id in r.amount.policies
             or (r.when is not None and policy_id in r.when.policies)]
    if not rules or level == policy.start:
        return {}
    ns = namespace(live)

    def amounts(at: int) -> dict[str, float]:
        policies = {**live.policies, policy_id: at}
        found: dict[str, float] = {}
        for rule in rules:
            if rule.when is None or rule.when(ns, live.flags, policies):
                found[rule.meter] = found.get(rule.meter, 0.0) + float(rule.amount(ns, live.flags, policies))
        return found

    at, usual = amounts(level), amounts(policy.start)
    moved = {m: at.get(m, 0.0) - usual.get(m, 0.0) for m in at.keys() | usual.keys()}
    return {m: d for m, d in moved.items() if abs(d) >= 0.005}


def level_drift_rules(content: Content, live: LiveState, policy_id: str, level: int) -> list[DriftRule]:
    """The drift rules whose amount a policy at ``level`` changes (against its usual level) at today's
    meters or at any of a few other countries (every meter at 0, 50, 80 or 100): a level that brings a
    drift says so even while the drift is nil."""
    policy = content.policies[policy_id]
    if level == policy.start:
        return []
    probes = [namespace(live)] + [{**namespace(live), **dict.fromkeys(content.meters, float(v))}
                                  for v in (0, 50, 80, 100)]
    found = []
    for rule in content.drift:
        if policy_id not in rule.amount.policies:
            continue
        at, usual = {**live.policies, policy_id: level}, {**live.policies, policy_id: policy.start}
        if any(abs(float(rule.amount(ns, live.flags, at)) - float(rule.amount(ns, live.flags, usual))) > 1e-9
               for ns in probes):
            found.append(rule)
    return found


def level_hints(content: Content, live: LiveState, policy_id: str, level: int) -> list[Hint]:
    """An advisor's reading of a policy level's whole effect on each meter a season: its own effects and
    the drift it brings at today's meters (:func:`level_drift`), added, so no arrow rises where the
    meter falls."""
    policy = content.policies[policy_id]
    own = {c.meter: (c.low + c.high) / 2 for c in policy.levels[level].effects.changes}
    drift = level_drift(content, live, policy_id, level)
    found = []
    for meter_id in [*own, *(m for m in content.meters if m in drift and m not in own)]:
        net = own.get(meter_id, 0.0) + drift.get(meter_id, 0.0)
        direction = 0 if abs(net) < 0.05 else 1 if net > 0 else -1
        strength = 1 if abs(net) < 4 else 2 if abs(net) < 9 else 3
        good = good_for_regime(content.meters[meter_id], direction)
        found.append(Hint(meter_id, direction, strength, good, drift.get(meter_id, 0.0)))
    return found
