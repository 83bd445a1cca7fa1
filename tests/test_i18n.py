"""The text layer: interface strings through gettext catalogs, content texts keyed by item and field, the
language's forms of dates, ``check --lang``, and a whole campaign played in a test language with the
same run code as in English."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from game import i18n

from game.content import translations
from game.api import Game
from game.cli import main
from game.content.loader import DEFAULT_CONTENT, content_items, load_content
from game.files.replay import decode_run, encode_run

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"


def wrap(text: str) -> str:
    """The test language: the English, wrapped, so a translated string is known on screen."""
    return f"«{text}»"


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.use("en")


@pytest.fixture
def xx_catalog(tmp_path) -> Path:
    """Every interface string of the template, wrapped, compiled by Babel into a catalog of language xx."""
    with open(ROOT / "game" / "locale" / "messages.pot", "rb") as template:
        catalog = read_po(template, locale="en")
    for message in catalog:
        if message.id:
            message.string = wrap(message.id) if isinstance(message.id, str) else tuple(wrap(m) for m in message.id)
    folder = tmp_path / "locale" / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / f"{i18n.DOMAIN}.mo", "wb") as out:
        write_mo(out, catalog)
    return tmp_path / "locale"


@pytest.fixture
def xx_content(tmp_path) -> Path:
    """The game's content with every text translated into xx (the English, wrapped), hashes as check wants."""
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, root)
    entries = [f'["{key}"]\ntext = """{wrap(text)}"""\nsource = "{translations.source_hash(text)}"\n'
               for key, text in translations.english(content_items(root)).items()]
    (root / "lang" / "xx").mkdir(parents=True)
    (root / "lang" / "xx" / "all.toml").write_text("\n".join(entries), encoding="utf-8")
    return root


def test_english_is_the_fallback_for_an_unknown_language_and_a_missing_string(xx_catalog):
    assert i18n.use("zz") == "zz"
    assert i18n._("The country") == "The country" and i18n.date_text(2004, 2) == "Spring 2004"
    i18n.use("xx", extra=[xx_catalog])
    assert i18n._("The country") == "«The country»"
    assert i18n._("a string no catalog has") == "a string no catalog has"


def test_the_language_comes_from_the_environment_when_not_given(monkeypatch):
    monkeypatch.setenv(i18n.ENV, "ko-KR")
    assert i18n.chosen() == "ko_KR" and i18n.chosen("de") == "de"
    monkeypatch.delenv(i18n.ENV)
    assert i18n.chosen() == "en"


def test_dates_and_numbers_take_the_language_forms(xx_catalog):
    assert i18n.season_of(2008, 2) == "the spring of 2008" and i18n.season_of(2011, 4) == "the end of 2011"
    assert i18n.number(12345) == "12,345"
    i18n.use("de")
    assert i18n.number(12345.5, 1) == "12.345,5" and i18n.percent(0.42) == "42\xa0%"
    i18n.use("xx", extra=[xx_catalog])
    assert i18n.date_text(2004, 2) == "«{season} {year}»".format(season="«Spring»", year=2004)
    assert i18n.season_of(2008, 2) == "«the spring of 2008»"


def test_content_texts_are_laid_over_by_key_and_the_rules_are_untouched(xx_content, content):
    translated, problems = load_content(xx_content, lang="xx")
    assert translated is not None and not [p for p in problems if p.level == "error"]
    assert translated.fingerprint == content.fingerprint
    event = next(iter(content.events.values()))
    mine = translated.events[event.id]
    assert mine.title == wrap(event.title) and mine.options[0].label == wrap(event.options[0].label)
    assert mine.options[0].effects == event.options[0].effects and mine.when == event.when
    assert translated.meters["economy"].name == wrap(content.meters["economy"].name)
    english, _ = load_content(xx_content, lang="en")
    assert english.events[event.id].title == event.title


def test_a_mod_carries_its_own_translation_and_a_missing_text_stays_english(content):
    translated, _ = load_content(mods=[DATA / "lang_mod"], lang="xx")
    assert translated.meters["economy"].name == "Ekonomy"
    assert translated.meters["unrest"].name == content.meters["unrest"].name


def test_check_lang_names_stale_extra_and_missing_texts_with_file_and_key(capsys):
    code = main(["check", "--mod", str(DATA / "lang_mod"), "--lang", "xx"])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 1
    assert "texts.toml:7: ending.survival_reforming.title: stale" in out
    assert "texts.toml:11: meter.no_such_meter.name: extra" in out
    total = len(translations.english(content_items()))
    assert ": missing (reads in English)" in out and "meter.economy.name: missing" not in out
    assert f"1 of {total} texts up to date; {total - 2} missing, 1 stale, 1 extra" in out
    assert "English-only checks" in out and "skipped" in out


