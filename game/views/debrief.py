"""The class debrief: a class's runs side by side, as printable HTML and as Markdown.

From the games of a codes file (:func:`game.classroom.read_codes`): how the class ended (endings
and collapse kinds), how it split on every dilemma it met (each option beside what Pyongyang did,
and how each group's runs ended), the decisions that most separated the landings from the
collapses, every student's run of one meter on one chart, and discussion prompts built from where
the class disagreed most. Pure: no textual, no rich.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from attrs import frozen

from game.content import Date
from game.views import presenter
from game.views.html import bar, esc, line_chart, page
from game.views.report import option_label
from game.views.texts import citation

if TYPE_CHECKING:
    from game.classroom import BadLine, Entry
    from game.content import Content

OUTCOME_NAMES = {"soft_landing": "soft landing", "survival": "survival", "collapse": "collapse", None: "in play"}
_NONE = "none"
OUTCOME_COLOURS = {"soft_landing": "#1e8449", "survival": "#1f4e79", "collapse": "#b03a2e", None: "#888888"}


@frozen
class Group:
    """The students who chose one option of a dilemma, and how their runs ended."""

    option_id: str
    label: str
    students: tuple[str, ...]
    endings: tuple[tuple[str, int], ...]  # (outcome name, count), most first
    history: bool  # the option closest to what Pyongyang did


@frozen
class Split:
    """How the class answered one dilemma."""

    dilemma_id: str
    title: str
    first_date: str
    met: int
    groups: tuple[Group, ...]  # most chosen first
    history_option: str | None
    essay: tuple[str, ...]

    @property
    def disagreement(self) -> float:
        """The split's entropy in bits: 0 when the class agreed, 1 for an even split of two."""
        total = sum(len(g.students) for g in self.groups)
        return -sum((n / total) * math.log2(n / total) for g in self.groups if (n := len(g.students)))


@frozen
class Separator:
    """A decision whose takers ended differently from those who met the dilemma and chose otherwise."""

    title: str
    option: str
    takers: int
    others: int
    good_takers: float  # share of the takers whose run did not collapse (or landed softly, see ``good``)
    good_others: float
    history: bool

    @property
    def gap(self) -> float:
        return self.good_takers - self.good_others


@frozen
class Debrief:
    """Everything the debrief shows, worked out once."""

    entries: tuple[Entry, ...]
    bad: tuple[BadLine, ...]
    outcomes: tuple[tuple[str, int], ...]
    kinds: tuple[tuple[str, int], ...]
    endings: tuple[tuple[str, int], ...]  # ending titles
    decks: tuple[tuple[int, int], ...]  # (class deck, students), most first
    splits: tuple[Split, ...]
    separators: tuple[Separator, ...]
    good: str  # what counts as a good end for the separators: "a soft landing" or "no collapse"
    meter: str
    meter_name: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, str | None, tuple[float | None, ...]], ...]  # (name, outcome, values)
    prompts: tuple[str, ...]
    hindsight: tuple[tuple[str, int], ...] = ()  # how the runs that went back ended, counted apart

    @property
    def summary(self) -> str:
        """How many runs were read, and how many went back and are counted apart from the rest."""
        total = len(self.entries)
        text = f"{total} run{'s' if total != 1 else ''} read"
        if self.bad:
            text += f", {len(self.bad)} line{'s' if len(self.bad) != 1 else ''} not read"
        back = sum(n for _, n in self.hindsight)
        if back:
            text += (f"; {back} of them went back to an earlier season (played with hindsight) and are counted "
                     "apart from the runs played straight")
        return text + "."


def _outcome(entry: Entry) -> str | None:
    return entry.game.state.outcome


def _decisions(entry: Entry) -> list[tuple[int, str, str, str]]:
    """(turn, date, dilemma, option) of every decision of a student's run."""
    state = entry.game.state
    found = [(r.turn, str(r.date), d.event, d.option) for r in state.history for d in r.decisions]
    if not entry.game.over:
        found += [(state.turn, str(state.date), d.event, d.option) for d in state.decisions]
    return found


