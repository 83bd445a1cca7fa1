"""Crash reports: an unexpected failure goes to a file in the saves folder, not onto the terminal.

Textual pre-renders a crash at the terminal's width of that moment (a report once came out 20
columns wide); :class:`CrashReportingApp` keeps the exception itself and :func:`report_text` renders
it again at :data:`WIDTH` columns, without colour, for a file a player can attach to a bug report.
The terminal gets one plain sentence: where the report is, and what was last autosaved.
"""

from __future__ import annotations

import io
import platform
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

from game import __version__
from game.i18n import _

if TYPE_CHECKING:
    from game.session import Session

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


class CrashReportingApp(App[int]):
    """An app that writes its unexpected failure to a crash report in ``saves_dir``."""

    saves_dir: Path
    session: Session | None
    crash: BaseException | None = None  # the failure that stopped the app, kept for the report

    def _handle_exception(self, error: Exception) -> None:
        self.crash = error  # kept to write the report at a fixed width (Textual renders at the terminal's)
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        """An unexpected failure is written to a file for a bug report, not shown as a traceback."""
        if not self._exit_renderables:
            return
        from game.files.saves import write_crash_report

        try:
            report = write_crash_report(self.saves_dir, report_text(self.crash, self._exit_renderables))
            where = _("The details are in {report}.").format(report=report)
        except OSError:
            where = _("The details could not be written down.")
        self.error_console.print(_("Soft Landing stopped on an internal error.") + f" {where}{self.kept_note()}",
                                 markup=False, highlight=False)
        self._exit_renderables.clear()

    def kept_note(self) -> str:
        """What of the game in play is kept: the last autosave, or that none was made."""
        session = getattr(self, "session", None)
        if session is not None and session.last_autosave is not None:
            return " " + _("The game was last autosaved at {path}.").format(path=session.last_autosave)
        if session is not None and session.game is not None:
            return " " + _("Nothing was autosaved in this session.")
        return ""
