"""A live class: what a student's game tells the class server, and the server's file of the class's runs.

A browser game of a class (``soft-landing serve --class CODE``) keeps a small record in its own
saves folder: the name the student gave, if any, its series of autosaves and the run code, written
afresh (to a temporary file, then renamed) when the game starts and after every season. The server
reads these records to show the teacher who is playing and where, and appends each run that ended
to the class's runs file in its data folder: one JSON object a line, only ever appended to, each
line one write; read back defensively (a line cut short by a crash, or not a run, is skipped; the
last line of a run wins). A terminal student's code, pasted on the teacher's page, is appended the
same way.

Nothing a record or a line says is believed: every code is replayed on the content and must be a
run of this class (:func:`admit`). Pure rules: no Rich, no Textual, no web.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from attrs import frozen

from game.i18n import _, date_text
from game.files.atomic import write_whole
from game.api import Game, MoveError
from game.files.classroom import MAX_NAME, clean_name
from game.rules.model import Content
from game.files.replay import CodeError, decode_run, normalise_code, read_code

RECORD_FILE = "class-run.record"  # in a student's saves folder; not *.json, so never listed as a save
RUNS_FILE = "class-runs.jsonl"  # in the server's data folder
MAX_RECORD = 16 * 1024  # bytes of a student's record: a name and a code
MAX_LINE = 16 * 1024  # bytes of one line of the runs file
MAX_RUNS_BYTES = 8 * 1024 * 1024  # of the runs file: a class's runs are a few kilobytes
MAX_SERIES = 64
BROWSER, PASTED = "browser", "pasted"


class LessonError(ValueError):
    """A code the class cannot take; the message says why, in words for the teacher."""


# --- a student's record ---------------------------------------------------------------------------

@frozen
class StudentRecord:
    """What a student's game says of itself: the name typed at the start (or None), its series, its run code."""

    name: str | None
    series: str
    code: str


def write_record(folder: Path, code: str, series: str, name: str | None) -> Path:
    """Write a student's record into their saves folder in place of the last: to a temporary file
    (named as an interrupted save's, so the saves folder sweeps it), synced, then renamed; OSError
    if it cannot be written."""
    doc = {"name": clean_name(name) if name and name.strip() else None, "series": series[:MAX_SERIES], "code": code}
    path = Path(folder) / RECORD_FILE
    write_whole(path, json.dumps(doc, ensure_ascii=False).encode("utf-8"), prefix="class-run")
    return path


