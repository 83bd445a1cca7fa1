"""``soft-landing play``'s entry: make the app, quit on SIGTERM, SIGHUP or a terminal gone, run it, give the exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from game.tui.app import SoftLandingApp
from game.tui.signals import quit_on_signals, quit_when_terminal_goes


def run(content_dir: Path | None = None, saves_dir: Path | None = None, load_path: Path | None = None,
        seed: int | None = None, scenario: str | None = None, code: str | None = None, student: bool = False,
        mods: tuple[Path, ...] = (), force: str | None = None) -> int:
    """Play in the terminal (as a student of a class server if ``student``); returns the process exit code."""
    app = SoftLandingApp(content_dir, saves_dir, load_path, seed, scenario, code, student, mods=mods, force=force)
    quit_on_signals(app)
    quit_when_terminal_goes(app)
    result = app.run()
    if app.content_problem:  # the game refused to start: leave the problems on the terminal too
        print(app.content_problem, file=sys.stderr)
        return 1
    return app.return_code if app.return_code is not None else (result or 0)
