"""The command layer: one module per ``soft-landing`` sub-command.

Each module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args, console) -> int``
(``play`` takes no console: it starts the terminal interface). Rich printing lives here and in
``game.tui`` only; the rules below (``game.api``, ``game.rules.engine``, ...) never print. A new command
is a new module here, listed in ``COMMANDS``.
"""

from __future__ import annotations

COMMANDS = ("play", "check", "simulate", "replay", "balance", "class_code", "report", "debrief", "serve", "show")
