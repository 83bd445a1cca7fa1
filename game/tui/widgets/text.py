"""Text on screen: markup is written in the code, and whatever comes from outside is plain text.

A save name, a field of a file, a pasted code or an event's title can hold ``[`` and ``]``; read as
markup, ``v2 [/]`` crashes the screen. So no screen formats outside text into a markup string:
:func:`markup` takes a template written in the code, whose ``$name`` slots are filled with values
as plain text (Textual's content templates), and :func:`plain` wraps a text as it is. The
:class:`Text` widget takes nothing else, and ``tests/test_tui_markup.py`` checks that no screen
builds markup with an f-string, joins it by hand, or escapes it by hand.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from collections.abc import Iterable
from typing import Any, Self

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content, Span
from textual.dom import NoScreen
from textual.geometry import Region
from textual.reactive import Reactive
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Static


#: a tone ("good", "bad", "unsure": game.views.presenter.hint_view, change_tone) as the colour it is drawn in
TONES = {"good": "$success", "bad": "$error", "unsure": "$warning"}


def markup(template: str, **values: object) -> Content:
    """``template`` (markup written in the code) with each ``$name`` replaced by ``values[name]``
    as plain text; a :class:`Content` value keeps its own styles inside the template's.

    A template is parsed once (parsing markup is most of the cost of drawing a panel, and the
    screen redraws its panels on every key) with a placeholder for each value, and the values are
    spliced in at the places found then: a value is never read, so it may hold anything. The text
    and its styles are put together in one pass: adding Content to Content copies (and re-checks)
    the whole text each time, which made the panels' text cost more than their layout."""
    names = tuple(values)
    base, slots = _parsed(template, names)
    if not slots:
        return base
    plain_base = base.plain
    text: list[str] = []
    inside: list[Span] = []  # the values' own styles
    ends: list[int] = []  # where each placeholder ends in the template
    shifts: list[int] = []  # how far what follows it moves once the values are in
    start = shift = 0
    for begin, end, index in slots:
        value = values[names[index]]
        piece = value if isinstance(value, Content) else Content(str(value))
        text += (plain_base[start:begin], piece.plain)
        at = begin + shift
        inside += [Span(at + s, at + e, style) for s, e, style in piece.spans]
        shift += len(piece.plain) - (end - begin)
        ends.append(end)
        shifts.append(shift)
        start = end
    text.append(plain_base[start:])

    def moved(position: int) -> int:
        """Where a place in the template is once the values are in (never inside a placeholder)."""
        found = bisect_right(ends, position)
        return position + (shifts[found - 1] if found else 0)

    # the template's styles first, so that a value's own styles win inside the template's
    own = [Span(moved(s), moved(e), style) for s, e, style in base.spans]
    return Content("".join(text), own + inside, strip_control_codes=False)


@lru_cache(maxsize=512)
def _parsed(template: str, names: tuple[str, ...]) -> tuple[Content, tuple[tuple[int, int, int], ...]]:
    """A template parsed with a placeholder for each value, and where each placeholder is."""
    marks = {name: f"{_OPEN}{index}{_CLOSE}" for index, name in enumerate(names)}
    base = Content.from_markup(template, **marks)
    slots = tuple((found.start(), found.end(), int(found.group(1))) for found in _MARK.finditer(base.plain))
    return base, slots


_OPEN, _CLOSE = "\ue000", "\ue001"
_MARK = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def plain(text: object) -> Content:
    """``text`` exactly as it is, never read as markup."""
    return text if isinstance(text, Content) else Content(str(text))


def styled(text: object, style: str) -> Content:
    """``text`` as plain text in ``style`` (a style or a theme variable such as ``$success``): the
    style is written in the code, the text goes in as a template value."""
    plain_text = Content(str(text)).plain
    spans = [Span(0, len(plain_text), style)] if plain_text and style.strip() else []  # an empty style is no style
    return Content(plain_text, spans, strip_control_codes=False)


def lines(parts: Iterable[Content | str], separator: str = "\n") -> Content:
    """Pieces of text joined by ``separator``; a ``str`` piece is plain text."""
    return Content(separator).join(plain(part) for part in parts)


