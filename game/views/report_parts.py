"""The parts of the after-action report, worked out from a finished run: what the report says.

How the run ended and why (the regime's chain of phase changes with their checkable reasons), the
turns that mattered, the series behind the charts, every decision beside what Pyongyang did, the
dilemmas met with the essay and the history behind them, a verdict on the essay's thesis specific
to the run, discussion questions tied to its dilemmas, the glossary terms it used, whether the
player went back, and for a branch where it left the main line and how the two compare. The
sections that show them are put together in :mod:`game.views.report_sections`. Pure: no textual, no rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from attrs import evolve, frozen

from game.rules.model import Date, Dilemma, Term
from game.i18n import _, number
from game.views import presenter
from game.views.presenter import date_name
from game.views.grounding import terms_in

if TYPE_CHECKING:
    from game.api import Game

DIVERGED = 5.0  # meters that end this far apart (on the 0-100 scale) are said to have diverged


@frozen
class Comparison:
    """A branch beside the main line it left: where it left, and how each stands now."""

    turn: int  # the season in which the two lines part
    date: str
    main_outcome: str  # outcome_line of each line
    branch_outcome: str
    main_ending: str | None  # the ending's title, if the line has ended
    branch_ending: str | None
    diverged: tuple[tuple[str, float, float], ...]  # (meter name, main, branch), widest gap first
    at_turn: int | None = None  # the meters are compared after this turn; None: where each line stands


def _meters_after(game: Game, turns: int) -> dict[str, float]:
    """The meters after ``turns`` completed turns (where the game stands if it has not played so many)."""
    history = game.state.history
    return dict(history[turns - 1].meters) if 0 < turns <= len(history) else dict(game.state.meters)


def compare(main: Game, branch: Game) -> Comparison:
    """Compare a branch with its main line: the season where their moves part, and the meters that
    stand at least ``DIVERGED`` apart. Two finished lines are compared at their ends; otherwise at
    the last turn both have completed, so that a line left early is not set against a whole campaign."""
    a, b = main.state, branch.state
    shared = 0
    for x, y in zip(a.moves, b.moves):
        if x != y:
            break
        shared += 1
    turn = 1 + sum(move == "end" for move in a.moves[:shared])
    dates = [r.date for r in a.history if r.turn == turn] + [r.date for r in b.history if r.turn == turn]
    date = date_name(dates[0]) if dates else date_name(branch.date)
    at_turn = None if a.over and b.over else min(len(a.history), len(b.history)) or None
    main_meters = _meters_after(main, at_turn) if at_turn else dict(a.meters)
    branch_meters = _meters_after(branch, at_turn) if at_turn else dict(b.meters)
    gaps = [(m.name, main_meters[m.id], branch_meters[m.id]) for m in main.content.meters.values()
            if abs(main_meters[m.id] - branch_meters[m.id]) >= DIVERGED]
    gaps.sort(key=lambda g: -abs(g[1] - g[2]))
    return Comparison(turn, date, outcome_line(main), outcome_line(branch),
                      main.ending.title if main.ending else None, branch.ending.title if branch.ending else None,
                      tuple(gaps), at_turn)


def rewinds_line(game: Game) -> str:
    """Whether the player played straight or with hindsight, as the report says it."""
    return presenter.hindsight(game) or presenter.played_straight(game)


def comparison_lines(comparison: Comparison) -> list[str]:
    """The comparison in plain sentences, for the screen and the Markdown report alike."""
    def ended(outcome: str, ending: str | None) -> str:
        return _("{outcome}, {ending}").format(outcome=outcome, ending=ending) if ending else outcome

    lines = [_("This run is a branch: it left the main line in turn {turn} ({date}).").format(
                 turn=comparison.turn, date=comparison.date),
             _("Main line: {outcome}").format(outcome=ended(comparison.main_outcome, comparison.main_ending)),
             _("Branch: {outcome}").format(outcome=ended(comparison.branch_outcome, comparison.branch_ending))]
    moved = ", ".join(_("{meter} {main} -> {branch}").format(meter=name, main=number(main), branch=number(branch))
                      for name, main, branch in comparison.diverged)
    if comparison.diverged and comparison.at_turn:
        lines.append(_("The meters that diverged by the end of turn {turn} (main line -> branch): {meters}").format(
            turn=comparison.at_turn, meters=moved))
    elif comparison.diverged:
        lines.append(_("The meters that diverged by the end (main line -> branch): {meters}").format(meters=moved))
    elif comparison.at_turn:
        lines.append(_("No meter stood more than {points} points apart by the end of turn {turn}.").format(
            points=number(DIVERGED), turn=comparison.at_turn))
    else:
        lines.append(_("No meter stood more than {points} points apart by the end.").format(points=number(DIVERGED)))
    return lines


def outcome_line(game: Game) -> str:
    state = game.state
    return _("{outcome} in {date}, turn {turn} of {last}").format(
        outcome=presenter.outcome_with_kind(state.outcome, state.collapse_kind), date=date_name(game.date),
        turn=state.turn, last=state.last_turn)


def all_series(game: Game) -> dict[str, tuple[str, Sequence[float]]]:
    return {m.id: (m.name, presenter.meter_series(game, m.id)) for m in game.content.meters.values()}


# --- the parts of the report ---------------------------------------------------------------------

@frozen
class DecisionRow:
    """One decision of the run beside what Pyongyang did on the same dilemma."""

    turn: int
    date: str
    dilemma_id: str
    dilemma: str
    option_id: str
    option: str
    result: str
    history_option: str | None  # the label of the option closest to what Pyongyang did, if known
    invented: bool = False  # a dilemma of a world that never was (texts.INVENTED)

    @property
    def as_history(self) -> bool | None:
        """True when the player did what Pyongyang did (None when the content does not say)."""
        return None if self.history_option is None else self.option == self.history_option


@frozen
class DilemmaMet:
    """A dilemma met in the run, with the essay and the history behind it."""

    dilemma: Dilemma
    first_turn: int
    first_date: str
    chosen: tuple[str, ...]  # labels of the options chosen, in order
    paragraphs: tuple[tuple[str, str], ...]  # (paragraph id, its summary or "")
    history_option: str | None  # the label of what Pyongyang did


def option_label(dilemma: Dilemma | None, option_id: str | None) -> str | None:
    if dilemma is None or option_id is None:
        return None
    option = next((o for o in dilemma.options if o.id == option_id), None)
    return option.label if option else None


def decision_rows(game: Game) -> list[DecisionRow]:
    """Every decision of the run, oldest first, beside what Pyongyang did."""
    rows = []
    for made in presenter.decisions_made(game):
        dilemma, option, decision = made.dilemma, made.option, made.decision
        rows.append(DecisionRow(
            made.turn, made.date, decision.event, dilemma.title if dilemma else decision.event, decision.option,
            option.label if option else decision.option, option.result if option else "",
            option_label(dilemma, dilemma.history_option if dilemma else None), bool(dilemma and dilemma.invented)))
    return rows


def dilemmas_met(game: Game) -> list[DilemmaMet]:
    """The dilemmas answered in the run, once each, in the order first met, with their grounding."""
    found: dict[str, DilemmaMet] = {}
    chosen: dict[str, list[str]] = {}
    for row in decision_rows(game):
        dilemma = game.content.events.get(row.dilemma_id)
        if dilemma is None:
            continue
        chosen.setdefault(dilemma.id, []).append(row.option)
        if dilemma.id not in found:
            summaries = tuple((pid, p.summary if (p := game.content.paragraphs.get(pid)) else "") for pid in dilemma.essay)
            found[dilemma.id] = DilemmaMet(dilemma, row.turn, row.date, (), summaries,
                                         option_label(dilemma, dilemma.history_option))
    return [evolve(d, chosen=tuple(chosen[d.dilemma.id])) for d in found.values()]


def dilemmas_drawn(game: Game) -> list[Dilemma]:
    """The dilemmas answered in the run, once each, in the order first met."""
    return [d.dilemma for d in dilemmas_met(game)]


def glossary_used(game: Game) -> list[Term]:
    """The glossary's terms that the run's texts use (its dilemmas, their options and history, the
    ending), in alphabetical order."""
    texts = []
    for met in dilemmas_met(game):
        dilemma = met.dilemma
        texts += [dilemma.title, dilemma.text, dilemma.quote_translation or dilemma.quote, dilemma.history]
        texts += [part for o in dilemma.options for part in (o.label, o.result)]
    ending = game.ending
    if ending is not None:
        texts += [ending.title, ending.text, ending.verdict, ending.quote_translation or ending.quote]
    return sorted(terms_in(game.content.glossary, *texts), key=lambda t: t.term.lower())


def history_agreement(game: Game) -> tuple[int, int]:
    """(decisions that matched what Pyongyang did, decisions whose dilemma says what it did)."""
    known = [row for row in decision_rows(game) if row.as_history is not None]
    return sum(bool(row.as_history) for row in known), len(known)


def run_verdict(game: Game) -> list[str]:
    """A verdict on the essay's thesis specific to this run: the ending's own, then what this run
    adds: how and when it ended, the regime's last move, how far it followed Pyongyang, and the
    decision that moved the country most."""
    state = game.state
    lines = []
    ending = game.ending
    if ending is not None:
        lines.append(ending.verdict.strip())
    outcome = state.outcome
    when, turn, last_turn = date_name(game.date), state.turn, state.last_turn
    if outcome is None:
        lines.append(_("This run stops in {date}, turn {turn} of {last}, before any ending: its verdict is still open.")
                     .format(date=when, turn=turn, last=last_turn))
    elif outcome == "soft_landing":
        lines.append(_("This run reached the soft landing in {date}, the ending the essay calls an illusion: look at the "
                       "turns that made it possible, and ask whether a real leadership could have taken them.")
                     .format(date=when))
    elif outcome == "collapse":
        kind = presenter.kind_name(state.collapse_kind) if state.collapse_kind else presenter.outcome_name("collapse")
        lines.append(_("This run collapsed ({kind}) in {date}, turn {turn} of {last}: the hard landing the essay expects "
                       "once control slips.").format(kind=kind, date=when, turn=turn, last=last_turn))
    else:
        lines.append(_("This run survived to {date}, as the essay expects of a leadership that does not reform.")
                     .format(date=when))
    if state.transitions:
        last = state.transitions[-1]
        lines.append(_("The regime's last move came on turn {turn}: {reason}.").format(
            turn=last.turn, reason=last.reason.rstrip(".")))
    same, known = history_agreement(game)
    if known:
        share = same / known
        said = (_("You did what Pyongyang did in {same} of {known} decisions where the record is clear: a run close to history.")
                if share >= 0.7 else
                _("You did what Pyongyang did in {same} of {known} decisions where the record is clear: a run mostly "
                  "against history.") if share <= 0.3 else
                _("You did what Pyongyang did in {same} of {known} decisions where the record is clear: a run partly "
                  "with history."))
        lines.append(said.format(same=same, known=known))
    impacts = presenter.decision_impacts(game, limit=1)
    if impacts:
        top = impacts[0]
        lines.append(_("The decision that moved the country most: turn {turn}, {dilemma}: {option} ({moves}).").format(
            turn=top.turn, dilemma=top.dilemma, option=top.option, moves=presenter.moves_text(top.moves[:3])))
    return lines


def discussion_questions(game: Game, limit: int = 6) -> list[str]:
    """Questions tied to the dilemmas this run met: first where the player went against Pyongyang,
    then where they did as it did, each naming the essay's paragraphs behind it; then the ending."""
    rows = decision_rows(game)
    against = [r for r in rows if r.as_history is False]
    along = [r for r in rows if r.as_history]
    questions: list[str] = []
    seen: set[str] = set()
    for row in against + along:
        if row.dilemma_id in seen or len(questions) >= limit:
            continue
        seen.add(row.dilemma_id)
        cited = ", ".join(game.content.events[row.dilemma_id].essay)
        if row.as_history:
            questions.append(_("{dilemma} ({date}): you chose \"{option}\", as Pyongyang did. Did it work in your run the "
                               "way the essay ({paragraphs}) says it worked in history?").format(
                dilemma=row.dilemma, date=row.date, option=row.option, paragraphs=cited))
        else:
            questions.append(_("{dilemma} ({date}): you chose \"{option}\"; Pyongyang chose \"{history}\". What did the "
                               "real leadership fear, according to the essay ({paragraphs}), and did your run bear that "
                               "fear out?").format(dilemma=row.dilemma, date=row.date, option=row.option,
                                                   history=row.history_option, paragraphs=cited))
    for met in dilemmas_met(game):
        if len(questions) >= 3:
            break
        if met.dilemma.id in seen:
            continue
        seen.add(met.dilemma.id)
        questions.append(_("{dilemma} ({date}): you chose \"{option}\". Which paragraph of the essay ({paragraphs}) "
                           "best explains what happened next?").format(
            dilemma=met.dilemma.title, date=met.first_date, option=met.chosen[0], paragraphs=", ".join(met.dilemma.essay)))
    ending = game.ending
    if ending is not None:
        questions.append(_("Your run ended as \"{ending}\". What would have had to be different for another ending, "
                           "and does the essay think a real leadership could have done it?").format(ending=ending.title))
    return questions


def indicator_series(game: Game) -> tuple[list[str], dict[str, list[float]]]:
    """The seasons of the run (its start, then every turn played) and each indicator's value then,
    read from the game's season starts (the indicators read flags and policies the history does not keep)."""
    state = game.state
    starts = list(game.seasons)  # the start, then the state after each season's end but a last one
    labels = [date_name(starts[0].date)] + [date_name(r.date) for r in state.history]
    values: dict[str, list[float]] = {i.id: [] for i in game.content.indicators}
    for season in starts + [state] if state.over else starts:
        for ident, value in game.indicators(season).items():
            values[ident].append(value)
    return labels, values


def meter_labels(game: Game) -> list[str]:
    """The seasons of the meter series: the start, then the end of each turn played (and now)."""
    state = game.state
    start = Date.from_index(state.date.index - state.turn + 1)
    labels = [date_name(start)] + [date_name(r.date) for r in state.history]
    if game.content.meters:
        series = presenter.meter_series(game, next(iter(game.content.meters)))
        if len(series) > len(labels):
            labels.append(date_name(state.date))
    return labels
