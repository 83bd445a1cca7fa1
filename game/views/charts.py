"""Charts of the meters as plain text: the same picture on screen and in the teacher's export.

Each meter is drawn as a small column chart on the fixed 0-100 scale, one column per turn, so the
charts of different meters can be compared at a glance.
"""

from __future__ import annotations

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
    lines = []
    for name, values in series.values():
        rows = column_chart(values, height, width)
        first, last = values[0], values[-1]
        for i, row in enumerate(rows):
            label = name[:label_width].ljust(label_width) if i == 0 else " " * label_width
            tail = f"  {first:3.0f} → {last:3.0f}" if i == len(rows) - 1 else ""
            lines.append(f"{label} │{row}│{tail}")
    return lines
