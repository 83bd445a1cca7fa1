"""The range analysis of the condition language: the interval every part of an expression can take.

An expression is accepted only if, for every state within the language's bounds (a meter 0-100, the
date parts and policy levels within theirs), every part of it stays a finite number within
:data:`~game.rules.language.MAX_VALUE`. This module proves it part by part with interval arithmetic
before the expression is compiled, so the compiled code carries no checks of its own.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Iterable

from game.i18n import _
from game.rules.language import (
    DATE_RANGES,
    MAX_DECIMALS,
    MAX_LEVELS,
    MAX_VALUE,
    METER_RANGE,
    TINY,
    ConditionError,
    Interval,
    exp,
    sqrt,
)

_BOOL: Interval = (0.0, 1.0)


def _hull(*ranges: Interval) -> Interval:
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def _span(values: Iterable[float]) -> Interval:
    values = list(values)
    return min(values), max(values)


def _power(base: float, exponent: float) -> float:
    try:
        return float(base ** exponent)
    except OverflowError:
        return math.inf


class Ranges:
    """The range every sub-expression can take over the states within bounds, refusing what could fail.

    Sound, not exact: a range may be wider than what the expression really reaches (``x - x`` is
    -100 to 100), so the language refuses a few expressions that could never fail, and never
    accepts one that could.
    """

    def of(self, node: ast.expr) -> Interval:
        low, high = self._of(node)
        if not (math.isfinite(low) and math.isfinite(high)) or max(-low, high) > MAX_VALUE:
            reach = high if high > -low else low
            raise ConditionError(_("'{written}' can reach {reach} for some state: a value must stay within ±{most}").format(
                written=ast.unparse(node), reach=f"{reach:.3g}", most=f"{MAX_VALUE:.0e}"))
        return low, high

    def _of(self, node: ast.expr) -> Interval:
        if isinstance(node, ast.Constant):
            value = float(node.value)  # type: ignore[arg-type]  # the checker allows only numbers and booleans
            return (value, value)
        if isinstance(node, ast.Name):
            if node.id in ("true", "True"):
                return (1.0, 1.0)
            if node.id in ("false", "False"):
                return (0.0, 0.0)
            return DATE_RANGES.get(node.id, METER_RANGE)
        if isinstance(node, ast.Attribute):
            return (0.0, MAX_LEVELS - 1.0) if node.value.id == "policy" else _BOOL  # type: ignore[attr-defined]
        if isinstance(node, ast.Compare):
            for part in (node.left, *node.comparators):
                self.of(part)
            return _BOOL
        if isinstance(node, ast.BoolOp):  # 'a and b' is a or b: either operand's value
            return _hull(*(self.of(v) for v in node.values))
        if isinstance(node, ast.IfExp):
            self.of(node.test)
            return _hull(self.of(node.body), self.of(node.orelse))
        if isinstance(node, ast.UnaryOp):
            low, high = self.of(node.operand)
            if isinstance(node.op, ast.Not):
                return _BOOL
            return (-high, -low) if isinstance(node.op, ast.USub) else (low, high)
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        # the checker let through a new form
        raise ConditionError(_("cannot tell the range of '{written}'").format(written=ast.unparse(node)))

    def _binop(self, node: ast.BinOp) -> Interval:
        a = self.of(node.left)
        if isinstance(node.op, ast.Pow):
            return self._pow(node, a)
        b = self.of(node.right)
        if isinstance(node.op, ast.Add):
            return a[0] + b[0], a[1] + b[1]
        if isinstance(node.op, ast.Sub):
            return a[0] - b[1], a[1] - b[0]
        if isinstance(node.op, ast.Mult):
            return _span(x * y for x in a for y in b)
        if isinstance(node.op, ast.Mod):  # Python's a % b has the sign of b and is smaller than it
            return min(b[0], 0.0), max(b[1], 0.0)
        # division: a divisor within TINY of 0 gives 0
        if b[0] > TINY or b[1] < -TINY:
            return _span(x / y for x in a for y in b)
        largest = max(abs(a[0]), abs(a[1])) / TINY
        return -largest, largest

    def _pow(self, node: ast.BinOp, base: Interval) -> Interval:
        exponent = number(node.right)
        assert exponent is not None  # the checker allows only a written exponent
        written = ast.unparse(node)
        if exponent != int(exponent) and base[0] < 0:
            raise ConditionError(_("'{written}': a fractional power of a number that may be negative has no value "
                                   "(the base reaches {low}; use sqrt(), abs() or max(0, ...))").format(
                written=written, low=f"{base[0]:g}"))
        if exponent < 0 and base[0] <= 0 <= base[1]:
            raise ConditionError(_("'{written}': a negative power of a number that may be 0 has no value "
                                   "(use division, which gives 0 for a divisor of 0)").format(written=written))
        values = [_power(base[0], exponent), _power(base[1], exponent)]
        if base[0] < 0 < base[1]:
            values.append(0.0)
        return _span(values)

    def _call(self, node: ast.Call) -> Interval:
        name = node.func.id  # type: ignore[attr-defined]
        if name == "round" and len(node.args) == 2:
            digits = number(node.args[1])
            if not isinstance(digits, int) or abs(digits) > MAX_DECIMALS:
                raise ConditionError(f"round()'s second argument is a whole number of decimals written out, from "
                                     f"-{MAX_DECIMALS} to {MAX_DECIMALS} (as in round(x, 1) or round(x, -3)), "
                                     f"not '{ast.unparse(node.args[1])}'")
        args = [self.of(arg) for arg in node.args]
        if name == "min":
            return min(a[0] for a in args), min(a[1] for a in args)
        if name == "max":
            return max(a[0] for a in args), max(a[1] for a in args)
        if name == "abs":
            low, high = args[0]
            return (0.0 if low <= 0 <= high else min(abs(low), abs(high))), max(abs(low), abs(high))
        if name == "round":
            step = 1.0 if len(args) == 1 else max(1.0, 10.0 ** -number(node.args[1]))  # type: ignore[operator]
            return args[0][0] - step, args[0][1] + step
        if name == "clamp":
            if ordered_bounds(node.args[1], node.args[2]):
                low, high = args[1][0], args[2][0]
                return min(max(args[0][0], low), high), min(max(args[0][1], low), high)
            return _hull(*args)
        low, high = args[0]
        if name == "exp":
            return exp(low), exp(high)
        if name == "log":
            if high <= 0:
                return (0.0, 0.0)
            values = [math.log(max(low, 5e-324)), math.log(high)] + ([0.0] if low <= 0 else [])
            return _span(values)
        return sqrt(low), sqrt(high)  # sqrt


def number(node: ast.expr) -> float | None:
    """The value of a number written out (``3``, ``-0.5``), or None for anything else."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = number(node.operand)
        return None if inner is None else -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return node.value
    return None


def ordered_bounds(low: ast.expr, high: ast.expr) -> bool:
    """Both bounds of a clamp are written numbers, the low one first, so min(max(x, lo), hi) is the same."""
    lo, hi = number(low), number(high)
    return lo is not None and hi is not None and lo <= hi
