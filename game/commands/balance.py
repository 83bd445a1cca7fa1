"""``soft-landing balance``: the designer's report over every strategy, on every core.

Only the arguments live here: the parser imports every command module, so the rules load when the
report runs (``game.commands.balance_report``), not when ``soft-landing`` starts.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import add_mod_argument, seed

if TYPE_CHECKING:
    from rich.console import Console

NAME = "balance"
HELP = N_("the designer's balance report over every strategy")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=1000,
                        help=_("runs per strategy and persona (the planner plays a quarter, each policy setting a fiftieth)"))
    parser.add_argument("--seed", type=seed, default=0, dest="balance_seed")
    parser.add_argument("--content", type=Path, default=None, dest="balance_content")
    add_mod_argument(parser)
    parser.add_argument("--strategies", default=None,
                        help=_("comma-separated strategies and personas (default: all, every policy setting and the decision weight)"))
    parser.add_argument("--scenario", default=None, dest="balance_scenario", help=_("the scenario to play (default: the first)"))
    parser.add_argument("--baseline", action="store_true",
                        help=_("with --mod: play every player on the same seeds without the mod too, and show the difference"))
    parser.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, console: Console) -> int:
    from game.commands.balance_report import balance_command
    return balance_command(args, console)


