"""The season's dilemmas, drawn for every row of a batch as ``engine._draw`` draws them for one run: the
history pinned to the date, the follow-ups due, then by weight."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from game.rules.engine import MAX_DILEMMAS
from game.rules.model import FOLLOWUP_WAIT, Scenario
from game.sim.batch_conditions import _pick_weighted, draw
from game.sim.batch_result import Result
from game.sim.batch_tables import Env, Tables


class Batch(Protocol):
    """What the draw reads and writes of a batch (game.sim.batch_engine.Batch)."""

    tables: Tables
    env: Env
    result: Result
    scenario: Scenario
    size: int
    meters: np.ndarray
    flags: np.ndarray
    levels: np.ndarray
    phase: np.ndarray
    date_parts: dict[str, int]
    turn: int
    date: int
    ids: np.ndarray
    dice: np.ndarray
    last: np.ndarray  # per row, per event: the turn it was last drawn (-1: never)
    due_turn: np.ndarray  # per row: the follow-ups scheduled, their turns and events, how many
    due_event: np.ndarray
    due_count: np.ndarray
    pending: np.ndarray


def draw_dilemmas(batch: Batch) -> None:
    """Choose the turn's dilemmas for every row: pinned history, follow-ups due, then by weight (``engine._draw``)."""
    # long on purpose: the three steps share the arrays being filled, and it mirrors engine._draw step by step
    t, n, turn = batch.tables, batch.size, batch.turn
    pinned = t.pinned.get(batch.date, [])
    forced = np.full((n, len(pinned) + MAX_DILEMMAS), -1, dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    for event in pinned:
        ok = _eligible(batch, event) & _open(batch, event)
        forced[ok, count[ok]] = event
        count += ok
    room = min(MAX_DILEMMAS, batch.scenario.followup_room)
    kept_turn = np.zeros_like(batch.due_turn)
    kept_event = np.full_like(batch.due_event, -1)
    kept = np.zeros(n, dtype=np.int64)
    ok_of: dict[int, np.ndarray] = {}
    for slot in range(int(batch.due_count.max(initial=0))):
        rows = np.flatnonzero(slot < batch.due_count)  # the rows with a follow-up in this slot
        due_turn, due_event = batch.due_turn[rows, slot], batch.due_event[rows, slot]
        waiting = due_turn > turn
        due = np.flatnonzero(~waiting)
        if due.size:
            at, event = rows[due], due_event[due]
            ok = np.zeros(due.size, dtype=bool)
            for code in np.unique(event).tolist():
                if code not in ok_of:
                    ok_of[code] = _open(batch, code)
                ok |= (event == code) & ok_of[code][at]
            passed = (forced[at] == event[:, None]).any(axis=1) | (t.once[event] & (batch.last[at, event] >= 0)) | ~ok
            join = ~passed & (count[at] < room)
            joined = at[join]
            forced[joined, count[joined]] = event[join]
            count[joined] += 1
            waiting[due] = ~passed & ~join & (turn - due_turn[due] < FOLLOWUP_WAIT)
        stay = rows[waiting]
        kept_turn[stay, kept[stay]] = due_turn[waiting]
        kept_event[stay, kept[stay]] = due_event[waiting]
        kept[stay] += 1
    slots = 1 + (draw(batch.dice, slice(None)) < batch.scenario.second_dilemma_chance)
    plan = _plan(t, batch.date)
    if plan is not None and (count < slots).any():
        codes = plan.codes
        # one row an event, one column a run: drawn before and still blocked (once, or within its cooldown:
        # drawn at or after turn - cooldown), or already chosen this season, weighs 0. A weight is never
        # negative nor NaN: the checks keep bases and factors at least 0 and bounded (game.content.validate)
        weights = plan.weights(batch)
        np.putmask(weights, batch.last.T[codes] >= plan.free_from(turn)[:, None], 0.0)  # (never below 0: see checks)
        for k in range(int(count.max(initial=0))):  # the events already chosen are not drawn again
            at = plan.position[forced[:, k]]  # forced's -1 reads the last place, which is -1
            there = np.flatnonzero(at >= 0)
            weights[at[there], there] = 0.0
        left = (weights > 0).any(axis=0)  # a row with some event it may still draw
        rows = np.flatnonzero((count < slots) & left)
        while rows.size:
            pool = weights if rows.size == n else weights[:, rows]
            picked = _pick_weighted(draw(batch.dice, rows), pool)
            forced[rows, count[rows]] = codes[picked]
            count[rows] += 1
            weights[picked, rows] = 0.0
            rows = rows[count[rows] < slots[rows]]
            rows = rows[(weights[:, rows] > 0).any(axis=0)]
    batch.due_turn, batch.due_event, batch.due_count = kept_turn, kept_event, kept
    batch.pending = pending = forced[:, :int(count.max(initial=0))]
    some, place = (pending >= 0).nonzero()  # every dilemma drawn, at once (a row draws an event once a season)
    events = pending[some, place]
    batch.last[some, events] = turn
    batch.result.count_seen(batch.ids[some], events)


def _eligible(batch: Batch, event: int) -> np.ndarray:
    """Whether each row may draw an event by its last draw (once; cooldown)."""
    t = batch.tables
    last = batch.last[:, event]
    blocked = (last >= 0) & (bool(t.once[event]) | (batch.turn - last <= t.cooldown[event]))
    return ~blocked


def _open(batch: Batch, event: int) -> np.ndarray:
    """Whether an event's condition holds and some option of it is open (``engine._followup_ok``)."""
    t, env = batch.tables, batch.env
    ok = env.truth(t.event_cond[event]).copy()
    if not t.always_open[event]:
        some = np.zeros(batch.size, dtype=bool)
        for option in t.event_options[event][:t.option_count[event]]:
            some |= env.truth(int(t.option_cond[option]))
        ok &= some
    return ok


class _Plan:
    """The draw by weight at one date, as tables over the events drawable then: their bases, and where each
    reads its condition, its options' conditions and its modifiers among the conditions it needs."""

    def __init__(self, t: Tables, codes: list[int]) -> None:
        self.codes = np.array(codes, dtype=np.int64)
        self.once, self.cooldown = t.once[self.codes], t.cooldown[self.codes]
        self.position = np.full(len(t.events) + 1, -1, dtype=np.int64)  # an event's column; the last place stays -1
        self.position[self.codes] = np.arange(len(codes))
        rows = [t.weights[event] for event in codes]
        self.base = np.array([float(base) for base, _, _, _ in rows], dtype=np.float64)
        # the modifiers by their place in their event's list (the product's order): per place, the events that
        # have one there, where its condition is among ``reads``, its factor
        self.reads: list[int] = []
        places: list[list[tuple[int, int, float]]] = []
        for column, (_, _, _, modifiers) in enumerate(rows):
            for place, (number, factor) in enumerate(modifiers):
                if number not in self.reads:
                    self.reads.append(number)
                if place == len(places):
                    places.append([])
                places[place].append((column, self.reads.index(number), float(factor)))
        self.modifying = [(np.array([c for c, _, _ in p]), np.array([r for _, r, _ in p]), np.array([f for _, _, f in p]))
                          for p in places]
        self.holding: list[tuple[int, int, list[int] | None]] = []  # an event that holds only where its conditions do
        for column, (_, when, any_of, _) in enumerate(rows):
            always = bool(any_of) and -1 in any_of
            if when >= 0 or not always:
                self.holding.append((column, when, None if always else list(any_of)))
        # every condition the weights read, worked out in one call
        self.needed = list(dict.fromkeys(self.reads + [when for _, when, _ in self.holding if when >= 0]
                                         + [number for _, _, any_of in self.holding for number in any_of or []]))
        self.read_all = t.fused(self.needed)

    def free_from(self, turn: int) -> np.ndarray:
        """Per event, the first turn of a last draw that blocks it now (once: any; else within its cooldown)."""
        return np.where(self.once, 0, np.maximum(turn - self.cooldown, 0)).astype(np.int32)  # as the last draws

    def weights(self, batch: Batch) -> np.ndarray:
        """Every drawable event's weight for each row (one row an event, one column a run), as
        ``conditions.compile_weights`` works it out: the base times each modifier's factor in turn where it
        holds, 0 where the event's conditions fail."""
        truth = dict(zip(self.needed, self.read_all(batch)))
        weights = np.empty((self.codes.size, batch.size))
        weights[:] = self.base[:, None]
        if self.reads:
            met = np.empty((len(self.reads), batch.size), dtype=bool)
            for at, number in enumerate(self.reads):
                met[at] = truth[number]
            for columns, reads, factors in self.modifying:  # times 1 where a modifier fails leaves a weight as it is
                weights[columns] *= np.where(met[reads], factors[:, None], 1.0)
        for column, when, any_of in self.holding:
            holds = truth[when] if when >= 0 else True
            if any_of is not None:
                some = np.zeros(batch.size, dtype=bool)
                for number in any_of:
                    some |= truth[number]
                holds = holds & some
            weights[column] *= holds
        return weights


def _plan(t: Tables, date: int) -> _Plan | None:
    """The draw's tables at a date (None: nothing drawable then), made once per content."""
    plans = t.draw_plans
    if date not in plans:
        drawable = t.drawable.get(date, [])
        plans[date] = _Plan(t, drawable) if drawable else None
    return plans[date]
