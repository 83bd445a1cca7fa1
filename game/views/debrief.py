"""The class debrief: a class's runs side by side, as printable HTML and as Markdown.

The first two A4 pages are the handout and stand alone: how the class ended and every student's run
of one meter on the first; the three dilemmas the class split on most, each with what Pyongyang did
and the essay's words, and the discussion prompts on the second. The rest is an appendix for the
teacher: the decisions that most separated the runs, the roster, and every dilemma the class met.
The numbers are worked out once in :mod:`game.views.class_debrief`; the sections are written once
here, as a :class:`~game.views.document.Document` that the page and the Markdown file both render
(a new section is a function of the debrief, added to :data:`SECTIONS`). Pure: no textual, no rich.
"""

from __future__ import annotations

from collections.abc import Callable

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
from game.views import html, markdown
from game.views.document import (
    Bar,
    Block,
    Chart,
    Column,
    Document,
    Inline,
    Items,
    Line,
    Paragraph,
    Quote,
    Section,
    Series,
    Span,
    Table,
    b,
    dim,
    line,
)
from game.views.texts import INVENTED, citation

__all__ = ["OUTCOME_COLOURS", "OUTCOME_NAMES", "Debrief", "Group", "Separator", "Split", "build", "document", "to_html",
           "to_markdown"]

_NONE = "none"
OUTCOME_COLOURS = {"soft_landing": "#1e8449", "survival": "#1f4e79", "collapse": "#b03a2e", None: "#888888"}

#: asked of every class, after the three dilemmas
CLASS_PROMPTS = (
    "Look at the chart: when did the runs that collapsed part from the others, and what had those students just decided?",
    "Lankov doubts that a soft landing is possible. Did this class prove him right, and would it have in another class?",
)


# --- the document ----------------------------------------------------------------------------------

def to_html(debrief: Debrief, title: str = "Soft Landing: class debrief") -> str:
    """The debrief as one printable page: the two-page handout, then the appendix."""
    return html.render(document(debrief, title))


def to_markdown(debrief: Debrief, title: str = "Soft Landing: class debrief") -> str:
    """The debrief as Markdown: the same document as the page."""
    return markdown.render(document(debrief, title))


def document(debrief: Debrief, title: str = "Soft Landing: class debrief") -> Document:
    """The debrief as one document: the handout (how the class ended, every run's chart; where the class
    split, the prompts), then the appendix (what separated the runs, the roster, every dilemma)."""
    sections = tuple(s for build in SECTIONS if (s := build(debrief)) is not None)
    return Document(title, _head(debrief), sections, f"Source: {citation()}")


def _head(d: Debrief) -> tuple[Paragraph, ...]:
    deck = f" \u00b7 class deck {d.decks[0][0]}" if len(d.decks) == 1 and d.decks[0][0] else ""
    head = [Paragraph(line(d.summary + deck), "meta")]
    if len(d.decks) > 1:
        head.append(Paragraph(line(b("Note:"), " these runs come from more than one class or from no class ("
                                   + ", ".join(f"deck {k or _NONE}: {n}" for k, n in d.decks)
                                   + "); students of different classes did not meet the same dilemmas.")))
    if d.copies:
        head.append(Paragraph(line(b("The same run handed in more than once"), " (counted once): " + "; ".join(
            f"line {c.line}, {c.name}, is the run of {c.same_as}" for c in d.copies) + ".")))
    return tuple(head)


def endings(d: Debrief) -> Section:
    found: list[Block] = [] if d.entries else [Paragraph(line("No run could be read."))]
    rows = [(line(name), line(share(n, d.straight), " ", Bar(n / max(1, d.straight), _kind(name)))) for name, n in d.outcomes]
    rows += [(line(Span(f"collapse: {kind}", "indent")), line(str(n))) for kind, n in d.kinds]
    found.append(Table((Column("Ending"), Column("Runs", num=True)), tuple(rows)))
    if d.hindsight:
        found.append(Paragraph(line(b("Played with hindsight"), " (went back to an earlier season, counted apart): "
                                    + "; ".join(f"{name} {n}" for name, n in d.hindsight))))
    if d.endings:
        found.append(Paragraph(line(b("Endings:"), " " + "; ".join(f"{t} ({n})" for t, n in d.endings))))
    return Section(line("How the class ended"), tuple(found), key="endings")


def chart(d: Debrief) -> Section | None:
    """Every student's line, coloured by how the run ended (the names are the lines' tooltips)."""
    if not d.meter:
        return None
    series = tuple(Series(name, values, OUTCOME_COLOURS.get(outcome, "#888888"), OUTCOME_NAMES.get(outcome, "in play"))
                   for name, outcome, values in d.series)
    legend = tuple((v, OUTCOME_COLOURS[k]) for k, v in OUTCOME_NAMES.items() if any(o == k for _, o, _ in d.series))
    drawn = Chart(f"{d.meter_name} in every student's run", d.labels, series,
                  "One line per student, coloured by how the run ended; a line that stops early is a run that "
                  "collapsed (or was handed in) before the end. Meter on the 0-100 scale: of the meters that moved, the one "
                  "whose final values differ most between the endings.", legend=legend)
    return Section(line(f"Every run: {d.meter_name}"), (drawn,), key="chart")


def contested(d: Debrief) -> Section:
    if not d.contested:
        return Section(line("Where the class split"), (Paragraph(line("The class agreed on every dilemma it met.")),),
                       "new-page", "contested")
    said = Paragraph(line("The three dilemmas the class disagreed on most: how it split and how each group's runs "
                          "ended, what Pyongyang did, and the essay's words."), "dim")
    return Section(line("Where the class split"), (said, *map(_card, d.contested)), "new-page", "contested")


