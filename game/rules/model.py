"""The game's content as data: the attrs classes that content files are structured into.

Every TOML file under a content folder is read; its top-level arrays of tables (``[[event]]``,
``[[meter]]``, ``[[policy]]`` ...) say what it holds, so authors may split files as they like.
Loading and validation live in :mod:`game.content.loader`; this module only says what content *is*.
The smallest pieces, a season and effects on meters, are in :mod:`game.rules.values`; a dilemma and its
options in :mod:`game.rules.dilemma`. This module gives all their names.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, NamedTuple

from attrs import field, frozen

from game.rules.conditions import Batch, Condition, Drift, compile_batch, compile_drift, compile_guarded, compile_weights
from game.rules.dilemma import Dilemma as Dilemma
from game.rules.dilemma import FollowUp as FollowUp
from game.rules.dilemma import Option as Option
from game.rules.dilemma import OptionVariant as OptionVariant
from game.rules.dilemma import TextVariant as TextVariant
from game.rules.dilemma import WeightModifier as WeightModifier
from game.rules.values import NO_EFFECTS as NO_EFFECTS
from game.rules.values import SEASONS as SEASONS
from game.rules.values import Change as Change
from game.rules.values import Date as Date
from game.rules.values import Effects as Effects

Outcome = Literal["survival", "soft_landing", "collapse"]
OUTCOMES: tuple[str, ...] = ("survival", "soft_landing", "collapse")
#: a due follow-up that finds no room waits a season, at most this many: then its moment has passed and it
#: is dropped, so a dated follow-up is never shown long after the choice that brought it (the date check
#: of ``check`` allows for exactly this wait)
FOLLOWUP_WAIT = 1
ESSAY_PARAGRAPHS = frozenset([f"P{n}" for n in range(1, 27)] + ["N1", "N2"])  # the essay's paragraphs and notes


@frozen
class Meter:
    """A measure of the country's state, 0-100, tied to the essay."""

    id: str
    name: str
    description: str
    good: Literal["up", "down"]
    essay: tuple[str, ...]
    quote: str = ""
    start: float = 50.0
    short: str = ""  # a short label for narrow screens
    double_edged: bool = False  # helps the regime one way and threatens it another: hints show it uncoloured
    # the way that helps a soft landing ("up", "down"; "" where it helps one way and threatens another): the
    # colours of the advisors' arrows when the player has them serve a landing rather than the regime
    for_landing: Literal["up", "down", ""] = ""
    quote_translation: str = ""  # the quote in the player's language (the English quote stays shown beside it)

    def danger(self, value: float) -> float:
        """How near the regime's danger a value is, 0-100 (the screen's bar turns red at 70): the distance
        from the good end; a double-edged meter has no dangerous end."""
        if self.double_edged:
            return 0.0
        return value if self.good == "down" else 100.0 - value


@frozen
class Premise:
    """Something a telling can take for granted ("the markets are open", "the talks go on"), as a condition:
    ``check`` refuses a text that assumes it and can be shown while it is false."""

    id: str
    description: str
    when: Condition


@frozen
class PolicyLevel:
    """One level of a standing policy and what it costs and gives every turn."""

    name: str
    description: str
    effects: Effects = NO_EFFECTS


@frozen
class Policy:
    """A standing policy with levels; changing it one level costs ``change`` at once."""

    id: str
    name: str
    description: str
    essay: tuple[str, ...]
    quote: str
    levels: tuple[PolicyLevel, ...]
    start: int = 0
    change: Effects = NO_EFFECTS
    quote_translation: str = ""  # the quote in the player's language (the English quote stays shown beside it)


@frozen
class Scenario:
    """Where a campaign starts and ends, and the country it starts with."""

    id: str
    name: str
    description: str
    start: Date
    end: Date
    meters: dict[str, float] = field(factory=dict)
    policies: dict[str, int] = field(factory=dict)
    flags: tuple[str, ...] = ()
    phase: str = "entrenched"
    second_dilemma_chance: float = 0.5
    followup_room: int = 2  # a due follow-up joins a season only while it has fewer dilemmas than this
    force: tuple[str, ...] = ()  # events drawn first in the first turns, for authors


@frozen
class Phase:
    """A state of the regime's state machine that is not an ending."""

    id: str
    name: str
    description: str


