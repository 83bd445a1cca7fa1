"""What a mod changes in play: the same players on the same seeds, with and without it, side by side.

``soft-landing balance --mod DIR --baseline`` plays every strategy and persona on the content alone
and again with the mod laid over it, then compares the shares of each outcome and each ending.
A difference is called beyond noise when a two-proportion z-test puts it outside what chance gives
95 times in 100; with many rows compared, a few such calls are still chance, so the report also
gives both shares' Wilson intervals. It also names the regime's roads (transitions) that fired.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from attrs import frozen

from game.rules.model import OUTCOMES, Content, Transition
from game.rules.regime import _target
from game.rules.state import AnyState

#: the two-sided p-value under which a difference is called beyond noise
NOISE = 0.05


def two_proportion_p(hits_a: int, runs_a: int, hits_b: int, runs_b: int) -> float:
    """The two-sided p-value of a two-proportion z-test (1.0 when it cannot be told)."""
    if not runs_a or not runs_b:
        return 1.0
    pooled = (hits_a + hits_b) / (runs_a + runs_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / runs_a + 1 / runs_b))
    if spread == 0:
        return 1.0
    z = (hits_b / runs_b - hits_a / runs_a) / spread
    return math.erfc(abs(z) / math.sqrt(2))


@frozen
class Change:
    """One share, without and with the mod."""

    player: str
    what: str  # an outcome or an ending id
    base_hits: int
    base_runs: int
    mod_hits: int
    mod_runs: int

    @property
    def base(self) -> float:
        return self.base_hits / self.base_runs if self.base_runs else 0.0

    @property
    def mod(self) -> float:
        return self.mod_hits / self.mod_runs if self.mod_runs else 0.0

    @property
    def difference(self) -> float:
        return self.mod - self.base

    @property
    def p_value(self) -> float:
        return two_proportion_p(self.base_hits, self.base_runs, self.mod_hits, self.mod_runs)

    @property
    def beyond_noise(self) -> bool:
        return self.p_value < NOISE

    def to_json(self) -> dict[str, object]:
        return {"player": self.player, "what": self.what, "base": round(self.base, 4), "mod": round(self.mod, 4),
                "difference": round(self.difference, 4), "p_value": round(self.p_value, 5),
                "beyond_noise": self.beyond_noise, "base_runs": self.base_runs, "mod_runs": self.mod_runs}


def compare(base: Mapping[str, object], modded: Mapping[str, object], players: Iterable[str]) -> list[Change]:
    """Every player's outcome and ending shares, without (``base``) and with (``modded``) the mod: tallies
    (:class:`game.sim.balance.Tally`) by player name. Endings seen in neither are left out."""
    changes = []
    for player in players:
        a, b = base.get(player), modded.get(player)
        if a is None or b is None:
            continue
        for outcome in OUTCOMES:
            changes.append(Change(player, outcome, a.outcomes[outcome], a.runs, b.outcomes[outcome], b.runs))  # type: ignore[attr-defined]
        for ending in sorted(set(a.endings) | set(b.endings)):  # type: ignore[attr-defined]
            changes.append(Change(player, f"ending {ending}", a.endings[ending], a.runs, b.endings[ending], b.runs))  # type: ignore[attr-defined]
    return changes


def roads_taken(content: Content, state: AnyState) -> list[str]:
    """The ids of the regime's roads (transitions) a finished run took, in order; the content's survival
    row for a run that reached the scenario's end."""
    found = []
    for change in state.transitions:
        road = next((t for t in content.transitions if _is(t, change.source, change.target, change.reason)), None)
        found.append(road.id if road is not None else change.target)
    return found


def _is(transition: Transition, source: str, target: str, reason: str) -> bool:
    if target == "survival":
        return transition.outcome == "survival"
    return (_target(transition) == target and (source in transition.source or "*" in transition.source)
            and reason.startswith(transition.reason))
