"""A :class:`~game.views.document.Document` as Markdown: the teacher's plain-text file.

Charts are drawn as text (one column per season, the first and last values beside them), a bar
drawn on the page is left out, and a table cell is kept to one line. Pure: no textual, no rich.
"""

from __future__ import annotations

from game.views.charts import series_chart
from game.views.document import (
    Bar,
    Block,
    Chart,
    Document,
    Facts,
    Items,
    Line,
    Paragraph,
    Quote,
    Section,
    SmallCharts,
    Span,
    Table,
)

_WRAP = {"b": "**{}**", "invented": "**{}**", "i": "*{}*", "quoted": '"{}"', "note": " ({})", "tag": "({})", "code": "`{}`"}


def render(document: Document) -> str:
    """The whole document as Markdown."""
    out = [f"# {document.title}", ""]
    for block in document.head:
        out += _block(block, 2) + [""]
    for section in document.sections:
        out += _section(section, 2)
    if document.footer:
        out += ["---", "", document.footer, ""]
    return "\n".join(out)


def text(line: Line | str) -> str:
    """A line of text with its styles in Markdown."""
    if isinstance(line, str):
        return line
    return "".join(_inline(part) for part in line)


def _inline(part: str | Span | Bar) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, Bar):
        return ""
    if part.style == "code":
        return f"`{part.text.replace('`', chr(39))}`"
    if part.style == "link":
        return f"<{part.text}>" if part.text.startswith(("https://", "http://")) else part.text
    return _WRAP.get(part.style, "{}").format(part.text)


def _section(section: Section, level: int) -> list[str]:
    out = ["#" * level + " " + text(section.title), ""]
    for block in section.blocks:
        if isinstance(block, Section):
            out += _section(block, level + 1)
        else:
            out += _block(block, level + 1) + [""]
    return out


def _block(block: Block, level: int) -> list[str]:
    if isinstance(block, Paragraph):
        shown = text(block.text)
        return [f"**{shown}**" if "outcome" in block.style.split() else shown]
    if isinstance(block, Items):
        if block.ordered:
            return [f"{n}. {text(item)}" for n, item in enumerate(block.items, block.start)]
        return [f"- {text(item)}" for item in block.items]
    if isinstance(block, Facts):
        return [f"- **{fact.label}:** {text(fact.value)}" for fact in block.facts]
    if isinstance(block, Quote):
        return [f"> {text(block.text)}"]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Chart):
        return _chart(block)
    if isinstance(block, SmallCharts):
        out = []
        for chart in block.charts:
            out += _chart(chart) + [""]
        return out[:-1]
    return _section(block, level)[:-1]


def _table(table: Table) -> list[str]:
    width = len(table.columns)
    out = ["| " + " | ".join(c.title for c in table.columns) + " |", "|" + "---|" * width]
    for row in table.rows:
        cells = [_cell(text(cell)) for cell in row] + [""] * (width - len(row))
        out.append("| " + " | ".join(cells) + " |")
    return out


def _cell(shown: str) -> str:
    """Text for a table cell: one line, no column breaks."""
    return " ".join(shown.split()).replace("|", "/")


def _chart(chart: Chart) -> list[str]:
    rows = [(s.name, s.values) for s in chart.series]
    height = 3 if len(rows) <= 10 else 1
    drawn = series_chart(rows, chart.low, chart.high, height=height)
    if height == 1 and any(s.kind for s in chart.series):  # the colours' meaning, in words
        drawn = [f"{row}  {s.kind}" for row, s in zip(drawn, [s for s in chart.series if any(v is not None for v in s.values)])]
    out = [chart.caption, ""] if chart.caption else [chart.title, ""]
    return out + ["```", *drawn, "```"]
