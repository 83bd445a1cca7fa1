"""The crash report's text: the failure laid out at a fixed width, whatever the terminal's size.

Textual pre-renders a crash at the terminal's width of that moment (a report once came out 20
columns wide); the app keeps the exception itself and this module renders it again at
:data:`WIDTH` columns, without colour, for a file a player can attach to a bug report.
"""

from __future__ import annotations

import io
import platform
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from game import __version__

WIDTH = 100


def report_text(error: BaseException | None, renderables: Iterable[Any], now: datetime | None = None) -> str:
    """The report: a header (game and Python version, time), then the traceback at WIDTH columns."""
    import rich
    from rich.console import Console
    from rich.traceback import Traceback

    out = io.StringIO()
    console = Console(file=out, width=WIDTH, color_system=None, force_terminal=False, legacy_windows=False,
                      emoji=False, highlight=False)
    moment = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    console.print(f"Soft Landing {__version__} crash report, {moment}", markup=False)
    console.print(f"Python {platform.python_version()} on {sys.platform}", markup=False)
    console.print()
    if error is not None:
        console.print(Traceback.from_exception(type(error), error, error.__traceback__, width=WIDTH,
                                               show_locals=True, locals_max_length=5, suppress=[rich]))
    else:
        for renderable in renderables:
            console.print(renderable)
    return out.getvalue()
