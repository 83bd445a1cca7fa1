"""The after-action report without the interface: ``soft-landing report``, its HTML and Markdown."""

from __future__ import annotations

import html
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from attrs import evolve

from game.cli import main
from game.rules.model import Paragraph, Term
from game.content.loader import DEFAULT_CONTENT, load_or_raise
from game.files.saves import run_code, save_game
from game.sim.simulate import play
from game.sim.strategies import load_strategy
from game.views import report
from game.views.export import export
from game.views.report_html import html as report_html

VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source", "track", "wbr"}
SVG_EMPTY = {"line", "rect", "circle", "polyline", "path"}


class Checker(HTMLParser):
    """Parses a page and checks that every element closes in order, and that nothing loads or runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "src" or (value or "").lower().startswith("javascript:"):
                self.errors.append(f"<{tag} {name}={value!r}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.add(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check_page(page: str) -> Checker:
    checker = Checker()
    checker.feed(page)
    checker.close()
    assert not checker.errors, checker.errors[:5]
    assert checker.stack == [], checker.stack
    assert "script" not in checker.tags and "iframe" not in checker.tags and "link" not in checker.tags
    return checker


@pytest.fixture(scope="module")
def finished(content):
    return play(content, load_strategy("cautious"), 0, 3)


@pytest.fixture(scope="module")
def collapsed(content):
    for seed in range(40):
        game = play(content, load_strategy("random"), seed, 0)
        if game.state.outcome == "collapse":
            return game
    pytest.skip("no collapse in 40 random runs")


def test_the_html_report_parses_and_holds_every_dilemma_met(content, finished):
    page = report_html(finished, run_code(finished))
    checker = check_page(page)
    text = " ".join(" ".join(checker.text).split())
    for event in report.dilemmas_drawn(finished):
        assert " ".join(event.title.split()) in text
        assert " ".join(event.history.split())[:60] in text
    assert "<svg" in page and "2002" in text and "2011" in text  # charts with the years on the axis
    for indicator in content.indicators:
        assert indicator.name in text
    assert run_code(finished) in text
    assert "@media print" in page and "break-before: page" in page


def test_the_report_shows_each_decision_beside_what_pyongyang_did(content, finished):
    first = {e.id: evolve(e, history_option=e.options[0].id, sources=("https://example.org/a?b=1&c=<2>",))
             for e in content.events.values()}
    paragraphs = {f"P{n}": Paragraph(f"P{n}", f"Summary of paragraph {n}.") for n in range(1, 27)}
    glossary = {"songbun": Term("songbun", "songbun", "Family background as the state records it.", ("background",)),
                "nowhere": Term("nowhere", "zzyzx", "Not in any text.")}
    taught = evolve(content, events=first, paragraphs=paragraphs, glossary=glossary)
    game = play(taught, load_strategy("cautious"), 0, 3)
    rows = report.decision_rows(game)
    assert rows and all(r.history_option == taught.events[r.dilemma_id].options[0].label for r in rows)
    same = sum(r.option == r.history_option for r in rows)
    assert report.history_agreement(game) == (same, len(rows))
    page = report_html(game)
    check_page(page)
    assert "https://example.org/a?b=1&amp;c=&lt;2&gt;" in page and "<2>" not in page
    assert "Summary of paragraph" in page
    markdown = report.markdown(game)
    assert "what Pyongyang did" in markdown and "Summary of paragraph" in markdown
    verdict = " ".join(report.run_verdict(game))
    assert f"{same} of {len(rows)} decisions" in verdict
    questions = report.discussion_questions(game)
    assert len(questions) >= 3 and any(r.dilemma in q for r in rows for q in questions)
    terms = [t.term for t in report.glossary_used(game)]
    assert "zzyzx" not in terms


def test_text_from_content_is_escaped(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, folder)
    for path in (folder / "events").glob("*.toml"):
        text = path.read_text("utf-8")
        path.write_text(text.replace('title = "', 'title = "<script>alert(1)</script> & ', 1), "utf-8")
    hostile = load_or_raise(folder)
    titles = [e.title for e in hostile.events.values() if e.title.startswith("<script>")]
    assert titles
    game = play(hostile, load_strategy("cautious"), 0, 3)
    page = report_html(game, run_code(game))
    check_page(page)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page


def test_a_collapse_report_names_its_kind_and_chain(collapsed):
    page = report_html(collapsed)
    check_page(page)
    kind = collapsed.state.collapse_kind.replace("_", " ")
    assert kind in html.unescape(page)
    assert collapsed.state.transitions[-1].reason in html.unescape(page)


def test_the_report_command_writes_both_files_from_a_code_and_a_save(capsys, tmp_path, content, finished):
    md, page = tmp_path / "r.md", tmp_path / "r.html"
    assert main(["report", run_code(finished), "--md", str(md), "--html", str(page)]) == 0
    assert md.read_text("utf-8").startswith("# Soft Landing: after-action report")
    check_page(page.read_text("utf-8"))
    save = save_game(finished, "for the teacher", tmp_path)
    assert main(["report", str(save), "--html", str(tmp_path / "s.html")]) == 0
    assert (tmp_path / "s.html").read_text("utf-8") == page.read_text("utf-8")
    assert main(["report", run_code(finished)]) == 0  # no file named: the Markdown on the terminal
    assert "after-action report" in capsys.readouterr().out


@pytest.mark.parametrize("argument, status, words", [
    ("SL1-ZZZZZZZZZZZZ", 1, "damaged"),
    ("banana", 2, "not a run code"),
])
def test_the_report_command_refuses_what_it_cannot_read(capsys, argument, status, words):
    assert main(["report", argument, "--html", "unused.html"]) == status
    out = capsys.readouterr().out
    assert words in out and "Traceback" not in out
    assert not Path("unused.html").exists()


def test_an_unwritable_report_file_is_a_message(capsys, tmp_path, finished):
    assert main(["report", run_code(finished), "--html", str(tmp_path / "no" / "such" / "r.html")]) == 1
    assert "cannot write" in capsys.readouterr().out


def test_the_interface_export_writes_markdown_and_html(tmp_path, finished):
    path = export(finished, tmp_path, run_code(finished))
    assert path.suffix == ".md" and path.exists()
    assert path.with_suffix(".html").exists()
    check_page(path.with_suffix(".html").read_text("utf-8"))