def build(entries: Sequence[Entry], bad: Sequence[BadLine], content: Content, meter: str | None = None) -> Debrief:
    """The debrief of a class's games; ``meter`` is the meter charted for every student (by default
    the one whose final values most separate the collapses from the other runs)."""
    # a run that went back was played with hindsight: its ending is counted apart from the straight runs'
    outcomes = Counter(OUTCOME_NAMES.get(_outcome(e), "in play") for e in entries if not e.game.state.rewinds)
    hindsight = Counter(OUTCOME_NAMES.get(_outcome(e), "in play") for e in entries if e.game.state.rewinds)
    kinds = Counter(e.game.state.collapse_kind.replace("_", " ") for e in entries
                    if e.game.state.collapse_kind and not e.game.state.rewinds)
    endings = Counter((e.game.ending.title if e.game.ending else OUTCOME_NAMES.get(_outcome(e), "in play")) for e in entries)
    decks = Counter(e.game.state.deck for e in entries)

    chose: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    first_seen: dict[str, tuple[int, str]] = {}
    for entry in entries:
        answered: set[str] = set()
        for turn, date, dilemma_id, option_id in _decisions(entry):
            if dilemma_id in answered:
                continue  # a dilemma met again: the class's split counts each student's first answer
            answered.add(dilemma_id)
            chose[dilemma_id][option_id].append(entry)
            if dilemma_id not in first_seen or turn < first_seen[dilemma_id][0]:
                first_seen[dilemma_id] = (turn, date)

    splits = []
    for dilemma_id, options in chose.items():
        dilemma = content.events.get(dilemma_id)
        if dilemma is None:
            continue
        groups = []
        for option_id, takers in options.items():
            ends = Counter(OUTCOME_NAMES.get(_outcome(e), "in play") for e in takers)
            groups.append(Group(option_id, option_label(dilemma, option_id) or option_id, tuple(e.name for e in takers),
                                tuple(ends.most_common()), option_id == dilemma.history_option))
        groups.sort(key=lambda g: (-len(g.students), g.label))
        met = len({id(e) for chosen_by in options.values() for e in chosen_by})
        splits.append(Split(dilemma_id, dilemma.title, first_seen[dilemma_id][1], met, tuple(groups),
                            option_label(dilemma, dilemma.history_option), dilemma.essay))
    splits.sort(key=lambda s: (first_seen[s.dilemma_id][0], -s.met, s.title))

    landed = any(_outcome(e) == "soft_landing" for e in entries)
    good_end = (lambda e: _outcome(e) == "soft_landing") if landed else (lambda e: _outcome(e) != "collapse")
    separators = []
    for split in splits:
        everyone = {id(e): e for chosen_by in chose[split.dilemma_id].values() for e in chosen_by}
        for option in split.groups:
            took = {id(e): e for e in chose[split.dilemma_id][option.option_id]}
            others = [e for k, e in everyone.items() if k not in took]
            if len(took) < 2 or len(others) < 2:
                continue
            separators.append(Separator(
                split.title, option.label, len(took), len(others),
                sum(map(good_end, took.values())) / len(took), sum(map(good_end, others)) / len(others),
                option.history))
    separators.sort(key=lambda s: (-abs(s.gap), -(s.takers + s.others), s.title))

    chosen_meter = meter if meter in content.meters else _separating_meter(entries, content)
    scenario_starts = [e.game.state.date.index - e.game.state.turn + 1 for e in entries]
    start = min(scenario_starts, default=0)
    length = max((e.game.state.last_turn for e in entries), default=1) + 1
    labels = tuple(str(Date.from_index(start + i - 1)) if i else str(Date.from_index(start)) for i in range(length))
    series = []
    drawn_last = {"soft_landing": 3, "survival": 2, None: 1, "collapse": 0}  # the rarer endings on top
    for entry, first in sorted(zip(entries, scenario_starts), key=lambda pair: drawn_last.get(_outcome(pair[0]), 1)):
        values = presenter.meter_series(entry.game, chosen_meter) if chosen_meter else []
        padded: list[float | None] = [None] * (first - start) + list(values)
        padded += [None] * (length - len(padded))
        series.append((entry.name, _outcome(entry), tuple(padded[:length])))

    return Debrief(
        tuple(entries), tuple(bad), tuple(outcomes.most_common()), tuple(kinds.most_common()),
        tuple(endings.most_common()), tuple(decks.most_common()), tuple(splits), tuple(separators[:6]),
        "a soft landing" if landed else "no collapse", chosen_meter or "",
        content.meters[chosen_meter].name if chosen_meter else "", labels, tuple(series),
        tuple(_prompts(splits, content)), tuple(hindsight.most_common()))


