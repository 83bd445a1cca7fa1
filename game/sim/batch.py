"""Many campaigns at once: the engine's rules played over arrays, one row a run (numpy).

:func:`play_batch` plays the runs of one scenario side by side, turn by turn, exactly as the engine
plays each alone: the same dice in the same order, the same arithmetic on the same numbers, so every
run ends with the engine's ending, turn and final meters for its seeds (``tests/test_batch.py``
checks it seed by seed). The content's conditions, effects, drift rules, draw weights and guards are
compiled once, to numpy operations over the runs' columns; a run's dice and its player's random
numbers are SplitMix64 states, one per row, which vectorise exactly.

What it cannot play exactly it refuses (:func:`batch_problem` says why), and callers play those
campaigns one by one: a condition with ``exp``, ``log``, ``sqrt``, ``round`` or ``**`` (the last bit
of numpy's functions and the math library's may differ), a class's deck, a player with no array form.

A player here is an *array policy* that chooses for every row at once, drawing from the same stream
:class:`game.rules.dice.PlayerRandom` gives the scalar player: :class:`RandomPolicy` (the random player),
:class:`PositionPolicy` (the fixed habits of position), :class:`ScorePolicy` (the strategies'
personas and the screen personas, with the red bars or the regime panel read first for ``fixer`` and
the watchers) and :class:`PlanPolicy` (random answers, one policy plan a row: the balance report's
sweep). The planner, ``alternating`` and ``walls_until_2009`` have none (:func:`array_policy`).
A batch is as fast as its size allows: a few hundred runs at once or more.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from game.rules.conditions import Condition
from game.rules.model import FOLLOWUP_WAIT, OUTCOMES, Content, Date
from game.rules.dice import player_state, seed_state
from game.rules.engine import MAX_DILEMMAS
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
    s = states[rows] + _GOLDEN
    states[rows] = s
    z = (s ^ (s >> _S30)) * _MIX1
    z = (z ^ (z >> _S27)) * _MIX2
    z ^= z >> _S31
    return (z >> _S11).astype(np.float64) * _UNIT


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
    """``Dice.pick_weighted`` for each row: the column where ``u * sum(weights)``, less each weight in turn,
    first falls below 0 (a weight of 0 changes nothing, so the pool may keep its gaps); else the last positive."""
    if PYTHON_SUM is _sequential:  # both running sums in one accumulate each: x + (-y) is x - y
        target = u * np.add.accumulate(pool, axis=1)[:, -1]
        left = np.add.accumulate(np.concatenate([target[:, None], -pool], axis=1), axis=1)[:, 1:]
    else:
        target = u * PYTHON_SUM(pool)  # type: ignore[misc]
        left = np.empty_like(pool)
        for k in range(pool.shape[1]):
            target = target - pool[:, k]
            left[:, k] = target
    below = left < 0
    picked = np.argmax(below, axis=1)
    missing = ~below.any(axis=1)
    if missing.any():
        positive = pool[missing] > 0
        picked[missing] = positive.shape[1] - 1 - np.argmax(positive[:, ::-1], axis=1)
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
                          "_mod": _mod, "_not": np.logical_not, "_abs": np.abs,
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
            return f"_where({value} < {low}, {low}, _where({high} < {value}, {high}, {value}))"
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


# --- the content as tables --------------------------------------------------------------------------

def _padded(rows: Sequence[Sequence[Any]], fill: Any, dtype: Any, width: int | None = None) -> np.ndarray:
    width = max([len(r) for r in rows] + [width or 0, 1])
    table = np.full((len(rows), width), fill, dtype=dtype)
    for at, row in enumerate(rows):
        table[at, :len(row)] = row
    return table


class _Rolls:
    """Effects ready to roll for many rows: per entry, its meters (-1 past the end), lows and highs."""

    def __init__(self, entries: Sequence[Sequence[tuple[str, float, float, str]]], meters: dict[str, int]) -> None:
        self.meter = _padded([[meters[m] for m, _, _, _ in e] for e in entries], -1, np.int64)
        self.low = _padded([[lo for _, lo, _, _ in e] for e in entries], 0.0, np.float64, self.meter.shape[1])
        self.high = _padded([[hi for _, _, hi, _ in e] for e in entries], 0.0, np.float64, self.meter.shape[1])


class Tables:
    """A content compiled for the batch: its conditions as array functions, its effects as tables."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.columns = columns = _Columns(content)
        emitter = _Emitter(columns)
        self._fns: list[Callable[..., Any]] = []
        self._known: dict[str, int] = {}
        self._collapse: list[tuple[int, Callable[..., Any]]] | None = None

        def cond(condition: Condition | None) -> int:
            """The number of a condition's compiled form (-1: none, always true)."""
            if condition is None:
                return -1
            found = self._known.get(condition.source)
            if found is None:
                found = self._known[condition.source] = len(self._fns)
                self._fns.append(emitter.compile(condition))
            return found

        self.events = list(content.events)
        self.event_index = {e: i for i, e in enumerate(self.events)}
        events = list(content.events.values())
        self.options: list[tuple[str, str]] = [(e.id, o.id) for e in events for o in e.options]
        option_index = {key: i for i, key in enumerate(self.options)}
        self.event_options = _padded([[option_index[(e.id, o.id)] for o in e.options] for e in events], -1, np.int64)
        self.option_count = np.array([len(e.options) for e in events], dtype=np.int64)
        self.widest = int(self.option_count.max())
        self.option_cond = np.array([cond(o.when) for e in events for o in e.options], dtype=np.int64)
        self.event_cond = [cond(e.when) for e in events]
        self.always_open = np.array([e.id in content.index.always_open for e in events])
        self.once = np.array([e.once for e in events])
        self.cooldown = np.array([e.cooldown for e in events], dtype=np.int64)
        self.shuffle = np.array([[content.index.shuffle[e.id] % n if n else 0 for n in range(self.widest + 1)]
                                 for e in events], dtype=np.int64)
        choices = [content.index.choices[e.id][o.id] for e in events for o in e.options]
        self.effects = _Rolls([c.effects for c in choices], columns.meters)
        self.sets = _padded([[columns.flag(f) for f in c.option.set_flags] for c in choices], -1, np.int64)
        self.clears = _padded([[columns.flag(f) for f in c.option.clear_flags] for c in choices], -1, np.int64)
        self.followups = _padded([[self.event_index[f.event] for f in c.option.followups] for c in choices], -1, np.int64)
        self.after = _padded([[f.after for f in c.option.followups] for c in choices], 0, np.int64)
        self.option_policy = _padded([[columns.policies[p] for p in c.option.policies] for c in choices], -1, np.int64)
        self.option_level = _padded([list(c.option.policies.values()) for c in choices], 0, np.int64)
        # policies: per policy, per level, its upkeep; its change cost; the levels one step away
        self.policies = list(content.policies)
        self.upkeep = [[[(columns.meters[m], low, high, high - low) for m, low, high, _ in level] for level in content.index.standing[p]]
                       for p in self.policies]  # per policy, per level: (meter column, low, high, high - low)
        self.change_cost = _Rolls([content.index.change_cost[p] for p in self.policies], columns.meters)
        self.steps = [_padded(content.index.steps[p], -1, np.int64) for p in self.policies]
        self.step_count = [np.array([len(s) for s in content.index.steps[p]], dtype=np.int64) for p in self.policies]
        # drift, in the content's order
        self.drift = [(cond(r.amount), cond(r.when), columns.meters[r.meter]) for r in content.drift]
        # the regime's table: every row that leaves some phase (survival is the calendar's), in content order
        self.rows = [t for t in content.transitions if t.outcome != "survival"]
        self.guards = [cond(t.when) for t in self.rows]
        self.hold = np.array([t.hold for t in self.rows], dtype=np.int64)
        self.leaves = np.zeros((len(columns.phases), max(len(self.rows), 1)), dtype=bool)
        for phase, rows in content.index.leaving.items():
            for t in rows:
                self.leaves[columns.phases[phase], self.rows.index(t)] = True
        self.phase_names = list(content.phases)
        self.ends = np.array([t.outcome is not None for t in self.rows] or [False])
        self.to = np.array([columns.phases[t.to] if t.to else -1 for t in self.rows] or [-1], dtype=np.int64)
        self.kinds = sorted({t.kind for t in content.transitions if t.kind} | {e.kind for e in content.endings if e.kind})
        self.outcome_of = np.array([OUTCOMES.index(t.outcome) if t.outcome else 0 for t in self.rows] or [0], dtype=np.int64)
        self.kind_of = np.array([self.kinds.index(t.kind) if t.kind else -1 for t in self.rows] or [-1], dtype=np.int64)
        self.survival_reason = next((r.reason for r in content.transitions if r.outcome == "survival"), "")
        self.target = [t.to or (f"{t.outcome}:{t.kind}" if t.kind else t.outcome or "") for t in self.rows]
        # the endings in the order select_ending tries them: the most specific first, then the content's order
        ordered = sorted(range(len(content.endings)),
                         key=lambda i: (content.endings[i].kind is None, content.endings[i].when is None))
        self.endings = [(i, (OUTCOMES.index(e.outcome), self.kinds.index(e.kind) if e.kind else -1, cond(e.when)))
                        for i, e in ((i, content.endings[i]) for i in ordered)]
        self.variants = [[cond(v.when) for v in e.variants] + [cond(v.when) for o in e.options for v in o.variants]
                         for e in events]
        # drawing: the events drawable and pinned at each date, their weights' parts
        self.drawable = {d: [self.event_index[e.id] for e, _ in rows] for d, rows in content.index.drawable.items()}
        self.pinned = {d: [self.event_index[e.id] for e in rows] for d, rows in content.index.pinned.items()}
        self.weights = [(base, cond(when), [cond(c) for c in any_of], [(cond(c), f) for c, f in modifiers])
                        for base, when, any_of, modifiers in content.index.weight_rows]

    def collapse_points(self) -> list[tuple[int, Callable[..., Any]]]:
        """Each collapse road of the table (its row) with its distance as an array function, compiled when first asked."""
        if self._collapse is None:
            emitter = _Emitter(self.columns)
            self._collapse = [(row, emitter.compile_points(t.when)) for row, t in enumerate(self.rows)
                              if t.outcome == "collapse"]
        return self._collapse

    def evaluate(self, number: int, env: Env) -> Any:
        return self._fns[number](env.M, env.F, env.P, env.PH, env.D)


