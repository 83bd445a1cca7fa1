"""The history's dates and figures, checked against when the game can show them.

A dilemma can come up only in some seasons (its window: pinned, earliest and latest, follow-ups after
their cause, the scenarios' spans). A text that names a date must be true in every season of that
window, and a price its History note dates must not be shown before that date. Part of the history
checks of :mod:`game.content.validate_history`, which runs these with the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from game.i18n import _
from game.rules.model import FOLLOWUP_WAIT, Content, Date, Dilemma

Report = Callable[..., None]

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_SEASONS = ("winter", "spring", "summer", "autumn")
#: the last month of each quarter, which a reader puts in the next season: "December 2008" under an
#: "Autumn 2008" header, "March 2010" under "Winter 2010"
_MONTHS_AGAINST_SEASON = {"march": "spring", "june": "summer", "september": "autumn", "december": "winter"}
_PERIOD = re.compile(
    r"\b(?:(?P<season>winter|spring|summer|autumn)(?: of)?|(?P<month>" + "|".join(_MONTHS) + r")"
    r"|(?P<part>late|early|mid|mid-|the end of|the start of|the beginning of)) ?(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_OPENING_YEAR = re.compile(r"^(?P<year>(?:19|20)\d{2})\b")


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
    for _round in range(len(c.events)):  # follow-up chains: repeat until nothing widens
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


def dated_problems(text: str, window: Window, datelines: bool = True) -> list[str]:
    """What a text says about dates that is false somewhere in its window.

    The opening date ("Autumn 2007. ...") is when the text happens: every season in the window must
    lie inside it, and a month that ends a quarter (March, June, September, December) may not open a
    text, for a reader would put it in another season than the header above it. Any other date or
    year is a memory: it must not lie after the first season in which the text can be shown, or the
    text would speak of the future. Without ``datelines`` (an option's words), only the memories count.
    """
    found = []
    body = " ".join(text.split())
    opening = _PERIOD.match(body) or _OPENING_YEAR.match(body)
    if opening and datelines:
        named = period(opening)
        if not (named.first <= window.first and window.last <= named.last):
            found.append(_("opens with '{date}', but it can be shown in {window}").format(date=opening.group(0),
                                                                                         window=repr(window)))
        month = (opening.groupdict().get("month") or "").lower()
        if month in _MONTHS_AGAINST_SEASON:
            quarter = _MONTHS.index(month) // 3 + 1
            found.append(_("opens with '{date}', which a reader puts in {season}, under the season header "
                           "'{header}': open with the year or the season").format(
                date=opening.group(0), season=_MONTHS_AGAINST_SEASON[month], header=_SEASONS[quarter - 1].capitalize()))
    skip = opening.span() if opening else (0, 0)
    for match in _PERIOD.finditer(body):
        if match.span() != skip and period(match).first > window.first:
            found.append(_("names '{date}', later than {first}, the first season it can be shown").format(
                date=match.group(0), first=Date.from_index(window.first).code()))
    for match in YEAR.finditer(body):
        if skip[0] <= match.start() < skip[1]:
            continue
        if int(match.group(0)) > Date.from_index(window.first).year:
            found.append(_("names the year {year}, later than {first}, the first season it can be shown").format(
                year=match.group(0), first=Date.from_index(window.first).code()))
    return list(dict.fromkeys(found))


def _event_texts(event: Dilemma) -> list[tuple[str, str]]:
    texts = [("text", event.text)] + [(f"variants[{n}].text", v.text) for n, v in enumerate(event.variants) if v.text]
    texts += [(f"variants[{n}].add", v.add) for n, v in enumerate(event.variants) if v.add]
    for n, option in enumerate(event.options):
        texts += [(f"options[{n}].label", option.label), (f"options[{n}].result", option.result)]
        for k, v in enumerate(option.variants):
            texts += [(f"options[{n}].variants[{k}].{name}", words) for name, words in (("label", v.label), ("result", v.result)) if words]
    return texts


def check_dates(c: Content, report: Report) -> None:
    """A season or year written in an event lies in the seasons the event can be shown."""
    windows = event_windows(c)
    for event in c.events.values():
        window = windows.get(event.id)
        if window is None:
            continue
        for field, text in _event_texts(event):
            problems = dated_problems(text, window, datelines=field.endswith("text"))  # an option's words: memories only
            for problem in problems:
                report("event", event.id, field, problem, "warning")


_NUMBER_WORDS = {"ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                 "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "one hundred": 100}
_FIGURE = re.compile(
    r"\$(?P<dollars>\d[\d,]*(?:\.\d+)?)|\b(?P<amount>\d[\d,]*(?:\.\d+)?|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r") (?P<unit>dollars|won)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.;]+(?:[.;]|$)")


def _figures(text: str) -> set[tuple[float, str]]:
    """The prices a text names, as (amount, unit): "$30", "30 dollars", "thirty dollars", "18,000 won"."""
    found = set()
    for match in _FIGURE.finditer(" ".join(text.split())):
        if match.group("dollars"):
            found.add((float(match.group("dollars").replace(",", "")), "dollars"))
            continue
        amount = match.group("amount").lower()
        value = _NUMBER_WORDS.get(amount) or float(amount.replace(",", ""))
        found.add((float(value), match.group("unit").lower()))
    return found


def dated_figures(history: str) -> dict[tuple[float, str], int]:
    """The prices a History note dates: each figure -> the first season of the date in its sentence."""
    dated: dict[tuple[float, str], int] = {}
    for sentence in _SENTENCE.findall(" ".join(history.split())):
        when = [period(m).first for m in _PERIOD.finditer(sentence)]
        when += [Date(int(m.group(0)), 1).index for m in YEAR.finditer(sentence) if not when]
        if not when:
            continue
        for figure in _figures(sentence):
            dated[figure] = min(dated.get(figure, when[0]), min(when))
    return dated


def check_dated_figures(c: Content, report: Report) -> None:
    """A price the History note dates is not shown as current before that date.

    "Thirty dollars buys a permit to the capital" is true of September 2011, when the note dates it;
    a text that can be shown in 2007 may not state it as the price of the day.
    """
    windows = event_windows(c)
    for event in c.events.values():
        window = windows.get(event.id)
        dated = dated_figures(event.history)
        if window is None or not dated:
            continue
        for field, text in _event_texts(event):
            for figure in sorted(_figures(text)):
                if figure in dated and dated[figure] > window.first:
                    amount, unit = figure
                    report("event", event.id, field,
                           _("names {amount} {unit}, which the history note dates {dated}, but it can be shown from "
                             "{first}: drop the figure or narrow the window").format(
                               amount=f"{amount:,.0f}", unit=unit, dated=Date.from_index(dated[figure]).code(),
                               first=Date.from_index(window.first).code()), "warning")
