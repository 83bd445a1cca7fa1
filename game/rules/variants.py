"""Texts that follow the run: an event told as the player's earlier choices left it, an ending dated
by the scenario it closes.

An event's ``text`` is the telling that is true whatever came before; a ``[[event.variants]]``
entry replaces it while its condition holds (the first that holds wins), so that a dilemma that
refers to an earlier choice says what the player chose. An ending's text and verdict may name the
run's dates through placeholders (``{when}``, ``{year}`` ...), filled from the state at its end,
because the same ending closes scenarios that end in 2008 and in 2011.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, NamedTuple

from attrs import evolve

from game import i18n
from game.rules.model import Content, Dilemma, DriftRule, Ending, Option
from game.rules.state import AnyState, namespace

#: the placeholders an ending may use, and what each says
ENDING_PLACEHOLDERS = {
    "when": "the season the run ended, as 'the end of 2011' or 'the spring of 2008'",
    "When": "the same, capitalised, to open a sentence",
    "year": "the year the run ended",
    "season": "the season the run ended, in lower case",
    "start_year": "the year the scenario began",
}


def dilemma_text(dilemma: Dilemma, ns: dict[str, Any], flags: AbstractSet[str], policies: Mapping[str, int]) -> str:
    """The telling of a dilemma that fits the state: the first variant's ``text`` whose condition holds (else
    the dilemma's own), followed by the ``add`` of every variant that holds."""
    text = dilemma.text
    replaced = False
    added: list[str] = []
    for variant in dilemma.variants:
        if variant.when(ns, flags, policies):
            if variant.text and not replaced:
                text, replaced = variant.text, True
            if variant.add:
                added.append(variant.add.strip())
    if added:
        return text.rstrip() + "\n\n" + " ".join(added) + "\n"
    return text


def option_words(option: Option, ns: dict[str, Any], flags: AbstractSet[str], policies: Mapping[str, int]) -> Option:
    """An option worded as the state has it: the first variant's label and result whose condition holds."""
    label = result = ""
    for variant in option.variants:
        wanted = (variant.label and not label) or (variant.result and not result)
        if wanted and variant.when(ns, flags, policies):
            label = label or variant.label
            result = result or variant.result
    if not (label or result):
        return option
    key = (id(option), label, result)
    worded = _WORDED.get(key)
    if worded is None or worded[0] is not option:
        if len(_WORDED) >= 4096:  # many contents loaded in one process (tests, fuzzing): start afresh
            _WORDED.clear()
        worded = _WORDED[key] = (option, evolve(option, label=label or option.label, result=result or option.result))
    return worded[1]


#: an option worded by its variants, made once per option and wording (a simulated campaign words the
#: same few options thousands of times, and ``evolve`` is slow): (id, label, result) -> (option, worded)
_WORDED: dict[tuple[int, str, str], tuple[Option, Option]] = {}


def told_options(options: Sequence[Option], state: AnyState, ns: dict[str, Any] | None = None) -> list[Option]:
    """Options as the state words them; the same objects where no variant applies."""
    if not any(o.variants for o in options):
        return list(options)
    ns = ns if ns is not None else namespace(state)
    return [option_words(o, ns, state.flags, state.policies) if o.variants else o for o in options]


def shown_dilemma(state: AnyState, dilemma: Dilemma | None) -> Dilemma | None:
    """The dilemma as the player meets it now: the same dilemma, with the text and option words its
    variants choose."""
    if dilemma is None or not (dilemma.variants or any(o.variants for o in dilemma.options)):
        return dilemma
    ns = namespace(state)
    text = dilemma_text(dilemma, ns, state.flags, state.policies)
    options = tuple(told_options(dilemma.options, state, ns))
    if text is dilemma.text and all(a is b for a, b in zip(options, dilemma.options)):
        return dilemma
    return evolve(dilemma, text=text, options=options)


