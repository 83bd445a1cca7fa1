"""Guards around five Textual defects that fast keys turn into crashes (seen in Textual 8.2.8).

Both are Textual's own widgets, used by the game (its menus) and by Textual itself (the command
palette), so the guard goes on the widget class, once, when ``game.tui`` is imported:

* ``OptionList._move_page`` reads ``_index_to_line[highlighted]`` without checking it is there.
  The line cache is only filled once the list has a content region, so PageUp/PageDown on a list
  that has not been laid out yet (ctrl+p then PageDown within ~50 ms) or that a tiny terminal
  squeezed to no height raises ``KeyError: 0``. Textual's own ``scroll_to_highlight`` catches the
  same ``KeyError``; paging now does too, and does nothing when there is no page to move by.
* ``CommandPalette._watch__list_visible`` queries its ``CommandList`` when the search worker
  finishes; when the palette was closed in the meantime (ctrl+p, a letter, Escape) the list is gone
  and the worker fails with ``NoMatches`` (keys typed into a palette that has not composed yet do
  the same). The watcher now waits for a palette still composing and does nothing on one whose
  widgets are gone.

* ``CommandPalette._select_or_command`` dismisses the palette whenever a command was picked, even
  when it already has: Enter twice in the palette (or Enter on a picked command) pops the screen
  below it, or raises ``ScreenStackError`` on the title screen. It now does nothing once the palette
  is no longer the screen on top. It is registered with ``@on`` at class creation, so the guard
  replaces it in the class's handler table as well as on the class.
* ``App.action_command_palette`` pushes a new palette with the fixed id ``--command-palette``; when
  ctrl+p comes right after the last palette closed, that one is still being removed and the push
  raises ``DuplicateIds``. The press is now dropped (the next one opens the palette).
* ``App._check_bindings`` reads ``app.screen``; a key still queued while the app closes (ctrl+q,
  then more keys) finds no screen and raises ``ScreenStackError`` on the way out. Such a key is
  now dropped.

Each guard keeps Textual's behaviour wherever Textual does not crash; ``tests/test_tui_storm.py``
reproduces both defects on bare Textual widgets.
"""

from __future__ import annotations

import contextlib

from textual._node_list import DuplicateIds
from textual.app import App
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.widgets import OptionList

_move_page = OptionList._move_page
_watch_list_visible = CommandPalette._watch__list_visible
_select_or_command = CommandPalette._select_or_command
_command_palette = App.action_command_palette
_check_bindings = App._check_bindings


def _guarded_move_page(self: OptionList, direction) -> None:
    if self.highlighted is not None and self.highlighted not in self._index_to_line:
        return  # not laid out (or no height): there is no page to move by
    _move_page(self, direction)


def _guarded_watch_list_visible(self: CommandPalette, retry: bool = True) -> None:
    try:
        _watch_list_visible(self)
    except NoMatches:
        if retry and self.is_attached and self.is_active:  # not composed yet: once it is
            self.call_after_refresh(_guarded_watch_list_visible, self, False)


def _guarded_select_or_command(self: CommandPalette, event=None) -> None:
    if not self.is_active:  # already dismissed: a late Enter must not pop the screen below
        if event is not None:
            event.stop()
        return
    _select_or_command(self, event)


def _guarded_command_palette(self: App) -> None:
    with contextlib.suppress(DuplicateIds):  # the palette just closed is still being removed: drop this press
        _command_palette(self)


async def _guarded_check_bindings(self: App, key: str, priority: bool = False) -> bool:
    if not self._screen_stack:
        return True  # the app is closing: a late key has nothing to act on
    return await _check_bindings(self, key, priority)


def apply() -> None:
    """Install the guards (idempotent)."""
    App._check_bindings = _guarded_check_bindings  # type: ignore[method-assign]
    App.action_command_palette = _guarded_command_palette  # type: ignore[method-assign]
    CommandPalette._select_or_command = _guarded_select_or_command  # type: ignore[method-assign]
    handlers = CommandPalette.__dict__["_decorated_handlers"]
    for message_type, entries in handlers.items():
        handlers[message_type] = [(_guarded_select_or_command if method is _select_or_command else method, selectors)
                                  for method, selectors in entries]
    OptionList._move_page = _guarded_move_page  # type: ignore[method-assign]
    CommandPalette._watch__list_visible = _guarded_watch_list_visible  # type: ignore[method-assign]
