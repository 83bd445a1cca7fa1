"""The messages built below the interface, in Korean: a bad run code of each kind, a missing or broken save, a
seed out of range, no game to continue, a class's refusals, a bad line of a debrief's file, argparse's help and
errors. Each is said in Korean under ``--lang ko`` (Hangul, and no English word left but names such as SL1-,
JSON or a path), and reads exactly as before in English. A last test reads the code: a player's error raised
with English text not passed through the catalog fails the suite.

Every test starts and ends in English (tests/conftest.py); those here switch to Korean with ``i18n.use``.
"""

from __future__ import annotations

import ast
import json
import re
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from game import i18n
from game.api import Game
from game.cli import main
from game.errors import SessionError
from game.files import classroom, lesson
from game.files.replay import CODE_PREFIX, CodeError, _base32, _varint, _zigzag, decode_run, encode_run, read_code
from game.files.saves import game_from_code, save_game
from game.session import Session

ROOT = Path(__file__).resolve().parent.parent
HANGUL = re.compile(r"[\uac00-\ud7a3]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")
NAMES = ("SL1-", "JSON", "TOML", "Markdown", "HTML", "Soft Landing", "UTF-8")  # written alike in both languages
SEED = 1204


def english_left(text: str, *allowed: object) -> list[str]:
    """The ASCII words of four letters or more in ``text`` once names, paths and the ``allowed`` pieces
    (what the player typed, a file's name) are taken out."""
    for piece in sorted({*NAMES, *map(str, allowed)}, key=len, reverse=True):
        text = text.replace(piece, " ")
    return ENGLISH_WORD.findall(text)


def in_korean(say: Callable[[], str], *allowed: object) -> str:
    """What ``say`` says in Korean, checked: Hangul, and no English word left. Back in English afterwards."""
    i18n.use("ko")
    try:
        text = say()
    finally:
        i18n.use("en")
    assert HANGUL.search(text), text
    assert not english_left(text, *allowed), (english_left(text, *allowed), text)
    return text


def error_of(call: Callable[[], object], kind: type[BaseException] = Exception) -> Callable[[], str]:
    """A function that makes ``call`` fail with ``kind`` and gives its message."""
    def say() -> str:
        with pytest.raises(kind) as caught:
            call()
        return str(caught.value)
    return say


# --- run codes --------------------------------------------------------------------------------------

def code_of(body: bytes) -> str:
    """A run code with a sound checksum around ``body``: the reader gets past the checksum to what is inside."""
    return CODE_PREFIX + _base32(body + zlib.crc32(body).to_bytes(4, "big"))


def body(*numbers: int, layout: int = 2, tag: bytes = b"\0\0") -> bytes:
    return bytes([layout]) + tag + b"".join(_varint(n) for n in numbers)


def tag_of(code: str) -> bytes:
    return read_code(code).content_tag


@pytest.fixture(scope="module")
def finished(content) -> str:
    game = classroom.class_game(content, "classroom", SEED)
    while not game.over:
        while game.dilemma:
            game.answer(game.options()[0].id)
        game.end_season()
    return encode_run(game)


#: every refusal of read_code, with a code that meets it and its English words, as they were
READ_REFUSALS = [
    ("", "an empty run code"),
    (" - ", "an empty run code"),
    ("SL1-" + "0" * 20_000, "too long for a run code (20004 characters)"),
    ("SL1-" + "0" * 4_500, "too long for a run code (4503 characters)"),
    ("XY1234", "not a run code (a run code starts with SL1-)"),
    ("SL2-ABCD", "a run code of version 2; this version of the game reads SL1- codes"),
    ("SL1-AB*C", "'*' cannot be part of a run code"),
    ("SL1-12345", "damaged: a character is wrong or missing (it does not begin as a run code does)"),
    ("SL1-1", "too short: part of the run code is missing"),
    (code_of(body(0, 0, layout=9)), "unknown run code layout 9 (this version of the game reads layouts 1 to 2)"),
    (code_of(body(0, _zigzag(-(2**76)), 0, 0, 0)), "its seed is out of range (a seed lies between -75557863725914323419135 "
                                                "and 75557863725914323419135 (2^76 - 1))"),
    (code_of(body(0, 0, 64, 0, 0)), "it has flags this version of the game does not know (64)"),
    (code_of(body(0, 0, 0, 2**63, 0)), "its class deck number is too large"),
    (code_of(body(0, 0, 4, 0, 0)), "it says it went back 0 times"),
    (code_of(body(0, 0, 4, 0, 1, 0, 0)), "it names a season gone back to that no game has"),
    (code_of(body(0)), "it ends in the middle of a number"),
    (code_of(body(layout=2) + b"\xff" * 12), "a number in it is too large"),
]