def test_check_lang_passes_a_complete_translation_and_writes_a_template(xx_content, tmp_path, capsys):
    assert main(["check", str(xx_content), "--lang", "xx"]) == 0
    assert "0 missing, 0 stale, 0 extra" in " ".join(capsys.readouterr().out.split())
    wanted = tmp_path / "todo.toml"
    main(["check", "--mod", str(DATA / "lang_mod"), "--lang", "xx", "--template", str(wanted)])
    todo = wanted.read_text(encoding="utf-8")
    assert '["ending.survival_reforming.title"]' in todo and '["meter.economy.name"]' not in todo


def test_the_template_catalog_holds_every_marked_string_of_the_code(tmp_path):
    """messages.pot is what scripts/catalogs.py extracts today: run it after wrapping a new string."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import catalogs
        fresh = tmp_path / "messages.pot"
        catalogs.extract(fresh)
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert fresh.read_text(encoding="utf-8") == (ROOT / "game" / "locale" / "messages.pot").read_text(encoding="utf-8"), \
        "game/locale/messages.pot is out of date: run python scripts/catalogs.py extract"


def test_every_command_takes_lang():
    out = subprocess.run([sys.executable, "-m", "game", "simulate", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert "--lang" in out.stdout
    assert main(["--lang", "xx", "check"]) == 0


async def test_a_campaign_in_the_test_language_shows_it_and_replays_the_english_run_code(
        xx_catalog, xx_content, tmp_path, content):
    from test_tui import shortest_scenario
    from test_tui_support import on_screen, screen_text, start_new_game, wait_for_content

    from game.tui.app import SoftLandingApp
    from game.tui.widgets.dilemma import DilemmaCard

    i18n.use("xx", extra=[xx_catalog])
    scenario = shortest_scenario(content)
    app = SoftLandingApp(content_dir=xx_content, saves_dir=tmp_path / "saves")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_content(pilot, app)
        assert "«New game»" in screen_text(app)
        assert "«Endings»" in screen_text(app), "Textual's footer shows the keys in the player's language"
        await start_new_game(pilot, app, scenario, 11)
        game = app.game
        card = app.screen.query_one(DilemmaCard)
        assert on_screen(app, "«The country»")
        seen = 0
        for _ in range(200):
            if game.over:
                break
            if card.mode == "dilemma":
                assert game.dilemma.title.startswith("«") and on_screen(app, game.dilemma.title, card)
                seen += 1
                await pilot.press("1")
            elif card.mode == "result" and game.dilemma:
                await pilot.press("enter")
            else:
                await pilot.press("e")
            await pilot.pause()
        assert game.over and seen > 0
        code = app.session.run_code()
    i18n.use("en")
    assert code is not None
    replayed = decode_run(code, content)  # the English content reads the code and plays the same game
    assert replayed.state.ending == game.state.ending and replayed.state.moves == game.state.moves
    assert encode_run(replayed) == code


def test_the_interface_catalog_report_finds_an_uncompiled_po_and_a_lost_placeholder(tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    shutil.copy(ROOT / "game" / "locale" / "messages.pot", tmp_path / "messages.pot")
    assert i18n.catalog_report("xx", tmp_path)[2][0].endswith("no catalog yet (python scripts/catalogs.py init xx)")
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = Catalog(locale="en")
    catalog.add("The country", "«The country»")
    catalog.add("{season} {year}", "«{season} {year}»")

    def save() -> None:
        with open(folder / f"{i18n.DOMAIN}.po", "wb") as out:
            write_po(out, catalog)

    save()
    with open(folder / f"{i18n.DOMAIN}.mo", "wb") as out:
        write_mo(out, catalog)
    done, total, problems = i18n.catalog_report("xx", tmp_path)
    assert (done, problems) == (2, []) and total > 100
    catalog = Catalog(locale="en")  # the .po changed, the .mo not compiled again
    catalog.add("The country", "«Das Land»")
    catalog.add("{season} {year}", "«{season}»")
    save()
    problems = i18n.catalog_report("xx", tmp_path)[2]
    assert any("older than its .po" in p for p in problems)
    assert any("keep the placeholders ['season', 'year']" in p for p in problems)


def test_an_ending_is_dated_in_the_players_language(xx_catalog, xx_content, content):
    from game.files.replay import replay_moves
    from game.rules.variants import shown_ending

    i18n.use("xx", extra=[xx_catalog])
    translated, _ = load_content(xx_content)
    game = Game.new(translated, "default", 3)
    while not game.over:
        game.play(f"{game.dilemma.id}:{game.options()[0].id}" if game.dilemma else "end")
    ending = next(e for e in translated.endings if "{when}" in e.text)
    shown = shown_ending(translated, game.state, ending)
    date = game.state.date
    assert shown.text.startswith("«") and i18n.season_of(date.year, date.quarter) in shown.text
    assert i18n.season_of(date.year, date.quarter).startswith("«the ")
    english = replay_moves(content, "default", 3, game.state.moves)
    assert english.state.ending == game.state.ending
