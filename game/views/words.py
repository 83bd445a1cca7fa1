"""How the game writes its dates, endings, changes and counts, the same on every screen and in every report.

A season reads 'Spring 2004', an ending 'Collapse (elite split)', a change '+3' or '±0', a distance
'under 1 point': each is worded once, here, in the player's language. Nothing here reads a game.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from game import i18n

if TYPE_CHECKING:
    from game.rules.model import Date

#: how a run ends, and the kinds of collapse, as a sentence names them (translated where shown)
OUTCOME_WORDS = {"soft_landing": i18n.N_("soft landing"), "survival": i18n.N_("survival"),
                 "collapse": i18n.N_("collapse")}
KIND_WORDS = {"uprising": i18n.N_("uprising"), "elite_split": i18n.N_("elite split"),
              "absorption": i18n.N_("absorption"), "implosion": i18n.N_("implosion")}
_LINE_END_HYPHEN = re.compile(r"(\w-)[ \t]*\n\s*(?=\w)")


def date_name(date: Date) -> str:
    """A season of the calendar as the player's language writes it: 'Spring 2004', '2004년 봄'."""
    return i18n.date_text(date.year, date.quarter)


def outcome_name(outcome: str | None) -> str:
    """How a run ended, in words: 'soft landing', 'collapse'; 'in progress' before any ending."""
    if outcome is None:
        return i18n._("in progress")
    return i18n._(OUTCOME_WORDS[outcome]) if outcome in OUTCOME_WORDS else outcome.replace("_", " ")


def kind_name(kind: str) -> str:
    """A kind of collapse in words: 'elite split'."""
    return i18n._(KIND_WORDS[kind]) if kind in KIND_WORDS else kind.replace("_", " ")


def capital(text: str) -> str:
    """The text with its first letter capitalised (a script without capitals is left as it is)."""
    return text[:1].upper() + text[1:]


def outcome_with_kind(outcome: str | None, kind: str | None) -> str:
    """'Collapse (elite split)', 'Soft landing': how a run ended, capitalised, with its kind of collapse."""
    words = capital(outcome_name(outcome))
    return i18n._("{outcome} ({kind})").format(outcome=words, kind=kind_name(kind)) if kind else words


def signed(value: float) -> str:
    """A change as a short signed whole number ('+3', '-12', '±0')."""
    rounded = round(value)
    return "±0" if rounded == 0 else f"{rounded:+d}"


def moves_text(moves: Sequence[tuple[str, float]], separator: str = ", ") -> str:
    """'Economy +3, Unrest -2': each name apart from its number, each pair apart from the next."""
    return separator.join(moved(name, delta) for name, delta in moves)


def moved(name: str, delta: float) -> str:
    """'Economy +3': a meter's name and its change."""
    return i18n._("{meter} {change}").format(meter=name, change=signed(delta))


def flowing(text: str) -> str:
    """A text written over several source lines as one paragraph: the line ends become spaces, and a
    word hyphenated across a line end ('sixtieth-' / 'anniversary') stays one word."""
    return " ".join(_LINE_END_HYPHEN.sub(r"\1", text).split())


def choose_prompt(count: int) -> str:
    """'Choose 1-3' for three options; 'Choose 1' for one."""
    return i18n._("Choose 1-{last}").format(last=count) if count > 1 else i18n._("Choose 1")


def choose_with(count: int) -> str:
    """'choose with 1-3', within a sentence."""
    return i18n._("choose with 1-{last}").format(last=count) if count > 1 else i18n._("choose with 1")


def signed_decimal(value: float) -> str:
    """A change to one decimal as the language writes numbers, with its sign ('+2.5', '-0.3')."""
    return ("+" if round(value, 1) > 0 else "") + i18n.number(value, 1)


def exact_change(value: float) -> str:
    """A recorded change to one decimal, or two where one would show a real change as 0.0 ('+2.5',
    '-0.03'); five characters wide."""
    return f"{value:+5.1f}" if abs(value) >= 0.05 else f"{value:+5.2f}"


def points(gap: float, short: bool = False) -> str:
    """How far a guard is from holding: 'under 1 point' while it does not hold yet (34.6 against
    35 is not "0 points"), else the whole points ('1 point', '4 points'; '1 pt', '4 pts')."""
    if gap < 1:
        return i18n._("<1 pt") if short else i18n._("under 1 point")
    count = round(gap)
    if short:
        return i18n.ngettext("{count} pt", "{count} pts", count).format(count=count)
    return i18n.ngettext("{count} point", "{count} points", count).format(count=count)
