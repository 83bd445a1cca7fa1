"""Checks that the content is true to history and usable in a classroom.

:mod:`game.validate` checks that content can be played; this module checks what a teacher relies
on: that an event's ``history_option`` is one of its options, that history notes name their
sources, that every paragraph the game cites has a summary, and that the glossary is unambiguous.
Each family of checks is one function; :func:`check_history` runs them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from game.content import ESSAY_PARAGRAPHS, Content
from game.problem import Problem

_URL = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")

Report = Callable[..., None]


def check_history(content: Content, where: Mapping[tuple[str, str], str] | None = None) -> list[Problem]:
    """Every history and classroom problem of ``content``; ``where`` maps (kind, id) to its file."""
    where = where or {}
    problems: list[Problem] = []

    def report(kind: str, ident: str, field: str, message: str, level: str = "error") -> None:
        problems.append(Problem(where.get((kind, ident), "?"), message, kind, ident, field, level))  # type: ignore[arg-type]

    check_teacher_metadata(content, report)
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
    for event in content.events.values():
        options = [o.id for o in event.options]
        if event.history_option is not None and event.history_option not in options:
            report("event", event.id, "history_option",
                   f"'{event.history_option}' is not an option of this event (options: {', '.join(options)})")
        for n, url in enumerate(event.sources):
            if not _URL.match(url):
                report("event", event.id, f"sources[{n}]", f"{url!r} is not a web address (https://...)")
        if len(set(event.sources)) < len(event.sources):
            report("event", event.id, "sources", "names the same source twice", "warning")
        if uses_sources and event.history.strip() and not event.sources:
            report("event", event.id, "sources", "the history note names no source (sources = [\"https://...\"])")

    for paragraph in content.paragraphs.values():
        if paragraph.id not in ESSAY_PARAGRAPHS:
            report("paragraph", paragraph.id, "id", f"no essay paragraph {paragraph.id} (P1-P26, N1-N2)")
        if not paragraph.summary.strip():
            report("paragraph", paragraph.id, "summary", "is empty")
    if content.paragraphs:
        for cited, user in sorted(_cited(content).items()):
            if cited not in content.paragraphs:
                report("paragraph", cited, "summary",
                       f"{user} cites {cited}, which has no [[paragraph]] summary (content/essay.toml)")

    seen: dict[str, str] = {}
    for term in content.glossary.values():
        if not term.term.strip():
            report("term", term.id, "term", "is empty")
        if not term.definition.strip():
            report("term", term.id, "definition", "is empty")
        for n, word in enumerate((term.term, *term.aliases)):
            key = word.strip().casefold()
            field = "term" if n == 0 else f"aliases[{n - 1}]"
            if not key:
                if n:
                    report("term", term.id, field, "is empty")
                continue
            if key in seen and seen[key] != term.id:
                report("term", term.id, field, f"'{word}' also points to term '{seen[key]}'")
            seen.setdefault(key, term.id)
