"""Guards around Textual defects that fast keys turn into crashes (seen in Textual 8.2.8).

Every guard replaces a private method, so ``TESTED`` names the Textual versions they were checked
on and ``tests/test_tui_textual_fixes.py`` checks that each method it replaces is still there and
still fails the way it guards against (pyproject.toml pins Textual to the tested range).

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
  now dropped, in ``App.on_event`` too (which reads ``app.screen`` for a key before the bindings).
* The command palette queries its ``CommandList`` and ``LoadingIndicator`` from a worker
  (``_gather_commands``), a watcher (``_watch__show_busy``) and its key actions; each can run after
  the palette was dismissed and its widgets removed, or before it composed, and raised ``NoMatches``
  (13 of the 14 crashes of a ten-minute storm). Each now does nothing on a palette that is not
  whole and on top; on a whole palette a ``NoMatches`` is still raised.
* ``Screen._on_resize`` lays the screen out at the event's size, and the layout posts the screen a
  ``Resize`` of its new region. Two terminal resizes that reach the screen before it handles the
  first (a window dragged, or resized while a dialog opens) then answer each other for ever: the
  screen flips between the two sizes, redrawing at full speed, and never takes another key (the
  freezes of the storm). A ``Resize`` whose size is not the terminal's is now dropped: the one of
  the terminal's own size is in the queue or already handled.

Each guard keeps Textual's behaviour wherever Textual does not crash; ``tests/test_tui_storm.py``
reproduces both defects on bare Textual widgets.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable
from typing import Any

from textual import events, work
from textual._node_list import DuplicateIds
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.css.query import NoMatches
from textual.widgets import LoadingIndicator, OptionList

TESTED = ("8.2",)  # Textual versions (major.minor) whose private methods these guards replace
PALETTE_METHODS = ("_watch__show_busy", "_action_cursor_down", "_action_command_list", "_select_command")

_move_page = OptionList._move_page
_watch_list_visible = CommandPalette._watch__list_visible
_select_or_command = CommandPalette._select_or_command
_command_palette = App.action_command_palette
_check_bindings = App._check_bindings
_on_event = App.on_event
_screen_on_resize = Screen._on_resize
_gather_commands = CommandPalette._gather_commands
_palette_methods = {name: getattr(CommandPalette, name) for name in PALETTE_METHODS}


def _palette_whole(palette: CommandPalette) -> bool:
    """Whether the palette is on top with its widgets: a NoMatches there is a real fault, not a late call."""
    return (palette.is_attached and palette.is_active and bool(palette.query(CommandList))
            and bool(palette.query(LoadingIndicator)))


def _quiet_when_gone(method: Callable[..., Any]) -> Callable[..., Any]:
    """The palette method, doing nothing when the palette is dismissed or not composed yet."""
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def guarded_async(self: CommandPalette, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except NoMatches:
                if _palette_whole(self):
                    raise
                return None
        return guarded_async

    @functools.wraps(method)
    def guarded(self: CommandPalette, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except NoMatches:
            if _palette_whole(self):
                raise
            return None
    return guarded


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


async def _guarded_on_event(self: App, event: events.Event) -> None:
    if isinstance(event, events.Key) and not self._screen_stack:
        return  # the app is closing: a late key has no screen to go to
    await _on_event(self, event)


async def _guarded_screen_on_resize(self: Screen, event: events.Resize) -> None:
    if not self.app.is_inline and event.size != self.app.size:
        event.stop()  # a size the terminal no longer has, posted by the screen's own layout
        return
    await _screen_on_resize(self, event)


_guarded_gather_commands = work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)(
    _quiet_when_gone(_gather_commands.__wrapped__))  # type: ignore[attr-defined]  # its own function, guarded


def apply() -> None:
    """Install the guards (idempotent)."""
    App._check_bindings = _guarded_check_bindings  # type: ignore[method-assign]
    App.on_event = _guarded_on_event  # type: ignore[method-assign]
    Screen._on_resize = _guarded_screen_on_resize  # type: ignore[method-assign]
    App.action_command_palette = _guarded_command_palette  # type: ignore[method-assign]
    CommandPalette._select_or_command = _guarded_select_or_command  # type: ignore[method-assign]
    _replace_handler(CommandPalette, _select_or_command, _guarded_select_or_command)
    OptionList._move_page = _guarded_move_page  # type: ignore[method-assign]
    CommandPalette._watch__list_visible = _guarded_watch_list_visible  # type: ignore[method-assign]
    CommandPalette._gather_commands = _guarded_gather_commands  # type: ignore[method-assign]
    for name, method in _palette_methods.items():
        if getattr(CommandPalette, name) is method:
            guarded = _quiet_when_gone(method)
            setattr(CommandPalette, name, guarded)
            _replace_handler(CommandPalette, method, guarded)


def _replace_handler(cls: type, method: Callable[..., Any], replacement: Callable[..., Any]) -> None:
    """A method registered with ``@on`` is called from the class's handler table, not looked up by name."""
    handlers = cls.__dict__["_decorated_handlers"]
    for message_type, entries in handlers.items():
        handlers[message_type] = [(replacement if found is method else found, selectors) for found, selectors in entries]
