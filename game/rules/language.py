"""The condition language's limits and its few functions, apart from the code that reads an expression.

The parser (:mod:`game.rules.conditions`), the range analysis (:mod:`game.rules.ranges`) and the
compiler (:mod:`game.rules.compiler`) all hold an expression to these numbers, so they are written
once, here. The functions are total: each gives a finite number for every finite input within
the bounds the range analysis proves.
"""

from __future__ import annotations

import math
from collections.abc import Callable

DATE_NAMES = frozenset({"year", "quarter", "turn", "turns_left"})
NAMESPACES = ("flag", "policy", "phase")
MAX_LENGTH = 500
MAX_POWER = 4
MAX_DEPTH = 60  # nesting of the expression's tree
MAX_VALUE = 1e30  # the largest magnitude any sub-expression may reach (exp() alone reaches 5e21)
MAX_TURNS = 400  # a scenario's length, in turns (the validator enforces it)
MAX_LEVELS = 20  # a policy's number of levels (the validator enforces it)
MAX_DECIMALS = 10  # round(x, n): |n| at most this
TINY = 1e-9  # a divisor nearer 0 than this gives 0, as 0 does

Interval = tuple[float, float]
METER_RANGE: Interval = (0.0, 100.0)
DATE_RANGES: dict[str, Interval] = {"year": (0.0, 9999.0), "quarter": (1.0, 4.0), "turn": (0.0, MAX_TURNS + 1.0),
                                    "turns_left": (-1.0, float(MAX_TURNS))}


class ConditionError(ValueError):
    """A condition that does not parse or uses something the language refuses; ``missing`` names, as
    "kind.id", the item it reads that the content lacks (a meter is "name.ID"), else ""."""

    def __init__(self, message: str, missing: str = "") -> None:
        super().__init__(message)
        self.missing = missing


def clamp(x: float, lo: float, hi: float) -> float:
    """``x`` held within ``lo`` and ``hi``."""
    return lo if x < lo else min(x, hi)


def exp(x: float) -> float:
    """e to the ``x``, with ``x`` held within ±50 so it stays finite."""
    return math.exp(clamp(x, -50.0, 50.0))


def log(x: float) -> float:
    """The natural logarithm, 0 for a number that has none."""
    return math.log(x) if x > 0 else 0.0


def sqrt(x: float) -> float:
    """The square root, 0 for a number that has none."""
    return math.sqrt(x) if x > 0 else 0.0


def divide(a: float, b: float) -> float:
    """``a / b``, 0 for a divisor within :data:`TINY` of 0."""
    return a / b if b > TINY or b < -TINY else 0.0


def modulo(a: float, b: float) -> float:
    """``a % b`` (the sign of ``b``, as Python's), 0 for a divisor of 0."""
    return a % b if b else 0.0


FUNCTIONS: dict[str, Callable[..., float]] = {
    "min": min,
    "max": max,
    "abs": abs,
    "round": round,
    "clamp": clamp,
    "exp": exp,
    "log": log,
    "sqrt": sqrt,
}
#: each function's least and most arguments
ARITY = {"min": (2, 8), "max": (2, 8), "abs": (1, 1), "round": (1, 2), "clamp": (3, 3),
         "exp": (1, 1), "log": (1, 1), "sqrt": (1, 1)}
