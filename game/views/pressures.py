"""The roads out of the regime's phase as the regime panel shows them: where each leads, its guard in
the player's words, where the meters it reads stand now and how near it is to firing.

The guards are read as bars on the meters by :mod:`game.views.roads`; this module puts them in order
and in words, and marks each road by how near it is and whether it leads to a fall.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from attrs import frozen

from game import i18n
from game.rules.state import namespace
from game.views import roads
from game.views.words import capital, kind_name, outcome_name, outcome_with_kind, points

if TYPE_CHECKING:
    from game.api import Game
    from game.rules.model import Content, Transition

#: the words of the condition language, as a reader reads them
_CONDITION_WORDS = {"and": i18n.N_("and"), "or": i18n.N_("or"), "not": i18n.N_("not")}
COMPARATORS = ((">=", "≥"), ("<=", "≤"), ("!=", "≠"), ("==", "="))
_NAME = re.compile(r"\bpolicy\.(\w+)|\b([A-Za-z_]\w*)\b")


def pretty_condition(source: str, content: Content | None = None) -> str:
    """A guard as a reader sees it: '≥' for '>=', and with ``content`` each meter and policy by its
    name ('unrest >= 35 or loyalty <= 30' reads 'Unrest ≥ 35 or Elite loyalty ≤ 30')."""
    for plain, fancy in COMPARATORS:
        source = source.replace(plain, fancy)
    if content is None:
        return source

    def named(match: re.Match[str]) -> str:
        policy, word = match.group(1), match.group(2)
        if policy is not None:
            found = content.policies.get(policy)
            return found.name if found else match.group(0)
        meter = content.meters.get(word)
        if meter is None and word in _CONDITION_WORDS:
            return i18n._(_CONDITION_WORDS[word])
        return meter.name if meter else word

    return _NAME.sub(named, source)


def now_text(game: Game, transition: Transition) -> str:
    """Where the meters a guard reads stand now, by name and to one decimal (34.6 is short of 35,
    which a whole number would hide); a policy by its level's name."""
    content, state = game.content, game.state
    parts = [i18n._("{meter} {value}").format(meter=content.meters[m].name, value=i18n.number(state.meters[m], 1))
             for m in sorted(transition.when.meters) if m in content.meters and m in state.meters]
    for pid in sorted(transition.when.policies):
        policy = content.policies.get(pid)
        if policy is not None and pid in state.policies:
            parts.append(i18n._("{policy} {level}").format(policy=policy.name, level=policy.levels[state.policies[pid]].name))
    return ", ".join(parts)


def target_name(content: Content, transition: Transition) -> str:
    """Where a transition leads, in words: a phase's name or an ending's kind."""
    if transition.to:
        phase = content.phases.get(transition.to)
        return phase.name if phase else transition.to
    return outcome_with_kind(transition.outcome or "", transition.kind)


@frozen
class PressureView:
    """One road out of the current phase: where it leads, its guard in words, how near it is."""

    target: str
    ending: bool
    condition: str  # the whole guard as bars, a sentence that follows "if"
    now: str
    holds: bool
    met: int
    total: int
    streak: int
    hold: int
    gap: float | None = None  # meter points from holding, when it can be told (the calendar never counts)
    short_target: str = ""  # an ending's kind alone ("Elite split"), for narrow screens
    outcome: str = ""  # the ending it leads to ("collapse", "soft_landing", "survival"), "" for a phase
    road: str = ""  # which of the roads to the same place this is, when the content names it
    short_condition: str = ""  # the way nearest to holding alone, for narrow screens ("" : as ``condition``)
    left: str = ""  # for a road judged at the campaign's end, the seasons left ("4 seasons left")
    short_left: str = ""  # the same for 80 columns ("in 4 seasons")

    @property
    def summary(self) -> str:
        _ = i18n._
        if self.holds:
            if self.hold > 1:
                return _("held {streak} of {hold} seasons").format(streak=self.streak, hold=self.hold)
            return _("holds now")
        if self.left:
            far = (_("the bars hold") if self.gap == 0
                   else _("{points} short").format(points=points(self.gap)) if self.gap is not None else "")
            return _("{far}, {left}").format(far=far, left=self.left) if far else self.left
        if self.gap is not None:
            return _("{points} away").format(points=points(self.gap))
        if self.total > 1:
            return _("{met} of {total} conditions met").format(met=self.met, total=self.total)
        return _("not yet")

    @property
    def short_summary(self) -> str:
        """The summary in a few characters, for 80 columns."""
        _ = i18n._
        if self.holds:
            return _("held {streak}/{hold}").format(streak=self.streak, hold=self.hold) if self.hold > 1 else _("holds")
        if self.left:
            far = points(self.gap, short=True) if self.gap else ""  # the bars' shortfall; nothing while they hold
            return _("{far}, {left}").format(far=far, left=self.short_left) if far else self.short_left or self.left
        if self.gap is not None:
            return points(self.gap, short=True)
        return f"{self.met}/{self.total}" if self.total > 1 else _("not yet")

    @property
    def seasons_to_fire(self) -> int | None:
        """Seasons before it fires if its guard keeps holding (this one counted); None while it does not hold."""
        return max(1, self.hold - self.streak) if self.holds else None


