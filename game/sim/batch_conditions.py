"""The batch's arithmetic: its generator over arrays, Python's rounding and sums, and the content's conditions
compiled to array functions over the runs' columns (game.sim.batch plays them).

Each piece gives, value for value, what its scalar twin gives one run at a time (``tests/test_batch.py``):
SplitMix64 steps over an array of states, ``round(x, 1)``, ``sum()`` of floats as this Python adds
them, and a checked condition's tree written out as one numpy expression with Python's values.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from game.rules.conditions import Condition
from game.rules.dice import player_state, seed_state
from game.rules.model import Content
from game.rules.ranges import number as written_number  # a number written out, such as -0.5

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1, _MIX2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_UNIT = 1.0 / (1 << 53)
_TINY = 1e-9


class NotBatchable(ValueError):
    """Content, a scenario or a player the batch cannot play exactly as the engine does."""


def draw(states: np.ndarray, rows: np.ndarray | slice) -> np.ndarray:
    """One SplitMix64 float in [0, 1) for each of ``rows`` (their states move on one step), as ``Dice.random``."""
    if isinstance(rows, slice):  # every row (or a run of them): stepped in place, no gather
        s = states[rows]
        s += _GOLDEN
    else:
        s = states[rows] + _GOLDEN
        states[rows] = s
    z = s >> _S30
    z ^= s
    z *= _MIX1
    z ^= z >> _S27
    z *= _MIX2
    z ^= z >> _S31
    z >>= _S11
    out = z.astype(np.float64)
    out *= _UNIT
    return out


def bits(states: np.ndarray, rows: np.ndarray | slice) -> np.ndarray:
    """``PlayerRandom.getrandbits(64)`` for each of ``rows`` (their states move on one step)."""
    s = states[rows] + _GOLDEN
    states[rows] = s
    return _mixed(s)


def round1(x: np.ndarray) -> np.ndarray:
    """``round(v, 1)`` of each value, as Python rounds it (the exact binary value to the nearest tenth).

    ``rint(10 x) / 10`` is that, except where ``10 x`` lies within a rounding error of a half: those few
    are rounded by Python itself."""
    tenfold = x * 10.0
    out = np.rint(tenfold) / 10.0
    near = np.abs(tenfold - np.floor(tenfold) - 0.5) < 1e-6
    if near.any():
        for at in np.flatnonzero(near):
            out[at] = round(float(x[at]), 1)
    return out


# --- sums as Python's sum() makes them -------------------------------------------------------------

def _sequential(columns: np.ndarray) -> np.ndarray:
    total = np.zeros(columns.shape[0])
    for k in range(columns.shape[1]):
        total = total + columns[:, k]
    return total


def _compensated(columns: np.ndarray) -> np.ndarray:
    """Neumaier's sum, as CPython 3.12's sum() adds floats."""
    total = np.zeros(columns.shape[0])
    carry = np.zeros(columns.shape[0])
    for k in range(columns.shape[1]):
        x = columns[:, k]
        t = total + x
        carry += np.where(np.abs(total) >= np.abs(x), (total - t) + x, (x - t) + total)
        total = t
    return np.where((carry != 0) & np.isfinite(carry), total + carry, total)


def _python_sum() -> Callable[[np.ndarray], np.ndarray] | None:
    """Which of the two ways this Python's sum() adds floats (None: neither, and the batch is off)."""
    probes = [[0.1] * 10, [1e16, 1.0, -1e16, 3.5], [0.7, 1e-17, 0.2, 2.3e-16, 5.5, 1.1, 1e-3]]
    for way in (_sequential, _compensated):
        if all(way(np.array([probe]))[0] == sum(probe) for probe in probes):
            return way
    return None


PYTHON_SUM = _python_sum()


