"""The after-action report of one run as one self-contained, printable HTML page."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from game.views import presenter
from game.views import report as parts
from game.views.grounding import essay_citation
from game.views.html import esc, line_chart, link, page, paragraphs
from game.views.texts import INVENTED, citation

if TYPE_CHECKING:
    from game.api import Game

SUMMARY_CHANGES = 6  # the last changes of phase the first page shows


def html(game: Game, run_code: str | None = None, when: datetime | None = None,
         comparison: parts.Comparison | None = None) -> str:
    """The whole report as an HTML document (every text from content, saves and codes escaped)."""
    state = game.state
    content = game.content
    ending = game.ending
    scenario = content.scenarios.get(state.scenario)
    body = ["<header>", "<h1>Soft Landing: after-action report</h1>",
            f'<p class="outcome {esc(state.outcome or "")}">{esc(parts.outcome_line(game))}</p>', '<dl class="meta">',
            f"<dt>Scenario</dt><dd>{esc(scenario.name if scenario else state.scenario)}</dd>",
            f"<dt>Seed</dt><dd>{esc(state.seed)}</dd>"]
    if state.deck:
        body.append(f"<dt>Class deck</dt><dd>{esc(state.deck)}</dd>")
    if when:
        body.append(f"<dt>Exported</dt><dd>{esc(f'{when:%Y-%m-%d %H:%M}')}</dd>")
    if run_code:
        body.append(f'<br><dt>Run code</dt><dd><span class="code">{esc(run_code)}</span> '
                    '(replay with <code>soft-landing replay CODE</code>)</dd>')
    body.append(f"<dt>Hindsight</dt><dd>{esc(parts.rewinds_line(game))}</dd>")
    body += ["</dl>", "</header>"]
    if comparison:
        body.append("<section><h2>The branch and the main line</h2><ul>")
        body += [f"<li>{esc(line)}</li>" for line in parts.comparison_lines(comparison)]
        body.append("</ul></section>")

    # the first page is the run's own summary: how it ended, the verdict, and the chain of causes
    body.append('<section class="summary"><h2>How the run ended, and why</h2>')
    if ending:
        body += [f"<h3>{esc(ending.title)}</h3>", paragraphs(ending.text)]
        if ending.quote:
            body.append(f"<blockquote>\u201c{esc(ending.quote)}\u201d ({esc(', '.join(ending.essay))})</blockquote>")
    body.append("<h3>The verdict on the essay</h3>")
    body += [f"<p>{esc(line)}</p>" for line in parts.run_verdict(game)]
    body.append("<h3>The chain of causes</h3>")
    if state.transitions:
        earlier = state.transitions[:-SUMMARY_CHANGES]
        body.append(f'<ol start="{len(earlier) + 1}">')
        for change in state.transitions[-SUMMARY_CHANGES:]:
            date = _date_of(game, change.turn)
            body.append(f"<li><b>Turn {esc(change.turn)}, {esc(date)}:</b> "
                        f"{esc(presenter.phase_label(content, change.source))} \u2192 "
                        f"{esc(presenter.phase_label(content, change.target))}. {esc(change.reason)}</li>")
        body.append("</ol>")
        if earlier:
            body.append(f"<p class=dim>The {len(earlier)} earlier changes of phase are among the turns that mattered, "
                        "on the next page.</p>")
    else:
        body.append("<p>The regime never changed phase.</p>")
    body.append("</section>")
    body.append('<section class="new-page"><h2>The turns that mattered</h2><ul>')
    body += [f"<li><b>Turn {esc(turn)}, {esc(date)}:</b> {esc(why)}</li>"
             for turn, date, why in presenter.turns_that_mattered(game)]
    body.append("</ul></section>")

    body.append("<section><h2>The country over the run</h2>")
    labels = parts.meter_labels(game)
    series = [(name, values) for name, values in parts.all_series(game).values()]
    body.append('<figure>' + line_chart(series, labels, title="The meters, 0 to 100") +
                "<figcaption>The meters at the start and at the end of every season, on the 0-100 scale.</figcaption></figure>")
    if content.indicators:
        seasons, values = parts.indicator_series(game)
        body.append('<div class="smalls">')
        for indicator in content.indicators:
            unit = f" ({indicator.unit})" if indicator.unit else ""
            body.append("<figure>" + line_chart([(indicator.name, values[indicator.id])], seasons, low=None, high=None,
                                                width=320, height=150, title=indicator.name + unit, legend=False)
                        + f"<figcaption>{esc(indicator.name + unit)}</figcaption></figure>")
        body.append("</div>")
    body.append("</section>")

    body.append("<section><h2>Every decision, beside what Pyongyang did</h2>")
    rows = parts.decision_rows(game)
    if rows:
        same, known = parts.history_agreement(game)
        if known:
            body.append(f"<p>You did what Pyongyang did in {same} of {known} decisions where the record is clear.</p>")
        body.append("<table><thead><tr><th>Turn</th><th>Dilemma</th><th>Your choice</th><th>What Pyongyang did</th></tr></thead><tbody>")
        for row in rows:
            if row.invented:
                did = f'<span class="invented">{esc(INVENTED)}</span>'
            elif row.history_option is None:
                did = '<span class="dim">not recorded</span>'
            elif row.as_history:
                did = f'<span class="same">the same</span>: {esc(row.history_option)}'
            else:
                did = f'<span class="differs">{esc(row.history_option)}</span>'
            result = f'<br><span class="dim">{esc(row.result)}</span>' if row.result else ""
            body.append(f"<tr><td class=num>{esc(row.turn)}<br><span class=dim>{esc(row.date)}</span></td>"
                        f"<td>{esc(row.dilemma)}{_invented(row.invented)}</td><td>{esc(row.option)}{result}</td><td>{did}</td></tr>")
        body.append("</tbody></table>")
    else:
        body.append("<p>No decision was taken.</p>")
    body.append("</section>")

    body.append('<section class="new-page"><h2>The essay and the history behind each dilemma</h2>')
    body.append(f"<p class=dim>Quotes from: {esc(citation())}</p>")
    for met in parts.dilemmas_met(game):
        dilemma = met.dilemma
        body.append(f'<article class="dilemma"><h3>{esc(dilemma.title)} <span class="dim">({esc(met.first_date)}, '
                    f"turn {esc(met.first_turn)})</span></h3>")
        if dilemma.invented:
            body.append(f'<p class="invented">{esc(INVENTED)}</p>')
        body.append("<p><b>You chose:</b> " + esc("; ".join(met.chosen)) +
                    (f" \u00b7 <b>Pyongyang:</b> {esc(met.history_option)}" if met.history_option else "") + "</p>")
        for pid, summary in met.paragraphs:
            body.append(f"<p><b>{esc(pid)}</b> {esc(summary) if summary else ''}</p>")
        body.append(f"<blockquote>\u201c{esc(dilemma.quote)}\u201d</blockquote><p class=dim>{esc(essay_citation(dilemma.essay))}</p>")
        body.append(f"<p><b>History:</b> {esc(' '.join(dilemma.history.split()))}</p>")
        if dilemma.sources:
            body.append('<p class="sources"><b>Sources:</b> ' + " \u00b7 ".join(link(u) for u in dilemma.sources) + "</p>")
        body.append("</article>")
    body.append("</section>")

    body.append("<section><h2>Questions for discussion</h2><ol>")
    body += [f'<li class="prompt">{esc(q)}</li>' for q in parts.discussion_questions(game)]
    body.append("</ol></section>")

    terms = parts.glossary_used(game)
    if terms:
        body.append("<section><h2>Words used in this run</h2><dl>")
        body += [f"<dt><b>{esc(t.term)}</b></dt><dd>{esc(' '.join(t.definition.split()))}</dd>" for t in terms]
        body.append("</dl></section>")
    body.append(f"<footer>Source: {esc(citation())}</footer>")
    return page("Soft Landing: after-action report", body)


def _invented(invented: bool) -> str:
    return f' <span class="invented">{esc(INVENTED)}</span>' if invented else ""


def _date_of(game: Game, turn: int) -> str:
    for record in game.state.history:
        if record.turn == turn:
            return str(record.date)
    return str(game.date)
