"""The content compiled for the batch once: its conditions as array functions (game.sim.batch_conditions), its
effects, upkeep, drift, draw weights, regime table and endings as tables over the runs' columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from game.rules.conditions import Condition
from game.rules.model import OUTCOMES, Content
from game.sim.batch_conditions import _Columns, _Emitter
from game.sim.batch_fused import compile_fused

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
        self.active = self.meter >= 0
        ranged = self.active & (self.low != self.high)
        self.rank = np.cumsum(ranged, axis=1).astype(np.uint64)  # of a ranged effect: which of the entry's draws it takes
        self.draws = ranged.sum(axis=1).astype(np.uint64)  # how many draws an entry takes
        self.distinct = np.array([len({m for m, _, _, _ in e}) == len(e) for e in entries] or [True])  # no meter twice


def _fixed(per_level: list[list[tuple[int, float, float, float]]]) -> tuple[list[int], np.ndarray] | None:
    """A policy's upkeep as the meters it moves and per meter, the amount at each level (0 where a level leaves
    it alone; one row a meter), where that is the same as rolling it: no range to draw and no meter twice at
    one level (else None)."""
    if any(low != high for rolls in per_level for _, low, high, _ in rolls):
        return None
    if any(len({meter for meter, _, _, _ in rolls}) != len(rolls) for rolls in per_level):
        return None
    touched = sorted({meter for rolls in per_level for meter, _, _, _ in rolls})
    amounts = {m: np.zeros(len(per_level)) for m in touched}
    for level, rolls in enumerate(per_level):
        for meter, low, _, _ in rolls:
            amounts[meter][level] = low
    return touched, np.array([amounts[m] for m in touched]).reshape(len(touched), len(per_level))


def _waves(fixed: list[tuple[list[int], np.ndarray] | None], levels: list[int]) -> list[tuple[np.ndarray, ...]] | None:
    """Every policy's fixed upkeep as waves, where each policy's is fixed (else None): a wave moves each of its
    meters once, and a meter's moves come wave after wave in the order of the policies, as one by one. Per wave:
    its meters, the policy of each move, and per move its amount at each level (one row a move)."""
    if any(f is None for f in fixed):
        return None
    done: dict[int, int] = {}  # per meter, the moves before
    waves: list[list[tuple[int, int, np.ndarray]]] = []
    for p, (touched, amounts) in enumerate(fixed):  # type: ignore[misc]
        for meter, row in zip(touched, amounts):
            wave = done.get(meter, 0)
            done[meter] = wave + 1
            if wave == len(waves):
                waves.append([])
            waves[wave].append((meter, p, row))
    deepest = max(levels + [1])
    return [(np.array([m for m, _, _ in w]), np.array([p for _, p, _ in w]),
             np.array([np.pad(row, (0, deepest - row.size)) for _, _, row in w]).reshape(len(w), deepest)) for w in waves]


class Tables:
    """A content compiled for the batch: its conditions as array functions, its effects as tables."""

    def __init__(self, content: Content) -> None:
        # long on purpose: one table a line, in the order the engine reads the content, with nothing to compute
        self.content = content
        self.columns = columns = _Columns(content)
        emitter = _Emitter(columns)
        self._fns: list[Callable[..., Any]] = []
        self._conditions: list[Condition] = []  # the condition of each number
        self._emitter = emitter
        self._known: dict[str, int] = {}
        self._collapse: list[tuple[int, Callable[..., Any]]] | None = None
        self.draw_plans: dict[int, Any] = {}  # per date, the draw by weight as tables (game.sim.batch_draw)

        def cond(condition: Condition | None) -> int:
            """The number of a condition's compiled form (-1: none, always true)."""
            if condition is None:
                return -1
            found = self._known.get(condition.source)
            if found is None:
                found = self._known[condition.source] = len(self._fns)
                self._fns.append(emitter.compile(condition))
                self._conditions.append(condition)
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
        # per event, per place its list starts at: the options in the order shown (-1 past the end), their conditions
        # (-1: none; -2: no option there)
        self.shown = np.full((len(events), self.widest, self.widest), -1, dtype=np.int64)
        for e, count in enumerate(self.option_count.tolist()):
            for start in range(count):
                self.shown[e, start, :count] = self.event_options[e, (start + np.arange(count)) % count]
        self.shown_cond = np.where(self.shown >= 0, self.option_cond[np.maximum(self.shown, 0)], -2)
        self.shown_flat = self.shown.reshape(-1, self.widest)  # [event * widest + start]
        self.shown_cond_flat = self.shown_cond.reshape(-1, self.widest)
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
        self.upkeep_fixed = [_fixed(per_level) for per_level in self.upkeep]
        self.upkeep_waves = _waves(self.upkeep_fixed, [len(per_level) for per_level in self.upkeep])
        self.change_cost = _Rolls([content.index.change_cost[p] for p in self.policies], columns.meters)
        self.steps = [_padded(content.index.steps[p], -1, np.int64) for p in self.policies]
        # every policy at once: [policy, level] how many steps, [policy, level, k] the k-th (-1: none)
        self.step_counts = _padded([[len(s) for s in content.index.steps[p]] for p in self.policies], 0, np.int64)
        deepest = self.step_counts.shape[1]
        self.step_table = np.full((len(self.policies), deepest, max([s.shape[1] for s in self.steps] + [1])), -1,
                                  dtype=np.int64)
        for p, steps in enumerate(self.steps):
            self.step_table[p, :steps.shape[0], :steps.shape[1]] = steps
        # drift, in the content's order
        self.drift = [(cond(r.amount), cond(r.when), columns.meters[r.meter]) for r in content.drift]
        self.drift_amounts = compile_fused(emitter, [r.amount for r in content.drift])  # all at once, as they are read
        # the regime's table: every row that leaves some phase (survival is the calendar's), in content order
        self.rows = [t for t in content.transitions if t.outcome != "survival"]
        self.guards = [cond(t.when) for t in self.rows]
        self.guards_at_once = self.fused(self.guards)
        self.hold = np.array([t.hold for t in self.rows], dtype=np.int64)
        # each road's place as a short integer, and one past the last (none fires)
        self.road_codes = np.arange(len(self.rows), dtype=np.int16 if len(self.rows) < 2**15 else np.int64)[:, None]
        self.no_road = np.array(len(self.rows), dtype=self.road_codes.dtype)
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

    def fused(self, numbers: list[int]) -> Callable[[Rows], list[np.ndarray]]:
        """Whether each of some conditions (by number; -1: none, always true) holds for every row, all worked out
        in one call (game.sim.batch_fused): what :meth:`Env.truth` gives for each."""
        known = sorted({n for n in numbers if n >= 0})
        at_once = compile_fused(self._emitter, [self._conditions[n] for n in known]) if known else None
        where = [known.index(n) if n >= 0 else -1 for n in numbers]

        def truths(rows: Rows) -> list[np.ndarray]:
            values = at_once(rows.meters, rows.flags, rows.levels, rows.phase, rows.date_parts) if at_once else ()
            return [truth_of(values[k] if k >= 0 else True, rows.size) if k < 0 or _not_truths(values[k]) else values[k]
                    for k in where]
        return truths

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


