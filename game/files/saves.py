"""Saved games: one human-readable JSON file per save, written safely and read with suspicion.

A save holds a header (format, game version, content fingerprint, scenario, seed, name, when it
was saved, a summary for the load screen, the session's record: the season last rewound and a
branch's main line), the moves so far and the full state, all through one cattrs converter that
forbids unknown keys and coerces nothing. Nothing in a save is executed.

Loading trusts only the scenario, the seed and the moves: the game is always rebuilt by replaying
them, and with the same content and game version the stored state must equal the replayed one, so
a hand-edited state is refused rather than smuggled in. A save made with other content (or another
game version, whose rules may differ) is rebuilt from its moves where they still apply. Any fault
becomes a :class:`SaveError` that names the file and what is wrong; the file is never modified.

The file's form and the suspicious reading of it are in :mod:`game.files.save_document`; crash
reports and the sweeping of interrupted saves' leftovers in :mod:`game.files.upkeep`.
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

from attrs import evolve, frozen

from game import __version__
from game.api import Game, MoveError, record_of
from game.files import autosaves
from game.files.atomic import write_whole
from game.files.replay import CodeError, ReplayError, decode_run, encode_run, replay_moves
from game.files.save_document import FORMAT as FORMAT
from game.files.save_document import MARK as MARK
from game.files.save_document import MAX_BYTES as MAX_BYTES
from game.files.save_document import Header, MainLine, SaveError, read
from game.files.save_document import read_limited as read_limited
from game.files.save_format import CONVERTER
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


@frozen
class SaveInfo:
    """One row of the load screen."""

    path: Path
    name: str
    date: str
    turn: int
    phase: str
    saved_at: datetime | None
    autosave: bool
    error: str | None
    outcome: str | None = None  # a finished game's end ("Collapse (uprising)"), listed instead of its phase
    scenario: str = ""  # which game it is, for the load list: scenario, seed, class deck, series
    seed: int = 0
    deck: int = 0
    series: str | None = None


@frozen
class Line:
    """What a session adds to a save beyond the game (format 3): the season last rewound, so that
    a season is rewound once however often it is saved and loaded, and a branch's main line."""

    rewound: int | None = None
    main: Game | None = None  # the main line a branch left
    branch_turn: int | None = None  # the season the branch went back to
    series: str | None = None  # the game's series of autosaves (format 4; see game.autosaves)


@frozen
class LoadedSave:
    """A loaded game and what the player should be told about how it was loaded."""

    game: Game
    info: SaveInfo
    notes: tuple[str, ...] = ()  # e.g. rebuilt from its moves on other content
    rebuilt: bool = False
    line: Line = Line()  # the season last rewound and a branch's main line, as saved


# --- reading ----------------------------------------------------------------------------------

def _info(path: Path, header: Header, state: GameState) -> SaveInfo:
    return SaveInfo(path, header.name, str(header.date), header.turn, header.phase, header.saved_at, header.autosave,
                    None, ending_words(header.outcome), header.scenario, header.seed, state.deck,
                    autosaves.valid_series(header.series))


def read_info(path: Path) -> SaveInfo:
    """The load screen's row for a file, without loading the game; SaveError if it is unreadable."""
    return _info(path, *read(path))


def load_save(path: Path, content: Content, partial: bool = False) -> LoadedSave:
    """Load and verify a save (see the module's docstring); SaveError if it cannot be trusted.

    With ``partial``, a save from other content whose moves stop applying is loaded up to the
    last move that applies, with a note saying where it stopped.
    """
    path = Path(path)
    header, stored = read(path)
    if header.scenario not in content.scenarios:
        raise SaveError(path, f"its scenario '{header.scenario}' is not in this content "
                              f"(scenarios: {', '.join(content.scenarios)})")
    same = header.content == content.fingerprint and header.game_version == __version__
    notes: list[str] = []
    try:
        game = Game.replay(content, header.scenario, header.seed, header.moves, stored.deck, record_of(stored))
    except ReplayError as error:
        where = _where(error, header.moves)
        if same:
            raise SaveError(path, f"damaged or hand-edited: {where} does not apply: {error.reason}") from None
        cause = _other(header, content)
        if not partial:
            raise SaveError(path, f"{cause} and cannot be rebuilt: {where} no longer applies: {error.reason}") from None
        game = error.game
        notes.append(f"{cause}: rebuilt from its moves up to {where}, which no longer applies "
                     f"({error.reason}); the game goes on from turn {game.state.turn}, before it")
        return LoadedSave(game, _loaded_info(path, header, game), tuple(notes), True)  # a new line: no record, no series
    if not same:
        notes.append(f"{_other(header, content)}: rebuilt by replaying its {len(header.moves)} moves on this content")
        line, more = _line(path, header, stored, content, same)
        return LoadedSave(game, _loaded_info(path, header, game), (*notes, *more), True, line)
    if game.state != stored:
        raise SaveError(path, f"damaged or hand-edited: the stored state does not follow from its moves "
                              f"({_difference(game.state, stored)})")
    if (header.turn, header.date, header.outcome) != (stored.turn, stored.date, stored.outcome) or \
            _other_phase(header.phase, stored.phase, content):
        raise SaveError(path, "damaged or hand-edited: its summary (turn, date, phase, outcome) does not match its state")
    line, _ = _line(path, header, stored, content, same)
    return LoadedSave(game, _loaded_info(path, header, game), line=line)


