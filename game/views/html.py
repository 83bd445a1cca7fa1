"""Self-contained HTML pages for teachers: one file, printable, no scripts, nothing fetched.

Everything that comes from content, saves, codes or a codes file passes through :func:`esc`; the
charts are inline SVG with the seasons on the horizontal axis. Pure: no textual, no rich.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence

from game import i18n
from game.views.document import Bar, Block, Chart, Document, Facts, Items, Line, Paragraph, Quote, Section, SmallCharts, Table

#: a palette that stays distinct in grey print (with dashes for the second round of colours)
COLOURS = ("#1f4e79", "#b03a2e", "#1e8449", "#7d3c98", "#b9770e", "#117a65", "#5d6d7e", "#a04000")

STYLE = """
:root { --ink: #1b1b1b; --dim: #5a5a5a; --rule: #c8c8c8; --soft: #f3f1ec; --accent: #1f4e79; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: var(--ink); max-width: 52rem;
       margin: 2rem auto; padding: 0 1.2rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--accent); padding-bottom: .15rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
p, li { orphans: 3; widows: 3; }
.meta { color: var(--dim); margin: 0 0 1rem; }
.meta dt { font-weight: bold; display: inline; }
.meta dd { display: inline; margin: 0 1rem 0 .3rem; }
code, .code { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: .85em; word-break: break-all; }
.outcome { font-size: 1.15rem; font-weight: bold; }
.collapse { color: #8e1b10; } .soft_landing { color: #1e6b34; } .survival { color: #1f4e79; }
blockquote { margin: .5rem 0 .5rem 1rem; padding: .2rem .8rem; border-left: 3px solid var(--rule);
             font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: .92em; margin: .5rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: var(--soft); }
td.num, th.num { text-align: right; white-space: nowrap; }
.same { color: #1e6b34; font-weight: bold; } .differs { color: #8e1b10; }
.dim { color: var(--dim); }
.invented { color: #8e1b10; font-weight: bold; font-style: normal; }
figure { margin: .8rem 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: .9em; color: var(--dim); }
svg { max-width: 100%; height: auto; }
svg text { font: 10px sans-serif; fill: #333; }
.legend { font-size: .85em; display: flex; flex-wrap: wrap; gap: .3rem 1rem; margin: .2rem 0; }
.swatch { display: inline-block; width: 1.4em; height: .35em; vertical-align: middle; margin-right: .3em; }
.dilemma, .prompt, .card { break-inside: avoid; page-break-inside: avoid; border: 1px solid var(--rule);
                            border-radius: 4px; padding: .5rem .8rem; margin: .7rem 0; }
.sources { font-size: .85em; word-break: break-all; }
.card { font-size: .92em; padding: .3rem .7rem; margin: .5rem 0; }
.card h3 { margin: .2rem 0; } .card ul { margin: .2rem 0; padding-left: 1.2rem; }
.card p, .card blockquote { margin: .25rem 0; }
.bar { display: inline-block; height: .7em; background: var(--accent); vertical-align: middle; }
.bar.bad { background: #b03a2e; } .bar.good { background: #1e8449; }
.smalls { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .5rem 1rem; }
footer { margin-top: 2rem; border-top: 1px solid var(--rule); padding-top: .5rem; color: var(--dim); font-size: .85em; }
.new-page { break-before: page; page-break-before: always; }
@media screen { .new-page { break-before: auto; } }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .no-print { display: none; }
}
"""


def esc(value: object) -> str:
    """Text for HTML: every <, >, &, and quote escaped, control characters dropped."""
    text = "".join(c for c in str(value) if c.isprintable() or c in "\n\t")
    return html.escape(text, quote=True)


def page(title: str, body: Iterable[str]) -> str:
    """A whole HTML document: the style sheet inline, no script, no external resource."""
    return "\n".join([
        "<!DOCTYPE html>", f'<html lang="{esc(i18n.language().replace("_", "-"))}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>", *body, "</body>", "</html>", ""])


def link(url: str) -> str:
    """A source as a link when it is a web address, as plain text otherwise (never a script URL)."""
    shown = esc(url)
    if url.startswith(("https://", "http://")):
        return f'<a href="{shown}">{shown}</a>'
    return shown


def paragraphs(text: str) -> str:
    """Plain text with blank-line paragraphs as <p> elements."""
    return "\n".join(f"<p>{esc(' '.join(block.split()))}</p>" for block in text.strip().split("\n\n") if block.strip())


def line_chart(series: Sequence[tuple[str, Sequence[float | None]]], labels: Sequence[str], *,
               low: float | None = 0.0, high: float | None = 100.0, width: int = 640, height: int = 220,
               title: str = "", legend: bool = True, colours: Sequence[str] | None = None) -> str:
    """An inline SVG line chart: one line per series over the seasons in ``labels`` (years marked on
    the axis), on a fixed scale (0-100 by default) or the data's own when ``low``/``high`` are None.
    A None value leaves a gap (a run that ended sooner). ``colours`` gives each series its colour
    (by default a palette, dashed on its second round)."""
    values = [v for _, points in series for v in points if v is not None]
    if low is None or high is None:
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        pad = (hi - lo) * 0.08 or max(abs(hi) * 0.1, 1.0)
        low = lo - pad if low is None else low
        high = hi + pad if high is None else high
        if lo >= 0 > low:
            low = 0.0
    span = (high - low) or 1.0
    left, right, top, bottom = 44, 10, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(len(labels), max((len(p) for _, p in series), default=1))
    step = plot_w / max(1, count - 1)

    def x(i: int) -> float:
        return left + i * step

    def y(v: float) -> float:
        return top + plot_h - (min(max(v, low), high) - low) / span * plot_h

    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'role="img" aria-label="{esc(title)}">')]
    if title:
        out.append(f"<title>{esc(title)}</title>")
    for k in range(5):
        value = low + span * k / 4
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 4}" y="{y(value) + 3:.1f}" text-anchor="end">{esc(_short(value))}</text>')
    out += _years(labels, x, step, top, plot_h, height)
    if labels:
        out.append(f'<text x="{left}" y="{height - 2}" class="dim">{esc(labels[0])}</text>')
        out.append(f'<text x="{width - right}" y="{height - 2}" text-anchor="end">{esc(labels[-1])}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>')
    for n, (name, points) in enumerate(series):
        colour = colours[n] if colours else COLOURS[n % len(COLOURS)]
        dash = ' stroke-dasharray="5 3"' if not colours and (n // len(COLOURS)) % 2 else ""
        for run in _runs(points):
            coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in run)
            if len(run) == 1:
                i, v = run[0]
                out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2" fill="{colour}"/>')
            else:
                out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.6"{dash} points="{coords}">'
                           f"<title>{esc(name)}</title></polyline>")
    out.append("</svg>")
    chart = "".join(out)
    if legend and len(series) > 1:
        chart += '<div class="legend">' + "".join(
            f'<span><span class="swatch" style="background:{COLOURS[n % len(COLOURS)]}"></span>{esc(name)}</span>'
            for n, (name, _) in enumerate(series)) + "</div>"
    return chart


def _years(labels: Sequence[str], x: Callable[[int], float], step: float, top: int, plot_h: int,
           height: int) -> list[str]:
    """A line where each year starts, and the year under it (every other one or fewer when they crowd)."""
    years = [_year(label) for label in labels]
    starts = [(i, year) for i, year in enumerate(years) if year and (i == 0 or year != years[i - 1])]
    every = 1 if len(starts) < 2 else max(1, int(30 // max(1.0, (starts[1][0] - starts[0][0]) * step)) + 1)
    out = []
    for n, (i, year) in enumerate(starts):
        out.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{top}" y2="{top + plot_h}" stroke="#eee"/>')
        if n % every == 0:
            out.append(f'<text x="{x(i):.1f}" y="{height - 14}" text-anchor="middle">{esc(year)}</text>')
    return out


def _year(label: str) -> str:
    """The year in a season's label, in any language's order ("Spring 2004", "2004년 봄"); '' if none."""
    found = _YEAR.search(label)
    return found.group(0) if found else ""


_YEAR = re.compile(r"\d{4}")


def _runs(points: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    runs: list[list[tuple[int, float]]] = [[]]
    for i, v in enumerate(points):
        if v is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((i, v))
    return [r for r in runs if r]


def _short(value: float) -> str:
    if abs(value) >= 10000:
        return f"{value / 1000:,.0f}k"
    if abs(value) >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.1f}"


def bar(share: float, kind: str = "") -> str:
    """A horizontal bar for a share 0-1 (for tables of how a class split)."""
    width = max(0.0, min(1.0, share)) * 8
    return f'<span class="bar {esc(kind)}" style="width:{width:.2f}em"></span>'


# --- a document as a page --------------------------------------------------------------------------

_TAGS = {"b": ("<b>", "</b>"), "i": ("<i>", "</i>"), "code": ('<span class="code">', "</span>"),
         "dim": ('<span class="dim">', "</span>"), "note": ('<br><span class="dim">', "</span>"),
         "quoted": ("\u201c", "\u201d"), "same": ('<span class="same">', "</span>"), "tag": ('<span class="same">', "</span>"),
         "differs": ('<span class="differs">', "</span>"), "invented": ('<span class="invented">', "</span>"),
         "indent": ("&nbsp;&nbsp;", ""), "soft_landing": ('<span class="soft_landing">', "</span>"),
         "survival": ('<span class="survival">', "</span>"), "collapse": ('<span class="collapse">', "</span>")}


def render(document: Document) -> str:
    """A :class:`~game.views.document.Document` as one printable page (every text escaped)."""
    body = ["<header>", f"<h1>{esc(document.title)}</h1>", *(block(b) for b in document.head), "</header>"]
    body += [section(s) for s in document.sections]
    if document.footer:
        body.append(f"<footer>{esc(document.footer)}</footer>")
    return page(document.title, body)


def text(line: Line | str) -> str:
    """A line of text with its styles as HTML."""
    if isinstance(line, str):
        return esc(line)
    out = []
    for part in line:
        if isinstance(part, str):
            out.append(esc(part))
        elif isinstance(part, Bar):
            out.append(bar(part.share, part.kind))
        elif part.style == "link":
            out.append(link(part.text))
        else:
            opening, closing = _TAGS.get(part.style, ("", ""))
            out.append(opening + esc(part.text) + closing)
    return "".join(out)


def _class(style: str) -> str:
    return f' class="{esc(style)}"' if style else ""


def section(part: Section, level: int = 2) -> str:
    """A section of a document (a top one by default: an ``<h2>``; one inside it an ``<h3>``)."""
    inside = "\n".join(section(b, level + 1) if isinstance(b, Section) else block(b) for b in part.blocks)
    heading = f"<h{level}>{text(part.title)}</h{level}>\n{inside}"
    if level == 2:
        return f"<section{_class(part.style)}>{heading}</section>"
    return f"<article{_class(part.style)}>{heading}</article>" if part.style else heading


def block(part: Block) -> str:
    """A block of a document: a paragraph, a list, a table, a chart."""
    if isinstance(part, Paragraph):
        return f"<p{_class(part.style)}>{text(part.text)}</p>"
    if isinstance(part, Items):
        tag = "ol" if part.ordered else "ul"
        start = f' start="{part.start}"' if part.ordered and part.start != 1 else ""
        return f"<{tag}{start}>" + "".join(f"<li{_class(part.style)}>{text(i)}</li>" for i in part.items) + f"</{tag}>"
    if isinstance(part, Facts):
        if part.inline:
            return '<dl class="meta">' + "".join(("<br>" if f.own_line else "") + f"<dt>{esc(f.label)}</dt><dd>{text(f.value)}</dd>"
                                                 for f in part.facts) + "</dl>"
        return "<dl>" + "".join(f"<dt><b>{esc(f.label)}</b></dt><dd>{text(f.value)}</dd>" for f in part.facts) + "</dl>"
    if isinstance(part, Quote):
        return f"<blockquote>{text(part.text)}</blockquote>"
    if isinstance(part, Table):
        return _table(part)
    if isinstance(part, Chart):
        return _figure(part)
    if isinstance(part, SmallCharts):
        return '<div class="smalls">' + "".join(_figure(c, small=True) for c in part.charts) + "</div>"
    return section(part, 3)


def _table(table: Table) -> str:
    width = len(table.columns)
    head = "".join(f"<th{_class('num' if c.num else '')}>{esc(c.title)}</th>" for c in table.columns)
    rows = []
    for row in table.rows:
        cells = []
        for n, cell in enumerate(row):
            column = table.columns[n]
            spans = width - n if n == len(row) - 1 and len(row) < width else 1
            kind = "num" if column.num and spans == 1 else "code" if column.code else ""
            cells.append(f"<td{_class(kind)}{f' colspan={spans}' if spans > 1 else ''}>{text(cell)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>" + "\n".join(rows) + "</tbody></table>"


def _figure(chart: Chart, small: bool = False) -> str:
    series = [(s.name, s.values) for s in chart.series]
    colours = [s.colour or "#888888" for s in chart.series] if any(s.colour for s in chart.series) else None
    size = {"width": 320, "height": 150} if small else {}
    drawn = line_chart(series, chart.labels, low=chart.low, high=chart.high, title=chart.title,
                       legend=not small and not chart.legend, colours=colours, **size)
    if chart.legend:
        drawn += '<div class="legend">' + "".join(
            f'<span><span class="swatch" style="background:{esc(colour)}"></span>{esc(name)}</span>'
            for name, colour in chart.legend) + "</div>"
    caption = f"<figcaption>{esc(chart.caption)}</figcaption>" if chart.caption else ""
    return f"<figure>{drawn}{caption}</figure>"
