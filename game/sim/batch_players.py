"""The simulated players as array policies: each chooses for every row of a batch at once, drawing from the
stream :class:`game.rules.dice.PlayerRandom` gives the player alone, so each row plays as that player would."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from game.rules.model import Content
from game.sim.batch_conditions import draw
from game.sim.batch_tables import tables
from game.sim.batch_engine import Batch

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


def _open_count(open_: np.ndarray) -> np.ndarray:
    """How many options each row has open (a column at a time: the rows are a few columns wide)."""
    count = np.zeros(open_.shape[0], dtype=np.int64)
    for k in range(open_.shape[1]):
        count += open_[:, k]
    return count


def _nth_open(open_: np.ndarray, nth: np.ndarray) -> np.ndarray:
    """The column of each row's ``nth`` open option: the count of the columns up to which at most ``nth`` are open
    (the lists are a few columns wide: one pass a column)."""
    left = nth.copy()
    column = np.zeros(nth.size, dtype=np.int64)
    for k in range(open_.shape[1] - 1):
        left -= open_[:, k]
        column += left >= 0
    return column


class RandomPolicy(ArrayPolicy):
    """``strategies.RandomPlayer``: any open option; a quarter of the turns, one random policy move."""

    def choose(self, batch: Batch, rows: np.ndarray, events: np.ndarray, options: np.ndarray,
               open_: np.ndarray) -> np.ndarray:
        return _nth_open(open_, _pick(batch, rows, _open_count(open_)))

    def adjust(self, batch: Batch) -> None:
        moving = np.flatnonzero(draw(batch.rng, slice(None)) < 0.25)
        counts = batch.policy_moves(moving)
        total = counts.sum(axis=1)
        moving, counts = moving[total > 0], counts[total > 0]
        if not moving.size:
            return
        nth = _pick(batch, moving, total[total > 0])
        # the move is the nth of the flattened list: the first policy whose moves, with those before it, pass nth
        up_to = np.cumsum(counts, axis=1)
        policy = np.count_nonzero(up_to <= nth[:, None], axis=1)
        at = np.arange(moving.size)
        before = up_to[at, policy] - counts[at, policy]
        level = batch.tables.step_table[policy, batch.levels[moving, policy], nth - before]
        batch.set_policy(moving, policy, level)


class PositionPolicy(ArrayPolicy):
    """``strategies.Positional``: always the option at one place of the list shown (-1: the last)."""

    def __init__(self, index: int) -> None:
        self.index = index

    def choose(self, batch: Batch, rows: np.ndarray, events: np.ndarray, options: np.ndarray,
               open_: np.ndarray) -> np.ndarray:
        count = _open_count(open_)
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
            return _nth_open(open_, _pick(batch, rows, _open_count(open_)))
        best = np.zeros(rows.size, dtype=np.int64)
        share = 0.0 if self.persona else self.player.random_share  # type: ignore[attr-defined]
        scoring = np.arange(rows.size)
        if share:
            at_random = draw(batch.rng, rows) < share
            lucky = np.flatnonzero(at_random)
            if lucky.size:
                best[lucky] = _nth_open(open_[lucky], _pick(batch, rows[lucky], _open_count(open_[lucky])))
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
        open_moves = (batch.policy_moves(everyone) > 0).T  # per policy, the rows that may still move it
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
        return _nth_open(open_, _pick(batch, rows, _open_count(open_)))

    def adjust(self, batch: Batch) -> None:
        t = batch.tables
        plans = self.plans[batch.ids]
        everyone = np.arange(batch.size)
        open_moves = (batch.policy_moves(everyone) > 0).T  # per policy, the rows that may still move it
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
