"""A road out of the regime's phase in the player's words: bars on the meters, never an expression.

A guard is written for the rules (``isolation <= 35 and ((awareness >= 70 and unrest >= 50) or
...)``); a player reads it as one or more ways to get there, each a short list of bars ("Isolation
≤ 35, Awareness ≥ 70 and Unrest ≥ 50"). The guard's condition knows its ways (an ``and`` of ``or``
parts is one way per choice: ``Condition.ways``), a bar that another bar of the same way makes
redundant is dropped (``isolation <= 35`` beside ``isolation <= 5``), and the calendar
(``turns_left <= 0``) is not a bar at all: it is the campaign's end, counted in seasons.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from functools import cache
from typing import Any

from attrs import field, frozen

from game.i18n import _, ngettext
from game.rules.conditions import Condition, Distance

#: names that count time, not meters: a part on them is the calendar, never "points away"
CALENDAR = frozenset({"turns_left"})
_LESS = (ast.Lt, ast.LtE)
_MORE = (ast.Gt, ast.GtE)


@frozen
class Way:
    """One way a guard can hold: the sources of its bars (all must hold), and whether it waits for the end."""

    bars: tuple[str, ...]
    at_end: bool = False  # it also needs the campaign's end (``turns_left <= 0``)
    parts: tuple[Condition, ...] = field(default=(), eq=False, repr=False)  # the bars, as conditions

    @property
    def distance(self) -> Distance:
        """How far its bars are from holding, as the regime measures any guard (the calendar apart)."""
        return Distance.all_of(part.distance for part in self.parts)


@cache
def ways(*terms: Condition) -> tuple[Way, ...]:
    """The ways a guard (history parts already left out) can hold, in the order written: ``terms`` are
    the parts of the guard that must all hold (the guard itself, for a guard taken whole)."""
    found: list[tuple[Condition, ...]] = [()]
    for term in terms:
        found = [way + more for way in found for more in term.ways]
    return tuple(_way(parts) for parts in found)


def _way(parts: tuple[Condition, ...]) -> Way:
    at_end = any(_calendar(part.tree) for part in parts)
    kept = _tightest(tuple(part for part in parts if not _calendar(part.tree)))
    return Way(tuple(part.source for part in kept), at_end, kept)


def _calendar(node: ast.expr) -> bool:
    return isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id in CALENDAR


def _tightest(bars: tuple[Condition, ...]) -> tuple[Condition, ...]:
    """The bars without repeats, and of two bars on the same meter and side, the harder one."""
    kept: list[Condition] = []
    bounds: dict[tuple[str, bool], tuple[float, int]] = {}  # (meter, upper bound?) -> (number, index in kept)
    for bar in bars:
        if any(bar.source == other.source for other in kept):
            continue
        limit = _limit(bar.tree)
        if limit is None:
            kept.append(bar)
            continue
        meter, upper, number = limit
        if (meter, upper) in bounds:
            old, at = bounds[(meter, upper)]
            if (number < old) if upper else (number > old):
                kept[at] = bar
                bounds[(meter, upper)] = (number, at)
            continue
        bounds[(meter, upper)] = (number, len(kept))
        kept.append(bar)
    return tuple(kept)


def _limit(node: ast.expr) -> tuple[str, bool, float] | None:
    """(meter, whether the number is an upper bound, the number) of 'meter <= 35'; None for anything else."""
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.left, ast.Name)):
        return None
    right, op = node.comparators[0], node.ops[0]
    if not (isinstance(right, ast.Constant) and isinstance(right.value, (int, float))):
        return None
    if isinstance(op, _LESS):
        return node.left.id, True, float(right.value)
    if isinstance(op, _MORE):
        return node.left.id, False, float(right.value)
    return None


def listed(items: list[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (``last`` "or": 'a, b or c'), in the player's language."""
    if len(items) <= 1:
        return "".join(items)
    joined = _("{items} or {last}") if last == "or" else _("{items} and {last}")
    return joined.format(items=_(", ").join(items[:-1]), last=items[-1])


def way_text(way: Way, name: Any) -> str:
    """A way as a list of bars ('Reform ≥ 46, Economy ≥ 52 and Tension ≤ 68'), each named by ``name``."""
    return listed([name(bar) for bar in way.bars])


def guard_text(found: tuple[Way, ...], name: Any, hold: int = 1) -> str:
    """The whole guard as a sentence that follows 'if': its ways, the campaign's end, the seasons it must hold."""
    if all(len(w.bars) == 1 for w in found):
        text = listed([name(w.bars[0]) for w in found], "or")
    else:
        text = _("; or ").join(way_text(w, name) for w in found)
    return text + ending_words(found, hold)


def ending_words(found: tuple[Way, ...], hold: int) -> str:
    """What the guard waits for beside its bars: the campaign's end, or seasons held running."""
    at_end = any(w.at_end for w in found)
    if at_end and hold > 1:
        return _(" when the campaign ends for {hold} seasons running").format(hold=hold)
    if at_end:
        return _(" when the campaign ends")
    if hold > 1:
        return _(" for {hold} seasons running").format(hold=hold)
    return ""


def way_gaps(found: tuple[Way, ...], ns: Mapping[str, Any], flags: AbstractSet[str],
             policies: Mapping[str, int]) -> list[float | None]:
    """How many meter points each way is from holding (0 when its bars hold; None where it cannot be told)."""
    return [way.distance(ns, flags, policies) if way.bars else 0.0 for way in found]


def nearest(gaps: list[float | None]) -> int:
    """The index of the way nearest to holding (one that cannot be measured counts as far)."""
    return min(range(len(gaps)), key=lambda i: (gaps[i] is None, gaps[i] or 0.0, i))


def seasons_left(turns_left: int) -> str:
    """The seasons to the campaign's end, this one counted: '1 season left' in the last one."""
    count = max(0, turns_left) + 1
    return ngettext("{count} season left", "{count} seasons left", count).format(count=count)


def seasons_left_short(turns_left: int) -> str:
    """The same in a few characters, for 80 columns: 'in 4 seasons', 'this season'."""
    count = max(0, turns_left) + 1
    return _("this season") if count == 1 else ngettext("in {count} season", "in {count} seasons", count).format(count=count)
