"""The class debrief: a class's runs side by side, as printable HTML and as Markdown.

The first two A4 pages are the handout and stand alone: how the class ended and every student's run
of one meter on the first; the three dilemmas the class split on most, each with what Pyongyang did
and the essay's words, and the discussion prompts on the second. The rest is an appendix for the
teacher: the decisions that most separated the runs, the roster, and every dilemma the class met.
The numbers are worked out once in :mod:`game.views.class_debrief`. Pure: no textual, no rich.
"""

from __future__ import annotations

from game.views.class_debrief import (
    MIN_GROUP,
    OUTCOME_NAMES,
    Debrief,
    Group,
    Separator,
    Split,
    build,
    group_line,
    plural,
    share,
)
from game.views.html import bar, esc, line_chart, page
from game.views.texts import INVENTED, citation

__all__ = ["OUTCOME_COLOURS", "OUTCOME_NAMES", "Debrief", "Group", "Separator", "Split", "build", "to_html", "to_markdown"]

_NONE = "none"
OUTCOME_COLOURS = {"soft_landing": "#1e8449", "survival": "#1f4e79", "collapse": "#b03a2e", None: "#888888"}

#: asked of every class, after the three dilemmas
CLASS_PROMPTS = (
    "Look at the chart: when did the runs that collapsed part from the others, and what had those students just decided?",
    "Lankov doubts that a soft landing is possible. Did this class prove him right, and would it have in another class?",
)


def _history_mark(split: Split) -> str:
    return f' <span class="invented">{esc(INVENTED)}</span>' if split.invented else ""


# --- HTML ----------------------------------------------------------------------------------------

def to_html(debrief: Debrief, title: str = "Soft Landing: class debrief") -> str:
    """The debrief as one printable page: the two-page handout, then the appendix."""
    d = debrief
    body = [f"<header><h1>{esc(title)}</h1>",
            f'<p class="meta">{esc(d.summary)}'
            + (f" \u00b7 class deck {esc(d.decks[0][0])}" if len(d.decks) == 1 and d.decks[0][0] else "")
            + "</p></header>"]
    if len(d.decks) > 1:
        body.append("<p><b>Note:</b> these runs come from more than one class or from no class "
                    f"({esc(', '.join(f'deck {k or _NONE}: {n}' for k, n in d.decks))}); "
                    "students of different classes did not meet the same dilemmas.</p>")
    if d.copies:
        body.append("<p><b>The same run handed in more than once</b> (counted once): " + esc("; ".join(
            f"line {c.line}, {c.name}, is the run of {c.same_as}" for c in d.copies)) + ".</p>")
    body += _endings_html(d)
    body += _chart_html(d)
    body.append('<section class="new-page"><h2>Where the class split</h2>')
    if d.contested:
        body.append("<p class=dim>The three dilemmas the class disagreed on most: how it split and how each group's runs "
                    "ended, what Pyongyang did, and the essay's words.</p>")
        body += [_contested_html(s) for s in d.contested]
    else:
        body.append("<p>The class agreed on every dilemma it met.</p>")
    body.append("<h2>For discussion</h2><ol>" + "".join(f"<li>{esc(p)}</li>" for p in CLASS_PROMPTS) + "</ol></section>")

    body.append('<section class="new-page"><h2>Appendix: the decisions that most separated the runs</h2>')
    body += _separators_html(d)
    body.append("</section>")
    body += _roster_html(d)
    body += _splits_html(d)
    body.append(f"<footer>Source: {esc(citation())}</footer>")
    return page(title, body)


