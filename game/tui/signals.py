"""The game ends when it is told to or when its terminal goes: SIGTERM, SIGHUP, a hung-up or closed terminal.

A killed process leaves the terminal raw (alternate screen, mouse reports, no echo); these signals
instead ask the app to exit, so that Textual gives the terminal back. The exit code is 128 plus the
signal's number, as a shell reports a process stopped by it.

Two ways a game outlived its player: Textual's input thread reads the terminal in a loop that
never ends on end of file (a closed terminal, or the pipe of a server that went away), so a game
whose terminal was gone spun at 75% CPU for 43 minutes; and an app whose event loop is stuck never
runs the exit it was asked for, so SIGTERM seemed ignored. A watcher thread now asks the app to
exit when its input hangs up, and whenever an exit was asked for and the app has not ended
``GRACE`` seconds later, the process ends itself (the terminal's modes reset as far as it can).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import signal
import sys
import threading
from typing import Any

from textual.app import App

QUIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
HUNG_UP = 128 + getattr(signal, "SIGHUP", 1)  # the exit code when the terminal went away
GRACE = 5.0  # seconds an app asked to exit has before the process ends itself
RESET = "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?25h\x1b[?1049l"  # mouse off, cursor on, main screen


def _end_now(code: int) -> None:
    """End the process at once: the app did not exit when asked (its loop is stuck)."""
    with contextlib.suppress(OSError, ValueError):
        os.write(sys.__stdout__.fileno() if sys.__stdout__ else 1, RESET.encode())
    os._exit(code)


def ask_to_exit(app: App[Any], code: int, loop: asyncio.AbstractEventLoop | None, grace: float = GRACE) -> None:
    """Ask ``app`` to exit with ``code``; if it is still running ``grace`` seconds later, end the process."""
    if loop is None or loop.is_closed():
        raise SystemExit(code)
    with contextlib.suppress(RuntimeError):  # the loop closed in between: the app is ending anyway
        loop.call_soon_threadsafe(lambda: app.exit(return_code=code))
    timer = threading.Timer(grace, _end_now, (code,))
    timer.daemon = True  # the app exiting in time ends the process, timer and all
    timer.start()


def quit_on_signals(app: App[Any]) -> None:
    """SIGTERM and SIGHUP make ``app`` exit with code 128 + the signal's number, the terminal restored."""

    def stop(signum: int, frame: object) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not running yet, or already finished: end at once
            raise SystemExit(128 + signum) from None
        ask_to_exit(app, 128 + signum, loop)

    for number in QUIT_SIGNALS:
        signal.signal(number, stop)


def hung_up(fd: int, timeout_ms: int = 1000) -> bool:
    """Whether the terminal or pipe at ``fd`` has hung up (its other end closed) or is no longer open."""
    poller = select.poll()
    poller.register(fd, 0)  # no input asked for: hang-ups and errors are always reported
    events = poller.poll(timeout_ms)
    return any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events)


def quit_when_terminal_goes(app: App[Any], fd: int = 0) -> threading.Thread | None:
    """Watch ``fd`` (the terminal's input) from a thread; when it hangs up, ask the app to exit (code 129)."""
    if not hasattr(select, "poll"):
        return None
    try:
        os.fstat(fd)
    except OSError:
        return None

    def watch() -> None:
        while not hung_up(fd):
            pass
        loop = getattr(app, "_loop", None)  # Textual's own loop while the app runs (App.run_async sets it)
        if loop is None or loop.is_closed():
            _end_now(HUNG_UP)  # not started yet, or ending already: nothing to restore on a terminal that is gone
        ask_to_exit(app, HUNG_UP, loop)

    watcher = threading.Thread(target=watch, name="terminal-watch", daemon=True)
    watcher.start()
    return watcher
