"""A section of a report's document as text on the screen, in the theme's colours.

The third renderer of :class:`~game.views.document.Document` beside the Markdown and the HTML: the
report screen shows the same sections the teacher's files carry. Tables become one line a row, charts
columns of block characters; every word goes in as plain text (:func:`~game.tui.widgets.text.styled`).
"""

from __future__ import annotations

from textual.content import Content

from game.tui.widgets.text import lines, markup, plain, styled
from game.views.charts import series_chart
from game.views.document import (
    Bar,
    Block,
    Chart,
    Facts,
    Items,
    Line,
    Paragraph,
    Quote,
    Section,
    SmallCharts,
    Table,
)

#: each style of a Span as a Textual style
STYLES = {"b": "bold", "i": "italic", "code": "bold", "dim": "dim", "note": "dim", "quoted": "italic",
          "link": "underline", "same": "$success", "tag": "$success", "differs": "$error", "invented": "bold $error",
          "soft_landing": "$success", "survival": "$primary", "collapse": "$error"}


def inline(text: Line) -> Content:
    """A line of the document with its styles."""
    parts: list[Content] = []
    for part in text:
        if isinstance(part, Bar):
            continue
        if isinstance(part, str):
            parts.append(plain(part))
        elif part.style == "note":
            parts += [plain(" ("), styled(part.text, "dim"), plain(")")]
        elif part.style == "quoted":
            parts.append(styled(f'"{part.text}"', STYLES["quoted"]))
        elif part.style in STYLES:
            parts.append(styled(part.text, STYLES[part.style]))
        else:
            parts.append(plain(part.text))
    return lines(parts, "")


def section(shown: Section, width: int = 70, top: bool = True) -> Content:
    """A section under its title (in the accent colour for a top section), each block below; a chart
    has at most ``width`` columns."""
    title = markup("[b $accent]$title[/]" if top else "[b]$title[/]", title=inline(shown.title))
    return lines([title, *(_block(block, width) for block in shown.blocks)])


def _block(block: Block, width: int) -> Content:
    if isinstance(block, Section):
        return lines([plain(""), section(block, width, top=False)])
    if isinstance(block, Paragraph):
        return inline(block.text)
    if isinstance(block, Items):
        if block.ordered:
            return lines(lines([plain(f"{n}. "), inline(item)], "") for n, item in enumerate(block.items, block.start))
        return lines(inline(item) for item in block.items)
    if isinstance(block, Facts):
        return lines(markup("[b]$label:[/] $value", label=fact.label, value=inline(fact.value)) for fact in block.facts)
    if isinstance(block, Quote):
        return markup("  $quote", quote=inline(block.text))
    if isinstance(block, Table):
        return lines(_row(row) for row in block.rows)
    if isinstance(block, Chart):
        return _chart(block, width)
    assert isinstance(block, SmallCharts)
    return lines(_chart(chart, width, height=1) for chart in block.charts)


def _row(row: tuple[Line, ...]) -> Content:
    """A table's row on one line: its first cell in bold, the others after it."""
    return lines([markup("[b]$first[/]", first=inline(row[0])), *(inline(cell) for cell in row[1:])], "  ·  ")


def _chart(chart: Chart, width: int, height: int = 2) -> Content:
    label = 14 if height > 1 else 24
    drawn = series_chart([(s.name if height > 1 else chart.title, s.values) for s in chart.series], chart.low,
                         chart.high, height=height, width=width if height > 1 else max(10, width - 10), label_width=label)
    said = [styled(chart.caption, "dim")] if chart.caption and height > 1 else []
    return lines([*said, *drawn])