def _endings_html(d: Debrief) -> list[str]:
    body = ["<section><h2>How the class ended</h2>"]
    if not d.entries:
        body.append("<p>No run could be read.</p>")
    body.append('<table><thead><tr><th>Ending</th><th class="num">Runs</th><th></th></tr></thead><tbody>')
    for name, n in d.outcomes:
        outcome = next((k for k, v in OUTCOME_NAMES.items() if v == name), None)
        body.append(f"<tr><td>{esc(name)}</td><td class=num>{esc(share(n, d.straight))}</td>"
                    f"<td>{bar(n / max(1, d.straight), _kind(outcome))}</td></tr>")
    for kind, n in d.kinds:
        body.append(f"<tr><td>&nbsp;&nbsp;collapse: {esc(kind)}</td><td class=num>{n}</td><td></td></tr>")
    body.append("</tbody></table>")
    if d.hindsight:
        body.append("<p><b>Played with hindsight</b> (went back to an earlier season, counted apart): "
                    + esc("; ".join(f"{name} {n}" for name, n in d.hindsight)) + "</p>")
    if d.endings:
        body.append("<p><b>Endings:</b> " + esc("; ".join(f"{t} ({n})" for t, n in d.endings)) + "</p>")
    body.append("</section>")
    return body


def _chart_html(d: Debrief) -> list[str]:
    if not d.meter:
        return []
    return [f"<section><h2>Every run: {esc(d.meter_name)}</h2><figure>", _outcome_chart(d),
            '</figure><div class="legend">' + "".join(
                f'<span><span class="swatch" style="background:{OUTCOME_COLOURS[k]}"></span>{esc(v)}</span>'
                for k, v in OUTCOME_NAMES.items() if any(o == k for _, o, _ in d.series)) + "</div>",
            "<p class=dim>One line per student, coloured by how the run ended; a line that stops early is a run that "
            "collapsed (or was handed in) before the end. Meter on the 0-100 scale: of the meters that moved, the one "
            "whose final values differ most between the endings.</p></section>"]


def _contested_html(split: Split) -> str:
    rows = []
    for group in split.groups:
        mark = ' <span class="same">what Pyongyang did</span>' if group.history else ""
        rows.append(f"<li>{esc(group_line(group, split.met))}{mark}</li>")
    if split.history_option and not any(g.history for g in split.groups):
        rows.append(f"<li>nobody chose \u201c{esc(split.history_option)}\u201d "
                    '<span class="same">what Pyongyang did</span></li>')
    did = f'<p class="invented">{esc(INVENTED)}</p>' if split.invented else ""
    return (f'<article class="card"><h3>{esc(split.title)} <span class="dim">(first met {esc(split.first_date)}; '
            f"{esc(plural(split.met, 'student'))})</span></h3><ul>{''.join(rows)}</ul>{did}"
            f'<p class="history"><b>What happened:</b> {esc(split.history)}</p>'
            f"<blockquote>{esc(', '.join(split.essay))}: \u201c{esc(split.quote)}\u201d</blockquote>"
            f'<p class="ask"><b>Ask:</b> one student from each group: why? Which group does {esc(", ".join(split.essay))} '
            "side with?</p></article>")


def _separators_html(d: Debrief) -> list[str]:
    body = []
    if d.separators:
        body.append(f"<p>Among the students who met a dilemma: how many ended in {esc(d.good)} when they took the option, "
                    f"and when they chose otherwise. Only options taken by at least {MIN_GROUP} students and refused by "
                    f"at least {MIN_GROUP} are compared"
                    + (f" ({plural(d.too_few, 'comparison')} between smaller groups left out: too few to tell)" if d.too_few else "")
                    + ".</p>")
        body.append('<table><thead><tr><th>Dilemma</th><th>Option</th><th class="num">Took it</th>'
                    '<th class="num">Chose otherwise</th></tr></thead><tbody>')
        for s in d.separators:
            mark = ' <span class="same">(as Pyongyang)</span>' if s.history else ""
            body.append(f"<tr><td>{esc(s.title)}</td><td>{esc(s.option)}{mark}</td>"
                        f"<td class=num>{esc(share(s.good_took, s.takers))}</td>"
                        f"<td class=num>{esc(share(s.good_chose_otherwise, s.others))}</td></tr>")
        body.append("</tbody></table>")
    else:
        body.append(f"<p>Too few to tell: no option was taken by {MIN_GROUP} students and refused by {MIN_GROUP} others.</p>")
    return body


