"""Containers that only hold other widgets, and draw nothing of their own.

Textual draws a container line by line under its children, even where they cover all of it. These
containers are drawn as blank lines of their background instead (Textual's ``BLANK``): when an
answer moves the panels (at 80x24 it shows the side column again), drawing the containers was a
fifth of the frame. Only for a container without border, padding or title: those would not be drawn.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Region
from textual.strip import Strip


class Row(Horizontal):
    """Children side by side; nothing of its own to draw."""

    BLANK = True


class Column(Vertical):
    """Children one under the other; nothing of its own to draw."""

    BLANK = True


class ScrollColumn(VerticalScroll):
    """Children one under the other, scrolled; nothing of its own to draw but its scrollbar (a widget of its own)."""

    BLANK = True


class KeptBorder(Vertical):
    """Children one under the other inside a border: the border is drawn again only when the
    container's size or looks change, and is kept for its last two sizes.

    Textual forgets a widget's drawn lines when its size changes. At 80x24 the dilemma card narrows
    on every answer (the side column comes back) and widens on the next dilemma, and drawing its
    border and blank inside again was a tenth of the frame. The container's own lines depend only
    on what :meth:`_looks` gathers (it shows no text of its own), so they are kept by that."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._kept: dict[tuple[object, ...], list[Strip]] = {}

    def _looks(self, crop: Region) -> tuple[object, ...]:
        """Everything Textual's drawing of the container's own lines reads."""
        styles = self.styles
        app = self.app
        return (crop, self.region.size, self.content_region.size, self.background_colors, self.visual_style,
                styles.border, styles.outline, styles.padding, styles.opacity, styles.tint, styles.background_tint,
                styles.hatch if styles.has_rule("hatch") else None, styles.border_title_align,
                styles.border_subtitle_align, self._border_title, self._border_subtitle, tuple(self.get_line_filters()),
                app.theme, app.ansi_color, app.ansi_theme, app.native_ansi_color)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.BLANK:
            return super().render_lines(crop)
        key = self._looks(crop)
        strips = self._kept.get(key)
        if strips is None:
            strips = super().render_lines(crop)
            if len(self._kept) >= 2:
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = strips
        return strips
