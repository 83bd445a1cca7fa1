"""The reports, the debrief and the views' sentences in another language: Korean (``--lang ko``) and the
test language xx of tests/test_i18n.py. No English sentence the views write is left in what a Korean
teacher reads, the Markdown and the page carry the same facts, dates read "2005년 가을", and the essay's
quotes stay in English with their translation beside them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from game import i18n

from game.files import classroom
from game.cli import main
from game.rules.model import Date
from game.content.loader import DEFAULT_CONTENT, content_items, load_content
from game.files.replay import encode_run
from game.files.saves import run_code
from game.sim.simulate import play, run_seeds
from game.sim.strategies import load_strategy
from game.content.translations import english
from game.views import debrief, gallery, grounding, presenter, report, texts
from game.views.charts import cells, fit
from game.views.report_html import html
from game.views.report_sections import document as report_document
from tests.test_document import assert_same_facts, markdown_text, page_text
from tests.test_i18n import english_after, xx_catalog, xx_content  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parent.parent
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(autouse=True)
def language_restored(monkeypatch):
    """``--lang`` also sets SOFT_LANDING_LANG for what the command starts: taken back after each test, with the
    language in use (english_after), so no later test speaks Korean."""
    monkeypatch.delenv(i18n.ENV, raising=False)


def view_ids() -> list[str | tuple[str, str]]:
    """Every message of the views as the catalog's template has it (a plural as its two English forms)."""
    with open(ROOT / "game" / "locale" / "messages.pot", "rb") as file:
        catalog = read_po(file)
    return [m.id for m in catalog if m.id and any(path.startswith("game/views/") for path, _ in m.locations)]


def view_messages() -> list[str]:
    """Every English message of the views, both forms of a plural."""
    return [text for ident in view_ids() for text in ([ident] if isinstance(ident, str) else ident)]


def english_pieces() -> set[str]:
    """The English words of the views' messages that a reader would know as English: each stretch between
    placeholders of two words or more, less those the content's own English also says (content is
    translated apart, by key)."""
    corpus = " ".join(" ".join(text.split()) for text in english(content_items(DEFAULT_CONTENT)).values())
    pieces = set()
    for message in view_messages():
        for piece in re.split(r"\{\w*\}", message):
            piece = " ".join(piece.split()).strip(" ,.;:()\"'*-")
            if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 2 and piece not in corpus:
                pieces.add(piece)
    return pieces


@pytest.fixture(scope="module")
def runs(content):
    """A collapse, a survival, and a branch of the first beside it."""
    main_line = play(content, load_strategy("reformer"), 0, 3)
    survival = play(content, load_strategy("cautious"), 0, 3)
    branch = play(content, load_strategy("random"), 5, 5)
    return main_line, survival, branch


@pytest.fixture(scope="module")
def class_file(content, tmp_path_factory) -> Path:
    code = classroom.class_code(content, "default", 31)
    run = classroom.read_code(code)
    strategies = ["random", "cautious", "reformer", "hardliner"]
    codes = [encode_run(play(content, load_strategy(strategies[n % 4]), run.seed, n, "default", run.deck))
             for n in range(12)]
    lines = [f"Student {n}: {c}" for n, c in enumerate(codes)] + [f"Student 0 again: {codes[0]}", "Bob: SL1-BAD"]
    path = tmp_path_factory.mktemp("class") / "codes.txt"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def left_in_english(shown: str, pieces: set[str]) -> list[str]:
    return sorted(p for p in pieces if p in shown)


def test_the_korean_catalog_translates_every_message_of_the_views():
    i18n.use("ko")
    untranslated = [m for m in view_ids() if re.search(r"[A-Za-z]{2,}", re.sub(r"\{\w*\}", "", str(m)))
                    and (i18n._(m) == m if isinstance(m, str) else i18n.ngettext(*m, 2) == m[1])]
    assert untranslated == []


def test_the_report_in_korean_leaves_no_english_sentence_of_the_views(runs, tmp_path, capsys):
    main_line, survival, branch = runs
    code = run_code(main_line)
    assert main(["--lang", "ko", "report", code, "--md", str(tmp_path / "r.md"), "--html", str(tmp_path / "r.html")]) == 0
    shown = [markdown_text((tmp_path / "r.md").read_text("utf-8")), page_text((tmp_path / "r.html").read_text("utf-8"))]
    assert '<html lang="ko">' in (tmp_path / "r.html").read_text("utf-8")
    i18n.use("ko")
    for game, comparison in ((survival, None), (branch, report.compare(main_line, branch))):
        # these two were played in English: their phase changes' reasons are words of that play, kept in the state
        played = [" ".join(change.reason.split()) for change in game.state.transitions]
        for text in (markdown_text(report.markdown(game, None, None, comparison)), page_text(html(game, None, None, comparison))):
            for reason in played:
                text = text.replace(reason, "")
            shown.append(text)
    pieces = english_pieces()
    assert len(pieces) > 100
    for text in shown:
        assert HANGUL.search(text)
        assert left_in_english(text, pieces) == []
    assert "연착륙: 판 돌아보기 보고서" in shown[0] and "2002년 여름" in shown[0]
    assert "이 판은 갈래다" in shown[-1]