def test_every_refusal_of_a_run_code_is_said_in_korean_and_in_english_as_before():
    for code, english in READ_REFUSALS:
        assert str(error_of(lambda c=code: read_code(c), CodeError)()) == english
        korean = in_korean(error_of(lambda c=code: read_code(c), CodeError))
        assert korean != english


def test_a_code_of_other_content_or_moves_is_refused_in_korean(content, finished):
    tag = tag_of(finished)
    other = code_of(body(0, 0, 0, 0, 0, tag=b"\xff\xff"))
    refusals = [
        (other, f"made with other content (tag ffff, this content is {tag.hex()}); a run code replays only on the "
                "content it was made with", ("ffff", tag.hex())),
        (code_of(body(99, 0, 0, 0, 0, tag=tag)), "its scenario (number 100) is not in this content", ()),
        (code_of(body(sorted(content.scenarios).index("classroom"), 0, 0, 0, 0, tag=tag) + b"\x05"),
         "it carries more moves than it says", ()),
        (code_of(body(sorted(content.scenarios).index("classroom"), 0, 0, 0, 500, tag=tag)),
         "it goes on after the game ended (move", ()),
    ]
    for code, english, allowed in refusals:
        assert str(error_of(lambda c=code: decode_run(c, content), CodeError)()).startswith(english)
        in_korean(error_of(lambda c=code: decode_run(c, content), CodeError), *allowed)


def test_the_replay_command_says_a_damaged_code_in_korean(capsys):
    assert main(["replay", "SL1-12345"]) == 1  # English first: --lang stays in the environment for what follows
    english = "run code SL1-12345: damaged: a character is wrong or missing (it does not begin as a run code does)"
    assert " ".join(capsys.readouterr().out.split()) == english  # as the console wrapped it
    assert main(["--lang", "ko", "replay", "SL1-12345"]) == 1
    said = capsys.readouterr().out
    assert "런 코드 SL1-12345: 손상되었습니다" in said
    assert not english_left(said), said


def test_a_code_that_cannot_be_read_names_itself_in_korean(content):
    assert str(error_of(lambda: game_from_code("XY1234", content))()) == \
        "run code XY1234: not a run code (a run code starts with SL1-)"
    assert in_korean(error_of(lambda: game_from_code("XY1234", content)), "XY1234").startswith("런 코드 XY1234: ")


# --- saves and the session --------------------------------------------------------------------------

@pytest.fixture
def session(content, tmp_path) -> Session:
    return Session(content, tmp_path / "saves", tmp_path / "player")


def broken_saves(folder: Path, content) -> dict[str, tuple[Path, str]]:
    """Save files broken in the ways a player meets, each with its problem in English."""
    folder.mkdir(parents=True, exist_ok=True)
    good = save_game(Game.new(content, "classroom", SEED), "good", folder)
    saves: dict[str, tuple[Path, str]] = {}

    def plant(name: str, text: str | bytes, english: str) -> None:
        path = folder / f"{name}.json"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        saves[name] = (path, english)
    plant("empty", "", "is empty (the save was not finished, or the file was truncated)")
    plant("other", json.dumps({"what": 1}), "not a Soft Landing save (no save header)")
    plant("latin", b"\xff\xfe{}", "corrupted: not UTF-8 text (byte 0)")
    doc = json.loads(good.read_text(encoding="utf-8"))
    plant("newer", json.dumps(doc | {"format": 99}), "made by a newer version of the game (save format 99; this version "
                                                     "reads formats 1 to 4): update the game to load it")
    plant("edited", json.dumps(doc | {"seed": "x"}), "damaged or hand-edited: seed: expected a whole number, got a "
                                                     "string 'x'")
    saves["missing"] = (folder / "nowhere.json", "no such save file")
    saves["folder"] = (folder, "is a folder, not a save file")
    return saves


def test_a_missing_or_broken_save_is_said_in_korean_and_in_english_as_before(session, tmp_path, content):
    for name, (path, english) in broken_saves(tmp_path / "saves", content).items():
        assert str(error_of(lambda p=path: session.load(p), SessionError)()) == f"{path}: {english}", name
        korean = in_korean(error_of(lambda p=path: session.load(p), SessionError), path, "seed")
        assert korean.startswith(f"{path}: ") and korean != f"{path}: {english}", name


