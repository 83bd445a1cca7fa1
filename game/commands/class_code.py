"""``soft-landing class --scenario ID [--seed S] [--count N] [--one-life]``: a class code for a class to play one run."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import add_mod_argument

if TYPE_CHECKING:
    from rich.console import Console

NAME = "class"
HELP = N_("make a class code: every student who starts from it meets the same dilemmas")

MAX_COUNT = 500


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", default=None, dest="class_scenario", help=_("scenario id (default: the default scenario)"))
    parser.add_argument("--seed", type=int, default=None, dest="class_seed", help=_("seed (default: a random one)"))
    parser.add_argument("--count", type=int, default=None, metavar="N",
                        help=_("also print N numbered student codes of the class, each with its own dice"))
    parser.add_argument("--one-life", action="store_true", dest="class_one_life",
                        help=_("a one-life class: the games started from the code refuse rewind and branch"))
    parser.add_argument("--content", type=Path, default=None, dest="class_content")
    add_mod_argument(parser)


def run(args: argparse.Namespace, console: Console) -> int:
    from game.files.classroom import ClassError, class_code, invented_in_class, student_codes
    from game.content.loader import load_or_raise

    if args.count is not None and not 1 <= args.count <= MAX_COUNT:
        console.print(_("--count must be between 1 and {most}, not {count}").format(most=MAX_COUNT, count=args.count),
                      style="red", markup=False)
        return 2
    content = load_or_raise(args.class_content, mods=args.mods)
    if args.class_scenario is not None and args.class_scenario not in content.scenarios:
        console.print(_("no scenario '{name}' (scenarios: {known})").format(name=args.class_scenario,
                                                                            known=", ".join(content.scenarios)),
                      style="red", markup=False, highlight=False, soft_wrap=True)
        return 2
    if args.class_seed is None:
        import secrets
        seed = secrets.randbelow(1_000_000)
    else:
        seed = args.class_seed
    scenario = args.class_scenario or content.default_scenario.id
    try:
        code = class_code(content, scenario, seed, args.class_one_life)
        students = student_codes(content, scenario, seed, args.count, args.class_one_life) if args.count else []
        invented = invented_in_class(content, scenario, seed)
    except ClassError as error:
        console.print(str(error), style="red", markup=False, highlight=False, soft_wrap=True)
        return 2
    name = content.scenarios[scenario].name
    heading = (_("Class code ({scenario}, seed {seed}, one life: no rewind, no branch):") if args.class_one_life
               else _("Class code ({scenario}, seed {seed}):"))
    console.print(heading.format(scenario=name, seed=seed), highlight=False, markup=False)
    console.print(code, highlight=False, markup=False, soft_wrap=True)
    console.print(_("Students start it with: soft-landing --code CODE, or press r on the title screen "
                    "(in the terminal or the browser) and paste it."), highlight=False, markup=False, style="dim")
    if students:
        console.print(_("{count} student codes of this class (the same dilemmas, each with its own dice):").format(
            count=len(students)),
                      highlight=False, markup=False)
        width = len(str(len(students)))
        for n, student in enumerate(students, 1):
            console.print(f"{n:>{width}}. {student}", highlight=False, markup=False, soft_wrap=True)
    for dilemma in invented:
        console.print(_("Warning: {met} of {of} trial students of this class met \"{title}\", an invented dilemma: this did "
                        "not happen. The debrief marks it; for a class that keeps to history, try another --seed.").format(
                          met=dilemma.met, of=dilemma.of, title=dilemma.title),
                      style="yellow", highlight=False, markup=False, soft_wrap=True)
    return 0
