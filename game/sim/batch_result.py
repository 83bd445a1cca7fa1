"""What the runs of a batch came to (game.sim.batch_engine fills it in), and what the balance report reads of it."""

from __future__ import annotations

import numpy as np

from game.rules.model import OUTCOMES, Date
from game.sim.batch_tables import Tables

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
        self._seen = np.zeros((runs, len(tables.events)), dtype=np.int32)  # times each event was drawn
        self._picks = np.zeros((runs, len(tables.options)), dtype=np.int32)  # times each run chose each option
        # the counts to add to them, as flat places (run * width + column), added when they are read: one pass at
        # the end rather than a scattered add to a wide table every step
        self._seen_log: list[np.ndarray] = []
        self._picks_log: list[np.ndarray] = []
        self.followed = np.zeros(runs, dtype=np.int64)  # dilemmas met told or offered as the run left them (if watched)
        self.flags = np.zeros((runs, len(tables.columns.flags)), dtype=bool)  # at the end
        self.levels = np.zeros((runs, len(tables.policies)), dtype=np.int64)  # at the end
        # if watched, from a turn on: turn -> every run's meters and phase at that turn's end (rows not there: NaN, -1)
        self.late: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.scenario = ""
        self.last_turn = 0
        # each run's moves on the regime's table (:attr:`transitions`), as logged turn by turn: (turn, runs, from
        # phase codes, rows in tables.rows; -1 survival), made into lists when first read
        self._transitions: list[list[tuple[int, int, int]]] = [[] for _ in range(runs)]
        self._moves: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []
        self.options = tables.options  # (event, option) of each count in ``chosen``

    def grow(self, extra: int) -> int:
        """Room for ``extra`` more runs at the end; the first of their numbers."""
        first = self.turn.size
        for name in ("code", "kind_code", "ending_code", "turn", "date", "meters", "seen", "picks", "followed", "flags",
                     "levels"):
            found = getattr(self, name)
            more = np.full((extra, *found.shape[1:]), -1 if name in ("kind_code", "ending_code") else 0, dtype=found.dtype)
            setattr(self, name, np.concatenate([found, more]))
        self.transitions.extend([] for _ in range(extra))
        return first

    def log_moves(self, turn: int, runs: np.ndarray, phases: np.ndarray, roads: np.ndarray) -> None:
        """Each of ``runs`` took road ``roads[i]`` (-1: survival) from phase ``phases[i]`` at the end of ``turn``."""
        if runs.size:
            self._moves.append((turn, runs, phases, roads))

    @property
    def transitions(self) -> list[list[tuple[int, int, int]]]:
        """Each run's moves on the regime's table: (turn, from phase code, row in tables.rows; -1 survival)."""
        lists = self._transitions
        for turn, runs, phases, roads in self._moves:
            for run, phase, road in zip(runs.tolist(), phases.tolist(), roads.tolist()):
                lists[run].append((turn, phase, road))
        self._moves.clear()
        return lists

    def count_seen(self, runs: np.ndarray, events: np.ndarray) -> None:
        """Count one draw of ``events[i]`` for run ``runs[i]``."""
        self._seen_log.append(runs * self._seen.shape[1] + events)

    def count_picks(self, runs: np.ndarray, options: np.ndarray) -> None:
        """Count one answer ``options[i]`` for run ``runs[i]``."""
        self._picks_log.append(runs * self._picks.shape[1] + options)

    @staticmethod
    def _flush(table: np.ndarray, log: list[np.ndarray]) -> np.ndarray:
        if log:
            places = np.concatenate(log)
            log.clear()
            if places.size * 8 < table.size:  # a few: added in place
                np.add.at(table.reshape(-1), places, 1)
            else:
                table += np.bincount(places, minlength=table.size).reshape(table.shape).astype(table.dtype)
        return table

    @property
    def seen(self) -> np.ndarray:
        """Times each run drew each event (one column an event)."""
        return self._flush(self._seen, self._seen_log)

    @seen.setter
    def seen(self, table: np.ndarray) -> None:
        self._flush(self._seen, self._seen_log)
        self._seen = table

    @property
    def picks(self) -> np.ndarray:
        """Times each run chose each option (one column an option)."""
        return self._flush(self._picks, self._picks_log)

    @picks.setter
    def picks(self, table: np.ndarray) -> None:
        self._flush(self._picks, self._picks_log)
        self._picks = table

    @property
    def chosen(self) -> np.ndarray:
        """Times each option was chosen, over all runs (counted from the answers not yet added to the table, which
        is left as it is: a run's row is not needed for a total)."""
        width = self._picks.shape[1]
        total = self._picks.sum(axis=0, dtype=np.int64)
        if self._picks_log:
            total += np.bincount(np.concatenate(self._picks_log) % width, minlength=width)
        return total

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


def tense_late(result: Result, near: float) -> np.ndarray:
    """For each run of a watched batch, whether some season in the last third had a collapse road within
    ``near`` points (or holding), read as ``game.sim.tally.tense_late`` reads it: that season's meters and phase,
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