def _pick_weighted(u: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """``Dice.pick_weighted`` for each column of ``pool`` (one row a weight, one column a run): the row where
    ``u * sum(weights)``, less each weight in turn, first falls below 0 (a weight of 0 changes nothing, so the
    pool may keep its gaps); else the last positive.

    The weights are never negative, so what is left only falls: once below 0 it stays there (or NaN, never
    below), and the row it first falls below 0 at is the count of the rows where it is not yet below."""
    size = pool.shape[0]
    left = np.empty((size + 1, pool.shape[1]))  # one table for both running sums: a table this size is slow to make
    if PYTHON_SUM is _sequential:  # the sum and what is left, each one running sum down the rows
        np.add.accumulate(pool, axis=0, out=left[1:])
        left[0] = u * left[-1]
        left[1:] = pool
        np.subtract.accumulate(left, axis=0, out=left)
    else:
        left[1:] = pool
        left[0] = u * PYTHON_SUM(pool.T)  # type: ignore[misc]
        for k in range(1, size + 1):
            np.subtract(left[k - 1], left[k], out=left[k])
    picked = size - np.count_nonzero(left[1:] < 0, axis=0)
    missing = np.flatnonzero(picked == size)
    if missing.size:
        positive = pool[:, missing] > 0
        picked[missing] = size - 1 - np.argmax(positive[::-1], axis=0)
    return picked


# --- conditions as array functions ---------------------------------------------------------------

_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
        ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}


