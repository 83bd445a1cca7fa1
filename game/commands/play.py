"""``soft-landing [play]``: the terminal interface (the default command)."""

from __future__ import annotations

import argparse
from pathlib import Path

from game.i18n import N_

NAME = "play"
HELP = N_("play in the terminal (the default)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Play takes the top-level options (--content, --saves, --load, --seed, --scenario, --code)."""


def run(args: argparse.Namespace) -> int:
    from game.places import saves_dir
    if not (args.lang or getattr(args, "sub_lang", None)):
        speak_as_chosen()
    from game.tui.entry import run as run_app  # the content loads behind the title screen; its problems are shown there
    saves = saves_dir(args.saves)
    try:
        return run_app(content_dir=args.content, saves_dir=saves, load_path=args.load, seed=args.seed, scenario=args.scenario,
                       code=args.code, student=args.class_student, mods=tuple(args.mods), force=args.force)
    except KeyboardInterrupt:
        return 130


def speak_as_chosen(folder: Path | None = None) -> str:
    """Speak the language the player chose on the title screen last time, if any: it comes before
    $SOFT_LANDING_LANG (a served game's default) and after --lang. Returns the language in use."""
    from game import i18n
    from game.files import player
    from game.places import player_dir

    try:
        chosen = player.PlayerFiles(folder if folder is not None else player_dir()).settings().lang
    except player.PlayerFileError:
        chosen = None  # the title screen says why, once the session reads the same file
    return i18n.use(chosen) if chosen else i18n.language()
