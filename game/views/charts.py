"""Charts of the meters as plain text: the same picture on screen and in the teacher's export.

Each meter is drawn as a small column chart on the fixed 0-100 scale, one column per turn, so the
charts of different meters can be compared at a glance.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

EIGHTHS = " ▁▂▃▄▅▆▇█"


def column_chart(values: Sequence[float], height: int = 3, width: int | None = None) -> list[str]:
    """Rows (top first) of a column chart of 0-100 values, one column per value."""
    if width is not None and len(values) > width:
        values = _squeeze(values, width)
    levels = [round(max(0.0, min(100.0, v)) / 100 * height * 8) for v in values]
    rows = []
    for row in range(height - 1, -1, -1):
        floor = row * 8
        rows.append("".join(EIGHTHS[max(0, min(8, level - floor))] for level in levels))
    return rows


def _squeeze(values: Sequence[float], width: int) -> list[float]:
    """Resample a long series to ``width`` points, keeping the first and the last."""
    if width <= 1:
        return [values[-1]]
    step = (len(values) - 1) / (width - 1)
    return [values[round(i * step)] for i in range(width)]


def meters_chart(series: Mapping[str, tuple[str, Sequence[float]]], height: int = 2, width: int | None = None,
                 label_width: int = 14) -> list[str]:
    """Small multiples: every meter's column chart under its name, start and end values."""
    return series_chart(list(series.values()), height=height, width=width, label_width=label_width)


def series_chart(series: Sequence[tuple[str, Sequence[float | None]]], low: float | None = 0.0,
                 high: float | None = 100.0, height: int = 2, width: int | None = None,
                 label_width: int = 14) -> list[str]:
    """Small multiples of any series: each one's column chart under its name, with its first and last
    values; on the 0-100 scale by default, or on the data's own when ``low``/``high`` are None. A
    None value (a run that ended sooner) is an empty column."""
    known = [v for _, values in series for v in values if v is not None]
    lo = min(known, default=0.0) if low is None else low
    hi = max(known, default=1.0) if high is None else high
    span = (hi - lo) or 1.0
    lines = []
    for name, values in series:
        given = [v for v in values if v is not None]
        if not given:
            continue
        rows = column_chart([-1.0 if v is None else (v - lo) / span * 100 for v in values], height, width)
        first, last = (f"{v:3.0f}" if low is not None and high is not None else _number(v) for v in (given[0], given[-1]))
        for i, row in enumerate(rows):
            label = fit(name, label_width) if i == 0 else " " * label_width
            tail = f"  {first:>3} → {last:>3}" if i == len(rows) - 1 else ""
            lines.append(f"{label} │{row}│{tail}")
    return lines


def cells(text: str) -> int:
    """How many cells of a terminal or a fixed-width font the text takes: a wide character (Hangul, CJK) takes two."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fit(text: str, width: int) -> str:
    """The text cut to ``width`` cells and padded to them, a wide character counted as two: Korean labels
    line the charts up as English ones do."""
    out, used = [], 0
    for c in text:
        size = cells(c)
        if used + size > width:
            break
        out.append(c)
        used += size
    return "".join(out) + " " * (width - used)


def _number(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.1f}"
