"""One document, two renderings: the report's and the debrief's Markdown and HTML carry the same facts.

Every section title, every piece of every table cell and every number of the document is in both
files; and the numbers a reader of each file sees are the same, one for one (the charts aside: the
page draws them, the Markdown file writes them as text).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from game.files import classroom
from game.files.replay import encode_run
from game.files.saves import run_code
from game.sim.simulate import play, run_seeds
from game.sim.strategies import load_strategy
from game.views import debrief, html as page, markdown, report
from game.views.document import (
    Bar,
    Chart,
    Column,
    Document,
    Fact,
    Facts,
    Items,
    Paragraph,
    Quote,
    Section,
    Series,
    SmallCharts,
    Span,
    Table,
    line,
)
from game.views.report_sections import document as report_document
from tests.test_report_html import check_page

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class Visible(HTMLParser):
    """The text a reader of the page sees, without the charts (drawn, not written) and the head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"svg", "style", "title", "head"}:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in {"svg", "style", "title", "head"}:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)


def squeeze(text: str) -> str:
    return " ".join(text.split())


def page_text(rendered: str) -> str:
    reader = Visible()
    reader.feed(rendered)
    return squeeze(" ".join(reader.text))


def markdown_text(rendered: str) -> str:
    """The Markdown's words: no chart blocks, no list numbers or marks, no emphasis, cells as text."""
    rendered = re.sub(r"```.*?```", " ", rendered, flags=re.S)
    rendered = re.sub(r"^(\s*)(\d+\.|-|#+|>)\s", r"\1", rendered, flags=re.M)
    rendered = re.sub(r"^\|(---\|)+$", "", rendered, flags=re.M)
    return squeeze(rendered.replace("**", "").replace("`", ""))


def plain_text(text) -> str:
    return "".join(p if isinstance(p, str) else p.text if isinstance(p, Span) else "" for p in text)


def pieces(doc: Document) -> tuple[list[str], list[str], list[str]]:
    """(section titles, pieces of table cells, every text of the document) as plain text."""
    titles: list[str] = []
    cells: list[str] = []
    texts: list[str] = []

    def walk(block) -> None:
        if isinstance(block, Section):
            titles.append(plain_text(block.title))
            texts.append(plain_text(block.title))
            for inner in block.blocks:
                walk(inner)
        elif isinstance(block, Table):
            texts.extend(c.title for c in block.columns)
            for row in block.rows:
                for cell in row:
                    cells.extend(p if isinstance(p, str) else p.text for p in cell if not isinstance(p, Bar))
        elif isinstance(block, Paragraph | Quote):
            texts.append(plain_text(block.text))
        elif isinstance(block, Items):
            texts.extend(plain_text(i) for i in block.items)
        elif isinstance(block, Facts):
            for fact in block.facts:
                texts.extend((fact.label, plain_text(fact.value)))
        elif isinstance(block, Chart):
            texts.append(block.caption)
        elif isinstance(block, SmallCharts):
            texts.extend(c.caption for c in block.charts)

    for block in (*doc.head, *doc.sections):
        walk(block)
    return titles, [c for c in cells if c.strip()], texts + cells


def assert_same_facts(doc: Document) -> None:
    shown_md = markdown_text(markdown.render(doc))
    rendered = page.render(doc)
    check_page(rendered)
    shown_html = page_text(rendered)
    titles, cells, texts = pieces(doc)
    assert titles
    for title in titles:
        assert squeeze(title) in shown_md and squeeze(title) in shown_html, title
    for cell in cells:
        words = squeeze(cell)
        assert words.replace("|", "/") in shown_md and words in shown_html, cell
    numbers = Counter(n for text in texts for n in NUMBER.findall(text))
    assert numbers
    for number in numbers:
        assert number in shown_md and number in shown_html, number
    # and one for one: no number said in one file and not the other
    assert Counter(NUMBER.findall(shown_md)) == Counter(NUMBER.findall(shown_html))


@pytest.fixture(scope="module")
def runs(content):
    main = play(content, load_strategy("cautious"), 0, 3)
    branch = play(content, load_strategy("random"), 5, 5)
    return main, branch


def test_the_report_says_the_same_in_markdown_and_html(runs):
    main, branch = runs
    assert_same_facts(report_document(main, run_code(main)))
    assert_same_facts(report_document(branch, None, None, report.compare(main, branch)))


