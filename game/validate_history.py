"""Checks that keep the content true to history and to the run it is shown in.

:mod:`game.validate` checks that content is playable; this module checks that what it says can be
handed to a class: a text that names a date is true whenever the game can show it, an ending names
only the dates of the run it closes, a History note speaks of history and not of the game, and a
regime's reason never denies the phase it may fire from. Each check names the item and the field.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Protocol

from game.content import Content, Date, Event
from game.variants import ENDING_PLACEHOLDERS, placeholders

#: follow-ups wait a season when the two dilemma slots are full; a dated follow-up allows for one wait per step
FOLLOWUP_WAIT = 1
#: the most items that may share one quote: a quote chosen for its dilemma rarely fits three
MAX_QUOTE_USES = 2

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_SEASONS = ("winter", "spring", "summer", "autumn")
_PERIOD = re.compile(
    r"\b(?:(?P<season>winter|spring|summer|autumn)(?: of)?|(?P<month>" + "|".join(_MONTHS) + r")"
    r"|(?P<part>late|early|mid|mid-|the end of|the start of|the beginning of)) ?(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_OPENING_YEAR = re.compile(r"^(?P<year>(?:19|20)\d{2})\b")

#: words that belong to notes for authors or to the game's rules, never to a History note
_NOT_HISTORY = re.compile(
    r"\b(fact sheet|the game|in the game|player|players|in play|this run|here|scenario|meter|meters|flag|"
    r"option|options|this season|the season brings|if no |if the programme)\b", re.IGNORECASE)

#: a reason of a transition open to several phases must not deny any of them
_DENIAL = re.compile(r"\b(without|no|never|not)\b[^.;,()]*\b(reform\w*|collaps\w*|crisis|strain\w*)", re.IGNORECASE)


class Checks(Protocol):
    def error(self, kind: str, ident: str, field: str, message: str) -> None: ...

    def warn(self, kind: str, ident: str, field: str, message: str) -> None: ...


class Window:
    """The seasons in which an event can be shown, as a first and a last season (date indices)."""

    def __init__(self, first: int, last: int) -> None:
        self.first, self.last = first, last

    def __repr__(self) -> str:
        return f"{Date.from_index(self.first).code()}..{Date.from_index(self.last).code()}"

    def widen(self, other: Window) -> Window:
        return Window(min(self.first, other.first), max(self.last, other.last))


def event_windows(c: Content) -> dict[str, Window]:
    """When each event can be shown: pinned, drawn in its window, forced by a scenario, or brought back
    by a follow-up (the scheduling event's window shifted by the delay, plus a wait per step)."""
    if not c.scenarios:
        return {}
    span = Window(min(s.start.index for s in c.scenarios.values()), max(s.end.index for s in c.scenarios.values()))

    def clip(window: Window) -> Window | None:
        first, last = max(window.first, span.first), min(window.last, span.last)
        return Window(first, last) if first <= last else None

    windows: dict[str, Window] = {}
    for event in c.events.values():
        if event.pinned is not None:
            own: Window | None = Window(event.pinned.index, event.pinned.index)
        elif event.followup_only:
            own = None
        else:
            own = clip(Window(event.earliest.index if event.earliest else span.first,
                              event.latest.index if event.latest else span.last))
        if own is not None:
            windows[event.id] = own
    for scenario in c.scenarios.values():
        for ident in scenario.force:
            if ident in c.events:
                start = Window(scenario.start.index, scenario.start.index + 1)
                windows[ident] = windows[ident].widen(start) if ident in windows else start
    for _ in range(len(c.events)):  # follow-up chains: repeat until nothing widens
        changed = False
        for event in c.events.values():
            source = windows.get(event.id)
            if source is None:
                continue
            for option in event.options:
                for followup in option.followups:
                    shifted = clip(Window(source.first + followup.after, source.last + followup.after + FOLLOWUP_WAIT))
                    if shifted is None or followup.event not in c.events:
                        continue
                    old = windows.get(followup.event)
                    new = old.widen(shifted) if old else shifted
                    if old is None or (new.first, new.last) != (old.first, old.last):
                        windows[followup.event] = new
                        changed = True
        if not changed:
            break
    return windows


def period(match: re.Match[str]) -> Window:
    """The seasons a dated phrase names: "Autumn 2007", "January 2010", "Late 2008", "2004"."""
    year = int(match.group("year"))
    if match.groupdict().get("season"):
        quarter = _SEASONS.index(match.group("season").lower()) + 1
        return Window(Date(year, quarter).index, Date(year, quarter).index)
    if match.groupdict().get("month"):
        quarter = _MONTHS.index(match.group("month").lower()) // 3 + 1
        return Window(Date(year, quarter).index, Date(year, quarter).index)
    part = (match.groupdict().get("part") or "").lower()
    first, last = {"late": (3, 4), "early": (1, 2), "mid": (2, 3), "mid-": (2, 3), "the end of": (4, 4),
                   "the start of": (1, 1), "the beginning of": (1, 1)}.get(part, (1, 4))
    return Window(Date(year, first).index, Date(year, last).index)


def dated_problems(text: str, window: Window) -> list[str]:
    """What a text says about dates that is false somewhere in its window.

    The opening date ("Autumn 2007. ...") is when the text happens: every season in the window must
    lie inside it. Any other date or year is a memory: it must not lie after the first season in
    which the text can be shown, or the text would speak of the future.
    """
    found = []
    body = " ".join(text.split())
    opening = _PERIOD.match(body) or _OPENING_YEAR.match(body)
    if opening:
        named = period(opening)
        if not (named.first <= window.first and window.last <= named.last):
            found.append(f"opens with '{opening.group(0)}', but it can be shown in {window!r}")
    skip = opening.span() if opening else (0, 0)
    for match in _PERIOD.finditer(body):
        if match.span() != skip and period(match).first > window.first:
            found.append(f"names '{match.group(0)}', later than {Date.from_index(window.first).code()}, "
                         f"the first season it can be shown")
    for match in _YEAR.finditer(body):
        if skip[0] <= match.start() < skip[1]:
            continue
        if int(match.group(0)) > Date.from_index(window.first).year:
            found.append(f"names the year {match.group(0)}, later than {Date.from_index(window.first).code()}, "
                         f"the first season it can be shown")
    return list(dict.fromkeys(found))


def _event_texts(event: Event) -> list[tuple[str, str]]:
    texts = [("text", event.text)] + [(f"variants[{n}].text", v.text) for n, v in enumerate(event.variants)]
    for n, option in enumerate(event.options):
        texts += [(f"options[{n}].label", option.label), (f"options[{n}].result", option.result)]
    return texts


def check_dates(c: Content, checks: Checks) -> None:
    """A season or year written in an event lies in the seasons the event can be shown."""
    windows = event_windows(c)
    for event in c.events.values():
        window = windows.get(event.id)
        if window is None:
            continue
        for field, text in _event_texts(event):
            problems = dated_problems(text, window)
            if not field.endswith("text"):  # an option's words are not a dateline: only memories count
                problems = [p for p in problems if not p.startswith("opens")]
            for problem in problems:
                checks.error("event", event.id, field, problem)


def check_variants(c: Content, checks: Checks, flags_set: set[str]) -> None:
    """A variant tells the same event another way: it has a condition that can hold and a text of its own."""
    for event in c.events.values():
        for n, variant in enumerate(event.variants):
            if " ".join(variant.text.split()) == " ".join(event.text.split()):
                checks.error("event", event.id, f"variants[{n}].text", "is the same as the event's text")
            for flag in sorted(variant.when.flags - flags_set):
                checks.warn("event", event.id, f"variants[{n}].when", f"reads flag '{flag}', which nothing sets")


def check_endings(c: Content, checks: Checks) -> None:
    """An ending closes runs of every scenario: it dates itself with placeholders, never with a year of the campaign."""
    first_year = min((s.start.year for s in c.scenarios.values()), default=0)
    for ending in c.endings:
        for field in ("title", "text", "verdict"):
            text = getattr(ending, field)
            try:
                names = placeholders(text)
            except ValueError as error:
                checks.error("ending", ending.id, field, f"its braces do not parse ({error}); write {{when}}, {{year}} ...")
                continue
            for name in names:
                if name not in ENDING_PLACEHOLDERS:
                    known = ", ".join("{" + k + "}" for k in ENDING_PLACEHOLDERS)
                    checks.error("ending", ending.id, field, f"unknown placeholder {{{name}}} (known: {known})")
            for match in _YEAR.finditer(text):
                if int(match.group(0)) >= first_year:
                    checks.error("ending", ending.id, field,
                                 f"names the year {match.group(0)}, which is not in every run it can close: "
                                 "use {when}, {year} or {start_year}")


def check_history_notes(c: Content, checks: Checks) -> None:
    """A History note speaks of history only: no notes to authors, no rules of the game."""
    for event in c.events.values():
        for match in _NOT_HISTORY.finditer(event.history):
            checks.error("event", event.id, "history",
                         f"'{match.group(0)}' speaks of the game or its sources, not of history")


def check_quotes(c: Content, checks: Checks) -> None:
    """A quote is chosen for its item: the same sentence on many dilemmas argues none of them."""
    items = [("event", e.id, e.quote) for e in c.events.values()]
    items += [("policy", p.id, p.quote) for p in c.policies.values()]
    items += [("ending", e.id, e.quote) for e in c.endings]
    items += [("meter", m.id, m.quote) for m in c.meters.values()]
    uses = Counter(" ".join(q.split()).lower() for _, _, q in items if q)
    for kind, ident, quote in items:
        count = uses[" ".join(quote.split()).lower()] if quote else 0
        if count > MAX_QUOTE_USES:
            checks.warn(kind, ident, "quote", f"the same quote is used {count} times (at most {MAX_QUOTE_USES}): "
                        "choose the sentence that makes this item's point")


def check_reasons(c: Content, checks: Checks) -> None:
    """A transition that can fire from several phases gives a reason true in each of them."""
    for transition in c.transitions:
        if "*" not in transition.source and len(transition.source) < 2:
            continue
        denial = _DENIAL.search(transition.reason)
        if denial:
            checks.error("transition", transition.id, "reason",
                         f"'{denial.group(0)}' is false for a regime that reaches it from another phase")


def check_history(c: Content, checks: Checks, flags_set: set[str]) -> None:
    """Every history check, run by :func:`game.validate.check_content`."""
    check_dates(c, checks)
    check_variants(c, checks, flags_set)
    check_endings(c, checks)
    check_history_notes(c, checks)
    check_quotes(c, checks)
    check_reasons(c, checks)