def _separating_meter(entries: Sequence[Entry], content: Content) -> str | None:
    """The meter whose final values differ most between the runs that collapsed and the others."""
    if not content.meters:
        return None
    fallen = [e for e in entries if _outcome(e) == "collapse"]
    standing = [e for e in entries if _outcome(e) != "collapse"]
    if not fallen or not standing:
        return next(iter(content.meters))

    def mean(group: list[Entry], meter: str) -> float:
        return sum(e.game.state.meters[meter] for e in group) / len(group)
    return max(content.meters, key=lambda m: abs(mean(fallen, m) - mean(standing, m)))


def _prompts(splits: Sequence[Split], content: Content, limit: int = 5) -> list[str]:
    """Discussion prompts from the dilemmas on which the class disagreed most."""
    contested = [s for s in splits if s.met >= 2 and len(s.groups) >= 2]
    contested.sort(key=lambda s: (-s.disagreement * math.log2(1 + s.met), s.title))
    prompts = []
    for split in contested[:limit]:
        parts = []
        for group in split.groups[:3]:
            ends = ", ".join(f"{n} {name}" for name, n in group.endings)
            parts.append(f"{len(group.students)} chose \"{group.label}\" ({ends})")
        history = f" Pyongyang chose \"{split.history_option}\"." if split.history_option else ""
        essay = ", ".join(split.essay)
        prompts.append(f"{split.title} ({split.first_date}): {'; '.join(parts)}.{history} Ask a student from each "
                       f"group why; then read {essay} of the essay together: which group does it side with?")
    return prompts


# --- HTML ----------------------------------------------------------------------------------------

