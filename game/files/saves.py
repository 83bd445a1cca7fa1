"""Saved games: one human-readable JSON file per save, written safely and read with suspicion.

A save holds a header (format, game version, content fingerprint, scenario, seed, name, when it
was saved, a summary for the load screen, the session's record: the season last rewound and a
branch's main line), the moves so far and the full state, all through one cattrs converter that
forbids unknown keys and coerces nothing. Nothing in a save is executed.

This module writes saves, keeps the save folder and gives run codes; loading a save (read, replayed,
verified) is in :mod:`game.files.save_loading`, whose names it also gives. The file's form and the
suspicious reading of it are in :mod:`game.files.save_document`; crash reports and the sweeping of
interrupted saves' leftovers in :mod:`game.files.upkeep`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from attrs import evolve

from game import __version__
from game.i18n import _
from game.api import Game, MoveError
from game.files import autosaves
from game.files.atomic import write_whole
from game.files.replay import CodeError, decode_run, encode_run
from game.files.save_document import FORMAT as FORMAT
from game.files.save_document import MARK as MARK
from game.files.save_document import MAX_BYTES as MAX_BYTES
from game.files.save_document import Header, MainLine
from game.files.save_document import SaveError as SaveError
from game.files.save_document import read_limited as read_limited
from game.files.save_format import CONVERTER
from game.files.save_loading import LoadedSave as LoadedSave
from game.files.save_loading import Line as Line
from game.files.save_loading import SaveInfo as SaveInfo
from game.files.save_loading import ending_words as ending_words
from game.files.save_loading import load_game as load_game
from game.files.save_loading import load_save as load_save
from game.files.save_loading import read_info as read_info
from game.files.upkeep import CRASH_PREFIX as CRASH_PREFIX
from game.files.upkeep import STALE_TEMP_SECONDS as STALE_TEMP_SECONDS
from game.files.upkeep import sweep_temporary
from game.files.upkeep import write_crash_report as write_crash_report
from game.places import ENVIRONMENT, saves_dir  # noqa: F401 - part of this module's interface
from game.rules.model import Content
from game.rules.state import GameState

AUTOSAVE_PREFIX = autosaves.PREFIX
AUTOSAVES_KEPT = autosaves.KEPT


class SaveExistsError(SaveError):
    """A save of that name exists and overwriting it was not confirmed."""


# --- writing ------------------------------------------------------------------------------------


def document(game: Game, name: str, autosave: bool = False, now: datetime | None = None,
             line: Line | None = None) -> dict[str, Any]:
    """A game as the JSON document of a save file, with the session's record of it (``line``)."""
    state = game.state
    line = line or Line()
    main = line.main
    main_line = (MainLine(line.branch_turn or 1, main.state.moves, main.state.rewinds) if main is not None else None)
    header = Header(
        name=name, saved_at=now or datetime.now(UTC), autosave=autosave, game_version=__version__,
        content=game.content.fingerprint, scenario=state.scenario, seed=state.seed, turn=state.turn,
        date=state.date, phase=game.phase_name, outcome=state.outcome, moves=state.moves,
        rewound=line.rewound, main_line=main_line, series=line.series)
    return {"game": MARK, "format": FORMAT, **CONVERTER.unstructure(header), "state": CONVERTER.unstructure(state)}


def _text(doc: dict[str, Any]) -> str:
    # One line per record keeps a finished campaign readable yet small: the state's history is
    # written one turn per line rather than one number per line.
    head = {k: v for k, v in doc.items() if k != "state"}
    lines = json.dumps(head, indent=1, ensure_ascii=False, allow_nan=False)[:-2].split("\n")
    state = doc["state"]
    body = [f'  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False, allow_nan=False)}' for k, v in state.items() if k != "history"]
    history = [f"   {json.dumps(turn, ensure_ascii=False, allow_nan=False)}" for turn in state.get("history", [])]
    body.append('  "history": [' + ("\n" + ",\n".join(history) + "\n  ]" if history else "]"))
    return "\n".join(lines) + ',\n "state": {\n' + ",\n".join(body) + "\n }\n}\n"


def _slug(name: str) -> str:
    slug = re.sub(r"[^\w]+", "-", name.strip().lower()).strip("-_")[:60] or "save"
    return f"save-{slug}" if slug.startswith(AUTOSAVE_PREFIX.rstrip("-")) else slug


def write_save(path: Path, doc: dict[str, Any], overwrite: bool = False) -> Path:
    """Write a document safely: a temporary file in the same folder, flushed and synced, then renamed."""
    path = Path(path)
    try:
        exists = os.path.lexists(path)
    except OSError:  # lexists answers False rather than raise; kept for a platform that does not
        exists = False
    if exists and not overwrite:
        raise SaveExistsError(path, _("a save with this name already exists; confirm to overwrite it"))
    try:
        write_whole(path, _text(doc).encode("utf-8"))
    except OSError as error:  # the previous save, if any, is untouched
        raise SaveError(path, _("could not be written: {error}").format(error=error.strerror or error)) from None
    return path


