"""The batch's engine: the runs' state as arrays, one row a run, and the engine's moves played on every row at
once (an answer, a policy move, the season's close), turn by turn; rows leave as their campaigns end."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from game.rules.model import Content, Date
from game.sim.batch_conditions import _GOLDEN, _UNIT, NotBatchable, _clamped_add, _mixed, _own, _seeded, draw, round1
from game.sim.batch_draw import draw_dilemmas
from game.sim.batch_result import Result
from game.sim.batch_tables import Env, _Rolls, amount_of, tables


class Player(Protocol):
    """A simulated player for every row at once (game.sim.batch_players)."""

    def choose(self, batch: Batch, rows: np.ndarray, events: np.ndarray, options: np.ndarray,
               open_: np.ndarray) -> np.ndarray: ...

    def adjust(self, batch: Batch) -> None: ...

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
        self.flags = np.zeros((n, len(columns.flags)), dtype=bool, order="F")  # a flag's column is contiguous
        for flag in chosen.flags:
            if flag in columns.flags:
                self.flags[:, columns.flags[flag]] = True
        self.levels = np.asfortranarray(np.tile(np.array([chosen.policies.get(p.id, p.start)  # a policy's column too
                                                          for p in content.policies.values()], dtype=np.int64), (n, 1)))
        self.phase = np.full(n, columns.phases[chosen.phase], dtype=np.int64)
        self.streak = np.zeros((n, max(len(t.rows), 1)), dtype=np.int64, order="F")  # a road's column is contiguous
        self.last = np.full((n, len(t.events)), -1, dtype=np.int32, order="F")  # an event's column is contiguous (turns are small)
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
        if rolls.distinct[entries].all():
            self._roll_at_once(rows, rolls, entries)
            return
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

    def _roll_at_once(self, rows: np.ndarray, rolls: _Rolls, entries: np.ndarray) -> None:
        """:meth:`roll` where no entry moves a meter twice: then each row's effects fall on different meters, and
        may be added in one step; a row's k-th ranged effect takes its k-th draw, the state stepped k times."""
        width = rolls.meter.shape[1]  # the tables read flat: place = entry * width + k
        flat = np.flatnonzero(rolls.active[entries])
        at = flat // width
        place = flat + (entries - np.arange(entries.size))[at] * width
        where, meter, low = rows[at], rolls.meter.ravel()[place], rolls.low.ravel()[place]
        high = rolls.high.ravel()[place]
        amount = low.copy()
        ranged = np.flatnonzero(low != high)
        if ranged.size:
            steps = self.dice[where[ranged]] + rolls.rank.ravel()[place[ranged]] * _GOLDEN
            u = (_mixed(steps) >> np.uint64(11)).astype(np.float64) * _UNIT
            amount[ranged] = round1(low[ranged] + (high[ranged] - low[ranged]) * u)
            self.dice[rows] += rolls.draws[entries] * _GOLDEN
        meters = self.meters
        if meters.flags.f_contiguous:  # one meter after another: each (row, meter) one place of the flat view
            spot, columns = meter * meters.shape[0] + where, meters.T.reshape(-1)
            values = columns[spot]
            _clamped_add(values, amount)
            columns[spot] = values
        else:
            meters[where, meter] = np.minimum(np.maximum(meters[where, meter] + amount, 0.0), 100.0)
        self.env.moved()

    def _upkeep(self) -> None:
        """Every policy's per-turn effects at each row's level, policy by policy (``Index.upkeep_of``): per level,
        each effect on the rows at that level, one meter column at a time."""
        meters = self.meters
        waves = self.tables.upkeep_waves
        if waves is not None:  # all of it fixed: a wave of meters at a time (adding 0 leaves a meter as it is)
            for touched, policy, amounts in waves:  # amounts flat: a move's row starts at its place * levels
                block = meters.T[touched]
                block += np.take(amounts, self.levels.T[policy] + np.arange(0, amounts.size, amounts.shape[1])[:, None])
                np.maximum(block, 0.0, out=block)  # as _clamped_add
                np.minimum(block, 100.0, out=block)
                meters.T[touched] = block
            self.env.moved()
            return
        for p, per_level in enumerate(self.tables.upkeep):
            levels = self.levels[:, p]
            fixed = self.tables.upkeep_fixed[p]
            if fixed is not None:  # each meter it moves, at once for every level (adding 0 leaves a meter as it is)
                for meter, amount in zip(fixed[0], np.take(fixed[1], levels, axis=1)):
                    _clamped_add(meters[:, meter], amount)
                continue
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
        wide = t.widest + 1  # the tables read flat: [a, b] is a * wide + b
        start = (np.take(self.seed_mod, rows * wide + count) + np.take(t.shuffle, events * wide + count)) % np.maximum(count, 1)
        at = events * t.widest + start
        options, conds = t.shown_flat[at], t.shown_cond_flat[at]
        open_ = options >= 0
        for number in np.flatnonzero(np.bincount(conds[open_ & (conds >= 0)])):  # the conditions met, no sort
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
        self.result.count_picks(self.ids[rows], options)

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

    def policy_moves(self, rows: np.ndarray) -> np.ndarray:
        """For each row (one row each), per policy how many policy moves it has now (one column a policy), in
        ``engine.policy_moves``'s order (flattened in the content's order of policies and levels)."""
        t = self.tables
        return np.where(self.changed[rows], 0, t.step_counts[np.arange(len(t.policies)), self.levels[rows]])

    def set_policy(self, rows: np.ndarray, policies: np.ndarray, levels: np.ndarray) -> None:
        """Each row moves one policy one level and pays its change cost: ``engine.set_policy``."""
        self.roll(rows, self.tables.change_cost, policies)
        self.levels[rows, policies] = levels
        self.changed[rows, policies] = True
        self.env.moved()

    # --- a turn ---

    def play(self, player: Player) -> Result:
        """Play every row to its campaign's end."""
        while self.size:
            self.play_turn(player)
        return self.result

    def play_turn(self, player: Player) -> None:
        """Play one turn of every row: its dilemmas, its policy moves, the season's close."""
        for step in range(self.pending.shape[1]):
            rows = np.flatnonzero(self.pending[:, step] >= 0)
            if rows.size:
                events = self.pending[rows, step]
                options, open_ = self.available(rows, events)
                column = player.choose(self, rows, events, options, open_)
                if self.watch:
                    self._follows(rows, events, open_)
                self.answer(rows, np.take(options, np.arange(0, options.size, options.shape[1]) + column))
        player.adjust(self)
        self._end_season()

    def season_effects(self) -> None:
        """The season's upkeep of every policy, then every drift rule, on the meters (``engine.end_season``)."""
        t, env = self.tables, self.env
        self._upkeep()
        values = t.drift_amounts(self.meters, self.flags, self.levels, self.phase, self.date_parts)
        amounts = [np.where(env.truth(when), amount_of(value), 0) if when >= 0 else _own(amount_of(value))
                   for value, (_, when, _) in zip(values, t.drift)]  # every amount from the meters after upkeep, as the engine's ns
        meters = self.meters
        for (_, _, meter), value in zip(t.drift, amounts):
            _clamped_add(meters[:, meter], value)
        env.moved()

    def regime(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The regime's table after the season's effects: for each row the road that fired (-1: none), whether
        it leads to an outcome, and the streaks that follow (``regime.run_regime``)."""
        t = self.tables
        if not t.guards:  # no road at all: nothing fires, the one column of streaks stays 0
            return np.full(self.size, -1, dtype=np.int64), np.zeros(self.size, dtype=bool), np.zeros_like(self.streak)
        roads = len(t.guards)  # worked one row a road, one column a run
        held = np.empty((roads, self.size), dtype=bool)
        for row, holds in enumerate(t.guards_at_once(self)):
            held[row] = holds
        held &= np.take(t.leaves.T, self.phase, axis=1)
        streak = self.streak.T + 1
        streak *= held  # 0 where a road does not hold (in place: a table this size is slow to make and let go)
        fires = held & (streak >= t.hold[:, None])
        first = np.where(fires, t.road_codes, t.no_road).min(axis=0)  # the first road in the table's order
        fired = np.where(first < roads, first, -1).astype(np.int64)
        ends = t.ends[np.maximum(fired, 0)] & (fired >= 0)  # a road to an outcome, not to a phase
        return fired, ends, streak.T  # a road's column stays contiguous

    def _end_season(self) -> None:
        t, env = self.tables, self.env
        self.season_effects()
        fired, ends, streak = self.regime()
        ending_row = np.where(ends, fired, -1)  # -1: no ending, or survival at the last turn
        ended = ends | (self.turn >= self.last_turn)
        moved = np.flatnonzero(fired >= 0)
        self.result.log_moves(self.turn, self.ids[moved], self.phase[moved], fired[moved])
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
        stays = rows[road < 0]
        result.log_moves(self.turn, self.ids[stays], self.phase[stays], np.full(stays.size, -1, dtype=np.int64))
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
    _COLUMNS = ("meters", "flags", "levels", "last", "streak")  # the tables kept in Fortran order, read a column at a time

    def _keep(self, keep: np.ndarray) -> None:
        for name in self._ROWS:
            if name in self._COLUMNS:  # a column stays contiguous
                setattr(self, name, np.take(getattr(self, name).T, keep, axis=1).T)
            else:
                setattr(self, name, np.take(getattr(self, name), keep, axis=0))
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
        for name in self._COLUMNS:
            setattr(self, name, np.asfortranarray(getattr(self, name)))
        self.size += rows.size
        self.env.moved()
        return np.arange(self.size - rows.size, self.size)

    def _draw_dilemmas(self) -> None:
        draw_dilemmas(self)