def to_html(debrief: Debrief, title: str = "Soft Landing: class debrief") -> str:
    d = debrief
    total = len(d.entries)
    body = [f"<header><h1>{esc(title)}</h1>",
            f'<p class="meta">{esc(d.summary)}'
            + (f" \u00b7 class deck {esc(d.decks[0][0])}" if len(d.decks) == 1 and d.decks[0][0] else "")
            + "</p></header>"]
    if len(d.decks) > 1:
        body.append("<p><b>Note:</b> these runs come from more than one class or from no class "
                    f"({esc(', '.join(f'deck {k or _NONE}: {n}' for k, n in d.decks))}); "
                    "students of different classes did not meet the same dilemmas.</p>")
    body.append("<section><h2>How the class ended</h2>")
    if not total:
        body.append("<p>No run could be read.</p>")
    body.append('<table><thead><tr><th>Ending</th><th class="num">Runs</th><th></th></tr></thead><tbody>')
    straight = sum(n for _, n in d.outcomes)
    for name, n in d.outcomes:
        outcome = next((k for k, v in OUTCOME_NAMES.items() if v == name), None)
        body.append(f"<tr><td>{esc(name)}</td><td class=num>{n}</td><td>{bar(n / max(1, straight), _kind(outcome))} "
                    f"{n / max(1, straight):.0%}</td></tr>")
    for kind, n in d.kinds:
        body.append(f"<tr><td>&nbsp;&nbsp;collapse: {esc(kind)}</td><td class=num>{n}</td><td></td></tr>")
    body.append("</tbody></table>")
    if d.hindsight:
        body.append("<p><b>Played with hindsight</b> (went back to an earlier season, counted apart): "
                    + esc("; ".join(f"{name} {n}" for name, n in d.hindsight)) + "</p>")
    if d.endings:
        body.append("<p><b>Endings:</b> " + esc("; ".join(f"{t} ({n})" for t, n in d.endings)) + "</p>")
    body.append("</section>")

    if d.meter:
        body.append(f"<section><h2>Every run: {esc(d.meter_name)}</h2><figure>")
        body.append(_outcome_chart(d))
        body.append('</figure><div class="legend">' + "".join(
            f'<span><span class="swatch" style="background:{OUTCOME_COLOURS[k]}"></span>{esc(v)}</span>'
            for k, v in OUTCOME_NAMES.items() if any(o == k for _, o, _ in d.series)) + "</div>")
        body.append("<p class=dim>One line per student, coloured by how the run ended; a line that stops early is a run "
                    "that collapsed (or was handed in) before the end. Meter on the 0-100 scale.</p></section>")

    body.append("<section><h2>The decisions that most separated the runs</h2>")
    if d.separators:
        body.append(f"<p>Among the students who met a dilemma: the share whose run ended in {esc(d.good)} when they "
                    "took the option, and when they chose otherwise.</p>")
        body.append('<table><thead><tr><th>Dilemma</th><th>Option</th><th class="num">Took it</th>'
                    '<th class="num">Chose otherwise</th></tr></thead><tbody>')
        for s in d.separators:
            mark = ' <span class="same">(as Pyongyang)</span>' if s.history else ""
            body.append(f"<tr><td>{esc(s.title)}</td><td>{esc(s.option)}{mark}</td>"
                        f"<td class=num>{s.good_takers:.0%} of {s.takers}</td><td class=num>{s.good_others:.0%} of {s.others}</td></tr>")
        body.append("</tbody></table>")
    else:
        body.append("<p>Too few runs to compare: at least two students must have taken an option and two chosen otherwise.</p>")
    body.append("</section>")

    body.append("<section><h2>Discussion prompts</h2>")
    body.append("<ol>" + "".join(f'<li class="prompt">{esc(p)}</li>' for p in d.prompts) + "</ol>" if d.prompts
                else "<p>The class agreed on every dilemma it met.</p>")
    body.append("</section>")

    body.append("<section><h2>The students' runs</h2>")
    body.append('<table><thead><tr><th>Student</th><th>Ending</th><th class="num">Turns</th><th>Run code</th></tr></thead><tbody>')
    for entry in d.entries:
        state = entry.game.state
        ending = entry.game.ending
        outcome = OUTCOME_NAMES.get(state.outcome, "in play")
        kind = f" ({state.collapse_kind.replace('_', ' ')})" if state.collapse_kind else ""
        title = f": {ending.title}" if ending else ""
        body.append(f"<tr><td>{esc(entry.name)}</td><td>{esc(outcome + kind + title)}</td>"
                    f"<td class=num>{state.turn} of {state.last_turn}</td><td class=code>{esc(entry.code)}</td></tr>")
    body.append("</tbody></table>")
    if d.bad:
        body.append("<h3>Lines not read</h3><ul>")
        body += [f"<li>Line {b.line}: <span class=code>{esc(b.text[:80])}</span>: {esc(b.reason)}</li>" for b in d.bad]
        body.append("</ul>")
    body.append("</section>")
    body.append('<section class="new-page"><h2>How the class split, dilemma by dilemma</h2>')
    body.append("<p class=dim>Each student counts once per dilemma, by their first answer to it (some dilemmas come back).</p>")
    for split in d.splits:
        body.append(f'<article class="dilemma"><h3>{esc(split.title)} <span class="dim">(first met {esc(split.first_date)}; '
                    f"{split.met} student{'s' if split.met != 1 else ''}; essay {esc(', '.join(split.essay))})</span></h3>")
        body.append('<table><thead><tr><th>Option</th><th class="num">Students</th><th>How their runs ended</th></tr></thead><tbody>')
        for group in split.groups:
            share = len(group.students) / max(1, split.met)
            mark = ' <span class="same">what Pyongyang did</span>' if group.history else ""
            ends = ", ".join(f"{n} {name}" for name, n in group.endings)
            body.append(f"<tr><td>{esc(group.label)}{mark}</td><td class=num>{len(group.students)} {bar(share)}</td>"
                        f"<td>{esc(ends)}<br><span class=dim>{esc(', '.join(group.students))}</span></td></tr>")
        if split.history_option and not any(g.history for g in split.groups):
            body.append(f'<tr><td>{esc(split.history_option)} <span class="same">what Pyongyang did</span></td>'
                        "<td class=num>0</td><td class=dim>nobody chose it</td></tr>")
        body.append("</tbody></table></article>")
    body.append("</section>")

    body.append(f"<footer>Source: {esc(citation())}</footer>")
    return page(title, body)


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
    lines += ["## How the class ended", ""]
    straight = sum(n for _, n in d.outcomes)
    lines += [f"- {name}: {n} ({n / max(1, straight):.0%})" for name, n in d.outcomes]
    lines += [f"  - collapse, {kind}: {n}" for kind, n in d.kinds]
    if d.hindsight:
        lines += ["", "Played with hindsight (went back to an earlier season), counted apart:", ""]
        lines += [f"- {name}: {n}" for name, n in d.hindsight]
    lines += ["", "## The decisions that most separated the runs", ""]
    if d.separators:
        lines += [(f"Share ending in {d.good} among those who took the option, and among those who met the dilemma "
                   "and chose otherwise."), "", "| dilemma | option | took it | chose otherwise |", "|---|---|---|---|"]
        lines += [f"| {_cell(s.title)} | {_cell(s.option)}{' (as Pyongyang)' if s.history else ''} | "
                  f"{s.good_takers:.0%} of {s.takers} | {s.good_others:.0%} of {s.others} |" for s in d.separators]
    else:
        lines.append("Too few runs to compare.")
    lines += ["", "## Discussion prompts", ""]
    lines += [f"{n}. {p}" for n, p in enumerate(d.prompts, 1)] or ["The class agreed on every dilemma it met."]
    lines += ["", "## The students' runs", "", "| student | ending | turns | run code |", "|---|---|---|---|"]
    for entry in d.entries:
        state = entry.game.state
        kind = f" ({state.collapse_kind.replace('_', ' ')})" if state.collapse_kind else ""
        lines.append(f"| {_cell(entry.name)} | {OUTCOME_NAMES.get(state.outcome, 'in play')}{kind} | "
                     f"{state.turn} of {state.last_turn} | `{entry.code}` |")
    if d.bad:
        lines += ["", "## Lines not read", ""]
        lines += [f"- line {b.line}: `{_cell(b.text[:80]).replace('`', chr(39))}`: {b.reason}" for b in d.bad]
    lines += ["", "## How the class split, dilemma by dilemma", ""]
    for split in d.splits:
        lines += [f"### {split.title} ({split.first_date}, {split.met} students)", ""]
        for group in split.groups:
            ends = ", ".join(f"{n} {name}" for name, n in group.endings)
            mark = " (what Pyongyang did)" if group.history else ""
            lines.append(f"- {group.label}{mark}: {len(group.students)} ({ends}): {', '.join(map(_cell, group.students))}")
        if split.history_option and not any(g.history for g in split.groups):
            lines.append(f"- {split.history_option} (what Pyongyang did): nobody")
        lines.append("")
    lines += ["", "---", "", f"Source: {citation()}", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "/")
