"""``soft-landing report CODE|SAVE [--md FILE] [--html FILE]``: the after-action report without the interface."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import add_mod_argument

if TYPE_CHECKING:
    from rich.console import Console

NAME = "report"
HELP = N_("write the after-action report of a run code or a save (Markdown and/or HTML)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="CODE|SAVE", help=_("a run code or the path of a save file"))
    parser.add_argument("--md", type=Path, default=None, metavar="FILE", help=_("write the report as Markdown"))
    parser.add_argument("--html", type=Path, default=None, metavar="FILE", help=_("write the report as one printable HTML file"))
    parser.add_argument("--content", type=Path, default=None, dest="report_content")
    add_mod_argument(parser)


def run(args: argparse.Namespace, console: Console) -> int:
    """Exit 0 when written, 1 when the run cannot be read or a file cannot be written, 2 when the
    argument is neither a run code nor a save file."""
    from game.content.loader import load_or_raise
    from game.commands.common import path_exists, printable
    from game.files.replay import looks_like_code
    from game.files.save_document import SaveError
    from game.files.saves import game_from_code, load_save, run_code
    from game.views import report
    from game.views.report_html import html

    content = load_or_raise(args.report_content, mods=args.mods)
    text = args.run.strip()
    try:
        if path_exists(text):  # whatever is there, a file, a folder, a pipe or a device: the loader says which
            loaded = load_save(Path(text), content)
            game = loaded.game
            for note in loaded.notes:
                console.print(note, style="yellow", markup=False, highlight=False, soft_wrap=True)
        elif looks_like_code(text):
            game = game_from_code(text, content)
        else:
            console.print(_("{text}: no such save file, and not a run code").format(text=printable(args.run)), style="red", highlight=False,
                          markup=False)
            return 2
    except SaveError as error:
        console.print(printable(str(error)), style="red", highlight=False, markup=False)
        return 1
    code = run_code(game)
    if args.md is None and args.html is None:
        print(report.markdown(game, code))
        return 0
    for path, render in ((args.md, report.markdown), (args.html, html)):
        if path is None:
            continue
        try:
            path.write_text(render(game, code), encoding="utf-8")
        except OSError as error:
            console.print(_("{file}: cannot write the report ({error})").format(file=path, error=error.strerror or error), style="red",
                          highlight=False, markup=False)
            return 1
        console.print(_("wrote {file}").format(file=path), highlight=False, markup=False)
    return 0