def test_the_class_debrief_in_korean_leaves_no_english_sentence_of_the_views(class_file, tmp_path, capsys):
    md, page = tmp_path / "d.md", tmp_path / "d.html"
    assert main(["--lang", "ko", "debrief", str(class_file), "--md", str(md), "--html", str(page)]) == 0
    pieces = english_pieces()
    for text in (markdown_text(md.read_text("utf-8")), page_text(page.read_text("utf-8"))):
        assert "연착륙: 학급 토론 자료" in text and "학급이 갈린 곳" in text
        assert left_in_english(text, pieces) == []
    assert '<html lang="ko">' in page.read_text("utf-8")


def test_in_korean_the_markdown_and_the_page_carry_the_same_facts(runs, content):
    main_line, _survival, branch = runs
    i18n.use("ko")
    assert_same_facts(report_document(main_line, run_code(main_line)))
    assert_same_facts(report_document(branch, None, None, report.compare(main_line, branch)))
    deck = classroom.deck_for("classroom", 1235)
    games = [play(content, load_strategy("random"), 1235, run_seeds(1235, n)[1], "classroom", deck) for n in range(8)]
    entries = [classroom.Entry(n + 1, f"학생 {n + 1}", encode_run(g), g) for n, g in enumerate(games)]
    assert_same_facts(debrief.document(debrief.build(entries, [], content)))


def test_in_the_test_language_every_heading_and_table_head_is_translated(xx_catalog, runs, content):  # noqa: F811
    main_line, _survival, _branch = runs
    i18n.use("xx", extra=[xx_catalog])
    made = report_document(main_line, run_code(main_line))
    assert made.title.startswith("«")
    for section in made.sections:
        assert section.title[0].startswith("«"), section.title
    written = report.markdown(main_line, run_code(main_line))
    heads = [line for line in written.splitlines() if line.startswith("| ") and "---" not in line][:1]
    assert heads and all(cell.strip().startswith("«") for cell in heads[0].strip("|").split("|"))
    assert '<html lang="xx">' in html(main_line)
    games = [play(content, load_strategy(name), 0, 3) for name in ("reformer", "cautious", "random", "hardliner")]
    entries = [classroom.Entry(n + 1, f"S{n}", encode_run(g), g) for n, g in enumerate(games)]
    told = debrief.document(debrief.build(entries, [], content))
    assert told.title.startswith("«") and told.footer.startswith("«")
    for section in told.sections:
        assert section.title[0].startswith("«"), section.title


def test_dates_seasons_and_numbers_take_the_korean_forms():
    i18n.use("ko")
    assert presenter.date_name(Date(2005, 4)) == "2005년 가을"
    assert i18n.season_of(2008, 2) == "2008년 봄"
    assert presenter.outcome_with_kind("collapse", "absorption") == "붕괴 (흡수 통일)"
    assert presenter.points(4) == "4점"
    assert gallery.season_shown("Winter 2009") == "2009년 겨울", "the gallery's record keeps seasons in English"
    i18n.use("en")
    assert presenter.date_name(Date(2005, 4)) == "Autumn 2005"
    assert presenter.outcome_with_kind("collapse", "elite_split") == "Collapse (elite split)"


def test_a_wide_label_is_cut_and_padded_by_cells():
    label = fit("엘리트 충성도가 높다", 14)
    assert cells(label) == 14 and label.startswith("엘리트 충성")
    assert fit("Economy", 10) == "Economy   "


def test_the_help_and_essay_pages_read_in_the_language_english_the_fallback():
    i18n.use("ko")
    assert texts.text("help").startswith("# 하는 법")
    assert "안드레이 란코프" in texts.text("about") and "{citation}" not in texts.text("about")
    i18n.use("de")  # no German pages: English
    assert texts.text("help").startswith("# How to play")
    i18n.use("en")
    assert texts.text("about").startswith("# About the essay")


def test_a_translated_quote_stands_beside_the_english_one(xx_catalog, xx_content, content):  # noqa: F811
    i18n.use("xx", extra=[xx_catalog])
    translated, problems = load_content(xx_content)
    assert translated is not None
    dilemma = next(e for e in translated.events.values() if e.quote)
    original = content.events[dilemma.id]
    assert dilemma.quote == original.quote, "the essay's words stay as written"
    assert dilemma.quote_translation == f"«{original.quote}»"
    said = grounding.sections(dilemma, translated.paragraphs, translated.glossary)[0].lines
    assert said[0] == f"\"{original.quote}\"" and dilemma.quote_translation in said[1]
    game = play(translated, load_strategy("cautious"), 0, 3)
    written = report.markdown(game)
    met = [d for d in report.dilemmas_drawn(game) if d.quote]
    assert met and all(d.quote in written and d.quote_translation in written for d in met)
    assert all(p.quote == content.policies[p.id].quote and p.quote_translation for p in translated.policies.values()
               if p.quote)