@frozen
class Transition:
    """A row of the regime's table: from phases, a guard held for some turns, to a phase or an ending."""

    id: str
    source: tuple[str, ...]
    when: Condition
    reason: str
    to: str | None = None
    outcome: Outcome | None = None
    kind: str | None = None
    hold: int = 1
    essay: tuple[str, ...] = ()
    road: str = ""  # a few words that tell this road from another to the same place ("pledged")


@frozen
class Ending:
    """The text of one ending: an outcome (and collapse kind), optionally only when a condition holds."""

    id: str
    outcome: Outcome
    title: str
    text: str
    verdict: str
    essay: tuple[str, ...]
    quote: str
    kind: str | None = None
    when: Condition | None = None
    quote_translation: str = ""  # the quote in the player's language (the English quote stays shown beside it)


@frozen
class Indicator:
    """A figure from history computed from the state, such as the market price of rice."""

    id: str
    name: str
    value: Condition
    unit: str = ""
    decimals: int = 0
    description: str = ""


@frozen
class DriftRule:
    """The country's own dynamics: each turn, ``amount`` is added to ``meter`` while ``when`` holds."""

    id: str
    meter: str
    amount: Condition
    text: str
    essay: tuple[str, ...] = ()
    when: Condition | None = None
    # other tellings of its cause while the run makes them true (Seoul's pledge, say): the ``text`` of the
    # first that holds replaces the rule's, the ``add`` of every one that holds follows it
    variants: tuple[TextVariant, ...] = ()

    @property
    def cause(self) -> str:
        """How its changes are recorded in the state's history."""
        return f"drift:{self.id}"


@frozen
class Paragraph:
    """A paragraph of the essay in the game's own words: what a student needs to read a quote from it."""

    id: str  # "P13", "N1"
    summary: str


@frozen
class Term:
    """A glossary entry: a word a student meets in the texts, with the other spellings that point to it."""

    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()


Roll = tuple[str, float, float, str]  # an effect ready to apply: meter, low, high (equal when fixed), cause


class Choice(NamedTuple):
    """An option of an event, with what answering it records, prepared once for the engine."""

    option: Option
    effects: tuple[Roll, ...]  # caused by "event:<event>/<option>"
    source: str  # "<event>/<option>", as the follow-ups it schedules record it
    move: str  # "<event>:<option>", as the moves record it


def _rolls(effects: Effects, cause: str) -> tuple[Roll, ...]:
    return tuple((c.meter, c.low, c.high, cause) for c in effects.changes)


