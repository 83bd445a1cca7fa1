"""A dilemma as content: a dated situation with two to four options, their follow-ups and the other
tellings of its text and options that follow the player's earlier choices.

The largest kind of content item, apart from the others in :mod:`game.rules.model`, which gives its names.
"""

from __future__ import annotations

from attrs import field, frozen

from game.rules.conditions import Condition
from game.rules.values import NO_EFFECTS, Date, Effects


@frozen
class FollowUp:
    """An event an option brings back after some turns."""

    event: str
    after: int = 1


@frozen
class OptionVariant:
    """Another wording of an option while ``when`` holds: its label, its result, or both (the first that holds
    wins for each)."""

    when: Condition
    label: str = ""
    result: str = ""


@frozen
class Option:
    """One answer to a dilemma."""

    id: str
    label: str
    result: str
    when: Condition | None = None
    effects: Effects = NO_EFFECTS
    set_flags: tuple[str, ...] = ()
    clear_flags: tuple[str, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    policies: dict[str, int] = field(factory=dict)
    variants: tuple[OptionVariant, ...] = ()  # its words as the run left the country
    assumes: tuple[str, ...] = ()  # premises its plain label and result take for granted


@frozen
class WeightModifier:
    """Multiplies an event's weight while a condition holds."""

    when: Condition
    factor: float


@frozen
class TextVariant:
    """Another telling of an event while ``when`` holds: a ``text`` shown instead of the event's (the first
    that holds wins), or a sentence to ``add`` after it (every one that holds, in order), or both."""

    when: Condition
    text: str = ""
    add: str = ""
    assumes: tuple[str, ...] = ()  # premises its own text takes for granted


@frozen
class Dilemma:
    """A dilemma: a dated situation grounded in the essay and history, with two to four options."""

    id: str
    title: str
    text: str
    essay: tuple[str, ...]
    quote: str
    history: str
    options: tuple[Option, ...]
    when: Condition | None = None
    earliest: Date | None = None
    latest: Date | None = None
    weight: float = 10.0
    modifiers: tuple[WeightModifier, ...] = ()
    once: bool = True
    cooldown: int = 0
    pinned: Date | None = None
    followup_only: bool = False
    tags: tuple[str, ...] = ()
    history_option: str | None = None  # the option closest to what Pyongyang actually did
    sources: tuple[str, ...] = ()  # the URLs the history note rests on
    variants: tuple[TextVariant, ...] = ()  # texts that follow the player's earlier choices
    assumes: tuple[str, ...] = ()  # premises (ids) its plain text takes for granted
    quote_translation: str = ""  # the quote in the player's language (the English quote stays shown beside it)

    @property
    def invented(self) -> bool:
        """A dilemma of a world that never was (tagged ``invented``): every screen and report says so."""
        return "invented" in self.tags
