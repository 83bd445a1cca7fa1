"""A live class's records (``game.files.lesson``): a student's record, the class's runs file, which codes a class takes.

The runs file is appended to by the server while students finish; these tests damage it, grow it
from many writers at once, and plant what is not a run in it, and the class must still read every
good line. Codes come from class games played headlessly by a fixed habit.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from game.files import classroom, lesson
from game.api import Game
from game.files.replay import encode_run
from game.session import Session

SEED = 1204


def played(content, seed: int = SEED, key: int = 1, seasons: int | None = None, scenario: str = "classroom") -> Game:
    """A class game played by one habit (the option of one number, the first where there are fewer)."""
    game = classroom.class_game(content, scenario, seed)
    while not game.over and (seasons is None or game.state.turn <= seasons):
        while game.dilemma:
            options = game.options()
            game.answer(options[key - 1 if key <= len(options) else 0].id)
        if seasons is not None and game.state.turn == seasons:
            break
        game.end_season()
    return game


@pytest.fixture(scope="module")
def codes(content):
    """Codes of the class: three finished runs, one in play, one of another class, one of no class."""
    finished = [encode_run(played(content, key=k)) for k in (1, 2, 3)]
    return {
        "class": classroom.class_code(content, "classroom", SEED),
        "finished": finished,
        "in_play": encode_run(played(content, key=2, seasons=3)),
        "other_class": encode_run(played(content, seed=SEED + 1)),
        "no_class": encode_run(Game.new(content, "classroom", SEED)),
        "other_seed": classroom.student_codes(content, "classroom", SEED, 2)[1],  # a numbered code of the same class
    }


# --- a student's record --------------------------------------------------------------------------

def test_a_record_is_written_whole_and_read_back(tmp_path):
    lesson.write_record(tmp_path, "SL1-ABC", "1a2b3c4d", "  Ana\nKim\x07 ")
    record = lesson.read_record(tmp_path)
    assert record == lesson.StudentRecord("Ana Kim", "1a2b3c4d", "SL1-ABC")  # one printable line
    lesson.write_record(tmp_path, "SL1-DEF", "1a2b3c4d", None)
    assert lesson.read_record(tmp_path) == lesson.StudentRecord(None, "1a2b3c4d", "SL1-DEF")
    assert sorted(os.listdir(tmp_path)) == [lesson.RECORD_FILE]  # no temporary file left behind


@pytest.mark.parametrize("planted", [
    b"", b"not json", b"[1, 2]", b'{"series": "a"}', b'{"series": "", "code": "SL1"}', b'{"series": 5, "code": "SL1"}',
    b'{"series": "a", "code": "' + b"x" * (lesson.MAX_RECORD + 10) + b'"}', b"\xff\xfe{}",
])
def test_what_is_not_a_record_reads_as_none(tmp_path, planted):
    (tmp_path / lesson.RECORD_FILE).write_bytes(planted)
    assert lesson.read_record(tmp_path) is None


def test_a_record_that_is_a_pipe_or_a_link_is_not_read(tmp_path):
    os.mkfifo(tmp_path / lesson.RECORD_FILE)
    assert lesson.read_record(tmp_path) is None  # and does not hang
    other = tmp_path / "other"
    other.mkdir()
    lesson.write_record(tmp_path / "other", "SL1-ABC", "s", "x")
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / lesson.RECORD_FILE).symlink_to(other / lesson.RECORD_FILE)
    assert lesson.read_record(linked) is None


def test_a_class_session_keeps_its_record_at_the_start_and_after_every_season(tmp_path, content, codes):
    session = Session(content, tmp_path)
    session.join_class("Ana")
    assert lesson.read_record(tmp_path) is None  # no game yet, nothing to record
    session.from_class_code(codes["class"])
    record = lesson.read_record(tmp_path)
    assert record is not None and record.name == "Ana" and record.series == session.series
    assert record.code == session.run_code()
    game = session.game
    assert game is not None
    while game.dilemma:
        session.answer(game.options()[0].id)
    session.end_season()
    after = lesson.read_record(tmp_path)
    assert after is not None and after.code == session.run_code() != record.code
    assert lesson.admit(after.code, lesson.ClassOf.of(codes["class"]), content).state.turn == 2


def test_a_session_not_in_a_class_writes_no_record(tmp_path, content, codes):
    session = Session(content, tmp_path)
    session.from_class_code(codes["class"])
    session.new_game("classroom", 3)
    assert not (tmp_path / lesson.RECORD_FILE).exists()


# --- the class's runs file -----------------------------------------------------------------------

def run(n: int, source: str = lesson.BROWSER, name: str | None = None) -> lesson.Run:
    return lesson.Run(f"key{n}", source, name, f"SL1-CODE{n}", 1000.0 + n)


def test_runs_are_read_in_order_and_the_last_line_of_a_run_wins(tmp_path):
    for n in (1, 2, 3):
        lesson.append_run(tmp_path, run(n, name=f"S{n}"))
    lesson.append_run(tmp_path, lesson.Run("key2", lesson.BROWSER, "S2", "SL1-CODE2B", 2000.0))
    read = lesson.read_runs(tmp_path)
    assert [(r.key, r.code) for r in read] == [("key1", "SL1-CODE1"), ("key2", "SL1-CODE2B"), ("key3", "SL1-CODE3")]
    assert oct(os.stat(tmp_path / lesson.RUNS_FILE).st_mode & 0o777) == "0o600"


def test_a_damaged_runs_file_keeps_every_good_line(tmp_path):
    lesson.append_run(tmp_path, run(1, name="Ana"))
    with open(tmp_path / lesson.RUNS_FILE, "ab") as out:
        out.write(b"not json\n")
        out.write(b'{"key": "k", "source": "elsewhere", "code": "SL1-X"}\n')  # a source no server writes
        out.write(b'{"key": 5, "source": "browser", "code": "SL1-X"}\n')
        out.write(b"[1]\n\xff\xfe\n\n")
        out.write(b'{"key": "big", "source": "browser", "code": "' + b"x" * lesson.MAX_LINE + b'"}\n')
    lesson.append_run(tmp_path, run(2, source=lesson.PASTED))
    with open(tmp_path / lesson.RUNS_FILE, "ab") as out:
        out.write(b'{"key": "cut", "source": "browser", "code": "SL1-')  # a write cut short by a crash
    assert [(r.key, r.name, r.source) for r in lesson.read_runs(tmp_path)] == [
        ("key1", "Ana", lesson.BROWSER), ("key2", None, lesson.PASTED)]


def test_no_runs_file_or_one_that_is_not_a_file_reads_as_no_runs(tmp_path):
    assert lesson.read_runs(tmp_path) == []
    (tmp_path / lesson.RUNS_FILE).mkdir()
    assert lesson.read_runs(tmp_path) == []
    with pytest.raises(OSError):
        lesson.append_run(tmp_path, run(1))


def _append_many(folder: str, writer: int) -> None:
    for n in range(200):
        lesson.append_run(Path(folder), lesson.Run(f"w{writer}-{n}", lesson.BROWSER, f"Writer {writer} " + "é" * 40,
                                                   "SL1-" + "X" * 60, 1.0))


def test_many_writers_at_once_lose_no_line_and_tear_none(tmp_path):
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_append_many, args=(str(tmp_path), w)) for w in range(4)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(60)
    read = lesson.read_runs(tmp_path)
    assert len(read) == 800 and len({r.key for r in read}) == 800
    lines = (tmp_path / lesson.RUNS_FILE).read_bytes().split(b"\n")
    assert lines[-1] == b"" and all(json.loads(line)["code"] == "SL1-" + "X" * 60 for line in lines[:-1])


# --- which codes a class takes -------------------------------------------------------------------

def test_a_class_takes_its_students_codes_and_says_why_it_refuses_others(content, codes):
    of = lesson.ClassOf.of(codes["class"])
    for code in codes["finished"] + [codes["in_play"], codes["other_seed"]]:
        assert lesson.admit(code, of, content).state.deck == classroom.deck_for("classroom", SEED)
    refusals = {
        codes["other_class"]: "another class",
        codes["no_class"]: "without the class code",
        "SL1-not-a-code": "not a run code the game can read",
        codes["finished"][0][:-3] + "AAA": "not a run code the game can read",  # a character wrong: the checksum
        "hello": "not a run code the game can read",
    }
    for code, words in refusals.items():
        with pytest.raises(lesson.LessonError, match=words):
            lesson.admit(code, of, content)


def test_a_code_is_shown_and_kept_in_one_form(codes):
    code = codes["finished"][0]
    assert lesson.shown_code(code) == code
    assert lesson.shown_code(" " + code.lower().replace("-", " - ") + "\u200b\n") == code


# --- the class as it stands ----------------------------------------------------------------------

def student_folder(sessions: Path, session: str) -> Path:
    folder = sessions / session
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_live_class_records_a_run_once_when_it_ends(tmp_path, content, codes):
    sessions = tmp_path / "sessions"
    live = lesson.LiveClass(tmp_path, sessions, content, codes["class"])
    a, b, c = "a" * 32, "b" * 32, "c" * 32
    lesson.write_record(student_folder(sessions, a), codes["in_play"], "s1", "Ana")
    lesson.write_record(student_folder(sessions, b), codes["finished"][1], "s2", "Bo")
    lesson.write_record(student_folder(sessions, c), codes["other_class"], "s3", "Cy")
    student_folder(sessions, "d" * 32)  # a page at the name prompt: no record yet
    pages = [a, b, c, "d" * 32]
    assert [r.name for r in live.scan(pages)] == ["Bo"]
    assert live.scan(pages) == []  # nothing changed: nothing appended again
    roster = live.roster(pages)
    assert [(s.name, s.game.over) for s in roster.students] == [("Bo", True), ("Ana", False)]
    assert (roster.starting, roster.elsewhere) == (1, 1)
    lesson.write_record(student_folder(sessions, a), codes["finished"][0], "s1", "Ana")  # Ana's run ends
    assert [r.name for r in live.scan(pages)] == ["Ana"]
    again = lesson.LiveClass(tmp_path, sessions, content, codes["class"])  # the server restarted
    assert again.scan(pages) == []  # what the runs file holds is not appended twice
    assert [(s.name, s.game.over) for s in again.roster([]).students] == [("Bo", True), ("Ana", True)]
    assert [r.key for r in lesson.read_runs(tmp_path)] == [f"{b}/s2", f"{a}/s1"]


def test_a_pasted_code_is_checked_then_added(tmp_path, content, codes):
    live = lesson.LiveClass(tmp_path, tmp_path / "sessions", content, codes["class"])
    refusals = {
        "": "paste a run code first",
        codes["other_class"]: "another class",
        codes["no_class"]: "without the class code",
        codes["in_play"]: "has not ended",
        "SL1-" + "Z" * 30: "not a run code",
    }
    for code, words in refusals.items():
        with pytest.raises(lesson.LessonError, match=words):
            live.add("Kim", code)
    assert lesson.read_runs(tmp_path) == []
    added = live.add("  Kim  ", codes["finished"][2].lower())
    assert (added.name, added.code, added.source) == ("Kim", codes["finished"][2], lesson.PASTED)
    with pytest.raises(lesson.LessonError, match="in the class already, as Kim"):
        live.add("Someone else", codes["finished"][2])
    unnamed = live.add(None, codes["finished"][0])
    roster = live.roster([])
    assert [s.name for s in roster.students] == ["Kim", "Terminal student 1"] and unnamed.name is None


def test_a_recorded_run_that_no_longer_replays_is_listed_with_why(tmp_path, content, codes):
    live = lesson.LiveClass(tmp_path, tmp_path / "sessions", content, codes["class"])
    lesson.append_run(tmp_path, lesson.Run("pasted/x", lesson.PASTED, "Lee", codes["other_class"], 1.0))
    lesson.append_run(tmp_path, lesson.Run("pasted/y", lesson.PASTED, "Park", codes["finished"][0], 2.0))
    roster = live.roster([])
    assert [s.name for s in roster.students] == ["Park"]
    assert roster.unreadable == (("Lee", "this is a run of another class (it was started from another class code)"),)