def test_the_sessions_refusals_are_said_in_korean(session):
    refusals = [
        (lambda: session.new_game("classroom", seed=-1), "the seed must be between 0 and 2147483647, not -1"),
        (lambda: session.new_game("classroom", seed=2**31), "the seed must be between 0 and 2147483647, not 2147483648"),
        (session.continue_latest, "there is no saved game to continue"),
        (session.autosave, "there is no game to save"),
        (session.export_report, "there is no game to report on"),
        (lambda: session.from_code("SL1-12345"), "run code SL1-12345: damaged: a character is wrong or missing (it "
                                                 "does not begin as a run code does)"),
    ]
    for call, english in refusals:
        assert str(error_of(call, SessionError)()) == english
        in_korean(error_of(call, SessionError))
    assert in_korean(session.can_rewind) == "되감을 게임이 없습니다"


def test_a_one_life_game_refuses_going_back_in_korean(session):
    session.new_game("classroom", seed=SEED, one_life=True)
    assert session.can_rewind() == "this is a one-life game: what is played stays played, so there is no going back"
    in_korean(session.can_rewind)
    in_korean(lambda: session.can_branch() or "")


def test_the_load_screens_row_speaks_korean(content, tmp_path):
    from game.files.saves import autosave_name, ending_words, read_info

    game = Game.new(content, "classroom", SEED)
    while game.dilemma:
        game.answer(game.options()[0].id)
    game.end_season()
    path = save_game(game, "mine", tmp_path)
    english = read_info(path)
    assert (autosave_name(game), ending_words("collapse", "elite_split")) == ("Autosave after turn 1", "Collapse (elite split)")
    assert english.date == str(game.date)
    assert in_korean(lambda: autosave_name(game)) == "1턴 뒤 자동 저장"
    assert in_korean(lambda: ending_words("collapse", "elite_split") or "") == "붕괴 (엘리트 분열)"
    assert in_korean(lambda: read_info(path).date) == in_korean(lambda: i18n.date_text(game.date.year, game.date.quarter))


# --- a class -----------------------------------------------------------------------------------------

def test_a_class_refuses_a_code_in_korean(tmp_path, content, finished):
    class_code = classroom.class_code(content, "classroom", SEED)
    live = lesson.LiveClass(tmp_path, tmp_path / "sessions", content, class_code)
    in_play = classroom.class_game(content, "classroom", SEED)
    while in_play.dilemma:
        in_play.answer(in_play.options()[0].id)
    in_play.end_season()
    refusals = [
        ("", "paste a run code first"),
        (encode_run(Game.new(content, "classroom", SEED)), "this is the code of a game started without the class code, "
                                                           "not a run of this class"),
        (encode_run(classroom.class_game(content, "classroom", SEED + 1)), "this is a run of another class (it was "
                                                                           "started from another class code)"),
        ("SL1-12345", "this is not a run code the game can read: damaged: a character is wrong or missing (it does not "
                      "begin as a run code does)"),
        (encode_run(in_play), "this run has not ended: it stops in Autumn 2005, season 2 of 12. Ask for the code shown on the report at "
                                "the end of the run"),
    ]
    for code, english in refusals:
        assert str(error_of(lambda c=code: live.add("Kim", c), lesson.LessonError)()).startswith(english)
        in_korean(error_of(lambda c=code: live.add("Kim", c), lesson.LessonError))
    live.add("Kim", finished)
    assert str(error_of(lambda: live.add("Lee", finished))()) == "this run is in the class already, as Kim"
    assert "Kim" in in_korean(error_of(lambda: live.add("Lee", finished)), "Kim")


def test_a_bad_line_of_a_debriefs_file_is_said_in_korean(tmp_path, finished, capsys):
    codes = tmp_path / "codes.txt"
    codes.write_text(f"Kim: {finished}\nhello\n", encoding="utf-8")
    out = tmp_path / "debrief.md"
    assert main(["debrief", str(codes), "--md", str(out)]) == 0
    assert f"{codes}:2: not a run code (a run code starts with SL1-)" in capsys.readouterr().out
    assert main(["--lang", "ko", "debrief", str(codes), "--md", str(out)]) == 0
    line = next(text for text in capsys.readouterr().out.splitlines() if text.startswith(f"{codes}:2: "))
    assert HANGUL.search(line) and not english_left(line, codes, "hello"), line


# --- the command line's own words ---------------------------------------------------------------------

ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "show this help message and exit")


