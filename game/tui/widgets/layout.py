"""Containers that only hold other widgets, and draw nothing of their own.

Textual draws a container line by line under its children, even where they cover all of it. These
containers are drawn as blank lines of their background instead (Textual's ``BLANK``): when an
answer moves the panels (at 80x24 it shows the side column again), drawing the containers was a
fifth of the frame. Only for a container without border, padding or title: those would not be drawn.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical, VerticalScroll


class Row(Horizontal):
    """Children side by side; nothing of its own to draw."""

    BLANK = True


class Column(Vertical):
    """Children one under the other; nothing of its own to draw."""

    BLANK = True


class ScrollColumn(VerticalScroll):
    """Children one under the other, scrolled; nothing of its own to draw but its scrollbar (a widget of its own)."""

    BLANK = True
