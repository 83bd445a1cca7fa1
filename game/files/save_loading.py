"""A save loaded: read with suspicion, its game rebuilt by replaying its moves, and checked against them.

Loading trusts only the scenario, the seed and the moves: the game is always rebuilt by replaying
them, and with the same content and game version the stored state must equal the replayed one, so
a hand-edited state is refused rather than smuggled in. A save made with other content (or another
game version, whose rules may differ) is rebuilt from its moves where they still apply. Any fault
becomes a :class:`SaveError` that names the file and what is wrong; the file is never modified.
Writing saves and the save folder are in :mod:`game.files.saves`.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from game import __version__
from game.i18n import N_, _, date_text
from game.api import Game, record_of
from game.files import autosaves
from game.api import ReplayError
from game.files.replay import replay_moves
from game.files.save_document import Header, SaveError, read
from game.files.save_format import CONVERTER
from game.rules.model import Content
from game.rules.state import GameState


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


def _info(path: Path, header: Header, state: GameState) -> SaveInfo:
    return SaveInfo(path, header.name, date_text(header.date.year, header.date.quarter), header.turn, header.phase,
                    header.saved_at, header.autosave,
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
        raise SaveError(path, _("its scenario '{name}' is not in this content (scenarios: {known})").format(
            name=header.scenario, known=", ".join(content.scenarios)))
    same = header.content == content.fingerprint and header.game_version == __version__
    notes: list[str] = []
    try:
        game = Game.replay(content, header.scenario, header.seed, header.moves, stored.deck, record_of(stored))
    except ReplayError as error:
        where = _where(error, header.moves)
        if same:
            raise SaveError(path, _("damaged or hand-edited: {where} does not apply: {reason}").format(
                where=where, reason=error.reason)) from None
        cause = _other(header, content)
        if not partial:
            raise SaveError(path, _("{cause} and cannot be rebuilt: {where} no longer applies: {reason}").format(
                cause=cause, where=where, reason=error.reason)) from None
        game = error.game
        notes.append(_("{cause}: rebuilt from its moves up to {where}, which no longer applies ({reason}); the game goes "
                       "on from turn {turn}, before it").format(cause=cause, where=where, reason=error.reason,
                                                               turn=game.state.turn))
        return LoadedSave(game, _loaded_info(path, header, game), tuple(notes), True)  # a new line: no record, no series
    if not same:
        notes.append(_("{cause}: rebuilt by replaying its {count} moves on this content").format(
            cause=_other(header, content), count=len(header.moves)))
        line, more = _line(path, header, stored, content, same)
        return LoadedSave(game, _loaded_info(path, header, game), (*notes, *more), True, line)
    if game.state != stored:
        raise SaveError(path, _("damaged or hand-edited: the stored state does not follow from its moves ({difference})").format(
            difference=_difference(game.state, stored)))
    if (header.turn, header.date, header.outcome) != (stored.turn, stored.date, stored.outcome) or \
            _other_phase(header.phase, stored.phase, content):
        raise SaveError(path, _("damaged or hand-edited: its summary (turn, date, phase, outcome) does not match its state"))
    line, _notes = _line(path, header, stored, content, same)
    return LoadedSave(game, _loaded_info(path, header, game), line=line)


def _loaded_info(path: Path, header: Header, game: Game) -> SaveInfo:
    """The save's row as the game was loaded (a rebuilt game may stand elsewhere than it was saved)."""
    ending = ending_words(game.state.outcome, game.ending.kind if game.ending else None) if game.over else None
    return evolve(_info(path, header, game.state), turn=game.state.turn, date=date_text(game.date.year, game.date.quarter),
                  phase=game.phase_name, outcome=ending)


def _where(error: ReplayError, moves: tuple[str, ...]) -> str:
    """Where a replay of ``moves`` stopped, for a message."""
    return _("move {number} of {count} ('{move}', turn {turn})").format(number=error.index + 1, count=len(moves),
                                                                     move=error.move, turn=error.turn)


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
            raise SaveError(path, _("damaged or hand-edited: main_line {where} does not apply: {reason}").format(
                where=where, reason=error.reason)) from None
        return Line(header.rewound, series=series), (_("the main line this branch left could not be rebuilt ({where} no longer "
                                                        "applies): the report will not compare the two").format(where=where),)
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
        return _("made by an earlier version of the game, with this content")
    if header.content != content.fingerprint:
        return _("made with other content (fingerprint {fingerprint}; this content is {this})").format(
            fingerprint=header.content[:16], this=content.fingerprint)
    return _("made with game version {version} (this is {this})").format(version=header.game_version[:20], this=__version__)


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
        return None if a == b else _("{field}: saved {saved}, the moves give {given}").format(
            field=where.lstrip("."), saved=_short(b), given=_short(a))
    return walk(CONVERTER.unstructure(replayed), CONVERTER.unstructure(stored), "state") or "state"


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


#: a finished game's end and its kind of collapse as the load screen lists them (translated where said)
_OUTCOMES = {"soft_landing": N_("Soft landing"), "survival": N_("Survival"), "collapse": N_("Collapse")}
_KINDS = {"uprising": N_("uprising"), "elite_split": N_("elite split"), "absorption": N_("absorption"),
          "implosion": N_("implosion")}


def ending_words(outcome: str | None, kind: str | None = None) -> str | None:
    """'Collapse (elite split)', 'Soft landing', 'Survival' in the language in use; None for a game still in play."""
    if not outcome:
        return None
    words = _(_OUTCOMES[outcome]) if outcome in _OUTCOMES else outcome.replace("_", " ").capitalize()
    if not kind:
        return words
    return f"{words} ({_(_KINDS[kind]) if kind in _KINDS else kind.replace('_', ' ')})"
