"""The game's own content gives a teacher what the validator can only check once it is there.

The validator's completeness checks apply once a folder takes part (tests/test_teacher_metadata.py
shows each on a small folder); these tests make sure the game's content takes part in every one.
"""

from __future__ import annotations

import re

from game.rules.model import ESSAY_PARAGRAPHS
from game.views.grounding import terms_in

#: the terms the texts use that a student is most likely to ask about: each must be in the glossary
CORE_TERMS = ("July measures", "Songun", "jangmadang", "Sunshine policy", "six-party talks", "BDA", "lustration",
              "chuch'e", "Juche", "Kaesong", "Kumgang", "Yongbyon", "NPT", "general markets", "inminban")


def _texts(content) -> list[str]:
    texts = []
    for event in content.events.values():
        texts += [event.title, event.text, event.history, event.quote]
        texts += [f"{o.label} {o.result}" for o in event.options]
    for ending in content.endings:
        texts += [ending.title, ending.text, ending.verdict]
    for policy in content.policies.values():
        texts += [policy.name, policy.description] + [f"{lv.name} {lv.description}" for lv in policy.levels]
    texts += [m.description for m in content.meters.values()] + [s.description for s in content.scenarios.values()]
    return texts


def test_every_history_note_names_its_sources(content):
    missing = [e.id for e in content.events.values() if not e.sources]
    assert not missing, f"history notes without sources: {', '.join(missing)}"
    for event in content.events.values():
        for url in event.sources:
            assert re.match(r"^https?://\S+\.\S+", url), f"{event.id}: {url}"


def test_every_pinned_event_names_what_pyongyang_did(content):
    """A pinned event is a moment of history, so it always has a historical answer, unless it belongs to a world
    that never was (tagged "invented", as Seoul's pledge of two states and what follows from it)."""
    missing = [e.id for e in content.events.values() if e.pinned and not e.history_option and "invented" not in e.tags]
    assert not missing, f"pinned events without history_option: {', '.join(missing)}"
    named = [e for e in content.events.values() if e.history_option]
    assert len(named) >= 0.75 * len(content.events)
    for event in named:
        assert event.history_option in {o.id for o in event.options}


def test_every_cited_paragraph_has_a_summary_of_two_or_three_sentences(content):
    cited = {p for e in content.events.values() for p in e.essay}
    assert cited <= set(content.paragraphs)
    assert set(content.paragraphs) <= ESSAY_PARAGRAPHS
    for paragraph in content.paragraphs.values():
        sentences = re.findall(r"[.!?](?:\s|$)", " ".join(paragraph.summary.split()) + " ")
        assert 2 <= len(sentences) <= 4, f"{paragraph.id}: {len(sentences)} sentences"
        assert len(paragraph.summary.split()) <= 90, f"{paragraph.id}: keep a summary short"


def test_a_summary_is_written_in_its_own_words(content):
    """No run of eight words of a summary is copied from the quotes the content takes from the essay."""
    quotes = " ".join(" ".join(e.quote.lower().split()) for e in content.events.values())
    for paragraph in content.paragraphs.values():
        words = re.findall(r"[\w'-]+", paragraph.summary.lower())
        for n in range(len(words) - 7):
            run = " ".join(words[n:n + 8])
            assert run not in quotes, f"{paragraph.id} copies '{run}'"


def test_the_glossary_explains_the_core_terms(content):
    for word in CORE_TERMS:
        assert terms_in(content.glossary, word), f"no glossary entry for '{word}'"


def test_every_glossary_entry_is_met_somewhere_in_the_texts(content):
    texts = _texts(content)
    met = {t.id for t in terms_in(content.glossary, *texts)}
    unmet = [t.term for t in content.glossary.values() if t.id not in met and t.id != "jangmadang"]
    assert not unmet, f"glossary entries no text uses: {', '.join(unmet)}"
