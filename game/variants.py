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
from typing import Any

from attrs import evolve

from game.content import Content, Ending, Dilemma
from game.state import AnyState, namespace

#: the placeholders an ending may use, and what each says
ENDING_PLACEHOLDERS = {
    "when": "the season the run ended, as 'the end of 2011' or 'the spring of 2008'",
    "When": "the same, capitalised, to open a sentence",
    "year": "the year the run ended",
    "season": "the season the run ended, in lower case",
    "start_year": "the year the scenario began",
}


def dilemma_text(dilemma: Dilemma, ns: dict[str, Any], flags: frozenset[str], policies: dict[str, int]) -> str:
    """The telling of a dilemma that fits the state: the first variant whose condition holds, else its text."""
    for variant in dilemma.variants:
        if variant.when(ns, flags, policies):
            return variant.text
    return dilemma.text


def shown_dilemma(state: AnyState, dilemma: Dilemma | None) -> Dilemma | None:
    """The dilemma as the player meets it now: the same dilemma, with the text its variants choose."""
    if dilemma is None or not dilemma.variants:
        return dilemma
    text = dilemma_text(dilemma, namespace(state), frozenset(state.flags), dict(state.policies))
    return dilemma if text is dilemma.text else evolve(dilemma, text=text)


def ending_values(content: Content, state: AnyState) -> dict[str, str]:
    """The placeholders of an ending, filled from the state at the run's end."""
    date = state.date
    season = date.season.lower()
    when = f"the end of {date.year}" if date.quarter == 4 else f"the {season} of {date.year}"
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