class DrawnLines:
    """A widget's text drawn paragraph by paragraph, each paragraph drawn again only when it changed.

    Textual draws a widget's whole text again after any change, and drawing (wrapping, resolving
    each span's style) is most of the cost of a frame: after an answer most lines of the meters,
    the regime, the indicators and the key bar read as before. A paragraph (a line of the text,
    wrapped on its own as Textual wraps it) is kept with its strips for the last two texts drawn,
    so that a text that comes back (the key bar of a dilemma, then of a result) is not drawn again.
    Everything that changes how a paragraph looks besides its text (the base style, the theme, the
    widget's text rules) is ``context``: a new context forgets every strip."""

    def __init__(self) -> None:
        self._context: object = None
        self._now: dict[tuple[object, ...], list[Strip]] = {}
        self._before: dict[tuple[object, ...], list[Strip]] = {}
        self._styles: dict[tuple[Style, Style, int, int], RichStyle] = {}  # see _one_line

    def _one_line(self, widget: Widget, paragraph: Content, width: int, style: Style, pad: bool) -> list[Strip] | None:
        """``Visual.to_strips`` of a paragraph on a widget that aligns its text left and top, with no
        selection and no links; None for any other (Textual draws those).

        Textual gives each piece of a line a style of its own that holds where the piece is (for
        selecting text), made anew every time: that was most of drawing a line of the meters or the
        regime. A piece's style depends only on its styles and its place, so it is made once. A
        paragraph that fits the width as it is stays whole; any other is wrapped by Textual's own
        wrapping (a private method: tests/test_tui_frame.py checks every line against Textual's drawing)."""
        if not width or widget.auto_links or widget.text_selection is not None:
            return None
        rules = widget.styles
        get_rule: Any = rules.get  # the rules as Textual's own drawing reads them (its defaults too)
        align = get_rule("text_align", "left")
        if align not in ("left", "start") or rules.content_align != ("left", "top"):
            return None
        get_style = widget._get_style
        plain_text = paragraph.plain
        pieces: list[tuple[Content, int, int]]
        if (len(plain_text) <= width and paragraph.cell_length <= width and not get_rule("line_pad", 0)
                and "\t" not in plain_text and "\n" not in plain_text):
            pieces = [(paragraph, 0, 0)]
        else:
            pieces = [(line.content, line.x, line.y) for line in paragraph._wrap_and_format(
                width, align=align, overflow=get_rule("text_overflow", "fold"),
                no_wrap=get_rule("text_wrap", "wrap") == "nowrap", line_pad=get_rule("line_pad", 0), tab_size=8,
                get_style=get_style)]
        made = self._styles
        if len(made) > 4096:
            made.clear()
        pad_style = (style + Style(reverse=False)).rich_style
        strips: list[Strip] = []
        for content, x, y in pieces:
            segments: list[Segment] = []
            for text, text_style in content.render(style, end="", parse_style=get_style):
                rich = made.get((style, text_style, x, y))
                if rich is None:
                    rich = made[style, text_style, x, y] = (style + text_style).rich_style_with_offset(x, y)
                segments.append(Segment(text, rich))
                x += len(text)
            strip = Strip(segments, content.cell_length)
            strips.append(strip.extend_cell_length(width, pad_style) if pad else strip)
        return strips

    def draw(self, widget: Widget, paragraphs: Iterable[Content], width: int, style: Style, context: object,
             pad: bool = False) -> list[Strip]:
        """The strips of ``paragraphs`` one under the other, as ``Visual.to_strips`` draws each."""
        if context != self._context:
            self._context, self._now, self._before, self._styles = context, {}, {}, {}
        now: dict[tuple[object, ...], list[Strip]] = {}
        drawn: list[Strip] = []
        for paragraph in paragraphs:
            key = (paragraph.plain, tuple(paragraph.spans), width, pad)
            strips = now.get(key) or self._now.get(key) or self._before.get(key)
            if strips is None:
                strips = self._one_line(widget, paragraph, width, style, pad)
            if strips is None:
                strips = Visual.to_strips(widget, paragraph, width, None, style, pad=pad)
            now[key] = strips
            drawn += strips
        self._before, self._now = self._now, now
        return drawn


def text_context(widget: Widget) -> tuple[object, ...]:
    """What besides its text changes how a widget's paragraph is drawn (see :class:`DrawnLines`)."""
    styles = widget.styles
    return (widget.visual_style, widget.app.theme, widget.app.ansi_color, styles.text_wrap, styles.text_overflow,
            styles.text_align, styles.line_pad, widget.auto_links and widget.link_style,
            widget.auto_links and getattr(widget.screen, "_selecting", False))


_NOT_YET = object()  # within Text.render_lines: the lines to draw are not found yet