_TABLES: dict[int, Tables] = {}


def tables(content: Content) -> Tables:
    """The content's tables, compiled once (raises NotBatchable for content it cannot play exactly)."""
    found = _TABLES.get(id(content))
    if found is None or found.content is not content:
        if len(_TABLES) > 8:
            _TABLES.clear()
        found = _TABLES[id(content)] = Tables(content)
    return found


def batch_problem(content: Content, scenario: str | None = None, player: object = None) -> str | None:
    """Why these campaigns cannot be played as a batch, or None when they can."""
    if PYTHON_SUM is None:
        return "this Python adds floats in a way the batch does not reproduce"
    if scenario is not None and scenario not in content.scenarios:
        return f"no scenario '{scenario}'"
    try:
        tables(content)
    except NotBatchable as error:
        return str(error)
    if player is not None and array_policy(player, content) is None:
        return f"the player '{getattr(player, 'name', player)}' has no array form"
    return None


def tense_late(result: Result, near: float) -> np.ndarray:
    """For each run of a watched batch, whether some season in the last third had a collapse road within
    ``near`` points (or holding), read as ``balance.tense_late`` reads it: that season's meters and phase,
    the run's flags and policies at its end."""
    t = result.tables
    tense = np.zeros(result.turn.size, dtype=bool)
    start = t.content.scenarios[result.scenario].start.index
    last_turn = result.last_turn
    for turn, (meters, phases) in result.late.items():
        there = phases >= 0
        date = Date.from_index(start + turn - 1)
        parts = {"year": date.year, "quarter": date.quarter, "turn": turn, "turns_left": last_turn - turn}
        for row, points in t.collapse_points():
            reads = there & t.leaves[np.maximum(phases, 0), row]
            if not reads.any():
                continue
            gap = np.broadcast_to(points(meters[reads], result.flags[reads], result.levels[reads], phases[reads], parts),
                                  (int(reads.sum()),))
            tense[np.flatnonzero(reads)[gap <= near]] = True
    return tense


# --- the runs' state ----------------------------------------------------------------------------

