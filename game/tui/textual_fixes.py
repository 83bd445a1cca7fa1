"""Guards around two Textual defects that fast keys turn into crashes (seen in Textual 8.2.8).

Both are Textual's own widgets, used by the game (its menus) and by Textual itself (the command
palette), so the guard goes on the widget class, once, when ``game.tui`` is imported:

* ``OptionList._move_page`` reads ``_index_to_line[highlighted]`` without checking it is there.
  The line cache is only filled once the list has a content region, so PageUp/PageDown on a list
  that has not been laid out yet (ctrl+p then PageDown within ~50 ms) or that a tiny terminal
  squeezed to no height raises ``KeyError: 0``. Textual's own ``scroll_to_highlight`` catches the
  same ``KeyError``; paging now does too, and does nothing when there is no page to move by.
* ``CommandPalette._watch__list_visible`` queries its ``CommandList`` when the search worker
  finishes; when the palette was closed in the meantime (ctrl+p, a letter, Escape) the list is gone
  and the worker fails with ``NoMatches``. The watcher now does nothing on a palette whose widgets
  have been removed.

Each guard keeps Textual's behaviour wherever Textual does not crash; ``tests/test_tui_storm.py``
reproduces both defects on bare Textual widgets.
"""

from __future__ import annotations

from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.widgets import OptionList

_move_page = OptionList._move_page
_watch_list_visible = CommandPalette._watch__list_visible


def _guarded_move_page(self: OptionList, direction) -> None:
    if self.highlighted is not None and self.highlighted not in self._index_to_line:
        return  # not laid out (or no height): there is no page to move by
    _move_page(self, direction)


def _guarded_watch_list_visible(self: CommandPalette) -> None:
    try:
        _watch_list_visible(self)
    except NoMatches:
        if self.is_attached and self.is_active:
            raise  # a live palette without its list is a real defect, not a late worker


def apply() -> None:
    """Install the guards (idempotent)."""
    OptionList._move_page = _guarded_move_page  # type: ignore[method-assign]
    CommandPalette._watch__list_visible = _guarded_watch_list_visible  # type: ignore[method-assign]
