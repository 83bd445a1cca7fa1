"""``soft-landing debrief FILE [--html FILE] [--md FILE]``: a class's runs side by side for the teacher."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import add_mod_argument

if TYPE_CHECKING:
    from rich.console import Console

NAME = "debrief"
HELP = N_("write the class debrief of a file of run codes (one a line, optionally 'Name: CODE')")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("codes", type=Path, metavar="FILE", help=_("a text file of run codes, one a line, optionally 'Name: CODE'"))
    parser.add_argument("--html", type=Path, default=None, metavar="FILE", help=_("write the debrief as one printable HTML file"))
    parser.add_argument("--md", type=Path, default=None, metavar="FILE", help=_("write the debrief as Markdown"))
    parser.add_argument("--meter", default=None, help=_("the meter charted for every student (default: of the meters "
                                                        "that move, the one that best separates the endings)"))
    parser.add_argument("--content", type=Path, default=None, dest="debrief_content")
    add_mod_argument(parser)


def run(args: argparse.Namespace, console: Console) -> int:
    """Exit 0 when written (bad lines are listed, not fatal), 1 when the file cannot be read or
    written or holds no readable code, 2 for an unknown meter."""
    from game.files.classroom import read_codes_file
    from game.content.loader import load_or_raise
    from game.files.save_document import SaveError
    from game.views import debrief

    content = load_or_raise(args.debrief_content, mods=args.mods)
    if args.meter is not None and args.meter not in content.meters:
        console.print(_("no meter '{name}' (meters: {known})").format(name=args.meter, known=", ".join(content.meters)),
                      style="red", markup=False,
                      highlight=False, soft_wrap=True)
        return 2
    try:
        entries, bad = read_codes_file(args.codes, content)
    except SaveError as error:
        console.print(_("{file}: cannot read the codes ({error})").format(file=args.codes, error=error.problem),
                      style="red", markup=False, highlight=False,
                      soft_wrap=True)
        return 1
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else _("not a text file in UTF-8")
        console.print(_("{file}: cannot read the codes ({error})").format(file=args.codes, error=reason),
                      style="red", markup=False, highlight=False, soft_wrap=True)
        return 1
    for line in bad:
        console.print(f"{args.codes}:{line.line}: {line.reason}", style="yellow", markup=False, highlight=False,
                      soft_wrap=True)
    if not entries:
        console.print(_("{file}: no run code could be read").format(file=args.codes),
                      style="red", markup=False, highlight=False, soft_wrap=True)
        return 1
    result = debrief.build(entries, bad, content, args.meter)
    summary = ", ".join(f"{n} {name}" for name, n in result.outcomes)
    console.print(f"{result.summary[:-1]}: {summary}", markup=False, highlight=False, soft_wrap=True)
    if args.html is None and args.md is None:
        print(debrief.to_markdown(result))
        return 0
    for path, render in ((args.html, debrief.to_html), (args.md, debrief.to_markdown)):
        if path is None:
            continue
        try:
            path.write_text(render(result), encoding="utf-8")
        except OSError as error:
            console.print(_("{file}: cannot write the debrief ({error})").format(file=path, error=error.strerror or error),
                          style="red", markup=False,
                          highlight=False, soft_wrap=True)
            return 1
        console.print(_("wrote {file}").format(file=path), markup=False, highlight=False, soft_wrap=True)
    return 0