class Env:
    """What conditions read for the rows in play: the columns, the date parts, the phase; each condition's
    value is worked out once until the state moves on (:meth:`moved`)."""

    def __init__(self, batch: Batch) -> None:
        self.batch = batch
        self.cache: dict[int, Any] = {}

    @property
    def M(self) -> np.ndarray:  # noqa: N802 - the compiled code's names
        return self.batch.meters

    @property
    def F(self) -> np.ndarray:  # noqa: N802
        return self.batch.flags

    @property
    def P(self) -> np.ndarray:  # noqa: N802
        return self.batch.levels

    @property
    def PH(self) -> np.ndarray:  # noqa: N802
        return self.batch.phase

    @property
    def D(self) -> dict[str, int]:  # noqa: N802
        return self.batch.date_parts

    def moved(self) -> None:
        self.cache.clear()

    def value(self, number: int) -> Any:
        if number < 0:
            return True
        found = self.cache.get(number)
        if found is None:
            found = self.cache[number] = self.batch.tables.evaluate(number, self)
        return found

    def truth(self, number: int) -> np.ndarray:
        """Whether a condition holds, for every row (read only)."""
        value = self.value(number)
        if isinstance(value, np.ndarray) and value.shape:
            return value if value.dtype == np.bool_ else value != 0
        return np.full(self.batch.size, bool(value))

    def amount(self, number: int) -> Any:
        """A number for every row: an array, or one number for all."""
        value = self.value(number)
        if isinstance(value, np.ndarray) and value.shape:
            return value
        return value.item() if isinstance(value, np.generic | np.ndarray) else value


class Result:
    """What each run of a batch came to, in the order of its seeds, and what they met on the way."""

    def __init__(self, tables: Tables, runs: int) -> None:
        meters = len(tables.columns.meters)
        self.tables = tables
        self.code = np.zeros(runs, dtype=np.int64)  # the outcome, in OUTCOMES
        self.kind_code = np.full(runs, -1, dtype=np.int64)  # in tables.kinds; -1: none
        self.ending_code = np.full(runs, -1, dtype=np.int64)  # in content.endings; -1: none fits
        self.turn = np.zeros(runs, dtype=np.int64)
        self.date = np.zeros(runs, dtype=np.int64)  # the date index of the last season
        self.meters = np.zeros((runs, meters))
        self.seen = np.zeros((runs, len(tables.events)), dtype=np.int32)  # times each event was drawn
        self.picks = np.zeros((runs, len(tables.options)), dtype=np.int32)  # times each run chose each option
        self.followed = np.zeros(runs, dtype=np.int64)  # dilemmas met told or offered as the run left them (if watched)
        self.flags = np.zeros((runs, len(tables.columns.flags)), dtype=bool)  # at the end
        self.levels = np.zeros((runs, len(tables.policies)), dtype=np.int64)  # at the end
        # if watched, from a turn on: turn -> every run's meters and phase at that turn's end (rows not there: NaN, -1)
        self.late: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.scenario = ""
        self.last_turn = 0
        # each run's moves on the regime's table: (turn, from phase code, row in tables.rows; -1 survival)
        self.transitions: list[list[tuple[int, int, int]]] = [[] for _ in range(runs)]
        self.options = tables.options  # (event, option) of each count in ``chosen``

    def grow(self, extra: int) -> int:
        """Room for ``extra`` more runs at the end; the first of their numbers."""
        first = self.turn.size
        for name in ("code", "kind_code", "ending_code", "turn", "date", "meters", "seen", "picks", "followed", "flags",
                     "levels"):
            found = getattr(self, name)
            more = np.full((extra, *found.shape[1:]), -1 if name in ("kind_code", "ending_code") else 0, dtype=found.dtype)
            setattr(self, name, np.concatenate([found, more]))
        self.transitions += [[] for _ in range(extra)]
        return first

    @property
    def chosen(self) -> np.ndarray:
        """Times each option was chosen, over all runs."""
        return self.picks.sum(axis=0, dtype=np.int64)

    @property
    def dilemmas(self) -> np.ndarray:
        """Dilemmas each run answered."""
        return self.picks.sum(axis=1, dtype=np.int64)

    @property
    def outcome(self) -> list[str]:
        return [OUTCOMES[c] for c in self.code.tolist()]

    @property
    def kind(self) -> list[str | None]:
        kinds = self.tables.kinds
        return [kinds[c] if c >= 0 else None for c in self.kind_code.tolist()]

    @property
    def ending(self) -> list[str | None]:
        endings = self.tables.content.endings
        return [endings[c].id if c >= 0 else None for c in self.ending_code.tolist()]

    def roads(self, run: int) -> list[tuple[int, str, str, str]]:
        """A run's moves on the regime's table: (turn, from phase, to: a phase, an outcome or "survival", the
        reason of the row that fired)."""
        t = self.tables
        return [(turn, t.phase_names[phase], t.target[row] if row >= 0 else "survival",
                 t.rows[row].reason if row >= 0 else t.survival_reason) for turn, phase, row in self.transitions[run]]


def _mixed(z: np.ndarray) -> np.ndarray:
    z = (z ^ (z >> _S30)) * _MIX1
    z = (z ^ (z >> _S27)) * _MIX2
    return z ^ (z >> _S31)


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


