"""Turning points in words: the blocks of the report's and the class debrief's sections on the odds.

The odds are worked out in :mod:`game.sim.turning`; this module says them for a student: which
decision, the odds before it and after the choice, the other options, how many played-out games
each number rests on and who played them. Only a finished run has them: the game never tells the
odds while it is played. Pure: no textual, no rich.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from game import i18n
from game.i18n import N_, _, ngettext, number, percent
from game.rules.model import OUTCOMES
from game.sim import turning
from game.views.document import Block, Items, Line, Paragraph, b, line

if TYPE_CHECKING:
    from game.api import Game
    from game.rules.model import Content
    from game.views.class_debrief import Debrief, Split

OUTCOME_WORDS = {"survival": N_("survival"), "soft_landing": N_("soft landing"), "collapse": N_("collapse")}
#: the continuation players in plain words, by name
PLAYER_WORDS = {
    "random": N_("a simulated player who takes any answer at random and now and then moves a policy at random"),
}
#: played-out games an option for each dilemma the class split on, over all the students who met it
CLASS_ROLLOUTS = 64


_LATER: ContextVar[bool] = ContextVar("turning_points_later", default=False)


@contextmanager
def later() -> Iterator[None]:
    """Within it, a report whose turning points are not worked out yet says they are coming rather than
    working them out: a screen shows the rest of the report at once and works them out apart."""
    token = _LATER.set(True)
    try:
        yield
    finally:
        _LATER.reset(token)


def player_words(name: str) -> str:
    """Who played the rollouts, as a student reads it."""
    return _(PLAYER_WORDS[name]) if name in PLAYER_WORDS else _("the simulated player “{name}”").format(name=name)


def margin(runs: int) -> int:
    """Points either way a share of ``runs`` games is good to (95%, at its widest, a share of one half)."""
    return round(100 * 1.96 * math.sqrt(0.25 / max(1, runs)))


def _option(dilemma_id: str, option_id: str, content: Content) -> str:
    event = content.events.get(dilemma_id)
    option = next((o for o in event.options if o.id == option_id), None) if event else None
    return option.label if option else option_id


def report_blocks(game: Game) -> tuple[Block, ...] | None:
    """The report's turning points, or None while the game is played (or when no decision had a choice)."""
    if not game.over:
        return None
    if _LATER.get() and turning.kept(game) is None:
        return (Paragraph(line(_("Working out the odds: every option of every decision is being played out again…")),
                          "dim"),)
    found = turning.cached_turning_points(game)
    if not found.points:
        return None
    who = player_words(found.player)
    said = Paragraph(line(_(
        "The decisions that changed your odds most. At each one, the game went back to the moment before you chose "
        "and played every option out to the end of the campaign many times, with fresh dice each time; every later "
        "decision was taken by {player}. The odds are the share of those games that ended each way; the odds before "
        "are those of that same player making this decision too.").format(player=who)))
    shown = tuple(_point_line(game, point) for point in found.points)
    rests = Paragraph(line(_(
        "Each percentage rests on {rollouts} played-out games an option, so it is good to about {margin} points either "
        "way. Every decision of the run was first tried with {screen} games an option, and those that moved the odds "
        "most were played out in full: {played} games in all. Another player taking the later decisions would "
        "give other odds.").format(rollouts=found.rollouts, margin=margin(found.rollouts), screen=found.screen,
                                   played=number(found.played))), "dim")
    return (said, Items(shown, ordered=True), rests)


def _point_line(game: Game, point: turning.TurningPoint) -> Line:
    content = game.content
    event = content.events.get(point.dilemma)
    outcome = point.outcome
    at = OUTCOMES.index(outcome)
    others = ", ".join(_("{option} {odds}").format(option=f"“{_option(point.dilemma, o.option, content)}”",
                                                   odds=percent(o.share(outcome))) for o in point.others)
    told = _("Your choice, {option}: {outcome} {before} → {after}; the other options: {others}.").format(
        option=f"“{_option(point.dilemma, point.chosen, content)}”", outcome=_(OUTCOME_WORDS[outcome]),
        before=percent(point.before[at]), after=percent(point.choice.share(outcome)), others=others)
    title = event.title if event else point.dilemma
    when = i18n.date_text(point.date.year, point.date.quarter)
    return line(b(_("Turn {turn} ({date}), {dilemma}:").format(turn=point.turn, date=when, dilemma=title)), " ", told)


# --- the class debrief -------------------------------------------------------------------------------

def class_blocks(debrief: Debrief) -> tuple[Block, ...] | None:
    """The odds at each dilemma the class split on, from every finished run's own moment of choice (a run
    still in play is left out: the game never tells the odds while it is played). Within :func:`later`,
    only if they are worked out already (the live class's page is rebuilt as the students play)."""
    games = [entry.game for entry in debrief.entries if entry.game.over]
    if not games or (_LATER.get() and not all(turning.kept_class(games, s.dilemma_id, CLASS_ROLLOUTS)
                                              for s in debrief.contested)):
        return None
    cards: list[Line] = []
    player, rests = turning.PLAYER, 0
    for split in debrief.contested:
        odds = turning.cached_class_odds(games, split.dilemma_id, CLASS_ROLLOUTS)
        if odds is None:
            continue
        player, rests = odds.player, max(rests, odds.rollouts)
        cards.append(_split_line(debrief, split, odds))
    if not cards:
        return None
    said = Paragraph(line(_(
        "For each dilemma the class split on: the odds of each ending before the students chose, and after each "
        "option. Every option was played out to the end of the campaign from each student's own moment of choice, "
        "with fresh dice each time; every later decision was taken by {player}. The odds are the share of those "
        "games that ended each way.").format(player=player_words(player))))
    rest = _("Each percentage rests on about {rollouts} played-out games an option, so it is good to about {margin} "
             "points either way.").format(rollouts=rests, margin=margin(rests))
    playing = len(debrief.entries) - len(games)
    left_out = ngettext("One run still in play is left out: the game never tells the odds while it is played.",
                        "{count} runs still in play are left out: the game never tells the odds while it is played.",
                        playing).format(count=playing) if playing else None
    note = Paragraph(line(rest, " " if left_out else None, left_out), "dim")
    return (said, Items(tuple(cards)), note)


def _split_line(debrief: Debrief, split: Split, odds: turning.ClassOdds) -> Line:
    # the outcome the options part most on
    outcome = max(OUTCOMES, key=lambda o: (_spread(odds.options, o), -OUTCOMES.index(o)))
    chose = {g.option_id: len(g.students) for g in split.groups}
    content = debrief.entries[0].game.content
    after = ", ".join(_("{option} {odds} (chosen by {students})").format(
        option=f"“{_option(split.dilemma_id, o.option, content)}”", odds=percent(o.share(outcome)),
        students=chose.get(o.option, 0)) for o in odds.options)
    told = _("before they chose, {outcome} {before}; after {after}.").format(
        outcome=_(OUTCOME_WORDS[outcome]), before=percent(odds.before[OUTCOMES.index(outcome)]), after=after)
    return line(b(f"{split.title}:"), " ", told)


def _spread(options: Sequence[turning.OptionOdds], outcome: str) -> float:
    shares = [o.share(outcome) for o in options]
    return max(shares) - min(shares) if shares else 0.0
