"""Checks that the content is true to history and usable in a classroom.

:mod:`game.content.validate` checks that content can be played; this module checks what a teacher
relies on. For the metadata: that an event's ``history_option`` is one of its options, that history
notes name their sources, that every paragraph the game cites has a summary, and that the glossary is
unambiguous. For the history itself: that a text naming a date is true whenever the game can show it,
that a price its History note dates is not shown before that date, that an ending names only the dates
of the run it closes, that a History note speaks of history and not of the game, that a quote is not
spread over many dilemmas, and that a regime's reason never denies the phase it may fire from. Each
family of checks is one function (those of dates and figures in :mod:`game.content.validate_dates`);
:func:`check_history` runs them all. The history checks give warnings: a wrong date or a note about the
game can still be played (and an old copy of the content still loads), but the content tests accept
none of them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from game.i18n import _
from game.rules.model import ESSAY_PARAGRAPHS, Content
from game.rules.model import FOLLOWUP_WAIT as FOLLOWUP_WAIT
from game.rules.conditions import Condition
from game.rules.premises import check_premises
from game.content.problem import Problem
from game.content.validate_dates import Window as Window
from game.content.validate_dates import _figures as _figures
from game.content.validate_dates import YEAR, Report, check_dated_figures, check_dates, event_windows
from game.content.validate_dates import dated_figures as dated_figures
from game.content.validate_dates import dated_problems as dated_problems
from game.rules.variants import ENDING_PLACEHOLDERS, placeholders

_URL = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")


#: the most items that may share one quote: a quote chosen for its dilemma rarely fits three
MAX_QUOTE_USES = 2
MIN_SENTENCE_WORDS = 5

#: words that belong to notes for authors or to the game's rules, never to a History note
_NOT_HISTORY = re.compile(
    r"\b(fact sheet|the game|in the game|player|players|in play|this run|here|scenario|meter|meters|flag|"
    r"option|options|this season|the season brings|if no |if the programme)\b", re.IGNORECASE)

#: a reason of a transition open to several phases must not deny any of them
_DENIAL = re.compile(r"\b(without|no|never|not)\b[^.;,()]*\b(reform\w*|collaps\w*|crisis|strain\w*)", re.IGNORECASE)


def check_history(content: Content, where: Mapping[tuple[str, str], str] | None = None) -> list[Problem]:
    """Every history and classroom problem of ``content``; ``where`` maps (kind, id) to its file."""
    where = where or {}
    problems: list[Problem] = []

    def report(kind: str, ident: str, field: str, message: str, level: str = "error", cascade: bool = False) -> None:
        problems.append(Problem(where.get((kind, ident), "?"), message, kind, ident, field, level,  # type: ignore[arg-type]
                                cascade=cascade))

    check_teacher_metadata(content, report)
    check_dates(content, report)
    check_dated_figures(content, report)
    check_variants(content, report)
    check_premises(content, report, event_windows(content))
    check_endings(content, report)
    check_history_notes(content, report)
    check_quotes(content, report)
    check_reasons(content, report)
    return problems


def _cited(content: Content) -> dict[str, str]:
    """Every paragraph the content cites -> one thing that cites it, as 'kind id'."""
    cited: dict[str, str] = {}
    groups: Iterable[tuple[str, Iterable]] = (
        ("meter", content.meters.values()), ("event", content.events.values()),
        ("policy", content.policies.values()), ("ending", content.endings),
        ("transition", content.transitions), ("drift", content.drift))
    for kind, things in groups:
        for thing in things:
            for paragraph in thing.essay:
                cited.setdefault(paragraph, f"{kind} {thing.id}")
    return cited


def check_teacher_metadata(content: Content, report: Report) -> None:
    """history_option, sources, paragraph summaries and the glossary.

    The completeness checks apply once a folder takes part: as soon as one event names a source,
    every history note must; as soon as one paragraph has a summary, every cited paragraph must.
    A folder without any (a small test folder, a new mod) stays valid.
    """
    uses_sources = any(e.sources for e in content.events.values())
    told = False  # the rule is explained in full once, at its first breach
    for event in content.events.values():
        options = [o.id for o in event.options]
        if event.history_option is not None and event.history_option not in options:
            report("event", event.id, "history_option",
                   _("'{option}' is not an option of this event (options: {options})").format(
                       option=event.history_option, options=", ".join(options)))
        for n, url in enumerate(event.sources):
            if not _URL.match(url):
                report("event", event.id, f"sources[{n}]", _("{url} is not a web address (https://...)").format(url=repr(url)))
        if len(set(event.sources)) < len(event.sources):
            report("event", event.id, "sources", _("names the same source twice"), "warning")
        if uses_sources and event.history.strip() and not event.sources:
            why = "" if told else _(": once any dilemma of the content names its sources (the game's own do), every "
                                    "history note must, so that the History screen and the handout can cite them; add "
                                    "sources = [\"https://...\"] with the pages the note rests on, or leave history "
                                    "empty for a dilemma of a world that never was")
            told = True
            report("event", event.id, "sources",
                   _("the history note names no source (sources = [\"https://...\"]){why}").format(why=why))

    for paragraph in content.paragraphs.values():
        if paragraph.id not in ESSAY_PARAGRAPHS:
            report("paragraph", paragraph.id, "id", _("no essay paragraph {paragraph} (P1-P26, N1-N2)").format(
                paragraph=paragraph.id))
        if not paragraph.summary.strip():
            report("paragraph", paragraph.id, "summary", _("is empty"))
    if content.paragraphs:
        for cited, user in sorted(_cited(content).items()):
            if cited not in content.paragraphs:
                report("paragraph", cited, "summary",
                       _("{user} cites {paragraph}, which has no [[paragraph]] summary (content/essay.toml)").format(
                           user=user, paragraph=cited), cascade=True)

    seen: dict[str, str] = {}
    for term in content.glossary.values():
        if not term.term.strip():
            report("term", term.id, "term", _("is empty"))
        if not term.definition.strip():
            report("term", term.id, "definition", _("is empty"))
        for n, word in enumerate((term.term, *term.aliases)):
            key = word.strip().casefold()
            field = "term" if n == 0 else f"aliases[{n - 1}]"
            if not key:
                if n:
                    report("term", term.id, field, _("is empty"))
                continue
            if key in seen and seen[key] != term.id:
                report("term", term.id, field, _("'{word}' also points to term '{term}'").format(word=word, term=seen[key]))
            seen.setdefault(key, term.id)


def check_variants(c: Content, report: Report) -> None:
    """A variant tells the same event another way: it says something of its own, under a condition that can
    hold and that reads what the run did (a flag, a policy or the regime's phase, not only meters or the date)."""
    flags_set = {f for s in c.scenarios.values() for f in s.flags}
    flags_set.update(f for e in c.events.values() for o in e.options for f in o.set_flags)
    for event in c.events.values():
        worded: list[tuple[str, Condition, bool]] = []  # field, condition, whether it says anything
        for n, variant in enumerate(event.variants):
            worded.append((f"variants[{n}]", variant.when, bool(variant.text or variant.add)))
            if " ".join(variant.text.split()) == " ".join(event.text.split()):
                report("event", event.id, f"variants[{n}].text", _("is the same as the event's text"), "warning")
        for n, option in enumerate(event.options):
            worded += [(f"options[{n}].variants[{k}]", v.when, bool(v.label or v.result))
                       for k, v in enumerate(option.variants)]
        for field, when, says in worded:
            if not says:
                report("event", event.id, field, _("says nothing: give it a text or an add (a label or a result for "
                                                   "an option's variant)"))
            if not (when.flags or when.policies or when.phases):
                report("event", event.id, f"{field}.when", _("reads no flag, policy or phase: a variant tells what the "
                                                             "run did, not only the meters or the date"), "warning")
            for flag in sorted(when.flags - flags_set):
                report("event", event.id, f"{field}.when", _("reads flag '{flag}', which nothing sets{hint}").format(
                    flag=flag, hint=""), "warning", cascade=True)


def check_endings(c: Content, report: Report) -> None:
    """An ending closes runs of every scenario: it dates itself with placeholders, never with a year of the campaign."""
    first_year = min((s.start.year for s in c.scenarios.values()), default=0)
    for ending in c.endings:
        for field in ("title", "text", "verdict"):
            text = getattr(ending, field)
            try:
                names = placeholders(text)
            except ValueError as error:
                report("ending", ending.id, field,
                       _("its braces do not parse ({error}); write {{when}}, {{year}} ...").format(error=error), "warning")
                continue
            for name in names:
                if name not in ENDING_PLACEHOLDERS:
                    known = ", ".join("{" + k + "}" for k in ENDING_PLACEHOLDERS)
                    report("ending", ending.id, field, _("unknown placeholder {{{name}}} (known: {known})").format(
                        name=name, known=known), "warning")
            for match in YEAR.finditer(text):
                if int(match.group(0)) >= first_year:
                    report("ending", ending.id, field,
                                 _("names the year {year}, which is not in every run it can close: "
                                   "use {{when}}, {{year}} or {{start_year}}").format(year=match.group(0)), "warning")


def check_history_notes(c: Content, report: Report) -> None:
    """A History note speaks of history only: no notes to authors, no rules of the game."""
    for event in c.events.values():
        for match in _NOT_HISTORY.finditer(event.history):
            report("event", event.id, "history",
                         _("'{words}' speaks of the game or its sources, not of history").format(words=match.group(0)),
                         "warning")


def check_quotes(c: Content, report: Report) -> None:
    """A quote is chosen for its item: the same sentence on many dilemmas argues none of them."""
    items = [("event", e.id, e.quote) for e in c.events.values()]
    items += [("policy", p.id, p.quote) for p in c.policies.values()]
    items += [("ending", e.id, e.quote) for e in c.endings]
    items += [("meter", m.id, m.quote) for m in c.meters.values()]

    def sentence(quote: str) -> str | None:  # a fragment of a few words (or a test's "x") is no chosen sentence
        words = quote.split()
        return " ".join(words).lower() if len(words) >= MIN_SENTENCE_WORDS else None

    uses = Counter(s for _, _, q in items if (s := sentence(q)))
    for kind, ident, quote in items:
        key = sentence(quote)
        count = uses[key] if key else 0
        if count > MAX_QUOTE_USES:
            report(kind, ident, "quote", _("the same quote is used {count} times (at most {most}): choose the sentence "
                                           "that makes this item's point").format(count=count, most=MAX_QUOTE_USES),
                   "warning")


def check_reasons(c: Content, report: Report) -> None:
    """A transition that can fire from several phases gives a reason true in each of them."""
    for transition in c.transitions:
        if "*" not in transition.source and len(transition.source) < 2:
            continue
        denial = _DENIAL.search(transition.reason)
        if denial:
            report("transition", transition.id, "reason",
                         _("'{words}' is false for a regime that reaches it from another phase").format(
                             words=denial.group(0)), "warning")
