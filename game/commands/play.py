"""``soft-landing [play]``: the terminal interface (the default command)."""

from __future__ import annotations

import argparse

from game.i18n import N_

NAME = "play"
HELP = N_("play in the terminal (the default)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Play takes the top-level options (--content, --saves, --load, --seed, --scenario, --code)."""


def run(args: argparse.Namespace) -> int:
    from game.places import saves_dir
    from game.tui.entry import run as run_app  # the content loads behind the title screen; its problems are shown there
    saves = saves_dir(args.saves)
    try:
        return run_app(content_dir=args.content, saves_dir=saves, load_path=args.load, seed=args.seed, scenario=args.scenario,
                       code=args.code, student=args.class_student, mods=tuple(args.mods), force=args.force)
    except KeyboardInterrupt:
        return 130
