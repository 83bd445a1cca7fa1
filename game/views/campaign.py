"""The campaign so far, as the history screen, the ending, the report and the debriefs tell it: every
decision in order, the log of what happened, the decisions and turns that mattered most, and whether
the player went back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from attrs import frozen

from game import i18n
from game.views.words import OUTCOME_WORDS, capital, date_name, flowing, kind_name, moves_text, outcome_name

if TYPE_CHECKING:
    from game.api import Game
    from game.rules.model import Content, Dilemma, Option
    from game.rules.state import Decision


def hindsight(game: Game) -> str:
    """'Played with hindsight: went back N times, to the start of turns ...' for a run that went back
    (the ending, the report and a run code's replay say it alike); '' for a run played straight."""
    state = game.state
    count = state.rewinds
    if not count:
        return ""
    if len(state.went_back) == count:
        seasons = sorted(set(state.went_back))
        where = i18n.ngettext("to the start of turn {turns}", "to the start of turns {turns}", len(seasons)).format(
            turns=", ".join(map(str, seasons)))
        return i18n.ngettext("Played with hindsight: went back {count} time, {where}.",
                             "Played with hindsight: went back {count} times, {where}.", count).format(
            count=count, where=where)
    return i18n.ngettext("Played with hindsight: went back {count} time.",
                         "Played with hindsight: went back {count} times.", count).format(count=count)


def played_straight(game: Game) -> str:
    if game.state.one_life:
        return i18n._("Played straight: never went back (a one-life game).")
    return i18n._("Played straight: never went back.")


def turn_summary(game: Game, record_index: int = -1, limit: int = 4) -> list[tuple[str, float]]:
    """The biggest net movements of a completed turn, for the log."""
    history = game.state.history
    if not history:
        return []
    record = history[record_index]
    before = history[record_index - 1].meters if len(history) + record_index > 0 else game.state.start_meters
    moves = [(m, record.meters[m] - before[m]) for m in record.meters]
    moves.sort(key=lambda item: -abs(item[1]))
    return [(game.content.meters[m].name, d) for m, d in moves if abs(d) >= 0.5][:limit]


@frozen
class DecisionImpact:
    """One choice and how far it moved the meters, for the after-action report."""

    turn: int
    date: str
    dilemma: str  # the dilemma's title
    option: str
    total: float
    moves: tuple[tuple[str, float], ...]  # (meter name, delta), biggest first


def decision_impacts(game: Game, limit: int = 5) -> list[DecisionImpact]:
    """The decisions that moved the meters most: the sum of |delta| of their ``event:`` changes."""
    content = game.content
    found = []
    for record in game.state.history:
        by_cause: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for change in record.changes:
            if change.cause.startswith("event:"):
                by_cause[change.cause][change.meter] += change.delta
        for cause, moves in by_cause.items():
            dilemma_id, _, option_id = cause.removeprefix("event:").partition("/")
            dilemma = content.events.get(dilemma_id)
            option = next((o for o in dilemma.options if o.id == option_id), None) if dilemma else None
            ranked = sorted(moves.items(), key=lambda item: -abs(item[1]))
            found.append(DecisionImpact(
                turn=record.turn,
                date=date_name(record.date),
                dilemma=dilemma.title if dilemma else dilemma_id,
                option=option.label if option else option_id,
                total=sum(abs(d) for d in moves.values()),
                moves=tuple((content.meters[m].name, d) for m, d in ranked if abs(d) >= 0.5),
            ))
    found.sort(key=lambda d: (-d.total, d.turn))
    return found[:limit]


@frozen
class TimelineEntry:
    """One decision in the campaign's timeline."""

    turn: int
    date: str
    dilemma: str  # the dilemma's title
    option: str
    result: str


@frozen
class DecisionMade:
    """One answer of the campaign with the dilemma and option it names (None if the content lost them)."""

    turn: int
    date: str
    decision: Decision
    dilemma: Dilemma | None
    option: Option | None


def decisions_made(game: Game) -> list[DecisionMade]:
    """Every decision of the campaign, oldest first (this turn's included)."""
    content = game.content
    rows: list[tuple[int, str, Sequence[Decision]]] = [(r.turn, date_name(r.date), r.decisions) for r in game.state.history]
    if game.state.decisions and not game.over:
        rows.append((game.state.turn, date_name(game.state.date), game.state.decisions))
    found = []
    for turn, date, decisions in rows:
        for decision in decisions:
            dilemma = content.events.get(decision.event)
            option = next((o for o in dilemma.options if o.id == decision.option), None) if dilemma else None
            found.append(DecisionMade(turn, date, decision, dilemma, option))
    return found


def timeline(game: Game) -> list[TimelineEntry]:
    """Every decision of the campaign, oldest first (this turn's included)."""
    return [TimelineEntry(m.turn, m.date, m.dilemma.title if m.dilemma else m.decision.event,
                          m.option.label if m.option else m.decision.option, flowing(m.option.result) if m.option else "")
            for m in decisions_made(game)]


def turns_that_mattered(game: Game, limit: int = 5) -> list[tuple[int, str, str]]:
    """(turn, date, why) for every phase change and the turns with the largest swings of the meters."""
    history = game.state.history
    dates = {r.turn: date_name(r.date) for r in history}
    found: dict[int, str] = {}
    for change in game.state.transitions:
        found[change.turn] = change.reason
    swings = []
    previous = game.state.start_meters
    for record in history:
        moved = sum(abs(record.meters[m] - previous[m]) for m in record.meters)
        swings.append((moved, record))
        previous = record.meters
    swings.sort(key=lambda item: -item[0])
    for _moved, record in swings:
        if len(found) >= len(game.state.transitions) + limit:
            break
        if record.turn in found:
            continue
        names = moves_text(_record_moves(game, record.turn))
        choices = "; ".join(e.option for e in timeline(game) if e.turn == record.turn)
        found[record.turn] = (i18n._("The meters swung ({moves}) after: {choices}").format(moves=names, choices=choices)
                              if choices else i18n._("The meters swung ({moves})").format(moves=names))
    return [(turn, dates.get(turn, ""), why) for turn, why in sorted(found.items())]


def _record_moves(game: Game, turn: int) -> list[tuple[str, float]]:
    history = game.state.history
    index = next(i for i, r in enumerate(history) if r.turn == turn)
    return turn_summary(game, index - len(history), limit=3)


def phase_label(content: Content, phase: str) -> str:
    """A phase by its name; an ending the regime reached ("collapse:absorption") by its outcome and kind."""
    found = content.phases.get(phase)
    if found:
        return found.name
    outcome, _colon, kind = phase.partition(":")
    if outcome in OUTCOME_WORDS:
        label = capital(outcome_name(outcome))
        return i18n._("{outcome}: {kind}").format(outcome=label, kind=kind_name(kind)) if kind else label
    return phase.replace("_", " ").replace(":", ": ").capitalize()


def log_entries(game: Game) -> list[tuple[str, str]]:
    """(date, what happened) for the whole campaign, oldest first: choices, policy moves, phase changes."""
    content = game.content
    state = game.state
    moves_by_turn: dict[int, list[str]] = defaultdict(list)
    rows = [(r.turn, date_name(r.date), r.decisions, r.policy_changes) for r in state.history]
    if not game.over and (state.decisions or state.policy_changes):
        rows.append((state.turn, date_name(state.date), state.decisions, state.policy_changes))
    for turn, _, decisions, policy_changes in rows:
        for decision in decisions:
            dilemma = content.events.get(decision.event)
            option = next((o for o in dilemma.options if o.id == decision.option), None) if dilemma else None
            if dilemma and option:
                moves_by_turn[turn].append(i18n._("{dilemma}: {option}. {result}").format(
                    dilemma=dilemma.title, option=option.label, result=flowing(option.result)))
        for policy_id, level in policy_changes:
            policy = content.policies.get(policy_id)
            if policy:
                moves_by_turn[turn].append(i18n._("Policy: {policy} set to {level}.").format(
                    policy=policy.name, level=policy.levels[level].name))
    for change in state.transitions:
        moves_by_turn[change.turn].append(i18n._("The regime: {source} → {target}. {reason}.").format(
            source=phase_label(content, change.source), target=phase_label(content, change.target), reason=change.reason))
    # the rows name every date already (the history's win over the season in play, as they always have)
    dates = {turn: date for turn, date, _, _ in rows[len(state.history):]}
    dates.update((turn, date) for turn, date, _, _ in rows[:len(state.history)])
    return [(dates.get(turn, ""), text) for turn in sorted(moves_by_turn) for text in moves_by_turn[turn]]
