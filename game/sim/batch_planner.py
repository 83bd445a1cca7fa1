"""The planner for many runs at once: :class:`game.sim.planner.Planner`'s look-ahead over the rows of a batch.

For every row with a choice to make, each move (an option of its dilemma, or a policy move of its
turn) is played on copies of the row with fresh dice drawn from the row's own stream, in the order
the planner draws them, and the copies are judged by the planner's value, worked out for all of them
at once with the same arithmetic in the same order. Its exponentials are ``math.exp``'s, value by value
(:func:`exact_exp`): numpy's ``exp`` differs from the C library's in the last digit of about one value
in twenty with some numpy builds and processors, enough to turn a close choice. So a batched planner
makes the choices the planner makes alone, and plays the same game.

It plays the planner as the balance report and ``simulate`` build it: an answer judged where it
leaves the regime (depth 0), a policy move judged at most a season on.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from game.rules.conditions import UNMEASURED
from game.rules.model import OUTCOMES, Content
from game.sim.batch_conditions import _Emitter, bits
from game.sim.batch_engine import Batch
from game.sim.batch_players import ArrayPolicy, _nth_open, _open_count
from game.sim.batch_tables import Env, tables
from game.sim.planner import Planner

_SURVIVAL, _LANDING, _COLLAPSE = (OUTCOMES.index(o) for o in ("survival", "soft_landing", "collapse"))


def exact_exp(values: np.ndarray) -> np.ndarray:
    """e to each value, as ``math.exp`` gives it (the scalar planner's exponential), not numpy's own."""
    flat = np.ravel(values)
    return np.fromiter(map(math.exp, flat.tolist()), dtype=np.float64, count=flat.size).reshape(np.shape(values))


class Futures(Batch):
    """Copies of some rows of a batch, each with its own dice: the state the planner's value reads, and none of
    the batch's record keeping."""

    def __init__(self, batch: Batch, rows: np.ndarray, dice: np.ndarray) -> None:  # not Batch.__init__: no seeds, no draw
        self.tables = batch.tables
        self.size = rows.size
        self.meters = np.asfortranarray(batch.meters[rows])
        self.flags, self.levels, self.phase = batch.flags[rows], batch.levels[rows], batch.phase[rows]
        self.streak, self.changed, self.dice = batch.streak[rows], batch.changed[rows], dice
        self.turn, self.date, self.last_turn, self.date_parts = batch.turn, batch.date, batch.last_turn, batch.date_parts
        self.outcome = np.full(rows.size, -1, dtype=np.int64)  # in OUTCOMES where the future ended
        self.ended_turn = batch.turn
        self.env = Env(self)

    def close(self) -> None:
        """``engine.end_season`` as far as the planner's value reads it: the season's effects, the regime's
        table, the outcome of the runs that end, the next season's date (the dilemmas are not drawn)."""
        t = self.tables
        self.season_effects()
        fired, ends, streak = self.regime()
        ended = ends | (self.turn >= self.last_turn)
        self.outcome = np.where(ended, np.where(ends, t.outcome_of[np.maximum(fired, 0)], _SURVIVAL), -1)
        goes = (fired >= 0) & ~ends
        self.phase = np.where(goes, t.to[np.maximum(fired, 0)], self.phase)
        streak[goes] = 0
        self.streak = streak
        self.ended_turn = self.turn
        if not ended.all():
            self.turn += 1
            self.date += 1
            self._date_parts()
        self.env.moved()


class PlannerPolicy(ArrayPolicy):
    """``planner.Planner`` for every row at once (see the module)."""

    def __init__(self, planner: Planner, content: Content) -> None:
        planner._prepare(content)
        self.planner = planner
        t = self.tables = tables(content)
        emitter = _Emitter(t.columns)
        row = {road.id: at for at, road in enumerate(t.rows)}
        phases = t.columns.phases

        def points(road: Any) -> Any:
            return emitter.compile_points(road.when, UNMEASURED)

        def among(names: Any) -> np.ndarray:
            return np.array([p in names for p in phases])

        self.dangers = [(row[road.id], points(road)) for road in planner.danger_roads]
        self.slips = [points(road) for road in planner.slip_roads]
        self.entries = [(row.get(road.id, -1), points(road), among(set(road.source)),
                         [emitter.compile(part) for part in road.when.history]) for road in planner.entry_roads]
        self.landed = among(planner._landed)
        self.trouble = among(planner._trouble)
        self.crisis = phases.get("crisis", -1)
        self.rank = np.zeros(len(t.options), dtype=np.int64)  # an option's id among its event's, in string order
        for event in content.events.values():
            ordered = sorted(o.id for o in event.options)
            for option in event.options:
                self.rank[t.options.index((event.id, option.id))] = ordered.index(option.id)

    # --- judging many states --------------------------------------------------------------------------

    def value(self, futures: Futures) -> np.ndarray:
        """``Planner.value`` of every row of ``futures``, term by term in the planner's order."""
        p, f = self.planner, futures
        w, n = p.weights, f.size
        M, F, P, PH, D = f.meters, f.flags, f.levels, f.phase, f.date_parts

        def distance(fn: Any) -> np.ndarray:
            return np.broadcast_to(np.asarray(fn(M, F, P, PH, D), dtype=np.float64), (n,))

        def truth(fn: Any) -> np.ndarray:
            return np.broadcast_to(np.asarray(fn(M, F, P, PH, D)) != 0, (n,))

        def meter(name: str) -> Any:
            column = self.tables.columns.meters.get(name)
            return 0.0 if column is None else M[:, column]

        score = np.zeros(n)
        for row, fn in self.dangers:
            score = score - w.collapse_danger * exact_exp(-distance(fn) / w.danger_scale) * np.where(f.streak[:, row] > 0, 1.5, 1.0)
        landed = score + w.landed
        for fn in self.slips:
            landed = landed - w.collapse_danger * exact_exp(-distance(fn) / w.danger_scale)
        nearest, some = np.full(n, np.inf), np.zeros(n, dtype=bool)
        for _, fn, _, history in self.entries:
            open_ = np.ones(n, dtype=bool)
            for part in history:
                open_ &= truth(part)
            gap = distance(fn)
            nearest = np.where(open_ & (gap < nearest), gap, nearest)
            some |= open_
        going = np.where(some, score - w.landing * np.where(some, nearest, 0.0), score)
        for row, _, sources, _ in self.entries:
            if row >= 0:
                going = going + np.where(sources[PH], w.landing_streak * f.streak[:, row], 0.0)
        score = np.where(self.landed[PH], landed, going)
        if self.crisis >= 0:
            score = score - np.where(self.crisis == PH, w.crisis, 0.0)
        score = score - w.awareness * meter("awareness")
        score = score + (w.isolation + w.isolation_future * (f.last_turn - f.turn)) * meter("isolation")
        score = score - w.reform_cap * np.maximum(0.0, meter("reform") - p._reform_bar - 8.0)
        score = score + w.surveillance * meter("surveillance")
        score = score + w.loyalty * meter("loyalty")
        score = score - w.treasury_floor * np.maximum(0.0, p._funding - meter("treasury"))
        if p._economy_bar:
            short = np.maximum(0.0, p._economy_bar - meter("economy")) / p._economy_bar
            score = score + w.walls * short * meter("isolation")
        ended = f.outcome
        terminal = np.where(ended == _LANDING, p.terminal.soft_landing + 0.0,
                            np.where(ended == _COLLAPSE, p.terminal.collapse + f.ended_turn, p.terminal.survival + 0.0))
        return np.where(ended >= 0, terminal, np.broadcast_to(score, (n,)))

    def _judge(self, batch: Batch, moves: list[tuple[np.ndarray, Any]], play: Any, close: bool) -> np.ndarray:
        """The mean value of the planner's futures after each move: ``moves`` is a list of (rows of the batch
        that have the move, the move), in the order the planner judges them; each row draws its futures' dice
        move by move, sample by sample. Per move, per row: the mean (NaN where the row has not the move)."""
        samples = self.planner.samples
        who, dice, which = [], [], []
        for at, (rows, _) in enumerate(moves):
            for _ in range(samples):
                who.append(rows)
                dice.append(bits(batch.rng, rows))
                which.append(np.full(rows.size, at))
        everyone = np.concatenate(who)
        futures = Futures(batch, everyone, np.concatenate(dice))
        moved = np.concatenate(which)
        play(futures, moved)
        if close:
            futures.close()
        values = self.value(futures)
        totals = np.full((len(moves), batch.size), np.nan)
        start = 0
        for at, (rows, _) in enumerate(moves):
            totals[at, rows] = 0.0
            for _ in range(samples):
                totals[at, rows] += values[start:start + rows.size]
                start += rows.size
        return totals / samples

    # --- the two calls ----------------------------------------------------------------------------------

    def choose(self, batch: Batch, rows: np.ndarray, events: np.ndarray, options: np.ndarray,
               open_: np.ndarray) -> np.ndarray:
        best = _nth_open(open_, np.zeros(rows.size, dtype=np.int64))  # one option: no look-ahead
        many = _open_count(open_) > 1
        if not many.any():
            return best
        columns = range(options.shape[1])
        moves = [(rows[many & open_[:, k]], k) for k in columns]
        column_of = np.full(batch.size, -1, dtype=np.int64)
        column_of[rows] = np.arange(rows.size)

        def play(futures: Futures, moved: np.ndarray) -> None:
            at = column_of[np.concatenate([r for r, _ in moves for _ in range(self.planner.samples)])]
            futures.answer_effects(np.arange(futures.size), options[at, moved])

        means = self._judge(batch, moves, play, close=False)
        top = np.full(rows.size, -np.inf)
        top_rank = np.full(rows.size, -1, dtype=np.int64)
        for k in columns:  # max over (mean, option id): a tie goes to the larger id
            here = np.flatnonzero(many & open_[:, k])
            value = means[k, rows[here]]
            rank = self.rank[options[here, k]]
            better = (value > top[here]) | ((value == top[here]) & (rank > top_rank[here]))
            top[here[better]], top_rank[here[better]] = value[better], rank[better]
            best[here[better]] = k
        return best

    def adjust(self, batch: Batch) -> None:
        t, planner = batch.tables, self.planner
        rows = np.flatnonzero(self.trouble[batch.phase]) if planner.policies_in_trouble_only else np.arange(batch.size)
        if not rows.size:
            return
        moves: list[tuple[np.ndarray, Any]] = [(rows, None)]
        for p in range(len(t.policies)):  # engine.policy_moves: the policies in order, each level one step away
            steps = t.steps[p][batch.levels[rows, p]]
            for j in range(steps.shape[1]):
                has = ~batch.changed[rows, p] & (steps[:, j] >= 0)
                if has.any():
                    moves.append((rows[has], (p, steps[has, j])))

        def play(futures: Futures, moved: np.ndarray) -> None:
            levels = np.concatenate([np.zeros(r.size, dtype=np.int64) if m is None else m[1]
                                     for r, m in moves for _ in range(planner.samples)])
            policy = np.array([-1 if m is None else m[0] for _, m in moves])[moved]
            some = np.flatnonzero(policy >= 0)
            if some.size:
                futures.set_policy(some, policy[some], levels[some])

        depth = max(planner.depth, planner.policy_depth)
        means = self._judge(batch, moves, play, close=depth >= 1)
        top = np.full(batch.size, -np.inf)
        chosen = np.zeros(batch.size, dtype=np.int64)
        for at in range(len(moves)):  # max over (mean, move's place): a tie goes to the later move
            better = means[at] >= top
            top[better], chosen[better] = means[at][better], at
        for at, (_, move) in enumerate(moves[1:], start=1):
            here = np.flatnonzero(chosen[moves[at][0]] == at)
            if here.size:
                picked = moves[at][0][here]
                batch.set_policy(picked, np.full(here.size, move[0], dtype=np.int64), move[1][here])
