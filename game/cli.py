"""The ``soft-landing`` command line: parse, dispatch to ``game.commands``, and stop every error at the edge.

Every failure a user can cause (bad content, a missing file, an unknown strategy) ends with a
message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from game.commands import COMMANDS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="soft-landing", description="Soft Landing: Pyongyang 2002-2011, a strategy game after Andrei Lankov's 2004 essay.")
    parser.add_argument("--content", type=Path, default=None, help="content folder (default: the game's own)")
    parser.add_argument("--saves", type=Path, default=None, help="save folder (default: $SOFT_LANDING_SAVES or ./saves)")
    parser.add_argument("--load", type=Path, default=None, metavar="PATH", help="start from a saved game")
    parser.add_argument("--seed", type=int, default=None, help="seed for a new game")
    parser.add_argument("--scenario", default=None, help="scenario id for a new game")
    parser.add_argument("--code", default=None, metavar="CODE", help="start from a run code or a class code")
    sub = parser.add_subparsers(dest="command")
    for name in COMMANDS:
        module = _command(name)
        command = sub.add_parser(module.NAME, help=module.HELP)
        module.add_arguments(command)
        command.set_defaults(command_module=name)  # a module's name may differ from its command's ("class")
    return parser


def _command(name: str):  # noqa: ANN202 - a command module
    return importlib.import_module(f"game.commands.{name}")


#: sub-command -> the option that names its content folder (``check`` takes it as an argument)
_OWN_CONTENT = {"check": "dir", "simulate": "sim_content", "replay": "replay_content", "balance": "balance_content"}
_PLAY_ONLY = (("saves", "--saves"), ("load", "--load"), ("seed", "--seed"), ("scenario", "--scenario"))


def _placed(args: argparse.Namespace) -> str | None:
    """Options written before a sub-command: --content applies to it; the others are play's. None if all is well."""
    if args.command in (None, "play"):
        return None
    own = _OWN_CONTENT.get(args.command)
    if args.content is not None:
        if own is None:
            return f"{args.command} takes no --content"
        mine = getattr(args, own)
        if mine is not None and Path(mine) != Path(args.content):
            return f"two content folders given: --content {args.content} and {mine}"
        setattr(args, own, args.content)
    for attr, flag in _PLAY_ONLY:
        if getattr(args, attr) is not None:
            return (f"{flag} before '{args.command}' is an option of play; write options after the sub-command "
                    f"(soft-landing {args.command} --help lists them)")
    return None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    misplaced = _placed(args)
    if misplaced:
        print(f"soft-landing: {misplaced}", file=sys.stderr)
        return 2
    if args.command in (None, "play"):
        return _command("play").run(args)
    from rich.console import Console

    from game.commands.common import print_problems
    from game.loader import ContentError
    console = Console()
    try:
        return _command(args.command_module).run(args, console)
    except ContentError as error:
        print_problems(error.problems, console)
        console.print("[red]The content is invalid.[/] Run [bold]soft-landing check[/] for every problem.")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
