"""A save file's form: its header, how it is read with suspicion, and the states no game can reach.

A save is one JSON document: a mark and a format number, a header (what the load screen shows and
what the game is rebuilt from: scenario, seed, moves) and the full state. Reading it trusts nothing:
the file must be a regular file of bounded size, valid UTF-8 JSON with no key written twice and no
non-finite number, of a format this version knows (older ones are brought up to date), and every
field must have its type; then a state no game could reach is refused. What a save means for play
(the replay that verifies it, the session's record) is :mod:`game.files.saves`'s business.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

from attrs import frozen

from game.i18n import N_, _
from game.files import autosaves
from game.files.save_format import CONVERTER, describe, locate
from game.rules.model import Date
from game.rules.state import GameState

FORMAT = 4  # format 1 had no name, autosave flag, summary or top-level moves (see _migrate_1);
# format 2 had no session record (the season last rewound, a branch's main line): it loads without one;
# format 3 had no series (the game's autosaves) nor, in its state, where the player went back and
# whether the game is one-life: it loads as a game of no series that never said where, not one-life
MARK = "Soft Landing save"
MAX_BYTES = 8_000_000  # a finished campaign is about 100 KB; anything far larger is not a save


class SaveError(Exception):
    """A save that cannot be written, read or trusted; the message names the file and what is wrong."""

    def __init__(self, path: Path | None, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path is not None else problem)


@frozen
class MainLine:
    """Where the branch in play left the main line: the season gone back to, and the main line's
    moves (with its count of rewinds), from which it is rebuilt by replay on load."""

    turn: int
    moves: tuple[str, ...]
    rewinds: int = 0


@frozen
class Header:
    """Everything in a save but the state (format 3; format 2 lacks ``rewound`` and ``main_line``)."""

    name: str
    saved_at: datetime
    autosave: bool
    game_version: str
    content: str
    scenario: str
    seed: int
    turn: int
    date: Date
    phase: str  # the phase's name when saved, for the load screen
    outcome: str | None
    moves: tuple[str, ...]
    rewound: int | None = None  # the season last rewound
    main_line: MainLine | None = None  # set when the game saved is a branch
    series: str | None = None  # the game's series of autosaves (format 4)


def _structure(path: Path, raw: Any, kind: type, where: str) -> Any:
    try:
        return CONVERTER.structure(raw, kind)
    except Exception as error:  # noqa: BLE001 - the converter reports bad data with many exception types
        field, text = locate(error, where)
        raise SaveError(path, _("damaged or hand-edited: {field}: {problem}").format(
            field=field.lstrip(".") or _("the save"), problem=text)) from None


def _reject_constant(name: str) -> None:
    raise ValueError(_("{name} is not a number a save may hold").format(name=name))


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key written twice (json would silently keep the last)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(_("the key {key} is written twice in one object").format(key=json.dumps(key)[:60]))
        found[key] = value
    return found


_KINDS = ((stat.S_ISDIR, N_("is a folder")), (stat.S_ISFIFO, N_("is a named pipe")), (stat.S_ISCHR, N_("is a device")),
          (stat.S_ISBLK, N_("is a device")), (stat.S_ISSOCK, N_("is a socket")))
SAVE_FILE = N_("save file")  # the kind of file read_limited reads unless told (translated where it is said)


def _not_regular(mode: int, kind: str = SAVE_FILE) -> str:
    what = next((what for test, what in _KINDS if test(mode)), None)
    if what is None:
        return _("is not a regular file")
    return _("{what}, not a {kind}").format(what=_(what), kind=_(kind))


def read_limited(path: Path, limit: int = MAX_BYTES, kind: str = SAVE_FILE) -> bytes:
    """A regular file's bytes, at most ``limit``; SaveError for anything else, read or not.

    ``kind`` names the file in the errors ("is a named pipe, not a save file"): saves use it, and so
    does every other file the game reads from a user (a class's codes).

    The file is opened without blocking (a named pipe would wait for a writer for ever) and
    checked to be a regular file before a byte is read; never more than ``limit`` + 1 bytes are
    read, so a device such as /dev/zero, or a file growing while it is read, cannot fill memory.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        dangling = os.path.lexists(path)
        raise SaveError(path, _("is a link to a file that does not exist") if dangling
                        else _("no such {kind}").format(kind=_(kind))) from None
    except IsADirectoryError:
        raise SaveError(path, _("{what}, not a {kind}").format(what=_("is a folder"), kind=_(kind))) from None
    except OSError as error:
        raise SaveError(path, _("cannot be read: {error}").format(error=error.strerror or error)) from None
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise SaveError(path, _not_regular(mode, kind))
        size = os.fstat(handle).st_size
        if size > limit:
            raise SaveError(path, _("too large to be a {kind} ({size} bytes)").format(kind=_(kind), size=f"{size:,}"))
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(handle, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise SaveError(path, _("too large to be a {kind} (over {size} bytes)").format(kind=_(kind), size=f"{limit:,}"))
        return b"".join(chunks)
    except OSError as error:
        raise SaveError(path, _("cannot be read: {error}").format(error=error.strerror or error)) from None
    finally:
        os.close(handle)


def _parse(path: Path) -> dict[str, Any]:
    """The file's JSON document, in the current format; SaveError if it is not one."""
    data = read_limited(path)
    if not data.strip():
        raise SaveError(path, _("is empty (the save was not finished, or the file was truncated)"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SaveError(path, _("corrupted: not UTF-8 text (byte {byte})").format(byte=error.start)) from None
    try:
        document = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as error:
        # A whole save ends with its closing brace; one that stops short was cut off.
        cut = text.lstrip().startswith("{") and not text.rstrip().endswith("}")
        what = _("truncated: it ends in the middle") if cut else _("corrupted: not valid JSON")
        raise SaveError(path, _("{problem} (line {line}, column {column}: {error})").format(
            problem=what, line=error.lineno, column=error.colno, error=error.msg)) from None
    except (ValueError, RecursionError) as error:
        raise SaveError(path, _("corrupted: {problem}").format(
            problem=error if isinstance(error, ValueError) else _("nested too deeply"))) from None
    if not isinstance(document, dict) or document.get("game") != MARK:
        raise SaveError(path, _("not a Soft Landing save (no save header)"))
    version = document.get("format")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SaveError(path, _("has no valid save format version (format: {value})").format(value=describe(version)))
    if version > FORMAT:
        raise SaveError(path, _("made by a newer version of the game (save format {version}; this version reads formats "
                                "1 to {last}): update the game to load it").format(version=version, last=FORMAT))
    if version < 1:
        raise SaveError(path, _("unknown save format version {version}").format(version=version))
    if version == 1:
        document = _migrate_1(path, document)
    return document


def _migrate_1(path: Path, old: dict[str, Any]) -> dict[str, Any]:
    """Format 1 kept the moves only inside the state and had no name, autosave flag or summary."""
    state = old.get("state")
    fields = state if isinstance(state, dict) else {}
    new = {key: value for key, value in old.items()}
    new["format"] = 2
    new["name"] = path.stem
    new["autosave"] = path.stem.startswith(autosaves.PREFIX)
    for key in ("turn", "date", "phase", "outcome", "moves"):
        new[key] = fields.get(key)
    return new


def read(path: Path) -> tuple[Header, GameState]:
    """A save's header and stored state, checked for form and for what no game can reach."""
    document = _parse(path)
    fields = {k: v for k, v in document.items() if k not in ("game", "format", "state")}
    if "state" not in document:
        raise SaveError(path, _("damaged or hand-edited: {field}: {problem}").format(field="state", problem=_("is missing")))
    header = _structure(path, fields, Header, "")
    state = _structure(path, document["state"], GameState, "state")
    _check_possible(path, header, state)
    return header, state


def _check_possible(path: Path, header: Header, state: GameState) -> None:
    """Refuse states no game can reach, whatever the content (the replay checks the rest)."""
    def fail(what: str) -> None:
        raise SaveError(path, _("damaged or hand-edited: {problem}").format(problem=what))

    for where, meters in [("meters", state.meters), ("start_meters", state.start_meters)] + [
            (f"history[{n}].meters", r.meters) for n, r in enumerate(state.history)]:
        for meter, value in meters.items():
            if not 0.0 <= value <= 100.0:
                fail(_("{field} is {value}, out of range (0 to 100)").format(field=f"state.{where}.{meter}", value=f"{value:g}"))
    if not 1 <= state.turn <= state.last_turn:
        fail(_("state.turn is {turn}, outside the campaign's turns 1 to {last}").format(turn=state.turn, last=state.last_turn))
    ends = sum(move == "end" for move in state.moves)
    if len(state.history) != ends or ends != state.turn - (0 if state.over else 1):
        fail(_("state.turn {turn} does not match its history ({count} turns) and moves ({ends} turn ends)").format(
            turn=state.turn, count=len(state.history), ends=ends))
    for n, record in enumerate(state.history):
        if record.turn != n + 1 or record.date.index != state.date.index - state.turn + n + 1:
            fail(_("state.history[{n}] is turn {turn}, {date}: the turns and dates do not follow on").format(
                n=n, turn=record.turn, date=record.date))
    if any(level < 0 for level in state.policies.values()):
        fail(_("a policy level is negative"))
    if (header.scenario, header.seed, header.moves) != (state.scenario, state.seed, state.moves):
        fail(_("the scenario, seed or moves in its header differ from those in its state"))
    if header.rewound is not None and not 1 <= header.rewound <= state.turn:
        fail(_("rewound is turn {turn}, not a season of this game (1 to {last})").format(turn=header.rewound, last=state.turn))
    if len(state.went_back) > state.rewinds or not all(1 <= turn <= state.last_turn for turn in state.went_back):
        fail(_("went_back {seasons} does not fit its {count} times gone back to seasons 1 to {last}").format(
            seasons=list(state.went_back)[:8], count=state.rewinds, last=state.last_turn))
    main = header.main_line
    if main is not None and (not 1 <= main.turn <= state.turn or main.rewinds < 0):
        fail(_("main_line.turn is {turn}, not a season this branch went back to (1 to {last})").format(
            turn=main.turn, last=state.turn))
