"""The ``soft-landing`` command line: parse, dispatch to ``game.commands``, and stop every error at the edge.

Every failure a user can cause (bad content, a missing file, an unknown strategy, an argument no
file can be named, bytes that are not text) ends with a message and a non-zero exit, never a
traceback. A failure nobody foresaw ends with one line naming it and exit 70.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

from game import i18n
from game.commands import COMMANDS, argparse_words
from game.commands.common import printable, seed
from game.i18n import N_, _

INTERNAL_ERROR = 70  # EX_SOFTWARE
LANG_HELP = N_("the language of the game's words, such as ko (default: $SOFT_LANDING_LANG, else English)")


def _parser() -> argparse.ArgumentParser:
    from game.places import describe_saves_dir

    parser = argparse.ArgumentParser(
        prog="soft-landing", description=_("Soft Landing: Pyongyang 2002-2011, a strategy game after Andrei Lankov's 2004 essay."))
    parser.add_argument("--content", type=Path, default=None, help=_("content folder (default: the game's own)"))
    parser.add_argument("--saves", type=Path, default=None,
                        help=_("save folder (default: {folder})").format(folder=describe_saves_dir()))
    parser.add_argument("--load", type=Path, default=None, metavar="PATH", help=_("start from a saved game"))
    parser.add_argument("--seed", type=seed, default=None, help=_("seed for a new game"))
    parser.add_argument("--scenario", default=None, help=_("scenario id for a new game"))
    parser.add_argument("--code", default=None, metavar="CODE", help=_("start from a run code or a class code"))
    parser.add_argument("--class-student", action="store_true",
                        help=_("with --code: ask the player's name, and keep the run's class record in the saves folder "
                               "for a class server (soft-landing serve --class starts its games so)"))
    parser.add_argument("--mod", type=Path, action="append", default=[], dest="top_mods", metavar="DIR",
                        help=_("a mod folder laid over the content (repeatable)"))
    parser.add_argument("--force", default=None, metavar="DILEMMA",
                        help=_("start a new game that meets this dilemma in its first season (for content writers)"))
    parser.add_argument("--lang", default=None, metavar="CODE", help=_(LANG_HELP))
    sub = parser.add_subparsers(dest="command")
    for name in COMMANDS:
        module = _command(name)
        command = sub.add_parser(module.NAME, help=_(module.HELP))
        module.add_arguments(command)
        if not any("--lang" in action.option_strings for action in command._actions):
            command.add_argument("--lang", default=None, metavar="CODE", help=_(LANG_HELP), dest="sub_lang")
        command.set_defaults(command_module=name)  # a module's name may differ from its command's ("class")
    return parser


def _command(name: str) -> ModuleType:
    return importlib.import_module(f"game.commands.{name}")


#: sub-command -> the option that names its content folder (``check`` takes it as an argument)
_OWN_CONTENT = {"check": "dir", "simulate": "sim_content", "replay": "replay_content", "balance": "balance_content",
                "show": "show_content"}
_PLAY_ONLY = (("saves", "--saves"), ("load", "--load"), ("seed", "--seed"), ("scenario", "--scenario"),
              ("force", "--force"))


def _placed(args: argparse.Namespace) -> str | None:
    """Options written before a sub-command: --content applies to it; the others are play's. None if all is well."""
    if args.command in (None, "play"):
        args.mods = list(args.top_mods)
        return None
    if args.top_mods:
        if not hasattr(args, "mods"):
            return _("{command} takes no --mod").format(command=args.command)
        args.mods = list(args.top_mods) + list(args.mods)
    own = _OWN_CONTENT.get(args.command)
    if args.content is not None:
        if own is None:
            return _("{command} takes no --content").format(command=args.command)
        mine = getattr(args, own)
        if mine is not None and Path(mine) != Path(args.content):
            return _("two content folders given: --content {one} and {other}").format(one=args.content, other=mine)
        setattr(args, own, args.content)
    for attr, flag in _PLAY_ONLY:
        if getattr(args, attr) is not None:
            return _("{flag} before '{command}' is an option of play; write options after the sub-command "
                     "(soft-landing {command} --help lists them)").format(flag=flag, command=args.command)
    return None


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # an argument that is not UTF-8 is shown with its bad bytes escaped
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    arguments = sys.argv[1:] if argv is None else argv
    if any("\x00" in argument for argument in arguments):  # no shell passes one; a file name cannot hold one
        _say(_("soft-landing: an argument contains a NUL byte"))
        return 2
    try:
        return _main(arguments)
    except KeyboardInterrupt:
        return 130
    except SystemExit as leaving:  # argparse's own exit after --help or a usage error
        return leaving.code if isinstance(leaving.code, int) else 1
    except OSError as error:
        where = f"{printable(str(error.filename))}: " if error.filename is not None else ""
        _say(f"soft-landing: {where}{error.strerror or printable(str(error))}")
        return 1
    except Exception as error:  # noqa: BLE001 - the edge: nothing a user does may end in a traceback
        _say(_("soft-landing stopped on an internal error ({error}). Please report it with the command you ran.").format(
            error=f"{type(error).__name__}: {printable(str(error))}"))
        return INTERNAL_ERROR


def _say(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # no terminal left to tell
        print(message, file=sys.stderr)


def _lang(argv: list[str]) -> str | None:
    """The language named by the last --lang, read before the parser is made so that its help speaks it too."""
    found = None
    for n, argument in enumerate(argv):
        if argument == "--lang" and n + 1 < len(argv):
            found = argv[n + 1]
        elif argument.startswith("--lang="):
            found = argument.partition("=")[2]
    return found


def _main(argv: list[str]) -> int:
    lang = _lang(argv)
    if lang:  # what this process starts (a served game) speaks it too
        os.environ[i18n.ENV] = lang
    i18n.use(lang)
    argparse_words.speak()  # "usage:", "options", its errors: in the language chosen
    args = _parser().parse_args(argv)
    misplaced = _placed(args)
    if misplaced:
        print(f"soft-landing: {printable(misplaced)}", file=sys.stderr)
        return 2
    if args.command in (None, "play"):
        return int(_command("play").run(args))
    from rich.console import Console

    from game.commands.common import print_problems
    from game.content.validate import ContentError
    console = Console()
    try:
        return int(_command(args.command_module).run(args, console))
    except ContentError as error:
        print_problems(error.problems, console)
        console.print(_("[red]The content is invalid.[/] Run [bold]soft-landing check[/] for every problem."))
        return 1


if __name__ == "__main__":
    sys.exit(main())
