"""A class plays one run: class codes, and the file of run codes a teacher collects afterwards.

A class code is the run code of a class game before its first move: the scenario, the seed and a
class deck (see :func:`game.rules.engine.draw_from_deck`), so every student who starts from it meets the
same dilemmas as far as their own choices allow, and every student's run code names the class.

A teacher collects the students' codes in a text file, one a line, optionally ``Name: CODE``;
blank lines and ``#`` comments are ignored, and a line that cannot be read is kept with its reason
so that the rest of the class still counts. Pure rules: no Rich, no Textual.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from pathlib import Path

from attrs import frozen

from game.i18n import N_, _
from game.api import Game, MoveError
from game.rules.model import Content
from game.files.replay import CodeError, decode_run, encode_run, read_code
from game.files.save_document import read_limited

MAX_NAME = 60  # characters of a student's name kept for the debrief
MAX_LINES = 2000  # lines of a codes file read; more is not a class
MAX_CODES_BYTES = 4_000_000  # 2000 lines of a long name and a long code; anything larger is not a class's codes


class ClassError(ValueError):
    """A class code that cannot be made (an unknown scenario); the message says why."""


def deck_for(scenario: str, seed: int) -> int:
    """The class deck of a scenario and seed: fixed, so the same command gives the same class code,
    and never 0 (which means no class)."""
    return 1 + zlib.crc32(f"class:{scenario}:{seed}".encode())


def class_game(content: Content, scenario: str | None, seed: int, one_life: bool = False) -> Game:
    """A class game before its first move (a one-life game, which refuses going back, if asked)."""
    chosen = scenario or content.default_scenario.id
    try:
        return Game.new(content, chosen, seed, deck_for(chosen, seed), one_life=one_life)
    except MoveError as error:
        raise ClassError(str(error)) from None


def class_code(content: Content, scenario: str | None, seed: int, one_life: bool = False) -> str:
    """The class code for a scenario and seed: the run code of its game before the first move (which
    carries the one-life mode, so every student who starts from it plays without going back)."""
    return encode_run(class_game(content, scenario, seed, one_life))


def student_codes(content: Content, scenario: str | None, seed: int, count: int, one_life: bool = False) -> list[str]:
    """``count`` codes of one class that differ only in their seed: the students meet the class's
    dilemmas but their dice (the effects' ranges, the order options are shown in) differ, which
    shows a class how much of an ending is luck. The first is the class code itself."""
    game = class_game(content, scenario, seed, one_life)
    state = game.state
    codes = []
    for n in range(count):
        student = Game.new(content, state.scenario, seed + n, state.deck, one_life=one_life)
        codes.append(encode_run(student))
    return codes


# --- a file of students' codes --------------------------------------------------------------------

@frozen
class Entry:
    """One line of a codes file that was read: who (the name given, or ``Student N``) and their game."""

    line: int
    name: str
    code: str
    game: Game


@frozen
class BadLine:
    """A line of a codes file that could not be read, with why."""

    line: int
    text: str
    reason: str


def split_line(text: str) -> tuple[str | None, str]:
    """(name or None, code) of one line: ``Name: CODE`` or ``CODE`` (a code has no colon, a name may)."""
    name, colon, code = text.strip().rpartition(":")
    return (name.strip() or None, code.strip()) if colon else (None, code.strip())


def clean_name(name: str) -> str:
    """A student's name as the debrief shows it: printable, one line, at most MAX_NAME characters."""
    shown = "".join(c if c.isprintable() else " " for c in name)
    shown = " ".join(shown.split())
    return shown[:MAX_NAME] or _("(no name)")


def read_codes(lines: Iterable[str], content: Content) -> tuple[list[Entry], list[BadLine]]:
    """The class's games from the lines of a codes file, and the lines that could not be read."""
    entries: list[Entry] = []
    bad: list[BadLine] = []
    for number, raw in enumerate(lines, 1):
        if number > MAX_LINES:
            bad.append(BadLine(number, "", _("the file has more than {count} lines; the rest is not read").format(
                count=MAX_LINES)))
            break
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        name, code = split_line(text)
        try:
            game = decode_run(code, content)
        except (CodeError, MoveError) as error:
            bad.append(BadLine(number, clean_name(text), str(error)))
            continue
        entries.append(Entry(number, clean_name(name) if name else _("Student {key}").format(key=len(entries) + 1), code, game))
    return entries, bad


def read_codes_file(path: Path, content: Content) -> tuple[list[Entry], list[BadLine]]:
    """:func:`read_codes` on a file; SaveError if it is not a regular file of at most ``MAX_CODES_BYTES``
    (a named pipe would wait for ever, /dev/zero would fill memory), UnicodeDecodeError if not text."""
    data = read_limited(Path(path), MAX_CODES_BYTES, kind=N_("codes file"))
    return read_codes(data.decode("utf-8-sig", errors="strict").splitlines(), content)


def deck_of(code: str) -> int:
    """The class deck a code was played in (0: none); CodeError if it is not a run code."""
    return read_code(code).deck


# --- what a class will meet -----------------------------------------------------------------------

TRIAL_STUDENTS = 30  # random students played through a class before it meets the class
TRIAL_STRATEGIES = ("hardliner", "reformer", "cautious", "opportunist")  # and one of each habit


@frozen
class Invented:
    """A dilemma of a world that never was, and how many of a class's trial students met it."""

    dilemma_id: str
    title: str
    met: int
    of: int


def invented_in_class(content: Content, scenario: str | None, seed: int, students: int = TRIAL_STUDENTS) -> list[Invented]:
    """The invented dilemmas (tagged ``invented``) that the class of a scenario and seed may meet:
    ``students`` random students and one of each built-in habit play the class, and every invented
    dilemma one of them met is listed with how many met it, most first."""
    from game.sim.simulate import play, run_seeds
    from game.sim.strategies import load_strategy

    invented = {e.id: e for e in content.events.values() if e.invented}
    if not invented:
        return []
    chosen = scenario or content.default_scenario.id
    deck = deck_for(chosen, seed)
    players = [("random", n) for n in range(students)] + [(name, 0) for name in TRIAL_STRATEGIES]
    met: dict[str, int] = dict.fromkeys(invented, 0)
    for name, n in players:
        _, dice = run_seeds(seed, n)
        state = play(content, load_strategy(name), seed, dice, chosen, deck).state
        for ident in {e for record in state.history for e in record.drawn} & invented.keys():
            met[ident] += 1
    found = [Invented(ident, invented[ident].title, n, len(players)) for ident, n in met.items() if n]
    return sorted(found, key=lambda i: (-i.met, i.title))
