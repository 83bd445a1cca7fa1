"""The decision weight: how much single choices matter, for the balance report.

Mid-game dilemmas are sampled (run ``i`` of a report: a campaign played by a quick planner up to a
turn drawn at random), and each option of the dilemma is rolled out a dozen times to the campaign's
end; the spread of the ending odds between the best and the worst option is the dilemma's weight,
and one option rolled out twice gives the noise floor. Each rollout has its own dice and its own
player's stream, both drawn from the sampled run's stream before any rollout plays, so the rollouts
can be played one by one or all at once (game.sim.batch, with the planner's array form) with the
same results.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from attrs import define, field

from game.rules.dice import PlayerRandom
from game.rules.model import OUTCOMES, Content
from game.sim.simulate import Strategy, run_seeds


@define
class Weight:
    """Decision weight over sampled mid-game dilemmas: for each, the spread between its best and worst
    option of the ending odds found by rolling each option out, and the spread between two independent
    sets of rollouts of one same option (the noise floor)."""

    states: int = 0
    spreads: list = field(factory=list)  # per state: the largest gap, over the three outcomes, between options
    landing_spreads: list = field(factory=list)  # per state: the gap in soft-landing odds between options
    noise: list = field(factory=list)  # per state: the same gap between two rollout sets of one option
    events: dict = field(factory=dict)  # event id -> list of landing spreads

    def __add__(self, other: Weight) -> Weight:
        events = {k: list(v) for k, v in self.events.items()}
        for k, v in other.events.items():
            events.setdefault(k, []).extend(v)
        return Weight(self.states + other.states, self.spreads + other.spreads,
                      self.landing_spreads + other.landing_spreads, self.noise + other.noise, events)

    @staticmethod
    def _median(values: list) -> float:
        ordered = sorted(values)
        if not ordered:
            return 0.0
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2

    @property
    def median_spread(self) -> float:
        return self._median(self.spreads)

    @property
    def median_landing_spread(self) -> float:
        return self._median(self.landing_spreads)

    @property
    def median_noise(self) -> float:
        return self._median(self.noise)

    def quiet_events(self, under: float = 0.05) -> list[str]:
        """Events whose options move the landing odds by less than ``under`` (their mean spread)."""
        return sorted(e for e, v in self.events.items() if v and sum(v) / len(v) < under)

    def to_json(self) -> dict[str, object]:
        return {"states": self.states, "median_spread": round(self.median_spread, 4),
                "median_landing_spread": round(self.median_landing_spread, 4),
                "median_noise": round(self.median_noise, 4), "events": len(self.events),
                "quiet_events": self.quiet_events()}


#: who plays a campaign up to the sampled dilemma, and who plays on after each option
WEIGHT_LEAD = "quick"
WEIGHT_ROLLOUTS = 12
#: mid-game dilemmas sampled by the default report (split into jobs of WEIGHT_SLICE across the cores)
WEIGHT_STATES = 60
WEIGHT_SLICE = 30
#: the seed of the sampled runs, apart from the report's players' runs
SEED_SHIFT = 7919


def _follower() -> Strategy:
    from game.sim.planner import Planner
    # a quick player that can land: one move ahead, judged as the planner judges, policies in every phase
    return Planner(depth=0, samples=1, policies_in_trouble_only=False)


def _stream(state: int) -> PlayerRandom:
    """A player's random numbers from a raw SplitMix64 state (one number drawn from another stream)."""
    found = PlayerRandom()
    found.setstate((state,))
    return found


def _record(result: Weight, event: str, counts: Sequence[Counter], rollouts: int) -> None:
    """Add one sampled dilemma: ``counts`` of the outcomes per option, in the order shown, and the first again."""
    shares = [{o: count[o] / rollouts for o in OUTCOMES} for count in counts]
    noise, shares = shares[-1], shares[:-1]
    result.states += 1
    result.spreads.append(max(max(s[o] for s in shares) - min(s[o] for s in shares) for o in OUTCOMES))
    landing = max(s["soft_landing"] for s in shares) - min(s["soft_landing"] for s in shares)
    result.landing_spreads.append(landing)
    result.noise.append(max(abs(noise[o] - shares[0][o]) for o in OUTCOMES))
    result.events.setdefault(event, []).append(landing)