def test_argparse_speaks_korean_in_help_and_errors(capsys):
    assert main(["--lang", "ko", "replay", "--help"]) == 0
    shown = capsys.readouterr().out
    assert all(words in shown for words in ("사용법: soft-landing replay", "위치 인수:", "옵션:", "이 도움말을 보여 주고 끝냅니다"))
    assert not any(words in shown for words in ARGPARSE_ENGLISH), shown
    for argv, korean in ((["replay"], "다음 인수가 필요합니다: code"),
                         (["simulate", "--runs", "x"], "인수 --runs: 잘못된 int 값입니다: 'x'"),
                         (["replay", "x", "--bogus"], "알 수 없는 인수입니다: --bogus"),
                         (["bogus"], "잘못된 선택입니다: 'bogus'")):
        assert main(["--lang", "ko", *argv]) == 2
        said = capsys.readouterr().err
        assert korean in said and "soft-landing" in said and ": 오류: " in said, said
        assert "error:" not in said and "usage:" not in said, said


def test_argparse_reads_as_before_in_english(capsys):
    assert main(["replay", "--help"]) == 0
    shown = capsys.readouterr().out
    assert all(words in shown for words in ARGPARSE_ENGLISH) and not HANGUL.search(shown)
    assert main(["replay"]) == 2
    assert "soft-landing replay: error: the following arguments are required: code" in capsys.readouterr().err
    assert main(["simulate", "--runs", "x"]) == 2
    assert "error: argument --runs: invalid int value: 'x'" in capsys.readouterr().err


def test_a_missing_content_folder_is_said_in_korean(tmp_path, capsys):
    folder = tmp_path / "nonexistent"
    assert main(["check", str(folder)]) == 1
    assert f"{folder}: no such content folder" in capsys.readouterr().out
    assert main(["--lang", "ko", "check", str(folder)]) == 1
    assert f"{folder}: 그런 콘텐츠 폴더가 없습니다" in capsys.readouterr().out


def test_a_content_files_reading_problems_are_said_in_korean(tmp_path):
    """Reading a file is said in Korean (the validator's own problems: tests/test_check_korean.py)."""
    from game.content.loader import load_content

    (tmp_path / "a.toml").write_text('[[evnet]]\nid = "x"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_bytes(b"\xef\xbb\xbf[[meter]]\n")

    def read() -> list[str]:
        return [str(p) for p in load_content(tmp_path)[1] if p.file.endswith(("a.toml", "b.toml")) and not p.field]
    assert read() == [f"{tmp_path / 'a.toml'}:1: event x: unknown top-level table 'evnet' (did you mean [[event]]?)",
                      f"{tmp_path / 'b.toml'}: warning: the file starts with a byte order mark (BOM): save it as UTF-8 "
                      "without a BOM"]
    in_korean(lambda: "\n".join(read()), tmp_path / "a.toml", tmp_path / "b.toml", "event", "evnet", "BOM")


# --- the code: no player's error in English only ----------------------------------------------------

#: the errors whose message a player, student or teacher reads (SaveError takes the path first)
PLAYERS_ERRORS = {"SessionError", "SaveExists", "ContentProblem", "SaveError", "SaveExistsError", "CodeError",
                  "LessonError", "PlayerFileError", "MoveError", "GameOverError", "ReplayError", "ClassError"}
#: where they are raised with their words
SCANNED = ("game/files", "game/session.py", "game/going_back.py", "game/profile.py", "game/api.py", "game/errors.py",
           "game/web", "game/commands", "game/cli.py", "game/rules")


OPTION = re.compile(r"--[\w-]+")  # an option's name is written alike in every language ("--force: ...")


def words_of(argument: ast.expr) -> str:
    """The text written in an argument: a string's, or the literal parts of an f-string's."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return argument.value
    if isinstance(argument, ast.JoinedStr):
        return " ".join(words_of(part) for part in argument.values)
    return ""


def english_only_raises(path: Path) -> list[str]:
    """``raise XError("words")`` or ``raise XError(f"... {x}")`` of a player's error: words not passed through ``_``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        name = node.exc.func.id if isinstance(node.exc.func, ast.Name) else getattr(node.exc.func, "attr", "")
        if name not in PLAYERS_ERRORS:
            continue
        for argument in node.exc.args:
            if ENGLISH_WORD.search(OPTION.sub("", words_of(argument))):
                found.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{node.lineno}")
    return found


def test_no_players_error_is_raised_with_words_the_catalog_does_not_see():
    files = [p for where in SCANNED for p in ((ROOT / where).rglob("*.py") if (ROOT / where).is_dir() else [ROOT / where])]
    assert len(files) > 30
    found = [site for path in files for site in english_only_raises(path)]
    assert not found, f"wrap these messages in _(...).format(...): {found}"


def test_the_scan_finds_an_english_only_message(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('def f(x):\n    raise SaveError(None, f"cannot {x}")\n\n\ndef g():\n'
                       '    raise CodeError(_("fine"))\n    raise LessonError("paste a code")\n', encoding="utf-8")
    assert english_only_raises(planted) == ["planted.py:2", "planted.py:7"]