def follows_run(state: AnyState, dilemma: Dilemma, available: Sequence[Option]) -> bool:
    """Whether the player meets this dilemma told or offered differently because of the run so far: a variant
    of its text or of an option's words holds, or an option is closed (``available`` are the open ones)."""
    if len(available) < len(dilemma.options):
        return True
    if not (dilemma.variants or any(o.variants for o in dilemma.options)):
        return False
    ns = namespace(state)
    flags, policies = state.flags, state.policies
    for variant in dilemma.variants:  # loops, not any() over generators: the balance report asks at every dilemma
        if variant.when.fn(ns, flags, policies):
            return True
    for option in dilemma.options:
        for worded in option.variants:
            if worded.when.fn(ns, flags, policies):
                return True
    return False


def ending_values(content: Content, state: AnyState) -> dict[str, str]:
    """The placeholders of an ending, filled from the state at the run's end."""
    date = state.date
    season = i18n.season(date.quarter).lower()
    when = i18n.season_of(date.year, date.quarter)  # in the player's language: English "the spring of 2008"
    scenario = content.scenarios.get(state.scenario)
    start = scenario.start.year if scenario else date.year
    return {"when": when, "When": when[0].upper() + when[1:], "year": str(date.year), "season": season,
            "start_year": str(start)}


def placeholders(text: str) -> list[str]:
    """The placeholder names a text uses; raises ValueError when its braces do not parse."""
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def fill(text: str, values: dict[str, str]) -> str:
    """A text with its placeholders filled; an unknown one is left as written rather than failing a game."""
    try:
        return text.format_map(_Known(values))
    except (ValueError, IndexError, AttributeError):
        return text


class _Known(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def shown_ending(content: Content, state: AnyState, ending: Ending | None) -> Ending | None:
    """The ending as the player reads it: its text and verdict dated by this run."""
    if ending is None:
        return None
    values = ending_values(content, state)
    return evolve(ending, text=fill(ending.text, values), verdict=fill(ending.verdict, values))


# --- the drift's causes, told as the run was when they moved a meter ----------------------------------

class TurnWorld(NamedTuple):
    """What the run had made of the country when a turn's drift ran: its flags, policies and phase."""

    flags: frozenset[str]
    policies: Mapping[str, int]
    phase: str


def turn_worlds(content: Content, state: AnyState) -> dict[int, TurnWorld]:
    """For each completed turn, the flags and policies its drift read (after the turn's answers and policy
    moves) and the phase it was played in, found by walking the run's moves from the scenario's start."""
    scenario = content.scenarios[state.scenario]
    flags = set(scenario.flags)
    policies = {p.id: scenario.policies.get(p.id, p.start) for p in content.policies.values()}
    phases = {record.turn: record.phase for record in state.history}
    found: dict[int, TurnWorld] = {}
    turn, phase = 1, scenario.phase
    for move in state.moves:
        if move == "end":
            found[turn] = TurnWorld(frozenset(flags), dict(policies), phase)
            phase = phases.get(turn, phase)
            turn += 1
        elif move.startswith("policy:"):
            _, policy, level = move.split(":")
            policies[policy] = int(level)
        else:
            event, _, option = move.partition(":")
            choice = content.index.choices.get(event, {}).get(option)
            if choice is not None:
                flags.update(choice.option.set_flags)
                flags.difference_update(choice.option.clear_flags)
                policies.update(choice.option.policies)
    return found


def drift_text(rule: DriftRule, ns: Mapping[str, Any], world: TurnWorld | None) -> str:
    """A drift rule's cause as the run stood (``world``): the first variant's ``text`` that holds (else the
    rule's own), then the ``add`` of every variant that holds; without a world, the rule's own text."""
    if world is None or not rule.variants:
        return rule.text
    text, added = rule.text, []
    replaced = False
    for variant in rule.variants:
        if variant.when(ns, world.flags, world.policies):
            if variant.text and not replaced:
                text, replaced = variant.text, True
            if variant.add:
                added.append(variant.add.strip())
    return " ".join([text.strip(), *added]) if added else text