def _roster_html(d: Debrief) -> list[str]:
    body = ["<section><h2>The students' runs</h2>",
            '<table><thead><tr><th>Student</th><th>Ending</th><th class="num">Turns</th><th>Run code</th></tr></thead><tbody>']
    for entry in d.entries:
        state = entry.game.state
        ending = entry.game.ending
        outcome = OUTCOME_NAMES.get(state.outcome, "in play")
        kind = f" ({state.collapse_kind.replace('_', ' ')})" if state.collapse_kind else ""
        title = f": {ending.title}" if ending else ""
        body.append(f"<tr><td>{esc(entry.name)}</td><td>{esc(outcome + kind + title)}</td>"
                    f"<td class=num>{state.turn} of {state.last_turn}</td><td class=code>{esc(entry.code)}</td></tr>")
    for copy in d.copies:
        body.append(f"<tr><td>{esc(copy.name)}</td><td colspan=3 class=dim>the same run as {esc(copy.same_as)}'s: "
                    "counted once</td></tr>")
    body.append("</tbody></table>")
    if d.bad:
        body.append("<h3>Lines not read</h3><ul>")
        body += [f"<li>Line {b.line}: <span class=code>{esc(b.text[:80])}</span>: {esc(b.reason)}</li>" for b in d.bad]
        body.append("</ul>")
    body.append("</section>")
    return body


def _splits_html(d: Debrief) -> list[str]:
    body = ['<section><h2>How the class split, dilemma by dilemma</h2>',
            "<p class=dim>Each student counts once per dilemma, by their first answer to it (some dilemmas come back).</p>"]
    for split in d.splits:
        body.append(f'<article class="dilemma"><h3>{esc(split.title)}{_history_mark(split)} <span class="dim">(first met '
                    f"{esc(split.first_date)}; {esc(plural(split.met, 'student'))})</span></h3>")
        body.append('<table><thead><tr><th>Option</th><th class="num">Students</th><th>How their runs ended</th></tr></thead><tbody>')
        for group in split.groups:
            mark = ' <span class="same">what Pyongyang did</span>' if group.history else ""
            ends = ", ".join(f"{n} {name}" for name, n in group.endings)
            body.append(f"<tr><td>{esc(group.label)}{mark}</td><td class=num>{len(group.students)} of {split.met} "
                        f"{bar(len(group.students) / max(1, split.met))}</td>"
                        f"<td>{esc(ends)}<br><span class=dim>{esc(', '.join(group.students))}</span></td></tr>")
        if split.history_option and not any(g.history for g in split.groups):
            body.append(f'<tr><td>{esc(split.history_option)} <span class="same">what Pyongyang did</span></td>'
                        f"<td class=num>0 of {split.met}</td><td class=dim>nobody chose it</td></tr>")
        body.append("</tbody></table>")
        body.append(f"<p class=dim>{esc(', '.join(split.essay))}: \u201c{esc(split.quote)}\u201d</p></article>")
    body.append("</section>")
    return body


def _kind(outcome: str | None) -> str:
    return "good" if outcome == "soft_landing" else "bad" if outcome == "collapse" else ""


def _outcome_chart(d: Debrief) -> str:
    """Every student's line, coloured by how the run ended (the names are the lines' tooltips)."""
    return line_chart([(name, values) for name, _, values in d.series], d.labels, legend=False,
                      title=f"{d.meter_name} in every student's run",
                      colours=[OUTCOME_COLOURS.get(outcome, "#888888") for _, outcome, _ in d.series])


# --- Markdown ------------------------------------------------------------------------------------

