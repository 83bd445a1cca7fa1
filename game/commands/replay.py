"""``soft-landing replay CODE|PATH``: replay a run code or a save file headlessly."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import add_mod_argument, path_exists, printable

if TYPE_CHECKING:
    from rich.console import Console

    from game.api import Game

NAME = "replay"
HELP = N_("replay a run code or a save file headlessly")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", help=_("a run code or the path of a save file"))
    parser.add_argument("--content", type=Path, default=None, dest="replay_content")
    add_mod_argument(parser)


def run(args: argparse.Namespace, console: Console) -> int:
    return replay_command(args.code, args.replay_content, console, tuple(args.mods))


def replay_command(code: str, content_dir: Path | None, console: Console, mods: Sequence[Path] = ()) -> int:
    """``soft-landing replay CODE|PATH``: replay a run headlessly and say where it ends.

    Exit 0 when replayed, 1 when the code or save cannot be read, 2 when the argument is neither.
    """
    # imported here, not at the top: the parser imports every command, and ``play`` must start fast
    from game.errors import SessionError
    from game.content.loader import load_or_raise
    from game.places import saves_dir
    from game.files.replay import looks_like_code
    from game.session import Session

    session = Session(load_or_raise(content_dir, mods=mods), saves_dir(None))  # the CLI lists every problem of invalid content
    text = code.strip()
    notes: Sequence[str] = ()
    try:
        if path_exists(text):  # whatever is there, a file, a folder, a pipe or a device: the loader says which
            notes, source = session.load(Path(text)), _("save {name}").format(name=text)
        elif looks_like_code(text):
            session.from_code(text)
            source = _("run code")
        else:
            console.print(_("{text}: no such save file, and not a run code").format(text=printable(code)), style="red",
                          highlight=False, markup=False)
            return 2
    except SessionError as error:
        console.print(printable(str(error)), style="red", highlight=False, markup=False)
        return 1
    assert session.game is not None
    _report(session.game, source, notes, session.run_code() or "", console)
    return 0


def _report(game: Game, source: str, notes: Sequence[str], code: str, console: Console) -> None:
    from rich.table import Table

    from game.i18n import date_text

    state = game.state
    table = Table(title=_("Replayed {source}").format(source=source), show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row(_("scenario"), game.content.scenarios[state.scenario].name)
    table.add_row(_("seed"), str(state.seed))
    table.add_row(_("moves"), str(len(state.moves)))
    table.add_row(_("turn"), _("{turn} of {last}").format(turn=state.turn, last=state.last_turn))
    table.add_row(_("date"), date_text(state.date.year, state.date.quarter))
    table.add_row(_("phase"), game.phase_name)
    if state.over:
        from game.views.words import kind_name, outcome_name

        outcome = outcome_name(state.outcome)
        kind = f" ({kind_name(state.collapse_kind)})" if state.collapse_kind else ""
        ending = game.ending
        table.add_row(_("ending"), f"{outcome}{kind}: {ending.title}" if ending else f"{outcome}{kind}")
    else:
        table.add_row(_("ending"), _("none yet: the run stops here, still in play"))
    from game.views.report import rewinds_line

    table.add_row(_("played"), rewinds_line(game))
    console.print(table)
    for note in notes:
        console.print(note, style="yellow", highlight=False, markup=False)
    if game.reasons:
        console.print(_("Why the regime moved:"), style="bold")
        for reason in game.reasons:
            console.print(f"  {reason}", highlight=False, markup=False)
    console.print(_("run code: {code}").format(code=code), highlight=False, markup=False, soft_wrap=True)