def _card(split: Split) -> Section:
    groups = [line(group_line(g, split.met), *_pyongyang(g.history)) for g in split.groups]
    if split.history_option and not any(g.history for g in split.groups):
        groups.append(line("nobody chose ", Span(split.history_option, "quoted"), *_pyongyang(True)))
    essay = ", ".join(split.essay)
    told = [Items(tuple(groups)), Paragraph(line(Span(INVENTED, "invented"))) if split.invented else None,
            Paragraph(line(b("What happened:"), f" {split.history}"), "history"),
            Quote(line(f"{essay}: ", Span(split.quote, "quoted"))),
            Paragraph(line(b("Ask:"), f" one student from each group: why? Which group does {essay} side with?"), "ask")]
    return Section(line(split.title, " ", dim(f"(first met {split.first_date}; {plural(split.met, 'student')})")),
                   tuple(t for t in told if t is not None), "card")


def _pyongyang(history: bool) -> tuple[Inline, ...]:
    return (" ", Span("what Pyongyang did", "tag")) if history else ()


def prompts(d: Debrief) -> Section:
    return Section(line("For discussion"), (Items(tuple(line(p) for p in CLASS_PROMPTS), ordered=True),), key="prompts")


def separators(d: Debrief) -> Section:
    title = line("Appendix: the decisions that most separated the runs")
    if not d.separators:
        return Section(title, (Paragraph(line(f"Too few to tell: no option was taken by {MIN_GROUP} students and refused "
                                              f"by {MIN_GROUP} others.")),), "new-page", "separators")
    left_out = f" ({plural(d.too_few, 'comparison')} between smaller groups left out: too few to tell)" if d.too_few else ""
    said = Paragraph(line(f"Among the students who met a dilemma: how many ended in {d.good} when they took the option, "
                          f"and when they chose otherwise. Only options taken by at least {MIN_GROUP} students and refused "
                          f"by at least {MIN_GROUP} are compared{left_out}."))
    rows = tuple((line(s.title), line(s.option, " " if s.history else None, Span("as Pyongyang", "tag") if s.history else None),
                  line(share(s.good_took, s.takers)), line(share(s.good_chose_otherwise, s.others))) for s in d.separators)
    table = Table((Column("Dilemma"), Column("Option"), Column("Took it", num=True), Column("Chose otherwise", num=True)), rows)
    return Section(title, (said, table), "new-page", "separators")


def turning(d: Debrief) -> Section | None:
    """The odds of each ending before and after each option of the dilemmas the class split on."""
    from game.i18n import _
    from game.views.turning_points import class_blocks
    blocks = class_blocks(d)
    return Section(line(_("Appendix: the odds where the class split")), blocks, key="turning") if blocks else None


def roster(d: Debrief) -> Section:
    rows: list[tuple[Line, ...]] = []
    for entry in d.entries:
        state, ending = entry.game.state, entry.game.ending
        kind = f" ({state.collapse_kind.replace('_', ' ')})" if state.collapse_kind else ""
        ended = OUTCOME_NAMES.get(state.outcome, "in play") + kind + (f": {ending.title}" if ending else "")
        rows.append((line(entry.name), line(ended), line(f"{state.turn} of {state.last_turn}"), line(Span(entry.code, "code"))))
    rows += [(line(c.name), line(dim(f"the same run as {c.same_as}'s: counted once"))) for c in d.copies]
    found: list[Block] = [Table((Column("Student"), Column("Ending"), Column("Turns", num=True), Column("Run code", code=True)),
                                tuple(rows))]
    if d.bad:
        found.append(Section(line("Lines not read"), (Items(tuple(
            line(f"Line {bad.line}: ", Span(bad.text[:80], "code"), f": {bad.reason}") for bad in d.bad)),)))
    return Section(line("The students' runs"), tuple(found), key="roster")


def splits(d: Debrief) -> Section:
    said = Paragraph(line("Each student counts once per dilemma, by their first answer to it (some dilemmas come back)."), "dim")
    return Section(line("How the class split, dilemma by dilemma"), (said, *map(_split, d.splits)), key="splits")


def _split(split: Split) -> Section:
    rows: list[tuple[Line, ...]] = []
    for group in split.groups:
        ends = ", ".join(f"{n} {name}" for name, n in group.endings)
        rows.append((line(group.label, *_pyongyang(group.history)),
                     line(f"{len(group.students)} of {split.met} ", Bar(len(group.students) / max(1, split.met))),
                     line(ends, Span(", ".join(group.students), "note"))))
    if split.history_option and not any(g.history for g in split.groups):
        rows.append((line(split.history_option, *_pyongyang(True)), line(f"0 of {split.met}"), line(dim("nobody chose it"))))
    table = Table((Column("Option"), Column("Students", num=True), Column("How their runs ended")), tuple(rows))
    mark = (" ", Span(INVENTED, "invented")) if split.invented else ()
    return Section(line(split.title, *mark, " ", dim(f"(first met {split.first_date}; {plural(split.met, 'student')})")),
                   (table, Paragraph(line(", ".join(split.essay) + ": ", Span(split.quote, "quoted")), "dim")), "dilemma")


def _kind(name: str) -> str:
    return "good" if name == OUTCOME_NAMES["soft_landing"] else "bad" if name == OUTCOME_NAMES["collapse"] else ""


#: the debrief's sections in the order read: the handout's first page, its second, then the appendix
SECTIONS: tuple[Callable[[Debrief], Section | None], ...] = (
    endings, chart, contested, prompts, separators, turning, roster, splits)