@frozen
class Index:
    """Lookups derived once from the content for the engine's hot loop."""

    drift: Batch  # every drift rule's amount at once, 0 where its `when` fails
    drift_rules: tuple[tuple[str, str], ...]  # per drift rule: meter, cause
    apply_drift: Drift  # every drift rule worked out and added to its meter, as the engine's turn does it
    # per event in content order, what its draw weight is made of: (base, when, options' conditions, modifiers)
    weight_rows: tuple[tuple[float, Condition | None, tuple[Condition | None, ...], tuple[tuple[Condition, float], ...]], ...]
    drawable: dict[int, tuple[tuple[Dilemma, int], ...]]  # date index -> (event, position in weight_rows) drawn by weight
    pinned: dict[int, tuple[Dilemma, ...]]  # date index -> events pinned to it
    always_open: frozenset[str]  # events with an option that has no condition
    free: frozenset[str]  # events none of whose options has a condition
    choices: dict[str, dict[str, Choice]]  # event -> option id -> the option prepared
    shuffle: dict[str, int]  # event -> a fixed number mixed with a game's seed to order its options
    leaving: dict[str, tuple[Transition, ...]]  # phase -> transitions out of it, survival left out
    guards: dict[str, Batch]  # phase -> the guards of `leaving` at once
    standing: dict[str, tuple[tuple[Roll, ...], ...]]  # policy -> per level: its per-turn effects
    steps: dict[str, tuple[tuple[int, ...], ...]]  # policy -> per level: the levels one step away
    change_cost: dict[str, tuple[Roll, ...]]  # policy -> the effects of changing it
    # the policies' levels, as (policy, level) pairs in the state's order -> their per-turn effects in that
    # order, filled as settings are met (a campaign meets few)
    upkeep: dict[tuple[tuple[str, int], ...], tuple[Roll, ...]] = field(factory=dict)
    # date index -> the draw weights of the events drawable then, in the order of `drawable`, compiled when first
    # asked for: a season can draw a fifth of the events, and the others' weights need not be worked out
    dated_weights: dict[int, Batch] = field(factory=dict)

    def weights_at(self, date_index: int) -> Batch:
        """One function giving the draw weight (0: it cannot be drawn now) of each event ``drawable`` at a date."""
        found = self.dated_weights.get(date_index)
        if found is None:
            rows = self.weight_rows
            found = self.dated_weights[date_index] = compile_weights(
                [rows[position] for _, position in self.drawable.get(date_index, ())])
        return found

    def upkeep_of(self, policies: Mapping[str, int]) -> tuple[Roll, ...]:
        """Every policy's per-turn effects at its level, policy by policy in the mapping's order."""
        key = tuple(policies.items())
        found = self.upkeep.get(key)
        if found is None:
            standing = self.standing
            found = self.upkeep[key] = tuple(roll for pid, level in key for roll in standing[pid][level])
        return found

    @classmethod
    def build(cls, events: dict[str, Dilemma], drift: tuple[DriftRule, ...], scenarios: dict[str, Scenario],
              phases: dict[str, Phase], transitions: tuple[Transition, ...], policies: dict[str, Policy]) -> Index:
        first = min((s.start.index for s in scenarios.values()), default=0)
        last = max((s.end.index for s in scenarios.values()), default=-1)
        drawable: dict[int, tuple[tuple[Dilemma, int], ...]] = {}
        pinned: dict[int, tuple[Dilemma, ...]] = {}
        for when in range(first, last + 1):
            drawable[when] = tuple(
                (e, position) for position, e in enumerate(events.values()) if e.pinned is None and not e.followup_only
                and (e.earliest is None or e.earliest.index <= when) and (e.latest is None or when <= e.latest.index))
            pinned[when] = tuple(e for e in events.values() if e.pinned is not None and e.pinned.index == when)
        leaving = {phase: tuple(t for t in transitions if (phase in t.source or "*" in t.source)
                                and t.outcome != "survival") for phase in phases}
        return cls(
            drift=compile_guarded([(r.amount, r.when) for r in drift]),
            drift_rules=tuple((r.meter, r.cause) for r in drift),
            apply_drift=compile_drift([(r.amount, r.when, r.meter, r.cause) for r in drift]),
            weight_rows=tuple((e.weight, e.when, tuple(o.when for o in e.options), tuple((m.when, m.factor) for m in e.modifiers))
                              for e in events.values()),
            drawable=drawable,
            pinned=pinned,
            always_open=frozenset(e.id for e in events.values() if any(o.when is None for o in e.options)),
            free=frozenset(e.id for e in events.values() if all(o.when is None for o in e.options)),
            choices={e.id: {o.id: Choice(o, _rolls(o.effects, f"event:{e.id}/{o.id}"), f"{e.id}/{o.id}", f"{e.id}:{o.id}")
                            for o in e.options} for e in events.values()},
            shuffle={e.id: zlib.crc32(e.id.encode()) for e in events.values()},
            leaving=leaving,
            guards={phase: compile_batch([t.when for t in rows]) for phase, rows in leaving.items()},
            standing={p.id: tuple(_rolls(level.effects, f"policy:{p.id}@{n}") for n, level in enumerate(p.levels))
                      for p in policies.values()},
            steps={p.id: tuple(tuple(lv for lv in (level - 1, level + 1) if 0 <= lv < len(p.levels))
                               for level in range(len(p.levels))) for p in policies.values()},
            change_cost={p.id: _rolls(p.change, f"change:{p.id}") for p in policies.values()},
        )


@frozen
class Content:
    """Everything a game is built from, validated and compiled."""

    root: Path
    meters: dict[str, Meter]
    events: dict[str, Dilemma]
    policies: dict[str, Policy]
    scenarios: dict[str, Scenario]
    phases: dict[str, Phase]
    transitions: tuple[Transition, ...]
    endings: tuple[Ending, ...]
    indicators: tuple[Indicator, ...]
    drift: tuple[DriftRule, ...]
    fingerprint: str  # of what decides play (game.fingerprint): what saves and run codes check
    index: Index = field(eq=False, repr=False)
    paragraphs: Mapping[str, Paragraph] = field(factory=dict)  # essay paragraph id -> its summary
    glossary: Mapping[str, Term] = field(factory=dict)  # term id -> the entry
    text_fingerprint: str = ""  # of the files' bytes, as fingerprints were made before: old run codes carry it
    premises: Mapping[str, Premise] = field(factory=dict)  # premise id -> what a telling may take for granted

    @property
    def default_scenario(self) -> Scenario:
        return self.scenarios.get("default") or next(iter(self.scenarios.values()))
