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

from textual.content import Content, Span
from textual.reactive import Reactive
from textual.widgets import Static


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
    return Content(plain_text, [Span(0, len(plain_text), style)] if plain_text else [], strip_control_codes=False)


def lines(parts: Iterable[Content | str], separator: str = "\n") -> Content:
    """Pieces of text joined by ``separator``; a ``str`` piece is plain text."""
    return Content(separator).join(plain(part) for part in parts)


class Text(Static):
    """Static text, updated with :meth:`show_text` (a no-op when nothing changed)."""

    auto_links: Reactive[bool] = Reactive(False)
    """No clickable links: Textual would look for them in every line it draws (a widget with links says so)."""
    _shown: Content | None = None
    fixed_size: bool = False
    """True for one-line widgets whose size never changes: an update then skips the layout pass."""

    def __init__(self, *args, fixed_size: bool | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if fixed_size is not None:
            self.fixed_size = fixed_size

    def show_text(self, text: Content) -> None:
        if not isinstance(text, Content):
            raise TypeError("Text.show_text takes Content: build it with markup() or plain()")
        shown = self._shown  # Content's == compares the plain text alone: a change of colour alone counts too
        if shown is None or text != shown or text.spans != shown.spans:
            self._shown = text
            self.update(text, layout=not self.fixed_size)
