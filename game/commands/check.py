"""``soft-landing check [DIR]``: validate a content folder."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from game.commands.common import add_mod_argument, print_problems

if TYPE_CHECKING:
    from rich.console import Console

NAME = "check"
HELP = "validate a content folder"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", type=Path, default=None, help="content folder (default: the game's own)")
    parser.add_argument("--essay", type=Path, default=None, metavar="FILE",
                        help="also check every quote word for word against this essay (paragraphs as **P12.** text)")
    add_mod_argument(parser)


def run(args: argparse.Namespace, console: Console) -> int:
    """Every problem on its own line; exit 1 on any error."""
    from game.loader import load_content
    content, problems = load_content(args.dir, essay=args.essay, mods=args.mods)
    print_problems(problems, console)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if content is None:
        console.print(f"{errors} error(s), {warnings} warning(s)", style="bold red", highlight=False)
        return 1
    console.print(
        f"ok: {len(content.events)} dilemmas, {len(content.policies)} policies, {len(content.scenarios)} scenarios, "
        f"{len(content.endings)} endings, {len(content.transitions)} transitions; {warnings} warning(s)",
        style="green", highlight=False)
    return 0
