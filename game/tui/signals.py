"""Signals that end the game as a quit does: SIGTERM (``kill``) and SIGHUP (the terminal window closed).

A killed process leaves the terminal raw (alternate screen, mouse reports, no echo); these signals
instead ask the app to exit, so that Textual gives the terminal back. The exit code is 128 plus the
signal's number, as a shell reports a process stopped by it.
"""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from textual.app import App

QUIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def quit_on_signals(app: App[Any]) -> None:
    """SIGTERM and SIGHUP make ``app`` exit with code 128 + the signal's number, the terminal restored."""

    def stop(signum: int, frame: object) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not running yet, or already finished: end at once
            raise SystemExit(128 + signum) from None
        loop.call_soon_threadsafe(lambda: app.exit(return_code=128 + signum))

    for number in QUIT_SIGNALS:
        signal.signal(number, stop)