def test_the_debrief_says_the_same_in_markdown_and_html(content):
    deck = classroom.deck_for("classroom", 1235)
    games = [play(content, load_strategy("random"), 1235, run_seeds(1235, n)[1], "classroom", deck) for n in range(12)]
    entries = [classroom.Entry(n + 1, f"Student <{n + 1}> | A", encode_run(g), g) for n, g in enumerate(games)]
    entries.append(classroom.Entry(13, "Ana again", entries[2].code, entries[2].game))
    bad = [classroom.BadLine(20, "nothing | here", "not a run code")]
    result = debrief.build(entries, bad, content)
    assert result.copies and result.splits
    assert_same_facts(debrief.document(result))


def test_a_span_of_an_unknown_style_is_refused():
    with pytest.raises(ValueError):
        Span("words", "bold")  # "b" is bold: a style no renderer knows would be shown as nothing in particular


def test_every_kind_of_block_is_rendered_in_both():
    doc = Document("A test & its <title>", (Paragraph(line("Outcome 1"), "outcome"), Facts((Fact("Seed", line("7")),), inline=True)), (
        Section(line("First", Span(" (dim)", "dim")), (
            Paragraph(line(Span("bold", "b"), " and ", Span("a <code>", "code"), " and ", Span("words", "quoted"))),
            Items((line("one"), line("two")), ordered=True, start=3),
            Quote(line("Said 12 times")),
            Table((Column("Name"), Column("Count", num=True)),
                  ((line("A | B"), line("3 of 4", Bar(0.75))), (line("C"),))),
            Chart("A chart", ("2002", "2003"), (Series("x", (1.0, 2.0)),), "Caption 99"),
            Section(line("Inside"), (Paragraph(line(Span("https://example.org/?a=1&b=2", "link"))),), "card"),
        ), "new-page", "first"),
    ), "Source: here")
    md, rendered = markdown.render(doc), page.render(doc)
    assert md.startswith("# A test & its <title>") and "## First (dim)" in md and "### Inside" in md
    assert "3. one" in md and "4. two" in md and "| A / B | 3 of 4 |" in md and "| C |  |" in md
    assert '"words"' in md and "`a <code>`" in md and "<https://example.org/?a=1&b=2>" in md and "Caption 99" in md
    check_page(rendered)
    assert "A test &amp; its &lt;title&gt;" in rendered and '<section class="new-page">' in rendered
    assert '<ol start="3">' in rendered and "<td colspan=2>C</td>" in rendered and 'class="bar' in rendered
    assert '<article class="card"><h3>Inside</h3>' in rendered and "\u201cwords\u201d" in rendered
    assert 'href="https://example.org/?a=1&amp;b=2"' in rendered and "<figcaption>Caption 99</figcaption>" in rendered
    assert html.unescape(page_text(rendered)).count("Source: here") == 1
    assert_same_facts(doc)


def test_adding_a_section_to_the_report_is_one_function(runs):
    """A section is a function of the run in one list: the Markdown and the page both show it."""
    from game.views import report_sections

    def turning_points(run: report_sections.Run) -> Section:
        return Section(line("Turning points"), (Paragraph(line(f"Seed {run.game.state.seed}")),), key="turning")

    main, _ = runs
    sections = report_sections.SECTIONS
    try:
        report_sections.SECTIONS = (*sections, turning_points)
        doc = report_sections.document(main)
        assert [s.key for s in doc.sections][-1] == "turning"
        assert "## Turning points" in markdown.render(doc) and "<h2>Turning points</h2>" in page.render(doc)
    finally:
        report_sections.SECTIONS = sections


def test_the_report_screen_shows_the_same_sections(runs):
    """The third rendering: each section on the screen carries its title, every table cell and every number."""
    from game.tui.widgets.document import section

    main, branch = runs
    doc = report_document(branch, None, None, report.compare(main, branch))
    for part in doc.sections:
        shown = squeeze(section(part, 60).plain)
        sub = Document("", (), (part,))
        titles, cells, texts = pieces(sub)
        for words in titles + cells:
            assert squeeze(words) in shown, words
        for number in {n for text in texts for n in NUMBER.findall(text)}:
            assert number in shown, (part.key, number)