def _loaded_info(path: Path, header: Header, game: Game) -> SaveInfo:
    """The save's row as the game was loaded (a rebuilt game may stand elsewhere than it was saved)."""
    ending = ending_words(game.state.outcome, game.ending.kind if game.ending else None) if game.over else None
    return evolve(_info(path, header, game.state), turn=game.state.turn, date=str(game.date), phase=game.phase_name, outcome=ending)


def _where(error: ReplayError, moves: tuple[str, ...]) -> str:
    """Where a replay of ``moves`` stopped, for a message."""
    return f"move {error.index + 1} of {len(moves)} ('{error.move}', turn {error.turn})"


def _line(path: Path, header: Header, stored: GameState, content: Content, same: bool) -> tuple[Line, tuple[str, ...]]:
    """The session's record of a save, its main line rebuilt by replay; notes say what was left out."""
    main, series = header.main_line, autosaves.valid_series(header.series)
    if main is None:
        return Line(header.rewound, series=series), ()
    try:
        line = replay_moves(content, header.scenario, header.seed, main.moves, stored.deck, main.rewinds)
    except ReplayError as error:
        where = _where(error, main.moves)
        if same:
            raise SaveError(path, f"damaged or hand-edited: main_line {where} does not apply: {error.reason}") from None
        return Line(header.rewound, series=series), (f"the main line this branch left could not be rebuilt ({where} no longer "
                                      "applies): the report will not compare the two",)
    return Line(header.rewound, line, main.turn, series), ()


def _other_phase(written: str, phase: str, content: Content) -> bool:
    """Whether a save's summary names a phase other than its state's. The summary gives the phase's name in
    the language the game spoke when it saved (format 1 files give its id); a name this content does not
    is read as that phase only if it is its name in English or in a language of the content's folder."""
    if written in (phase, getattr(content.phases.get(phase), "name", None)):
        return False
    return written not in _phase_names(content.root, phase)


def _phase_names(root: Path, phase: str) -> set[str]:
    """A phase's name in English and in every language of a content folder (lang/<code>/)."""
    from game.content import translations
    from game.content.loader import content_items

    key = f"phase.{phase}.name"
    try:
        names = {translations.english(content_items(root)).get(key)}
        for folder in sorted((root / translations.LANG_FOLDER).glob("*")):
            entry = translations.read([root], folder.name)[0].get(key)
            names.add(entry.text if entry is not None else None)
    except (OSError, ValueError):
        return set()
    return {name for name in names if name}


def load_game(path: Path, content: Content) -> Game:
    """The game in a save, verified; SaveError if it cannot be loaded. The file is never modified."""
    return load_save(path, content).game


def _other(header: Header, content: Content) -> str:
    if header.content == content.text_fingerprint:
        return "made by an earlier version of the game, with this content"
    if header.content != content.fingerprint:
        return f"made with other content (fingerprint {header.content[:16]}; this content is {content.fingerprint})"
    return f"made with game version {header.game_version[:20]} (this is {__version__})"


def _difference(replayed: GameState, stored: GameState) -> str:
    """Where two states first differ, as 'field: saved X, the moves give Y'."""
    def walk(a: Any, b: Any, where: str) -> str | None:
        if isinstance(a, dict) and isinstance(b, dict):
            for key in list(a) + [k for k in b if k not in a]:
                found = walk(a.get(key), b.get(key), f"{where}.{key}")
                if found:
                    return found
            return None
        if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            return next((f for f in (walk(x, y, f"{where}[{n}]") for n, (x, y) in enumerate(zip(a, b))) if f), None)
        return None if a == b else f"{where.lstrip('.')}: saved {_short(b)}, the moves give {_short(a)}"
    return walk(CONVERTER.unstructure(replayed), CONVERTER.unstructure(stored), "state") or "state"


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
        raise SaveExistsError(path, "a save with this name already exists; confirm to overwrite it")
    try:
        write_whole(path, _text(doc).encode("utf-8"))
    except OSError as error:  # the previous save, if any, is untouched
        raise SaveError(path, f"could not be written: {error.strerror or error}") from None
    return path


def save_game(game: Game, name: str, directory: Path, overwrite: bool = False, line: Line | None = None) -> Path:
    """Save under a name; SaveExistsError if that save exists and ``overwrite`` is False."""
    if not name.strip():
        raise SaveError(None, "a save needs a name")
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


def ending_words(outcome: str | None, kind: str | None = None) -> str | None:
    """'Collapse (elite split)', 'Soft landing', 'Survival'; None for a game still in play."""
    if not outcome:
        return None
    words = outcome.replace("_", " ").capitalize()
    return f"{words} ({kind.replace('_', ' ')})" if kind else words


def autosave_name(game: Game) -> str:
    """Named by the season just played, 'Autosave after turn 25', and 'Autosave at the end (turn 36)'
    for a finished game: the last season does not move the turn on, so naming autosaves by the turn
    to play gave two of them the same name, each one more than the season it saved."""
    state = game.state
    if not state.history:
        return f"Autosave: turn {state.turn}"
    last = state.history[-1].turn
    return f"Autosave at the end (turn {last})" if game.over else f"Autosave after turn {last}"


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
        raise SaveError(Path(path), "no such save file") from None
    except OSError as error:
        raise SaveError(Path(path), f"could not be deleted: {error.strerror or error}") from None


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
        raise SaveError(None, f"run code {shown}: {error}") from None