def decision_weight(content: Content, states: int, seed: int = 0, first: int = 0, rollouts: int = WEIGHT_ROLLOUTS,
                    scenario: str | None = None, batch: bool = True) -> Weight:
    """Sample ``states`` mid-game dilemmas (runs ``first ..``) and roll out each of their options: all at once
    where the batch can play the content (the same numbers), else one by one (also with ``batch=False``)."""
    from game.sim.batch import batch_problem
    if batch and WEIGHT_LEAD == "quick" and batch_problem(content, scenario, _follower()) is None:
        return _batched(content, states, seed, first, rollouts, scenario)
    from game.rules.engine import answer, available_options, begin
    from game.sim.simulate import strategy_rollout
    from game.sim.strategies import load_strategy

    lead = _follower() if WEIGHT_LEAD == "quick" else load_strategy(WEIGHT_LEAD)
    result = Weight()
    for index in range(first, first + states):
        game_seed, strategy_seed = run_seeds(seed + SEED_SHIFT, index)
        rng = PlayerRandom(strategy_seed)
        live = begin(content, scenario, game_seed)
        stop = rng.randint(live.last_turn // 4, live.last_turn * 3 // 4)
        strategy_rollout(content, live, lead, rng, turns=stop - 1)
        if live.outcome is not None or not live.pending:
            continue
        options = available_options(content, live)
        if len(options) < 2:
            continue
        frozen = live.freeze()
        follow = _follower()
        counts = []
        for option in [*options, options[0]]:  # the first option twice: the noise floor
            found: Counter[str | None] = Counter()
            for _ in range(rollouts):
                future = frozen.thaw()
                future.rng = rng.getrandbits(64)
                stream = _stream(rng.getrandbits(64))
                answer(content, future, option.id)
                strategy_rollout(content, future, follow, stream)
                found[future.outcome] += 1
            counts.append(found)
        _record(result, frozen.pending[0], counts, rollouts)
    return result


def _batched(content: Content, states: int, seed: int, first: int, rollouts: int, scenario: str | None) -> Weight:
    """:func:`decision_weight` played as one batch: the sampled runs, and their rollouts from the turn each stops
    at (a run that stops leaves the batch, its rollouts join it)."""
    from game.sim.batch import Batch, array_policy, draw
    policy = array_policy(_follower(), content)
    assert policy is not None
    pairs = [run_seeds(seed + SEED_SHIFT, index) for index in range(first, first + states)]
    with np.errstate(over="ignore"):
        batch = Batch(content, scenario, [g for g, _ in pairs], [s for _, s in pairs])
        low, high = batch.last_turn // 4, batch.last_turn * 3 // 4
        stop = low + np.minimum((draw(batch.rng, slice(None)) * (high - low + 1)).astype(np.int64), high - low)
        sampled: dict[int, tuple[str, int]] = {}  # run -> its dilemma, its options
        state_of: list[np.ndarray] = []  # per rollout (by its id in the batch, from ``states`` on): its run, its option
        entry_of: list[np.ndarray] = []
        while batch.size:
            here = np.flatnonzero((batch.ids < states) & (stop[np.minimum(batch.ids, states - 1)] == batch.turn))
            if here.size:
                _branch(batch, here, rollouts, sampled, state_of, entry_of)
            if batch.size:
                batch.play_turn(policy)
    result = Weight()
    if not sampled:
        return result
    runs, entries = np.concatenate(state_of), np.concatenate(entry_of)
    codes = batch.result.code[states:]
    for run in sorted(sampled):
        event, width = sampled[run]
        mine = runs == run
        counts = [Counter([OUTCOMES[c] for c in codes[mine & (entries == e)].tolist()])
                  for e in range(width + 1)]
        _record(result, event, counts, rollouts)
    return result


def _branch(batch: object, here: np.ndarray, rollouts: int, sampled: dict[int, tuple[str, int]],
            state_of: list[np.ndarray], entry_of: list[np.ndarray]) -> None:
    """The sampled runs at their turn: those with a dilemma of two options or more give way to their rollouts,
    each option's (the first again at the end) with the option answered; the others leave."""
    from game.sim.batch import Batch, bits
    assert isinstance(batch, Batch)
    t = batch.tables
    events = batch.pending[here, 0] if batch.pending.shape[1] else np.full(here.size, -1)
    has = events >= 0
    options, open_ = batch.available(here[has], events[has])
    count = np.zeros(here.size, dtype=np.int64)
    count[has] = open_.sum(axis=1)
    keep = count >= 2
    parents, dice, streams, chosen, entry = [], [], [], [], []
    local = np.flatnonzero(has)  # here's place -> its place among the rows with a dilemma
    place = np.full(here.size, -1)
    place[local] = np.arange(local.size)
    for at in np.flatnonzero(keep).tolist():
        run = int(batch.ids[here[at]])
        sampled[run] = (t.events[int(events[at])], int(count[at]))
    for e in range(int(count.max(initial=0)) + 1):
        rows = np.flatnonzero(keep & (count + 1 > e))
        if not rows.size:
            continue
        open_rows = open_[place[rows]]
        nth = np.where(e < count[rows], e, 0)
        column = np.argmax(np.cumsum(open_rows, axis=1) > nth[:, None], axis=1)
        option = options[place[rows], column]
        for _ in range(rollouts):
            parents.append(here[rows])
            dice.append(bits(batch.rng, here[rows]))
            streams.append(bits(batch.rng, here[rows]))
            chosen.append(option)
            entry.append(np.full(rows.size, e))
    if parents:
        new = batch.branch(np.concatenate(parents), np.concatenate(dice), np.concatenate(streams))
        batch.answer(new, np.concatenate(chosen))
        batch.pending[new, 0] = -1
        state_of.append(batch.ids[np.concatenate(parents)])
        entry_of.append(np.concatenate(entry))
    batch.drop(here)