def _num(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return x.astype(np.int64) if x.dtype == np.bool_ else x
    return int(x) if isinstance(x, bool | np.bool_) else x


def _truth(x: Any) -> Any:
    return x != 0


def _where(test: Any, a: Any, b: Any) -> Any:
    return np.where(test, a, b)


def _div(a: Any, b: Any) -> Any:
    ok = (b > _TINY) | (b < -_TINY)
    return np.where(ok, a / np.where(ok, b, 1.0), 0.0)


def _mod(a: Any, b: Any) -> Any:
    ok = b != 0
    return np.where(ok, a % np.where(ok, b, 1), 0)


def _clamp(value: Any, low: Any, high: Any) -> Any:
    """``clamp`` with bounds that are not numbers written out: each side worked out once."""
    return np.where(value < low, low, np.where(high < value, high, value))


def _float(x: Any) -> Any:
    return np.asarray(_num(x), dtype=np.float64)


def _short(short: Any, strict: bool) -> Any:
    """``Distance``'s reading of one comparison from how far its sides are apart."""
    if strict:
        return np.where(short < 0, 0.0, short + 1.0)
    return np.where(short <= 0, 0.0, short + 0.0)


def _columns_of(parts: tuple[Any, ...]) -> np.ndarray:
    size = max(np.size(p) for p in parts)
    return np.stack([np.broadcast_to(np.asarray(p, dtype=np.float64), (size,)) for p in parts], axis=1)


def _psum(parts: tuple[Any, ...]) -> Any:
    return PYTHON_SUM(_columns_of(parts))  # type: ignore[misc]


def _pmin(parts: tuple[Any, ...]) -> Any:
    return np.minimum.reduce(_columns_of(parts), axis=1)


_SCOPE: dict[str, Any] = {"__builtins__": {}, "_float": _float, "_short": _short, "_psum": _psum, "_pmin": _pmin,
                          "_nan": np.nan, "_num": _num, "_truth": _truth, "_where": _where, "_div": _div,
                          "_mod": _mod, "_clamp": _clamp, "_not": np.logical_not, "_abs": np.abs,
                          "_min": np.minimum, "_max": np.maximum}


class _Columns:
    """Where a run's values live: a meter, flag and policy column each, a phase code each."""

    def __init__(self, content: Content) -> None:
        self.meters = {m: j for j, m in enumerate(content.meters)}
        self.policies = {p: j for j, p in enumerate(content.policies)}
        self.phases = {p: j for j, p in enumerate(content.phases)}
        self.flags: dict[str, int] = {}

    def flag(self, name: str) -> int:
        return self.flags.setdefault(name, len(self.flags))


class _Emitter:
    """Writes a checked condition's tree as one numpy expression over the columns (``_M`` meters, ``_F``
    flags, ``_P`` policies, ``_PH`` phase codes, ``_D`` the date parts), with Python's values: a
    comparison or flag is a bool, ``a and b`` is ``b`` where ``a`` holds, ``min`` keeps the first of
    equals, a flag in arithmetic counts 1."""

    def __init__(self, columns: _Columns) -> None:
        self.columns = columns
        self.unknown = "_nan"  # what a part of a distance that cannot be told in points counts while it fails

    def emit(self, node: ast.expr) -> tuple[str, bool]:
        """The source of an expression and whether its value is a truth (a bool) rather than a number."""
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return repr(node.value), True
            return repr(node.value), False
        if isinstance(node, ast.Name):
            if node.id in ("true", "True", "false", "False"):
                return repr(node.id in ("true", "True")), True
            if node.id in self.columns.meters:
                return f"_M[:, {self.columns.meters[node.id]}]", False
            return f"_D[{node.id!r}]", False
        if isinstance(node, ast.Attribute):
            kind, name = node.value.id, node.attr  # type: ignore[attr-defined]
            if kind == "flag":
                return f"_F[:, {self.columns.flag(name)}]", True
            if kind == "policy":
                return f"_P[:, {self.columns.policies[name]}]", False
            return f"(_PH == {self.columns.phases[name]})", True
        if isinstance(node, ast.Compare):
            parts, left = [], self.emit(node.left)[0]
            for op, right_node in zip(node.ops, node.comparators):
                right = self.emit(right_node)[0]
                parts.append(f"({left} {_OPS[type(op)]} {right})")
                left = right
            return (parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"), True
        if isinstance(node, ast.BoolOp):
            values = [self.emit(v) for v in node.values]
            if all(truth for _, truth in values):
                joiner = " & " if isinstance(node.op, ast.And) else " | "
                return "(" + joiner.join(s for s, _ in values) + ")", True
            source = values[-1][0]
            for earlier, _ in reversed(values[:-1]):
                source = (f"_where(_truth({earlier}), {source}, {earlier})" if isinstance(node.op, ast.And)
                          else f"_where(_truth({earlier}), {earlier}, {source})")
            return source, False
        if isinstance(node, ast.UnaryOp):
            inner, truth = self.emit(node.operand)
            if isinstance(node.op, ast.Not):
                return f"_not({inner})", True
            return f"({'-' if isinstance(node.op, ast.USub) else '+'}{self._number(inner, truth)})", False
        if isinstance(node, ast.BinOp):
            left, right = self._as_number(node.left), self._as_number(node.right)
            if type(node.op) in _OPS:
                return f"({left} {_OPS[type(node.op)]} {right})", False
            if isinstance(node.op, ast.Div | ast.Mod):
                if written_number(node.right):
                    return f"({left} {'/' if isinstance(node.op, ast.Div) else '%'} {right})", False
                return f"{'_div' if isinstance(node.op, ast.Div) else '_mod'}({left}, {right})", False
            raise NotBatchable(f"'{ast.unparse(node)}' ('**' is played one run at a time)")
        if isinstance(node, ast.IfExp):
            test, body, other = self._as_truth(node.test), self.emit(node.body), self.emit(node.orelse)
            return f"_where({test}, {body[0]}, {other[0]})", body[1] and other[1]
        if isinstance(node, ast.Call):
            return self._call(node), False
        raise NotBatchable(f"'{ast.unparse(node)}' has no array form")

    @staticmethod
    def _number(source: str, truth: bool) -> str:
        return f"_num({source})" if truth else source

    def _as_number(self, node: ast.expr) -> str:
        return self._number(*self.emit(node))

    def _as_truth(self, node: ast.expr) -> str:
        source, truth = self.emit(node)
        return source if truth else f"_truth({source})"

    def _call(self, node: ast.Call) -> str:
        name = node.func.id  # type: ignore[attr-defined]
        args = [self._as_number(a) for a in node.args]
        # numpy's minimum and maximum give Python's min and max but for the sign of a zero among equals, which
        # nothing in the language can see (a zero divides nothing: _div gives 0) and no NaN (the language is total)
        if name in ("min", "max"):
            kept = args[0]
            for arg in args[1:]:
                kept = f"{'_min' if name == 'min' else '_max'}({kept}, {arg})"
            return kept
        if name == "abs":
            return f"_abs({args[0]})"
        if name == "clamp":
            value, low, high = args
            low_value, high_value = written_number(node.args[1]), written_number(node.args[2])
            if low_value is not None and high_value is not None and low_value <= high_value:
                return f"_min(_max({value}, {low}), {high})"  # min(max(x, lo), hi), as the compiler writes it
            return f"_clamp({value}, {low}, {high})"
        raise NotBatchable(f"{name}() is played one run at a time (numpy's last bit may differ)")

    def points(self, node: ast.expr) -> str:
        """How many meter points a guard is from holding (``regime.Distance``, read with nothing unknown): NaN
        where a part that cannot be told in points fails."""
        if isinstance(node, ast.BoolOp):
            parts = ", ".join(self.points(v) for v in node.values)
            return f"_psum(({parts},))" if isinstance(node.op, ast.And) else f"_pmin(({parts},))"
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Lt | ast.LtE | ast.Gt | ast.GtE):
            left, right = f"_float({self._as_number(node.left)})", f"_float({self._as_number(node.comparators[0])})"
            short = f"{left} - {right}" if isinstance(node.ops[0], ast.Lt | ast.LtE) else f"{right} - {left}"
            return f"_short({short}, {isinstance(node.ops[0], ast.Lt | ast.Gt)})"
        return f"_where({self._as_truth(node)}, 0.0, {self.unknown})"

    def compile_points(self, condition: Condition, unknown: float | None = None) -> Callable[..., Any]:
        """``condition.distance`` as an array function; a part that cannot be told in points counts as ``unknown``
        while it fails (None: NaN, the whole unknown)."""
        self.unknown = "_nan" if unknown is None else repr(float(unknown))
        source = self.points(condition.tree)
        return eval(compile(f"lambda _M, _F, _P, _PH, _D: {source}", "<batch distance>", "eval"),  # noqa: S307
                    dict(_SCOPE))  # made here from a checked tree: never the raw source

    def compile(self, condition: Condition) -> Callable[..., Any]:
        source, _ = self.emit(condition.tree)
        return eval(compile(f"lambda _M, _F, _P, _PH, _D: {source}", "<batch condition>", "eval"),  # noqa: S307
                    dict(_SCOPE))  # made here from a checked tree: never the raw source


def _mixed(z: np.ndarray) -> np.ndarray:
    z = (z ^ (z >> _S30)) * _MIX1
    z = (z ^ (z >> _S27)) * _MIX2
    return z ^ (z >> _S31)


# --- the runs' first states, and the meters' clamp (game.sim.batch_engine) -------------------------

def _seeded(seeds: Sequence[int], player_seeds: Sequence[int], widest: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows' dice (``seed_state``), their players' streams (``player_state``) and each seed modulo
    0..widest (where an event's options begin), as Python's integers give them."""
    limit = 1 << 62
    if all(-limit < s < limit for s in seeds) and all(-limit < s < limit for s in player_seeds):
        games = np.array(seeds, dtype=np.int64)
        players = np.array(player_seeds, dtype=np.int64).astype(np.uint64)
        dice = games.astype(np.uint64) * _GOLDEN + np.uint64(0x2545F4914F6CDD1D)
        rng = _mixed(players * _GOLDEN + np.uint64(0x2545F4914F6CDD1D))
        mod = np.stack([np.zeros_like(games)] + [np.mod(games, w) for w in range(1, widest + 1)], axis=1)
        return dice, rng, mod
    return (np.array([seed_state(s) for s in seeds], dtype=np.uint64),
            np.array([player_state(s) for s in player_seeds], dtype=np.uint64),
            np.array([[s % w if w else 0 for w in range(widest + 1)] for s in seeds], dtype=np.int64))


def _clamped_add(column: np.ndarray, amount: Any) -> None:
    """``column + amount`` clamped to 0-100, written back in place: the engine's ``clamp(value + amount)``. (No meter
    holds -0, whose sign ``maximum`` might keep: a sum is -0 only where both its terms are.) Three ufuncs, not
    ``np.clip``, whose Python layers cost more than the clamp itself on a batch's few hundred rows."""
    np.add(column, amount, out=column)
    np.maximum(column, 0.0, out=column)
    np.minimum(column, 100.0, out=column)


def _own(value: Any) -> Any:
    """An amount that no later write to the meters can change (a copy where it is a view of them)."""
    return value.copy() if isinstance(value, np.ndarray) and value.base is not None else value