class Text(Static):
    """Static text, updated with :meth:`show_text` (a no-op when nothing changed), and drawn again
    only where it changed (:class:`DrawnLines`)."""

    auto_links: Reactive[bool] = Reactive(False)
    """No clickable links: Textual would look for them in every line it draws (a widget with links says so)."""
    _shown: Content | None = None
    fixed_size: bool = False
    """True for one-line widgets whose size never changes: an update then skips the layout pass."""
    kept_texts: int = 2
    """How many whole texts drawn lately are kept (see :meth:`_draw`)."""
    redraw_lines: bool = False
    """True for a panel whose width stays when the screen answers a key (the side panels, the key
    bar): an update that changes no size draws again only its changed lines, with no layout. Not
    for the card's texts: at 80x24 an answer narrows the card, and lines drawn at the old width
    before the layout are drawn again after it (a third more work per key)."""

    def __init__(self, *args, fixed_size: bool | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if fixed_size is not None:
            self.fixed_size = fixed_size
        self._drawn_lines = DrawnLines()
        self._texts: dict[tuple[object, ...], list[Strip]] = {}  # the last whole texts drawn (see _draw, kept_texts)
        self._strips: tuple[tuple[object, ...], list[Strip]] | None = None  # the text drawn (every line), and for what
        self._changed_lines: list[Region] | None = None  # for the next refresh: only these lines changed
        self._frame: tuple[list[Strip], int, Strip] | object | None = None  # within render_lines: see _lines_to_draw

    def _drawable(self) -> bool:
        """True where :class:`DrawnLines` draws the text: Textual's own drawing where it is aligned
        other than top left or part of it is selected (both depend on more than a paragraph), and on
        a widget on its way out of a screen (Textual draws it only if it has lines to draw again)."""
        try:
            selected = self.text_selection is not None
        except NoScreen:
            return False
        return isinstance(self.visual, Content) and not selected and self.styles.content_align == ("left", "top")

    def _draw(self, text: Content) -> tuple[tuple[object, ...], list[Strip]]:
        """Every line of ``text`` at the widget's size (kept until the text, size or context change)."""
        width, height = self.size
        context = text_context(self)
        key = (text, width, height, context)
        drawn = self._strips
        if drawn is None or drawn[0][0] is not text or drawn[0][1:] != key[1:]:
            drawn = self._strips = key, self._whole(text, width, context)
        return drawn

    def _whole(self, text: Content, width: int, context: tuple[object, ...]) -> list[Strip]:
        """Every line of ``text`` at ``width``."""
        # a text drawn a moment ago comes back whole (the key bar, the prompt: a dilemma's, then a
        # result's): splitting a text with many styles into its paragraphs costs as much as drawing them
        whole = (text.plain, tuple(text.spans), width, context)
        strips = self._texts.get(whole)
        if strips is None:
            strips = self._drawn_lines.draw(self, text.split(allow_blank=True), width, self.visual_style, context)
            if len(self._texts) >= self.kept_texts:
                self._texts.pop(next(iter(self._texts)))
            self._texts[whole] = strips
        return strips

    def _lines_to_draw(self) -> tuple[list[Strip], int, Strip] | None:
        """The text's lines, how many the widget shows, and a blank line; None where Textual draws."""
        visual = self.visual
        if not isinstance(visual, Content) or not self._drawable():
            return None
        width, height = self.size
        return self._draw(visual)[1], height, Strip.blank(width, self.visual_style.rich_style)

    def render_lines(self, crop: Region) -> list[Strip]:
        # what render_line needs, found once for all the lines of a frame (about 40 us a line otherwise), and
        # only if a line is drawn: a frame asks every widget it covers for its lines, and most give the lines
        # Textual kept (a third of the cost of a widget that did not change)
        self._frame = _NOT_YET
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        if frame is _NOT_YET:
            frame = self._frame = self._lines_to_draw()
        elif frame is None:
            frame = self._lines_to_draw()
        if not isinstance(frame, tuple):
            return super().render_line(y)
        strips, height, blank = frame
        return strips[y] if 0 <= y < min(len(strips), height) else blank

    def _lines_changed(self, text: Content) -> list[Region] | None:
        """The lines of the widget that ``text`` changes, where it changes no size (a width set by
        the layout, and a height too or the same number of lines); None where a layout and a whole
        redraw are needed."""
        drawn = self._strips
        if not self.redraw_lines or drawn is None or not self.is_mounted or not self._drawable():
            return None
        width, height = self.size
        if not width or drawn[0][1:3] != (width, height) or any(
                isinstance(node, Widget) and node.styles.width is not None and node.styles.width.is_auto
                for node in (self, self.parent)):
            return None  # a width from the text itself (or its container's) is the layout's to find
        before = drawn[1]
        after = self._draw(text)[1]
        height_rule = self.styles.height
        if len(after) != len(before) and not self.fixed_size and (height_rule is None or height_rule.is_auto):
            return None  # a height from the text: the layout's to find
        # a line that reads as before is the very same strip (DrawnLines keeps it)
        return [Region(0, y, width, 1) for y in range(min(max(len(after), len(before)), height))
                if y >= len(before) or y >= len(after) or after[y] is not before[y]]

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        changed, self._changed_lines = self._changed_lines, None
        if changed is not None and not regions and repaint and not layout and not recompose:
            if not changed:
                return self
            regions = tuple(changed)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def show_text(self, text: Content) -> None:
        if not isinstance(text, Content):
            raise TypeError("Text.show_text takes Content: build it with markup() or plain()")
        shown = self._shown  # Content's == compares the plain text alone: a change of colour alone counts too
        if shown is None or text != shown or text.spans != shown.spans:
            self._shown = text
            changed = self._lines_changed(text)
            if changed is None:
                self.update(text, layout=not self.fixed_size)
            else:  # no size changes: no layout, and only the lines that changed are drawn again
                self._changed_lines = changed
                self.update(text, layout=False)