class Rows(Protocol):
    """What a condition reads of the rows in play (a batch, or the planner's futures)."""

    tables: Tables
    size: int
    meters: np.ndarray
    flags: np.ndarray
    levels: np.ndarray
    phase: np.ndarray
    date_parts: dict[str, int]


class Env:
    """What conditions read for the rows in play: the columns, the date parts, the phase; each condition's
    value is worked out once until the state moves on (:meth:`moved`)."""

    def __init__(self, batch: Rows) -> None:
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
            b = self.batch  # the columns read straight from the rows: this runs some sixty times a turn
            found = self.cache[number] = b.tables._fns[number](b.meters, b.flags, b.levels, b.phase, b.date_parts)
        return found

    def truth(self, number: int) -> np.ndarray:
        """Whether a condition holds, for every row (read only)."""
        return truth_of(self.value(number), self.batch.size)

    def amount(self, number: int) -> Any:
        """A number for every row: an array, or one number for all."""
        return amount_of(self.value(number))


def _not_truths(value: Any) -> bool:
    """Whether a value is anything but an array of truths (then :func:`truth_of` makes it one)."""
    return value.__class__ is not np.ndarray or value.dtype != np.bool_ or not value.shape


def truth_of(value: Any, size: int) -> np.ndarray:
    """A condition's value as whether it holds, for each of ``size`` rows (read only)."""
    if isinstance(value, np.ndarray) and value.shape:
        return value if value.dtype == np.bool_ else value != 0
    return np.full(size, bool(value))


def amount_of(value: Any) -> Any:
    """A condition's value as a number for every row: an array, or one number for all."""
    if isinstance(value, np.ndarray) and value.shape:
        return value
    return value.item() if isinstance(value, np.generic | np.ndarray) else value