def _read_small(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes if it holds at most ``limit``; None for anything else (missing, a pipe, too large)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        data = os.read(handle, limit + 1)
    except OSError:
        return None
    finally:
        os.close(handle)
    return data if len(data) <= limit else None


def _text(value: object, limit: int) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= limit else None


def read_record(folder: Path) -> StudentRecord | None:
    """A student's record, or None when there is none or it is not one (too large, not JSON, a field missing)."""
    data = _read_small(Path(folder) / RECORD_FILE, MAX_RECORD)
    if data is None:
        return None
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(doc, dict):
        return None
    series, code = _text(doc.get("series"), MAX_SERIES), _text(doc.get("code"), MAX_RECORD)
    name = _text(doc.get("name"), 4 * MAX_NAME)
    if series is None or code is None:
        return None
    return StudentRecord(clean_name(name) if name else None, series, code)


# --- the class's runs file ------------------------------------------------------------------------

@frozen
class Run:
    """A run the class has: whose it is (``key``: the browser session and series, or the pasted code), the name, the code."""

    key: str
    source: str  # BROWSER or PASTED
    name: str | None
    code: str
    at: float = 0.0  # when it was recorded (seconds since the epoch)


def append_run(data: Path, run: Run) -> None:
    """Add a run to the class's runs file: one line, one write, synced; OSError if it cannot be written."""
    line = json.dumps({"key": run.key, "source": run.source, "name": run.name, "code": run.code,
                       "at": round(run.at or time.time(), 3)}, ensure_ascii=True) + "\n"
    encoded = line.encode("ascii")
    if len(encoded) > MAX_LINE:
        raise OSError(_("a run of {size} bytes is too long for the runs file").format(size=len(encoded)))
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(Path(data) / RUNS_FILE, flags, 0o600)
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(_("{file} is not a regular file").format(file=RUNS_FILE))
        os.write(handle, encoded)  # O_APPEND: one write lands whole at the end, whoever else appends
        with contextlib.suppress(OSError):
            os.fsync(handle)
    finally:
        os.close(handle)


def _run_of(line: bytes) -> Run | None:
    try:
        doc = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(doc, dict):
        return None
    key, code, source = _text(doc.get("key"), MAX_LINE), _text(doc.get("code"), MAX_LINE), doc.get("source")
    name = _text(doc.get("name"), 4 * MAX_NAME)
    at = doc.get("at")
    if key is None or code is None or source not in (BROWSER, PASTED):
        return None
    return Run(key, source, clean_name(name) if name else None, code,
               float(at) if isinstance(at, int | float) and not isinstance(at, bool) else 0.0)


def read_runs(data: Path) -> list[Run]:
    """The class's runs, in the order first recorded, the last line of each run winning; what cannot be read is skipped."""
    raw = _read_prefix(Path(data) / RUNS_FILE, MAX_RUNS_BYTES)
    runs: dict[str, Run] = {}
    lines = raw.split(b"\n")
    for line in lines[:-1]:  # the last piece has no newline: a line still being written, or cut short
        run = _run_of(line) if 0 < len(line) <= MAX_LINE else None
        if run is not None:
            runs[run.key] = run
    return list(runs.values())


def _read_prefix(path: Path, limit: int) -> bytes:
    """The first ``limit`` bytes of a regular file (b"" when there is none)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return b""
        chunks, total = [], 0
        while total < limit:
            chunk = os.read(handle, min(1 << 20, limit - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    except OSError:
        return b""
    finally:
        os.close(handle)


# --- which codes the class takes ------------------------------------------------------------------

@frozen
class ClassOf:
    """What makes a run one of this class: its scenario and its class deck (students' seeds may differ)."""

    code: str
    scenario: int
    deck: int

    @classmethod
    def of(cls, class_code: str) -> ClassOf:
        run = read_code(class_code)  # CodeError for a class code that is not one
        return cls(shown_code(class_code), run.scenario, run.deck)


def shown_code(code: str) -> str:
    """A code as the page shows it and the runs file keeps it: normalised, with the dash after SL1."""
    normal = normalise_code(code)
    return f"{normal[:3]}-{normal[3:]}" if normal.startswith("SL1") else normal


def admit(code: str, of: ClassOf, content: Content) -> Game:
    """The game of a student's run code of this class; LessonError says why a code is not taken."""
    try:
        run = read_code(code)
    except CodeError as error:
        raise LessonError(_("this is not a run code the game can read: {error}").format(error=error)) from None
    if run.deck == 0:
        raise LessonError(_("this is the code of a game started without the class code, not a run of this class"))
    if (run.scenario, run.deck) != (of.scenario, of.deck):
        raise LessonError(_("this is a run of another class (it was started from another class code)"))
    try:
        return decode_run(code, content)
    except (CodeError, MoveError) as error:
        raise LessonError(_("this code cannot be replayed: {error}").format(error=error)) from None


# --- the class as it stands -----------------------------------------------------------------------

@frozen
class Student:
    """One student's run as the teacher's page shows it."""

    name: str
    source: str  # BROWSER or PASTED
    code: str
    game: Game
    page_open: bool  # the student's page is open on the server now


@frozen
class Roster:
    """The class as it stands: every student's run (ended or in play), and the pages not in the class's game."""

    students: tuple[Student, ...]
    starting: int = 0  # pages open whose game has not started (the name prompt)
    elsewhere: int = 0  # pages open playing a game of no class or another class
    unreadable: tuple[tuple[str, str], ...] = ()  # (name, why) of recorded runs that no longer replay

    @property
    def playing(self) -> tuple[Student, ...]:
        return tuple(s for s in self.students if not s.game.over)

    @property
    def ended(self) -> tuple[Student, ...]:
        return tuple(s for s in self.students if s.game.over)


MAX_CACHED = 10_000  # codes kept replayed; a class has a few dozen students, a few dozen seasons each


class LiveClass:
    """The class a server plays: its students' records, read as they change, and the runs file they end in.

    ``scan`` reads the records of the sessions named (a record's file is read only when it changed)
    and appends every run of the class that has ended and is not in the runs file yet; ``roster``
    says where everyone is; ``add`` takes a code pasted by the teacher.
    """

    def __init__(self, data: Path, sessions: Path, content: Content, class_code: str) -> None:
        self.data = Path(data)
        self.sessions = Path(sessions)
        self.content = content
        self.of = ClassOf.of(class_code)
        self._records: dict[str, StudentRecord] = {}  # session id -> its record, as last read
        self._seen: dict[str, tuple[int, int]] = {}  # session id -> (mtime, size) of its record when read
        self._games: dict[str, Game | LessonError] = {}  # code -> its game, or why the class does not take it
        self._recorded = {run.key: shown_code(run.code) for run in read_runs(self.data)}

    def admitted(self, code: str) -> Game | LessonError:
        """The game of a code of this class, or why it is not one (replayed once, then remembered)."""
        known = self._games.get(code)
        if known is None:
            if len(self._games) >= MAX_CACHED:
                self._games.clear()
            try:
                known = admit(code, self.of, self.content)
            except LessonError as error:
                known = error
            self._games[code] = known
        return known

    def scan(self, sessions: Iterable[str]) -> list[Run]:
        """Read the records of these sessions that changed; append the runs that ended; return those appended.
        OSError if the runs file cannot be written (the run is tried again at the next scan)."""
        appended = []
        for session in sessions:
            path = self.sessions / session / RECORD_FILE
            try:
                info = os.stat(path, follow_symlinks=False)
            except (OSError, ValueError):
                self._records.pop(session, None)
                self._seen.pop(session, None)
                continue
            signature = (info.st_mtime_ns, info.st_size)
            if self._seen.get(session) != signature:
                record = read_record(path.parent)
                self._seen[session] = signature
                if record is None:
                    self._records.pop(session, None)
                    continue
                self._records[session] = record
            record = self._records.get(session)
            if record is None:
                continue
            game = self.admitted(record.code)
            key, code = f"{session}/{record.series}", shown_code(record.code)
            if isinstance(game, Game) and game.over and self._recorded.get(key) != code:
                run = Run(key, BROWSER, record.name, code, time.time())
                append_run(self.data, run)
                self._recorded[key] = code
                appended.append(run)
        return appended

    def roster(self, open_pages: Iterable[str]) -> Roster:
        """Everyone's run: the runs file's, with the run in play on each open page in place of its own line."""
        pages = list(open_pages)
        live: dict[str, tuple[StudentRecord, Game]] = {}
        starting = elsewhere = 0
        for session in pages:
            record = self._records.get(session)
            if record is None:
                starting += 1
                continue
            game = self.admitted(record.code)
            if isinstance(game, LessonError):
                elsewhere += 1
                continue
            live[f"{session}/{record.series}"] = (record, game)
        students: list[Student] = []
        unreadable: list[tuple[str, str]] = []
        terminal = 0
        for run in read_runs(self.data):
            if run.source == PASTED and not run.name:
                terminal += 1
            name = run.name or (_("Terminal student {number}").format(number=terminal) if run.source == PASTED
                                else _browser_name(run.key))
            if run.key in live:
                record, game = live.pop(run.key)
                students.append(Student(record.name or name, BROWSER, shown_code(record.code), game, True))
                continue
            game = self.admitted(run.code)
            if isinstance(game, LessonError):
                unreadable.append((name, str(game)))
                continue
            students.append(Student(name, run.source, shown_code(run.code), game, run.key.split("/")[0] in pages))
        for key, (record, game) in sorted(live.items(), key=lambda item: (item[1][0].name or "", item[0])):
            students.append(Student(record.name or _browser_name(key), BROWSER, shown_code(record.code), game, True))
        return Roster(tuple(students), starting, elsewhere, tuple(unreadable))

    def add(self, name: str | None, code: str, open_pages: Iterable[str] = ()) -> Run:
        """Add a code pasted by the teacher (a terminal student's); LessonError says why it is not taken."""
        text = (code or "").strip()
        if not text:
            raise LessonError(_("paste a run code first"))
        game = admit(text, self.of, self.content)
        if not game.over:
            raise LessonError(_("this run has not ended: it stops in {date}, season {turn} of {last}. Ask for the code "
                                "shown on the report at the end of the run").format(
                date=date_text(game.date.year, game.date.quarter), turn=game.state.turn, last=game.state.last_turn))
        normal = shown_code(text)
        for student in self.roster(open_pages).students:
            if student.code == normal:
                raise LessonError(_("this run is in the class already, as {name}").format(name=student.name))
        shown = clean_name(name) if name and name.strip() else None
        run = Run(f"{PASTED}/{normal}", PASTED, shown, normal, time.time())
        try:
            append_run(self.data, run)
        except OSError as error:
            raise LessonError(_("the server cannot write its runs file ({error})").format(error=error.strerror or error)) from None
        self._games[normal] = game
        return run


def _browser_name(key: str) -> str:
    """A name for a browser student who gave none: stable, from their session."""
    return _("Student {key}").format(key=key[:4])
