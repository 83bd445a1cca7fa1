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
    endings_text,
    group_line,
    outcome_name,
    plural,
    share,
)
from game.i18n import N_, _
from game.views import html, markdown, presenter
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
    N_("Look at the chart: when did the runs that collapsed part from the others, and what had those students just "
       "decided?"),
    N_("Lankov doubts that a soft landing is possible. Did this class prove him right, and would it have in another "
       "class?"),
)
TITLE = N_("Soft Landing: class debrief")


# --- the document ----------------------------------------------------------------------------------

def to_html(debrief: Debrief, title: str = TITLE) -> str:
    """The debrief as one printable page: the two-page handout, then the appendix."""
    return html.render(document(debrief, title))


def to_markdown(debrief: Debrief, title: str = TITLE) -> str:
    """The debrief as Markdown: the same document as the page."""
    return markdown.render(document(debrief, title))


def document(debrief: Debrief, title: str = TITLE) -> Document:
    """The debrief as one document: the handout (how the class ended, every run's chart; where the class
    split, the prompts), then the appendix (what separated the runs, the roster, every dilemma)."""
    sections = tuple(s for build in SECTIONS if (s := build(debrief)) is not None)
    return Document(_(title), _head(debrief), sections, _("Source: {citation}").format(citation=citation()))


def _head(d: Debrief) -> tuple[Paragraph, ...]:
    deck = (" \u00b7 " + _("class deck {deck}").format(deck=d.decks[0][0])) if len(d.decks) == 1 and d.decks[0][0] else ""
    head = [Paragraph(line(d.summary + deck), "meta")]
    if len(d.decks) > 1:
        decks = ", ".join(_("deck {deck}: {count}").format(deck=k or _("none"), count=n) for k, n in d.decks)
        head.append(Paragraph(line(b(_("Note:")), " " + _(
            "these runs come from more than one class or from no class ({decks}); students of different classes did not "
            "meet the same dilemmas.").format(decks=decks))))
    if d.copies:
        copies = "; ".join(_("line {line}, {name}, is the run of {same_as}").format(line=c.line, name=c.name, same_as=c.same_as)
                           for c in d.copies)
        head.append(Paragraph(line(b(_("The same run handed in more than once")),
                                   " " + _("(counted once): {copies}.").format(copies=copies))))
    return tuple(head)


def endings(d: Debrief) -> Section:
    found: list[Block] = [] if d.entries else [Paragraph(line(_("No run could be read.")))]
    rows = [(line(name), line(share(n, d.straight), " ", Bar(n / max(1, d.straight), _kind(name)))) for name, n in d.outcomes]
    rows += [(line(Span(_("collapse: {kind}").format(kind=kind), "indent")), line(str(n))) for kind, n in d.kinds]
    found.append(Table((Column(_("Ending")), Column(_("Runs"), num=True)), tuple(rows)))
    if d.hindsight:
        found.append(Paragraph(line(b(_("Played with hindsight")), " " + _(
            "(went back to an earlier season, counted apart): {endings}").format(
                endings="; ".join(_("{outcome} {count}").format(outcome=name, count=n) for name, n in d.hindsight)))))
    if d.endings:
        found.append(Paragraph(line(b(_("Endings:")), " " + "; ".join(
            _("{ending} ({count})").format(ending=t, count=n) for t, n in d.endings))))
    return Section(line(_("How the class ended")), tuple(found), key="endings")


def chart(d: Debrief) -> Section | None:
    """Every student's line, coloured by how the run ended (the names are the lines' tooltips)."""
    if not d.meter:
        return None
    series = tuple(Series(name, values, OUTCOME_COLOURS.get(outcome, "#888888"), outcome_name(outcome))
                   for name, outcome, values in d.series)
    legend = tuple((outcome_name(k), OUTCOME_COLOURS[k]) for k in OUTCOME_NAMES if any(o == k for _n, o, _v in d.series))
    drawn = Chart(_("{meter} in every student's run").format(meter=d.meter_name), d.labels, series,
                  _("One line per student, coloured by how the run ended; a line that stops early is a run that "
                    "collapsed (or was handed in) before the end. Meter on the 0-100 scale: of the meters that moved, the "
                    "one whose final values differ most between the endings."), legend=legend)
    return Section(line(_("Every run: {meter}").format(meter=d.meter_name)), (drawn,), key="chart")


def contested(d: Debrief) -> Section:
    if not d.contested:
        return Section(line(_("Where the class split")), (Paragraph(line(_("The class agreed on every dilemma it met."))),),
                       "new-page", "contested")
    said = Paragraph(line(_("The three dilemmas the class disagreed on most: how it split and how each group's runs "
                            "ended, what Pyongyang did, and the essay's words.")), "dim")
    return Section(line(_("Where the class split")), (said, *map(_card, d.contested)), "new-page", "contested")


def _card(split: Split) -> Section:
    groups = [line(group_line(g, split.met), *_pyongyang(g.history)) for g in split.groups]
    if split.history_option and not any(g.history for g in split.groups):
        before, _mark, after = _("nobody chose {option}").partition("{option}")
        groups.append(line(before, Span(split.history_option, "quoted"), after, *_pyongyang(True)))
    essay = ", ".join(split.essay)
    told = [Items(tuple(groups)), Paragraph(line(Span(_(INVENTED), "invented"))) if split.invented else None,
            Paragraph(line(b(_("What happened:")), f" {split.history}"), "history"),
            _quote(split, f"{essay}: "),
            Paragraph(line(b(_("Ask:")), " " + _("one student from each group: why? Which group does {paragraphs} side "
                                                  "with?").format(paragraphs=essay)), "ask")]
    return Section(line(split.title, " ", dim(_first_met(split))), tuple(t for t in told if t is not None), "card")


