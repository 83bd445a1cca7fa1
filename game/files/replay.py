"""Replaying runs: moves back into games, and runs into short codes a player can copy.

A run is fully given by its content, scenario, seed and moves, because the game is deterministic.
So a save is checked (and, for other content, rebuilt) by replaying its moves, and a run code only
has to carry the scenario, the seed and the moves. A run code writes each move as a digit whose
base is the number of moves the rules allowed at that moment (the options of the pending dilemma,
or 'end', plus one escape digit for a policy change, which a second digit then picks), all digits
folded into one integer; the reader replays as it reads, so it always knows the bases. A 38-turn
campaign fits in about 55 characters:

    SL1-<Crockford base32 of: layout version, content tag (2 bytes of the fingerprint),
         scenario index, seed, flags, deck, number of moves, the moves as one integer, CRC-32>

Layout 2 added ``flags`` (bit 0: the player went back to the start of a season at least once;
bit 1, read since one-life games came: a one-life game; bit 2, as old: the count of times gone back
and each season gone back to follow the deck, so a code says "went back N times" as the report does) and ``deck`` (0: a
game of no class, else the class deck its draw followed); codes of layout 1, which have neither,
still read (as flags 0 and deck 0). A class code is the run code of a class game before its first
move: starting from it starts that class's game.

Crockford's alphabet reads O as 0 and I or L as 1, ignores case, spaces and dashes, so a code read
aloud or retyped still works; the CRC-32 catches a wrong or missing character.

This module imports neither Rich nor Textual; the `replay` command lives in `game.commands.replay`.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator

from attrs import frozen

from game.i18n import _
from game.api import Game, MoveError, ReplayError
from game.rules.model import Content
from game.rules.dice import seed_problem
from game.rules.state import GameState

CODE_PREFIX = "SL1-"
CODE_VERSION = 2  # the layout written; every layout up to it is read
FLAG_REWOUND = 1  # flags bit 0: the run went back to the start of a season at least once
FLAG_ONE_LIFE = 2  # flags bit 1: a one-life game, which refuses going back
FLAG_WENT_BACK = 4  # flags bit 2: the seasons gone back to follow the deck (a count, then each turn)
FLAGS_KNOWN = FLAG_REWOUND | FLAG_ONE_LIFE | FLAG_WENT_BACK
MAX_WENT_BACK = 10_000  # more times gone back than any player will: a larger count is a damaged code
MAX_DECK = (1 << 63) - 1
MAX_CODE_CHARS = 4000
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's: no I, L, O or U to misread
_DIGITS = {c: n for n, c in enumerate(_ALPHABET)} | {"O": 0, "I": 1, "L": 1}


class CodeError(ValueError):
    """A run code that cannot be read; the message says what is wrong with it."""


# --- moves ------------------------------------------------------------------------------------

def replay_moves(content: Content, scenario: str, seed: int, moves: Iterable[object], deck: int = 0,
                 rewinds: int = 0) -> Game:
    """A new game (in a class's deck if ``deck``) with the moves played in order; ReplayError names
    the first that does not apply. ``rewinds`` is carried over as the count of times gone back
    (``Game.replay`` carries the whole record of play). The scenario must be one of the content's
    (MoveError otherwise).
    """
    return Game.replay(content, scenario, seed, moves, deck, (rewinds, (), False))


# --- run codes ---------------------------------------------------------------------------------

@frozen
class RunCode:
    """What a run code holds once read (its moves still as digits until replayed)."""

    content_tag: bytes
    scenario: int  # index in the content's sorted scenario ids
    seed: int
    count: int
    number: int
    flags: int = 0
    deck: int = 0
    layout: int = CODE_VERSION
    went_back: tuple[int, ...] = ()  # the seasons gone back to, when the code names them (flag bit 2)

    @property
    def rewound(self) -> bool:
        return bool(self.flags & FLAG_REWOUND)

    @property
    def one_life(self) -> bool:
        return bool(self.flags & FLAG_ONE_LIFE)


_POLICY = "policy"  # the escape digit: the move is a policy change, told by a second digit


def _choices(game: Game) -> tuple[list[str], list[str]]:
    """The moves the rules allow now, in a fixed order, as two alphabets.

    The first holds the pending dilemma's open options (or 'end' when none is pending) and, if any
    policy may move, the escape ``policy``; the second holds the policy moves. Policy changes are
    rare, so a usual move costs one or two bits. Options count in the writers' order, not in the
    order a game shows them (which depends on its seed), so a code reads the same in every version.
    """
    if game.over:
        return [], []
    pending = game.dilemma
    if pending is None:
        first = ["end"]
    else:
        open_now = {o.id for o in game.options()}
        first = [f"{pending.id}:{o.id}" for o in pending.options if o.id in open_now]
    second = [f"policy:{pid}:{level}" for pid, levels in game.policy_moves().items() for level in levels]
    if second:
        first.append(_POLICY)
    return first, second


def _tag(content: Content) -> bytes:
    return bytes.fromhex(content.fingerprint[:4].ljust(4, "0"))


def _tags(content: Content) -> tuple[bytes, ...]:
    """The tags a code made with this content may carry: codes made before the fingerprint left
    out the prose carry the tag of the files' bytes, and still replay while those are unchanged."""
    older = (bytes.fromhex(content.text_fingerprint[:4].ljust(4, "0")),) if content.text_fingerprint else ()
    return (_tag(content), *older)


def encode_run(game: Game) -> str:
    """The run code of a game: its scenario, seed and moves, replayable exactly on the same content."""
    content, state = game.content, game.state
    scenarios = sorted(content.scenarios)
    number, scale = 0, 1

    def digits(replay: Game) -> Iterator[str]:
        nonlocal number, scale
        for n, move in enumerate(state.moves):
            first, second = _choices(replay)
            found = [(first.index(_POLICY), len(first)), (second.index(move), len(second))] if move in second \
                else [(first.index(move), len(first))] if move in first else None
            if found is None:
                raise ValueError(_("move {number} ({move}) was not allowed at that point; "
                                   "this game was not played by the rules").format(number=n + 1, move=repr(move)))
            for digit, base in found:
                number += digit * scale
                scale *= base
            yield move
    replay = Game.new(content, state.scenario, state.seed, state.deck, timeline=False)
    replay.play_all(digits(replay))
    body = (bytes([CODE_VERSION]) + _tag(content) + _varint(scenarios.index(state.scenario))
            + _varint(_zigzag(state.seed)) + _varint(flags(state)) + _varint(state.deck) + _went_back(state)
            + _varint(len(state.moves))
            + number.to_bytes((number.bit_length() + 7) // 8, "big"))
    return CODE_PREFIX + _base32(body + zlib.crc32(body).to_bytes(4, "big"))


_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")  # spaces of every kind, hyphens, dashes, minus


def normalise_code(code: str) -> str:
    """A pasted or retyped run code as the reader reads it: upper case, without spaces, dashes,
    zero-width characters or a byte-order mark (all that copying from a page or a chat adds).

    Every place that takes a code from a person (the command line, the game's dialog) uses this.
    """
    text = unicodedata.normalize("NFKC", code)  # full-width letters and digits become plain ones
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc") or c.isspace())
    return _SEPARATORS.sub("", text).upper()


def looks_like_code(text: str) -> bool:
    """Whether a person's input is meant as a run code (rather than, say, a file name)."""
    return isinstance(text, str) and normalise_code(text).startswith("SL") and "/" not in text and "." not in text


def _shown(char: str) -> str:
    """A character for a message: itself when it can be seen, else its code point and name."""
    if char.isprintable() and not char.isspace():
        return f"'{char}'"
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed character').lower()})"


def read_code(code: str) -> RunCode:
    """Check and unpack a run code (without content); CodeError says what is wrong."""
    if not isinstance(code, str) or not code.strip():
        raise CodeError(_("an empty run code"))
    if len(code) > 4 * MAX_CODE_CHARS:
        raise CodeError(_("too long for a run code ({count} characters)").format(count=len(code)))
    text = normalise_code(code)
    if not text:
        raise CodeError(_("an empty run code"))
    if len(text) > MAX_CODE_CHARS:
        raise CodeError(_("too long for a run code ({count} characters)").format(count=len(text)))
    if not text.startswith("SL"):
        raise CodeError(_("not a run code (a run code starts with SL1-)"))
    version = text[2:3]
    if version != CODE_PREFIX[2]:
        raise CodeError(_("a run code of version {version}; this version of the game reads SL1- codes").format(
            version=version or "?"))
    data = _unbase32(text[3:])
    if len(data) < 8:
        raise CodeError(_("too short: part of the run code is missing"))
    body, check = data[:-4], data[-4:]
    if zlib.crc32(body).to_bytes(4, "big") != check:
        raise CodeError(_("damaged: a character is wrong or missing (its checksum does not match)"))
    layout = body[0]
    if not 1 <= layout <= CODE_VERSION:
        raise CodeError(_("unknown run code layout {layout} (this version of the game reads layouts 1 to {last})").format(
            layout=layout, last=CODE_VERSION))
    reader = _Reader(body, 3)
    scenario = reader.varint()
    seed = _unzigzag(reader.varint())
    if seed_problem(seed) is not None:
        raise CodeError(_("its seed is out of range ({problem})").format(problem=seed_problem(seed)))
    flags, deck = (reader.varint(), reader.varint()) if layout >= 2 else (0, 0)
    if flags & ~FLAGS_KNOWN:
        raise CodeError(_("it has flags this version of the game does not know ({flags})").format(flags=flags))
    if deck > MAX_DECK:
        raise CodeError(_("its class deck number is too large"))
    went_back: tuple[int, ...] = ()
    if flags & FLAG_WENT_BACK:
        times = reader.varint()
        if not 1 <= times <= MAX_WENT_BACK:
            raise CodeError(_("it says it went back {count} times").format(count=times))
        went_back = tuple(reader.varint() for _ in range(times))
        if not all(1 <= turn <= MAX_WENT_BACK for turn in went_back):
            raise CodeError(_("it names a season gone back to that no game has"))
    count = reader.varint()
    number = int.from_bytes(body[reader.at:], "big")
    return RunCode(bytes(body[1:3]), scenario, seed, count, number, flags, deck, layout, went_back)


def decode_run(code: str, content: Content) -> Game:
    """The game a run code describes, replayed on the content; CodeError if it cannot be."""
    run = read_code(code)
    if run.content_tag not in _tags(content):
        raise CodeError(_("made with other content (tag {tag}, this content is {this}); "
                          "a run code replays only on the content it was made with").format(
            tag=run.content_tag.hex(), this=_tag(content).hex()))
    scenarios = sorted(content.scenarios)
    index = run.scenario
    if index >= len(scenarios):
        raise CodeError(_("its scenario (number {number}) is not in this content").format(number=index + 1))
    # a code made before it named the seasons gone back to keeps only that there was a time: one
    times = len(run.went_back) or int(run.rewound)
    game = Game.replay(content, scenarios[index], run.seed, (), run.deck, (times, run.went_back, run.one_life))
    number = run.number

    def moves() -> Iterator[str]:
        nonlocal number
        for n in range(run.count):
            first, second = _choices(game)
            if not first:
                raise CodeError(_("it goes on after the game ended (move {number} of {count})").format(
                    number=n + 1, count=run.count))
            number, digit = divmod(number, len(first))
            move = first[digit]
            if move == _POLICY:
                number, digit = divmod(number, len(second))
                move = second[digit]
            yield move
    try:
        game.play_all(moves())
    except ReplayError as error:
        raise MoveError(error.reason) from None
    if number:
        raise CodeError(_("it carries more moves than it says"))
    return game


def flags(state: GameState) -> int:
    """A run code's flags for a game: whether it went back (and to where), whether it is a one-life game."""
    return ((FLAG_REWOUND if state.rewinds else 0) | (FLAG_ONE_LIFE if state.one_life else 0)
            | (FLAG_WENT_BACK if _named(state) else 0))


def _named(state: GameState) -> bool:
    """Whether the state knows every season it went back to (a game from an older code knows only that it did)."""
    return 0 < len(state.went_back) == state.rewinds <= MAX_WENT_BACK


def _went_back(state: GameState) -> bytes:
    if not _named(state):
        return b""
    return _varint(len(state.went_back)) + b"".join(_varint(turn) for turn in state.went_back)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _zigzag(value: int) -> int:
    return value * 2 if value >= 0 else -value * 2 - 1


def _unzigzag(value: int) -> int:
    return value // 2 if value % 2 == 0 else -(value + 1) // 2


class _Reader:
    def __init__(self, data: bytes, at: int) -> None:
        self.data, self.at = data, at

    def varint(self) -> int:
        value, shift = 0, 0
        while True:
            if self.at >= len(self.data):
                raise CodeError(_("it ends in the middle of a number"))
            if shift > 70:
                raise CodeError(_("a number in it is too large"))
            byte = self.data[self.at]
            self.at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value


def _base32(data: bytes) -> str:
    number = int.from_bytes(b"\x01" + data, "big")  # the leading 1 keeps leading zero bytes
    chars = []
    while number:
        number, digit = divmod(number, 32)
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars))


def _unbase32(text: str) -> bytes:
    number = 0
    for char in text:
        digit = _DIGITS.get(char)
        if digit is None:
            raise CodeError(_("{char} cannot be part of a run code").format(char=_shown(char)))
        number = number * 32 + digit
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    if not raw or raw[0] != 1:
        raise CodeError(_("damaged: a character is wrong or missing (it does not begin as a run code does)"))
    return raw[1:]