def save_game(game: Game, name: str, directory: Path, overwrite: bool = False, line: Line | None = None) -> Path:
    """Save under a name; SaveExistsError if that save exists and ``overwrite`` is False."""
    if not name.strip():
        raise SaveError(None, _("a save needs a name"))
    path = Path(directory) / f"{_slug(name)}.json"
    return write_save(path, document(game, name.strip(), line=line), overwrite)


def autosave(game: Game, directory: Path, line: Line | None = None, now: float | None = None) -> Path:
    """Save as the next autosave of the game's own series (``line.series``; without one, a series named
    by the game's scenario, seed and deck), then prune: the newest three of this game are kept, other
    games' autosaves only by age or count, never the only copy of an unfinished game (see game.autosaves)."""
    directory = Path(directory)
    line = line or Line()
    series = autosaves.valid_series(line.series) or _series_of(game.state)
    path = autosaves.next_path(directory, series, autosaves.found(directory))
    write_save(path, document(game, autosave_name(game), autosave=True, line=evolve(line, series=series)), overwrite=True)
    moment = time.time() if now is None else now
    for old in autosaves.to_prune(autosaves.found(directory), series, moment, _unfinished):
        with contextlib.suppress(OSError):  # an old autosave that cannot be removed costs space, not the game
            old.unlink()
    return path


def _series_of(state: GameState) -> str:
    """The series of a game that was given none: the same for the same scenario, seed and deck."""
    return f"{zlib.crc32(f'{state.scenario}:{state.seed}:{state.deck}'.encode()):08x}"


def _unfinished(path: Path) -> bool:
    """Whether a save holds a game still in play; a file that cannot be read counts as one (it is kept)."""
    try:
        return read_info(path).outcome is None
    except SaveError:
        return True


def autosave_name(game: Game) -> str:
    """Named by the season just played, 'Autosave after turn 25', and 'Autosave at the end (turn 36)'
    for a finished game: the last season does not move the turn on, so naming autosaves by the turn
    to play gave two of them the same name, each one more than the season it saved."""
    state = game.state
    if not state.history:
        return _("Autosave: turn {turn}").format(turn=state.turn)
    last = state.history[-1].turn
    if game.over:
        return _("Autosave at the end (turn {turn})").format(turn=last)
    return _("Autosave after turn {turn}").format(turn=last)


# --- the save folder ----------------------------------------------------------------------------

def list_saves(directory: Path, content: Content | None = None) -> list[SaveInfo]:
    """Every save in a folder, newest first; unreadable ones included with ``error`` set.

    Whatever is named ``*.json`` is listed, so a folder, a named pipe or a dangling link by that
    name shows up as unreadable instead of vanishing. Stale temporary files of interrupted saves
    are swept first. Without content each file's form is checked (as far as can be without
    content); with it each is fully loaded and verified.
    """
    directory = Path(directory)
    if not directory.is_dir():
        return []
    sweep_temporary(directory)
    rows = []
    for path in directory.glob("*.json"):
        if path.name.startswith("."):
            continue
        try:
            rows.append(load_save(path, content).info if content is not None else read_info(path))
        except SaveError as error:
            rows.append(SaveInfo(path, path.stem, "", 0, "", _modified(path), path.stem.startswith(AUTOSAVE_PREFIX),
                                 error.problem))
    far_past = datetime.min.replace(tzinfo=UTC)
    return sorted(rows, key=lambda r: (_aware(r.saved_at) or far_past, r.path.name), reverse=True)


def latest_save(directory: Path) -> SaveInfo | None:
    """The newest readable save, for 'Continue'."""
    return next((row for row in list_saves(directory) if row.error is None), None)


def delete_save(path: Path) -> None:
    """Delete a save file; SaveError if it cannot be."""
    try:
        Path(path).unlink()
    except FileNotFoundError:
        raise SaveError(Path(path), _("no such save file")) from None
    except OSError as error:
        raise SaveError(Path(path), _("could not be deleted: {error}").format(error=error.strerror or error)) from None


def _modified(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.lstat().st_mtime, UTC)
    except OSError:
        return None


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


# --- run codes ----------------------------------------------------------------------------------

def run_code(game: Game) -> str:
    """A short copyable code (scenario, seed, moves) that replays this run exactly."""
    return encode_run(game)


def game_from_code(code: str, content: Content) -> Game:
    """The game a run code describes; SaveError naming the code if it cannot be read or replayed."""
    shown = code.strip() if isinstance(code, str) else repr(code)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    try:
        return decode_run(code, content)
    except (CodeError, MoveError) as error:
        raise SaveError(None, _("run code {code}: {error}").format(code=shown, error=error)) from None
