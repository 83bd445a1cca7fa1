"""``soft-landing show DILEMMA [--state ...]``: a dilemma as a player would meet it, for writers."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import add_mod_argument, printable

if TYPE_CHECKING:
    from rich.console import Console

NAME = "show"
HELP = N_("show a dilemma as a player would meet it in a given state")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dilemma", help=_("the dilemma's id"))
    parser.add_argument("--state", default="", metavar="STATE",
                        help=_("the state, changed from the scenario's start: comma-separated meter=50, policy.markets=0, "
                               "flag.two_states, phase=crisis, year=2008, quarter=2"))
    parser.add_argument("--scenario", default=None, dest="show_scenario", help=_("the scenario whose start is the state"))
    parser.add_argument("--content", type=Path, default=None, dest="show_content")
    add_mod_argument(parser)


def run(args: argparse.Namespace, console: Console) -> int:
    from rich.panel import Panel
    from rich.text import Text

    from game.content.loader import load_or_raise
    from game.content.preview import PreviewError, tell

    content = load_or_raise(args.show_content, mods=args.mods)
    try:
        told = tell(content, args.dilemma, args.state, args.show_scenario)
    except PreviewError as error:
        console.print(f"soft-landing show: {printable(str(error))}", style="red", markup=False, highlight=False)
        return 2
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", told.text.strip())]
    body = Text("\n\n".join(paragraphs) + "\n")
    for n, (option, offered) in enumerate(told.options, 1):
        body.append(f"\n{n}. ", style="bold" if offered else "dim")
        body.append(option.label, style="bold" if offered else "dim strike")
        if not offered:
            body.append(_("  (not offered in this state)"), style="dim italic")
        body.append(f"\n   {option.result}", style="italic" if offered else "dim")
    console.print(Panel(body, title=Text(told.dilemma.title, style="bold"), subtitle=Text(told.dilemma.id), expand=False))
    console.print(Text(_("State: {state}").format(state=told.state), style="dim"))
    if not told.met:
        console.print(Text(_("Its condition does not hold in this state, so a game would not bring it now: when = \"{when}\"")
                           .format(when=told.dilemma.when.source if told.dilemma.when else ""), style="yellow"))
    return 0
