"""A report as data: a document of sections, paragraphs, lists, tables and charts, built once.

The after-action report (:mod:`game.views.report`) and the class debrief (:mod:`game.views.debrief`)
build a :class:`Document`; small renderers turn it into Markdown (:mod:`game.views.markdown`), a
printable HTML page (:func:`game.views.html.render`) and text on the screen
(:mod:`game.tui.widgets.document`). What a section says is written once, here in the builders; how
it looks is the renderers' part, so the two files a teacher gets always carry the same facts.

Text is a :data:`Line`: plain strings and :class:`Span` pieces with a style that each renderer
shows its own way (bold in both, a note in grey on the page and in brackets in Markdown). Pure: no
textual, no rich.
"""

from __future__ import annotations


from attrs import field, frozen
from attrs.validators import in_

#: the styles a Span may have; every renderer knows each of them
STYLES = frozenset({
    "b",  # bold
    "i",  # italic
    "code",  # a run code or a line of a file, in a fixed-width font
    "dim",  # secondary text
    "note",  # a second line under the text in a cell (a date under a turn, a result under a choice)
    "quoted",  # words quoted from the essay: curly quotes on the page, straight in Markdown
    "link",  # a source: a link when it is a web address
    "same",  # what Pyongyang did, where the player did it too
    "tag",  # a short mark beside a choice ("what Pyongyang did"): in colour on the page, in brackets in Markdown
    "differs",  # what Pyongyang did, where the player did otherwise
    "invented",  # the mark of a dilemma of a world that never was
    "indent",  # a row under the row above (a kind of collapse under "collapse")
    "soft_landing", "survival", "collapse",  # how a run ended, in its colour on the page
})


@frozen
class Span:
    """A piece of text in a style (one of :data:`STYLES`)."""

    text: str
    style: str = field(validator=in_(STYLES))


@frozen
class Bar:
    """A share 0-1 drawn as a small bar on the page (``kind`` "good" or "bad" colours it); Markdown leaves it out."""

    share: float
    kind: str = ""


Inline = str | Span | Bar
Line = tuple[Inline, ...]


def line(*parts: Inline | None) -> Line:
    """A line of text from its pieces, leaving out the None and empty ones."""
    return tuple(p for p in parts if p is not None and p != "")


def b(text: object) -> Span:
    return Span(str(text), "b")


def dim(text: object) -> Span:
    return Span(str(text), "dim")


@frozen
class Paragraph:
    """A paragraph; ``style`` names its kind on the page ("dim", "invented", "outcome survival", ...)."""

    text: Line
    style: str = ""


@frozen
class Items:
    """A list of items, numbered from ``start`` when ``ordered``."""

    items: tuple[Line, ...]
    ordered: bool = False
    start: int = 1
    style: str = ""  # the kind of every item on the page ("prompt": a discussion question in a box)


@frozen
class Fact:
    """A label and its value: the run's seed, a glossary term and its definition."""

    label: str
    value: Line
    own_line: bool = False  # a long value (a run code) starts a line of its own on the page


@frozen
class Facts:
    """Labelled values; ``inline`` ones run on in one block on the page (the report's header)."""

    facts: tuple[Fact, ...]
    inline: bool = False


@frozen
class Quote:
    """Words set apart: the essay's or an ending's quote."""

    text: Line


@frozen
class Column:
    """A table's column: its heading, and whether it holds numbers (right-aligned on the page)."""

    title: str
    num: bool = False
    code: bool = False  # run codes: fixed width


@frozen
class Table:
    """A table; a row shorter than the columns has its last cell span the rest."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Line, ...], ...]


@frozen
class Series:
    """One line of a chart: its name, its values (None where it has none), its colour if it has its own."""

    name: str
    values: tuple[float | None, ...]
    colour: str | None = None
    kind: str = ""  # what the colour stands for (how a student's run ended), said in words where there is no colour


@frozen
class Chart:
    """A line chart over the seasons in ``labels``, on a fixed scale (``low``/``high``) or the data's own (None)."""

    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    caption: str = ""
    low: float | None = 0.0
    high: float | None = 100.0
    legend: tuple[tuple[str, str], ...] = ()  # (name, colour) when the colours mean something other than the series


@frozen
class SmallCharts:
    """A row of small charts, each on its own scale (the indicators)."""

    charts: tuple[Chart, ...]


@frozen
class Section:
    """A titled part of a document; a section inside a section is one level down (a dilemma, a card)."""

    title: Line
    blocks: tuple[Block, ...]
    style: str = ""  # its kind on the page: "new-page" starts a printed page, "summary", "card", "dilemma"
    key: str = ""  # a name that stays when the title changes (the screen picks its sections by it)


Block = Paragraph | Items | Facts | Quote | Table | Chart | SmallCharts | Section


@frozen
class Document:
    """A whole report: its title, what stands under the title, its sections, and its source line."""

    title: str
    head: tuple[Block, ...]
    sections: tuple[Section, ...]
    footer: str = ""
