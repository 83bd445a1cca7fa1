"""Autosaves that belong to their game: each game its own series of files, pruned game by game.

Every game the session starts gets a series, a short random name kept in its saves, and its
autosaves are ``autosave-<series>-<number>.json``: the newest three of a game are kept, and a new
game never removes another game's. Autosaves written before games had series
(``autosave-<number>.json``) each stand for a game of their own.

Other games' autosaves are pruned by age or count: a game whose newest autosave is older than
``MAX_AGE_DAYS``, or that is not among the ``MAX_GAMES`` games autosaved most recently, keeps only
its newest autosave, and loses that one too only if it is a finished game. So the newest autosave
of an unfinished game is never deleted: it may be the only copy of that game.

This module decides from file names and times only; :func:`game.files.saves.autosave` writes the file and
tells it which games are finished.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from attrs import frozen

PREFIX = "autosave-"
KEPT = 3  # autosaves of the game in play: its last three seasons
MAX_AGE_DAYS = 30  # another game's autosaves older than this keep only the newest of an unfinished game
MAX_GAMES = 12  # games beyond this many, by their newest autosave, likewise

_NAME = re.compile(r"autosave-(?:([0-9a-z]{1,16})-)?([0-9]{1,9})\.json")  # [0-9] is ASCII: never '²'
_SERIES = re.compile(r"[0-9a-z]{1,16}")


@frozen
class Autosave:
    """One autosave file, as its name and time tell."""

    path: Path
    series: str  # the game's series; for an autosave older than series, 'old-<number>' (a game of its own)
    number: int
    modified: float  # seconds since the epoch


def new_series() -> str:
    """A series for a new game: eight random hex digits, so two games never share one."""
    return secrets.token_hex(4)


def valid_series(series: object) -> str | None:
    """The series if it may name files (lower-case letters and digits, at most 16), else None."""
    return series if isinstance(series, str) and _SERIES.fullmatch(series) else None


def found(directory: Path) -> list[Autosave]:
    """The autosaves in a folder (regular files or not: a stray folder by that name is listed too)."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.glob(f"{PREFIX}*.json"):
        match = _NAME.fullmatch(path.name)
        if match is None:
            continue
        series, number = match.group(1), int(match.group(2))
        try:
            modified = path.lstat().st_mtime
        except OSError:
            continue
        found.append(Autosave(path, series or f"old-{number}", number, modified))
    return found


def next_path(directory: Path, series: str, autosaves: Iterable[Autosave]) -> Path:
    """Where the next autosave of a game goes: one number past the game's newest."""
    if valid_series(series) is None:
        raise ValueError(f"not a series: {series!r}")
    numbers = [a.number for a in autosaves if a.series == series]
    return directory / f"{PREFIX}{series}-{max(numbers, default=0) + 1:05d}.json"


def to_prune(autosaves: Iterable[Autosave], series: str, now: float, unfinished: Callable[[Path], bool]) -> list[Path]:
    """The autosaves to delete after the game ``series`` autosaved (see the module's docstring).

    ``unfinished(path)`` says whether a file holds a game still in play (or cannot be read: a file
    this module cannot judge is kept)."""
    games: dict[str, list[Autosave]] = {}
    for autosave in autosaves:
        games.setdefault(autosave.series, []).append(autosave)
    doomed: list[Path] = []
    for files in games.values():
        files.sort(key=lambda a: a.number)
    mine = games.pop(series, [])
    doomed += [a.path for a in mine[:-KEPT]]
    by_recency = sorted(games.values(), key=lambda files: -max(a.modified for a in files))
    oldest = now - MAX_AGE_DAYS * 86_400
    for rank, files in enumerate(by_recency, start=1):  # the game in play counts as the first
        newest = files[-1]
        if rank < MAX_GAMES and newest.modified >= oldest:
            continue
        doomed += [a.path for a in files[:-1]]
        if not unfinished(newest.path):
            doomed.append(newest.path)
    return doomed