def to_markdown(debrief: Debrief, title: str = "Soft Landing: class debrief") -> str:
    d = debrief
    lines = [f"# {title}", "", d.summary, ""]
    if d.copies:
        lines += ["The same run handed in more than once (counted once): "
                  + "; ".join(f"line {c.line}, {_cell(c.name)}, is the run of {_cell(c.same_as)}" for c in d.copies) + ".", ""]
    lines += ["## How the class ended", ""]
    lines += [f"- {name}: {share(n, d.straight)}" for name, n in d.outcomes]
    lines += [f"  - collapse, {kind}: {n}" for kind, n in d.kinds]
    if d.hindsight:
        lines += ["", "Played with hindsight (went back to an earlier season), counted apart:", ""]
        lines += [f"- {name}: {n}" for name, n in d.hindsight]
    lines += ["", "## Where the class split", ""]
    for split in d.contested:
        lines += [f"### {split.title} ({split.first_date}, {plural(split.met, 'student')})", ""]
        lines += [f"- {group_line(g, split.met)}{' (what Pyongyang did)' if g.history else ''}" for g in split.groups]
        lines += ["", f"**{INVENTED}**" if split.invented else f"Pyongyang: \"{split.history_option}\"."
                  if split.history_option else "", "", f"What happened: {split.history}", "",
                  f"> {', '.join(split.essay)}: \"{split.quote}\"", ""]
    if not d.contested:
        lines += ["The class agreed on every dilemma it met.", ""]
    lines += ["## For discussion", ""]
    lines += [f"{n}. {p}" for n, p in enumerate((*d.prompts[:len(d.contested)], *CLASS_PROMPTS), 1)]
    lines += ["", "## Appendix: the decisions that most separated the runs", ""]
    if d.separators:
        lines += [(f"How many ended in {d.good} among those who took the option, and among those who met the dilemma "
                   f"and chose otherwise (options taken and refused by at least {MIN_GROUP} students)."), "",
                  "| dilemma | option | took it | chose otherwise |", "|---|---|---|---|"]
        lines += [f"| {_cell(s.title)} | {_cell(s.option)}{' (as Pyongyang)' if s.history else ''} | "
                  f"{share(s.good_took, s.takers)} | {share(s.good_chose_otherwise, s.others)} |" for s in d.separators]
    else:
        lines.append(f"Too few to tell: no option was taken by {MIN_GROUP} students and refused by {MIN_GROUP} others.")
    lines += ["", "## The students' runs", "", "| student | ending | turns | run code |", "|---|---|---|---|"]
    for entry in d.entries:
        state = entry.game.state
        kind = f" ({state.collapse_kind.replace('_', ' ')})" if state.collapse_kind else ""
        lines.append(f"| {_cell(entry.name)} | {OUTCOME_NAMES.get(state.outcome, 'in play')}{kind} | "
                     f"{state.turn} of {state.last_turn} | `{entry.code}` |")
    lines += [f"| {_cell(c.name)} | the same run as {_cell(c.same_as)}'s: counted once | | |" for c in d.copies]
    if d.bad:
        lines += ["", "## Lines not read", ""]
        lines += [f"- line {b.line}: `{_cell(b.text[:80]).replace('`', chr(39))}`: {b.reason}" for b in d.bad]
    lines += ["", "## How the class split, dilemma by dilemma", ""]
    for split in d.splits:
        mark = f" ({INVENTED})" if split.invented else ""
        lines += [f"### {split.title}{mark} ({split.first_date}, {plural(split.met, 'student')})", ""]
        for group in split.groups:
            ends = ", ".join(f"{n} {name}" for name, n in group.endings)
            mark = " (what Pyongyang did)" if group.history else ""
            lines.append(f"- {group.label}{mark}: {len(group.students)} of {split.met} ({ends}): "
                         f"{', '.join(map(_cell, group.students))}")
        if split.history_option and not any(g.history for g in split.groups):
            lines.append(f"- {split.history_option} (what Pyongyang did): nobody")
        lines += ["", f"{', '.join(split.essay)}: \"{split.quote}\"", ""]
    lines += ["", "---", "", f"Source: {citation()}", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "/")