def pressure_tone(view: PressureView, near: float) -> str:
    """The mark of a road: 'holds', 'near' or 'far', with 'collapse-' before it for a road to a
    collapse and 'good-' for the soft landing, so that only a fall is shown in red."""
    if view.holds:
        closeness = "holds"
    elif view.gap is not None and view.gap <= near:
        closeness = "near"
    else:
        return "far"
    if view.outcome == "collapse":
        return f"collapse-{closeness}"
    if view.outcome == "soft_landing":
        return f"good-{closeness}"
    return closeness


def pressure_views(game: Game, limit: int | None = None) -> list[PressureView]:
    """The roads out of the current phase as the regime panel shows them, nearest to firing first.

    A road that history has closed in this run (a part of its guard on a flag or a phase fails) is left
    out, and such parts are not spelled out where they hold: the panel speaks of what the player can
    move. Each guard reads as bars on the meters (see :mod:`game.views.roads`); a road judged at the
    campaign's end counts its distance in seasons left, never in points."""
    content, state = game.content, game.state
    ns = namespace(state)
    views = []
    for pressure in game.pressures():
        transition = pressure.transition
        terms = transition.when.terms
        world = [i for i, term in enumerate(terms) if term.of_history]
        if any(not pressure.terms[i][1] for i in world):
            continue
        shown = tuple(t for i, t in enumerate(terms) if i not in world) if world else (transition.when,)
        found = roads.ways(*shown)
        gaps = roads.way_gaps(found, ns, state.flags, state.policies)
        near = roads.nearest(gaps)
        at_end = any(way.at_end for way in found)

        def name(source: str) -> str:
            return pretty_condition(source, content)

        whole = roads.guard_text(found, name, transition.hold)
        short = whole
        if len(found) > 1:
            others = len(found) - 1
            short = i18n.ngettext("{way} (or {others} other way)", "{way} (or {others} other ways)", others).format(
                way=roads.guard_text(found[near:near + 1], name, transition.hold), others=others)
        views.append(PressureView(
            target=target_name(content, transition),
            ending=transition.outcome is not None,
            condition=whole,
            now=now_text(game, transition) or pressure.values,
            holds=pressure.holds,
            met=pressure.met,
            total=pressure.total,
            streak=pressure.streak,
            hold=transition.hold,
            gap=gaps[near] if at_end or pressure.gap is None else pressure.gap,
            short_target=capital(kind_name(transition.kind) if transition.kind else outcome_name(transition.outcome or "")),
            outcome=transition.outcome or "",
            road=transition.road,
            short_condition=short,
            left=roads.seasons_left(state.turns_left) if at_end else "",
            short_left=roads.seasons_left_short(state.turns_left) if at_end else "",
        ))
    # what will fire soonest first (a guard that holds, by the seasons it still needs), then the nearest
    # by meter points: under the pledge the landing's shorter road comes before the longer one
    views.sort(key=lambda v: (not v.holds, v.seasons_to_fire or 0, v.gap if v.gap is not None else 1000.0))
    return views[:limit]
