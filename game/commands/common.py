"""What several commands share: printing content problems."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from game.validate import Problem


def print_problems(problems: Iterable[Problem], console: Console) -> None:
    for problem in problems:
        style = "yellow" if problem.level == "warning" else "red"
        console.print(str(problem), style=style, markup=False, highlight=False, soft_wrap=True)
