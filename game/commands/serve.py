"""``soft-landing serve [--host 127.0.0.1] [--port 8000]``: the game in a browser, one game per browser session."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import add_mod_argument

if TYPE_CHECKING:
    from rich.console import Console

    from game.rules.model import Content

NAME = "serve"
HELP = N_("serve the game to web browsers (each browser session its own game and saves; no accounts)")

DATA_FOLDER = "browser"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help=_("address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for a classroom network)"))
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--data", type=Path, default=None, metavar="DIR",
                        help=_("the server's data folder, one saves folder per browser session under it "
                               "(default: '{folder}' in the saves folder)").format(folder=DATA_FOLDER))
    parser.add_argument("--class", default=None, dest="serve_class", metavar="CODE",
                        help=_("start every browser session in the game of this class code, ask each student's name, "
                               "record each run as it ends, and serve the teacher a live page (its link is printed at start)"))
    parser.add_argument("--max-sessions", type=int, default=None, metavar="N",
                        help=_("games played at once (default 60; each is a process of about 45 MB)"))
    parser.add_argument("--allow-origin", action="append", default=[], metavar="URL", dest="allow_origins",
                        help=_("also let pages of this origin start games, e.g. https://games.school.example for a "
                               "school's proxy in front of the server (repeatable; by default only the server's own pages)"))
    parser.add_argument("--keep-days", type=float, default=None, metavar="DAYS",
                        help=_("remove session folders untouched for this many days when the server starts (default 30)"))
    parser.add_argument("--content", type=Path, default=None, dest="serve_content")
    add_mod_argument(parser)


def run(args: argparse.Namespace, console: Console) -> int:
    from game.content.loader import load_or_raise

    if not 0 < args.port < 65536:
        console.print(_("--port must be between 1 and 65535, not {port}").format(port=args.port), style="red", markup=False)
        return 2
    content = load_or_raise(args.serve_content, mods=args.mods)  # a broken content folder is reported here, not in every browser
    if args.serve_class and not _is_class_code(args.serve_class, content, console):
        return 2
    try:
        from game.web import GameServer
    except ImportError as error:
        console.print(_("serving needs the textual-serve package ({error}); install the game with its dependencies").format(error=error),
                      style="red", markup=False, highlight=False, soft_wrap=True)
        return 1
    data = _data_folder(args, console)
    if data is None:
        return 1
    limits = _limits(args, console)
    if limits is None:
        return 2
    limit, keep_days = limits
    try:
        server = GameServer(data.resolve(), args.host, args.port, args.serve_content, args.serve_class, limit,
                            allow_origins=args.allow_origins, keep_days=keep_days, loaded=content, mods=args.mods,
                            lang=args.lang or args.sub_lang)
    except OSError as error:
        console.print(_("{folder}: cannot read or make the session key or the class's runs ({error})").format(
            folder=data, error=error.strerror or error), style="red",
                      markup=False, highlight=False, soft_wrap=True)
        return 1
    try:
        server.serve()
    except OSError as error:
        console.print(_("cannot serve on {host}:{port} ({error})").format(host=args.host, port=args.port,
                                                                          error=error.strerror or error), style="red", markup=False,
                      highlight=False, soft_wrap=True)
        return 1
    return 0


def _is_class_code(code: str, content: Content, console: Console) -> bool:
    """Whether ``--class`` names the game of a class; if not, says why."""
    from game.files.save_document import SaveError
    from game.files.saves import game_from_code

    try:
        played = game_from_code(code, content)
    except SaveError as error:
        console.print(f"--class: {error}", style="red", markup=False, highlight=False, soft_wrap=True)
        return False
    if not played.state.deck:
        console.print(_("--class: this is the run code of a game of no class; make a class code with "
                        "'soft-landing class --scenario ID'"), style="red", markup=False, highlight=False, soft_wrap=True)
        return False
    return True


def _data_folder(args: argparse.Namespace, console: Console) -> Path | None:
    """The server's data folder, made if it is missing; None, said why, if it cannot be."""
    from game.places import saves_dir

    data: Path = args.data if args.data is not None else saves_dir(args.saves) / DATA_FOLDER
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        console.print(_("{folder}: cannot make the data folder ({error})").format(folder=data, error=error.strerror or error),
                      style="red", markup=False,
                      highlight=False, soft_wrap=True)
        return None
    return data


def _limits(args: argparse.Namespace, console: Console) -> tuple[int, float] | None:
    """The games played at once and the days a session folder is kept, with the origins checked; None, said
    why, for a limit out of range or an origin that is not one."""
    from game.web import MAX_SESSIONS
    from game.web.folders import KEEP_DAYS

    limit = args.max_sessions if args.max_sessions is not None else MAX_SESSIONS
    if limit < 1:
        console.print(_("--max-sessions must be at least 1, not {limit}").format(limit=limit), style="red", markup=False)
        return None
    keep_days = args.keep_days if args.keep_days is not None else KEEP_DAYS
    if not keep_days > 0:
        console.print(_("--keep-days must be more than 0, not {days}").format(days=f"{keep_days:g}"), style="red", markup=False)
        return None
    for origin in args.allow_origins:
        if not re.fullmatch(r"https?://[^/\s]+", origin):
            console.print(_("--allow-origin: {origin} is not an origin such as https://games.school.example (scheme "
                            "and host, no path)").format(origin=repr(origin)), style="red", markup=False, highlight=False, soft_wrap=True)
            return None
    return limit, keep_days
