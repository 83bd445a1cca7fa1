"""What a reader needs beside a dilemma: the essay's paragraph, the quote, the history, its sources, the terms.

Pure Python over the content, shared by the essay & history dialog and the reports: each view
gets the same sections in the same order, and formats them as it likes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING

from attrs import frozen

from game.rules.model import Dilemma, Paragraph, Term
from game.i18n import _, ngettext
from game.views.texts import INVENTED, citation

if TYPE_CHECKING:
    from game.api import Game


@frozen
class Section:
    """A heading and its lines of plain text (no markup)."""

    heading: str
    lines: tuple[str, ...]


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted(words, key=len, reverse=True)  # the longest form wins: "general market" before "market"
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in alternatives) + r")(?:s|es)?(?![\w-])",
                      re.IGNORECASE)


def terms_in(glossary: Mapping[str, Term], *texts: str) -> tuple[Term, ...]:
    """The glossary entries whose term or an alias appears in the texts, in order of first appearance."""
    forms: dict[str, Term] = {}
    for term in glossary.values():
        for word in (term.term, *term.aliases):
            if word.strip():
                forms.setdefault(word.strip().casefold(), term)
    if not forms:
        return ()
    found: dict[str, Term] = {}
    for match in _pattern(tuple(forms)).finditer("\n".join(texts)):
        term = forms[match.group(1).casefold()]
        found.setdefault(term.id, term)
    return tuple(found.values())


def essay_citation(paragraphs: Iterable[str]) -> str:
    """The essay's citation, with the paragraphs cited: 'Paragraph P14 of Andrei Lankov, ...'."""
    cited = list(paragraphs)
    if not cited:
        return citation()
    return ngettext("Paragraph {paragraphs} of {citation}", "Paragraphs {paragraphs} of {citation}", len(cited)).format(
        paragraphs=", ".join(cited), citation=citation())


def quote_lines(quote: str, translation: str) -> list[str]:
    """The essay's words as a reader sees them: the English quote, and under it the translation into the
    player's language where the content has one (the essay was written in English only)."""
    if not quote:
        return []
    shown = [f"\"{quote}\""]
    if translation:
        shown.append(_("(our translation: {translation})").format(translation=translation))
    return shown


def _paragraph_lines(dilemma: Dilemma, paragraphs: Mapping[str, Paragraph]) -> list[str]:
    lines = []
    for ident in dilemma.essay:
        summary = paragraphs.get(ident)
        if summary is not None:
            lines.append(_("{paragraph}: {summary}").format(paragraph=ident, summary=" ".join(summary.summary.split())))
    return lines


def sections(dilemma: Dilemma, paragraphs: Mapping[str, Paragraph], glossary: Mapping[str, Term]) -> tuple[Section, ...]:
    """The essay (quote and what its paragraph argues), the history and its sources, and the terms used."""
    essay = quote_lines(dilemma.quote, dilemma.quote_translation)
    summaries = _paragraph_lines(dilemma, paragraphs)
    if summaries:
        essay += ["", ngettext("What the paragraph argues:", "What the paragraphs argue:", len(summaries)), *summaries]
    essay += ["", essay_citation(dilemma.essay)]
    found = [Section(_("The essay, {paragraphs}").format(paragraphs=", ".join(dilemma.essay)), tuple(essay))]
    history = [_(INVENTED), "", dilemma.history] if dilemma.invented else [dilemma.history]
    if dilemma.sources:
        history += ["", _("Sources:"), *dilemma.sources]
    found.append(Section(_("History"), tuple(history)))
    terms = terms_in(glossary, dilemma.title, dilemma.text, dilemma.quote, dilemma.history)
    if terms:
        entries = [_("{term}: {definition}").format(term=t.term, definition=" ".join(t.definition.split())) for t in terms]
        found.append(Section(_("Terms"), tuple(line for entry in entries for line in ("", entry))[1:]))
    return tuple(found)


def campaign_terms(game: Game) -> tuple[Term, ...]:
    """The glossary entries met so far: in the dilemmas decided, their history notes and the options chosen."""
    texts = []
    records = [r.decisions for r in game.state.history] + [game.state.decisions]
    for decisions in records:
        for decision in decisions:
            dilemma = game.content.events.get(decision.event)
            if dilemma is None:
                continue
            option = next((o for o in dilemma.options if o.id == decision.option), None)
            texts += [dilemma.title, dilemma.text, dilemma.history] + ([option.label, option.result] if option else [])
    return terms_in(game.content.glossary, *texts)
