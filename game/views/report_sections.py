"""The after-action report as one document: its sections, each written once, in the order read.

:func:`document` builds the :class:`~game.views.document.Document` that the Markdown file, the
printable page and the report screen all render. Each section is a function of the run that returns
its :class:`~game.views.document.Section` (or None when the run has nothing to say there); adding a
section is one function and one line in :data:`SECTIONS`. The first printed page is the run's own
summary (how it ended, the verdict, the last changes of phase); the second page starts with the
turns that mattered, the essay on a page of its own. Pure: no textual, no rich.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from attrs import frozen

from game.views import presenter
from game.views import report_parts as parts
from game.views.document import (
    Chart,
    Column,
    Document,
    Fact,
    Facts,
    Items,
    Line,
    Paragraph,
    Quote,
    Section,
    Series,
    SmallCharts,
    Span,
    Table,
    b,
    dim,
    line,
)
from game.i18n import N_, _, ngettext
from game.views.grounding import essay_citation
from game.views.presenter import date_name
from game.views.texts import INVENTED, citation

if TYPE_CHECKING:
    from game.api import Game

TITLE = N_("Soft Landing: after-action report")
SUMMARY_CHANGES = 6  # the last changes of phase the first page shows


@frozen
class Run:
    """What a section may need beside the game: the run code, when it was exported, the comparison."""

    game: Game
    run_code: str | None = None
    when: datetime | None = None
    comparison: parts.Comparison | None = None


def document(game: Game, run_code: str | None = None, when: datetime | None = None,
             comparison: parts.Comparison | None = None) -> Document:
    """The whole report of a run, as data."""
    run = Run(game, run_code, when, comparison)
    sections = tuple(s for build in SECTIONS if (s := build(run)) is not None)
    return Document(_(TITLE), _head(run), sections, _("Source: {citation}").format(citation=citation()))


def quote(text: str, translation: str, *after: str) -> Quote:
    """The essay's words as written (in English), and their translation beside them where the content has one."""
    return Quote(line(Span(text, "quoted"), *after, " " if translation else None,
                      dim(_("(our translation: {translation})").format(translation=translation)) if translation else None))


def _head(run: Run) -> tuple[Paragraph, Facts]:
    game, state = run.game, run.game.state
    scenario = game.content.scenarios.get(state.scenario)
    facts = [Fact(_("Scenario"), line(scenario.name if scenario else state.scenario)), Fact(_("Seed"), line(str(state.seed)))]
    if state.deck:
        facts.append(Fact(_("Class deck"), line(str(state.deck))))
    if run.when:
        facts.append(Fact(_("Exported"), line(f"{run.when:%Y-%m-%d %H:%M}")))
    if run.run_code:
        before, _code, after = _("(replay with {command})").partition("{command}")
        facts.append(Fact(_("Run code"), line(Span(run.run_code, "code"), " " + before,
                                              Span("soft-landing replay CODE", "code"), after), own_line=True))
    facts.append(Fact(_("Hindsight"), line(parts.rewinds_line(game))))
    outcome = Paragraph(line(parts.outcome_line(game)), f"outcome {state.outcome or ''}".strip())
    return outcome, Facts(tuple(facts), inline=True)


def branch(run: Run) -> Section | None:
    if run.comparison is None:
        return None
    return Section(line(_("The branch and the main line")),
                   (Items(tuple(line(text) for text in parts.comparison_lines(run.comparison))),), key="branch")


def summary(run: Run) -> Section:
    """The first page: how the run ended, the verdict on the essay, and the last changes of phase."""
    game, ending = run.game, run.game.ending
    found: list[Paragraph | Items | Quote | Section] = []
    if ending:
        told: list[Paragraph | Quote] = [Paragraph(line(" ".join(p.split()))) for p in ending.text.strip().split("\n\n") if p.strip()]
        if ending.quote:
            told.append(quote(ending.quote, ending.quote_translation, f" ({', '.join(ending.essay)})"))
        found.append(Section(line(ending.title), tuple(told)))
    found.append(Section(line(_("The verdict on the essay")), tuple(Paragraph(line(v)) for v in parts.run_verdict(game))))
    found.append(Section(line(_("The chain of causes")), _chain(game)))
    return Section(line(_("How the run ended, and why")), tuple(found), "summary", "ending")


def _chain(game: Game) -> tuple[Items | Paragraph, ...]:
    changes = game.state.transitions
    if not changes:
        return (Paragraph(line(_("The regime never changed phase."))),)
    earlier = changes[:-SUMMARY_CHANGES]
    dates = {r.turn: date_name(r.date) for r in game.state.history}
    label = presenter.phase_label
    shown = tuple(line(b(_turn(c.turn, dates.get(c.turn, date_name(game.date)))),
                       " " + _("{source} \u2192 {target}. {reason}").format(
                           source=label(game.content, c.source), target=label(game.content, c.target), reason=c.reason))
                  for c in changes[-SUMMARY_CHANGES:])
    chain: tuple[Items | Paragraph, ...] = (Items(shown, ordered=True, start=len(earlier) + 1),)
    if earlier:
        chain += (Paragraph(line(ngettext("The {count} earlier change of phase is among the turns that mattered, below.",
                                          "The {count} earlier changes of phase are among the turns that mattered, below.",
                                          len(earlier)).format(count=len(earlier))), "dim"),)
    return chain


def _turn(turn: int, date: str) -> str:
    """'Turn 4, Spring 2003:', the head of a line about a turn."""
    return _("Turn {turn}, {date}:").format(turn=turn, date=date)


def turns(run: Run) -> Section:
    shown = tuple(line(b(_turn(turn, date)), f" {why}") for turn, date, why in presenter.turns_that_mattered(run.game))
    return Section(line(_("The turns that mattered")), (Items(shown),), "new-page", "turns")


