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
from collections.abc import Iterable

from textual.content import Content, Span
from textual.widgets import Static


def markup(template: str, **values: object) -> Content:
    """``template`` (markup written in the code) with each ``$name`` replaced by ``values[name]``
    as plain text; a :class:`Content` value keeps its own styles inside the template's.

    Textual's templates flatten a Content value to its plain text, so a Content value goes in as a
    placeholder (private-use characters that plain values cannot carry) and is spliced back in."""
    pieces = {name: value for name, value in values.items() if isinstance(value, Content)}
    if not pieces:
        return Content.from_markup(template, **values)
    names = list(pieces)
    texts = {name: str(value).translate(_NO_MARKS) for name, value in values.items() if name not in pieces}
    marks = {name: f"{_OPEN}{index}{_CLOSE}" for index, name in enumerate(names)}
    base = Content.from_markup(template, **texts, **marks)
    result, start = Content(""), 0
    for found in _MARK.finditer(base.plain):
        piece = pieces[names[int(found.group(1))]]
        around = base[found.start():found.end()].spans  # the template's styles over the placeholder
        result += base[start:found.start()]
        result += Content(piece.plain, [Span(0, len(piece.plain), s.style) for s in around] + list(piece.spans))
        start = found.end()
    return result + base[start:]


_OPEN, _CLOSE = "\ue000", "\ue001"
_MARK = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_NO_MARKS = str.maketrans({_OPEN: "\ufffd", _CLOSE: "\ufffd"})


def plain(text: object) -> Content:
    """``text`` exactly as it is, never read as markup."""
    return text if isinstance(text, Content) else Content(str(text))


def styled(text: object, style: str) -> Content:
    """``text`` as plain text in ``style`` (a style or a theme variable such as ``$success``): the
    style is written in the code, the text goes in as a template value."""
    return Content.from_markup("[" + style + "]$text[/]", text=str(text))


def lines(parts: Iterable[Content | str], separator: str = "\n") -> Content:
    """Pieces of text joined by ``separator``; a ``str`` piece is plain text."""
    return Content(separator).join(plain(part) for part in parts)


class Text(Static):
    """Static text, updated with :meth:`show_text` (a no-op when nothing changed)."""

    _shown: Content | None = None
    fixed_size: bool = False
    """True for one-line widgets whose size never changes: an update then skips the layout pass."""

    def show_text(self, text: Content) -> None:
        if not isinstance(text, Content):
            raise TypeError("Text.show_text takes Content: build it with markup() or plain()")
        shown = self._shown  # Content's == compares the plain text alone: a change of colour alone counts too
        if shown is None or text != shown or text.spans != shown.spans:
            self._shown = text
            self.update(text, layout=not self.fixed_size)