class Batch:
    """Runs of one scenario, played turn by turn together; rows leave as their campaigns end."""

    def __init__(self, content: Content, scenario: str | None, seeds: Sequence[int], player_seeds: Sequence[int],
                 watch: bool = False) -> None:
        self.tables = t = tables(content)
        self.watch = watch  # keep what the balance report reads besides the endings (see Result)
        chosen = content.scenarios.get(scenario) if scenario else content.default_scenario
        if chosen is None:
            raise NotBatchable(f"no scenario '{scenario}'")
        self.scenario = chosen
        n = self.size = len(seeds)
        columns = t.columns
        self.ids = np.arange(n)
        start = np.array([float(chosen.meters.get(m.id, m.start)) for m in content.meters.values()])
        self.meters = np.asfortranarray(np.tile(start, (n, 1)))  # a meter's column is contiguous
        self.flags = np.zeros((n, len(columns.flags)), dtype=bool)
        for flag in chosen.flags:
            if flag in columns.flags:
                self.flags[:, columns.flags[flag]] = True
        self.levels = np.tile(np.array([chosen.policies.get(p.id, p.start) for p in content.policies.values()],
                                       dtype=np.int64), (n, 1))
        self.phase = np.full(n, columns.phases[chosen.phase], dtype=np.int64)
        self.streak = np.zeros((n, max(len(t.rows), 1)), dtype=np.int64)
        self.last = np.full((n, len(t.events)), -1, dtype=np.int64)
        self.dice, self.rng, self.seed_mod = _seeded(seeds, player_seeds, t.widest)
        self.due_turn = np.zeros((n, 4), dtype=np.int64)
        self.due_event = np.full((n, 4), -1, dtype=np.int64)
        self.due_count = np.zeros(n, dtype=np.int64)
        forced = [t.event_index[e] for e in chosen.force]
        for event in forced:
            self._schedule(np.arange(n), np.full(n, 1, dtype=np.int64), np.full(n, event, dtype=np.int64))
        self.pending = np.full((n, 0), -1, dtype=np.int64)
        self.changed = np.zeros((n, len(t.policies)), dtype=bool)  # the policies changed this turn
        self.turn = 1
        self.date = chosen.start.index
        self.last_turn = chosen.end.index - chosen.start.index + 1
        self.env = Env(self)
        self.result = Result(t, n)
        self.result.scenario, self.result.last_turn = chosen.id, self.last_turn
        self._date_parts()
        self._draw_dilemmas()

    # --- small pieces ---

    def _date_parts(self) -> None:
        date = Date.from_index(self.date)
        self.date_parts = {"year": date.year, "quarter": date.quarter, "turn": self.turn,
                           "turns_left": self.last_turn - self.turn}

    def _schedule(self, rows: np.ndarray, turns: np.ndarray, events: np.ndarray) -> None:
        at = self.due_count[rows]
        if at.size and at.max() >= self.due_turn.shape[1]:
            grow = self.due_turn.shape[1]
            self.due_turn = np.concatenate([self.due_turn, np.zeros_like(self.due_turn[:, :grow])], axis=1)
            self.due_event = np.concatenate([self.due_event, np.full_like(self.due_event[:, :grow], -1)], axis=1)
        self.due_turn[rows, at] = turns
        self.due_event[rows, at] = events
        self.due_count[rows] += 1

    def roll(self, rows: np.ndarray, rolls: _Rolls, entries: np.ndarray) -> None:
        """Roll each row's effects (``rolls`` entry ``entries[i]`` for row ``rows[i]``) onto its meters, clamped
        to 0-100, a range drawing the row's dice: ``engine._apply``."""
        meter_table, low_table, high_table = rolls.meter[entries], rolls.low[entries], rolls.high[entries]
        meters = self.meters
        for k in range(meter_table.shape[1]):
            active = meter_table[:, k] >= 0
            if not active.any():
                break
            where = rows[active]
            meter, low, high = meter_table[active, k], low_table[active, k], high_table[active, k]
            amount = low.copy()
            ranged = low != high
            if ranged.any():
                u = draw(self.dice, where[ranged])
                amount[ranged] = round1(low[ranged] + (high[ranged] - low[ranged]) * u)
            meters[where, meter] = np.minimum(np.maximum(meters[where, meter] + amount, 0.0), 100.0)
        self.env.moved()

    def _upkeep(self) -> None:
        """Every policy's per-turn effects at each row's level, policy by policy (``Index.upkeep_of``): per level,
        each effect on the rows at that level, one meter column at a time."""
        meters = self.meters
        for p, per_level in enumerate(self.tables.upkeep):
            levels = self.levels[:, p]
            for level, rolls in enumerate(per_level):
                if not rolls:
                    continue
                at = levels == level
                if not at.any():
                    continue
                rows = None if at.all() else np.flatnonzero(at)
                for meter, low, high, spread in rolls:
                    if rows is None:
                        column = meters[:, meter]
                        amount = low if low == high else round1(low + spread * draw(self.dice, slice(None)))
                        np.minimum(np.maximum(column + amount, 0.0), 100.0, out=column)
                    else:
                        amount = low if low == high else round1(low + spread * draw(self.dice, rows))
                        meters[rows, meter] = np.minimum(np.maximum(meters[rows, meter] + amount, 0.0), 100.0)
        self.env.moved()

    def available(self, rows: np.ndarray, events: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each row's options of its event in the order the game shows them (-1 past the end), and which are open."""
        t = self.tables
        count = t.option_count[events]
        start = (self.seed_mod[rows, count] + t.shuffle[events, count]) % np.maximum(count, 1)
        place = np.arange(t.widest)[None, :]
        writers = (start[:, None] + place) % np.maximum(count, 1)[:, None]
        options = np.where(place < count[:, None], t.event_options[events[:, None], writers], -1)
        conds = t.option_cond[np.maximum(options, 0)]
        open_ = options >= 0
        for number in np.unique(conds[open_ & (conds >= 0)]):
            holds = self.env.truth(int(number))
            spot = conds == number
            open_ &= ~spot | holds[rows][:, None]
        return options, open_

    def answer(self, rows: np.ndarray, options: np.ndarray) -> None:
        """Each row answers its pending dilemma with an option: ``engine.answer``."""
        t = self.tables
        self.answer_effects(rows, options)
        for k in range(t.followups.shape[1]):
            event = t.followups[options, k]
            some = event >= 0
            if some.any():
                self._schedule(rows[some], self.turn + t.after[options[some], k], event[some])
        self.result.picks[self.ids[rows], options] += 1  # one answer a row: no pair repeats

    def answer_effects(self, rows: np.ndarray, options: np.ndarray) -> None:
        """What an answer does to the state the rules read: its effects rolled, its flags, its policies."""
        t = self.tables
        self.roll(rows, t.effects, options)
        for k in range(t.sets.shape[1]):
            flag = t.sets[options, k]
            some = flag >= 0
            self.flags[rows[some], flag[some]] = True
        for k in range(t.clears.shape[1]):
            flag = t.clears[options, k]
            some = flag >= 0
            self.flags[rows[some], flag[some]] = False
        for k in range(t.option_policy.shape[1]):
            policy = t.option_policy[options, k]
            some = policy >= 0
            self.levels[rows[some], policy[some]] = t.option_level[options[some], k]
        self.env.moved()

    def _follows(self, rows: np.ndarray, events: np.ndarray, open_: np.ndarray) -> None:
        """Count the dilemmas met told or offered differently because of the run (``variants.follows_run``):
        an option closed, or a variant of the text or of an option's words that holds."""
        t = self.tables
        follows = open_.sum(axis=1) < t.option_count[events]
        for event in np.unique(events).tolist():
            numbers = t.variants[event]
            if not numbers:
                continue
            here = events == event
            some = np.zeros(self.size, dtype=bool)
            for number in numbers:
                some |= self.env.truth(number)
            follows |= here & some[rows]
        self.result.followed[self.ids[rows]] += follows

    def policy_moves(self, rows: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """For each row, how many policy moves it has now, and per policy how many of them are that policy's
        (``engine.policy_moves``, flattened in the content's order of policies and levels)."""
        counts = [np.where(self.changed[rows, p], 0, self.tables.step_count[p][self.levels[rows, p]])
                  for p in range(len(self.tables.policies))]
        return sum(counts, np.zeros(rows.size, dtype=np.int64)), counts

    def set_policy(self, rows: np.ndarray, policies: np.ndarray, levels: np.ndarray) -> None:
        """Each row moves one policy one level and pays its change cost: ``engine.set_policy``."""
        self.roll(rows, self.tables.change_cost, policies)
        self.levels[rows, policies] = levels
        self.changed[rows, policies] = True
        self.env.moved()

    # --- a turn ---

    def play(self, player: ArrayPolicy) -> Result:
        """Play every row to its campaign's end."""
        while self.size:
            self.play_turn(player)
        return self.result

    def play_turn(self, player: ArrayPolicy) -> None:
        """Play one turn of every row: its dilemmas, its policy moves, the season's close."""
        for step in range(self.pending.shape[1]):
            rows = np.flatnonzero(self.pending[:, step] >= 0)
            if rows.size:
                events = self.pending[rows, step]
                options, open_ = self.available(rows, events)
                column = player.choose(self, rows, events, options, open_)
                if self.watch:
                    self._follows(rows, events, open_)
                self.answer(rows, options[np.arange(rows.size), column])
        player.adjust(self)
        self._end_season()

    def season_effects(self) -> None:
        """The season's upkeep of every policy, then every drift rule, on the meters (``engine.end_season``)."""
        t, env = self.tables, self.env
        self._upkeep()
        amounts = [np.where(env.truth(when), env.amount(amount), 0) if when >= 0 else np.array(env.amount(amount), dtype=np.float64)
                   for amount, when, _ in t.drift]  # every amount from the meters after upkeep, as the engine's ns
        meters = self.meters
        for (_, _, meter), value in zip(t.drift, amounts):
            column = meters[:, meter]
            np.minimum(np.maximum(column + value, 0.0), 100.0, out=column)
        env.moved()

    def regime(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The regime's table after the season's effects: for each row the road that fired (-1: none), whether
        it leads to an outcome, and the streaks that follow (``regime.run_regime``)."""
        t, env = self.tables, self.env
        leaves = t.leaves[self.phase]
        fired = np.full(self.size, -1, dtype=np.int64)
        streak = np.zeros_like(self.streak)
        for row, guard in enumerate(t.guards):
            held = leaves[:, row] & env.truth(guard)
            streak[:, row] = np.where(held, self.streak[:, row] + 1, 0)
            fires = held & (fired < 0) & (streak[:, row] >= t.hold[row])
            fired[fires] = row
        ends = t.ends[np.maximum(fired, 0)] & (fired >= 0)  # a road to an outcome, not to a phase
        return fired, ends, streak

    def _end_season(self) -> None:
        t, env = self.tables, self.env
        self.season_effects()
        fired, ends, streak = self.regime()
        ending_row = np.where(ends, fired, -1)  # -1: no ending, or survival at the last turn
        ended = ends | (self.turn >= self.last_turn)
        moved = np.flatnonzero(fired >= 0)
        for r in moved.tolist():
            self.result.transitions[self.ids[r]].append((self.turn, int(self.phase[r]), int(fired[r])))
        if ended.any():
            self._finish(np.flatnonzero(ended), ending_row)  # the endings read the phase the season began in
        goes = moved[~ends[moved]]
        if goes.size:
            self.phase[goes] = t.to[fired[goes]]
            streak[goes] = 0
        self.streak = streak
        if self.watch and self.turn > self.last_turn * 2 / 3:
            meters = np.full((self.result.turn.size, self.meters.shape[1]), np.nan)
            phases = np.full(self.result.turn.size, -1, dtype=np.int64)
            meters[self.ids], phases[self.ids] = self.meters, self.phase
            self.result.late[self.turn] = (meters, phases)
        if ended.any():
            self._keep(np.flatnonzero(~ended))
        if not self.size:
            return
        self.turn += 1
        self.date += 1
        self._date_parts()
        self.changed[:] = False
        env.moved()
        self._draw_dilemmas()

    def _finish(self, rows: np.ndarray, ending_row: np.ndarray) -> None:
        """Record the campaigns that end this turn (``ending_row``: the road each took, -1 for survival), each
        with its ending's text as ``engine.select_ending`` chooses it: the most specific that fits."""
        t, result, env = self.tables, self.result, self.env
        ids = self.ids[rows]
        road = ending_row[rows]
        outcome = np.where(road >= 0, t.outcome_of[np.maximum(road, 0)], 0)
        kind = np.where(road >= 0, t.kind_of[np.maximum(road, 0)], -1)
        ending = np.full(rows.size, -1, dtype=np.int64)
        for number, (code, kind_code, when) in t.endings:
            fits = (ending < 0) & (outcome == code) & ((kind_code < 0) | (kind == kind_code))
            if fits.any():
                ending[fits & env.truth(when)[rows]] = number
        for r in rows[road < 0].tolist():
            self.result.transitions[self.ids[r]].append((self.turn, int(self.phase[r]), -1))
        result.code[ids] = outcome
        result.kind_code[ids] = kind
        result.ending_code[ids] = ending
        result.turn[ids] = self.turn
        result.date[ids] = self.date
        result.meters[ids] = self.meters[rows]
        result.flags[ids] = self.flags[rows]
        result.levels[ids] = self.levels[rows]

    _ROWS = ("ids", "meters", "flags", "levels", "phase", "streak", "last", "dice", "rng", "seed_mod", "due_turn",
             "due_event", "due_count", "pending", "changed")

    def _keep(self, keep: np.ndarray) -> None:
        for name in self._ROWS:
            setattr(self, name, getattr(self, name)[keep])
        self.meters = np.asfortranarray(self.meters)
        self.size = keep.size
        self.env.moved()

    def drop(self, rows: np.ndarray) -> None:
        """Take rows out of play unfinished (their runs keep no ending)."""
        keep = np.ones(self.size, dtype=bool)
        keep[rows] = False
        self._keep(np.flatnonzero(keep))

    def branch(self, rows: np.ndarray, dice: np.ndarray, rng: np.ndarray) -> np.ndarray:
        """New runs that go on from where ``rows`` stand (a row may be repeated), each with its own dice and
        player's stream (raw states): their rows, at the end of the batch. Not in a watched batch."""
        assert not self.watch
        first = self.result.grow(rows.size)
        copied = {name: getattr(self, name)[rows] for name in self._ROWS}
        copied["ids"] = np.arange(first, first + rows.size)
        copied["dice"], copied["rng"] = dice, rng
        for name, more in copied.items():
            setattr(self, name, np.concatenate([getattr(self, name), more]))
        self.result.seen[copied["ids"]] = self.result.seen[self.ids[rows]]
        self.meters = np.asfortranarray(self.meters)
        self.size += rows.size
        self.env.moved()
        return np.arange(self.size - rows.size, self.size)

    def _draw_dilemmas(self) -> None:
        """Choose the turn's dilemmas for every row: pinned history, follow-ups due, then by weight (``engine._draw``)."""
        t, n, turn = self.tables, self.size, self.turn
        everyone = np.arange(n)
        pinned = t.pinned.get(self.date, [])
        forced = np.full((n, len(pinned) + MAX_DILEMMAS), -1, dtype=np.int64)
        count = np.zeros(n, dtype=np.int64)
        for event in pinned:
            ok = self._eligible(event) & self._open(event)
            forced[ok, count[ok]] = event
            count += ok
        room = min(MAX_DILEMMAS, self.scenario.followup_room)
        kept_turn = np.zeros_like(self.due_turn)
        kept_event = np.full_like(self.due_event, -1)
        kept = np.zeros(n, dtype=np.int64)
        ok_of: dict[int, np.ndarray] = {}
        for slot in range(int(self.due_count.max(initial=0))):
            present = slot < self.due_count
            due_turn, due_event = self.due_turn[:, slot], self.due_event[:, slot]
            waiting = present & (due_turn > turn)
            due = present & ~waiting
            if due.any():
                ok = np.zeros(n, dtype=bool)
                for code in np.unique(due_event[due]).tolist():
                    if code not in ok_of:
                        ok_of[code] = self._open(code)
                    ok |= (due_event == code) & ok_of[code]
                safe = np.maximum(due_event, 0)
                passed = (forced == due_event[:, None]).any(axis=1) | (t.once[safe] & (self.last[everyone, safe] >= 0)) | ~ok
                join = due & ~passed & (count < room)
                forced[join, count[join]] = due_event[join]
                count += join
                waiting |= due & ~passed & ~join & (turn - due_turn < FOLLOWUP_WAIT)
            kept_turn[waiting, kept[waiting]] = due_turn[waiting]
            kept_event[waiting, kept[waiting]] = due_event[waiting]
            kept += waiting
        slots = 1 + (draw(self.dice, everyone) < self.scenario.second_dilemma_chance)
        drawable = t.drawable.get(self.date, [])
        if drawable and (count < slots).any():
            codes = np.array(drawable, dtype=np.int64)
            last = self.last[:, codes]
            blocked = (last >= 0) & (t.once[codes] | (turn - last <= t.cooldown[codes]))
            weights = np.column_stack([self._weight(event) for event in drawable])
            weights[blocked | ~(weights > 0)] = 0.0
            for k in range(forced.shape[1]):
                weights[forced[:, k][:, None] == codes[None, :]] = 0.0
            while True:
                rows = np.flatnonzero((count < slots) & (weights > 0).any(axis=1))
                if not rows.size:
                    break
                picked = _pick_weighted(draw(self.dice, rows), weights[rows])
                forced[rows, count[rows]] = codes[picked]
                count[rows] += 1
                weights[rows, picked] = 0.0
        self.due_turn, self.due_event, self.due_count = kept_turn, kept_event, kept
        width = int(count.max(initial=0))
        self.pending = forced[:, :width]
        for k in range(width):
            some = np.flatnonzero(self.pending[:, k] >= 0)
            events = self.pending[some, k]
            self.last[some, events] = turn
            self.result.seen[self.ids[some], events] += 1

    def _eligible(self, event: int) -> np.ndarray:
        """Whether each row may draw an event by its last draw (once; cooldown)."""
        t = self.tables
        last = self.last[:, event]
        blocked = (last >= 0) & (bool(t.once[event]) | (self.turn - last <= t.cooldown[event]))
        return ~blocked

    def _open(self, event: int) -> np.ndarray:
        """Whether an event's condition holds and some option of it is open (``engine._followup_ok``)."""
        t, env = self.tables, self.env
        ok = env.truth(t.event_cond[event]).copy()
        if not t.always_open[event]:
            some = np.zeros(self.size, dtype=bool)
            for option in t.event_options[event][:t.option_count[event]]:
                some |= env.truth(int(t.option_cond[option]))
            ok &= some
        return ok

    def _weight(self, event: int) -> np.ndarray:
        """An event's draw weight for each row, as ``conditions.compile_weights`` works it out."""
        env = self.env
        base, when, any_of, modifiers = self.tables.weights[event]
        weight: Any = base
        for number, factor in modifiers:
            weight = weight * np.where(env.truth(number), factor, 1)
        holds = env.truth(when)
        if any_of and -1 not in any_of:
            some = np.zeros(self.size, dtype=bool)
            for number in any_of:
                some = some | env.truth(number)
            holds = holds & some
        elif not any_of:
            holds = np.zeros(self.size, dtype=bool)
        return np.where(holds, weight, 0.0)


# --- the players as array policies --------------------------------------------------------------------

class ArrayPolicy:
    """A simulated player for every row at once."""

    def choose(self, batch: Batch, rows: np.ndarray, events: np.ndarray, options: np.ndarray,
               open_: np.ndarray) -> np.ndarray:
        """The column (in the order shown) of the option each row answers."""
        raise NotImplementedError

    def adjust(self, batch: Batch) -> None:
        """Policy moves once a turn, after the dilemmas."""


def _pick(batch: Batch, rows: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``rng.choice`` of ``PlayerRandom`` for each row: ``min(int(random() * n), n - 1)``."""
    u = draw(batch.rng, rows)
    return np.minimum((u * counts).astype(np.int64), counts - 1)


def _nth_open(open_: np.ndarray, nth: np.ndarray) -> np.ndarray:
    """The column of each row's ``nth`` open option."""
    return np.argmax(np.cumsum(open_, axis=1) > nth[:, None], axis=1)


class RandomPolicy(ArrayPolicy):
    """``strategies.RandomPlayer``: any open option; a quarter of the turns, one random policy move."""

    def choose(self, batch: Batch, rows: np.ndarray, events: np.ndarray, options: np.ndarray,
               open_: np.ndarray) -> np.ndarray:
        return _nth_open(open_, _pick(batch, rows, open_.sum(axis=1)))

    def adjust(self, batch: Batch) -> None:
        everyone = np.arange(batch.size)
        moving = everyone[draw(batch.rng, everyone) < 0.25]
        total, counts = batch.policy_moves(moving)
        moving, counts = moving[total > 0], [c[total > 0] for c in counts]
        if not moving.size:
            return
        nth = _pick(batch, moving, total[total > 0])
        policy = np.full(moving.size, -1, dtype=np.int64)
        level = np.zeros(moving.size, dtype=np.int64)
        before = np.zeros(moving.size, dtype=np.int64)
        for p, count in enumerate(counts):
            here = (policy < 0) & (nth < before + count)
            policy[here] = p
            level[here] = batch.tables.steps[p][batch.levels[moving[here], p], nth[here] - before[here]]
            before += count
        batch.set_policy(moving, policy, level)


class PositionPolicy(ArrayPolicy):
    """``strategies.Positional``: always the option at one place of the list shown (-1: the last)."""

    def __init__(self, index: int) -> None:
        self.index = index

    def choose(self, batch: Batch, rows: np.ndarray, events: np.ndarray, options: np.ndarray,
               open_: np.ndarray) -> np.ndarray:
        count = open_.sum(axis=1)
        return _nth_open(open_, count - 1 if self.index < 0 else np.minimum(self.index, count - 1))


class ScorePolicy(ArrayPolicy):
    """A player that scores each option by a fixed number plus a little noise and takes the best, walking
    its policies one step a turn towards a plan: the screen personas whose rule reads only the option's
    hints (``personas.ScreenPlayer``), the ``policy_*`` and ``holding_*`` players (random answers), and
    the strategies' ``Persona`` (hardliner, reformer, cautious, opportunist)."""

    def __init__(self, player: object, content: Content) -> None:
        from game.api import Game
        kind = player.array_kind()  # type: ignore[attr-defined]
        self.player = player
        self.persona = kind == "persona"
        game = Game.new(content)
        t = tables(content)
        self.tables = t
        self.random_answers = kind == "screen" and player.score is None  # type: ignore[attr-defined]
        # what the player's rule reads of the state before it scores (one row of scores each): a Fixer the meter
        # deepest in the red (None: none), a Watcher the meters of the nearest collapse road (): none near)
        self.modes: list[Any] = [None]
        if kind == "fixer":
            self.modes += list(content.meters)
        elif kind == "watcher":
            self.modes = [()] + sorted({tuple(sorted(r.when.meters)) for r in t.rows if r.outcome == "collapse"})
        elif kind == "alternating":  # the sign of reform: the most after an even number of answers, else the least
            self.modes = [1, -1]
        self.scores = np.zeros((len(self.modes), len(t.options)))
        self.rank = np.zeros(len(t.options), dtype=np.int64)  # an option's id among its event's, in string order
        for event in content.events.values():
            ordered = sorted(o.id for o in event.options)
            for option in event.options:
                at = t.options.index((event.id, option.id))
                self.rank[at] = ordered.index(option.id)
                for mode, read in enumerate(self.modes):
                    if self.persona:
                        self.scores[mode, at] = player.score(game, option.effects.expected())  # type: ignore[attr-defined]
                    elif not self.random_answers:
                        if kind == "fixer":
                            player._worst = read  # type: ignore[attr-defined]
                        elif kind == "watcher":
                            player._mending = read  # type: ignore[attr-defined]
                        elif kind == "alternating":
                            player._sign = read  # type: ignore[attr-defined]
                        self.scores[mode, at] = player.score(game, player._hints(game, option))  # type: ignore[attr-defined]

    def choose(self, batch: Batch, rows: np.ndarray, events: np.ndarray, options: np.ndarray,
               open_: np.ndarray) -> np.ndarray:
        if self.random_answers:
            return _nth_open(open_, _pick(batch, rows, open_.sum(axis=1)))
        best = np.zeros(rows.size, dtype=np.int64)
        share = 0.0 if self.persona else self.player.random_share  # type: ignore[attr-defined]
        scoring = np.arange(rows.size)
        if share:
            at_random = draw(batch.rng, rows) < share
            lucky = np.flatnonzero(at_random)
            if lucky.size:
                best[lucky] = _nth_open(open_[lucky], _pick(batch, rows[lucky], open_[lucky].sum(axis=1)))
            scoring = np.flatnonzero(~at_random)
        mode = self._mode(batch, rows[scoring])
        top = np.full(scoring.size, -1e18)
        top_rank = np.full(scoring.size, -1, dtype=np.int64)
        noise = self.player.noise if self.persona else 0.0  # type: ignore[attr-defined]
        for column in range(options.shape[1]):
            here = np.flatnonzero(open_[scoring, column])
            if not here.size:
                continue
            option = options[scoring[here], column]
            u = draw(batch.rng, rows[scoring[here]])
            scores = self.scores[mode[here], option]
            if self.persona:  # max over (score + uniform(-noise, noise), id): ties go to the larger id
                value = scores + (-noise + (noise - -noise) * u)
                rank = self.rank[option]
                better = (value > top[here]) | ((value == top[here]) & (rank > top_rank[here]))
                top_rank[here[better]] = rank[better]
            else:  # the first option whose score plus a thousandth of noise beats every earlier one
                value = scores + u * 1e-3
                better = value > top[here]
            top[here[better]] = value[better]
            best[scoring[here[better]]] = column
        return best

    def _mode(self, batch: Batch, rows: np.ndarray) -> np.ndarray:
        """Which row of scores each row's player reads now (see ``modes``)."""
        mode = np.zeros(rows.size, dtype=np.int64)
        if len(self.modes) == 1:
            return mode
        if self.modes == [1, -1]:  # Alternating: by the answers the run has given
            return batch.result.picks[batch.ids[rows]].sum(axis=1, dtype=np.int64) % 2
        t, env = self.tables, batch.env
        if self.modes[1] in t.columns.meters:  # Fixer: max over (danger, meter) of the bars in the red
            worst = np.full(rows.size, -1.0)
            for meter in sorted(self.modes[1:]):  # a later name wins a tie, as in max()
                spec = t.content.meters[meter]
                shown = np.rint(batch.meters[rows, t.columns.meters[meter]])  # round(): half to even, as numpy
                danger = np.zeros(rows.size) if spec.double_edged else shown if spec.good == "down" else 100.0 - shown
                wins = (danger >= 70) & (danger >= worst)
                worst[wins], mode[wins] = danger[wins], self.modes.index(meter)
            return mode
        # Watcher: the first of the collapse roads sorted by (points from firing, meters read), within its reach
        near = self.player.near  # type: ignore[attr-defined]
        nearest = np.full(rows.size, np.inf)
        roads = sorted(t.collapse_points(), key=lambda road: tuple(sorted(t.rows[road[0]].when.meters)))
        for row, points in roads:  # in the order of their meters: a tie in distance keeps the earlier
            holds = env.truth(t.guards[row])[rows]
            gap = np.broadcast_to(points(env.M[rows], env.F[rows], env.P[rows], env.PH[rows], env.D), (rows.size,))
            distance = np.where(holds, 0.0, np.where(np.isnan(gap), 100.0, gap))
            closer = t.leaves[batch.phase[rows], row] & (distance <= near) & (distance < nearest)
            nearest[closer] = distance[closer]
            mode[closer] = self.modes.index(tuple(sorted(t.rows[row].when.meters)))
        return mode

    def adjust(self, batch: Batch) -> None:
        plan = self._plan(batch)
        if not plan:
            return
        t = batch.tables
        everyone = np.arange(batch.size)
        open_moves = [np.where(batch.changed[:, p], 0, t.step_count[p][batch.levels[:, p]]) > 0 for p in range(len(t.policies))]
        for pid, wanted in plan:
            if pid not in batch.tables.columns.policies:
                continue
            p = t.columns.policies[pid]
            current = batch.levels[:, p]
            if self.persona:
                wanted = {"max": len(t.content.policies[pid].levels) - 1, "min": 0,
                          "mid": (len(t.content.policies[pid].levels) - 1) // 2}[wanted]
            step = current + np.where(wanted > current, 1, -1)
            steps = t.steps[p][current]  # the levels one step away, -1 past the end
            allowed = open_moves[p] & (current != wanted) & (steps == step[:, None]).any(axis=1)
            rows = everyone[allowed]
            if rows.size:
                batch.set_policy(rows, np.full(rows.size, p, dtype=np.int64), step[allowed])

    def _plan(self, batch: Batch) -> list[tuple[str, Any]]:
        player = self.player
        if self.persona:
            return [(pid, player.policy_targets[pid]) for pid in batch.tables.policies  # type: ignore[attr-defined]
                    if pid in player.policy_targets]  # type: ignore[attr-defined]
        return list(player.plan_for(batch.date_parts["year"]).items())  # type: ignore[attr-defined]


class PlanPolicy(ArrayPolicy):
    """Players that answer at random and walk their policies one step a turn towards a plan of their own:
    one plan a run (``plans[run]``: per policy of the content, the level wanted, -1 for none), so that the
    balance report's 243 fixed settings play as one batch. Each plan must name its policies in the content's
    order (as ``personas.ScreenPlayer`` walks them in its plan's order)."""

    def __init__(self, plans: np.ndarray) -> None:
        self.plans = plans

    def choose(self, batch: Batch, rows: np.ndarray, events: np.ndarray, options: np.ndarray,
               open_: np.ndarray) -> np.ndarray:
        return _nth_open(open_, _pick(batch, rows, open_.sum(axis=1)))

    def adjust(self, batch: Batch) -> None:
        t = batch.tables
        plans = self.plans[batch.ids]
        everyone = np.arange(batch.size)
        open_moves = [np.where(batch.changed[:, p], 0, t.step_count[p][batch.levels[:, p]]) > 0 for p in range(len(t.policies))]
        for p in range(len(t.policies)):
            wanted, current = plans[:, p], batch.levels[:, p]
            step = current + np.where(wanted > current, 1, -1)
            allowed = (wanted >= 0) & open_moves[p] & (current != wanted) & (t.steps[p][current] == step[:, None]).any(axis=1)
            rows = everyone[allowed]
            if rows.size:
                batch.set_policy(rows, np.full(rows.size, p, dtype=np.int64), step[allowed])


def plan_table(content: Content, plans: Sequence[dict[str, int]]) -> np.ndarray | None:
    """The plans as :class:`PlanPolicy` reads them, or None where one names its policies out of the content's order."""
    order = list(content.policies)
    table = np.full((len(plans), len(order)), -1, dtype=np.int64)
    for at, plan in enumerate(plans):
        known = [pid for pid in plan if pid in content.policies]
        if known != sorted(known, key=order.index):
            return None
        for pid in known:
            table[at, order.index(pid)] = plan[pid]
    return table


def play_policy(content: Content, policy: ArrayPolicy, seeds: Sequence[int], player_seeds: Sequence[int],
                scenario: str | None = None, watch: bool = False) -> Result:
    """Play one campaign per pair of seeds with an array policy, all at once."""
    problem = batch_problem(content, scenario)
    if problem is not None:
        raise NotBatchable(problem)
    with np.errstate(over="ignore"):
        return Batch(content, scenario, seeds, player_seeds, watch).play(policy)


def array_policy(player: object, content: Content | None = None, kind_only: bool = False) -> ArrayPolicy | None:
    """The array form of a simulated player, or None where it has none. A player says which form it has
    with ``array_kind()`` ("random", "position", "persona", "screen", "fixer", "watcher", or None: the planner,
    ``alternating`` and ``walls_until_2009``, whose state outlives a campaign, a user's strategy)."""
    ask = getattr(player, "array_kind", None)
    kind = ask() if callable(ask) else None
    if kind == "random":
        return RandomPolicy()
    if kind == "position":
        return PositionPolicy(player.index)  # type: ignore[attr-defined]
    if kind == "planner":
        if kind_only:
            return ArrayPolicy()
        from game.sim.batch_planner import PlannerPolicy  # it reads the planner, which reads the engine
        return PlannerPolicy(player, content) if content is not None else None  # type: ignore[arg-type]
    if kind in ("persona", "screen", "fixer", "watcher", "alternating"):
        if kind_only:  # whether it has one, without the content to build it for
            return ArrayPolicy()
        return ScorePolicy(player, content) if content is not None else None
    return None


def play_batch(content: Content, player: object, seeds: Sequence[int], player_seeds: Sequence[int],
               scenario: str | None = None, watch: bool = False) -> Result:
    """Play one campaign per pair of seeds, all at once (raises NotBatchable where the batch cannot)."""
    problem = batch_problem(content, scenario, player)
    if problem is not None:
        raise NotBatchable(problem)
    policy = array_policy(player, content)
    assert policy is not None
    with np.errstate(over="ignore"):
        return Batch(content, scenario, seeds, player_seeds, watch).play(policy)