def impacts(run: Run) -> Section:
    rows = tuple((line(str(d.turn), Span(d.date, "note")), line(d.dilemma), line(d.option),
                  line(presenter.moves_text(d.moves)))
                 for d in presenter.decision_impacts(run.game))
    table = Table((Column(_("Turn"), num=True), Column(_("Dilemma")), Column(_("Choice")), Column(_("Moved"))), rows)
    shown = table if rows else Paragraph(line(_("No decision moved the meters.")))
    return Section(line(_("The decisions that moved the meters most")), (shown,), key="impacts")


def turning(run: Run) -> Section | None:
    """The three decisions that moved the run's odds most, each option played out from the moment before it
    (only once the run is over: the game never tells the odds in play)."""
    from game.i18n import _
    from game.views.turning_points import report_blocks
    blocks = report_blocks(run.game)
    return Section(line(_("The turning points")), blocks, key="turning") if blocks else None


def country(run: Run) -> Section:
    """The meters on one chart, then every indicator on a small one of its own scale."""
    game = run.game
    meters = Chart(_("The meters, 0 to 100"), tuple(parts.meter_labels(game)),
                   tuple(Series(name, tuple(values)) for name, values in parts.all_series(game).values()),
                   _("The meters at the start and at the end of every season, on the 0-100 scale."))
    found: tuple[Chart | SmallCharts, ...] = (meters,)
    if game.content.indicators:
        seasons, values = parts.indicator_series(game)
        smalls = []
        for indicator in game.content.indicators:
            name = _("{name} ({unit})").format(name=indicator.name, unit=indicator.unit) if indicator.unit else indicator.name
            smalls.append(Chart(name, tuple(seasons), (Series(indicator.name, tuple(values[indicator.id])),), name,
                                low=None, high=None))
        found += (SmallCharts(tuple(smalls)),)
    return Section(line(_("The country over the run")), found, key="charts")


def decisions(run: Run) -> Section:
    rows = parts.decision_rows(run.game)
    title = line(_("Every decision, beside what Pyongyang did"))
    if not rows:
        return Section(title, (Paragraph(line(_("No decision was taken."))),), key="decisions")
    same, known = parts.history_agreement(run.game)
    said = (Paragraph(line(_("You did what Pyongyang did in {same} of {known} decisions where the record is clear.").format(
        same=same, known=known))),)
    table = Table((Column(_("Turn"), num=True), Column(_("Dilemma")), Column(_("Your choice")),
                   Column(_("What Pyongyang did"))),
                  tuple((line(str(r.turn), Span(r.date, "note")), _marked(r.dilemma, r.invented),
                         line(r.option, Span(r.result, "note") if r.result else None), _did(r)) for r in rows))
    return Section(title, (*(said if known else ()), table), key="decisions")


def _marked(title: str, invented: bool) -> Line:
    return line(title, " " if invented else None, Span(_(INVENTED), "invented") if invented else None)


def _did(row: parts.DecisionRow) -> Line:
    if row.invented:
        return line(Span(_(INVENTED), "invented"))
    if row.history_option is None:
        return line(dim(_("not recorded")))
    if row.as_history:
        return line(Span(_("the same"), "same"), f": {row.history_option}")
    return line(Span(row.history_option, "differs"))


def essay(run: Run) -> Section:
    """Each dilemma met, with the essay's paragraphs and words behind it and what happened in history."""
    found: list[Paragraph | Section] = [
        Paragraph(line(_("Each dilemma met in this run, with the paragraph of the essay it rests on and the history "
                         "behind it."))),
        Paragraph(line(_("Quotes from: {citation}").format(citation=citation())), "dim")]
    for met in parts.dilemmas_met(run.game):
        dilemma = met.dilemma
        told: list[Paragraph | Facts | Quote] = []
        if dilemma.invented:
            told.append(Paragraph(line(Span(_(INVENTED), "invented"))))
        told.append(Paragraph(line(b(_("You chose:")), " " + "; ".join(met.chosen),
                                   *((" \u00b7 ", b(_("Pyongyang:")), f" {met.history_option}") if met.history_option else ()))))
        told.append(Facts(tuple(Fact(pid, line(" ".join(summary.split()))) for pid, summary in met.paragraphs)))
        told += [quote(dilemma.quote, dilemma.quote_translation), Paragraph(line(essay_citation(dilemma.essay)), "dim"),
                 Paragraph(line(b(_("History:")), " " + dilemma.history.strip()))]
        if dilemma.sources:
            links: list[str | Span] = []
            for url in dilemma.sources:
                links += [" \u00b7 " if links else " ", Span(url, "link")]
            told.append(Paragraph(line(b(_("Sources:")), *links), "sources"))
        found.append(Section(line(dilemma.title, " ", dim(_("({date}, turn {turn})").format(date=met.first_date,
                                                                                             turn=met.first_turn))),
                             tuple(told), "dilemma"))
    return Section(line(_("The essay in this run")), tuple(found), "new-page", "essay")


def questions(run: Run) -> Section:
    asked = tuple(line(q) for q in parts.discussion_questions(run.game))
    return Section(line(_("Questions for discussion")), (Items(asked, ordered=True, style="prompt"),), key="questions")


def words(run: Run) -> Section | None:
    terms = parts.glossary_used(run.game)
    if not terms:
        return None
    return Section(line(_("Words used in this run")),
                   (Facts(tuple(Fact(t.term, line(" ".join(t.definition.split()))) for t in terms)),), key="words")


#: the report's sections in the order read: a new section is a function of the run, added here
SECTIONS: tuple[Callable[[Run], Section | None], ...] = (
    branch, summary, turns, impacts, turning, country, decisions, essay, questions, words)
