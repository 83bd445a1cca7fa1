"""What several commands share: printing content problems, showing what a user typed, reading seeds."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import TYPE_CHECKING

from game.i18n import _

if TYPE_CHECKING:
    from rich.console import Console

    from game.content.problem import Problem


def print_problems(problems: Iterable[Problem], console: Console) -> None:
    for problem in problems:
        style = "yellow" if problem.level == "warning" else "red"
        console.print(printable(str(problem), limit=None), style=style, markup=False, highlight=False, soft_wrap=True)


def add_mod_argument(parser: argparse.ArgumentParser) -> None:
    """``--mod DIR``, repeatable: a folder laid over the content (see content/README.md, "Mods")."""
    from pathlib import Path

    parser.add_argument("--mod", type=Path, action="append", default=[], dest="mods", metavar="DIR",
                        help=_("a mod folder laid over the content (repeatable: later mods over earlier ones)"))


def printable(text: str, limit: int | None = 200) -> str:
    """Text from a user or the system, safe to print: undecodable bytes of a non-UTF-8 argument
    (kept by Python as lone surrogates) become U+FFFD, control characters are escaped, and a
    very long text is cut."""
    clean = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    clean = "".join(c if c.isprintable() or c in " \n" else repr(c)[1:-1] for c in clean)
    return clean if limit is None or len(clean) <= limit else clean[: limit - 3] + "..."


def path_exists(text: str) -> bool:
    """Whether anything (a file, a folder, a pipe, even a dangling link) has this name; False for a
    name no file can have (too long, a NUL byte): then it may still be a run code."""
    import os

    try:
        return bool(text) and os.path.lexists(text)
    except (OSError, ValueError):
        return False


def seed(text: str) -> int:
    """An argparse type: a seed, a whole number within the range a run code can carry."""
    from game.rules.dice import seed_problem

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a whole number: {text}").format(text=printable(text, 40))) from None
    problem = seed_problem(value)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return value