def _first_met(split: Split) -> str:
    return _("(first met {date}; {students})").format(date=split.first_date, students=plural(split.met, "student"))


def _quote(split: Split, before: str) -> Quote:
    """The essay's words as written (in English), with their translation beside them where the content has one."""
    translated = (" ", dim(_("(our translation: {translation})").format(translation=split.quote_translation))
                  ) if split.quote_translation else ()
    return Quote(line(before, Span(split.quote, "quoted"), *translated))


def _pyongyang(history: bool) -> tuple[Inline, ...]:
    return (" ", Span(_("what Pyongyang did"), "tag")) if history else ()


def prompts(d: Debrief) -> Section:
    return Section(line(_("For discussion")), (Items(tuple(line(_(p)) for p in CLASS_PROMPTS), ordered=True),),
                   key="prompts")


def separators(d: Debrief) -> Section:
    title = line(_("Appendix: the decisions that most separated the runs"))
    if not d.separators:
        return Section(title, (Paragraph(line(_("Too few to tell: no option was taken by {least} students and refused "
                                                "by {least} others.").format(least=MIN_GROUP))),), "new-page", "separators")
    if d.too_few:
        said = _("Among the students who met a dilemma: how many ended in {good} when they took the option, and when they "
                 "chose otherwise. Only options taken by at least {least} students and refused by at least {least} are "
                 "compared ({left_out} between smaller groups left out: too few to tell).")
    else:
        said = _("Among the students who met a dilemma: how many ended in {good} when they took the option, and when they "
                 "chose otherwise. Only options taken by at least {least} students and refused by at least {least} are "
                 "compared.")
    shown = Paragraph(line(said.format(good=d.good, least=MIN_GROUP, left_out=plural(d.too_few, "comparison"))))
    rows = tuple((line(s.title), line(s.option, " " if s.history else None,
                                      Span(_("as Pyongyang"), "tag") if s.history else None),
                  line(share(s.good_took, s.takers)), line(share(s.good_chose_otherwise, s.others))) for s in d.separators)
    table = Table((Column(_("Dilemma")), Column(_("Option")), Column(_("Took it"), num=True),
                   Column(_("Chose otherwise"), num=True)), rows)
    return Section(title, (shown, table), "new-page", "separators")


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
        if state.collapse_kind:
            ended = _("{outcome} ({kind})").format(outcome=outcome_name(state.outcome),
                                                   kind=presenter.kind_name(state.collapse_kind))
        else:
            ended = outcome_name(state.outcome)
        if ending:
            ended = _("{outcome}: {ending}").format(outcome=ended, ending=ending.title)
        rows.append((line(entry.name), line(ended), line(_("{turn} of {last}").format(turn=state.turn, last=state.last_turn)),
                     line(Span(entry.code, "code"))))
    rows += [(line(c.name), line(dim(_("the same run as {name}'s: counted once").format(name=c.same_as)))) for c in d.copies]
    found: list[Block] = [Table((Column(_("Student")), Column(_("Ending")), Column(_("Turns"), num=True),
                                 Column(_("Run code"), code=True)), tuple(rows))]
    if d.bad:
        found.append(Section(line(_("Lines not read")), (Items(tuple(
            line(_("Line {line}:").format(line=bad.line) + " ", Span(bad.text[:80], "code"), f": {bad.reason}")
            for bad in d.bad)),)))
    return Section(line(_("The students' runs")), tuple(found), key="roster")


def splits(d: Debrief) -> Section:
    said = Paragraph(line(_("Each student counts once per dilemma, by their first answer to it (some dilemmas come "
                            "back).")), "dim")
    return Section(line(_("How the class split, dilemma by dilemma")), (said, *map(_split, d.splits)), key="splits")


def _split(split: Split) -> Section:
    rows: list[tuple[Line, ...]] = []
    for group in split.groups:
        rows.append((line(group.label, *_pyongyang(group.history)),
                     line(_("{count} of {met}").format(count=len(group.students), met=split.met) + " ",
                          Bar(len(group.students) / max(1, split.met))),
                     line(endings_text(group.endings), Span(", ".join(group.students), "note"))))
    if split.history_option and not any(g.history for g in split.groups):
        rows.append((line(split.history_option, *_pyongyang(True)), line(_("{count} of {met}").format(count=0, met=split.met)),
                     line(dim(_("nobody chose it")))))
    table = Table((Column(_("Option")), Column(_("Students"), num=True), Column(_("How their runs ended"))), tuple(rows))
    mark = (" ", Span(_(INVENTED), "invented")) if split.invented else ()
    return Section(line(split.title, *mark, " ", dim(_first_met(split))),
                   (table, Paragraph(_quote(split, ", ".join(split.essay) + ": ").text, "dim")), "dilemma")


def _kind(name: str) -> str:
    return "good" if name == outcome_name("soft_landing") else "bad" if name == outcome_name("collapse") else ""


#: the debrief's sections in the order read: the handout's first page, its second, then the appendix
SECTIONS: tuple[Callable[[Debrief], Section | None], ...] = (
    endings, chart, contested, prompts, separators, turning, roster, splits)
