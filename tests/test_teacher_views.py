"""What a student sees beside a dilemma: the paragraph's summary, the citation, sources and terms."""

from __future__ import annotations

import pytest

from test_tui_support import screen_text, wait_for_content

from game.api import Game
from game.rules.model import Term
from game.tui.app import SoftLandingApp
from game.tui.screens.game import GameScreen
from game.tui.screens.glossary import GlossaryDialog
from game.tui.screens.grounding import GroundingDialog
from game.tui.screens.history import HistoryScreen
from game.views.grounding import campaign_terms, essay_citation, sections, terms_in

GLOSSARY = {
    "jangmadang": Term("jangmadang", "jangmadang", "A market.", ("market",)),
    "general_markets": Term("general_markets", "general market", "A legal market.", ()),
    "bda": Term("bda", "Banco Delta Asia", "A bank in Macau.", ("BDA",)),
    "chuche": Term("chuche", "chuch'e", "Self-reliance.", ("Juche",)),
}


def _ids(terms) -> list[str]:
    return [t.id for t in terms]


def test_terms_are_found_whole_in_the_order_they_appear():
    assert _ids(terms_in(GLOSSARY, "The BDA accounts; then the markets.")) == ["bda", "jangmadang"]
    assert _ids(terms_in(GLOSSARY, "Two GENERAL MARKETS open.")) == ["general_markets"]  # the longer form wins
    assert _ids(terms_in(GLOSSARY, "supermarkets and marketing", "chuch'e and juche")) == ["chuche"]
    assert terms_in(GLOSSARY, "nothing here") == ()
    assert terms_in({}, "market") == ()


def test_the_citation_names_the_paragraphs():
    assert essay_citation(["P14"]).startswith("Paragraph P14 of Andrei Lankov")
    assert essay_citation(["P22", "N2"]).startswith("Paragraphs P22, N2 of Andrei Lankov")
    assert "nautilus.org" in essay_citation([])


def test_an_event_shows_its_paragraph_sources_and_terms(content):
    event = content.events["kaesong_squeeze"]
    found = {s.heading: "\n".join(s.lines) for s in sections(event, content.paragraphs, content.glossary)}
    essay, history = found["The essay, P16"], found["History"]
    assert event.quote in essay
    assert " ".join(content.paragraphs["P16"].summary.split()) in essay
    assert "Paragraph P16 of Andrei Lankov" in essay
    assert event.history in history
    assert all(url in history for url in event.sources)
    assert "Kaesong Industrial Complex:" in found["Terms"]


def test_without_metadata_the_sections_are_the_quote_and_the_history(content):
    event = content.events["kaesong_squeeze"]
    found = sections(event, {}, {})
    assert [s.heading for s in found] == ["The essay, P16", "History"]
    assert "What the paragraph argues:" not in "\n".join(found[0].lines)


def test_the_terms_of_a_campaign_come_from_the_dilemmas_decided(content):
    game = Game.new(content, seed=3)
    assert campaign_terms(game) == ()
    decided = []
    while game.dilemma:
        decided.append(game.dilemma)
        game.answer(game.options()[0].id)
    found = campaign_terms(game)
    assert found
    for term in found:
        texts = [f"{e.title} {e.text} {e.history}" for e in decided] + [f"{o.label} {o.result}" for e in decided
                                                                      for o in e.options]
        assert terms_in({term.id: term}, *texts)


@pytest.mark.slow  # a whole pilot flow: CI runs it, the fast loop skips it
async def test_the_essay_dialog_and_the_glossary_in_play(tmp_path):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_content(pilot, app)
        await pilot.press("n", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        event = app.game.dilemma
        await pilot.press("g")
        assert isinstance(app.screen, GroundingDialog)
        text = screen_text(app)
        assert "What the paragraph argues" in text and f"Paragraph {event.essay[0]}" in text
        await pilot.press("escape")
        await pilot.press("1")
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("t")
        assert isinstance(app.screen, GlossaryDialog)
        assert "Terms met so far" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
